/** Markdown and CSV tables of a summary, rendered from the table model: one row per layer, nested models indented. */
import type { ConventionChoice } from '../options';
import type { IStrings } from '../i18n/strings';
import { trans as engineStrings } from '../i18n/current';
import type { IAnalysisReport, IModelSummary } from '../summary/summary';
import type { KerasVersion } from '../types';
import { escapeCsvCell, escapeMarkdownCell } from './escape';
import { jsonModel, jsonOf, type IJsonReport } from './json';
import { buildModelTable, buildReportTable, outputShapeText, type IModelTable } from './table-model';
import { nestedNotListedLine, rowsNotShownLine, titleNotes, type PrintedView } from './text';

export function renderModelMarkdown(table: IModelTable, trans: IStrings = engineStrings): string {
  const e = escapeMarkdownCell;
  const { model, columns } = table;
  // Markdown has no rows under rows: the Δ reason is a last column.
  const why = table.rows.some(r => r.cells.delta !== undefined) ? trans.__('Why') : null;
  const headers = [...columns.map(c => c.header), ...(why ? [why] : [])];
  const lines = [
    `### ${e(model.name)}${model.variable ? ` (${/^[A-Za-z_]\w*$/.test(model.variable) ? `\`${model.variable}\`` : e(model.variable)})` : ''}${e(titleNotes(model, trans))}`,
    '',
    `| ${headers.join(' | ')} |`,
    `|${headers.map((_, i) => (columns[i]?.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`
  ];
  for (const row of table.rows) {
    const cells = columns.map(c => (c.kind === 'layer' ? '&nbsp;&nbsp;'.repeat(row.depth) : '') + e(row.cells[c.id].text));
    if (why) cells.push(e(row.details.find(d => d.id === 'delta')?.lines[0].text ?? ''));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const notShown = rowsNotShownLine(table, trans);
  if (notShown) lines.push('', e(notShown));
  const notListed = nestedNotListedLine(table, trans);
  if (notListed) lines.push('', e(notListed));
  lines.push('');
  for (const block of table.totals) {
    lines.push(`**${block.label}:** ${block.lines.map(l => `${l.label} ${l.count} (${l.memory})${l.unknown ? ` ${l.unknown}` : ''}`).join(' · ')}  `);
  }
  const conversions = table.rows.flatMap(r => r.details.filter(d => d.id === 'conversion').map(d => `- ⇄ ${e(r.layer.name)}: ${e(d.lines[0].text)}`));
  if (conversions.length) lines.push('', `**${trans.__('Weight conversion')}:**`, '', ...conversions);
  return lines.join('\n');
}

export function formatModelMarkdown(
  model: IModelSummary,
  choice: ConventionChoice = 'both',
  kerasVersion: KerasVersion = 3,
  trans?: IStrings
): string {
  return renderModelMarkdown(buildModelTable(jsonModel(model), kerasVersion, { convention: choice, trans, details: ['delta', 'conversion'] }), trans);
}

export function renderMarkdown(
  report: IJsonReport,
  choice: ConventionChoice = 'both',
  trans: IStrings = engineStrings,
  view: PrintedView = {}
): string {
  const table = buildReportTable(report, { convention: choice, trans, details: ['delta', 'conversion'], ...view });
  const parts = table.models.map(m => renderModelMarkdown(m, trans));
  if (table.diagnostics.length) {
    const items = table.diagnostics.map(d => `- **${d.severityText}**${d.where ? ` (${d.where})` : ''}: ${escapeMarkdownCell(d.message)}`);
    parts.push(`#### ${trans.__('Diagnostics')}\n\n${items.join('\n')}`);
  }
  return parts.join('\n\n') + '\n';
}

export function formatMarkdown(report: IAnalysisReport, choice: ConventionChoice = 'both', trans?: IStrings, view?: PrintedView): string {
  return renderMarkdown(jsonOf(report), choice, trans, view);
}

/** CSV is data: fixed columns (machine names, not translated), exact integers, every convention. */
const CSV_COLUMNS = [
  'model',
  'layer',
  'class',
  'depth',
  'output_shape',
  'params_keras',
  'params_cudnn',
  'params_declared',
  'trainable',
  'cell',
  'line',
  'column',
  'note'
];

export function renderCsv(report: IJsonReport): string {
  const table = buildReportTable(report, { convention: 'both', details: [] });
  const lines = [CSV_COLUMNS.join(',')];
  const n = (x: unknown) => (x === null || x === undefined ? '' : String(x));
  for (const model of table.models) {
    for (const row of model.rows) {
      const { layer, location } = row;
      const fields = [
        model.model.name,
        layer.name,
        layer.class,
        String(row.depth),
        outputShapeText(layer),
        n(layer.params.keras),
        n(layer.params.cudnn),
        n(layer.params.declared),
        String(layer.trainable),
        n(location?.cell),
        n(location?.line),
        n(location?.column),
        layer.note ?? ''
      ];
      // Depth, counts and locations are numbers (a negative one stays a number); the rest is text.
      const numeric = new Set([3, 5, 6, 7, 9, 10, 11]);
      lines.push(fields.map((f, i) => escapeCsvCell(f, numeric.has(i))).join(','));
    }
  }
  return lines.join('\n') + '\n';
}

export function formatCsv(report: IAnalysisReport): string {
  return renderCsv(jsonOf(report));
}
