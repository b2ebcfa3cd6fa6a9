/**
 * Python's built-in functions, as a name → function table. Each one is exact on what it can know and
 * gives `unknown` (with the reason) for the rest. Work is charged to the reader's budget by size, and
 * a list or string past its cap becomes unknown instead of being built.
 */
import { AnalysisError, type ILocation } from '../types';
import { describe, int, NONE, rangeLength, sequenceItems, str, truthy, unknown, unknownInt, type Value } from './values';
import { trans } from '../i18n/current';
import { dictFromEntries, makeSet } from './sets';
import { datasetLength, isDataset } from './datasets';

export interface IPyArg {
  value: Value;
  location: ILocation | null;
}

export interface IPyArgs {
  positional: IPyArg[];
  keywords: Map<string, IPyArg>;
}

/** Caps on one value: past them the value is unknown (a model never needs them, hostile input does). */
export const VALUE_CAPS = {
  /** Elements of one list, tuple or dict. */
  items: 1_000_000,
  /** Characters of one string. */
  chars: 10_000_000
};

/** What a built-in needs from the reader. */
export interface IBuiltinContext {
  /** The items of an iterable, or null when they are not known statically (range included). */
  items(v: Value): Value[] | null;
  /** Charges `cost` units of work to the budget. */
  charge(cost: number): void;
  equal(a: Value, b: Value): boolean | null;
}

export type Builtin = (ctx: IBuiltinContext, a: Value[], args: IPyArgs, location: ILocation | null) => Value;

/** A list or tuple of these items, or unknown past the cap. */
export function sequence(kind: 'list' | 'tuple', items: Value[]): Value {
  if (items.length > VALUE_CAPS.items)
    return unknown(
      trans.__(
        'a %1 of %2 items (more than the %3 a static reading follows)',
        kind,
        items.length.toLocaleString('en-US'),
        VALUE_CAPS.items.toLocaleString('en-US')
      )
    );
  return { kind, items };
}

const ints = (vs: Value[]): bigint[] | null =>
  vs.every(v => v.kind === 'int' || v.kind === 'bool') ? vs.map(v => (v.kind === 'int' ? v.value : BigInt((v as { value: boolean }).value))) : null;

function iterableArg(ctx: IBuiltinContext, name: string, v: Value | undefined): Value[] | Value {
  if (v === undefined) return unknown(trans.__('%1() without an argument', name));
  const items = ctx.items(v);
  if (items === null) return unknown(`${name}() of ${describe(v)}${v.kind === 'unknown' ? ` (${v.why})` : ''}`);
  ctx.charge(items.length);
  return items;
}

/** A total order on values Python can sort (numbers, strings), or null. */
function compareKeys(items: Value[]): Value[] | null {
  if (items.every(i => i.kind === 'int' || i.kind === 'float' || i.kind === 'bool')) {
    const n = (v: Value) => (v.kind === 'int' ? Number(v.value) : v.kind === 'float' ? v.value : Number((v as { value: boolean }).value));
    return [...items].sort((x, y) => n(x) - n(y));
  }
  if (items.every(i => i.kind === 'str'))
    return [...items].sort((x, y) => ((x as { value: string }).value < (y as { value: string }).value ? -1 : 1));
  return null;
}

export const BUILTINS = new Map<string, Builtin>([
  [
    'range',
    (_ctx, a, _args, location) => {
      const ns = ints(a);
      if (!ns || !a.length || a.length > 3) return unknown(trans.__('range() of unknown bounds'));
      const [start, stop, step] = ns.length === 1 ? [0n, ns[0], 1n] : [ns[0], ns[1], ns[2] ?? 1n];
      if (step === 0n) throw new AnalysisError(trans.__('range() arg 3 must not be zero'), location);
      return { kind: 'range', start, stop, step };
    }
  ],
  [
    'len',
    (_ctx, a) => {
      const v = a[0] ?? NONE;
      const items = sequenceItems(v);
      if (items) return int(items.length);
      if (v.kind === 'str') return int(v.value.length);
      if (v.kind === 'dict') return int(v.entries.length);
      if (v.kind === 'set') return int(v.items.length);
      if (isDataset(v)) return datasetLength(v);
      if (v.kind === 'range') return int(rangeLength(v));
      if (v.kind === 'array' && v.shape && v.shape[0] !== null) return int(v.shape[0]);
      return unknownInt(`len() of ${describe(v)}${v.kind === 'unknown' ? ` (${v.why})` : ''}`);
    }
  ],
  ['list', (ctx, a) => (a.length ? asSequence('list', iterableArg(ctx, 'list', a[0])) : { kind: 'list', items: [] })],
  ['tuple', (ctx, a) => (a.length ? asSequence('tuple', iterableArg(ctx, 'tuple', a[0])) : { kind: 'tuple', items: [] })],
  [
    'int',
    (_ctx, a) => {
      const v = a[0];
      if (!v) return int(0);
      if (a.length > 1) return unknown(trans.__('int() with a base'));
      if (v.kind === 'int') return v;
      if (v.kind === 'float' && Number.isFinite(v.value)) return int(BigInt(Math.trunc(v.value)));
      if (v.kind === 'bool') return int(v.value ? 1 : 0);
      if (v.kind === 'str' && /^\s*[-+]?\d[\d_]*\s*$/.test(v.value)) return int(BigInt(v.value.trim().replace(/_/g, '')));
      return unknown(`int() of ${describe(v)}${v.kind === 'unknown' ? ` (${v.why})` : ''}`);
    }
  ],
  [
    'float',
    (_ctx, a) => {
      const v = a[0];
      if (!v) return { kind: 'float', value: 0 };
      if (v.kind === 'int') return { kind: 'float', value: Number(v.value) };
      if (v.kind === 'float') return v;
      if (v.kind === 'bool') return { kind: 'float', value: Number(v.value) };
      return unknown(trans.__('float() of an unknown value'));
    }
  ],
  [
    'bool',
    (_ctx, a) => {
      const t = a[0] ? truthy(a[0]) : false;
      return t === null ? unknown(trans.__('bool() of an unknown value')) : { kind: 'bool', value: t };
    }
  ],
  [
    'str',
    (_ctx, a) => {
      const v = a[0];
      if (!v) return str('');
      if (v.kind === 'str') return v;
      if (v.kind === 'int' || v.kind === 'bool' || v.kind === 'none' || v.kind === 'float') return str(describe(v));
      return unknown(trans.__('str() of a value'));
    }
  ],
  [
    'enumerate',
    (ctx, a) => {
      const items = iterableArg(ctx, 'enumerate', a[0]);
      if (!Array.isArray(items)) return items;
      const start = a[1]?.kind === 'int' ? a[1].value : 0n;
      return sequence(
        'list',
        items.map((v, i) => ({ kind: 'tuple', items: [int(start + BigInt(i)), v] }) as Value)
      );
    }
  ],
  [
    'zip',
    (ctx, a) => {
      const lists: Value[][] = [];
      for (const v of a) {
        const items = iterableArg(ctx, 'zip', v);
        if (!Array.isArray(items)) return items;
        lists.push(items);
      }
      const n = lists.length ? Math.min(...lists.map(l => l.length)) : 0;
      return sequence(
        'list',
        Array.from({ length: n }, (_, i) => ({ kind: 'tuple', items: lists.map(l => l[i]) }) as Value)
      );
    }
  ],
  ['min', (ctx, a) => minMax(ctx, 'min', a)],
  ['max', (ctx, a) => minMax(ctx, 'max', a)],
  [
    'sum',
    (ctx, a) => {
      const items = iterableArg(ctx, 'sum', a[0]);
      if (!Array.isArray(items)) return items;
      const ns = ints(items);
      const start = a[1]?.kind === 'int' ? a[1].value : 0n;
      if (ns) return int(ns.reduce((x, y) => x + y, start));
      if (items.every(i => i.kind === 'int' || i.kind === 'float'))
        return { kind: 'float', value: items.reduce((x, i) => x + Number((i as { value: number | bigint }).value), Number(start)) };
      return unknown(trans.__('sum() of values not known statically'));
    }
  ],
  [
    'abs',
    (_ctx, a) => {
      const v = a[0];
      if (v?.kind === 'int') return int(v.value < 0n ? -v.value : v.value);
      if (v?.kind === 'float') return { kind: 'float', value: Math.abs(v.value) };
      return unknown(trans.__('abs() of an unknown value'));
    }
  ],
  [
    'reversed',
    (ctx, a) => {
      const items = iterableArg(ctx, 'reversed', a[0]);
      return Array.isArray(items) ? sequence('list', [...items].reverse()) : items;
    }
  ],
  [
    'sorted',
    (ctx, a, args) => {
      const items = iterableArg(ctx, 'sorted', a[0]);
      if (!Array.isArray(items)) return items;
      if (args.keywords.has('key')) return unknown(trans.__('sorted() with a key function'));
      ctx.charge(items.length * Math.max(1, Math.ceil(Math.log2(items.length + 1))));
      const sorted = compareKeys(items);
      if (!sorted) return unknown(trans.__('sorted() of values not known statically'));
      const reverse = args.keywords.get('reverse')?.value;
      return sequence('list', reverse && truthy(reverse) ? sorted.reverse() : sorted);
    }
  ],
  [
    'round',
    (_ctx, a) => {
      const v = a[0];
      if (a.length > 1) return unknown(trans.__('round() to digits'));
      if (v?.kind === 'int') return v;
      if (v?.kind === 'float' && Number.isFinite(v.value)) {
        // Python rounds half to even.
        const f = Math.floor(v.value);
        const d = v.value - f;
        return int(BigInt(d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f));
      }
      return unknown(trans.__('round() of an unknown value'));
    }
  ],
  [
    'dict',
    (_ctx, a, args) => {
      if (a.length) {
        if (a[0].kind === 'dict' && !args.keywords.size) return { kind: 'dict', entries: [...a[0].entries] };
        // dict(zip(keys, values)), dict([(k, v), …]): pairs.
        const items = a[0].kind === 'unknown' ? null : _ctx.items(a[0]);
        const pairs = items?.map(i => sequenceItems(i)).filter((p): p is Value[] => p !== null && p.length === 2);
        if (items && pairs && pairs.length === items.length && !args.keywords.size) {
          _ctx.charge(items.length);
          return dictFromEntries(pairs.map(p => [p[0], p[1]]));
        }
        return unknown(trans.__('dict() of a value'));
      }
      return { kind: 'dict', entries: [...args.keywords].map(([k, x]) => [str(k), x.value] as [Value, Value]) };
    }
  ],
  ['print', () => NONE],
  ['isinstance', () => unknown(trans.__('isinstance() is not followed statically'))],
  ['hasattr', () => unknown(trans.__('hasattr() is not followed statically'))],
  ['getattr', () => unknown(trans.__('getattr() is not followed statically'))],
  ['open', () => unknown(trans.__('open() reads a file, which a static reading does not do'))],
  ['input', () => unknown(trans.__('input() reads from the user'))],
  ['type', () => unknown(trans.__('type() is not followed statically'))],
  ['set', (ctx, a) => (a.length ? setOf(iterableArg(ctx, 'set', a[0])) : { kind: 'set', items: [] })],
  ['frozenset', (ctx, a) => (a.length ? setOf(iterableArg(ctx, 'frozenset', a[0])) : { kind: 'set', items: [] })],
  ['super', () => unknown(trans.__('super() outside of a method'))],
  ['object', () => unknown(trans.__('an object()'))]
]);

/** The builtins above that read their keyword arguments themselves; any other is given none. */
export const BUILTINS_WITH_KEYWORDS: ReadonlySet<string> = new Set(['sorted', 'dict', 'print']);

function setOf(items: Value[] | Value): Value {
  return Array.isArray(items) ? makeSet(items) : items;
}

function asSequence(kind: 'list' | 'tuple', items: Value[] | Value): Value {
  return Array.isArray(items) ? sequence(kind, [...items]) : items;
}

function minMax(ctx: IBuiltinContext, name: 'min' | 'max', a: Value[]): Value {
  const items = a.length === 1 ? iterableArg(ctx, name, a[0]) : a;
  if (!Array.isArray(items)) return items;
  if (!items.length) return unknown(trans.__('%1() of an empty sequence', name));
  const sorted = compareKeys(items);
  if (!sorted) return unknown(trans.__('%1() of values not known statically', name));
  return name === 'min' ? sorted[0] : sorted[sorted.length - 1];
}
