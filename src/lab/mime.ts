/**
 * Renders saved `%%model_summary` outputs (application/vnd.jupyter.model-summary+json) when a notebook
 * is reopened. Safe for untrusted notebooks: the DOM is built from JSON, as text.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import { MIME_TYPE, readPayload, type IMagicPayload } from './magic-syntax';
import type { JsonReport } from '../core/index';
import type { ILiveView } from './live-merge';
import { h } from './view/dom';
import { loadView } from './engine';
import type { ConventionChoice } from '../core/options';
import { DOMAIN, english, type IStrings } from '../core/i18n/strings';

/** The saved live cross-check as the view shows it: models only the kernel knew are added to the cell's. */
function withLive(payload: IMagicPayload): { report: JsonReport; live?: ILiveView } {
  const saved = payload.live;
  if (!saved) return { report: payload.report };
  const live: ILiveView = {
    label: saved.label,
    liveOnly: new Set(saved.models.map(m => m.variable ?? m.name)),
    checks: new Map(saved.checks.map(c => [c.variable, c]))
  };
  return { report: { ...payload.report, models: [...payload.report.models, ...saved.models] }, live };
}

class SummaryOutput extends Widget implements IRenderMime.IRenderer {
  private readonly trans: IStrings;

  constructor(options: IRenderMime.IRendererOptions) {
    super();
    this.trans = options.translator?.load(DOMAIN) ?? english;
    this.addClass('jp-ModelSummary');
    this.addClass('jp-ModelSummary-output');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const payload = readPayload(model.data[MIME_TYPE]);
    const trans = this.trans;
    if (!payload) {
      this.node.replaceChildren(
        h(
          'p',
          { className: 'jp-ModelSummary-empty' },
          trans.__('This model summary output cannot be read (it was saved by another version, or edited).')
        )
      );
      return;
    }
    const { renderReport } = await loadView();
    let convention: ConventionChoice = payload.options.convention;
    const body = h('div', { className: 'jp-ModelSummary-body' });
    const { report, live } = withLive(payload);
    const note = payload.note ? h('p', { className: 'jp-ModelSummary-note' }, payload.note) : null;
    const draw = () =>
      body.replaceChildren(...(note ? [note] : []), renderReport(report, { convention, trans, validation: payload.validation, live }));
    const group = h('div', { className: 'jp-ModelSummary-convention', role: 'group', 'aria-label': trans.__('Convention') });
    for (const value of ['keras', 'cudnn', 'both'] as const) {
      const button = h(
        'button',
        { type: 'button', className: 'jp-ModelSummary-toggle', 'data-convention': value, 'aria-pressed': String(value === convention) },
        value === 'both' ? trans.__('Both') : value === 'keras' ? trans.__('Keras') : trans.__('cuDNN')
      );
      button.addEventListener('click', () => {
        convention = value;
        group.querySelectorAll('button').forEach(b => b.setAttribute('aria-pressed', String(b === button)));
        draw();
      });
      group.appendChild(button);
    }
    draw();
    this.node.replaceChildren(h('div', { className: 'jp-ModelSummary-toolbar' }, group), body);
  }
}

export const rendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [MIME_TYPE],
  defaultRank: 40,
  createRenderer: options => new SummaryOutput(options)
};

const extension: IRenderMime.IExtension = {
  id: 'jupyterlab-model-summary:mime',
  description: 'Renders saved %%model_summary outputs.',
  rendererFactory,
  rank: 40,
  dataType: 'json'
};

export default extension;
