/**
 * Values the kernel holds, as the static reader can use them: numbers, strings, booleans, None,
 * tuples and lists of those, and arrays known by their shape and dtype only (never their contents).
 * They come from the kernel inspector's reply as data; nothing from the notebook is ever evaluated.
 */
import { KTensor } from '../keras/objects';
import type { Value } from './values';

export type KernelValue =
  | { kind: 'int'; value: number | string }
  | { kind: 'float'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none'; value?: null }
  | { kind: 'tuple' | 'list'; items: KernelValue[] }
  | { kind: 'array'; shape: Array<number | null>; dtype: string };

const MAX_DEPTH = 4;
const MAX_ITEMS = 256;

/** A reader value for a kernel value; null when the value is not one of the kinds above (replies are checked). */
export function fromKernelValue(v: unknown, depth = 0): Value | null {
  if (!v || typeof v !== 'object' || depth > MAX_DEPTH) return null;
  const k = v as Record<string, unknown>;
  switch (k.kind) {
    case 'int':
      return (typeof k.value === 'number' && Number.isSafeInteger(k.value)) || (typeof k.value === 'string' && /^-?\d{1,400}$/.test(k.value))
        ? { kind: 'int', value: BigInt(k.value as number | string) }
        : null;
    case 'float':
      return typeof k.value === 'number' && Number.isFinite(k.value) ? { kind: 'float', value: k.value } : null;
    case 'str':
      return typeof k.value === 'string' ? { kind: 'str', value: k.value } : null;
    case 'bool':
      return typeof k.value === 'boolean' ? { kind: 'bool', value: k.value } : null;
    case 'none':
      return { kind: 'none' };
    case 'tuple':
    case 'list': {
      if (!Array.isArray(k.items) || k.items.length > MAX_ITEMS) return null;
      const items = k.items.map(i => fromKernelValue(i, depth + 1));
      return items.every((i): i is Value => i !== null) ? { kind: k.kind, items } : null;
    }
    case 'array': {
      // An array is read like a tensor of that shape: `x_train.shape[1:]` works as on a symbolic tensor.
      if (!Array.isArray(k.shape) || k.shape.length > 32) return null;
      if (!k.shape.every(d => d === null || (typeof d === 'number' && Number.isSafeInteger(d) && d >= 0))) return null;
      return { kind: 'tensor', tensor: new KTensor(k.shape.map(d => (d === null ? null : BigInt(d as number))), null) };
    }
    default:
      return null;
  }
}

/** The reader's view of a kernel's values: names that are not identifiers, and values of other kinds, are dropped. */
export function kernelScope(values: ReadonlyMap<string, KernelValue> | undefined): Map<string, Value> | null {
  if (!values?.size) return null;
  const out = new Map<string, Value>();
  for (const [name, v] of values) {
    if (!/^[A-Za-z_]\w*$/.test(name)) continue;
    const value = fromKernelValue(v);
    if (value) out.set(name, value);
  }
  return out;
}
