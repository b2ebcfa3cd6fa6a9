/**
 * The engine (the reader, the catalogue, the formats) is fetched on first use, so that JupyterLab's
 * start-up loads only the plugins' glue. Analyses run in a Web Worker (`engine-worker.ts`, a chunk of
 * its own) with a time limit: a slow cell is stopped by terminating the worker, which is replaced, and
 * the report says which cell and why. Where workers are unavailable the analysis runs in the page.
 */
import type { AnalysisReport, JsonReport } from '../core/index';
import type { KerasVersionOption } from '../core/keras/version';
import type { KernelValue } from '../core/python/kernel-values';
import type { ICodeCellSource, IMagicOptions } from './magic-syntax';
import type { IMagicRun } from './magic';
import type { WorkerMessage, WorkerRequest } from './engine-worker';
import { trans } from '../core/i18n/current';
import { languageCatalogue } from './language';

export type Engine = typeof import('./engine-entry');
export type Formats = typeof import('./formats-entry');
export type View = typeof import('./view/report-view');
export type Magic = typeof import('./magic');
export type Validation = typeof import('./validation');

let engine: Promise<Engine> | null = null;
let formats: Promise<Formats> | null = null;
let view: Promise<View> | null = null;
let magic: Promise<Magic> | null = null;
let validation: Promise<Validation> | null = null;

export function loadEngine(): Promise<Engine> {
  return (engine ??= import('./engine-entry'));
}

/** The report view (tables as DOM): shared by the panel and saved outputs, fetched when first shown. */
export function loadView(): Promise<View> {
  return (view ??= import('./view/report-view'));
}

export function loadFormats(): Promise<Formats> {
  return (formats ??= import('./formats-entry'));
}

export function loadMagic(): Promise<Magic> {
  return (magic ??= import('./magic'));
}

/**
 * TensorFlow.js and the validator: a chunk of its own, fetched on the first validation only. A report
 * that came from the worker has no Keras objects; they are rebuilt in the page first (see withSources).
 */
export function loadValidation(): Promise<Validation> {
  return (validation ??= import('./validation').then(v => ({
    ...v,
    validateReport: async (report, backend, options) => v.validateReport(await withSources(report), backend, options)
  })));
}

/** As the CLI's --max-input-mb (src/core/files.ts; not imported, so that this start-up module stays small). */
const DEFAULT_MAX_INPUT_BYTES = 100 * 1024 * 1024;

/** Default time limit of one analysis in the worker. */
export const ANALYSIS_TIME_LIMIT_MS = 10_000;
/** How long a new worker may take to load its code before its first analysis starts. */
const WORKER_LOAD_LIMIT_MS = 60_000;
/** Slow cells skipped, one retry each, before the analysis gives up. */
const MAX_SLOW_CELLS = 3;

export interface IOffThreadAnalysis {
  report: AnalysisReport;
  json: JsonReport;
  /** Milliseconds the engine took in the worker, and from request to answer (the round trip). */
  ms: number;
  roundTripMs: number;
}

/** How each worker-made report was asked for: enough to rebuild its Keras objects in the page. */
const origins = new WeakMap<
  AnalysisReport,
  { cells: ICodeCellSource[]; kerasVersion: KerasVersionOption | 'auto'; kernelValues?: Map<string, KernelValue>; skip: number[] }
>();

type Outcome =
  { kind: 'done'; result: unknown; ms: number; roundTripMs: number } | { kind: 'slow'; cell: number | null } | { kind: 'failed'; message: string };

/** The worker, created on first use and replaced after it is stopped. */
class EngineWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private busy: Promise<unknown> = Promise.resolve();
  /** False once creating a worker failed (no Worker, a strict CSP): analyses then run in the page. */
  available = typeof Worker !== 'undefined';

  request(message: Omit<WorkerRequest, 'id' | 'catalogue'>, limitMs: number): Promise<Outcome> {
    // Each request carries the page's language (a fresh worker knows nothing).
    const run = this.busy.then(async () => this.send({ ...message, catalogue: await languageCatalogue() } as Omit<WorkerRequest, 'id'>, limitMs));
    this.busy = run.catch(() => undefined);
    return run;
  }

  private spawn(): Worker {
    // webpack turns this into a chunk of its own (the worker bundles the engine).
    return (this.worker ??= new Worker(new URL('./engine-worker.js', import.meta.url)));
  }

  private send(message: Omit<WorkerRequest, 'id'>, limitMs: number): Promise<Outcome> {
    const id = this.nextId++;
    let worker: Worker;
    try {
      worker = this.spawn();
    } catch {
      this.available = false;
      return Promise.resolve({ kind: 'failed', message: trans.__('no worker') });
    }
    const start = performance.now();
    return new Promise<Outcome>(resolve => {
      let cell: number | null = null;
      const finish = (outcome: Outcome) => {
        clearTimeout(timer);
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
        resolve(outcome);
      };
      const onMessage = (event: MessageEvent<WorkerMessage>) => {
        const m = event.data;
        if (m.id !== id) return;
        if (m.kind === 'started') arm(limitMs);
        else if (m.kind === 'progress') cell = m.cell;
        else if (m.kind === 'done') finish({ kind: 'done', result: m.result, ms: m.ms, roundTripMs: performance.now() - start });
        else finish({ kind: 'failed', message: m.message });
      };
      const onError = (event: ErrorEvent) => {
        event.preventDefault();
        this.stop();
        finish({ kind: 'failed', message: trans.__('the engine worker stopped unexpectedly') });
      };
      // Too slow: the worker is terminated (nothing else can stop a busy thread) and replaced on the next request.
      // Until the worker says it started, the wait is for its code to load (slow networks, a busy machine).
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = (ms: number) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          this.stop();
          finish({ kind: 'slow', cell });
        }, ms);
      };
      arm(WORKER_LOAD_LIMIT_MS + limitMs);
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      worker.postMessage({ ...message, id } as WorkerRequest);
    });
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}

const worker = new EngineWorker();

const seconds = (ms: number) => `${(ms / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s`;

/** The diagnostic saying a cell was stopped. */
function slowCellMessage(limitMs: number): string {
  return trans.__(
    'analysing this cell took longer than %1: it was stopped and is left out of the summary (the analysisTimeLimitSeconds setting sets the limit)',
    seconds(limitMs)
  );
}

/** Runs a request, skipping each cell that was too slow and trying again, at most MAX_SLOW_CELLS times. */
async function withRetries(
  make: (skip: number[]) => Omit<WorkerRequest, 'id'>,
  limitMs: number
): Promise<{ outcome: Outcome; skip: number[]; slow: Array<number | null> }> {
  const skip: number[] = [];
  const slow: Array<number | null> = [];
  for (;;) {
    const outcome = await worker.request(make(skip), limitMs);
    if (outcome.kind !== 'slow') return { outcome, skip, slow };
    slow.push(outcome.cell);
    if (outcome.cell === null || slow.length > MAX_SLOW_CELLS) return { outcome, skip, slow };
    skip.push(outcome.cell);
  }
}

export interface IOffThreadOptions {
  /** Time limit of one analysis (default 10 s). */
  limitMs?: number;
  /** Cell text analysed at most (default 100 MB). */
  maxInputBytes?: number;
  /** Values the kernel holds, for names the source leaves unknown (the live inspector's). */
  kernelValues?: Map<string, KernelValue>;
}

/** The message when the cells hold more text than the cap, or null. */
function overCap(cells: ICodeCellSource[], maxInputBytes: number): string | null {
  const total = cells.reduce((n, c) => n + c.source.length, 0);
  if (total <= maxInputBytes) return null;
  const mb = (n: number) => `${(n / 1024 / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;
  return trans.__('the code cells hold %1 of text, over the %2 limit (the maxInputMB setting): not analysed', mb(total), mb(maxInputBytes));
}

/** Analyses notebook cells in the worker (in the page where there is none). */
export async function analyzeOffThread(
  cells: ICodeCellSource[],
  kerasVersion: KerasVersionOption | 'auto',
  options: IOffThreadOptions = {}
): Promise<IOffThreadAnalysis> {
  const { kernelValues } = options;
  const start = performance.now();
  const limitMs = options.limitMs ?? ANALYSIS_TIME_LIMIT_MS;
  const tooMuch = overCap(cells, options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES);
  if (tooMuch) {
    const { toJson } = await loadEngine();
    const report: AnalysisReport = { models: [], diagnostics: [{ severity: 'error', message: tooMuch, location: null }], kerasVersion: 3 };
    return { report, json: toJson(report), ms: 0, roundTripMs: 0 };
  }
  if (worker.available) {
    const { outcome, skip, slow } = await withRetries(skip => ({ kind: 'cells', cells, kerasVersion, kernelValues, skip }), limitMs);
    if (outcome.kind === 'done') {
      const { report, jsonText } = outcome.result as { report: AnalysisReport; jsonText: string };
      const json = JSON.parse(jsonText) as JsonReport;
      addSlowCells(report, json, slow, limitMs);
      origins.set(report, { cells, kerasVersion, kernelValues, skip });
      return { report, json, ms: outcome.ms, roundTripMs: outcome.roundTripMs };
    }
    if (outcome.kind === 'slow') {
      const report: AnalysisReport = { models: [], diagnostics: [], kerasVersion: 3 };
      const { toJson } = await loadEngine();
      const json = toJson(report);
      addSlowCells(report, json, slow, limitMs);
      return { report, json, ms: performance.now() - start, roundTripMs: performance.now() - start };
    }
    if (worker.available) throw new Error(outcome.message);
  }
  const e = await withApplications(cells);
  const report = e.analyzeCells(
    cells.map(c => ({ index: c.index, ...e.prepareCell(c.source) })),
    { kerasVersion, kernelValues }
  );
  const ms = performance.now() - start;
  return { report, json: e.toJson(report), ms, roundTripMs: ms };
}

function addSlowCells(report: AnalysisReport, json: JsonReport, slow: Array<number | null>, limitMs: number): void {
  for (const cell of slow) {
    const location = cell === null ? null : { cell, line: 1, column: 1 };
    const message = cell === null ? trans.__('the analysis took longer than %1 and was stopped', seconds(limitMs)) : slowCellMessage(limitMs);
    report.diagnostics.unshift({ severity: 'error', message, location });
    json.diagnostics.unshift({
      severity: 'error',
      message,
      cell: location?.cell ?? null,
      line: location?.line ?? null,
      column: location?.column ?? null
    });
  }
}

/** Runs the `%%model_summary` magic in the worker (in the page where there is none). */
export async function runMagicOffThread(cells: ICodeCellSource[], defaults: IMagicOptions, options: IOffThreadOptions = {}): Promise<IMagicRun> {
  const limitMs = options.limitMs ?? ANALYSIS_TIME_LIMIT_MS;
  const tooMuch = overCap(cells, options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES);
  if (tooMuch)
    return {
      outputs: [{ output_type: 'error', ename: 'ModelSummaryError', evalue: tooMuch, traceback: [`ModelSummaryError: ${tooMuch}`] }],
      success: false,
      options: null,
      report: null
    };
  if (worker.available) {
    const { outcome, skip, slow } = await withRetries(skip => ({ kind: 'magic', cells, defaults, skip }), limitMs);
    const magicCell = cells[cells.length - 1]?.index ?? null;
    if (outcome.kind === 'done' && !slow.includes(magicCell)) {
      const run = outcome.result as IMagicRun;
      if (run.report) origins.set(run.report, { cells, kerasVersion: run.options?.kerasVersion ?? defaults.kerasVersion, skip });
      return run;
    }
    if (outcome.kind !== 'failed' || worker.available) {
      const why =
        outcome.kind === 'failed'
          ? outcome.message
          : magicCell !== null && slow.includes(magicCell)
            ? trans.__('analysing this cell took longer than %1', seconds(limitMs))
            : trans.__('analysing the cells above it took longer than %1', seconds(limitMs));
      const evalue = trans.__('%1; it was stopped (the analysisTimeLimitSeconds setting sets the limit)', why);
      return {
        outputs: [{ output_type: 'error', ename: 'ModelSummaryError', evalue, traceback: [`ModelSummaryError: ${evalue}`] }],
        success: false,
        options: null,
        report: null
      };
    }
  }
  await withApplications(cells);
  const { runMagic } = await loadMagic();
  return runMagic(cells, defaults);
}

/** The engine, with the keras.applications builders fetched first when the cells name them (in the page). */
async function withApplications(cells: ICodeCellSource[]): Promise<Engine> {
  const e = await loadEngine();
  if (e.usesApplications(cells.map(c => c.source))) await e.loadApplications().catch(() => undefined);
  return e;
}

/**
 * A report from the worker carries no Keras objects; validation needs them, so the same cells are
 * analysed again in the page (they just took less than the time limit in the worker).
 */
async function withSources(report: AnalysisReport): Promise<AnalysisReport> {
  const origin = origins.get(report);
  if (!origin || report.models.every(m => m.source)) return report;
  const e = await withApplications(origin.cells);
  const cells = origin.cells.map(c => ({ index: c.index, ...e.prepareCell(origin.skip.includes(c.index) ? '' : c.source) }));
  const again = e.analyzeCells(cells, { kerasVersion: origin.kerasVersion, kernelValues: origin.kernelValues });
  const byKey = new Map(again.models.map(m => [`${m.variable}\u0000${m.name}\u0000${m.location?.cell}`, m.source]));
  return {
    ...report,
    models: report.models.map(m => ({ ...m, source: byKey.get(`${m.variable}\u0000${m.name}\u0000${m.location?.cell}`) ?? m.source }))
  };
}
