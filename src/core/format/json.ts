/** The JSON document the CLI prints and the README documents. Counts above 2^53−1 become decimal strings. */
import type { Convention, Diagnostic, KerasVersion, Location, Severity, Shape } from '../types';
import { CONVENTIONS } from '../types';
import type { AnalysisReport, LayerRow, ModelSummary } from '../summary/summary';

/** A count: a JSON number up to 2^53−1, a decimal string above, null when unknown. */
export type JsonCount = number | string | null;
export type JsonShape = JsonCount[] | null;

export interface JsonWeight {
  name: string;
  shape: JsonCount[];
  trainable: boolean;
}

export interface JsonLayer {
  name: string;
  class: string;
  /** One shape (dims, null for unknown), or one per output for layers with several outputs. */
  outputShape: JsonShape | JsonShape[];
  params: Record<Convention, JsonCount>;
  trainableParams: Record<Convention, JsonCount>;
  trainable: boolean;
  weights: { keras: JsonWeight[]; cudnn: JsonWeight[]; declared: 'keras' | 'cudnn' } | null;
  location: Location | null;
  note: string | null;
  calls: number;
  problem?: string;
  connectedTo?: string[];
  layers?: JsonLayer[];
}

export interface JsonTotals {
  total: JsonCount;
  trainable: JsonCount;
  nonTrainable: JsonCount;
  unknownLayers: number;
  /** Memory of the weights (each weight's dtype), all of them, the trainable ones, the others. */
  bytes: JsonCount;
  trainableBytes: JsonCount;
  nonTrainableBytes: JsonCount;
}

export interface JsonModel {
  name: string;
  variable: string | null;
  class: string;
  location: Location | null;
  built: boolean;
  layers: JsonLayer[];
  totals: Record<Convention, JsonTotals>;
}

export interface JsonDiagnostic {
  severity: Severity;
  message: string;
  cell: number | null;
  line: number | null;
  column: number | null;
}

export interface JsonReport {
  kerasVersion: KerasVersion;
  models: JsonModel[];
  diagnostics: JsonDiagnostic[];
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function jsonCount(n: bigint | null): JsonCount {
  if (n === null) return null;
  return n <= MAX_SAFE && n >= -MAX_SAFE ? Number(n) : n.toString();
}

function jsonShape(s: Shape | null): JsonShape {
  return s === null ? null : s.map(d => jsonCount(d));
}

function rowShape(row: LayerRow): JsonLayer['outputShape'] {
  if (!row.outputShapes) return null;
  return row.multiOutput ? row.outputShapes.map(jsonShape) : jsonShape(row.outputShapes[0]);
}

function perConvention<T>(f: (c: Convention) => T): Record<Convention, T> {
  return Object.fromEntries(CONVENTIONS.map(c => [c, f(c)])) as Record<Convention, T>;
}

function jsonRow(row: LayerRow): JsonLayer {
  const weights = (layout: 'keras' | 'cudnn') =>
    row.weights![layout].map(w => ({ name: w.name, shape: w.shape.map(d => jsonCount(d)), trainable: w.trainable && row.trainable }));
  const out: JsonLayer = {
    name: row.name,
    class: row.className,
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
  if (row.connectedTo.length) out.connectedTo = row.connectedTo;
  if (row.rows) out.layers = row.rows.map(jsonRow);
  return out;
}

export function jsonModel(m: ModelSummary): JsonModel {
  return {
    name: m.name,
    variable: m.variable,
    class: m.className,
    location: m.location,
    built: m.built,
    layers: m.rows.map(jsonRow),
    totals: perConvention(c => ({
      total: jsonCount(m.totals[c].total),
      trainable: jsonCount(m.totals[c].trainable),
      nonTrainable: jsonCount(m.totals[c].nonTrainable),
      unknownLayers: m.totals[c].unknownLayers,
      bytes: jsonCount(m.totals[c].bytes.total),
      trainableBytes: jsonCount(m.totals[c].bytes.trainable),
      nonTrainableBytes: jsonCount(m.totals[c].bytes.nonTrainable)
    }))
  };
}

export function jsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  return { severity: d.severity, message: d.message, cell: d.location?.cell ?? null, line: d.location?.line ?? null, column: d.location?.column ?? null };
}

export function toJson(report: AnalysisReport): JsonReport {
  return { kerasVersion: report.kerasVersion, models: report.models.map(jsonModel), diagnostics: report.diagnostics.map(jsonDiagnostic) };
}

const converted = new WeakMap<AnalysisReport, JsonReport>();

/** The JSON report of an analysis, converted once however many formats render it (reports are not changed after analysis). */
export function jsonOf(report: AnalysisReport): JsonReport {
  let json = converted.get(report);
  if (!json) converted.set(report, (json = toJson(report)));
  return json;
}

export function formatJson(report: AnalysisReport): string {
  return JSON.stringify(toJson(report), null, 2) + '\n';
}
