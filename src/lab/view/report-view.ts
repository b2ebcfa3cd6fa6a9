/**
 * The summary as DOM, rendered from the table model (core/format/table-model.ts) over the JSON report:
 * one table per model, a share bar per row, the reason for each Δ, expandable nested models and weights,
 * totals and diagnostics. Shared by the side panel, the main-area view and the cell-magic output.
 * Text only: see dom.ts. Narrow panels drop the columns of lower priority (CSS container queries on
 * `data-priority`); their values stay reachable from the row's caret.
 */
import type { JsonReport, ILocation } from '../../core/index';
import type { ConventionChoice } from '../../core/options';
import { english, type IStrings } from '../../core/i18n/strings';
import { domText } from '../../core/format/escape';
import {
  buildModelTable,
  buildReportTable,
  countText,
  type IColumnSpec,
  type IDetailSpec,
  type IDiagnosticLine,
  type IModelTable,
  type ITableColumn,
  type ITableRow
} from '../../core/format/table-model';
import type { IValidationJson } from '../../core/validate/format';
import type { ISavedValidation } from '../magic-syntax';
import { h } from './dom';
import type { ILiveView } from '../live-merge';
import { liveBadge, liveColumn, liveCheckOf } from './live-view';
import { conversionCheckRow, conversionDetail } from './conversion-view';

export interface IReportViewOptions {
  convention: ConventionChoice;
  trans?: IStrings;
  /** Called when the user picks a row or a diagnostic that has a location. */
  onNavigate?: (location: ILocation) => void;
  /** Only models and diagnostics of this cell (the magic shows its own cell). */
  cell?: number;
  /** TensorFlow.js results: a ✓/✗ column and a line per model. */
  validation?: ISavedValidation;
  /** The kernel's live models: a badge per model and a ✓/✗ column where static and live both know it (live-view.ts). */
  live?: ILiveView;
  /** Rows open on first render (keys from `rowStateKey`), and where opening or closing one is reported. */
  expanded?: ReadonlySet<string>;
  onToggle?: (key: string, open: boolean) => void;
  /** More columns or row sections (other features add theirs here). */
  extraColumns?: IColumnSpec[];
  extraDetails?: IDetailSpec[];
}

/** The key a row's open state is saved under: the model's name and the row's path. */
export function rowStateKey(model: string, rowKey: string): string {
  return `${model}:${rowKey}`;
}

const MARK = { ok: '✓', mismatch: '✗', 'not validatable': '–' } as const;

/** The TensorFlow.js column, from the saved validation of one model. */
function validationColumn(checked: IValidationJson, trans: IStrings): IColumnSpec {
  return {
    id: 'tfjs',
    applies: () => true,
    column: () => ({
      kind: 'text',
      header: 'TF.js',
      title: trans.__('Checked by TensorFlow.js on %1', checked.backend),
      align: 'center',
      priority: 1
    }),
    cell: (layer, depth) => {
      const check = depth === 0 ? checked.layers.find(l => l.name === layer.name) : undefined;
      if (!check) return { text: '', title: trans.__('Not part of the check') };
      const params = check.tfjsParams !== null ? ` ${trans.__('(TensorFlow.js: %1 parameters)', countText(check.tfjsParams))}` : '';
      return { text: MARK[check.status], status: check.status, title: `${check.status}${check.reason ? `: ${check.reason}` : ''}${params}` };
    }
  };
}

export function renderReport(report: JsonReport, options: IReportViewOptions): HTMLElement {
  const trans = options.trans ?? english;
  const root = h('div', { className: 'jp-ModelSummary-report', 'data-convention': options.convention });
  if (options.validation) {
    const v = options.validation;
    const text = v.note
      ? trans.__('Validated with TensorFlow.js on %1 (%2)', v.backend, v.note)
      : trans.__('Validated with TensorFlow.js on %1', v.backend);
    root.appendChild(h('p', { className: 'jp-ModelSummary-backendNote', 'data-backend': v.backend }, text));
  }
  const base = { convention: options.convention, trans, cell: options.cell, share: true, extraDetails: options.extraDetails };
  const table = buildReportTable(report, base);
  for (const model of table.models) {
    const checked = options.validation?.models[model.model.name];
    // The TensorFlow.js column depends on the model: such a model's table is built with it.
    const liveCheck = liveCheckOf(options.live, model.model);
    const extraColumns = [
      ...(options.extraColumns ?? []),
      ...(checked ? [validationColumn(checked, trans)] : []),
      ...(liveCheck ? [liveColumn(liveCheck, trans)] : [])
    ];
    const own = extraColumns.length
      ? buildModelTable(model.model, report.kerasVersion, { ...base, kerasRelease: report.kerasRelease, extraColumns })
      : model;
    root.appendChild(renderModel(own, checked, options, trans));
  }
  if (table.empty) root.appendChild(h('p', { className: 'jp-ModelSummary-empty' }, table.empty));
  if (table.diagnostics.length) root.appendChild(renderDiagnostics(table.diagnostics, options, trans));
  return root;
}

function renderModel(table: IModelTable, checked: IValidationJson | undefined, options: IReportViewOptions, trans: IStrings): HTMLElement {
  const { model, columns } = table;
  const shapeHeader = columns.find(c => c.kind === 'shape')?.header;
  const head = h(
    'tr',
    {},
    ...columns.map(c =>
      h(
        'th',
        { scope: 'col', ...columnAttrs(c), title: c.title },
        c.header,
        c.kind === 'layer' && shapeHeader ? h('div', { className: 'jp-ModelSummary-shapeInline' }, shapeHeader) : null
      )
    )
  );
  const body = h('tbody');
  const narrowColumns = columns.filter(c => c.priority > 0 && c.kind !== 'share');
  for (const row of table.rows) for (const tr of rowElements(row, table, narrowColumns, options, trans)) body.appendChild(tr);
  body.addEventListener('click', event => onBodyClick(event, body, model.name, options));
  body.addEventListener('keydown', event => {
    if ((event.key === 'Enter' || event.key === ' ') && (event.target as HTMLElement).matches('tr.jp-ModelSummary-row')) {
      event.preventDefault();
      onBodyClick(event, body, model.name, options);
    }
  });
  // Rows opened before (a reload, a re-analysis) open again.
  for (const row of table.rows) {
    if (options.expanded?.has(rowStateKey(model.name, row.key))) setOpen(body, row.key, true);
  }
  const title = h(
    'h3',
    { className: 'jp-ModelSummary-modelTitle' },
    h('span', { className: 'jp-ModelSummary-modelName' }, domText(model.name)),
    ' ',
    h('span', { className: 'jp-ModelSummary-class' }, `(${domText(model.class)})`),
    model.variable && model.variable !== model.name ? h('code', { className: 'jp-ModelSummary-variable' }, domText(model.variable)) : null,
    liveBadge(options.live, model)
  );
  return h(
    'section',
    { className: 'jp-ModelSummary-model', 'data-model-variable': model.variable ?? undefined, 'data-model-name': model.name },
    title,
    checked ? validationLine(checked, trans) : null,
    h('div', { className: 'jp-ModelSummary-tableWrap' }, h('table', { className: 'jp-ModelSummary-table' }, h('thead', {}, head), body)),
    renderTotals(table, trans)
  );
}

const KIND_CLASS: Record<ITableColumn['kind'], string> = {
  layer: 'jp-ModelSummary-layer',
  shape: 'jp-ModelSummary-shape',
  count: 'jp-ModelSummary-params jp-ModelSummary-num',
  delta: 'jp-ModelSummary-delta jp-ModelSummary-num',
  share: 'jp-ModelSummary-shareText jp-ModelSummary-num',
  connected: 'jp-ModelSummary-connected',
  text: 'jp-ModelSummary-text'
};

function columnAttrs(c: ITableColumn): Record<string, string | number | undefined> {
  const check = c.id === 'tfjs' ? ' jp-ModelSummary-check' : c.id === 'live' ? ' jp-ModelSummary-check jp-ModelSummary-liveCheck' : '';
  return { className: `${KIND_CLASS[c.kind]}${check}`, 'data-column': c.id, 'data-convention': c.convention, 'data-priority': c.priority };
}

/** A shape whose text may wrap only between dimensions: each `dim,` is unbreakable. */
function shapeNode(text: string): HTMLElement {
  const span = h('span', { className: 'jp-ModelSummary-dims' });
  text.split(/(?<=,) /).forEach((part, i) => {
    if (i) span.append(' ');
    span.appendChild(h('span', { className: 'jp-ModelSummary-dim' }, domText(part)));
  });
  return span;
}

function rowElements(
  row: ITableRow,
  table: IModelTable,
  narrowColumns: ITableColumn[],
  options: IReportViewOptions,
  trans: IStrings
): HTMLTableRowElement[] {
  const { layer, depth, key } = row;
  const width = table.columns.length;
  const caretDetails = row.details.filter(d => !d.inline);
  const expandable = row.hasChildren || caretDetails.length > 0;
  const hiddenByParent = depth > 0;
  const share = row.cells.share;
  const cells = table.columns.map(c => {
    const cell = row.cells[c.id];
    const attrs = { ...columnAttrs(c), title: cell.title, 'data-status': cell.status };
    if (c.kind === 'layer') {
      const caret = expandable
        ? h(
            'button',
            {
              className: 'jp-ModelSummary-expand',
              type: 'button',
              'aria-expanded': 'false',
              'aria-label': trans.__('Show the details of %1', layer.name)
            },
            '▸'
          )
        : narrowColumns.length
          ? h(
              'button',
              {
                className: 'jp-ModelSummary-expand jp-mod-narrowOnly',
                type: 'button',
                'aria-expanded': 'false',
                'aria-label': trans.__('Show the details of %1', layer.name)
              },
              '▸'
            )
          : h('span', { className: 'jp-ModelSummary-expandSpacer' });
      const bar =
        share && typeof share.value === 'number'
          ? h(
              'span',
              { className: 'jp-ModelSummary-bar', 'aria-hidden': 'true', title: share.title },
              h('span', { className: 'jp-ModelSummary-barFill', style: `width: ${(share.value * 100).toFixed(2)}%` })
            )
          : null;
      return h(
        'td',
        { ...attrs, title: undefined, style: depth ? `padding-left: ${0.25 + depth * 1}em` : undefined },
        h(
          'div',
          { className: 'jp-ModelSummary-layerLine' },
          caret,
          h('span', { className: 'jp-ModelSummary-layerName', title: `${layer.name} (${layer.class})` }, domText(layer.name)),
          h('span', { className: 'jp-ModelSummary-class' }, `(${domText(layer.class)})`)
        ),
        // Narrow panels show the shape here, under the name, instead of in a column of its own.
        row.cells.shape ? h('div', { className: 'jp-ModelSummary-shapeInline' }, shapeNode(row.cells.shape.text)) : null,
        bar
      );
    }
    if (c.kind === 'shape') return h('td', attrs, shapeNode(cell.text));
    return h('td', attrs, domText(cell.text));
  });
  const tr = h(
    'tr',
    {
      className: `jp-ModelSummary-row${layer.problem ? ' jp-mod-unknown' : ''}`,
      'data-layer-name': layer.name,
      'data-key': key,
      'data-depth': depth,
      'data-cell': row.location?.cell ?? undefined,
      'data-line': row.location?.line ?? undefined,
      'data-column': row.location?.column ?? undefined,
      tabindex: row.location && options.onNavigate ? 0 : undefined,
      hidden: hiddenByParent,
      title: row.location ? trans.__('Defined at %1', locationWords(trans, row.location)) : undefined
    },
    ...cells
  );
  const rows = [tr];
  // The numerical proof of the weight conversion (TensorFlow.js), right under its layer.
  const proof = depth === 0 ? options.validation?.models[table.model.name]?.conversions?.find(c => c.layer === layer.name) : undefined;
  if (proof) rows.push(conversionCheckRow(proof, width, key, hiddenByParent));
  for (const d of row.details.filter(x => x.inline)) {
    rows.push(
      h(
        'tr',
        { className: d.id === 'problem' ? 'jp-ModelSummary-problem' : 'jp-ModelSummary-note', 'data-key': key, hidden: hiddenByParent },
        h('td', { colspan: width }, `${d.label} ${domText(d.lines.map(l => l.text).join('; '))}`)
      )
    );
  }
  // What a narrow panel leaves out of the row (the other convention, the TensorFlow.js check), under the caret.
  const narrow = narrowColumns
    .filter(c => row.cells[c.id].text)
    .map(c => h('span', { className: 'jp-ModelSummary-narrowValue', 'data-column': c.id }, `${c.header}: ${domText(row.cells[c.id].text)}`));
  if (caretDetails.length || narrow.length) {
    const sections = caretDetails.map(d => {
      // The weight mapping as a table of tensors (conversion-view.ts), not its one-line note.
      if (d.id === 'conversion' && layer.conversion) return [conversionDetail(layer.conversion)];
      const groups = [...new Set(d.lines.map(l => l.group))];
      return groups.map(g =>
        h(
          'div',
          { className: `jp-ModelSummary-weightList`, 'data-detail': d.id, 'data-convention': d.lines.find(l => l.group === g)?.groupId },
          g !== undefined ? h('span', { className: 'jp-ModelSummary-weightLayout' }, `${g}: `) : null,
          ...d.lines
            .filter(l => l.group === g)
            .map(l => h('span', { className: `jp-ModelSummary-weight${l.muted ? ' jp-mod-frozen' : ''}` }, domText(l.text)))
        )
      );
    });
    const narrowLine = narrow.length ? h('div', { className: 'jp-ModelSummary-narrowValues' }, ...narrow) : null;
    rows.push(
      h(
        'tr',
        { className: `jp-ModelSummary-weights${caretDetails.length ? '' : ' jp-mod-narrowOnly'}`, 'data-parent': key, hidden: true },
        h('td', { colspan: width }, narrowLine, ...sections.flat())
      )
    );
  }
  return rows;
}

function locationWords(trans: IStrings, l: ILocation): string {
  const parts = [l.cell !== null ? trans.__('cell %1', l.cell + 1) : null, trans.__('line %1', l.line), trans.__('column %1', l.column)].filter(
    Boolean
  );
  return parts.join(trans.__(', '));
}

/** Expand/collapse on the caret; navigate on the rest of a row. */
function onBodyClick(event: Event, body: HTMLElement, model: string, options: IReportViewOptions): void {
  const target = event.target as HTMLElement;
  const button = target.closest('button.jp-ModelSummary-expand');
  const row = target.closest('tr.jp-ModelSummary-row') as HTMLTableRowElement | null;
  if (!row) return;
  const key = row.dataset.key!;
  if (button) {
    const open = button.getAttribute('aria-expanded') !== 'true';
    setOpen(body, key, open);
    options.onToggle?.(rowStateKey(model, key), open);
    return;
  }
  if (options.onNavigate && row.dataset.line) {
    options.onNavigate({
      cell: row.dataset.cell === undefined ? null : Number(row.dataset.cell),
      line: Number(row.dataset.line),
      column: Number(row.dataset.column ?? 1)
    });
  }
}

function setOpen(body: HTMLElement, key: string, open: boolean): void {
  const caret = body.querySelector(`tr.jp-ModelSummary-row[data-key="${key}"] button.jp-ModelSummary-expand`);
  if (caret) {
    caret.setAttribute('aria-expanded', String(open));
    caret.textContent = open ? '▾' : '▸';
  }
  for (const tr of Array.from(body.querySelectorAll<HTMLTableRowElement>('tr'))) {
    const own = tr.dataset.parent === key;
    const rowKey = tr.dataset.key ?? tr.dataset.parent ?? '';
    const child = rowKey.startsWith(`${key}/`) && rowKey.split('/').length === key.split('/').length + 1 && !tr.dataset.parent;
    if (own || child) tr.hidden = !open;
    // Closing a parent closes everything below it.
    if (!open && rowKey.startsWith(`${key}/`)) {
      tr.hidden = true;
      const below = tr.querySelector('button.jp-ModelSummary-expand');
      if (below) {
        below.setAttribute('aria-expanded', 'false');
        below.textContent = '▸';
      }
    }
  }
}

function validationLine(v: IValidationJson, trans: IStrings): HTMLElement {
  const checkedLayers = v.layers.filter(l => l.status !== 'not validatable').length;
  const mismatches = v.layers.filter(l => l.status === 'mismatch');
  const verdict =
    v.message ??
    (mismatches.length
      ? trans._n('%1 layer disagrees: %2', '%1 layers disagree: %2', mismatches.length, mismatches.map(l => `${l.name}: ${l.reason}`).join('; '))
      : trans.__('shapes and Keras counts agree'));
  const count = v.layers.length ? ` ${trans.__('(%1 of %2 layers checked)', checkedLayers, v.layers.length)}` : '';
  return h(
    'p',
    { className: `jp-ModelSummary-validation${v.ok ? '' : ' jp-mod-failed'}`, 'data-backend': v.backend },
    `${trans.__('TensorFlow.js on %1, %2 ms: %3', v.backend, Math.round(v.ms), verdict)}${count}`
  );
}

function renderTotals(table: IModelTable, trans: IStrings): HTMLElement {
  const blocks = table.totals;
  const grid = h('table', { className: 'jp-ModelSummary-totals' });
  grid.appendChild(
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, ''), ...blocks.map(b => h('th', { className: 'jp-ModelSummary-num', 'data-convention': b.convention }, b.label)))
    )
  );
  const body = h('tbody');
  const line = (label: string, pick: (i: number) => string) =>
    body.appendChild(
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, ...unbrokenWords(label)),
        ...blocks.map((b, i) => h('td', { className: 'jp-ModelSummary-num', 'data-convention': b.convention }, pick(i)))
      )
    );
  line(trans.__('Total params'), i => blocks[i].lines[0].count);
  if (blocks.some(b => b.unknownLayers)) line(trans.__('Layers not counted'), i => String(blocks[i].unknownLayers));
  line(trans.__('Trainable'), i => blocks[i].lines[1].count);
  line(trans.__('Non-trainable'), i => blocks[i].lines[2].count);
  // Keras 3 after a training step counts the optimizer's variables in the total.
  if (blocks.some(b => b.lines[3])) line(trans.__('Optimizer'), i => blocks[i].lines[3]?.count ?? '');
  line(trans.__('Memory'), i => blocks[i].lines[0].memory);
  grid.appendChild(body);
  return grid;
}

/** A label that may wrap between its words but never inside one ("Non-trainable" broke at its hyphen at 250 px). */
function unbrokenWords(label: string): Array<HTMLElement | string> {
  return label.split(' ').flatMap((word, i) => [...(i ? [' '] : []), h('span', { className: 'jp-ModelSummary-word' }, word)]);
}

function renderDiagnostics(diagnostics: IDiagnosticLine[], options: IReportViewOptions, trans: IStrings): HTMLElement {
  const list = h('ul', { className: 'jp-ModelSummary-diagnostics', 'aria-label': trans.__('Problems') });
  for (const d of diagnostics) {
    const item = h(
      'li',
      { className: 'jp-ModelSummary-diagnostic', 'data-severity': d.severity, tabindex: d.location && options.onNavigate ? 0 : undefined },
      h('span', { className: 'jp-ModelSummary-severity' }, d.severityText),
      d.where ? h('span', { className: 'jp-ModelSummary-where' }, d.where) : null,
      h('span', { className: 'jp-ModelSummary-message' }, domText(d.message))
    );
    if (d.location && options.onNavigate) {
      const go = () => options.onNavigate!(d.location!);
      item.addEventListener('click', go);
      item.addEventListener('keydown', e => {
        if (e.key === 'Enter') go();
      });
    }
    list.appendChild(item);
  }
  return list;
}
