/**
 * Safe bytes for every output: user-derived strings (layer, model and file names, quoted source,
 * messages) shown as text, Markdown, CSV, JSON or on stderr can never move a terminal's cursor,
 * retitle it, clear it, reorder text (bidi controls) or hide text (zero-width characters). Pure
 * functions, one job each, shared by every format and by the CLI's stderr.
 */

/**
 * Characters never written raw: C0 controls (incl. ESC, BEL, CR, LF, NUL), DEL, C1 controls (incl.
 * U+009B, the one-byte CSI), the soft hyphen, the Arabic letter mark, zero-width characters and joiners,
 * left-to-right/right-to-left marks, line and paragraph separators, bidi embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069), invisible operators and the byte-order mark.
 */
// Control characters are what this pattern is for.
// eslint-disable-next-line no-control-regex
export const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/** The longest name, class or argument shown; past it the text is cut and its length said. */
export const MAX_DISPLAY_CHARS = 200;
/** The longest message (a diagnostic, a stderr line) shown. */
export const MAX_MESSAGE_CHARS = 2000;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\x1b`, `\u202e`: the escape Python would print in a repr, so the character is visible, not acted on. */
function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Every unsafe character as a visible escape. */
export function visible(text: string): string {
  UNSAFE_CHARS.lastIndex = 0;
  return UNSAFE_CHARS.test(text) ? text.replace(UNSAFE_CHARS, escapeChar) : text;
}

/**
 * A string cut to `max` characters for display, saying how long it was; never splits a surrogate pair.
 * Cut before escaping, so a 64 M-character name costs `max` characters of work.
 */
export function capped(text: string, max = MAX_DISPLAY_CHARS): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  // Capped once already (the JSON keeps 4,096 characters, a display 200): the length said is the original's.
  const before = CAPPED.exec(text.slice(-40));
  return `${text.slice(0, end)}… (${before ? before[1] : text.length.toLocaleString('en-US')} characters)`;
}

const CAPPED = /… \(([\d,]+) characters\)$/;

/** A name (layer, model, class, file) as every text format shows it: capped, then made visible. */
export function displayName(text: string, max = MAX_DISPLAY_CHARS): string {
  return visible(capped(text, max));
}

/** A message on one line: capped and made visible (a newline in it can never start a second line). */
export function oneLine(text: string, max = MAX_MESSAGE_CHARS): string {
  return visible(capped(text, max));
}

/** Markdown: visible, then every character Markdown or inline HTML could act on is backslash-escaped. */
export function markdownText(text: string): string {
  return text.replace(/[\\|*_`<>[\]&#~!]/g, c => `\\${c}`);
}

/**
 * A CSV cell per OWASP's CSV-injection guidance: a cell starting with `=`, `+`, `-`, `@`, TAB or CR is
 * prefixed with `'` and quoted; a cell containing a quote, comma, CR or LF is quoted (quotes doubled).
 * `numeric` cells (counts) are written as they are, so a negative number stays a number.
 */
export function csvCell(text: string, numeric = false): string {
  if (numeric && /^-?\d+$/.test(text)) return text;
  const formula = /^[=+\-@\t\r]/.test(text);
  const safe = formula ? `'${text}` : text;
  return formula || /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Characters JSON.stringify leaves raw that a terminal or a bidi-aware viewer acts on. */
const JSON_UNSAFE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/**
 * JSON text with DEL, C1, bidi and zero-width characters written as `\uXXXX` escapes. These can occur only
 * inside strings (JSON's structure is ASCII), where the escape means the same character.
 */
export function jsonSafe(json: string): string {
  return json.replace(JSON_UNSAFE, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `JSON.stringify` with `jsonSafe`: what every JSON output goes through. */
export function stringifySafe(value: unknown, indent?: number): string {
  return jsonSafe(JSON.stringify(value, null, indent));
}

/** True when a text contains a character no output may write raw (the fuzzing's check). */
export function hasUnsafeChars(text: string, allowNewlines = true): boolean {
  const unsafe = allowNewlines ? text.replace(/\n/g, '') : text;
  UNSAFE_CHARS.lastIndex = 0;
  return UNSAFE_CHARS.test(unsafe);
}
