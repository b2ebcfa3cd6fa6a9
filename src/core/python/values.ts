/**
 * The values a static reading of Python source can know. Nothing here ever runs user code:
 * every value is a literal, a Keras object the reader built, or `unknown`.
 */
import type { KerasClass } from '../keras/symbols';
import type { Layer, Model, KTensor } from '../keras/objects';

export type Value =
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'tuple'; items: Value[] }
  | { kind: 'list'; items: Value[] }
  | { kind: 'dict'; entries: Array<[Value, Value]> }
  | { kind: 'module'; path: string }
  | { kind: 'kerasClass'; cls: KerasClass }
  | { kind: 'userClass'; name: string }
  | { kind: 'function'; fn: PyFunction }
  | { kind: 'builtin'; name: string; owner?: Value }
  | { kind: 'layer'; layer: Layer }
  | { kind: 'model'; model: Model }
  | { kind: 'tensor'; tensor: KTensor }
  | { kind: 'unknown'; why: string };

/** A `def` or `lambda` the reader can step through when it is called. */
export interface PyFunction {
  name: string;
  params: Array<{ name: string; defaultValue: Value | null; star: '' | '*' | '**' }>;
  /** The lezer node of the body (a Body, or an expression for lambdas). */
  body: unknown;
  isLambda: boolean;
  closure: unknown;
  cell: number | null;
}

export const NONE: Value = { kind: 'none' };
export const unknown = (why: string): Value => ({ kind: 'unknown', why });
export const int = (value: bigint | number): Value => ({ kind: 'int', value: BigInt(value) });
export const str = (value: string): Value => ({ kind: 'str', value });

/** Python truthiness, or `null` when the value is not known statically. */
export function truthy(v: Value): boolean | null {
  switch (v.kind) {
    case 'int':
      return v.value !== 0n;
    case 'float':
      return v.value !== 0;
    case 'str':
      return v.value.length > 0;
    case 'bool':
      return v.value;
    case 'none':
      return false;
    case 'tuple':
    case 'list':
      return v.items.length > 0;
    case 'dict':
      return v.entries.length > 0;
    case 'unknown':
      return null;
    default:
      return true;
  }
}

/** The items of a tuple or list, else null. */
export function sequenceItems(v: Value): Value[] | null {
  return v.kind === 'tuple' || v.kind === 'list' ? v.items : null;
}

/** A short Python-like rendering, for messages. */
export function describe(v: Value): string {
  switch (v.kind) {
    case 'int':
      return v.value.toString();
    case 'float':
      return Number.isInteger(v.value) ? v.value.toFixed(1) : String(v.value);
    case 'str':
      return JSON.stringify(v.value.length > 40 ? v.value.slice(0, 40) + '…' : v.value);
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'tuple': {
      const inner = v.items.slice(0, 8).map(describe).join(', ');
      return v.items.length === 1 ? `(${inner},)` : `(${inner}${v.items.length > 8 ? ', …' : ''})`;
    }
    case 'list':
      return `[${v.items.slice(0, 8).map(describe).join(', ')}${v.items.length > 8 ? ', …' : ''}]`;
    case 'dict':
      return '{…}';
    case 'module':
      return `module ${v.path}`;
    case 'kerasClass':
      return v.cls.name;
    case 'userClass':
      return `class ${v.name}`;
    case 'function':
      return `function ${v.fn.name}`;
    case 'builtin':
      return `built-in ${v.name}`;
    case 'layer':
      return `layer ${v.layer.name}`;
    case 'model':
      return `model ${v.model.name}`;
    case 'tensor':
      return 'KerasTensor';
    case 'unknown':
      return 'an unknown value';
  }
}

/** Python type name, for "expected int, got str" messages. */
export function typeName(v: Value): string {
  switch (v.kind) {
    case 'int':
    case 'float':
    case 'str':
    case 'bool':
    case 'tuple':
    case 'list':
    case 'dict':
      return v.kind;
    case 'none':
      return 'NoneType';
    case 'tensor':
      return 'KerasTensor';
    default:
      return v.kind;
  }
}
