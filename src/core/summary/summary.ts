/**
 * From Keras objects to summary rows: per-layer weights and counts under each convention, totals,
 * and the one-line reason wherever cuDNN differs. Counts are derived here, once, from declared weights.
 */
import type { Convention, Diagnostic, KerasVersion, Location, Shape } from '../types';
import { CONVENTIONS } from '../types';
import { Model, type Layer } from '../keras/objects';
import { countWeights, size, weightsFor, type DualBias, type Weight } from '../keras/weights';

export type Counts = Record<Convention, bigint | null>;

export interface LayerRow {
  name: string;
  className: string;
  /** One shape per output; null when unknown. */
  outputShapes: Array<Shape | null> | null;
  multiOutput: boolean;
  params: Counts;
  trainableParams: Counts;
  /** Bytes each weight takes (from the layer's dtype). */
  bytesPerParam: bigint;
  /** Weights per layout (null when unknown). */
  weights: { keras: Weight[]; cudnn: Weight[]; declared: 'keras' | 'cudnn' } | null;
  trainable: boolean;
  location: Location | null;
  /** Why cuDNN differs, when it does. */
  note: string | null;
  /** Why something about this layer is unknown. */
  problem: string | null;
  /** Names of the layers feeding this one (functional models). */
  connectedTo: string[];
  /** How many times the layer is called in this model (Keras 2 prints `multiple` when more than once). */
  calls: number;
  /** Rows of a nested model. */
  rows?: LayerRow[];
}

export interface Totals {
  total: bigint;
  trainable: bigint;
  nonTrainable: bigint;
  /** Layers whose count is unknown and not included. */
  unknownLayers: number;
  /** Memory of the weights at their dtype, as Keras prints it. */
  bytes: { total: bigint; trainable: bigint; nonTrainable: bigint };
}

export interface ModelSummary {
  name: string;
  variable: string | null;
  className: string;
  kind: 'sequential' | 'functional';
  location: Location | null;
  built: boolean;
  rows: LayerRow[];
  totals: Record<Convention, Totals>;
  /** The Keras objects the summary came from (for the TensorFlow.js validation); not serialized. */
  source: Model;
}

export interface AnalysisReport {
  models: ModelSummary[];
  diagnostics: Diagnostic[];
  /** The Keras version whose defaults and conventions the analysis used. */
  kerasVersion: KerasVersion;
}

const fmt = (n: bigint) => n.toLocaleString('en-US');

export function dualBiasNote(d: DualBias): string {
  const delta = BigInt(d.directions * d.gates) * d.units;
  const parts = [
    ...(d.directions > 1 ? [`${d.directions} directions`] : []),
    `${d.gates} gate${d.gates > 1 ? 's' : ''}`,
    `${fmt(d.units)} ${d.unitName === 'units' ? 'units' : 'filters'}`
  ];
  const base = `cuDNN keeps input and recurrent biases: +${parts.join(' × ')} = ${fmt(delta)}`;
  return d.noKernel ? `${base} (cuDNN has no ConvLSTM kernel: this is the dual-bias layout by analogy)` : base;
}

function sumCounts(rows: LayerRow[], pick: (r: LayerRow) => Counts): Counts {
  const out = {} as Counts;
  for (const c of CONVENTIONS) {
    let total: bigint | null = 0n;
    for (const r of rows) {
      const n = pick(r)[c];
      if (n === null) total = null;
      else if (total !== null) total += n;
    }
    out[c] = total;
  }
  return out;
}

function layerRow(layer: Layer, outputShapes: Array<Shape | null> | null, multi: boolean, connectedTo: string[], calls = 1): LayerRow {
  if (layer instanceof Model) {
    const rows = modelRows(layer);
    const params = sumCounts(rows, r => r.params);
    const trainableParams = sumCounts(rows, r => r.trainableParams);
    const notes = rows.map(r => r.note).filter((n): n is string => n !== null);
    return {
      name: layer.name,
      className: layer.className,
      outputShapes,
      multiOutput: multi,
      params,
      trainableParams,
      bytesPerParam: 4n,
      weights: null,
      trainable: layer.trainable,
      location: layer.location,
      note: notes.length ? `nested: ${notes.length === 1 ? notes[0] : `${notes.length} recurrent layers differ`}` : null,
      problem: rows.some(r => r.params.keras === null) ? 'some nested layers are unknown' : null,
      connectedTo,
      calls,
      rows
    };
  }
  const w = layer.weights;
  const params = {} as Counts;
  const trainableParams = {} as Counts;
  for (const c of CONVENTIONS) {
    if (!w) {
      params[c] = null;
      trainableParams[c] = null;
      continue;
    }
    const n = countWeights(weightsFor(w, c), layer.trainable);
    params[c] = n.total;
    trainableParams[c] = n.trainable;
  }
  const differs = w !== null && w !== undefined && params.keras !== params.cudnn;
  return {
    name: layer.name,
    className: layer.className,
    outputShapes,
    multiOutput: multi,
    params,
    trainableParams,
    bytesPerParam: layer.bytesPerParam,
    weights: w ? { keras: w.keras, cudnn: w.cudnn, declared: w.declared } : null,
    trainable: layer.trainable,
    location: layer.location,
    note: differs && w!.dualBias ? dualBiasNote(w!.dualBias) : null,
    problem: layer.problem ?? (w ? null : layer.spec ? 'its input shape is unknown' : `${layer.className} is not in the layer catalogue`),
    connectedTo,
    calls
  };
}

function modelRows(model: Model): LayerRow[] {
  if (model.kind === 'sequential') {
    return model.rows.map(layer => {
      const chain = model.chainShapes.get(layer);
      return layerRow(layer, chain ? chain.shapes : null, chain?.multi ?? false, []);
    });
  }
  const nodeOf = model.graph?.nodeOf;
  return model.rows.map(layer => {
    const node = nodeOf?.get(layer);
    if (layer.isInputLayer) return layerRow(layer, [layer.batchShape], false, []);
    const feeders = node ? [...new Set(node.inputs.map(t => t.node?.layer.name ?? '?'))] : [];
    return layerRow(layer, node ? node.outputs.map(t => t.shape) : null, node?.multi ?? false, feeders, model.graph?.calls.get(layer) ?? 1);
  });
}

function totals(rows: LayerRow[]): Record<Convention, Totals> {
  const out = {} as Record<Convention, Totals>;
  for (const c of CONVENTIONS) {
    let total = 0n;
    let trainable = 0n;
    let totalBytes = 0n;
    let trainableBytes = 0n;
    let unknownLayers = 0;
    const visit = (r: LayerRow) => {
      const n = r.params[c];
      const t = r.trainableParams[c];
      if (r.rows) {
        r.rows.forEach(visit);
        return;
      }
      if (n === null || t === null) {
        unknownLayers++;
        return;
      }
      total += n;
      trainable += t;
      // A weight of another dtype than its layer's (an int64 count) takes its own bytes, as Keras prints.
      const own = r.weights ? r.weights[c === 'declared' ? r.weights.declared : c].filter(w => w.bytes !== undefined) : [];
      const extra = (ws: typeof own) => ws.reduce((sum, w) => sum + size(w.shape) * (w.bytes! - r.bytesPerParam), 0n);
      totalBytes += n * r.bytesPerParam + extra(own);
      trainableBytes += t * r.bytesPerParam + (r.trainable ? extra(own.filter(w => w.trainable)) : 0n);
    };
    rows.forEach(visit);
    out[c] = {
      total,
      trainable,
      nonTrainable: total - trainable,
      unknownLayers,
      bytes: { total: totalBytes, trainable: trainableBytes, nonTrainable: totalBytes - trainableBytes }
    };
  }
  return out;
}

export function summarizeModel(model: Model): ModelSummary {
  const rows = modelRows(model);
  return {
    name: model.name,
    variable: model.variable,
    className: model.kind === 'sequential' ? 'Sequential' : model.className,
    kind: model.kind,
    location: model.location,
    built: model.built,
    rows,
    totals: totals(rows),
    source: model
  };
}
