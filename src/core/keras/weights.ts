/** Weights as layers declare them, and the counts derived from them. */
import type { Convention } from '../types';

export interface IWeight {
  name: string;
  shape: bigint[];
  trainable: boolean;
  /** Bytes per value when the weight's dtype is not the layer's (Normalization's int64 count: 8). */
  bytes?: bigint;
}

/**
 * Why the cuDNN layout differs from the Keras one: cuDNN keeps an input and a recurrent bias per gate.
 * `noKernel` marks layers with no cuDNN kernel (ConvLSTM): the dual-bias layout applies by analogy.
 */
export interface IDualBias {
  directions: number;
  gates: number;
  units: bigint;
  unitName: 'units' | 'filters';
  noKernel: boolean;
}

/**
 * A layer's weights under each layout. `declared` says which layout the class as written uses
 * (LSTM → keras, CuDNNLSTM → cudnn).
 */
export interface ILayerWeights {
  keras: IWeight[];
  cudnn: IWeight[];
  declared: 'keras' | 'cudnn';
  dualBias: IDualBias | null;
}

export function weight(name: string, shape: bigint[], trainable = true, bytes?: bigint): IWeight {
  return bytes === undefined ? { name, shape, trainable } : { name, shape, trainable, bytes };
}

/** Weights that look the same under every convention. */
export function sameEverywhere(weights: IWeight[]): ILayerWeights {
  return { keras: weights, cudnn: weights, declared: 'keras', dualBias: null };
}

export function weightsFor(w: ILayerWeights, convention: Convention): IWeight[] {
  const layout = convention === 'declared' ? w.declared : convention;
  return layout === 'keras' ? w.keras : w.cudnn;
}

export function size(shape: readonly bigint[]): bigint {
  let n = 1n;
  for (const d of shape) n *= d;
  return n;
}

export interface IParamCount {
  total: bigint;
  trainable: bigint;
}

export function countWeights(weights: readonly IWeight[], layerTrainable = true): IParamCount {
  // Exact in doubles while every partial sum stays below 2^53 (every layer people write): one BigInt per
  // result instead of one per product and sum. Past that, BigInt all the way.
  let total = 0;
  let trainable = 0;
  for (const w of weights) {
    let n = 1;
    for (const d of w.shape) n *= Number(d);
    total += n;
    if (w.trainable && layerTrainable) trainable += n;
  }
  if (total <= Number.MAX_SAFE_INTEGER) return { total: BigInt(total), trainable: BigInt(trainable) };
  let bigTotal = 0n;
  let bigTrainable = 0n;
  for (const w of weights) {
    const n = size(w.shape);
    bigTotal += n;
    if (w.trainable && layerTrainable) bigTrainable += n;
  }
  return { total: bigTotal, trainable: bigTrainable };
}
