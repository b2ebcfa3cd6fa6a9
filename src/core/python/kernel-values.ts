/**
 * Values the kernel holds, checked before the reader sees them: numbers, strings, booleans, None,
 * tuples and lists of those, and arrays known by their shape and dtype only (never their contents).
 * They come from the kernel inspector's reply as data; nothing from the notebook is ever evaluated.
 * The reader turns them into its own values (`kernel.ts`).
 */
import type { KernelValue } from './kernel';

export type { KernelValue };

const MAX_DEPTH = 4;
const MAX_ITEMS = 256;

/** The value if it is one of the kinds above, well formed; null otherwise (replies are untrusted data). */
export function checkKernelValue(v: unknown, depth = 0): KernelValue | null {
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
      return { kind: 'none', value: null };
    case 'tuple':
    case 'list': {
      if (!Array.isArray(k.items) || k.items.length > MAX_ITEMS) return null;
      const items = k.items.map(i => checkKernelValue(i, depth + 1));
      return items.every((i): i is KernelValue => i !== null) ? { kind: k.kind, items } : null;
    }
    case 'array': {
      if (!Array.isArray(k.shape) || k.shape.length > 32 || typeof k.dtype !== 'string') return null;
      if (!k.shape.every(d => d === null || (typeof d === 'number' && Number.isSafeInteger(d) && d >= 0))) return null;
      return { kind: 'array', shape: k.shape as Array<number | null>, dtype: k.dtype };
    }
    default:
      return null;
  }
}

/** The reader's view of a kernel's values: names that are not identifiers, and malformed values, are dropped. */
export function checkedKernelValues(values: ReadonlyMap<string, unknown> | undefined): Map<string, KernelValue> | undefined {
  if (!values?.size) return undefined;
  const out = new Map<string, KernelValue>();
  for (const [name, v] of values) {
    if (!/^[A-Za-z_]\w*$/.test(name)) continue;
    const value = checkKernelValue(v);
    if (value) out.set(name, value);
  }
  return out;
}
