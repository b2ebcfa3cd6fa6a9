/** Training and inference on data: the methods whose first step builds an unbuilt model, and the data as that step sees it. */
import type { ConfigValue } from '../config/value';
import type { ICallArgs } from './construct';

/** The methods that run a model on data: the first call builds it. */
export const TRAINING_METHODS: ReadonlySet<string> = new Set([
  'fit',
  'fit_generator',
  'train_on_batch',
  'evaluate',
  'evaluate_generator',
  'test_on_batch',
  'predict',
  'predict_generator',
  'predict_on_batch'
]);

/** The methods whose first step is a training step: it builds the compiled optimizer. */
export const OPTIMIZER_STEPS: ReadonlySet<string> = new Set(['fit', 'fit_generator', 'train_on_batch']);

/**
 * The size of the first batch a training or inference method runs the model on, as Keras prints it:
 * `batch_size` (32 by default) when there are that many samples (after `validation_split`), else None
 * (a first batch shorter than batch_size is traced with an unknown size); the whole array for
 * `*_on_batch`; null too when the source does not say (a generator, data of unknown length).
 */
export function firstBatch(method: string, args: ICallArgs, samples: bigint | null): bigint | null {
  if (samples === null || method.endsWith('_generator')) return null;
  if (method.endsWith('_on_batch')) return samples;
  const order: Record<string, string[]> = {
    fit: ['x', 'y', 'batch_size'],
    evaluate: ['x', 'y', 'batch_size'],
    predict: ['x', 'batch_size']
  };
  const at = (order[method] ?? []).indexOf('batch_size');
  const given = args.keywords.get('batch_size')?.value ?? (at >= 0 ? args.positional[at]?.value : undefined);
  if (given && given.kind !== 'int' && given.kind !== 'none') return null;
  const size = given?.kind === 'int' ? given.value : 32n;
  let n = samples;
  const split = method === 'fit' ? args.keywords.get('validation_split')?.value : undefined;
  if (split && split.kind !== 'float' && split.kind !== 'int') return null;
  // Keras keeps int(n * (1 - validation_split)) samples for training.
  if (split && (split.kind === 'float' || split.kind === 'int')) n = BigInt(Math.floor(Number(samples) * (1 - Number(split.value))));
  return n < size ? null : size;
}

/** Data as the first step sees it: each array's batch axis the first batch's size (null: not known). */
export function batched(v: ConfigValue, batch: bigint | null): ConfigValue {
  if (v.kind === 'opaque' && v.data?.shape) return { ...v, data: { shape: [batch, ...v.data.shape.slice(1)] } };
  if (v.kind === 'list' || v.kind === 'tuple') return { kind: v.kind, items: v.items.map(i => batched(i, batch)) };
  if (v.kind === 'dict') return { kind: 'dict', entries: v.entries.map(([k, x]) => [k, batched(x, batch)]) };
  return v;
}

/** The number of samples in the data (the first axis its arrays share), or null. */
export function samplesOf(v: ConfigValue): bigint | null {
  if (v.kind === 'opaque') return v.data?.shape?.[0] ?? null;
  const items = v.kind === 'list' || v.kind === 'tuple' ? v.items : v.kind === 'dict' ? v.entries.map(e => e[1]) : [];
  const sizes = items.map(samplesOf);
  return sizes.length && sizes.every(s => s !== null && s === sizes[0]) ? sizes[0] : null;
}
