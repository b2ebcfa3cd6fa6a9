/**
 * Validation by an independent Keras implementation: TensorFlow.js builds each model from the engine's
 * topology and runs one forward pass on a small dummy batch; every layer's output shape and
 * `countParams()` are compared with the engine's Keras-convention numbers. TensorFlow.js is passed in
 * (the browser loads it lazily; the CLI imports it in Node), so the engine never depends on it.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Shape } from '../types';
import type { ILayerRow, IModelSummary } from '../summary/summary';
import { jsonCount, type JsonCount } from '../format/json';
import { STAND_IN, toTopology } from './topology';
import { expandedRowCount } from '../format/table';
import { checkConversions, type IConversionCheck } from './conversion';
import { trans, withStringsAsync } from '../i18n/current';
import type { IStrings } from '../i18n/strings';

export type TF = typeof tfjs;

export interface IValidationOptions {
  /** Batch size of the dummy input (default 1). */
  batchSize?: number;
  /** Length used for `None` dimensions other than the batch (default 8). */
  sequenceLength?: number;
  /** Models whose weights take more bytes than this are not built (default 512 MB). */
  budgetBytes?: number;
  /** Give up waiting after this many milliseconds (default 30 s). */
  timeLimitMs?: number;
  /** The language of its messages: the ones in force when absent (English by default). */
  strings?: IStrings;
}

export const DEFAULT_VALIDATION: Required<Omit<IValidationOptions, 'strings'>> = {
  batchSize: 1,
  sequenceLength: 8,
  budgetBytes: 512 * 1024 * 1024,
  timeLimitMs: 30_000
};

/**
 * Layers built for one validation, counting every row of nested models: TensorFlow.js builds a layer
 * object (and a graph node) per row, and ten thousand of them take seconds before the first tensor.
 */
export const MAX_VALIDATION_LAYERS = 5_000;

export type LayerStatus = 'ok' | 'mismatch' | 'not validatable';

export interface ILayerValidation {
  name: string;
  class: string;
  status: LayerStatus;
  /** null when the shape was not checked (a stand-in). */
  shapeOk: boolean | null;
  expectedShape: Array<JsonCount[] | null> | null;
  actualShape: number[][] | null;
  /** TensorFlow.js `countParams()`; null when not checked. */
  tfjsParams: number | null;
  engineParams: JsonCount;
  paramsOk: boolean | null;
  /** Why a layer was not validated, or why its counts differ by design, or what mismatched. */
  reason?: string;
}

export interface IModelValidation {
  model: string;
  /** The backend that really ran (`tf.getBackend()`), never the one asked for. */
  backend: string;
  ok: boolean;
  ms: number;
  layers: ILayerValidation[];
  /** Set when the model was not built or run at all. */
  message?: string;
  /** Tensors left after disposal (0 when clean). */
  leakedTensors: number;
  /** The weight conversion of each recurrent layer, proven by a forward pass (conversion.ts). */
  conversions?: IConversionCheck[];
}

const standInRegistered = new WeakSet<object>();

/** A layer that only produces the engine's output shape: lets TensorFlow.js run the rest of the model. */
function registerStandIn(tf: TF): void {
  if (standInRegistered.has(tf)) return;
  standInRegistered.add(tf);
  class StandIn extends tf.layers.Layer {
    static className = STAND_IN;
    private readonly shapes: Array<Array<number | null>>;
    constructor(config: { name: string; output_shapes?: Array<Array<number | null>>; outputShapes?: Array<Array<number | null>> }) {
      super(config as never);
      this.shapes = config.outputShapes ?? config.output_shapes ?? [];
    }
    computeOutputShape(): tfjs.Shape | tfjs.Shape[] {
      return this.shapes.length === 1 ? this.shapes[0] : this.shapes;
    }
    call(inputs: tfjs.Tensor | tfjs.Tensor[]): tfjs.Tensor | tfjs.Tensor[] {
      const batch = (Array.isArray(inputs) ? inputs[0] : inputs).shape[0] ?? 1;
      const make = (s: Array<number | null>) => tf.zeros(s.map((d, i) => (i === 0 ? batch : (d ?? 1))));
      return this.shapes.length === 1 ? make(this.shapes[0]) : this.shapes.map(make);
    }
    getConfig(): tfjs.serialization.ConfigDict {
      return { ...super.getConfig(), outputShapes: this.shapes };
    }
  }
  tf.serialization.registerClass(StandIn);
}

/** The layer classes TensorFlow.js can deserialize (its registry also holds initializers and the like). */
function availableLayers(tf: TF): Set<string> {
  const map = tf.serialization.SerializationMap.getMap().classNameMap as Record<string, [{ prototype: unknown }, unknown]>;
  return new Set(Object.keys(map).filter(name => map[name][0].prototype instanceof tf.layers.Layer));
}

/** The layers an error from TensorFlow.js names, by layer name or else by class. */
function culprits(message: string, summary: IModelSummary): string[] {
  const all: ILayerRow[] = [];
  const visit = (rows: ILayerRow[]) => rows.forEach(r => (all.push(r), r.rows && visit(r.rows)));
  visit(summary.rows);
  const named = all.filter(r => new RegExp(`(^|[^\\w])${r.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w]|$)`).test(message));
  if (named.length)
    return named
      .sort((a, b) => b.name.length - a.name.length)
      .slice(0, 1)
      .map(r => r.name);
  const byClass = all.filter(r => new RegExp(`\\b${r.className}\\b`, 'i').test(message) && r.className !== 'InputLayer');
  return byClass.map(r => r.name);
}

/** Known dims must be equal; an unknown engine dim (None) matches anything. */
function shapeMatches(expected: Shape | null, actual: number[]): boolean {
  if (!expected || expected.length !== actual.length) return false;
  return expected.every((d, i) => i === 0 || d === null || Number(d) === actual[i]);
}

function dummyShape(shape: Array<number | null>, o: Required<Omit<IValidationOptions, 'strings'>>): number[] {
  return shape.map((d, i) => (d === null ? (i === 0 ? o.batchSize : o.sequenceLength) : d));
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(trans.__('validation took longer than %1 ms and was abandoned', ms))), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function validateModel(tf: TF, summary: IModelSummary, options: IValidationOptions = {}): Promise<IModelValidation> {
  return withStringsAsync(options.strings, () => validateModelNow(tf, summary, options));
}

async function validateModelNow(tf: TF, summary: IModelSummary, options: IValidationOptions): Promise<IModelValidation> {
  const o = { ...DEFAULT_VALIDATION, ...options };
  const start = performance.now();
  const result = (ok: boolean, layers: ILayerValidation[], message?: string, leakedTensors = 0): IModelValidation => ({
    model: summary.name,
    backend: tf.getBackend(),
    ok,
    ms: performance.now() - start,
    layers,
    leakedTensors,
    ...(message ? { message } : {})
  });
  const bytes = summary.totals.keras.bytes.total;
  if (bytes > BigInt(o.budgetBytes)) {
    const mb = (n: bigint | number) => `${(Number(n) / 1024 / 1024).toFixed(1)} MB`;
    return result(false, [], trans.__('not built: its weights take %1, over the %2 budget for validation', mb(bytes), mb(o.budgetBytes)));
  }
  const layerCount = expandedRowCount(summary.rows);
  if (layerCount > BigInt(MAX_VALIDATION_LAYERS)) {
    return result(
      false,
      [],
      trans.__(
        'not built: it has %1 layers (nested models counted), over the %2-layer limit for validation',
        layerCount.toLocaleString('en-US'),
        MAX_VALIDATION_LAYERS.toLocaleString('en-US')
      )
    );
  }
  const activations = activationBytes(summary, o);
  if (activations > BigInt(o.budgetBytes)) {
    const mb = (n: bigint | number) => `${(Number(n) / 1024 / 1024).toFixed(1)} MB`;
    return result(
      false,
      [],
      trans.__(
        'not built: one forward pass would hold %1 of activations (batch %2, None as %3), over the %4 budget for validation',
        mb(activations),
        o.batchSize,
        o.sequenceLength,
        mb(o.budgetBytes)
      )
    );
  }
  if (summary.totals.keras.unknownLayers) {
    return result(
      false,
      [],
      trans.__('not built: %1 layer(s) have unknown shapes or weights; fix the problems listed first', summary.totals.keras.unknownLayers)
    );
  }
  registerStandIn(tf);
  const available = availableLayers(tf);
  const forced = new Map<string, string>();
  const baseline = tf.memory().numTensors;
  const variablesBefore = new Set(Object.keys(registeredVariables(tf)));
  let outcome: IModelValidation | null = null;
  // A layer TensorFlow.js fails on (an unsupported option, say) becomes a stand-in, and the rest is tried again.
  for (let attempt = 0; attempt < 8 && !outcome; attempt++) {
    const topology = toTopology(summary.source, available, forced, o.sequenceLength);
    const attemptResult = await attemptValidation(tf, summary, topology, o, result);
    if ('error' in attemptResult) {
      const names = culprits(attemptResult.error, summary).filter(n => !forced.has(n));
      if (!names.length || attempt === 7)
        outcome = result(false, [], trans.__('TensorFlow.js could not build or run the model: %1', attemptResult.error));
      for (const n of names) forced.set(n, trans.__('TensorFlow.js failed on it (%1)', attemptResult.error.slice(0, 160)));
    } else outcome = attemptResult;
  }
  // A model that failed half-way through building has no handle to dispose: free its variables.
  const variables = registeredVariables(tf);
  for (const name of Object.keys(variables)) if (!variablesBefore.has(name)) variables[name].dispose();
  try {
    const conversions = await checkConversions(tf, summary, o.sequenceLength);
    if (conversions.length) outcome!.conversions = conversions;
  } catch (e) {
    outcome!.conversions = [
      { layer: '*', status: 'not checked', statement: '', maxDiff: null, target: null, kerasSide: null, reason: (e as Error).message }
    ];
  }
  outcome!.leakedTensors = tf.memory().numTensors - baseline;
  return outcome!;
}

/**
 * Bytes of float32 outputs one forward pass keeps (the probe model returns every row's output, so all are
 * held at once): the dummy input's shape per row, every nested row counted once per listing. Computed
 * before TensorFlow.js allocates anything; an `Input((16000, 16000))` with no weights is 1 GB here.
 */
export function activationBytes(summary: IModelSummary, options: IValidationOptions = {}): bigint {
  const o = { ...DEFAULT_VALIDATION, ...options };
  const seen = new Map<ILayerRow[], bigint>();
  const rowsBytes = (rows: ILayerRow[], depth: number): bigint => {
    const known = seen.get(rows);
    if (known !== undefined) return known;
    let total = 0n;
    for (const row of rows) {
      for (const shape of row.outputShapes ?? []) {
        if (!shape) continue;
        let n = 4n;
        shape.forEach((d, i) => (n *= d ?? BigInt(i === 0 ? o.batchSize : o.sequenceLength)));
        total += n;
      }
      // Nested models past 64 levels are past the layer limit anyway.
      if (row.rows && depth < 64) total += rowsBytes(row.rows, depth + 1);
    }
    seen.set(rows, total);
    return total;
  };
  return rowsBytes(summary.rows, 0);
}

/** One build and forward pass; an error message when TensorFlow.js fails. */
async function attemptValidation(
  tf: TF,
  summary: IModelSummary,
  topology: ReturnType<typeof toTopology>,
  o: Required<Omit<IValidationOptions, 'strings'>>,
  result: (ok: boolean, layers: ILayerValidation[], message?: string) => IModelValidation
): Promise<IModelValidation | { error: string }> {
  let model: tfjs.LayersModel | null = null;
  let probe: tfjs.LayersModel | null = null;
  // Everything an attempt allocates is released at its end, also what a failed build left behind.
  tf.engine().startScope();
  try {
    model = await withTimeout(tf.models.modelFromJSON({ modelTopology: topology.modelTopology } as never), o.timeLimitMs);
    const built = model;
    const byName = new Map(built.layers.map(l => [l.name, l]));
    const rows = summary.rows.filter(r => byName.has(r.name) && r.className !== 'InputLayer');
    // A shared layer or a nested model has several nodes: take the first that belongs to this model.
    const containerNodes = (built as unknown as { containerNodes: Set<string> }).containerNodes;
    const outputOf = (layer: tfjs.layers.Layer): tfjs.SymbolicTensor[] => {
      const count = layer.inboundNodes.length;
      for (let i = 0; i < count; i++) {
        if (count === 1 || containerNodes?.has(`${layer.name}_ib-${i}`)) return [layer.getOutputAt(i)].flat() as tfjs.SymbolicTensor[];
      }
      return [layer.getOutputAt(count - 1)].flat() as tfjs.SymbolicTensor[];
    };
    const outputs = rows.flatMap(r => outputOf(byName.get(r.name)!));
    probe = tf.model({ inputs: built.inputs, outputs });
    const run = probe;
    // tidy frees every intermediate tensor, also when the forward pass throws.
    const actualShapes = tf.tidy(() => {
      const inputs = built.inputs.map(i => tf.zeros(dummyShape(i.shape, o)));
      return ([run.predict(inputs)].flat() as tfjs.Tensor[]).map(t => t.shape);
    });
    let k = 0;
    const layers = summary.rows.map(row => {
      const tfLayer = byName.get(row.name);
      // An input's shape in TensorFlow.js is its layer's batch input shape, with the dummy sizes filled in.
      if (row.className === 'InputLayer') {
        const batchInput = (tfLayer as unknown as { batchInputShape?: Array<number | null> } | undefined)?.batchInputShape;
        return checkLayer(row, tfLayer, batchInput ? [dummyShape(batchInput, o)] : [], topology);
      }
      if (!tfLayer) return notValidatable(row, trans.__('TensorFlow.js did not build this layer'));
      const count = outputOf(tfLayer).length;
      const actual = actualShapes.slice(k, k + count);
      k += count;
      return checkLayer(row, tfLayer, actual, topology);
    });
    return result(
      layers.every(l => l.status !== 'mismatch'),
      layers
    );
  } catch (e) {
    return { error: tfjsMessage(e) };
  } finally {
    try {
      probe?.dispose();
    } catch {
      // The probe shares its layers with the model; disposing both may report the second.
    }
    try {
      model?.dispose();
    } catch {
      // Already disposed through the probe.
    }
    tf.engine().endScope();
  }
}

/**
 * TensorFlow.js's error as one line a Keras user can read: its first sentence line, without the advice to
 * JavaScript developers that follows ("This may be due to one of the following reasons: 1. …").
 */
export function tfjsMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const line = text
    .split(/\r?\n/, 1)[0]
    .replace(/\s*This may be due to one of the following reasons:?.*$/, '')
    .trim();
  return (line || trans.__('an error without a message')).slice(0, 200);
}

function registeredVariables(tf: TF): Record<string, tfjs.Variable> {
  return (tf.engine().state as unknown as { registeredVariables: Record<string, tfjs.Variable> }).registeredVariables;
}

function notValidatable(row: ILayerRow, reason: string): ILayerValidation {
  return {
    name: row.name,
    class: row.className,
    status: 'not validatable',
    shapeOk: null,
    expectedShape: row.outputShapes ? row.outputShapes.map(s => (s ? s.map(d => jsonCount(d)) : null)) : null,
    actualShape: null,
    tfjsParams: null,
    engineParams: jsonCount(row.params.keras),
    paramsOk: null,
    reason
  };
}

function checkLayer(
  row: ILayerRow,
  tfLayer: tfjs.layers.Layer | undefined,
  actual: number[][],
  topology: ReturnType<typeof toTopology>
): ILayerValidation {
  const standIn = topology.standIns.get(row.name);
  if (standIn) return notValidatable(row, trans.__("%1: a stand-in produced the engine's shape so the rest could be checked", standIn));
  const expected = row.outputShapes ?? [];
  const shapeOk = expected.length === actual.length && expected.every((s, i) => shapeMatches(s, actual[i]));
  const substitute = topology.substitutes.get(row.name);
  const tfjsParams = tfLayer ? tfLayer.countParams() : 0;
  const engine = row.params.keras;
  const partial = topology.partial.get(row.name) ?? null;
  // A nested model (an application's Normalization, LayerScale, …) holding stand-ins: their weights are not in its TensorFlow.js count.
  const standInsWithin = nestedRowNames(row).filter(n => topology.standIns.has(n));
  const paramsDifferByDesign =
    substitute?.countsDiffer ??
    partial ??
    (standInsWithin.length
      ? trans.__('its count leaves out what stand-ins replace (%1%2)', standInsWithin.slice(0, 3).join(', '), standInsWithin.length > 3 ? ', …' : '')
      : null);
  const paramsOk = paramsDifferByDesign ? null : engine !== null && BigInt(tfjsParams) === engine;
  const problems: string[] = [];
  if (!shapeOk)
    problems.push(
      trans.__(
        'TensorFlow.js gives %1, the engine %2',
        actual.map(s => `(${s.join(', ')})`).join(', '),
        expected.map(s => (s ? `(${s.map(d => (d === null ? 'None' : d)).join(', ')})` : '?')).join(', ')
      )
    );
  if (paramsOk === false)
    problems.push(
      trans.__('TensorFlow.js counts %1 parameters, the engine %2', tfjsParams.toLocaleString('en-US'), engine?.toLocaleString('en-US') ?? '?')
    );
  const byDesign =
    paramsDifferByDesign &&
    (substitute
      ? trans.__('built as %1: %2', substitute.as, paramsDifferByDesign)
      : partial
        ? trans.__('counts not compared: %1', partial)
        : paramsDifferByDesign);
  const reason = problems.length ? problems.join('; ') : byDesign ? byDesign : substitute ? trans.__('built as %1', substitute.as) : undefined;
  return {
    name: row.name,
    class: row.className,
    status: problems.length ? 'mismatch' : 'ok',
    shapeOk,
    expectedShape: expected.map(s => (s ? s.map(d => jsonCount(d)) : null)),
    actualShape: actual,
    tfjsParams,
    engineParams: jsonCount(engine),
    paramsOk,
    ...(reason ? { reason } : {})
  };
}

/** The names of the rows inside a nested model's row, at every depth. */
function nestedRowNames(row: ILayerRow): string[] {
  return (row.rows ?? []).flatMap(r => [r.name, ...nestedRowNames(r)]);
}
