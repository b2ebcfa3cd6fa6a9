/** The table Keras 3's `model.summary()` prints, with a column per convention and Δ for `both`; rendered from the table model. */
import type { ConventionChoice } from '../options';
import type { IStrings } from '../i18n/strings';
import type { IAnalysisReport, IModelSummary } from '../summary/summary';
import type { KerasVersion } from '../types';
import { escapeTextCell } from './escape';
import { jsonModel, jsonOf, type IJsonReport } from './json';
import { buildModelTable, buildReportTable, countText, locationText, type IModelTable, type ITableOptions } from './table-model';
import { trans as engineStrings } from '../i18n/current';
import { MAX_NESTED_DEPTH, MAX_ROWS_SHOWN } from './table';

/** East Asian wide and fullwidth characters, which take two columns of a terminal (Chinese headings, names). */
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;
const MAYBE_WIDE = /[\u1100-\u{10FFFF}]/u;

/** The columns `s` takes (its length, for text without wide characters). */
function columns(s: string): number {
  if (!MAYBE_WIDE.test(s)) return s.length;
  let n = 0;
  for (const ch of s) n += WIDE.test(ch) ? 2 : ch.length;
  return n;
}

const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - columns(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - columns(s))) + s;

function box(headers: string[], rows: string[][], rightAligned: Set<number>): string[] {
  // A loop, not Math.max(...rows): a spread of 100,000 rows overflows the call stack.
  const widths = headers.map(columns);
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i], columns(c))));
  for (let i = 0; i < widths.length; i++) widths[i] += 2;
  const line = (l: string, m: string, r: string, fill: string) => l + widths.map(w => fill.repeat(w)).join(m) + r;
  const cells = (r: string[]) =>
    '│' + r.map((c, i) => ' ' + (rightAligned.has(i) ? padStart(c, widths[i] - 2) : padEnd(c, widths[i] - 2)) + ' ').join('│') + '│';
  const out = [line('┏', '┳', '┓', '━'), '┃' + headers.map((h, i) => ' ' + padEnd(h, widths[i] - 2) + ' ').join('┃') + '┃', line('┡', '╇', '┩', '━')];
  rows.forEach((r, i) => {
    out.push(cells(r));
    if (i < rows.length - 1) out.push(line('├', '┼', '┤', '─'));
  });
  out.push(line('└', '┴', '┘', '─'));
  return out;
}

/** How a printed report treats each model's summary() call (the CLI prints each as the call prints it). */
export type PrintedView = Pick<ITableOptions, 'asCalled' | 'expandNested'>;

function textOptions(convention: ConventionChoice, trans: IStrings | undefined, view: PrintedView = {}): ITableOptions {
  return { convention, trans, headers: 'keras', connected: true, details: ['delta', 'conversion'], ...view };
}

/** What the title adds: the summary() call an entry shows, and an unbuilt model's inferred figures. */
export function titleNotes(model: IModelTable['model'], trans: IStrings = engineStrings): string {
  const call = model.summaryCall ? ` — ${trans.__('summary() at %1', locationText(trans, model.summaryCall.cell, model.summaryCall.line))}` : '';
  const unbuilt = !model.inferred
    ? ''
    : model.inferred.reason === 'unbuilt'
      ? ` — ${trans.__('unbuilt in Keras, figures inferred by the engine')}`
      : ` — ${trans.__('input shape unknown, figures inferred by the engine')}`;
  return call + unbuilt;
}

/** Rows of nested models left out of the listing (too deep, or too many), said once under the table; or null. */
export function rowsNotShownLine(table: IModelTable, trans: IStrings = engineStrings): string | null {
  const n = table.model.rowsNotShown;
  if (!n) return null;
  const why = [
    ...(table.rows.some(r => r.layer.layersHidden)
      ? [trans.__('nested models deeper than %1 levels show their own row only', MAX_NESTED_DEPTH)]
      : []),
    ...(table.rows.length >= MAX_ROWS_SHOWN ? [trans.__('at most %1 rows are shown', countText(BigInt(MAX_ROWS_SHOWN)))] : [])
  ].join('; ');
  return trans._n(
    '… %1 more row not shown (%2); the totals count every layer',
    '… %1 more rows not shown (%2); the totals count every layer',
    Number(n),
    why
  );
}

/** The rows of nested models left out because the summary() call does not expand them, said under the table; or null. */
export function nestedNotListedLine(table: IModelTable, trans: IStrings = engineStrings): string | null {
  const n = table.nestedNotListed;
  if (!n) return null;
  return trans._n(
    '%1 row of nested models is not listed, as this summary() call prints it (expand_nested=True lists it)',
    '%1 rows of nested models are not listed, as this summary() call prints it (expand_nested=True lists them)',
    n,
    countText(BigInt(n))
  );
}

export function renderModelText(table: IModelTable): string {
  const { model, columns } = table;
  const e = escapeTextCell;
  const rows = table.rows.map(r => columns.map(c => (c.kind === 'layer' ? '  '.repeat(r.depth) : '') + e(r.cells[c.id].text)));
  const right = new Set(columns.flatMap((c, i) => (c.align === 'right' ? [i] : [])));
  const variable = model.variable && model.variable !== model.name ? ` (${e(model.variable)})` : '';
  const out = [
    `Model: "${e(model.name)}"${variable}${titleNotes(model)}`,
    ...box(
      columns.map(c => c.header),
      rows,
      right
    )
  ];
  const notShown = rowsNotShownLine(table);
  if (notShown) out.push(` ${notShown}`);
  const notListed = nestedNotListedLine(table);
  if (notListed) out.push(` ${notListed}`);
  const several = table.totals.length > 1;
  for (const block of table.totals) {
    for (const line of block.lines) {
      const unknown = line.unknown ? ` ${line.unknown}` : '';
      out.push(` ${line.label}${several ? ` [${block.label}]` : ''}: ${line.count} (${line.memory})${unknown}`);
    }
  }
  const notes = table.rows
    .filter(r => r.depth === 0)
    .flatMap(r => r.details.filter(d => d.id === 'delta').map(d => ` Δ ${e(r.layer.name)}: ${e(d.lines[0].text)}`));
  if (notes.length) out.push('', ...notes);
  const conversions = table.rows.flatMap(r => r.details.filter(d => d.id === 'conversion').map(d => ` ⇄ ${e(r.layer.name)}: ${e(d.lines[0].text)}`));
  // The strings in force, as titleNotes above (a table does not keep the bundle it was built with).
  const trans = engineStrings;
  if (conversions.length)
    out.push('', ...conversions, ` ${trans.__('(model-summary --conversion-code writes the code; --format json has every tensor)')}`);
  return out.join('\n');
}

export function formatModelText(
  model: IModelSummary,
  choice: ConventionChoice = 'declared',
  kerasVersion: KerasVersion = 3,
  trans?: IStrings
): string {
  return renderModelText(buildModelTable(jsonModel(model), kerasVersion, textOptions(choice, trans)));
}

export function renderText(report: IJsonReport, choice: ConventionChoice = 'declared', trans?: IStrings, view?: PrintedView): string {
  const table = buildReportTable(report, textOptions(choice, trans, view));
  const parts = table.models.map(renderModelText);
  if (table.empty) parts.push(table.empty);
  for (const d of table.diagnostics) parts.push(`${d.severityText}: ${d.where ? `${d.where}: ` : ''}${escapeTextCell(d.message)}`);
  return parts.join('\n\n') + '\n';
}

export function formatText(report: IAnalysisReport, choice: ConventionChoice = 'declared', trans?: IStrings, view?: PrintedView): string {
  return renderText(jsonOf(report), choice, trans, view);
}
