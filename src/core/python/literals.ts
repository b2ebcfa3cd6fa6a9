/** Python literals as values: the lowering and the data-literal scanner read them the same way. */
import { int, str, type Value } from './values';

/**
 * The values of the short literals read most (`32`, `"relu"`), by their text: values are never changed
 * once made (the lowered tree of a cell is itself kept and evaluated again), so one value serves every
 * occurrence, and a model of a thousand `Dense(32, activation="relu")` allocates none per layer.
 */
const literalValues = new Map<string, Value>();
const LITERAL_CACHE = 4096;
const CACHED_LITERAL_CHARS = 40;
const DECIMAL = /^\d+$/;

function remembered(text: string, value: Value): Value {
  if (text.length <= CACHED_LITERAL_CHARS && literalValues.size < LITERAL_CACHE) literalValues.set(text, value);
  return value;
}

/** A number literal's value; 'complex' for an imaginary one (which the reader cannot know). */
export function parseNumber(text: string): Value | 'complex' {
  if (DECIMAL.test(text)) return literalValues.get(text) ?? remembered(text, int(BigInt(text)));
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) return 'complex';
  if (/^0[xX][0-9a-fA-F]+$/.test(t) || /^0[oO][0-7]+$/.test(t) || /^0[bB][01]+$/.test(t)) return int(BigInt(t));
  if (DECIMAL.test(t)) return int(BigInt(t));
  return { kind: 'float', value: Number(t) };
}

/** A string literal's value (prefixes r, b, u; escapes); 'string' when it is not one. */
export function parseString(text: string): Value | 'string' {
  const known = literalValues.get(text);
  if (known) return known;
  const value = stringValue(text);
  return value === 'string' ? value : remembered(text, value);
}

function stringValue(text: string): Value | 'string' {
  const m = /^([rRbBuU]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(text);
  if (!m) return 'string';
  const raw = m[1].toLowerCase().includes('r');
  const body = m[3];
  if (raw) return str(body);
  return str(
    body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|n|t|r|\\|'|"|\n|0)/g, (_, e: string) => {
      if (e[0] === 'x' || e[0] === 'u') return String.fromCharCode(parseInt(e.slice(1), 16));
      return ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '', '0': '\0' } as Record<string, string>)[e];
    })
  );
}
