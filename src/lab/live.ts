/**
 * Live models in the panel: after each execution in the followed notebook, once the kernel is idle
 * and while the panel is visible, asks the kernel for its Keras models (kernel-inspect.ts) and emits
 * what the engine's live reader makes of the reply. Never while the kernel is busy, never when the
 * panel is hidden or the setting is off; a non-Python kernel gets nothing, one without Keras loaded
 * gets one cheap check per execution.
 */
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { NotebookActions } from '@jupyterlab/notebook';
import type { ISessionContext } from '@jupyterlab/apputils';
import type { Kernel } from '@jupyterlab/services';
import { Signal, type ISignal } from '@lumino/signaling';
import type { IDisposable } from '@lumino/disposable';
import type { ILiveReport } from '../core/readers/live';
import { loadEngine } from './engine';
import type { KernelKind } from './kernel-inspect';
import { codeCells } from './notebook';
import type { SettingsModel } from './settings';
import { trans } from '../core/i18n/current';

export type LiveStatus = 'off' | 'no-kernel' | 'not-python' | 'busy' | 'no-keras' | 'reading' | 'ready' | 'failed';

export interface ILiveState {
  status: LiveStatus;
  /** What the panel says about it. */
  message: string;
  report: ILiveReport | null;
  /** Milliseconds from the end of the execution to this reply being read (null when not after one). */
  sinceExecutedMs: number | null;
  /** Milliseconds of the kernel round trips (check + inspection). */
  roundTripMs: number | null;
  /** Milliseconds from the end of the execution until the kernel said it was idle (when the reading starts). */
  waitMs?: number | null;
}

// Getters: read when shown, in the page's language.
const MESSAGES: Record<Exclude<LiveStatus, 'ready' | 'failed'>, string> = {
  get off() {
    return trans.__('live reading is off (Settings → Model Summary)');
  },
  get 'no-kernel'() {
    return trans.__('no kernel: static summary only');
  },
  get 'not-python'() {
    return trans.__('the kernel is not Python: static summary only');
  },
  get busy() {
    return trans.__('kernel busy: the live summary follows when it is idle');
  },
  get 'no-keras'() {
    return trans.__('no Keras loaded in the kernel yet');
  },
  get reading() {
    return trans.__('reading live models…');
  }
};

export class LiveFollower implements IDisposable {
  private panel: NotebookPanel | null = null;
  private session: ISessionContext | null = null;
  private active = false;
  private pending = true;
  private reading = false;
  private executedAt: number | null = null;
  private kinds = new WeakMap<Kernel.IKernelConnection, KernelKind>();
  private readonly changedSignal = new Signal<this, ILiveState | null>(this);
  private disposed = false;
  private last: ILiveState | null = null;

  constructor(
    private readonly tracker: INotebookTracker,
    private readonly settings: SettingsModel
  ) {
    tracker.currentChanged.connect(this.follow, this);
    NotebookActions.executed.connect(this.onExecuted, this);
    settings.changed.connect(this.onSettings, this);
    this.follow();
  }

  /** A new state; null when the followed notebook changed and nothing is known yet. */
  get changed(): ISignal<this, ILiveState | null> {
    return this.changedSignal;
  }

  get state(): ILiveState | null {
    return this.last;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  setActive(active: boolean): void {
    this.active = active;
    if (active) this.schedule();
  }

  /** Read again now (the refresh button), if the kernel is idle. */
  refresh(): void {
    this.pending = true;
    this.schedule();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.unfollow();
    this.tracker.currentChanged.disconnect(this.follow, this);
    NotebookActions.executed.disconnect(this.onExecuted, this);
    this.settings.changed.disconnect(this.onSettings, this);
    Signal.clearData(this);
  }

  private follow(): void {
    this.unfollow();
    this.panel = this.tracker.currentWidget;
    this.session = this.panel?.sessionContext ?? null;
    this.session?.statusChanged.connect(this.onStatus, this);
    this.session?.kernelChanged.connect(this.onKernelChanged, this);
    this.pending = true;
    this.last = null;
    this.changedSignal.emit(null);
    this.schedule();
  }

  private unfollow(): void {
    this.session?.statusChanged.disconnect(this.onStatus, this);
    this.session?.kernelChanged.disconnect(this.onKernelChanged, this);
    this.session = null;
    this.panel = null;
  }

  private onExecuted(_: unknown, args: { notebook: unknown }): void {
    if (!this.panel || args.notebook !== this.panel.content) return;
    this.executedAt = performance.now();
    this.pending = true;
    this.schedule();
  }

  private onStatus(): void {
    const status = this.session?.session?.kernel?.status;
    if (status === 'restarting' || status === 'autorestarting' || status === 'dead') {
      // The kernel's namespace is gone with it.
      this.pending = true;
      this.say('no-kernel');
      return;
    }
    if (this.pending) this.schedule();
  }

  private onKernelChanged(): void {
    // A new or restarted kernel holds none of the old models.
    this.pending = true;
    this.emit({ status: 'no-kernel', message: MESSAGES['no-kernel'], report: null, sinceExecutedMs: null, roundTripMs: null });
    this.schedule();
  }

  private onSettings(): void {
    this.pending = true;
    this.schedule();
  }

  private emit(state: ILiveState): void {
    this.last = state;
    this.changedSignal.emit(state);
  }

  private say(status: Exclude<LiveStatus, 'ready' | 'failed'>): void {
    if (this.last?.status === status) return;
    // Keep the last live report on screen while busy: it is still the kernel's latest known state.
    this.emit({
      status,
      message: MESSAGES[status],
      report: status === 'busy' ? (this.last?.report ?? null) : null,
      sinceExecutedMs: null,
      roundTripMs: null
    });
  }

  private schedule(): void {
    if (!this.active || this.disposed || this.reading) return;
    if (!this.settings.value.liveReading) return this.say('off');
    const kernel = this.session?.session?.kernel;
    if (!kernel) return this.say('no-kernel');
    if (this.kinds.get(kernel) === 'other') return this.say('not-python');
    if (!this.pending) return;
    if (kernel.status !== 'idle') return this.say('busy');
    void this.read(kernel);
  }

  private async read(kernel: Kernel.IKernelConnection): Promise<void> {
    const panel = this.panel;
    const executedAt = this.executedAt;
    this.pending = false;
    this.reading = true;
    const start = performance.now();
    try {
      // The inspector's code is a chunk of its own, fetched on the first reading.
      const { candidateNames, inspectKernel, kerasLoaded, kernelKind } = await import('./kernel-inspect');
      let kind = this.kinds.get(kernel);
      if (!kind) {
        kind = await kernelKind(kernel);
        this.kinds.set(kernel, kind);
      }
      if (kind === 'other') return this.say('not-python');
      if (!(await kerasLoaded(kernel))) return this.say('no-keras');
      const sources = panel?.model ? codeCells(panel.model).map(c => c.source) : [];
      const raw = await inspectKernel(kernel, candidateNames(sources));
      const roundTripMs = performance.now() - start;
      const { readLiveReply } = await loadEngine();
      if (panel !== this.panel) return;
      const report = readLiveReply(raw);
      const sinceExecutedMs = executedAt === null ? null : performance.now() - executedAt;
      const waitMs = executedAt === null ? null : start - executedAt;
      this.emit({ status: 'ready', message: report.label, report, sinceExecutedMs, roundTripMs, waitMs });
    } catch (reason) {
      this.emit({
        status: 'failed',
        message: trans.__('live reading failed: %1', (reason as Error).message),
        report: null,
        sinceExecutedMs: null,
        roundTripMs: null
      });
    } finally {
      this.reading = false;
      // An execution finished while we were reading: read again once the kernel is idle.
      if (this.pending) this.schedule();
    }
  }
}
