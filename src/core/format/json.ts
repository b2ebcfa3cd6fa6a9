/** The JSON document the CLI prints and the README documents. Counts above 2^53−1 become decimal strings. */
import type { Convention, IDiagnostic, KerasVersion, ILocation, Severity, Shape } from '../types';
import { CONVENTIONS } from '../types';
import { capped, MAX_MESSAGE_CHARS, stringifySafe } from './safe-text';
import { expandedRowCount, MAX_NESTED_DEPTH, MAX_ROWS_SHOWN } from './table';

/** Names in the JSON are data, kept raw (escaped by JSON), but a 64 M-character name is cut to this many. */
export const MAX_JSON_NAME_CHARS = 4096;
const name = (s: string) => capped(s, MAX_JSON_NAME_CHARS);
import type { IAnalysisReport, ILayerRow, IModelSummary, ISummaryCall } from '../summary/summary';
import { jsonConversion, type IJsonConversion } from '../conversion/json';

/** A count: a JSON number up to 2^53−1, a decimal string above, null when unknown. */
export type JsonCount = number | string | null;
export type JsonShape = JsonCount[] | null;

export interface IJsonWeight {
  name: string;
  shape: JsonCount[];
  trainable: boolean;
}

export interface IJsonLayer {
  name: string;
  class: string;
  /** One shape (dims, null for unknown), or one per output for layers with several outputs. */
  outputShape: JsonShape | JsonShape[];
  /**
   * `multiple`: tf.keras 2 prints no shape for this row: a layer of a subclassed model (outputShape is null), or a
   * layer whose calls differ in output shape (outputShape is its first call's).
   */
  shown?: 'multiple';
  /**
   * The nulls after the batch axis of `outputShape` are sizes the source does not give (`Input(shape=(X.shape[1], 1))`
   * with X read from a file), printed `?`; without it, a null there is Keras's None.
   */
  unknownSizes?: true;
  params: Record<Convention, JsonCount>;
  trainableParams: Record<Convention, JsonCount>;
  trainable: boolean;
  weights: { keras: IJsonWeight[]; cudnn: IJsonWeight[]; declared: 'keras' | 'cudnn' } | null;
  location: ILocation | null;
  note: string | null;
  calls: number;
  problem?: string;
  connectedTo?: string[];
  layers?: IJsonLayer[];
  /** Recurrent layers: the weight mapping to cuDNN / PyTorch and ONNX (README, "conversion"). */
  conversion?: IJsonConversion;
  /** A nested model nested deeper than the rows shown (see MAX_NESTED_DEPTH): its own row only, no `layers`. */
  layersHidden?: true;
}

export interface IJsonTotals {
  total: JsonCount;
  trainable: JsonCount;
  nonTrainable: JsonCount;
  unknownLayers: number;
  /** Memory of the weights (each weight's dtype), all of them, the trainable ones, the others. */
  bytes: JsonCount;
  trainableBytes: JsonCount;
  nonTrainableBytes: JsonCount;
  /**
   * Keras 3 after a training step: the optimizer's variables ("Optimizer params"), included in `total` and
   * `bytes` as Keras prints them when known; null when unknown (then `total` is the weights only).
   */
  optimizer?: JsonCount;
  optimizerBytes?: JsonCount;
}

export interface IJsonModel {
  name: string;
  variable: string | null;
  class: string;
  location: ILocation | null;
  built: boolean;
  /** Unbuilt in Keras (it prints `0 (unbuilt)`): the figures are the engine's, inferred on `input` (null: rank unknown too). */
  inferred?: { reason: 'unbuilt' | 'unknownInput'; input: JsonShape; note: string };
  /**
   * The `model.summary()` call this entry shows the model at, and what it asks to print (`expand_nested=True`,
   * `show_trainable=True`); null for a model no call showed.
   */
  summaryCall: ISummaryCall | null;
  layers: IJsonLayer[];
  totals: Record<Convention, IJsonTotals>;
  /** Rows of nested models left out (too deep, or past MAX_ROWS_SHOWN); absent when every row is listed. */
  rowsNotShown?: JsonCount;
  /** Keras 3, once a training step built the compiled optimizer (its variables are in `totals`): its class, and why they are unknown. */
  optimizer?: { class: string; why: string | null };
}

export interface IJsonDiagnostic {
  severity: Severity;
  message: string;
  cell: number | null;
  line: number | null;
  column: number | null;
}

export interface IJsonReport {
  kerasVersion: KerasVersion;
  /** `2.3` when a minor version was given, else the major version (`3`). */
  kerasRelease?: string;
  models: IJsonModel[];
  diagnostics: IJsonDiagnostic[];
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function jsonCount(n: bigint | null): JsonCount {
  if (n === null) return null;
  return n <= MAX_SAFE && n >= -MAX_SAFE ? Number(n) : n.toString();
}

function jsonShape(s: Shape | null): JsonShape {
  return s === null ? null : s.map(d => jsonCount(d));
}

function rowShape(row: ILayerRow): IJsonLayer['outputShape'] {
  if (!row.outputShapes) return null;
  return row.multiOutput ? row.outputShapes.map(jsonShape) : jsonShape(row.outputShapes[0]);
}

function perConvention<T>(f: (c: Convention) => T): Record<Convention, T> {
  return Object.fromEntries(CONVENTIONS.map(c => [c, f(c)])) as Record<Convention, T>;
}

/** How many rows one model's JSON still may list (shared by its nested models). */
interface IRowBudget {
  left: number;
}

function jsonRow(row: ILayerRow, depth: number, budget: IRowBudget): IJsonLayer {
  budget.left--;
  const weights = (layout: 'keras' | 'cudnn') =>
    row.weights![layout].map(w => ({ name: name(w.name), shape: w.shape.map(d => jsonCount(d)), trainable: w.trainable && row.trainable }));
  const out: IJsonLayer = {
    name: name(row.name),
    class: name(row.className),
    outputShape: rowShape(row),
    params: perConvention(c => jsonCount(row.params[c])),
    trainableParams: perConvention(c => jsonCount(row.trainableParams[c])),
    trainable: row.trainable,
    weights: row.weights ? { keras: weights('keras'), cudnn: weights('cudnn'), declared: row.weights.declared } : null,
    location: row.location,
    note: row.note,
    calls: row.calls
  };
  if (row.problem) out.problem = row.problem;
  if (row.printedMultiple) out.shown = 'multiple';
  if (row.unknownSizes) out.unknownSizes = true;
  if (row.connectedTo.length) out.connectedTo = row.connectedTo.map(name);
  if (row.rows && row.rows.length) {
    if (depth + 1 >= MAX_NESTED_DEPTH) out.layersHidden = true;
    else out.layers = jsonRows(row.rows, depth + 1, budget);
  }
  if (row.conversion) out.conversion = jsonConversion(row.conversion);
  return out;
}

function jsonRows(rows: ILayerRow[], depth: number, budget: IRowBudget): IJsonLayer[] {
  const out: IJsonLayer[] = [];
  for (const row of rows) {
    if (budget.left <= 0) break;
    out.push(jsonRow(row, depth, budget));
  }
  return out;
}

/** How many rows `layers` lists, with those of nested models. */
export function countListed(layers: IJsonLayer[]): number {
  let n = 0;
  const stack = [layers];
  while (stack.length) {
    for (const l of stack.pop()!) {
      n++;
      if (l.layers) stack.push(l.layers);
    }
  }
  return n;
}

export function jsonModel(m: IModelSummary): IJsonModel {
  const layers = jsonRows(m.rows, 0, { left: MAX_ROWS_SHOWN });
  const notShown = expandedRowCount(m.rows) - BigInt(countListed(layers));
  const out: IJsonModel = {
    name: name(m.name),
    variable: m.variable === null ? null : name(m.variable),
    class: name(m.className),
    location: m.location,
    built: m.built,
    ...(m.inferred ? { inferred: { reason: m.inferred.reason, input: jsonShape(m.inferred.input), note: m.inferred.note } } : {}),
    summaryCall: m.summaryCall ?? null,
    layers,
    totals: perConvention(c => ({
      total: jsonCount(m.totals[c].total),
      trainable: jsonCount(m.totals[c].trainable),
      nonTrainable: jsonCount(m.totals[c].nonTrainable),
      unknownLayers: m.totals[c].unknownLayers,
      bytes: jsonCount(m.totals[c].bytes.total),
      trainableBytes: jsonCount(m.totals[c].bytes.trainable),
      nonTrainableBytes: jsonCount(m.totals[c].bytes.nonTrainable),
      ...optimizerTotals(m.totals[c])
    }))
  };
  if (m.optimizer) out.optimizer = { class: name(m.optimizer.className), why: m.optimizer.why };
  if (notShown > 0n) out.rowsNotShown = jsonCount(notShown);
  return out;
}

function optimizerTotals(t: IModelSummary['totals'][Convention]): Pick<IJsonTotals, 'optimizer' | 'optimizerBytes'> {
  if (!t.optimizer) return {};
  return { optimizer: jsonCount(t.optimizer.params), optimizerBytes: jsonCount(t.optimizer.bytes) };
}

export function jsonDiagnostic(d: IDiagnostic): IJsonDiagnostic {
  return {
    severity: d.severity,
    message: capped(d.message, MAX_MESSAGE_CHARS),
    cell: d.location?.cell ?? null,
    line: d.location?.line ?? null,
    column: d.location?.column ?? null
  };
}

export function toJson(report: IAnalysisReport): IJsonReport {
  return {
    kerasVersion: report.kerasVersion,
    ...(report.kerasRelease ? { kerasRelease: report.kerasRelease } : {}),
    models: report.models.map(jsonModel),
    diagnostics: report.diagnostics.map(jsonDiagnostic)
  };
}

const converted = new WeakMap<IAnalysisReport, IJsonReport>();

/** The JSON report of an analysis, converted once however many formats render it (reports are not changed after analysis). */
export function jsonOf(report: IAnalysisReport): IJsonReport {
  let json = converted.get(report);
  if (!json) converted.set(report, (json = toJson(report)));
  return json;
}

export function formatJson(report: IAnalysisReport): string {
  return stringifySafe(toJson(report), 2) + '\n';
}
