/** The JSON document the CLI prints and the README documents. Counts above 2^53−1 become decimal strings. */
import type { Convention, Diagnostic, Shape } from '../types';
import { CONVENTIONS } from '../types';
import type { AnalysisReport, LayerRow, ModelSummary } from '../summary/summary';

export type JsonCount = number | string | null;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function jsonCount(n: bigint | null): JsonCount {
  if (n === null) return null;
  return n <= MAX_SAFE && n >= -MAX_SAFE ? Number(n) : n.toString();
}

function jsonShape(s: Shape | null): Array<JsonCount> | null {
  return s === null ? null : s.map(d => jsonCount(d));
}

export function rowShape(row: LayerRow): unknown {
  if (!row.outputShapes) return null;
  return row.multiOutput ? row.outputShapes.map(jsonShape) : jsonShape(row.outputShapes[0]);
}

function perConvention<T>(f: (c: Convention) => T): Record<Convention, T> {
  return Object.fromEntries(CONVENTIONS.map(c => [c, f(c)])) as Record<Convention, T>;
}

function jsonRow(row: LayerRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: row.name,
    class: row.className,
    outputShape: rowShape(row),
    params: perConvention(c => jsonCount(row.params[c])),
    trainableParams: perConvention(c => jsonCount(row.trainableParams[c])),
    trainable: row.trainable,
    weights: row.weights
      ? {
          keras: row.weights.keras.map(w => ({ name: w.name, shape: w.shape.map(d => jsonCount(d)), trainable: w.trainable && row.trainable })),
          cudnn: row.weights.cudnn.map(w => ({ name: w.name, shape: w.shape.map(d => jsonCount(d)), trainable: w.trainable && row.trainable })),
          declared: row.weights.declared
        }
      : null,
    location: row.location,
    note: row.note
  };
  if (row.problem) out.problem = row.problem;
  if (row.connectedTo.length) out.connectedTo = row.connectedTo;
  if (row.rows) out.layers = row.rows.map(jsonRow);
  return out;
}

export function jsonModel(m: ModelSummary): Record<string, unknown> {
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
      bytes: jsonCount(m.totals[c].bytes.total)
    }))
  };
}

export function jsonDiagnostic(d: Diagnostic): Record<string, unknown> {
  return { severity: d.severity, message: d.message, cell: d.location?.cell ?? null, line: d.location?.line ?? null, column: d.location?.column ?? null };
}

export function toJson(report: AnalysisReport): Record<string, unknown> {
  return { models: report.models.map(jsonModel), diagnostics: report.diagnostics.map(jsonDiagnostic) };
}

export function formatJson(report: AnalysisReport): string {
  return JSON.stringify(toJson(report), null, 2) + '\n';
}
