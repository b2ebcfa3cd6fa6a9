/** The engine's core entry point: Python source or notebook cells in, a report out. */
import type { Diagnostic, KerasVersion, Location } from './types';
import { KerasSession, type Model } from './keras/objects';
import { PythonReader } from './python/interpreter';
import { summarizeModel, type AnalysisReport, type ModelSummary } from './summary/summary';

import type { KernelValue } from './python/kernel';

export type { KernelValue };

export interface AnalyzeOptions {
  /** Keras major version whose defaults apply; 3 unless the source says otherwise. */
  kerasVersion?: KerasVersion;
  /**
   * `each`: one entry per `model.summary()` call, in the order they run, with the model as it is at
   * that call, then the models bound to names that no call showed (a script, as running it prints).
   * `latest` (default): each model once, in its latest state (a notebook's panel).
   */
  summaryCalls?: 'each' | 'latest';
  /** Values from a live kernel for names whose static value is unknown or undefined. */
  kernelValues?: Map<string, KernelValue>;
}

/** Analyse Python source or notebook cells, in order, sharing one namespace. */
export function analyzeCells(cells: Array<{ index: number | null; source: string }>, options: AnalyzeOptions = {}): AnalysisReport {
  const session = new KerasSession(options.kerasVersion ?? 3);
  const calls: Array<{ model: Model; summary: ModelSummary | null; location: Location | null }> = [];
  const each = options.summaryCalls === 'each';
  // Snapshot at the call: layers added later, a name rebound later or pop() do not change what it printed.
  session.onSummaryCall = (model, location) => calls.push({ model, location, summary: each ? { ...summarizeModel(model), summaryCall: location } : null });
  const reader = new PythonReader(session, options.kernelValues);
  for (const cell of cells) reader.run(cell.source, cell.index);
  // Like a Python namespace: models bound to a module-level name, in the order the names were first bound.
  const named = new Set<Model>();
  for (const value of reader.globals.vars.values()) if (value.kind === 'model') named.add(value.model);
  let models: ModelSummary[];
  if (each) {
    const shown = new Set(calls.map(c => c.model));
    models = [...calls.map(c => c.summary!), ...[...named].filter(m => !shown.has(m)).map(m => ({ ...summarizeModel(m), summaryCall: null }))];
  } else {
    // Each model once, latest state; a model only a summary() call showed (built in a function) comes after.
    const lastCall = new Map<Model, Location | null>();
    for (const c of calls) lastCall.set(c.model, c.location);
    const all = [...named, ...[...lastCall.keys()].filter(m => !named.has(m))];
    models = all.map(m => ({ ...summarizeModel(m), summaryCall: lastCall.get(m) ?? null }));
  }
  return { models, diagnostics: sortDiagnostics(session.diagnostics), kerasVersion: session.version };
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
