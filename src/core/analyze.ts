/** The engine's core entry point: Python source or notebook cells in, a report out. */
import type { Diagnostic } from './types';
import { KerasSession, type Model } from './keras/objects';
import { PythonReader } from './python/interpreter';
import { kernelScope, type KernelValue } from './python/kernel-values';
import { summarizeModel, type AnalysisReport } from './summary/summary';
import { detectKerasVersion, formatKerasRelease, toRelease, type KerasRelease, type KerasVersionOption } from './keras/version';

export interface AnalyzeOptions {
  /**
   * The Keras whose defaults apply: 2, 3 or major.minor (`'2.3'`, `'2.15'`, `'3.x'`). Omitted (or
   * `'auto'`): Keras 2 when the source can only be Keras 2 code (tensorflow.compat.v1, CuDNNLSTM, …), else 3.
   */
  kerasVersion?: KerasVersionOption | 'auto';
  /** Values the kernel holds (from the live inspector), used for global names the source leaves unknown. */
  kernelValues?: Map<string, KernelValue>;
}

/** The session for `options`, with a one-line note when the version was inferred from the source. */
export function sessionFor(cells: Array<{ index: number | null; source: string }>, options: AnalyzeOptions): KerasSession {
  const given = options.kerasVersion;
  if (given !== undefined && given !== 'auto') {
    const release = toRelease(given);
    return new KerasSession(release.major, release);
  }
  const detected = detectKerasVersion(cells);
  const release: KerasRelease = detected?.release ?? { major: 3, minor: null };
  const session = new KerasSession(release.major, release);
  if (detected) {
    session.report('info', `read as Keras ${formatKerasRelease(release)} code because ${detected.reason}; pass --keras-version 3 to read it as Keras 3`, detected.location);
  }
  return session;
}

/**
 * Told the index of each cell as its reading starts: the JupyterLab worker reports it, so that an
 * analysis stopped for taking too long can name the cell it was in.
 */
export const cellProgress: { onCell: ((index: number | null) => void) | null } = { onCell: null };

/** Analyse Python source or notebook cells, in order, sharing one namespace. */
export function analyzeCells(cells: Array<{ index: number | null; source: string; note?: string | null }>, options: AnalyzeOptions = {}): AnalysisReport {
  const session = sessionFor(cells, options);
  const reader = new PythonReader(session);
  reader.kernelValues = kernelScope(options.kernelValues);
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
  const summaries = [...models].map(m => summarizeModel(m, session.version, memo));
  // One line per unbuilt model, where the panel, the magic and the CLI all show diagnostics.
  for (const s of summaries) if (s.inferred) session.report('info', s.inferred.note, s.location);
  return { models: summaries, diagnostics: sortDiagnostics(session.diagnostics), kerasVersion: session.version, kerasRelease: formatKerasRelease(session.release) };
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
