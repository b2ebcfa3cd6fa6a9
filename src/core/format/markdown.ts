/** Markdown and CSV tables of a summary: one row per layer, nested models indented. */
import type { AnalysisReport, ModelSummary } from '../summary/summary';
import { conversionNote } from '../conversion/json';
import { CONVENTION_LABEL, conventionsOf, delta, fmtCount, flatRows, shapeText, totalsLines, type ConventionChoice } from './table';

const mdEscape = (s: string) => s.replace(/[\\|*_`<>[\]]/g, c => `\\${c}`);

export function formatModelMarkdown(model: ModelSummary, choice: ConventionChoice = 'both'): string {
  const conventions = conventionsOf(choice);
  const headers = ['Layer (type)', 'Output shape', ...conventions.map(c => `Params (${CONVENTION_LABEL[c]})`), ...(choice === 'both' ? ['Δ', 'Why'] : [])];
  const lines = [`### ${mdEscape(model.name)}${model.variable ? ` (\`${model.variable.replace(/`/g, '')}\`)` : ''}`, '', `| ${headers.join(' | ')} |`, `|${headers.map((_, i) => (i >= 2 && i < 2 + conventions.length + (choice === 'both' ? 1 : 0) ? ' ---: ' : ' --- ')).join('|')}|`];
  for (const { row, depth } of flatRows(model)) {
    const d = delta(row);
    const cells = [`${'&nbsp;&nbsp;'.repeat(depth)}${mdEscape(row.name)} (${mdEscape(row.className)})`, mdEscape(shapeText(row)), ...conventions.map(c => fmtCount(row.params[c]))];
    if (choice === 'both') cells.push(d === null ? '?' : d === 0n ? '' : `+${fmtCount(d)}`, row.note ? mdEscape(row.note) : '');
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('');
  for (const c of conventions) {
    lines.push(`**${CONVENTION_LABEL[c]}:** ${totalsLines(model.totals[c]).map(([k, v]) => `${k} ${v}`).join(' · ')}  `);
  }
  const conversions = flatRows(model).flatMap(({ row }) => (row.conversion ? [`- ⇄ ${mdEscape(row.name)}: ${mdEscape(conversionNote(row.conversion))}`] : []));
  if (conversions.length) lines.push('', '**Weight conversion:**', '', ...conversions);
  return lines.join('\n');
}

export function formatMarkdown(report: AnalysisReport, choice: ConventionChoice = 'both'): string {
  const parts = report.models.map(m => formatModelMarkdown(m, choice));
  if (report.diagnostics.length) {
    parts.push('#### Diagnostics\n\n' + report.diagnostics.map(d => `- **${d.severity}**${d.location ? ` (${d.location.cell !== null ? `cell ${d.location.cell + 1}, ` : ''}line ${d.location.line}, column ${d.location.column})` : ''}: ${mdEscape(d.message)}`).join('\n'));
  }
  return parts.join('\n\n') + '\n';
}

function csvCell(s: string): string {
  // A leading = + - @ would be read as a formula by spreadsheets.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function formatCsv(report: AnalysisReport): string {
  const lines = [['model', 'layer', 'class', 'depth', 'output_shape', 'params_keras', 'params_cudnn', 'params_declared', 'trainable', 'cell', 'line', 'column', 'note'].join(',')];
  for (const model of report.models) {
    for (const { row, depth } of flatRows(model)) {
      const n = (x: bigint | null) => (x === null ? '' : x.toString());
      lines.push(
        [model.name, row.name, row.className, String(depth), shapeText(row), n(row.params.keras), n(row.params.cudnn), n(row.params.declared), String(row.trainable),
          row.location?.cell?.toString() ?? '', row.location?.line.toString() ?? '', row.location?.column.toString() ?? '', row.note ?? '']
          .map(csvCell)
          .join(',')
      );
    }
  }
  return lines.join('\n') + '\n';
}
