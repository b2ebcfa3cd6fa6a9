/**
 * Unbuilt Sequential models (no `Input`, no `input_shape=`): Keras leaves them unbuilt and prints
 * `0 (unbuilt)`. What does not depend on the missing input is still determined, and inferred here:
 *
 * - a layer that accepts only one input rank (an RNN: 3, Conv2D: 4, …) fixes the rank of everything
 *   before it, so the input is `(None, …, None)` of that rank, with every size unknown; the model is then
 *   read as on `keras.Input(shape=(None, …))`: each `None` stays unknown, each known size is exact;
 * - otherwise, layers whose weights need only the last axis and that change only that axis (Dense,
 *   activations, dropout, normalization on the last axis) and Embedding are followed on an input of
 *   unknown rank: their counts are exact, their shapes unknown (their rank is not known); the first other
 *   layer ends what can be inferred.
 *
 * Nothing here builds a layer: the inferred weights and shapes live beside the model, so a later real
 * build (`model.build(...)`, a call on a tensor) starts from scratch as in Keras.
 */
import type { KerasVersion, Shape } from '../types';
import type { IBuildContext, ILayerOutputs } from '../catalogue/spec';
import { sameEverywhere, type ILayerWeights } from './weights';
import { formatShape } from './shape-math';
import { Model, type Layer } from './objects';
import { lastAxisOnly, requiredRank } from './ranks';

export { requiredRank };
import { trans } from '../i18n/current';

export interface IInferredRow {
  /** One shape per output; null when it depends on what is not known. */
  shapes: Array<Shape | null> | null;
  multi: boolean;
  weights: ILayerWeights | null;
  /** Why the count is unknown, when it is. */
  problem: string | null;
}

export interface IInferredModel {
  /** `unbuilt`: Keras leaves the model unbuilt; `unknownInput`: Keras builds it on an input the source does not give. */
  reason: 'unbuilt' | 'unknownInput';
  /** The input assumed (batch included), or null when only its rank is unknown and last axes were followed. */
  input: Shape | null;
  /** The one line the summary shows: that Keras leaves the model unbuilt, what was assumed, how to make it real. */
  note: string;
  rows: Map<Layer, IInferredRow>;
}

/** Layers without weights whose output rank comes from their arguments, whatever the input's (Flatten: 2). */
const RANK_FROM_ARGS = new Set(['Flatten', 'Reshape']);

/** How many axes a layer adds to its input's rank, when that does not depend on the rank (Embedding: 1). */
function rankChange(layer: Layer): number | null {
  if (layer.className === 'Embedding') return 1;
  return lastAxisOnly(layer) ? 0 : null;
}

/** The inferred figures of an unbuilt Sequential model; null when the model is built or not Sequential. */
export function inferUnbuilt(model: Model, version: KerasVersion): IInferredModel | null {
  if (model.kind !== 'sequential' || model.built || model.stack[0]?.isInputLayer) return null;
  const layers = model.rows;
  if (!layers.length) return null;
  // The input's rank: given with unknown sizes (`input_shape=(X.shape[1],)`), or fixed by the first layer
  // that takes only one rank, through the layers before it.
  let added = 0;
  let inputRank: number | null = layers[0].inputShapeUnknown?.rank ?? null;
  for (const layer of inputRank === null ? layers : []) {
    const r = requiredRank(layer);
    if (r !== null) {
      inputRank = r - added;
      break;
    }
    const d = rankChange(layer);
    if (d === null) break;
    added += d;
  }
  const rows = new Map<Layer, IInferredRow>();
  const how =
    version === 2
      ? trans.__('add input_shape=(…) to the first layer, or keras.Input(shape=(…)) first')
      : trans.__('add keras.Input(shape=(…)) first');
  const unknownInput = layers[0].inputShapeUnknown;
  const onData = model.builtOnUnknownData;
  const reason = unknownInput || onData !== null ? 'unknownInput' : 'unbuilt';
  const opening = unknownInput
    ? trans.__(
        "the input shape of '%1' is not known statically: %2's %3; these figures are the engine's, inferred",
        model.name,
        layers[0].name,
        unknownInput.why
      )
    : onData !== null
      ? trans.__("Keras builds '%1' on data whose shape is not known statically (%2); these figures are the engine's, inferred", model.name, onData)
      : trans.__("Keras leaves '%1' unbuilt (no input shape) and prints 0 (unbuilt); these figures are the engine's, inferred", model.name);
  const closing = unknownInput ? trans.__('sizes written as numbers make them real') : trans.__('%1 to make them real', how);
  if (inputRank !== null && inputRank >= 2) {
    // The sizes the source writes are kept (`input_shape=(X.shape[1], 1)`: the LSTM's weights need only the 1).
    const written = unknownInput?.shape?.length === inputRank ? unknownInput.shape : null;
    const input: Shape = written ?? Array(inputRank).fill(null);
    let current: Array<Shape | null> = [input];
    for (const layer of layers) {
      const row = inferRow(layer, current, version);
      rows.set(layer, row);
      current = row.shapes?.slice(0, 1) ?? [null];
    }
    const shapeArg = formatShape(input.slice(1));
    const why = !unknownInput?.rank
      ? trans.__('the rank its layers require, sizes unknown')
      : input.slice(1).some(d => d !== null)
        ? trans.__('the sizes written as numbers, the others unknown')
        : trans.__('the rank written, sizes unknown');
    return { reason, input, note: trans.__('%1 on keras.Input(shape=%2) (%3): %4', opening, shapeArg, why, closing), rows };
  }
  // Rank unknown: follow the last axis through the layers that need only it (their shapes stay unknown)
  // until a layer fixes the rank (an RNN, a Conv) or makes an output whose rank does not depend on its input.
  let last: Shape | null = [null, null];
  let current: Shape | null = null;
  for (const layer of layers) {
    if (current) {
      const row = inferRow(layer, [current], version);
      rows.set(layer, row);
      current = row.shapes?.[0] ?? null;
      if (!current) last = null;
      continue;
    }
    const rank = requiredRank(layer);
    if (last && (rank !== null || RANK_FROM_ARGS.has(layer.className))) {
      const input: Shape = rank !== null ? [...Array(rank - 1).fill(null), last[1]] : [null, null];
      const row = inferRow(layer, [input], version);
      rows.set(layer, row);
      current = row.shapes?.[0] ?? null;
      if (!current) last = null;
      continue;
    }
    if (last === null || rankChange(layer) === null) {
      rows.set(layer, { shapes: null, multi: false, weights: null, problem: trans.__('it depends on the input shape, unknown in an unbuilt model') });
      last = null;
      continue;
    }
    const row = inferRow(layer, [last], version);
    const out = row.shapes?.[0] ?? null;
    last = out ? [null, out[out.length - 1]] : null;
    rows.set(layer, { ...row, shapes: null });
  }
  return {
    reason,
    input: null,
    note: trans.__('%1 without the input (counts that need its size, and shapes, are unknown): %2', opening, closing),
    rows
  };
}

/** One layer on known (or unknown) input shapes, without building it. */
function inferRow(layer: Layer, inputs: Array<Shape | null>, version: KerasVersion): IInferredRow {
  const unknown = (problem: string): IInferredRow => ({ shapes: null, multi: false, weights: null, problem });
  if (layer instanceof Model || !layer.spec || !layer.args) return unknown(trans.__('it depends on the input shape, unknown in an unbuilt model'));
  if (inputs.some(s => s === null)) return unknown(trans.__('its input shape is unknown'));
  const shapes = inputs as Shape[];
  if (layer.customOutputs) {
    const outputs = layer.customOutputs(shapes);
    return { shapes: outputs, multi: (outputs?.length ?? 0) > 1, weights: sameEverywhere([]), problem: null };
  }
  const ctx = context(layer, shapes, version);
  let weights: ILayerWeights | null = null;
  let problem: string | null = null;
  try {
    weights = layer.weights ?? (layer.spec.weights ? layer.spec.weights(ctx) : sameEverywhere([]));
  } catch (e) {
    problem = e instanceof Error ? e.message.replace(new RegExp(`^${layer.className}:?\\s*`), '') : String(e);
  }
  let outputs: ILayerOutputs | null = null;
  try {
    outputs = layer.spec.outputs(ctx);
  } catch {
    outputs = null;
  }
  return { shapes: outputs?.outputs ?? null, multi: outputs?.multi ?? false, weights, problem };
}

/** KerasSession's build context, except that inner layers are never marked built. */
function context(layer: Layer, inputs: Shape[], version: KerasVersion): IBuildContext {
  return {
    args: layer.args!,
    inputs,
    arity: inputs.length,
    kerasVersion: version,
    callArgs: new Map(),
    buildInner: (argName, innerInputs) => {
      const inner = layer.inner.get(argName);
      if (!inner?.spec || !inner.args) throw new Error(trans.__('%1: cannot read the wrapped layer', layer.className));
      const ctx = context(inner, innerInputs, version);
      const weights = inner.weights ?? (inner.spec.weights ? inner.spec.weights(ctx) : sameEverywhere([]));
      return { weights, ...inner.spec.outputs(ctx) };
    }
  };
}
