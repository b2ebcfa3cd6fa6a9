/**
 * The engine's Web Worker: reads notebook cells and runs the cell magic off JupyterLab's main thread,
 * so no input can freeze the page. One request at a time; before each cell it says which cell it is
 * reading, so the page can name the cell when it stops a slow analysis (by terminating this worker).
 */
import { analyzeCells, cellProgress } from '../core/analyze';
import { prepareCell } from '../core/readers/notebook';
import { toJson } from '../core/format/json';
import type { IAnalysisReport } from '../core/summary/summary';
import type { KerasVersionOption } from '../core/keras/version';
import type { KernelValue } from '../core/python/kernel-values';
import { runMagic } from './magic';
import { catalogueStrings, type Catalogue } from '../core/i18n/catalogue';
import { trans, withStrings } from '../core/i18n/current';
import { loadApplications, usesApplications } from './applications';
import type { ICodeCellSource, IMagicOptions } from './magic-syntax';

export type WorkerRequest =
  | {
      id: number;
      kind: 'cells';
      cells: ICodeCellSource[];
      kerasVersion: KerasVersionOption | 'auto';
      kernelValues?: Map<string, KernelValue>;
      skip: number[];
      /** The page's language: its catalogue for our domain (null: English). */
      catalogue?: Catalogue | null;
    }
  | { id: number; kind: 'magic'; cells: ICodeCellSource[]; defaults: IMagicOptions; skip: number[]; catalogue?: Catalogue | null };

export type WorkerMessage =
  | { id: number; kind: 'started' }
  | { id: number; kind: 'progress'; cell: number | null }
  | { id: number; kind: 'done'; result: unknown; ms: number }
  | { id: number; kind: 'failed'; message: string };

interface IScope {
  onmessage: ((event: { data: WorkerRequest }) => void) | null;
  postMessage(message: WorkerMessage): void;
}

/** A report without its Keras objects (they hold functions and do not cross threads): plain data only. */
export function transferable(report: IAnalysisReport): IAnalysisReport {
  return { ...report, models: report.models.map(m => ({ ...m, source: null as never })) };
}

/** Cells stopped earlier for being too slow are read as empty, so the rest of the notebook is still summarized. */
function withoutSkipped(cells: ICodeCellSource[], skip: number[]): ICodeCellSource[] {
  return skip.length ? cells.map(c => (skip.includes(c.index) ? { ...c, source: '' } : c)) : cells;
}

/**
 * Answers one request. A notebook naming keras.applications first fetches their builders (a chunk of
 * their own) into this worker; if that fails the reader says they are not loaded.
 */
export function handle(request: WorkerRequest, post: (message: WorkerMessage) => void): void | Promise<void> {
  if (usesApplications(request.cells.map(c => c.source))) {
    return loadApplications()
      .catch(() => undefined)
      .then(() => analyse(request, post));
  }
  analyse(request, post);
}

/** The request's language for every message the engine writes (diagnostics, reasons, the magic's text/plain and text/html). */
function analyse(request: WorkerRequest, post: (message: WorkerMessage) => void): void {
  withStrings(request.catalogue ? catalogueStrings(request.catalogue) : undefined, () => analyseNow(request, post));
}

function analyseNow(request: WorkerRequest, post: (message: WorkerMessage) => void): void {
  const { id } = request;
  // The time limit starts now: loading the worker's code is not the analysis.
  post({ id, kind: 'started' });
  cellProgress.onCell = cell => post({ id, kind: 'progress', cell });
  const start = performance.now();
  try {
    const cells = withoutSkipped(request.cells, request.skip);
    if (request.kind === 'cells') {
      const report = analyzeCells(
        cells.map(c => ({ index: c.index, ...prepareCell(c.source) })),
        { kerasVersion: request.kerasVersion, kernelValues: request.kernelValues }
      );
      // The JSON report travels as text: JSON.parse in the page is several times cheaper than structured clone.
      post({ id, kind: 'done', result: { report: transferable(report), jsonText: JSON.stringify(toJson(report)) }, ms: performance.now() - start });
    } else {
      const run = runMagic(cells, request.defaults, trans);
      post({ id, kind: 'done', result: { ...run, report: run.report && transferable(run.report) }, ms: performance.now() - start });
    }
  } catch (e) {
    post({
      id,
      kind: 'failed',
      message:
        e instanceof RangeError
          ? trans.__('the notebook is nested too deeply to read')
          : trans.__('the engine failed on this notebook (an internal error)')
    });
  } finally {
    cellProgress.onCell = null;
  }
}

// Only inside a worker (tests import `handle` in Node).
if (typeof self !== 'undefined' && 'importScripts' in self) {
  const scope = self as unknown as IScope;
  scope.onmessage = event => void handle(event.data, message => scope.postMessage(message));
}
