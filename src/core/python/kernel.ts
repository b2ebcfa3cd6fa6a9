/**
 * Values a live kernel reports for names (the kernel side asks the running kernel): used only where
 * the static reading leaves a name unknown or undefined, never over a value the source determines.
 */
import { int, NONE, str, unknown, type Value } from './values';
import { trans } from '../i18n/current';

export type KernelValue =
  | { kind: 'int' | 'float' | 'str' | 'bool' | 'none'; value?: number | string | boolean | bigint | null }
  | { kind: 'tuple' | 'list'; items: KernelValue[] }
  | { kind: 'array'; shape: Array<number | null>; dtype: string };

export function fromKernel(v: KernelValue, depth = 0): Value {
  if (depth > 50) return unknown(trans.__('a kernel value nested too deeply'));
  switch (v.kind) {
    case 'int':
      return typeof v.value === 'bigint' || (typeof v.value === 'number' && Number.isSafeInteger(v.value))
        ? int(v.value)
        : typeof v.value === 'string' && /^-?\d+$/.test(v.value)
          ? int(BigInt(v.value))
          : unknown(trans.__('a kernel int that is not an integer'));
    case 'float':
      return typeof v.value === 'number' ? { kind: 'float', value: v.value } : unknown(trans.__('a kernel float that is not a number'));
    case 'str':
      return typeof v.value === 'string' ? str(v.value) : unknown(trans.__('a kernel str that is not a string'));
    case 'bool':
      return { kind: 'bool', value: v.value === true };
    case 'none':
      return NONE;
    case 'tuple':
    case 'list':
      return { kind: v.kind, items: v.items.map(i => fromKernel(i, depth + 1)) };
    case 'array':
      return { kind: 'array', shape: v.shape.map(d => (d === null || !Number.isSafeInteger(d) || d < 0 ? null : BigInt(d))), dtype: v.dtype };
  }
}
