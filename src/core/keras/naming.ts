/** Keras auto-naming: `dense`, `dense_1`, … from one counter per prefix, as keras.src.utils.naming does. */
import type { KerasVersion } from '../types';

const snakeCache = new Map<string, string>();

/** keras.src.utils.naming.to_snake_case (memoized: the same class names come back). */
export function toSnakeCase(name: string): string {
  let snake = snakeCache.get(name);
  if (snake === undefined) {
    snake = snakeCase(name);
    if (snakeCache.size < 10_000) snakeCache.set(name, snake);
  }
  return snake;
}

function snakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

export class NameCounter {
  private readonly uids = new Map<string, number>();

  constructor(readonly version: KerasVersion) {}

  /** `dense`, `dense_1`, … (zero-based), or `input_1`, `input_2`, … (one-based, Keras 2 inputs). */
  next(prefix: string, oneBased = false): string {
    const n = (this.uids.get(prefix) ?? 0) + 1;
    this.uids.set(prefix, n);
    if (oneBased) return `${prefix}_${n}`;
    return n === 1 ? prefix : `${prefix}_${n - 1}`;
  }

  /** The auto-name of a layer of this class. */
  forClass(className: string): string {
    return this.next(toSnakeCase(className));
  }

  forInput(): string {
    return this.version === 2 ? this.next('input', true) : this.next('input_layer');
  }

  forFunctional(): string {
    return this.next(this.version === 2 ? 'model' : 'functional');
  }
}
