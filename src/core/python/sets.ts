/**
 * Sets and dict keys as Python hashes them: `{w for s in sentences for w, _ in s}`, `set(text)`,
 * `{c: i for i, c in enumerate(chars)}` keep one element per key, so `len(vocab)` is the vocabulary's
 * size. 1, 1.0 and True are one key, as in Python; a list or a dict is unhashable (Python's TypeError);
 * an element the reader does not know makes the set's size unknown, never a guess.
 */
import { unknown, type Value } from './values';
import { typeName } from '../config/value';
import { trans } from '../i18n/current';

export type SetValue = Value & { kind: 'set' };

const UNHASHABLE = Symbol('unhashable');

/** The key of a hashable value (a string, or the object for what hashes by identity); null when not known statically. */
function hashKey(v: Value): unknown {
  switch (v.kind) {
    case 'int':
      return `n:${v.value}`;
    case 'bool':
      return v.value ? 'n:1' : 'n:0';
    case 'float':
      return Number.isInteger(v.value) ? `n:${BigInt(v.value)}` : `f:${v.value}`;
    case 'str':
      return `s:${v.value}`;
    case 'none':
      return 'none';
    case 'tuple': {
      const keys: string[] = [];
      for (const item of v.items) {
        const k = hashKey(item);
        if (k === UNHASHABLE || k === null) return k;
        if (typeof k !== 'string') return null;
        keys.push(k);
      }
      return `t(${keys.join(',')})`;
    }
    case 'list':
    case 'dict':
    case 'set':
    case 'array':
      return UNHASHABLE;
    case 'layer':
      return v.layer;
    case 'model':
      return v.model;
    case 'tensor':
      return v.tensor;
    case 'instance':
      return v.attrs;
    default:
      return null;
  }
}

/** Why `v` cannot be a set element or a dict key, or null when it can. */
function notHashable(v: Value, key: unknown): string | null {
  if (key === UNHASHABLE) return trans.__("TypeError: unhashable type: '%1'", typeName(v));
  if (key === null) return v.kind === 'unknown' ? v.why : trans.__('an element not known statically');
  return null;
}

/** `{…}`, `set(items)`: one element per key, in the order first seen. */
export function makeSet(items: Value[]): Value {
  const seen = new Map<unknown, Value>();
  for (const item of items) {
    const key = hashKey(item);
    const why = notHashable(item, key);
    if (why) return unknown(trans.__('a set of elements not known statically (%1)', why));
    if (!seen.has(key)) seen.set(key, item);
  }
  return { kind: 'set', items: [...seen.values()] };
}

/** `set.add(x)` in place; why not, when the element cannot be a known set element (the caller makes the set unknown). */
export function addToSet(set: SetValue, item: Value): string | null {
  const key = hashKey(item);
  const why = notHashable(item, key);
  if (why) return why;
  if (!set.items.some(x => hashKey(x) === key)) set.items.push(item);
  return null;
}

/** `a | b`, `a & b`, `a - b`, `a ^ b` (and the methods of the same names). */
export function setOperation(op: string, a: SetValue, b: SetValue): Value | undefined {
  const keysOf = (s: SetValue) => new Set(s.items.map(hashKey));
  switch (op) {
    case '|':
      return makeSet([...a.items, ...b.items]);
    case '&': {
      const inB = keysOf(b);
      return { kind: 'set', items: a.items.filter(x => inB.has(hashKey(x))) };
    }
    case '-': {
      const inB = keysOf(b);
      return { kind: 'set', items: a.items.filter(x => !inB.has(hashKey(x))) };
    }
    case '^': {
      const inA = keysOf(a);
      const inB = keysOf(b);
      return { kind: 'set', items: [...a.items.filter(x => !inB.has(hashKey(x))), ...b.items.filter(x => !inA.has(hashKey(x)))] };
    }
    default:
      return undefined;
  }
}

/** Whether `x` is in the set, or null when that is not known statically. */
export function setContains(set: SetValue, x: Value): boolean | null {
  const key = hashKey(x);
  if (notHashable(x, key)) return null;
  return set.items.some(item => hashKey(item) === key);
}

/**
 * A dict built from entries (a dict comprehension, `dict(zip(…))`): a later value for an equal key replaces the
 * earlier one, in the earlier one's place, as Python does; unknown when a key is not known statically.
 */
export function dictFromEntries(entries: Array<[Value, Value]>): Value {
  const at = new Map<unknown, number>();
  const out: Array<[Value, Value]> = [];
  for (const [k, v] of entries) {
    const key = hashKey(k);
    const why = notHashable(k, key);
    if (why) return unknown(trans.__('a dict with keys not known statically (%1)', why));
    const i = at.get(key);
    if (i === undefined) {
      at.set(key, out.length);
      out.push([k, v]);
    } else out[i] = [out[i][0], v];
  }
  return { kind: 'dict', entries: out };
}
