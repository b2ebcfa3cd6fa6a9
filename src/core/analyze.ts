/** The engine's core entry point: Python source or notebook cells in, a report out. */
import { CONVENTIONS, type IDiagnostic } from './types';
import type { IStrings } from './i18n/strings';
import { KerasSession, type Model } from './keras/objects';
import { PythonReader } from './python/interpreter';
import { checkedKernelValues, type KernelValue } from './python/kernel-values';
import { summarizeModel, type IAnalysisReport, type IModelSummary, type ISummaryCall } from './summary/summary';
import {
  detectKerasVersion,
  formatKerasRelease,
  toRelease,
  type IDetectedVersion,
  type IKerasRelease,
  type KerasVersionOption
} from './keras/version';
import { trans, withStrings } from './i18n/current';

export type { KernelValue };

export interface IAnalyzeOptions {
  /**
   * The Keras whose defaults apply: 2, 3 or major.minor (`'2.3'`, `'2.15'`, `'3.x'`). Omitted (or
   * `'auto'`): Keras 2 when the source can only be Keras 2 code (tensorflow.compat.v1, CuDNNLSTM, …), else 3.
   */
  kerasVersion?: KerasVersionOption | 'auto';
  /**
   * `each`: one entry per `model.summary()` call, in the order they run, with the model as it is at
   * that call, then the models bound to names that no call showed (a script, as running it prints).
   * `latest` (default): each model once, in its latest state (a notebook's panel).
   */
  summaryCalls?: 'each' | 'latest';
  /** Values from a live kernel (the inspector's) for global names whose static value is unknown or undefined. */
  kernelValues?: Map<string, KernelValue>;
  /** A notebook's saved summary tables: the Keras major version that printed them (readers/notebook.ts), for `auto`. */
  printedKerasMajor?: 2 | 3 | null;
  /**
   * The cells are read once (a file the CLI reads): their syntax trees are not kept for a later reading of the
   * same text, which keeping would speed up (the panel's re-analysis) at a cost to this one.
   */
  readOnce?: boolean;
  /** The language of the report's messages (diagnostics, Δ and unknown reasons): the ones in force when absent (English by default). */
  strings?: IStrings;
}

/** The session for `options`, with a one-line note when the version was inferred from the source. */
export function sessionFor(cells: Array<{ index: number | null; source: string }>, options: IAnalyzeOptions): KerasSession {
  const given = options.kerasVersion;
  if (given !== undefined && given !== 'auto') {
    const release = toRelease(given);
    return new KerasSession(release.major, release);
  }
  const detected = printedVersion(options.printedKerasMajor, cells) ?? detectKerasVersion(cells);
  const release: IKerasRelease = detected?.release ?? { major: 3, minor: null };
  const session = new KerasSession(release.major, release);
  session.versionAssumed = !detected;
  if (detected) {
    const note =
      release.major === 3
        ? trans.__('read as Keras 3 code because %1', detected.reason)
        : trans.__('read as Keras %1 code because %2; pass --keras-version 3 to read it as Keras 3', formatKerasRelease(release), detected.reason);
    session.report('info', note, detected.location);
  }
  return session;
}

/**
 * The Keras that printed a notebook's saved summaries ran its code: that version, before any mark in the source.
 * Keras 2's minor version comes from the source when it says (standalone Keras 2.3's marks).
 */
function printedVersion(major: 2 | 3 | null | undefined, cells: Array<{ index: number | null; source: string }>): IDetectedVersion | null {
  if (!major) return null;
  const fromSource = major === 2 ? detectKerasVersion(cells) : null;
  const reason = major === 2 ? trans.__("the summary tables saved in it are Keras 2's") : trans.__("the summary tables saved in it are Keras 3's");
  return { release: fromSource?.release ?? { major, minor: null }, reason, location: null };
}

/**
 * Told the index of each cell as its reading starts: the JupyterLab worker reports it, so that an
 * analysis stopped for taking too long can name the cell it was in.
 */
export const cellProgress: { onCell: ((index: number | null) => void) | null } = { onCell: null };

/** Analyse Python source or notebook cells, in order, sharing one namespace. */
export function analyzeCells(
  cells: Array<{ index: number | null; source: string; note?: string | null }>,
  options: IAnalyzeOptions = {}
): IAnalysisReport {
  return withStrings(options.strings, () => analyzeCellsNow(cells, options));
}

function analyzeCellsNow(cells: Array<{ index: number | null; source: string; note?: string | null }>, options: IAnalyzeOptions): IAnalysisReport {
  const session = sessionFor(cells, options);
  const version = session.version;
  const calls: Array<{ model: Model; summary: IModelSummary | null; call: ISummaryCall | null }> = [];
  const each = options.summaryCalls === 'each';
  // Snapshot at the call: layers added later, a name rebound later or pop() do not change what it printed.
  session.onSummaryCall = (model, location, printed) => {
    const call = location && { ...location, ...printed };
    calls.push({ model, call, summary: each ? { ...summarizeModel(model, version), summaryCall: call } : null });
  };
  // The optimizer is built on the trainable weights the model has at its first training step.
  session.onOptimizerBuild = (model, optimizer, location) => {
    const totals = summarizeModel(model, version).totals;
    const trainable = {} as Parameters<typeof optimizer.build>[0];
    for (const c of CONVENTIONS) {
      const t = totals[c];
      const known = t.unknownLayers === 0;
      trainable[c] = { params: known ? t.trainable : null, bytes: known ? t.bytes.trainable : null };
    }
    optimizer.build(trainable);
    if (version === 3 && session.versionAssumed && !optimizer.why) {
      // Keras 3 prints these and counts them in Total params; tf.keras 2 prints none: not stated when neither the
      // code nor the user says which ran it.
      const keras3 = optimizer.built!.params.keras;
      optimizer.why =
        keras3 === null
          ? trans.__('nothing in the code says which Keras ran it, and only Keras 3 prints them (pass --keras-version 3 or 2)')
          : trans.__(
              'nothing in the code says which Keras ran it: Keras 3 prints %1 and counts them in Total params, Keras 2 none (pass --keras-version 3 or 2)',
              keras3.toLocaleString('en-US')
            );
      optimizer.forget();
    }
    if (version === 3 && optimizer.why)
      session.report(
        'info',
        trans.__('the %1 optimizer\'s variables (Keras 3\'s "Optimizer params") are unknown: %2', optimizer.className, optimizer.why),
        location
      );
  };
  const reader = new PythonReader(session, checkedKernelValues(options.kernelValues));
  for (const cell of cells) {
    // A cell that is not Python (a %%bash cell) says so, where it is.
    if (cell.note) session.report('info', cell.note, { cell: cell.index, line: 1, column: 1 });
    cellProgress.onCell?.(cell.index);
    reader.run(cell.source, cell.index, options.readOnce);
  }
  // Like a Python namespace: models bound to a module-level name, in the order the names were first bound, each
  // followed by the models the attributes of objects of Python classes hold (`autoencoder.encoder`).
  const bound = reader.boundModels();
  const named = new Set<Model>(bound.map(b => b.model));
  const heldAt = new Map<Model, string>();
  for (const b of bound) if (b.path !== null) heldAt.set(b.model, b.path);
  const summarize = (m: Model, memo: Parameters<typeof summarizeModel>[2]) => {
    const s = summarizeModel(m, version, memo);
    const path = heldAt.get(m);
    return path === undefined ? s : { ...s, variable: path };
  };
  // Summaries taken now share one memo (nested models summarized once); snapshots above each had their own.
  const memo = new Map();
  let models: IModelSummary[];
  if (each) {
    // After the calls, each bound model whose final state no call showed: never shown, or changed since.
    const lastShown = new Map<Model, IModelSummary>();
    for (const c of calls) lastShown.set(c.model, c.summary!);
    models = calls.map(c => c.summary!);
    for (const m of named) {
      const final = summarize(m, memo);
      const last = lastShown.get(m);
      if (!last || !sameSummary(last, final)) models.push({ ...final, summaryCall: null });
    }
  } else {
    // Each model once, latest state; a model only a summary() call showed (built in a function) comes after.
    const lastCall = new Map<Model, ISummaryCall | null>();
    for (const c of calls) lastCall.set(c.model, c.call);
    const all = [...named, ...[...lastCall.keys()].filter(m => !named.has(m))];
    models = all.map(m => ({ ...summarize(m, memo), summaryCall: lastCall.get(m) ?? null }));
  }
  // One line per unbuilt model, where the panel, the magic and the CLI all show diagnostics.
  const noted = new Set<string>();
  for (const m of models) {
    if (!m.inferred || noted.has(m.inferred.note)) continue;
    noted.add(m.inferred.note);
    session.report('info', m.inferred.note, m.location);
  }
  return {
    models,
    diagnostics: sortDiagnostics(session.diagnostics),
    kerasVersion: session.version,
    kerasRelease: formatKerasRelease(session.release)
  };
}

/** What a summary shows (rows, shapes, counts, totals), to tell whether a model changed after its last summary() call. */
/**
 * Whether two summaries of one model print the same table (name, rows, totals): compared field by field with
 * an early exit, since a script's model is usually unchanged after its last summary() call.
 */
function sameSummary(a: IModelSummary, b: IModelSummary): boolean {
  return a.name === b.name && sameRows(a.rows, b.rows) && same(a.totals, b.totals);
}

function sameRows(a: IModelSummary['rows'] | undefined, b: IModelSummary['rows'] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.name !== y.name || x.className !== y.className || !same(x.outputShapes, y.outputShapes)) return false;
    if (!same(x.params, y.params) || !same(x.trainableParams, y.trainableParams) || !sameRows(x.rows, y.rows)) return false;
  }
  return true;
}

/** Structural equality of plain data (arrays, records, bigints, strings, numbers, null). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => same(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every(k => k in rb && same(ra[k], rb[k]));
}

/** Diagnostics in reading order: by cell, line, column (stable for ties). */
function sortDiagnostics(diagnostics: IDiagnostic[]): IDiagnostic[] {
  const key = (d: IDiagnostic) => [d.location?.cell ?? -1, d.location?.line ?? 0, d.location?.column ?? 0];
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const [x, y] = [key(a.d), key(b.d)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || a.i - b.i;
    })
    .map(e => e.d);
}
