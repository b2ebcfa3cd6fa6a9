/**
 * A static, escaped HTML rendering of a summary, from the table model: the `text/html` fallback saved
 * with the cell magic's output, so nbconvert and GitHub show the table without the extension. No script,
 * no event handler, no style attribute: only escaped text in table markup.
 */
import type { ConventionChoice } from '../options';
import type { IStrings } from '../i18n/strings';
import { trans as engineStrings } from '../i18n/current';
import type { IAnalysisReport } from '../summary/summary';
import { escapeHtml } from './escape';
import { jsonOf, type IJsonReport } from './json';
import { buildReportTable, type IModelTable } from './table-model';

export { escapeHtml } from './escape';

function modelHtml(table: IModelTable): string {
  const e = escapeHtml;
  const { model, columns } = table;
  const rows = table.rows.map(row => {
    const cells = columns.map(
      c =>
        `<td${c.align === 'right' ? ' align="right"' : ''}>${c.kind === 'layer' ? '&nbsp;&nbsp;'.repeat(row.depth) : ''}${e(row.cells[c.id].text)}</td>`
    );
    const inline = row.details
      .filter(d => d.inline)
      .map(d => `<tr><td colspan="${columns.length}"><small>${e(d.label)} ${e(d.lines.map(l => l.text).join('; '))}</small></td></tr>`);
    return `<tr>${cells.join('')}</tr>${inline.join('')}`;
  });
  const totals = table.totals
    .map(
      b =>
        `<p><b>${e(b.label)}:</b> ${b.lines.map(l => `${e(l.label)} ${e(`${l.count} (${l.memory})${l.unknown ? ` ${l.unknown}` : ''}`)}`).join(' · ')}</p>`
    )
    .join('');
  const title = `<h4>${e(model.name)} (${e(model.class)})${model.variable ? ` <code>${e(model.variable)}</code>` : ''}</h4>`;
  return `${title}<table><thead><tr>${columns.map(c => `<th>${e(c.header)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>${totals}`;
}

export function renderHtml(report: IJsonReport, choice: ConventionChoice = 'both', trans: IStrings = engineStrings, cell?: number): string {
  const table = buildReportTable(report, { convention: choice, trans, cell, details: ['delta', 'problem'] });
  const parts = table.models.map(modelHtml);
  if (table.empty) parts.push(`<p>${escapeHtml(table.empty)}</p>`);
  if (table.diagnostics.length) {
    const items = table.diagnostics.map(
      d => `<li><b>${escapeHtml(d.severityText)}</b> ${escapeHtml(`${d.where ? `${d.where}: ` : ''}${d.message}`)}</li>`
    );
    parts.push(`<ul>${items.join('')}</ul>`);
  }
  return `<div class="jp-ModelSummary-html">${parts.join('')}</div>`;
}

export function formatHtml(report: IAnalysisReport, choice: ConventionChoice = 'both', trans?: IStrings): string {
  return renderHtml(jsonOf(report), choice, trans);
}
