/**
 * Keras auto-naming: `dense`, `dense_1`, … from one counter per prefix, as keras.src.utils.naming does.
 *
 * Standalone Keras up to 2.3 counted from 1: keras/engine/base_layer.py (2.2, 2.3) names a layer
 * `_to_snake_case(prefix) + '_' + str(K.get_uid(prefix))` with `prefix = self.__class__.__name__`, and
 * `K.get_uid` (keras/backend/tensorflow_backend.py) returns 1 for a prefix's first use; keras/engine/network.py
 * `_base_init` names a model `self.__class__.__name__.lower() + '_' + str(K.get_uid(prefix))` (`sequential_1`,
 * `model_1`) and keras/engine/input_layer.py an input `'input_' + str(K.get_uid('input'))`. So the first Dense of a
 * 2017–2019 summary is `dense_1`. tf.keras of the same years (TF 1.x, zero_based=True) already wrote `dense`.
 */
import type { KerasVersion } from '../types';
import { isLegacyStandalone, type IKerasRelease } from './version';

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
  /** Standalone Keras's own `K.get_uid` dictionary: it and tf.keras counted apart. */
  private readonly legacyUids = new Map<string, number>();

  /** Standalone Keras ≤ 2.3 is read: classes reached through standalone `keras` get its one-based names. */
  private readonly legacyStandalone: boolean;

  constructor(
    readonly version: KerasVersion,
    release?: IKerasRelease
  ) {
    this.legacyStandalone = release !== undefined && isLegacyStandalone(release);
  }

  /** `clear_session()`: names start again from `dense`. */
  reset(): void {
    this.uids.clear();
    this.legacyUids.clear();
  }

  /** Automatic names given so far (a reader that abandons a statement knows whether later names may be off). */
  issued = 0;

  /** `dense`, `dense_1`, … (zero-based), or `input_1`, `input_2`, … (one-based, Keras 2 inputs). */
  next(prefix: string, oneBased = false, uids = this.uids): string {
    this.issued++;
    const n = (uids.get(prefix) ?? 0) + 1;
    uids.set(prefix, n);
    if (oneBased) return `${prefix}_${n}`;
    return n === 1 ? prefix : `${prefix}_${n - 1}`;
  }

  /**
   * The auto-name of a layer (or Sequential) of this class; `standalone`: reached through standalone `keras`,
   * not `tf.keras` (what the name depends on only under Keras ≤ 2.3).
   */
  forClass(className: string, standalone = true): string {
    return this.legacy(standalone) ? this.next(toSnakeCase(className), true, this.legacyUids) : this.next(toSnakeCase(className));
  }

  /** A subclassed model's name: standalone Keras ≤ 2.3's Network lower-cased its class name (`MyModel` → `mymodel_1`). */
  forSubclassedModel(className: string, standalone = true): string {
    return this.legacy(standalone) ? this.next(className.toLowerCase(), true, this.legacyUids) : this.forClass(className, standalone);
  }

  forInput(standalone = true): string {
    if (this.legacy(standalone)) return this.next('input', true, this.legacyUids);
    return this.version === 2 ? this.next('input', true) : this.next('input_layer');
  }

  forFunctional(standalone = true): string {
    if (this.legacy(standalone)) return this.next('model', true, this.legacyUids);
    return this.next(this.version === 2 ? 'model' : 'functional');
  }

  private legacy(standalone: boolean): boolean {
    return this.legacyStandalone && standalone;
  }
}
