/**
 * The one place where each format escapes cell text. Every renderer of the table model (table-model.ts)
 * passes every piece of user-derived text (layer, model and variable names, messages, reasons) through
 * the function of its format, and nothing else: stronger rules (control characters, bidi overrides,
 * spreadsheet formulas) go here and reach every table at once.
 */

/** Keras-style text tables: one line per cell, so line breaks and other control characters become spaces. */
export function escapeTextCell(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/** A Markdown table cell: characters Markdown or the table syntax would read as markup. */
export function escapeMarkdownCell(text: string): string {
  return escapeTextCell(text).replace(/[\\|*_`<>[\]]/g, c => `\\${c}`);
}

/** A CSV field: quoted when needed; a leading = + - @ would be read as a formula by spreadsheets. */
export function escapeCsvCell(text: string): string {
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML text or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => HTML_ESCAPES[c]);
}

/** DOM text nodes need no escaping; this is where text for the DOM would be cleaned (see view/dom.ts). */
export function domText(text: string): string {
  return text;
}
