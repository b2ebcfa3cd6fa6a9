/**
 * The summary as DOM, from the documented JSON report: one table per model with the Keras and cuDNN
 * counts side by side, the reason for each Δ, expandable nested models and weights, totals and
 * diagnostics. Shared by the side panel and the cell-magic output. Text only: see dom.ts.
 */
import type { JsonDiagnostic, JsonLayer, JsonModel, JsonReport, Location } from '../../core/index';
import type { ValidationJson } from '../../core/validate/format';
import type { SavedValidation } from '../magic-syntax';
import { h } from './dom';
import { countText, deltaOf, layerShapeText, locationText, memoryText, shapeText } from './text';
import type { LiveView } from '../live-merge';
import { liveBadge, liveCell, liveCheckOf, liveHeader } from './live-view';
import { conversionCheckRow, conversionDetail } from './conversion-view';

export type ConventionView = 'keras' | 'cudnn' | 'both';

export interface ReportViewOptions {
  convention: ConventionView;
  /** Called when the user picks a row or a diagnostic that has a location. */
  onNavigate?: (location: Location) => void;
  /** Only models and diagnostics of this cell (the magic shows its own cell). */
  cell?: number;
  /** TensorFlow.js results: a ✓/✗ column and a line per model. */
  validation?: SavedValidation;
  /** The kernel's live models: a badge per model and a ✓/✗ column where static and live both know it (live-view.ts). */
  live?: LiveView;
}

const LABEL = { keras: 'Keras', cudnn: 'cuDNN' } as const;

function columnsOf(convention: ConventionView): Array<'keras' | 'cudnn'> {
  return convention === 'both' ? ['keras', 'cudnn'] : [convention];
}

export function renderReport(report: JsonReport, options: ReportViewOptions): HTMLElement {
  const root = h('div', { className: 'jp-ModelSummary-report', 'data-convention': options.convention });
  if (options.validation) {
    const v = options.validation;
    root.appendChild(h('p', { className: 'jp-ModelSummary-backendNote', 'data-backend': v.backend }, `Validated with TensorFlow.js on ${v.backend}${v.note ? ` (${v.note})` : ''}`));
  }
  const models = options.cell === undefined ? report.models : report.models.filter(m => m.location?.cell === options.cell);
  const diagnostics = options.cell === undefined ? report.diagnostics : report.diagnostics.filter(d => d.cell === options.cell);
  for (const model of models) root.appendChild(renderModel(model, report.kerasVersion, options));
  if (!models.length) root.appendChild(h('p', { className: 'jp-ModelSummary-empty' }, 'No Keras model found.'));
  if (diagnostics.length) root.appendChild(renderDiagnostics(diagnostics, options));
  return root;
}

function renderModel(model: JsonModel, kerasVersion: number, options: ReportViewOptions): HTMLElement {
  const columns = columnsOf(options.convention);
  const both = options.convention === 'both';
  const checked = options.validation?.models[model.name];
  const liveCheck = liveCheckOf(options.live, model);
  const width = 2 + columns.length + (both ? 1 : 0) + (checked ? 1 : 0) + (liveCheck ? 1 : 0);
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, 'Layer (type)'),
    h('th', { scope: 'col' }, 'Output shape'),
    ...columns.map(c => h('th', { scope: 'col', className: 'jp-ModelSummary-num', 'data-convention': c }, `Params (${LABEL[c]})`)),
    both && h('th', { scope: 'col', className: 'jp-ModelSummary-num', title: 'cuDNN − Keras' }, 'Δ'),
    checked && h('th', { scope: 'col', className: 'jp-ModelSummary-check', title: `Checked by TensorFlow.js on ${checked.backend}` }, 'TF.js'),
    liveHeader(liveCheck)
  );
  const body = h('tbody');
  const addRows = (layers: JsonLayer[], depth: number, parentKey: string) => {
    layers.forEach((layer, i) => {
      const key = `${parentKey}/${i}`;
      const check = depth === 0 ? checked?.layers.find(l => l.name === layer.name) : undefined;
      const rows = layerRows(layer, depth, key, width, columns, both, kerasVersion, options);
      if (checked) rows[0].appendChild(checkCell(check));
      if (liveCheck) rows[0].appendChild(liveCell(liveCheck, depth === 0 ? layer.name : null)!);
      const proof = checked?.conversions?.find(c => c.layer === layer.name);
      if (proof) rows.splice(1, 0, conversionCheckRow(proof, width, key, depth > 0));
      for (const row of rows) body.appendChild(row);
      if (layer.layers) addRows(layer.layers, depth + 1, key);
    });
  };
  addRows(model.layers, 0, 'r');
  body.addEventListener('click', event => onBodyClick(event, body, options));
  body.addEventListener('keydown', event => {
    if ((event.key === 'Enter' || event.key === ' ') && (event.target as HTMLElement).matches('tr.jp-ModelSummary-row')) {
      event.preventDefault();
      onBodyClick(event, body, options);
    }
  });
  const title = h(
    'h3',
    { className: 'jp-ModelSummary-modelTitle' },
    h('span', { className: 'jp-ModelSummary-modelName' }, model.name),
    ' ',
    h('span', { className: 'jp-ModelSummary-class' }, `(${model.class})`),
    model.variable && model.variable !== model.name ? h('code', { className: 'jp-ModelSummary-variable' }, model.variable) : null,
    liveBadge(options.live, model)
  );
  return h(
    'section',
    { className: 'jp-ModelSummary-model', 'data-model-variable': model.variable ?? undefined, 'data-model-name': model.name },
    title,
    checked ? validationLine(checked) : null,
    h('div', { className: 'jp-ModelSummary-tableWrap' }, h('table', { className: 'jp-ModelSummary-table' }, h('thead', {}, head), body)),
    renderTotals(model, columns)
  );
}

const MARK = { ok: '✓', mismatch: '✗', 'not validatable': '–' } as const;

function checkCell(check: ValidationJson['layers'][number] | undefined): HTMLElement {
  if (!check) return h('td', { className: 'jp-ModelSummary-check', title: 'Not part of the check' }, '');
  const title = `${check.status}${check.reason ? `: ${check.reason}` : ''}${check.tfjsParams !== null ? ` (TensorFlow.js: ${countText(check.tfjsParams)} parameters)` : ''}`;
  return h('td', { className: 'jp-ModelSummary-check', 'data-status': check.status, title }, MARK[check.status]);
}

function validationLine(v: ValidationJson): HTMLElement {
  const checkedLayers = v.layers.filter(l => l.status !== 'not validatable').length;
  const mismatches = v.layers.filter(l => l.status === 'mismatch');
  const verdict = v.message ?? (mismatches.length ? `${mismatches.length} layer${mismatches.length > 1 ? 's' : ''} disagree: ${mismatches.map(l => `${l.name}: ${l.reason}`).join('; ')}` : 'shapes and Keras counts agree');
  return h(
    'p',
    { className: `jp-ModelSummary-validation${v.ok ? '' : ' jp-mod-failed'}`, 'data-backend': v.backend },
    `TensorFlow.js on ${v.backend}, ${Math.round(v.ms)} ms: ${verdict}${v.layers.length ? ` (${checkedLayers} of ${v.layers.length} layers checked)` : ''}`
  );
}

function layerRows(
  layer: JsonLayer,
  depth: number,
  key: string,
  width: number,
  columns: Array<'keras' | 'cudnn'>,
  both: boolean,
  kerasVersion: number,
  options: ReportViewOptions
): HTMLTableRowElement[] {
  const delta = deltaOf(layer);
  const expandable = !!layer.layers?.length || !!layer.weights?.keras.length;
  const hiddenByParent = depth > 0;
  const row = h(
    'tr',
    {
      className: `jp-ModelSummary-row${layer.problem ? ' jp-mod-unknown' : ''}`,
      'data-layer-name': layer.name,
      'data-key': key,
      'data-depth': depth,
      'data-cell': layer.location?.cell ?? undefined,
      'data-line': layer.location?.line ?? undefined,
      'data-column': layer.location?.column ?? undefined,
      tabindex: layer.location && options.onNavigate ? 0 : undefined,
      hidden: hiddenByParent,
      title: layer.location ? `Defined at ${locationText(layer.location.cell, layer.location.line, layer.location.column)}` : undefined
    },
    h(
      'td',
      { className: 'jp-ModelSummary-layer', style: depth ? `padding-left: ${0.5 + depth * 1.25}em` : undefined },
      expandable
        ? h('button', { className: 'jp-ModelSummary-expand', type: 'button', 'aria-expanded': 'false', 'aria-label': `Show ${layer.layers ? 'layers' : 'weights'} of ${layer.name}` }, '▸')
        : h('span', { className: 'jp-ModelSummary-expandSpacer' }),
      h('span', { className: 'jp-ModelSummary-layerName' }, layer.name),
      ' ',
      h('span', { className: 'jp-ModelSummary-class' }, `(${layer.class})`)
    ),
    h('td', { className: 'jp-ModelSummary-shape' }, layerShapeText(layer, kerasVersion)),
    ...columns.map(c => h('td', { className: 'jp-ModelSummary-params jp-ModelSummary-num', 'data-convention': c }, countText(layer.params[c]))),
    both && h('td', { className: 'jp-ModelSummary-delta jp-ModelSummary-num' }, delta === null ? '?' : delta === 0n ? '' : `+${countText(delta.toString())}`)
  );
  const rows = [row];
  if (layer.note && options.convention !== 'keras') {
    rows.push(h('tr', { className: 'jp-ModelSummary-note', 'data-key': key, hidden: hiddenByParent }, h('td', { colspan: width }, `Δ ${layer.note}`)));
  }
  if (layer.problem) {
    rows.push(h('tr', { className: 'jp-ModelSummary-problem', 'data-key': key, hidden: hiddenByParent }, h('td', { colspan: width }, `? ${layer.problem}`)));
  }
  if (layer.weights?.keras.length) {
    const layouts = options.convention === 'both' ? (['keras', 'cudnn'] as const) : ([options.convention] as const);
    const lists = layouts.map(layout =>
      h(
        'div',
        { className: 'jp-ModelSummary-weightList', 'data-convention': layout },
        layouts.length > 1 ? h('span', { className: 'jp-ModelSummary-weightLayout' }, `${LABEL[layout]}: `) : null,
        ...layer.weights![layout].map(w =>
          h('span', { className: `jp-ModelSummary-weight${w.trainable ? '' : ' jp-mod-frozen'}` }, `${w.name} ${shapeText(w.shape)}${w.trainable ? '' : ' (non-trainable)'}`)
        )
      )
    );
    const conversion = layer.conversion ? conversionDetail(layer.conversion) : null;
    rows.push(h('tr', { className: 'jp-ModelSummary-weights', 'data-parent': key, hidden: true }, h('td', { colspan: width }, ...lists, conversion)));
  }
  return rows;
}

/** Expand/collapse on the caret; navigate on the rest of a row. */
function onBodyClick(event: Event, body: HTMLElement, options: ReportViewOptions): void {
  const target = event.target as HTMLElement;
  const button = target.closest('button.jp-ModelSummary-expand');
  const row = target.closest('tr.jp-ModelSummary-row') as HTMLTableRowElement | null;
  if (!row) return;
  const key = row.dataset.key!;
  if (button) {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? '▾' : '▸';
    setChildrenVisible(body, key, open);
    return;
  }
  if (options.onNavigate && row.dataset.line) {
    options.onNavigate({ cell: row.dataset.cell === undefined ? null : Number(row.dataset.cell), line: Number(row.dataset.line), column: Number(row.dataset.column ?? 1) });
  }
}

function setChildrenVisible(body: HTMLElement, key: string, open: boolean): void {
  for (const tr of Array.from(body.querySelectorAll<HTMLTableRowElement>('tr'))) {
    const own = tr.dataset.parent === key;
    const rowKey = tr.dataset.key ?? tr.dataset.parent ?? '';
    const child = rowKey.startsWith(`${key}/`) && rowKey.split('/').length === key.split('/').length + 1 && !tr.dataset.parent;
    if (own || child) tr.hidden = !open;
    // Closing a parent closes everything below it.
    if (!open && rowKey.startsWith(`${key}/`)) {
      tr.hidden = true;
      const caret = tr.querySelector('button.jp-ModelSummary-expand');
      if (caret) {
        caret.setAttribute('aria-expanded', 'false');
        caret.textContent = '▸';
      }
    }
  }
}

function renderTotals(model: JsonModel, columns: Array<'keras' | 'cudnn'>): HTMLElement {
  const table = h('table', { className: 'jp-ModelSummary-totals' });
  table.appendChild(h('thead', {}, h('tr', {}, h('th', {}, ''), ...columns.map(c => h('th', { className: 'jp-ModelSummary-num', 'data-convention': c }, LABEL[c])))));
  const body = h('tbody');
  const line = (label: string, pick: (c: 'keras' | 'cudnn') => string) =>
    body.appendChild(h('tr', {}, h('th', { scope: 'row' }, label), ...columns.map(c => h('td', { className: 'jp-ModelSummary-num', 'data-convention': c }, pick(c)))));
  line('Total params', c => countText(model.totals[c].total) + (model.totals[c].unknownLayers ? ` + ${model.totals[c].unknownLayers} unknown` : ''));
  line('Trainable', c => countText(model.totals[c].trainable));
  line('Non-trainable', c => countText(model.totals[c].nonTrainable));
  line('Memory', c => memoryText(model.totals[c].bytes));
  table.appendChild(body);
  return table;
}

function renderDiagnostics(diagnostics: JsonDiagnostic[], options: ReportViewOptions): HTMLElement {
  const list = h('ul', { className: 'jp-ModelSummary-diagnostics', 'aria-label': 'Problems' });
  for (const d of diagnostics) {
    const where = locationText(d.cell, d.line, d.column);
    const item = h(
      'li',
      { className: 'jp-ModelSummary-diagnostic', 'data-severity': d.severity, tabindex: d.line !== null && options.onNavigate ? 0 : undefined },
      h('span', { className: 'jp-ModelSummary-severity' }, d.severity),
      where ? h('span', { className: 'jp-ModelSummary-where' }, where) : null,
      h('span', { className: 'jp-ModelSummary-message' }, d.message)
    );
    if (d.line !== null && options.onNavigate) {
      const go = () => options.onNavigate!({ cell: d.cell, line: d.line!, column: d.column ?? 1 });
      item.addEventListener('click', go);
      item.addEventListener('keydown', e => {
        if (e.key === 'Enter') go();
      });
    }
    list.appendChild(item);
  }
  return list;
}
