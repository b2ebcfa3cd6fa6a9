/**
 * The neutral value a layer's configuration is made of. Both readers produce it (the Python reader from
 * call arguments, the JSON reader from `config.json`) and the catalogue reads it; nothing here knows
 * where it came from. A reader's own values that have no meaning as configuration (a Python module, a
 * function) travel as `opaque`, carrying the reader's value for the reader to take back.
 */
import type { Layer, Model, KTensor } from '../keras/objects';
import { trans } from '../i18n/current';

export type ConfigValue =
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'tuple'; items: ConfigValue[] }
  | { kind: 'list'; items: ConfigValue[] }
  | { kind: 'dict'; entries: Array<[ConfigValue, ConfigValue]> }
  | { kind: 'layer'; layer: Layer }
  | { kind: 'model'; model: Model }
  | { kind: 'tensor'; tensor: KTensor }
  /** `data`: a reader's array (numpy, an eager tensor): its shape, `null` for a size or rank it does not know. */
  | { kind: 'opaque'; what: string; ref: unknown; data?: { shape: Array<bigint | null> | null } }
  | { kind: 'unknown'; why: string };

export const NONE = { kind: 'none' } as const;
export const unknown = (why: string) => ({ kind: 'unknown', why }) as const;
export const int = (value: bigint | number) => ({ kind: 'int', value: BigInt(value) }) as const;
export const str = (value: string) => ({ kind: 'str', value }) as const;

/** The shape every reader's value has in common, so the helpers below serve both. */
type Common = { kind: string; value?: unknown; items?: Common[]; entries?: Array<[Common, Common]>; why?: string };

/** Python truthiness, or `null` when the value is not known statically. */
export function truthy(v: Common): boolean | null {
  switch (v.kind) {
    case 'int':
      return v.value !== 0n;
    case 'float':
      return v.value !== 0;
    case 'str':
      return (v.value as string).length > 0;
    case 'bool':
      return v.value as boolean;
    case 'none':
      return false;
    case 'tuple':
    case 'list':
    case 'set':
      return v.items!.length > 0;
    case 'dict':
      return v.entries!.length > 0;
    case 'unknown':
      return null;
    default:
      return true;
  }
}

/** The items of a tuple or list, else null. */
export function sequenceItems(v: ConfigValue): ConfigValue[] | null {
  return v.kind === 'tuple' || v.kind === 'list' ? v.items : null;
}

/** A short Python-like rendering, for messages; `other` renders what this module does not know. */
export function describeValue(v: Common, other: (v: Common) => string = () => trans.__('an object')): string {
  const d = (x: Common) => describeValue(x, other);
  switch (v.kind) {
    case 'int':
      return (v.value as bigint).toString();
    case 'float': {
      const n = v.value as number;
      return Number.isInteger(n) ? n.toFixed(1) : String(n);
    }
    case 'str': {
      const s = v.value as string;
      return JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);
    }
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'tuple': {
      const items = v.items!;
      const inner = items.slice(0, 8).map(d).join(', ');
      return items.length === 1 ? `(${inner},)` : `(${inner}${items.length > 8 ? ', …' : ''})`;
    }
    case 'list':
      return `[${v.items!.slice(0, 8).map(d).join(', ')}${v.items!.length > 8 ? ', …' : ''}]`;
    case 'dict':
      return '{…}';
    case 'layer':
      return `layer ${(v as unknown as { layer: Layer }).layer.name}`;
    case 'model':
      return `model ${(v as unknown as { model: Model }).model.name}`;
    case 'tensor':
      return 'KerasTensor';
    case 'opaque':
      return (v as unknown as { what: string }).what;
    case 'unknown':
      return trans.__('an unknown value');
    default:
      return other(v);
  }
}

export function describe(v: ConfigValue): string {
  return describeValue(v);
}

/** Python type name, for "expected int, got str" messages. */
export function typeName(v: Common): string {
  switch (v.kind) {
    case 'none':
      return 'NoneType';
    case 'tensor':
      return 'KerasTensor';
    default:
      return v.kind;
  }
}

/** The name catalogue entries have always used for it. */
export type Value = ConfigValue;
