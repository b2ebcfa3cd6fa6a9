/**
 * Follows the active notebook and re-analyses it when a code cell's source changes (debounced).
 * Output-only changes (running cells) are recognised by hashing the sources and cost nothing.
 */
import { parseKerasVersion } from '../core/keras/version';
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { Debouncer } from '@lumino/polling';
import { Signal, type ISignal } from '@lumino/signaling';
import type { IDisposable } from '@lumino/disposable';
import type { AnalysisReport, JsonReport } from '../core/index';
import type { KernelValue } from '../core/python/kernel-values';
import { analyzeOffThread, type IOffThreadAnalysis } from './engine';
import { codeCells } from './notebook';
import { trans } from '../core/i18n/current';
import type { SettingsModel } from './settings';

export interface IAnalysis {
  panel: NotebookPanel;
  report: AnalysisReport;
  /** The same report as the documented JSON, which the views render. */
  json: JsonReport;
  /** Milliseconds the analysis took. */
  ms: number;
  cells: number;
}

export class NotebookFollower implements IDisposable {
  private panel: NotebookPanel | null = null;
  private lastKey = '';
  private debouncer: Debouncer<void, unknown>;
  private readonly analyzedSignal = new Signal<this, IAnalysis | null>(this);
  private readonly failedSignal = new Signal<this, string>(this);
  private disposed = false;
  private lastAnalysis: IAnalysis | null = null;
  /** Analyses run only while someone looks (the panel is visible); the engine loads on first use. */
  private active = false;
  /** Values the kernel holds (live.ts), for names the source cannot know; the key below includes them. */
  private kernelValues: Map<string, KernelValue> | undefined;
  private kernelValuesKey = '';

  constructor(
    private readonly tracker: INotebookTracker,
    private readonly settings: SettingsModel
  ) {
    this.debouncer = new Debouncer(() => this.whenIdle(), settings.value.debounceMs);
    tracker.currentChanged.connect(this.follow, this);
    settings.changed.connect(this.onSettings, this);
    void this.follow();
  }

  get analyzed(): ISignal<this, IAnalysis | null> {
    return this.analyzedSignal;
  }

  /** The engine could not be loaded: the message to show. */
  get failed(): ISignal<this, string> {
    return this.failedSignal;
  }

  /** The last analysis emitted (for a view opened later). */
  get last(): IAnalysis | null {
    return this.lastAnalysis;
  }

  get current(): NotebookPanel | null {
    return this.panel;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** The panel was shown (true) or hidden (false). */
  setActive(active: boolean): void {
    this.active = active;
    if (active) void this.analyze();
  }

  /** The kernel's values changed: analyse again with them. */
  setKernelValues(values: Map<string, KernelValue> | undefined): void {
    const key = values ? JSON.stringify([...values]) : '';
    if (key === this.kernelValuesKey) return;
    this.kernelValues = values;
    this.kernelValuesKey = key;
    void this.analyze();
  }

  /** Analyse now, even if nothing changed. */
  refresh(): void {
    this.lastKey = '';
    void this.analyze();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.unfollow();
    this.debouncer.dispose();
    this.tracker.currentChanged.disconnect(this.follow, this);
    this.settings.changed.disconnect(this.onSettings, this);
    Signal.clearData(this);
  }

  private async follow(): Promise<void> {
    this.unfollow();
    const panel = this.tracker.currentWidget;
    this.panel = panel;
    this.lastKey = '';
    if (!panel) {
      this.lastAnalysis = null;
      this.analyzedSignal.emit(null);
      return;
    }
    await panel.context.ready;
    if (this.panel !== panel || this.disposed) return;
    panel.model?.contentChanged.connect(this.onContentChanged, this);
    panel.disposed.connect(this.onPanelDisposed, this);
    await this.analyze();
  }

  private unfollow(): void {
    if (!this.panel) return;
    this.panel.model?.contentChanged.disconnect(this.onContentChanged, this);
    this.panel.disposed.disconnect(this.onPanelDisposed, this);
    this.panel = null;
  }

  private onPanelDisposed(): void {
    this.unfollow();
    this.lastAnalysis = null;
    this.analyzedSignal.emit(null);
  }

  private onContentChanged(): void {
    if (this.settings.value.autoRefresh) void this.debouncer.invoke();
  }

  private onSettings(): void {
    this.debouncer.dispose();
    this.debouncer = new Debouncer(() => this.whenIdle(), this.settings.value.debounceMs);
    this.refresh();
  }

  /** After the debounce, analyse when the browser is idle, so that a keystroke never waits for it. */
  private whenIdle(): void {
    const idle = (globalThis as { requestIdleCallback?: (cb: () => void, options?: { timeout: number }) => number }).requestIdleCallback;
    if (idle) idle(() => void this.analyze(), { timeout: 1000 });
    else void this.analyze();
  }

  private async analyze(): Promise<void> {
    const panel = this.panel;
    const model = panel?.model;
    if (!panel || !model || !this.active) return;
    const cells = codeCells(model);
    const { kerasVersion, analysisTimeLimitSeconds, maxInputMB } = this.settings.value;
    // The sources themselves are the key: outputs and metadata changes leave it equal.
    const key = `${kerasVersion}\u0000${this.kernelValuesKey}\u0000${cells.map(c => `${c.index}\u0001${c.source}`).join('\u0000')}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    const start = performance.now();
    let analysis: IOffThreadAnalysis;
    try {
      // In the engine's worker, with a time limit: the page never waits on a slow cell.
      analysis = await analyzeOffThread(cells, parseKerasVersion(kerasVersion) ?? 'auto', {
        kernelValues: this.kernelValues,
        limitMs: analysisTimeLimitSeconds * 1000,
        maxInputBytes: maxInputMB * 1024 * 1024
      });
    } catch (reason) {
      // After an update without a page reload, the old page asks for chunks that no longer exist.
      this.lastKey = '';
      this.failedSignal.emit(trans.__('The model summary engine could not be loaded (%1). Reload the page.', (reason as Error).message));
      return;
    }
    // A newer analysis (or another notebook) took over while this one ran.
    if (panel !== this.panel || key !== this.lastKey) return;
    const ms = performance.now() - start;
    this.lastAnalysis = { panel, report: analysis.report, json: analysis.json, ms, cells: cells.length };
    this.analyzedSignal.emit(this.lastAnalysis);
  }
}
