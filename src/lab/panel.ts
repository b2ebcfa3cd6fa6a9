/**
 * The Model Summary view: a toolbar (convention, copy, validate, open in the main area, refresh), a
 * status line, and the report view of the active notebook. The same widget serves the right sidebar and
 * the main area; it renders what the follower analysed and holds no analysis logic of its own.
 */
import { Widget } from '@lumino/widgets';
import { Clipboard } from '@jupyterlab/apputils';
import { launchIcon } from '@jupyterlab/ui-components';
import type { AnalysisReport, ILocation } from '../core/index';
import type { Backend, ConventionChoice } from '../core/options';
import type { IStrings } from '../core/i18n/strings';
import { loadEngine, loadFormats, loadValidation, loadView } from './engine';
import type { ILiveState } from './live';
import { mergeLive } from './live-merge';
import type { ISavedValidation } from './magic-syntax';
import type { IValidationOptions } from '../core/validate/validate';
import type { IAnalysis } from './follower';
import { h } from './view/dom';

/** What the panel remembers across reloads (JupyterLab's state database). */
export interface IPanelState {
  convention: ConventionChoice;
  expanded: string[];
  scrollTop: number;
}

export interface IPanelOptions {
  trans: IStrings;
  convention: ConventionChoice;
  /** The panel became visible (true) or hidden (false). */
  onVisibility: (visible: boolean) => void;
  /** The TensorFlow.js backend the settings ask for, and whether to validate after each analysis. */
  validationSettings: () => { backend: Backend; auto: boolean; options: IValidationOptions };
  onNavigate: (location: ILocation) => void;
  onRefresh: () => void;
  /** Opens the same view in the main area (absent in the main-area view itself). */
  onOpenInMain?: () => void;
  /** Called whenever something worth remembering changed. */
  onStateChanged?: (state: IPanelState) => void;
}

type CopyFormat = 'markdown' | 'csv' | 'json' | 'text' | 'conversion';

export class ModelSummaryPanel extends Widget {
  private convention: ConventionChoice;
  private analysis: IAnalysis | null = null;
  private validation: ISavedValidation | null = null;
  private validating = false;
  private live: ILiveState | null = null;
  private liveAt = 0;
  private expanded = new Set<string>();
  private scrollTop = 0;
  private readonly body: HTMLElement;
  private readonly status: HTMLElement;
  /** What the live reading says (off, busy, no Keras, the Keras version): a line of its own. */
  private readonly liveStatus: HTMLElement;
  private readonly conventionButtons = new Map<ConventionChoice, HTMLButtonElement>();
  private readonly trans: IStrings;

  constructor(private readonly options: IPanelOptions) {
    super();
    this.trans = options.trans;
    this.addClass('jp-ModelSummary');
    this.convention = options.convention;
    this.status = h('div', { className: 'jp-ModelSummary-status', 'aria-live': 'polite' });
    this.liveStatus = h('div', { className: 'jp-ModelSummary-liveStatus', 'aria-live': 'polite' });
    this.body = h('div', { className: 'jp-ModelSummary-body' });
    this.body.addEventListener('scroll', () => {
      // The placeholder shown before the first analysis has no scroll position worth keeping.
      if (!this.analysis) return;
      this.scrollTop = this.body.scrollTop;
      this.stateChanged();
    });
    this.node.append(this.toolbar(), this.status, this.liveStatus, this.body);
    this.setAnalysis(null);
  }

  get state(): IPanelState {
    return { convention: this.convention, expanded: [...this.expanded], scrollTop: this.scrollTop };
  }

  /** Restores what a previous session remembered. */
  restore(state: Partial<IPanelState>): void {
    if (state.convention === 'keras' || state.convention === 'cudnn' || state.convention === 'both') this.convention = state.convention;
    if (Array.isArray(state.expanded)) this.expanded = new Set(state.expanded.filter(k => typeof k === 'string'));
    if (typeof state.scrollTop === 'number') this.scrollTop = state.scrollTop;
    this.render();
  }

  /** Shows an analysis (null: no notebook is active). */
  setAnalysis(analysis: IAnalysis | null): void {
    this.analysis = analysis;
    // Results of an earlier analysis no longer describe these models.
    this.validation = null;
    this.render();
    if (analysis && this.options.validationSettings().auto) void this.validate();
  }

  /** Shows what the kernel holds (live-merge.ts), or why it is not read. */
  setLive(state: ILiveState | null): void {
    this.live = state;
    this.liveAt = performance.now();
    this.render();
  }

  /** Builds every model with TensorFlow.js (loaded now, on first use) and shows the results. */
  async validate(): Promise<void> {
    const analysis = this.analysis;
    if (!analysis || this.validating || !analysis.report.models.length) return;
    this.validating = true;
    this.status.textContent = this.trans.__('Loading TensorFlow.js and validating…');
    try {
      const { validateReport } = await loadValidation();
      const { backend, options } = this.options.validationSettings();
      const result = await validateReport(analysis.report, backend, options);
      if (this.analysis === analysis) this.validation = result;
    } catch (e) {
      this.status.textContent = this.trans.__('Validation failed: %1', (e as Error).message);
      return;
    } finally {
      this.validating = false;
    }
    this.render();
  }

  protected onAfterShow(): void {
    this.options.onVisibility(true);
    this.body.scrollTop = this.scrollTop;
  }

  protected onAfterHide(): void {
    this.options.onVisibility(false);
  }

  /** Shows why nothing can be shown (the engine failed to load). */
  showProblem(message: string): void {
    this.status.textContent = '';
    this.body.replaceChildren(h('p', { className: 'jp-ModelSummary-empty jp-mod-error' }, message));
  }

  setConvention(convention: ConventionChoice): void {
    this.convention = convention;
    this.stateChanged();
    this.render();
  }

  private stateChanged(): void {
    this.options.onStateChanged?.(this.state);
  }

  private toolbar(): HTMLElement {
    const trans = this.trans;
    const group = h('div', { className: 'jp-ModelSummary-convention', role: 'group', 'aria-label': trans.__('Convention') });
    const choices: Array<[ConventionChoice, string, string]> = [
      ['keras', trans.__('Keras'), trans.__('Show the Keras convention (one bias per gate)')],
      ['cudnn', trans.__('cuDNN'), trans.__('Show the cuDNN convention (input and recurrent biases, as PyTorch and ONNX)')],
      ['both', trans.__('Both'), trans.__('Show both conventions side by side')]
    ];
    for (const [value, label, title] of choices) {
      const button = h('button', { type: 'button', className: 'jp-ModelSummary-toggle', 'data-convention': value, title }, label);
      button.addEventListener('click', () => this.setConvention(value));
      this.conventionButtons.set(value, button);
      group.appendChild(button);
    }
    const copy = h(
      'div',
      { className: 'jp-ModelSummary-copyGroup', role: 'group', 'aria-label': trans.__('Copy the summary') },
      h('span', { className: 'jp-ModelSummary-copyLabel' }, trans.__('Copy'))
    );
    for (const [format, label] of this.copyFormats()) {
      const title =
        format === 'conversion'
          ? trans.__('Copy a numpy-only Python module converting the recurrent weights between Keras and PyTorch / ONNX')
          : trans.__('Copy the summary as %1', label);
      const button = h('button', { type: 'button', className: 'jp-ModelSummary-copy', 'data-format': format, title }, label);
      button.addEventListener('click', () => void this.copy(format));
      copy.appendChild(button);
    }
    const validate = h(
      'button',
      {
        type: 'button',
        className: 'jp-ModelSummary-validate',
        title: trans.__('Build the models with TensorFlow.js and run one forward pass to check the shapes and Keras counts')
      },
      trans.__('Validate')
    );
    validate.addEventListener('click', () => void this.validate());
    const main = this.options.onOpenInMain
      ? h(
          'button',
          {
            type: 'button',
            className: 'jp-ModelSummary-openMain',
            title: trans.__('Open in main area'),
            'aria-label': trans.__('Open in main area')
          },
          launchIcon.element({ tag: 'span', className: 'jp-ModelSummary-icon' })
        )
      : null;
    main?.addEventListener('click', () => this.options.onOpenInMain?.());
    const refresh = h(
      'button',
      {
        type: 'button',
        className: 'jp-ModelSummary-refresh',
        title: trans.__('Analyse the notebook again'),
        'aria-label': trans.__('Analyse the notebook again')
      },
      '⟳'
    );
    refresh.addEventListener('click', () => this.options.onRefresh());
    return h(
      'div',
      { className: 'jp-ModelSummary-toolbar' },
      group,
      copy,
      validate,
      h('span', { className: 'jp-ModelSummary-spacer' }),
      main,
      refresh
    );
  }

  private copyFormats(): Array<[CopyFormat, string]> {
    return [
      ['markdown', this.trans.__('Markdown')],
      ['csv', this.trans.__('CSV')],
      ['json', this.trans.__('JSON')],
      ['text', this.trans.__('Keras text')],
      ['conversion', this.trans.__('Conversion code')]
    ];
  }

  private async copy(format: CopyFormat): Promise<void> {
    const report = this.analysis?.report;
    if (!report) return;
    Clipboard.copyToSystem(await exportReport(report, format, this.convention, this.trans, this.analysis?.panel.title.label));
    this.status.textContent = this.trans.__('Copied the summary as %1.', this.copyFormats().find(f => f[0] === format)![1]);
  }

  private render(): void {
    void this.renderAsync();
  }

  private async renderAsync(): Promise<void> {
    const trans = this.trans;
    for (const [value, button] of this.conventionButtons) button.setAttribute('aria-pressed', String(value === this.convention));
    const analysis = this.analysis;
    if (!analysis) {
      this.status.textContent = '';
      this.body.replaceChildren(h('p', { className: 'jp-ModelSummary-empty' }, trans.__('Open a notebook to see the Keras models it defines.')));
      return;
    }
    const models = analysis.report.models.length;
    const counts = `${trans._n('%1 model', '%1 models', models)} · ${trans._n('%1 code cell', '%1 code cells', analysis.cells)}`;
    this.status.textContent = trans.__('%1: %2 · analysed in %3 ms', analysis.panel.title.label, counts, analysis.ms.toFixed(1));
    if (this.validation) this.status.textContent += ` · ${trans.__('validated with TensorFlow.js on %1', this.validation.backend)}`;
    const live = this.live;
    this.liveStatus.textContent = live ? live.message : '';
    this.liveStatus.dataset.status = live?.status ?? 'none';
    const { renderReport } = await loadView();
    const merged = live?.report ? mergeLive(await loadEngine(), analysis.report, analysis.json, live.report) : null;
    if (this.analysis !== analysis || this.live !== live) return;
    const view = renderReport(merged?.json ?? analysis.json, {
      convention: this.convention,
      trans,
      onNavigate: this.options.onNavigate,
      validation: this.validation ?? undefined,
      live: merged?.view,
      expanded: this.expanded,
      onToggle: (key, open) => {
        if (open) this.expanded.add(key);
        else this.expanded.delete(key);
        this.stateChanged();
      }
    });
    this.body.replaceChildren(view);
    this.body.scrollTop = this.scrollTop;
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

export async function exportReport(
  report: AnalysisReport,
  format: CopyFormat,
  convention: ConventionChoice,
  trans?: IStrings,
  file = 'the notebook'
): Promise<string> {
  const formats = await loadFormats();
  switch (format) {
    case 'markdown':
      return formats.formatMarkdown(report, convention, trans);
    case 'csv':
      return formats.formatCsv(report);
    case 'json':
      return formats.formatJson(report);
    case 'text':
      return formats.formatText(report, convention, trans);
    case 'conversion':
      return formats.conversionCode([{ file, report }]);
  }
}
