/** Small helpers for engine tests: analyse a snippet and pick out models, rows and diagnostics. */
import { analyze, analyzeCells, type AnalysisReport, type KerasVersion, type LayerRow, type ModelSummary } from '../../src/core/index';

export const HEADER = 'import keras\nfrom keras import layers\n';

export function py(source: string, kerasVersion: KerasVersion = 3): AnalysisReport {
  return analyze({ name: 'snippet.py', content: source }, { kerasVersion });
}

export function cells(sources: string[], kerasVersion: KerasVersion = 3): AnalysisReport {
  return analyzeCells(
    sources.map((source, index) => ({ index, source })),
    { kerasVersion }
  );
}

export function model(report: AnalysisReport, variable: string): ModelSummary {
  const m = report.models.find(x => x.variable === variable);
  if (!m) throw new Error(`no model ${variable}; found ${report.models.map(x => x.variable).join(', ')}`);
  return m;
}

export function row(m: ModelSummary, name: string): LayerRow {
  const r = m.rows.find(x => x.name === name);
  if (!r) throw new Error(`no row ${name}; rows are ${m.rows.map(x => x.name).join(', ')}`);
  return r;
}

export function errors(report: AnalysisReport): string[] {
  return report.diagnostics
    .filter(d => d.severity === 'error')
    .map(d => `${d.location?.cell ?? '-'}:${d.location?.line}:${d.location?.column} ${d.message}`);
}
