/** The engine's core entry point: Python source or notebook cells in, a report out. */
import type { Diagnostic, KerasVersion } from './types';
import { KerasSession, type Model } from './keras/objects';
import { PythonReader } from './python/interpreter';
import { summarizeModel, type AnalysisReport } from './summary/summary';

export interface AnalyzeOptions {
  /** Keras major version whose defaults apply; 3 unless the source says otherwise. */
  kerasVersion?: KerasVersion;
}

/**
 * Told the index of each cell as its reading starts: the JupyterLab worker reports it, so that an
 * analysis stopped for taking too long can name the cell it was in.
 */
export const cellProgress: { onCell: ((index: number | null) => void) | null } = { onCell: null };

/** Analyse Python source or notebook cells, in order, sharing one namespace. */
export function analyzeCells(cells: Array<{ index: number | null; source: string; note?: string | null }>, options: AnalyzeOptions = {}): AnalysisReport {
  const session = new KerasSession(options.kerasVersion ?? 3);
  const reader = new PythonReader(session);
  for (const cell of cells) {
    // A cell that is not Python (a %%bash cell) says so, where it is.
    if (cell.note) session.report('info', cell.note, { cell: cell.index, line: 1, column: 1 });
    cellProgress.onCell?.(cell.index);
    reader.run(cell.source, cell.index);
  }
  // Like a Python namespace: models bound to a module-level name, in the order the names were first bound.
  const models = new Set<Model>();
  for (const value of reader.globals.vars.values()) if (value.kind === 'model') models.add(value.model);
  const memo = new Map();
  return { models: [...models].map(m => summarizeModel(m, memo)), diagnostics: sortDiagnostics(session.diagnostics), kerasVersion: session.version };
}

/** Diagnostics in reading order: by cell, line, column (stable for ties). */
function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => [d.location?.cell ?? -1, d.location?.line ?? 0, d.location?.column ?? 0];
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const [x, y] = [key(a.d), key(b.d)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || a.i - b.i;
    })
    .map(e => e.d);
}
