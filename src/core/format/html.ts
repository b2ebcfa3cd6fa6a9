/**
 * A static, escaped HTML rendering of a summary: the `text/html` fallback saved with the cell magic's
 * output, so nbconvert and GitHub show the table without the extension. No script, no event handler,
 * no style attribute: only escaped text in table markup.
 */
import type { AnalysisReport, ModelSummary } from '../summary/summary';
import { displayName, oneLine } from './safe-text';
import { CONVENTION_LABEL, conventionsOf, delta, fmtCount, flatRows, ROWS_HIDDEN_MARK, rowsNotShownText, shapeText, totalsLines, type ConventionChoice } from './table';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => ESCAPES[c]);
}

function modelHtml(model: ModelSummary, choice: ConventionChoice): string {
  const conventions = conventionsOf(choice);
  const both = choice === 'both';
  const head = ['Layer (type)', 'Output shape', ...conventions.map(c => `Params (${CONVENTION_LABEL[c]})`), ...(both ? ['Δ'] : [])];
  const shown = flatRows(model);
  const rows = shown.map(({ row, depth, rowsHidden }) => {
    const d = delta(row);
    const cells = [
      `${'&nbsp;&nbsp;'.repeat(depth)}${escapeHtml(`${displayName(row.name)} (${displayName(row.className)})${rowsHidden ? ROWS_HIDDEN_MARK : ''}`)}`,
      escapeHtml(shapeText(row)),
      ...conventions.map(c => fmtCount(row.params[c])),
      ...(both ? [d === null ? '?' : d === 0n ? '' : `+${fmtCount(d)}`] : [])
    ];
    const note = row.note && choice !== 'keras' ? `<tr><td colspan="${head.length}"><small>Δ ${escapeHtml(oneLine(row.note))}</small></td></tr>` : '';
    return `<tr>${cells.map((c, i) => `<td${i >= 2 ? ' align="right"' : ''}>${c}</td>`).join('')}</tr>${note}`;
  });
  const totals = conventions
    .map(c => `<p><b>${CONVENTION_LABEL[c]}:</b> ${totalsLines(model.totals[c]).map(([k, v]) => `${k} ${escapeHtml(v)}`).join(' · ')}</p>`)
    .join('');
  const title = `<h4>${escapeHtml(displayName(model.name))} (${escapeHtml(displayName(model.className))})${model.variable ? ` <code>${escapeHtml(displayName(model.variable))}</code>` : ''}</h4>`;
  const notShown = rowsNotShownText(model, shown);
  return `${title}<table><thead><tr>${head.map(x => `<th>${x}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>${notShown ? `<p>${escapeHtml(notShown)}</p>` : ''}${totals}`;
}

export function formatHtml(report: AnalysisReport, choice: ConventionChoice = 'both'): string {
  const parts = report.models.map(m => modelHtml(m, choice));
  if (!report.models.length) parts.push('<p>No Keras model found.</p>');
  if (report.diagnostics.length) {
    const items = report.diagnostics.map(d => {
      const where = d.location ? `${d.location.cell !== null ? `cell ${d.location.cell + 1}, ` : ''}line ${d.location.line}, column ${d.location.column}: ` : '';
      return `<li><b>${d.severity}</b> ${escapeHtml(where + oneLine(d.message))}</li>`;
    });
    parts.push(`<ul>${items.join('')}</ul>`);
  }
  return `<div class="jp-ModelSummary-html">${parts.join('')}</div>`;
}
