/**
 * The values a static reading of Python source can know. Nothing here ever runs user code:
 * every value is a literal, a Keras object the reader built, or `unknown`. These values stay inside
 * `python/`: what reaches Keras is the neutral `ConfigValue` (`toConfig`).
 */
import type { Dim, ILocation } from '../types';
import type { IKerasClass } from '../keras/symbols';
import type { Layer, Model, KTensor } from '../keras/objects';
import { describeValue, truthy, typeName, type ConfigValue } from '../config/value';
import { trans } from '../i18n/current';

export { NONE, int, str, unknown } from '../config/value';
export { truthy, typeName };

/** The items of a tuple or list, else null. */
export function sequenceItems(v: Value): Value[] | null {
  return v.kind === 'tuple' || v.kind === 'list' ? v.items : null;
}

export type Value =
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'tuple'; items: Value[] }
  | { kind: 'list'; items: Value[] }
  | { kind: 'dict'; entries: Array<[Value, Value]> }
  /** A set's elements, one per key (sets.ts), in the order first added. */
  | { kind: 'set'; items: Value[] }
  | { kind: 'range'; start: bigint; stop: bigint; step: bigint }
  | { kind: 'module'; path: string }
  | { kind: 'kerasClass'; cls: IKerasClass }
  | { kind: 'userClass'; cls: IPyClass }
  | { kind: 'instance'; cls: IPyClass; attrs: Map<string, Value> }
  | { kind: 'function'; fn: IPyFunction }
  | { kind: 'bound'; fn: IPyFunction; self: Value }
  | { kind: 'super'; cls: IPyClass; self: Value; at: ILocation }
  /** `classes`: integer labels known to take every value 0 … classes − 1 (a keras.datasets label array). */
  /** `sizesWhy`: why the null sizes of `shape` are not known (the data they come from), where the reader knows. */
  | { kind: 'array'; shape: Dim[] | null; dtype: string; classes?: bigint; sizesWhy?: string }
  | { kind: 'builtin'; name: string; owner?: Value }
  /** `functools.partial(fn, *args, **keywords)`: a call of it calls `fn` with these arguments first (the call's keywords win). */
  | { kind: 'partial'; fn: Value; positional: IPyPartialArg[]; keywords: Map<string, IPyPartialArg> }
  | { kind: 'layer'; layer: Layer }
  | { kind: 'model'; model: Model }
  | { kind: 'tensor'; tensor: KTensor }
  | { kind: 'opaque'; what: string; ref: unknown }
  /** `int`: known to be an integer (`len(x)`, a size of `x.shape`), of a value not known statically. */
  | { kind: 'unknown'; why: string; int?: true };

/** An argument a `functools.partial` keeps, with where its source gives it. */
export interface IPyPartialArg {
  value: Value;
  location: ILocation | null;
}

/** A `def` or `lambda` the reader can step through when it is called. */
export interface IPyFunction {
  name: string;
  params: Array<{ name: string; defaultValue: Value | null; star: '' | '*' | '**'; keywordOnly?: boolean }>;
  /** The lezer node of the body (a Body, or an expression for lambdas). */
  body: unknown;
  isLambda: boolean;
  closure: unknown;
  cell: number | null;
  /** The text of the cell it was written in, so that its body reads right when called from another cell. */
  source?: unknown;
  /** The class whose body defines it (for `super()`). */
  method?: IPyClass;
}

/** A `class` statement: its name, its bases and its class-level attributes (methods included). */
export interface IPyClass {
  name: string;
  bases: Value[];
  attrs: Map<string, Value>;
}

/** A short Python-like rendering, for messages. */
/** An integer whose value is not known statically (`len()` of data read from a file). */
export const unknownInt = (why: string): Value => ({ kind: 'unknown', why, int: true });

export function describe(v: Value): string {
  return describeValue(v, other);
}

function other(v: { kind: string }): string {
  const x = v as Value;
  switch (x.kind) {
    case 'range':
      return `range(${x.start}, ${x.stop}${x.step !== 1n ? `, ${x.step}` : ''})`;
    case 'set':
      return x.items.length ? `{${x.items.slice(0, 8).map(describe).join(', ')}${x.items.length > 8 ? ', …' : ''}}` : 'set()';
    case 'module':
      return `module ${x.path}`;
    case 'kerasClass':
      return x.cls.name;
    case 'userClass':
      return `class ${x.cls.name}`;
    case 'instance':
      return `a ${x.cls.name} object`;
    case 'function':
      return `function ${x.fn.name}`;
    case 'builtin':
      return `built-in ${x.name}`;
    case 'bound':
      return `method ${x.fn.name}`;
    case 'partial':
      return `functools.partial(${describe(x.fn)}, …)`;
    case 'super':
      return `super() of ${x.cls.name}`;
    case 'array': {
      const dims = x.shape ? x.shape.map(d => (d === null ? '?' : d.toString())) : null;
      return dims ? trans.__('an array of shape (%1%2)', dims.join(', '), dims.length === 1 ? ',' : '') : trans.__('an array');
    }
    default:
      return trans.__('an object');
  }
}

/** The length of a range, as Python's len(range(...)). */
export function rangeLength(r: { start: bigint; stop: bigint; step: bigint }): bigint {
  const n = (r.stop - r.start + r.step - (r.step > 0n ? 1n : -1n)) / r.step;
  return n > 0n ? n : 0n;
}

/**
 * The configuration value Keras sees. Containers are copied (a snapshot at the call, as Keras copies
 * what it is given); what is only meaningful to Python travels as `opaque` with the value itself.
 */
export function toConfig(v: Value): ConfigValue {
  switch (v.kind) {
    case 'tuple':
    case 'list':
      return { kind: v.kind, items: v.items.map(toConfig) };
    case 'dict':
      return { kind: 'dict', entries: v.entries.map(([k, x]) => [toConfig(k), toConfig(x)]) };
    case 'range':
      return { kind: 'list', items: rangeItems(v) };
    case 'set':
    case 'module':
    case 'kerasClass':
    case 'userClass':
    case 'instance':
    case 'function':
    case 'bound':
    case 'partial':
    case 'super':
    case 'builtin':
      return { kind: 'opaque', what: describe(v), ref: v };
    case 'array':
      // Data (a model called on it is built on its shape): the shape travels, the array stays the reader's.
      return { kind: 'opaque', what: describe(v), ref: v, data: { shape: v.shape } };
    default:
      return v;
  }
}

function rangeItems(r: { start: bigint; stop: bigint; step: bigint }): ConfigValue[] {
  const out: ConfigValue[] = [];
  for (let i = r.start; (r.step > 0n ? i < r.stop : i > r.stop) && out.length < 100_000; i += r.step) out.push({ kind: 'int', value: i });
  return out;
}

/** A config value back in Python: `opaque` values are the reader's own again. */
export function fromConfig(v: ConfigValue): Value {
  switch (v.kind) {
    case 'opaque':
      // Data the runtime made (what a layer returns when called on data): an array of that shape.
      if (v.ref === undefined && v.data) return { kind: 'array', shape: v.data.shape, dtype: 'float32' };
      return v.ref as Value;
    case 'tuple':
    case 'list':
      return { kind: v.kind, items: v.items.map(fromConfig) };
    case 'dict':
      return { kind: 'dict', entries: v.entries.map(([k, x]) => [fromConfig(k), fromConfig(x)]) };
    default:
      return v;
  }
}
