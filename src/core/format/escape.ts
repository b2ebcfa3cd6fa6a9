import { csvCell, markdownText, oneLine, visible } from './safe-text';

/**
 * The one place where each format escapes cell text. Every renderer of the table model (table-model.ts)
 * passes every piece of user-derived text (layer, model and variable names, messages, reasons) through
 * the function of its format, and nothing else: stronger rules (control characters, bidi overrides,
 * spreadsheet formulas) go here and reach every table at once.
 */

/**
 * Keras-style text tables: one line per cell. Control, bidi and zero-width characters become visible
 * escapes (`\x1b`, `\u202e`: safe-text.ts), so no cell can move the cursor, retitle the terminal,
 * reorder text or split a row; long text is capped with its length.
 */
export function escapeTextCell(text: string): string {
  return oneLine(text);
}

/** A Markdown table cell: characters Markdown or the table syntax would read as markup. */
export function escapeMarkdownCell(text: string): string {
  return markdownText(escapeTextCell(text));
}

/**
 * A CSV field per OWASP's CSV-injection guidance (safe-text.ts `csvCell`): a leading `=`, `+`, `-`, `@`,
 * TAB or CR is prefixed and quoted; `numeric` fields (counts) stay numbers, negative ones included.
 */
export function escapeCsvCell(text: string, numeric = false): string {
  return csvCell(numeric ? text : escapeTextCell(text), numeric);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML text or attribute value. */
export function escapeHtml(text: string): string {
  return visible(text).replace(/[&<>"']/g, c => HTML_ESCAPES[c]);
}

/** DOM text nodes need no markup escaping, but bidi overrides and control characters are made visible there too. */
export function domText(text: string): string {
  return visible(text);
}
