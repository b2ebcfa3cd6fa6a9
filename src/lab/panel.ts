/**
 * The side panel: a toolbar (convention, copy, refresh), a status line, and the report view of the
 * active notebook. It renders what the follower analysed and holds no analysis logic of its own.
 */
import { Widget } from '@lumino/widgets';
import { Clipboard } from '@jupyterlab/apputils';
import type { AnalysisReport, Location } from '../core/index';
import { loadEngine, loadFormats, loadValidation, loadView } from './engine';
import type { LiveState } from './live';
import { mergeLive } from './live-merge';
import type { BackendName, SavedValidation } from './magic-syntax';
import type { ValidationOptions } from '../core/validate/validate';
import type { Analysis } from './follower';
import { h } from './view/dom';
import type { ConventionView } from './view/report-view';

export interface PanelOptions {
  convention: ConventionView;
  /** The panel became visible (true) or hidden (false). */
  onVisibility: (visible: boolean) => void;
  /** The TensorFlow.js backend the settings ask for, and whether to validate after each analysis. */
  validationSettings: () => { backend: BackendName; auto: boolean; options: ValidationOptions };
  onNavigate: (location: Location) => void;
  onRefresh: () => void;
}

const COPY_FORMATS = [
  ['markdown', 'Markdown'],
  ['csv', 'CSV'],
  ['json', 'JSON'],
  ['text', 'Keras text']
] as const;

export class ModelSummaryPanel extends Widget {
  private convention: ConventionView;
  private analysis: Analysis | null = null;
  private validation: SavedValidation | null = null;
  private validating = false;
  private live: LiveState | null = null;
  private liveAt = 0;
  private readonly body: HTMLElement;
  private readonly status: HTMLElement;
  /** What the live reading says (off, busy, no Keras, the Keras version): a line of its own. */
  private readonly liveStatus: HTMLElement;
  private readonly conventionButtons = new Map<ConventionView, HTMLButtonElement>();

  constructor(private readonly options: PanelOptions) {
    super();
    this.addClass('jp-ModelSummary');
    this.convention = options.convention;
    this.status = h('div', { className: 'jp-ModelSummary-status', 'aria-live': 'polite' });
    this.liveStatus = h('div', { className: 'jp-ModelSummary-liveStatus', 'aria-live': 'polite' });
    this.body = h('div', { className: 'jp-ModelSummary-body' });
    this.node.append(this.toolbar(), this.status, this.liveStatus, this.body);
    this.setAnalysis(null);
  }

  /** Shows an analysis (null: no notebook is active). */
  setAnalysis(analysis: Analysis | null): void {
    this.analysis = analysis;
    // Results of an earlier analysis no longer describe these models.
    this.validation = null;
    this.render();
    if (analysis && this.options.validationSettings().auto) void this.validate();
  }

  /** Shows what the kernel holds (live-merge.ts), or why it is not read. */
  setLive(state: LiveState | null): void {
    this.live = state;
    this.liveAt = performance.now();
    this.render();
  }

  /** Builds every model with TensorFlow.js (loaded now, on first use) and shows the results. */
  async validate(): Promise<void> {
    const analysis = this.analysis;
    if (!analysis || this.validating || !analysis.report.models.length) return;
    this.validating = true;
    this.status.textContent = 'Loading TensorFlow.js and validating…';
    try {
      const { validateReport } = await loadValidation();
      const { backend, options } = this.options.validationSettings();
      const result = await validateReport(analysis.report, backend, options);
      if (this.analysis === analysis) this.validation = result;
    } catch (e) {
      this.status.textContent = `Validation failed: ${(e as Error).message}`;
      return;
    } finally {
      this.validating = false;
    }
    this.render();
  }

  protected onAfterShow(): void {
    this.options.onVisibility(true);
  }

  protected onAfterHide(): void {
    this.options.onVisibility(false);
  }

  /** Shows why nothing can be shown (the engine failed to load). */
  showProblem(message: string): void {
    this.status.textContent = '';
    this.body.replaceChildren(h('p', { className: 'jp-ModelSummary-empty jp-mod-error' }, message));
  }

  setConvention(convention: ConventionView): void {
    this.convention = convention;
    this.render();
  }

  private toolbar(): HTMLElement {
    const group = h('div', { className: 'jp-ModelSummary-convention', role: 'group', 'aria-label': 'Convention' });
    for (const [value, label] of [
      ['keras', 'Keras'],
      ['cudnn', 'cuDNN'],
      ['both', 'Both']
    ] as const) {
      const button = h('button', { type: 'button', className: 'jp-ModelSummary-toggle', 'data-convention': value, title: `Show ${label === 'Both' ? 'both conventions side by side' : `the ${label} convention`}` }, label);
      button.addEventListener('click', () => this.setConvention(value));
      this.conventionButtons.set(value, button);
      group.appendChild(button);
    }
    const copy = h('div', { className: 'jp-ModelSummary-copyGroup', role: 'group', 'aria-label': 'Copy the summary' }, h('span', { className: 'jp-ModelSummary-copyLabel' }, 'Copy'));
    for (const [format, label] of COPY_FORMATS) {
      const button = h('button', { type: 'button', className: 'jp-ModelSummary-copy', 'data-format': format, title: `Copy the summary as ${label}` }, label);
      button.addEventListener('click', () => void this.copy(format));
      copy.appendChild(button);
    }
    const validate = h('button', { type: 'button', className: 'jp-ModelSummary-validate', title: 'Build the models with TensorFlow.js and run one forward pass to check the shapes and Keras counts' }, 'Validate');
    validate.addEventListener('click', () => void this.validate());
    const refresh = h('button', { type: 'button', className: 'jp-ModelSummary-refresh', title: 'Analyse the notebook again' }, '⟳');
    refresh.addEventListener('click', () => this.options.onRefresh());
    return h('div', { className: 'jp-ModelSummary-toolbar' }, group, copy, validate, refresh);
  }

  private async copy(format: (typeof COPY_FORMATS)[number][0]): Promise<void> {
    const report = this.analysis?.report;
    if (!report) return;
    Clipboard.copyToSystem(await exportReport(report, format, this.convention));
    this.status.textContent = `Copied the summary as ${COPY_FORMATS.find(f => f[0] === format)![1]}.`;
  }

  private render(): void {
    void this.renderAsync();
  }

  private async renderAsync(): Promise<void> {
    for (const [value, button] of this.conventionButtons) button.setAttribute('aria-pressed', String(value === this.convention));
    const analysis = this.analysis;
    if (!analysis) {
      this.status.textContent = '';
      this.body.replaceChildren(h('p', { className: 'jp-ModelSummary-empty' }, 'Open a notebook to see the Keras models it defines.'));
      return;
    }
    const models = analysis.report.models.length;
    this.status.textContent = `${analysis.panel.title.label}: ${models} model${models === 1 ? '' : 's'} in ${analysis.cells} code cell${analysis.cells === 1 ? '' : 's'} · analysed in ${analysis.ms.toFixed(1)} ms`;
    if (this.validation) this.status.textContent += ` · validated with TensorFlow.js on ${this.validation.backend}`;
    const live = this.live;
    this.liveStatus.textContent = live ? live.message : '';
    this.liveStatus.dataset.status = live?.status ?? 'none';
    const { renderReport } = await loadView();
    const merged = live?.report ? mergeLive(await loadEngine(), analysis.report, analysis.json, live.report) : null;
    if (this.analysis !== analysis || this.live !== live) return;
    this.body.replaceChildren(renderReport(merged?.json ?? analysis.json, { convention: this.convention, onNavigate: this.options.onNavigate, validation: this.validation ?? undefined, live: merged?.view }));
    this.node.dataset.liveStatus = live?.status ?? 'none';
    // For the benchmark: from the end of the execution to the live summary on screen.
    if (live?.status === 'ready' && live.sinceExecutedMs !== null) {
      this.node.dataset.liveShownMs = (live.sinceExecutedMs + performance.now() - this.liveAt).toFixed(1);
      this.node.dataset.liveRoundTripMs = (live.roundTripMs ?? 0).toFixed(1);
      this.node.dataset.liveKernelMs = String(live.report?.kernelMs ?? '');
      this.node.dataset.liveWaitMs = (live.waitMs ?? 0).toFixed(1);
    }
  }
}

export async function exportReport(report: AnalysisReport, format: 'markdown' | 'csv' | 'json' | 'text', convention: ConventionView): Promise<string> {
  const formats = await loadFormats();
  switch (format) {
    case 'markdown':
      return formats.formatMarkdown(report, convention);
    case 'csv':
      return formats.formatCsv(report);
    case 'json':
      return formats.formatJson(report);
    case 'text':
      return formats.formatText(report, convention);
  }
}
