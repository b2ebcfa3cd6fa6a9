/** Markdown and CSV tables of a summary: one row per layer, nested models indented. */
import type { AnalysisReport, ModelSummary } from '../summary/summary';
import { conversionNote } from '../conversion/json';
import { CONVENTION_LABEL, conventionsOf, delta, fmtCount, flatRows, ROWS_HIDDEN_MARK, rowsNotShownText, shapeText, totalsLines, type ConventionChoice } from './table';
import { csvCell, displayName, markdownText, oneLine } from './safe-text';

/** A name in Markdown: capped, unsafe characters visible (a newline never ends the row), markup escaped. */
const mdName = (s: string) => markdownText(displayName(s));
const mdMessage = (s: string) => markdownText(oneLine(s));

export function formatModelMarkdown(model: ModelSummary, choice: ConventionChoice = 'both'): string {
  const conventions = conventionsOf(choice);
  const headers = ['Layer (type)', 'Output shape', ...conventions.map(c => `Params (${CONVENTION_LABEL[c]})`), ...(choice === 'both' ? ['Δ', 'Why'] : [])];
  const lines = [`### ${mdName(model.name)}${model.variable ? ` (${/^[A-Za-z_]\w*$/.test(model.variable) ? `\`${model.variable}\`` : mdName(model.variable)})` : ''}`, '', `| ${headers.join(' | ')} |`, `|${headers.map((_, i) => (i >= 2 && i < 2 + conventions.length + (choice === 'both' ? 1 : 0) ? ' ---: ' : ' --- ')).join('|')}|`];
  const shown = flatRows(model);
  for (const { row, depth, rowsHidden } of shown) {
    const d = delta(row);
    const cells = [`${'&nbsp;&nbsp;'.repeat(depth)}${mdName(row.name)} (${mdName(row.className)})${rowsHidden ? markdownText(ROWS_HIDDEN_MARK) : ''}`, markdownText(shapeText(row)), ...conventions.map(c => fmtCount(row.params[c]))];
    if (choice === 'both') cells.push(d === null ? '?' : d === 0n ? '' : `+${fmtCount(d)}`, row.note ? mdMessage(row.note) : '');
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const notShown = rowsNotShownText(model, shown);
  if (notShown) lines.push('', markdownText(notShown));
  lines.push('');
  for (const c of conventions) {
    lines.push(`**${CONVENTION_LABEL[c]}:** ${totalsLines(model.totals[c]).map(([k, v]) => `${k} ${v}`).join(' · ')}  `);
  }
  const conversions = flatRows(model).flatMap(({ row }) => (row.conversion ? [`- ⇄ ${mdName(row.name)}: ${mdMessage(conversionNote(row.conversion))}`] : []));
  if (conversions.length) lines.push('', '**Weight conversion:**', '', ...conversions);
  return lines.join('\n');
}

export function formatMarkdown(report: AnalysisReport, choice: ConventionChoice = 'both'): string {
  const parts = report.models.map(m => formatModelMarkdown(m, choice));
  if (report.diagnostics.length) {
    parts.push('#### Diagnostics\n\n' + report.diagnostics.map(d => `- **${d.severity}**${d.location ? ` (${d.location.cell !== null ? `cell ${d.location.cell + 1}, ` : ''}line ${d.location.line}, column ${d.location.column})` : ''}: ${mdMessage(d.message)}`).join('\n'));
  }
  return parts.join('\n\n') + '\n';
}

export function formatCsv(report: AnalysisReport): string {
  const lines = [['model', 'layer', 'class', 'depth', 'output_shape', 'params_keras', 'params_cudnn', 'params_declared', 'trainable', 'cell', 'line', 'column', 'note'].join(',')];
  for (const model of report.models) {
    for (const { row, depth } of flatRows(model)) {
      const n = (x: bigint | null) => (x === null ? '' : x.toString());
      const text = (x: string) => csvCell(displayName(x));
      const num = (x: string) => csvCell(x, true);
      lines.push(
        [text(model.name), text(row.name), text(row.className), num(String(depth)), text(shapeText(row)), num(n(row.params.keras)), num(n(row.params.cudnn)), num(n(row.params.declared)),
          text(String(row.trainable)), num(row.location?.cell?.toString() ?? ''), num(row.location?.line.toString() ?? ''), num(row.location?.column.toString() ?? ''), text(oneLine(row.note ?? ''))]
          .join(',')
      );
    }
  }
  return lines.join('\n') + '\n';
}
