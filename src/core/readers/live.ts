/**
 * The kernel inspector's reply (jupyterlab_model_summary/inspector.py) into the same `ModelSummary`
 * structure as the static path: rows, counts per convention, totals, the Δ reason. Counts come from
 * the live weights; the cuDNN layout of recurrent layers is derived from each layer's configuration
 * by the catalogue's rule (cuDNN keeps an input and a recurrent bias per gate: 2 × gates × units),
 * the same rule the kernel's own summary applies (jupyterlab_model_summary/summary.py). The reply is
 * data from another process: every field is checked, and what does not fit is said, never guessed.
 */
import type { Convention, IDiagnostic, KerasVersion, Shape } from '../types';
import { CONVENTIONS } from '../types';
import { Model } from '../keras/objects';
import { countWeights, type IDualBias, type IWeight } from '../keras/weights';
import { dualBiasNote, sumTotals, type Counts, type ILayerRow, type IModelSummary, type ITotals, type ITotalsLeaf } from '../summary/summary';
import type { KernelValue } from '../python/kernel-values';
import type { JsonCount, IJsonModel } from '../format/json';
import { trans } from '../i18n/current';
import { nullPrototype } from '../null-prototype';

export interface ILiveLibrary {
  name: 'keras' | 'tf_keras';
  version: string;
  backend: string | null;
}

export interface ILiveReport {
  /** "live (Keras 3.15.1, tensorflow)". */
  label: string;
  libraries: ILiveLibrary[];
  kerasVersion: KerasVersion;
  models: IModelSummary[];
  values: Map<string, KernelValue>;
  diagnostics: IDiagnostic[];
  /** Milliseconds the kernel spent inspecting. */
  kernelMs: number | null;
}

const DTYPE_BYTES: Record<string, bigint> = nullPrototype({
  float16: 2n,
  bfloat16: 2n,
  float32: 4n,
  float64: 8n,
  int8: 1n,
  uint8: 1n,
  int16: 2n,
  uint16: 2n,
  int32: 4n,
  uint32: 4n,
  int64: 8n,
  uint64: 8n,
  bool: 1n,
  complex64: 8n,
  complex128: 16n
});
/** Recurrent classes the inspector reports, with their gates: the catalogue's (rnn.ts). */
const GATES: Record<string, number> = nullPrototype({
  SimpleRNN: 1,
  LSTM: 4,
  GRU: 3,
  CuDNNLSTM: 4,
  CuDNNGRU: 3,
  ConvLSTM1D: 4,
  ConvLSTM2D: 4,
  ConvLSTM3D: 4,
  // Cells under keras.layers.RNN (the inspector reports a layer's own cell with the layer).
  SimpleRNNCell: 1,
  LSTMCell: 4,
  GRUCell: 3
});
const MAX_DEPTH = 16;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown, fallback = '?'): string => (typeof v === 'string' ? v.slice(0, 200) : fallback);

function dim(d: unknown): bigint | null | undefined {
  if (d === null) return null;
  return typeof d === 'number' && Number.isSafeInteger(d) && d >= 0 ? BigInt(d) : undefined;
}

function shape(s: unknown): Shape | null {
  if (!Array.isArray(s) || s.length > 32) return null;
  const dims = s.map(dim);
  return dims.some(d => d === undefined) ? null : (dims as Shape);
}

/** Output shapes: one shape, a list of shapes (several outputs), or unknown. */
function outputShapes(s: unknown): { shapes: Array<Shape | null> | null; multi: boolean } {
  if (!Array.isArray(s)) return { shapes: null, multi: false };
  if (s.length && s.every(Array.isArray)) return { shapes: s.map(shape), multi: true };
  const one = shape(s);
  return { shapes: one ? [one] : null, multi: false };
}

const size = (dims: bigint[]) => dims.reduce((a, b) => a * b, 1n);

interface ILiveWeight {
  name: string;
  shape: bigint[] | null;
  dtype: string;
  trainable: boolean;
}

function liveWeights(row: Json): ILiveWeight[] {
  const ws = Array.isArray(row.weights) ? row.weights : [];
  return ws.filter(isObject).map(w => {
    const s = shape(w.shape);
    return {
      name: text(w.name).split('/').pop()!.split(':')[0],
      shape: s && s.every(d => d !== null) ? (s as bigint[]) : null,
      dtype: text(w.dtype, 'float32'),
      trainable: w.trainable === true
    };
  });
}

/** The row's weights under each layout, and why they differ: the catalogue's rule applied to the live configuration. */
export function liveLayouts(
  row: Json,
  weights: IWeight[]
): { keras: IWeight[]; cudnn: IWeight[]; declared: 'keras' | 'cudnn'; dualBias: IDualBias | null } {
  const keras = weights.map(w => ({ ...w }));
  const cudnn = weights.map(w => ({ ...w }));
  let declared: 'keras' | 'cudnn' = 'keras';
  const differing: Array<{ gates: number; units: bigint; className: string; unitName: 'units' | 'filters' }> = [];
  for (const r of Array.isArray(row.recurrent) ? row.recurrent.filter(isObject) : []) {
    const className = text(r.class);
    const gates = GATES[className];
    const index = r.bias;
    const units = dim(r.units);
    if (
      !gates ||
      typeof index !== 'number' ||
      !Number.isInteger(index) ||
      index < 0 ||
      index >= weights.length ||
      units === null ||
      units === undefined
    )
      continue;
    const dual = 2n * BigInt(gates) * units;
    let kept: bigint;
    if (className.startsWith('CuDNN')) {
      // Keras 2's CuDNNLSTM / CuDNNGRU declare the cuDNN layout; Keras's is LSTM / GRU(reset_after=True).
      declared = 'cudnn';
      keras[index] = { ...keras[index], shape: className === 'CuDNNLSTM' ? [4n * units] : [2n, 3n * units] };
      kept = size(keras[index].shape);
    } else {
      kept = size(weights[index].shape);
      cudnn[index] = { ...cudnn[index], shape: [dual] };
    }
    if (kept !== dual) differing.push({ gates, units, className, unitName: r.unitName === 'filters' ? 'filters' : 'units' });
  }
  const first = differing[0];
  const dualBias: IDualBias | null = first
    ? {
        directions: differing.length,
        gates: first.gates,
        units: first.units,
        unitName: first.unitName,
        noKernel: first.className.startsWith('ConvLSTM')
      }
    : null;
  return { keras, cudnn, declared, dualBias };
}

function sumRows(rows: ILayerRow[], pick: (r: ILayerRow) => Counts): Counts {
  const out = {} as Counts;
  for (const c of CONVENTIONS) {
    let total: bigint | null = 0n;
    for (const r of rows) {
      const n = pick(r)[c];
      total = n === null || total === null ? null : total + n;
    }
    out[c] = total;
  }
  return out;
}

const unknownCounts = (): Counts => ({ keras: null, cudnn: null, declared: null });

function liveRow(row: Json, depth: number): ILayerRow {
  const { shapes, multi } = outputShapes(row.outputShape);
  const trainable = row.trainable !== false;
  const base = {
    name: text(row.name),
    className: text(row.class),
    outputShapes: shapes,
    multiOutput: multi,
    bytesPerParam: 4n,
    trainable,
    location: null,
    note: null as string | null,
    problem: null as string | null,
    connectedTo: [] as string[],
    calls: typeof row.calls === 'number' && Number.isInteger(row.calls) && row.calls > 0 ? row.calls : 1
  };
  if (Array.isArray(row.layers)) {
    const rows = depth < MAX_DEPTH ? row.layers.filter(isObject).map(r => liveRow(r, depth + 1)) : [];
    const notes = rows.map(r => r.note).filter((n): n is string => n !== null);
    return {
      ...base,
      params: sumRows(rows, r => r.params),
      trainableParams: sumRows(rows, r => r.trainableParams),
      weights: null,
      note: notes.length ? `nested: ${notes.length === 1 ? notes[0] : trans.__('%1 recurrent layers differ', notes.length)}` : null,
      problem:
        depth >= MAX_DEPTH
          ? trans.__('nested too deeply to show')
          : rows.some(r => r.params.keras === null)
            ? trans.__('some nested layers are unknown')
            : null,
      rows
    };
  }
  const live = liveWeights(row);
  if ((row.built === false && !live.length) || live.some(w => w.shape === null)) {
    const problem = live.length ? trans.__('a weight has an unknown shape') : trans.__('the layer is not built in the kernel (no input shape yet)');
    return { ...base, params: unknownCounts(), trainableParams: unknownCounts(), weights: null, problem };
  }
  const weights: IWeight[] = live.map(w => ({ name: w.name, shape: w.shape!, trainable: w.trainable }));
  const layouts = liveLayouts(row, weights);
  const params = {} as Counts;
  const trainableParams = {} as Counts;
  for (const c of CONVENTIONS) {
    const layout = c === 'declared' ? layouts.declared : c;
    const n = countWeights(layout === 'keras' ? layouts.keras : layouts.cudnn, trainable);
    params[c] = n.total;
    trainableParams[c] = n.trainable;
  }
  return {
    ...base,
    params,
    trainableParams,
    bytesPerParam: DTYPE_BYTES[live[0]?.dtype ?? 'float32'] ?? 4n,
    weights: { keras: layouts.keras, cudnn: layouts.cudnn, declared: layouts.declared },
    note: layouts.dualBias && params.keras !== params.cudnn ? dualBiasNote(layouts.dualBias) : null
  };
}

/** A live model's totals: every leaf row (nested models' rows included), summed as the static summary sums its layers. */
function liveTotals(rows: ILayerRow[]): Record<Convention, ITotals> {
  const leaves: ITotalsLeaf[] = [];
  const visit = (r: ILayerRow): void => {
    if (r.rows) return r.rows.forEach(visit);
    const bytes = {} as ITotalsLeaf['bytes'];
    for (const c of CONVENTIONS)
      bytes[c] = { total: (r.params[c] ?? 0n) * r.bytesPerParam, trainable: (r.trainableParams[c] ?? 0n) * r.bytesPerParam };
    leaves.push({ params: r.params, trainableParams: r.trainableParams, bytes });
  };
  rows.forEach(visit);
  return sumTotals(leaves);
}

/**
 * Keras 3's built optimizer (the inspector's `optimizer`): its variables, added to `totals` as its summary counts
 * them in "Total params"; its class and why a count is unknown. The live variables are those of the weights the
 * model holds (the declared layout); another layout has as many slot variables per weight (the non-scalar
 * variables over the trainable weights) for its own weights, known when it was built on the trainable weights the
 * model has now. As `optimizer_counts` in the kernel's summary.py.
 */
function liveOptimizer(o: unknown, totals: Record<Convention, ITotals>): IModelSummary['optimizer'] | null {
  if (!isObject(o)) return null;
  const className = text(o.class, 'Optimizer');
  const parts = Array.isArray(o.variables) ? o.variables.filter(isObject) : null;
  const elements = parts?.map(v => dim(v.elements));
  const known = parts && elements && elements.every(n => typeof n === 'bigint');
  let params = 0n;
  let bytes = 0n;
  let slotParams = 0n;
  let slotBytes = 0n;
  if (known)
    parts.forEach((v, i) => {
      const n = elements[i] as bigint;
      const b = n * (DTYPE_BYTES[text(v.dtype, 'float32')] ?? 4n);
      params += n;
      bytes += b;
      if (v.scalar !== true) {
        slotParams += n;
        slotBytes += b;
      }
    });
  const ref = totals.declared;
  const builtOn = dim(o.builtOn);
  let slots: bigint | null = null;
  if (slotParams === 0n) slots = 0n;
  // Built on the weights it has now (nothing frozen since): so many slot variables per weight.
  else if (ref.unknownLayers === 0 && builtOn === ref.trainable && builtOn > 0n && slotParams % builtOn === 0n && slotBytes % slotParams === 0n)
    slots = slotParams / builtOn;
  let why: string | null = known ? null : trans.__('a variable of the optimizer has an unknown shape');
  for (const c of CONVENTIONS) {
    const t = totals[c];
    const extra = t.trainable - ref.trainable;
    let own: { params: bigint | null; bytes: bigint | null } = { params: null, bytes: null };
    if (known && extra === 0n && t.unknownLayers === ref.unknownLayers) own = { params, bytes };
    else if (known && slots !== null && !t.unknownLayers)
      own = { params: params + slots * extra, bytes: bytes + slots * extra * (slotParams ? slotBytes / slotParams : 0n) };
    else why ??= trans.__('the trainable weights it was built on are not all known');
    t.optimizer = own;
    if (own.params !== null && own.bytes !== null) {
      t.total += own.params;
      t.bytes.total += own.bytes;
    }
  }
  return { className, why };
}

function liveModel(m: Json): IModelSummary {
  const className = text(m.class, 'Model');
  const kind = className === 'Sequential' ? 'sequential' : 'functional';
  const rows = (Array.isArray(m.layers) ? m.layers : []).filter(isObject).map(r => liveRow(r, 0));
  // The Keras objects behind a live summary stay in the kernel: an empty model stands for them.
  const source = new Model(kind, className, text(m.name), null);
  source.variable = typeof m.variable === 'string' ? m.variable : null;
  const totals = liveTotals(rows);
  const optimizer = liveOptimizer(m.optimizer, totals);
  return {
    name: text(m.name),
    variable: source.variable,
    className,
    kind,
    location: null,
    built: m.built === true,
    inferred: null,
    rows,
    totals,
    ...(optimizer ? { optimizer } : {}),
    source
  };
}

function libraryLabel(l: ILiveLibrary): string {
  return `${l.name === 'keras' ? 'Keras' : 'tf_keras'} ${l.version}${l.backend ? `, ${l.backend}` : ''}`;
}

/** Reads one reply. Anything malformed becomes a diagnostic; the well-formed models are still summarized. */
export function readLiveReply(reply: unknown): ILiveReport {
  const diagnostics: IDiagnostic[] = [];
  const empty: ILiveReport = {
    label: trans.__('live (no reply)'),
    libraries: [],
    kerasVersion: 3,
    models: [],
    values: new Map(),
    diagnostics,
    kernelMs: null
  };
  if (!isObject(reply) || reply.version !== 1) {
    diagnostics.push({ severity: 'warning', message: trans.__('the kernel sent a reply this version cannot read'), location: null });
    return empty;
  }
  const libraries: ILiveLibrary[] = (Array.isArray(reply.libraries) ? reply.libraries : []).filter(isObject).map(l => ({
    name: l.name === 'tf_keras' ? 'tf_keras' : 'keras',
    version: text(l.version),
    backend: typeof l.backend === 'string' ? l.backend : null
  }));
  const models: IModelSummary[] = [];
  for (const m of (Array.isArray(reply.models) ? reply.models : []).filter(isObject)) {
    if (typeof m.error === 'string')
      diagnostics.push({
        severity: 'warning',
        message: trans.__('%1: could not read the live model: %2', text(m.variable), text(m.error)),
        location: null
      });
    models.push(liveModel(m));
  }
  if (typeof reply.truncated === 'string')
    diagnostics.push({ severity: 'warning', message: trans.__('live summary cut short: %1', text(reply.truncated)), location: null });
  const values = new Map<string, KernelValue>();
  if (isObject(reply.values))
    for (const [name, v] of Object.entries(reply.values)) if (/^[A-Za-z_]\w*$/.test(name) && isObject(v)) values.set(name, v as KernelValue);
  const first = (Array.isArray(reply.models) ? reply.models : []).find(isObject);
  return {
    label: libraries.length ? trans.__('live (%1)', libraries.map(libraryLabel).join('; ')) : trans.__('live (no Keras loaded in the kernel)'),
    libraries,
    kerasVersion: isObject(first) && first.library === 'tf_keras' ? 2 : 3,
    models,
    values,
    diagnostics,
    kernelMs: typeof reply.ms === 'number' ? reply.ms : null
  };
}

// --- static vs live, layer by layer --------------------------------------------------------------

export type LiveStatus = 'ok' | 'mismatch' | 'not compared';

/** One row's comparison: the static engine's numbers and the live model's, per convention. */
export interface ILiveLayerCheck {
  name: string;
  class: string;
  status: LiveStatus;
  staticParams: { keras: JsonCount; cudnn: JsonCount };
  liveParams: { keras: JsonCount; cudnn: JsonCount };
  reason?: string;
}

export interface ILiveModelCheck {
  variable: string;
  ok: boolean;
  label: string;
  layers: ILiveLayerCheck[];
  totals: { keras: JsonCount; cudnn: JsonCount };
}

const str = (n: bigint | null): JsonCount => (n === null ? null : n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString());
const fromJson = (n: JsonCount): bigint | null => (n === null ? null : BigInt(n));

function shapesAgree(a: Array<Shape | null> | null, b: Array<Shape | null> | null): boolean {
  if (!a || !b) return true; // unknown on one side: nothing to disagree with
  if (a.length !== b.length) return false;
  return a.every((s, i) => {
    const t = b[i];
    if (!s || !t) return true;
    // A None after the batch axis is Keras's None: the live model has it too (a size the source does not give
    // makes the static model one the live model replaces, not one compared with it).
    return s.length === t.length && s.every((d, j) => (j === 0 && (d === null || t[j] === null)) || d === t[j]);
  });
}

const shapeWords = (s: Array<Shape | null> | null) =>
  s ? s.map(x => (x ? `(${x.map(d => (d === null ? 'None' : String(d))).join(', ')})` : '?')).join(', ') : '?';

/** Compares the static summary of a model with the live one, row by row (by layer name). */
export function compareWithLive(
  staticModel: IJsonModel,
  staticShapes: Map<string, Array<Shape | null> | null>,
  live: IModelSummary,
  label: string
): ILiveModelCheck {
  const liveRows = new Map(live.rows.map(r => [r.name, r]));
  const layers: ILiveLayerCheck[] = staticModel.layers.map(layer => {
    const row = liveRows.get(layer.name);
    const staticParams = { keras: layer.params.keras, cudnn: layer.params.cudnn };
    if (!row)
      return {
        name: layer.name,
        class: layer.class,
        status: 'not compared',
        staticParams,
        liveParams: { keras: null, cudnn: null },
        reason: trans.__('no layer of this name in the live model')
      };
    const liveParams = { keras: str(row.params.keras), cudnn: str(row.params.cudnn) };
    const problems: string[] = [];
    for (const c of ['keras', 'cudnn'] as const) {
      const s = fromJson(staticParams[c]);
      const l = row.params[c];
      if (s !== null && l !== null && s !== l)
        problems.push(
          trans.__('%1 params: static %2, live %3', c === 'keras' ? 'Keras' : 'cuDNN', s.toLocaleString('en-US'), l.toLocaleString('en-US'))
        );
    }
    const staticShape = staticShapes.get(layer.name) ?? null;
    if (!shapesAgree(staticShape, row.outputShapes))
      problems.push(trans.__('output shape: static %1, live %2', shapeWords(staticShape), shapeWords(row.outputShapes)));
    if (problems.length) return { name: layer.name, class: layer.class, status: 'mismatch', staticParams, liveParams, reason: problems.join('; ') };
    if (staticParams.keras === null || row.params.keras === null)
      return {
        name: layer.name,
        class: layer.class,
        status: 'not compared',
        staticParams,
        liveParams,
        reason: trans.__('unknown on the static side')
      };
    return { name: layer.name, class: layer.class, status: 'ok', staticParams, liveParams };
  });
  return {
    variable: staticModel.variable ?? staticModel.name,
    ok: layers.every(l => l.status !== 'mismatch') && layers.length === live.rows.length,
    label,
    layers,
    totals: { keras: str(live.totals.keras.total), cudnn: str(live.totals.cudnn.total) }
  };
}
