/** The table Keras 3's `model.summary()` prints, with a column per convention and Δ for `both`. */
import type { KerasVersion } from '../types';
import type { AnalysisReport, ModelSummary } from '../summary/summary';
import { conversionNote } from '../conversion/json';
import { displayName, oneLine } from './safe-text';
import { CONVENTION_LABEL, conventionsOf, delta, fmtCount, flatRows, layerText, ROWS_HIDDEN_MARK, rowsNotShownText, shapeText, totalsLines, type ConventionChoice } from './table';

function box(headers: string[], rows: string[][], rightAligned: Set<number>): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)) + 2);
  const line = (l: string, m: string, r: string, fill: string) => l + widths.map(w => fill.repeat(w)).join(m) + r;
  const cells = (r: string[]) =>
    '│' + r.map((c, i) => ' ' + (rightAligned.has(i) ? c.padStart(widths[i] - 2) : c.padEnd(widths[i] - 2)) + ' ').join('│') + '│';
  const out = [line('┏', '┳', '┓', '━'), '┃' + headers.map((h, i) => ' ' + h.padEnd(widths[i] - 2) + ' ').join('┃') + '┃', line('┡', '╇', '┩', '━')];
  rows.forEach((r, i) => {
    out.push(cells(r));
    if (i < rows.length - 1) out.push(line('├', '┼', '┤', '─'));
  });
  out.push(line('└', '┴', '┘', '─'));
  return out;
}

export function formatModelText(model: ModelSummary, choice: ConventionChoice = 'declared', kerasVersion: KerasVersion = 3): string {
  const conventions = conventionsOf(choice);
  const functional = model.kind === 'functional';
  const headers = ['Layer (type)', 'Output Shape', ...conventions.map(c => (conventions.length > 1 ? `Param # (${CONVENTION_LABEL[c]})` : 'Param #'))];
  if (choice === 'both') headers.push('Δ');
  if (functional) headers.push('Connected to');
  const notes: string[] = [];
  const shown = flatRows(model);
  const rows = shown.map(({ row, depth, rowsHidden }) => {
    const d = delta(row);
    // tf.keras prints `multiple` for a layer called more than once in the model.
    const shape = kerasVersion === 2 && row.calls > 1 ? 'multiple' : shapeText(row);
    const cells = [`${'  '.repeat(depth)}${layerText(row)}${rowsHidden ? ROWS_HIDDEN_MARK : ''}`, shape, ...conventions.map(c => fmtCount(row.params[c]))];
    if (choice === 'both') cells.push(d === null ? '?' : d === 0n ? '' : `+${fmtCount(d)}`);
    if (functional) cells.push(depth === 0 ? row.connectedTo.map(n => displayName(n)).join(', ') || '-' : '');
    if (row.note && depth === 0) notes.push(`${displayName(row.name)}: ${oneLine(row.note)}`);
    return cells;
  });
  const right = new Set(conventions.map((_, i) => i + 2));
  if (choice === 'both') right.add(conventions.length + 2);
  const unbuilt = !model.inferred ? '' : model.inferred.reason === 'unbuilt' ? ' — unbuilt in Keras, figures inferred by the engine' : ' — input shape unknown, figures inferred by the engine';
  const out = [`Model: "${displayName(model.name)}"${model.variable && model.variable !== model.name ? ` (${displayName(model.variable)})` : ''}${unbuilt}`, ...box(headers, rows, right)];
  const notShown = rowsNotShownText(model, shown);
  if (notShown) out.push(` ${notShown}`);
  for (const c of conventions) {
    const label = conventions.length > 1 ? ` [${CONVENTION_LABEL[c]}]` : '';
    for (const [k, v] of totalsLines(model.totals[c])) out.push(` ${k}${label}: ${v}`);
  }
  if (choice !== 'keras' && notes.length) out.push('', ...notes.map(n => ` Δ ${n}`));
  const conversions = flatRows(model).flatMap(({ row }) => (row.conversion ? [` ⇄ ${displayName(row.name)}: ${oneLine(conversionNote(row.conversion))}`] : []));
  if (conversions.length) out.push('', ...conversions, ' (model-summary --conversion-code writes the code; --format json has every tensor)');
  return out.join('\n');
}

export function formatText(report: AnalysisReport, choice: ConventionChoice = 'declared'): string {
  const parts = report.models.map(m => formatModelText(m, choice, report.kerasVersion));
  if (!report.models.length) parts.push('No Keras model found.');
  for (const d of report.diagnostics) {
    const where = d.location ? `${d.location.cell !== null ? `cell ${d.location.cell + 1}, ` : ''}line ${d.location.line}, column ${d.location.column}: ` : '';
    parts.push(`${d.severity}: ${where}${oneLine(d.message)}`);
  }
  return parts.join('\n\n') + '\n';
}
