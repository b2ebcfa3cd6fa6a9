/**
 * A JSON reader that behaves like Python's `json` module where Keras configs and notebooks need it,
 * and stays bounded on hostile input:
 * - integers are exact (`9007199254740993` is a BigInt, read from the text, never through a float);
 *   other numbers are floats, `NaN` and `Infinity` are accepted as Python accepts them;
 * - objects are `Map`s (a key `__proto__` or `constructor` is a key like any other; the last duplicate wins,
 *   as in Python);
 * - it never recurses (a document nested 100,000 deep gets a message, not a stack overflow);
 * - it reads bytes from a `ByteSource`, so the values a caller skips (a notebook's outputs and
 *   attachments) are scanned past without being decoded or kept (but their syntax is checked, json-skip.ts),
 *   and the text it keeps has a cap.
 */
import { AnalysisError } from '../types';
import { ByteCursor, memorySource, type IByteSource } from './byte-source';
import { trans } from '../i18n/current';
import { skipJsonValue } from './json-skip';

export type JsonObject = Map<string, JsonValue>;
export type JsonValue = null | boolean | bigint | number | string | JsonValue[] | JsonObject;

export interface IJsonReadOptions {
  /** What the text is, for messages ("notebook", "Keras JSON"). */
  what: string;
  /** How a syntax error starts ("not a valid notebook"); `not valid ${what}` unless given. */
  invalid?: string;
  /** Deepest nesting kept; Python's json stops near 1,000 with a RecursionError. */
  maxDepth?: number;
  /** Bytes of string and number text kept (skipped values do not count). */
  maxKeptBytes?: number;
  /** Skip (scan past, never decode) the value of `key` in an object at `depth` (the root object is depth 1). */
  skip?: (depth: number, key: string) => boolean;
  /** Bytes read at a time (tests use tiny windows to cross every boundary). */
  chunkBytes?: number;
}

export const MAX_JSON_DEPTH = 512;
/** Python's int() refuses more digits than this (sys.get_int_max_str_digits), and so does json.loads. */
export const MAX_INT_DIGITS = 4300;

export const isJsonObject = (j: JsonValue | undefined): j is JsonObject => j instanceof Map;

const WS = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

type Frame = { array: JsonValue[] } | { object: JsonObject; key: string };

export function readJson(input: string | Uint8Array | IByteSource, options: IJsonReadOptions): JsonValue {
  const source =
    typeof input === 'string' ? memorySource(new TextEncoder().encode(input)) : input instanceof Uint8Array ? memorySource(input) : input;
  return new JsonReader(source, options).document();
}

class JsonReader {
  private readonly cur: ByteCursor;
  private readonly maxDepth: number;
  private readonly maxKept: number;
  private kept = 0;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    private readonly source: IByteSource,
    private readonly options: IJsonReadOptions
  ) {
    this.cur = new ByteCursor(source, 0, source.size, options.chunkBytes);
    this.maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
    this.maxKept = options.maxKeptBytes ?? Infinity;
  }

  document(): JsonValue {
    // A UTF-8 byte-order mark: Python's json.load refuses it too, but says why.
    if (this.cur.peek() === 0xef) this.fail(trans.__('it starts with a UTF-8 byte-order mark'));
    const stack: Frame[] = [];
    let value: JsonValue | typeof OPEN;
    for (;;) {
      value = this.scalarOrOpen(stack);
      // Close containers while the value completes them.
      for (;;) {
        if (value !== OPEN) {
          const top = stack[stack.length - 1];
          if (!top) {
            this.ws();
            if (this.cur.peek() >= 0) this.fail(trans.__('extra data after the end of the document'));
            return value;
          }
          if ('array' in top) top.array.push(value);
          else top.object.set(top.key, value);
        }
        const top = stack[stack.length - 1];
        this.ws();
        const b = this.cur.next();
        if ('array' in top) {
          if (b === 0x2c) break;
          if (b !== 0x5d) this.fail(trans.__("expected ',' or ']'"), -1);
          stack.pop();
          value = top.array;
          continue;
        }
        if (b === 0x2c) {
          if (this.key(stack, top)) {
            value = OPEN;
            continue;
          }
          break;
        }
        if (b !== 0x7d) this.fail(trans.__("expected ',' or '}'"), -1);
        stack.pop();
        value = top.object;
      }
    }
  }

  /** Reads a scalar, or opens a container (pushing its frame) and returns OPEN when it is not empty. */
  private scalarOrOpen(stack: Frame[]): JsonValue | typeof OPEN {
    for (;;) {
      this.ws();
      const b = this.cur.peek();
      if (b === 0x7b || b === 0x5b) {
        this.cur.next();
        if (stack.length >= this.maxDepth) this.fail(trans.__('it is nested more than %1 levels deep', this.maxDepth));
        this.ws();
        if (b === 0x5b) {
          if (this.cur.peek() === 0x5d) return (this.cur.next(), []);
          stack.push({ array: [] });
          continue;
        }
        const frame = { object: new Map<string, JsonValue>(), key: '' };
        if (this.cur.peek() === 0x7d) return (this.cur.next(), frame.object);
        stack.push(frame);
        // A skipped first value: the object continues after it.
        if (this.key(stack, frame)) return OPEN;
        continue;
      }
      return this.scalar();
    }
  }

  /**
   * Reads `"key":` for the object on top; when the caller skips that key's value, skips it and returns true
   * (the object's value is then complete, and its separator comes next).
   */
  private key(stack: Frame[], frame: { object: JsonObject; key: string }): boolean {
    this.ws();
    if (this.cur.peek() !== QUOTE) this.fail(trans.__('expected a property name in double quotes'));
    frame.key = this.string();
    this.ws();
    if (this.cur.next() !== 0x3a) this.fail(trans.__("expected ':'"), -1);
    if (this.options.skip?.(stack.length, frame.key)) {
      // Scanned, not built, but checked as strictly as the rest: Jupyter refuses a notebook whose outputs are not JSON.
      skipJsonValue(this.cur, this.maxDepth - stack.length, this.maxDepth, (why, shift) => this.fail(why, shift));
      return true;
    }
    return false;
  }

  private scalar(): JsonValue {
    const b = this.cur.peek();
    if (b === QUOTE) return this.string();
    if (b === 0x2d || (b >= 0x30 && b <= 0x39)) return this.number();
    for (const [word, value] of LITERALS) {
      if (b === word.charCodeAt(0)) {
        for (let i = 0; i < word.length; i++) if (this.cur.next() !== word.charCodeAt(i)) this.fail(trans.__('unexpected text'), -1);
        return value;
      }
    }
    this.fail(b < 0 ? trans.__('it ends before a value') : trans.__('expected a value'));
  }

  private number(): number | bigint {
    const start = this.cur.pos;
    let text = '';
    for (
      let b = this.cur.peek();
      (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2b || b === 0x2e || b === 0x65 || b === 0x45 || b === 0x49;
      b = this.cur.peek()
    ) {
      if (b === 0x49) {
        // -Infinity
        if (text !== '-') break;
        for (const c of 'Infinity') if (this.cur.next() !== c.charCodeAt(0)) this.fail(trans.__('unexpected text'), -1);
        return -Infinity;
      }
      text += String.fromCharCode(this.cur.next());
      this.charge(1);
    }
    if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) {
      this.cur.pos = start;
      this.fail(trans.__('a malformed number'));
    }
    if (/^-?\d+$/.test(text)) {
      if (text.replace('-', '').length > MAX_INT_DIGITS)
        this.fail(trans.__('an integer of more than %1 digits (Python refuses it too)', MAX_INT_DIGITS));
      return BigInt(text);
    }
    return Number(text);
  }

  /** A string, decoded; the cursor is on its opening quote. */
  private string(): string {
    this.cur.next();
    let out = '';
    const raw: Uint8Array[] = [];
    let rawLength = 0;
    const flush = () => {
      if (!rawLength) return;
      const bytes = raw.length === 1 ? raw[0] : concat(raw, rawLength);
      out += this.decoder.decode(bytes);
      raw.length = 0;
      rawLength = 0;
    };
    for (;;) {
      const w = this.cur.window();
      if (!w.length) this.fail(trans.__('it ends inside a string'));
      let i = 0;
      while (i < w.length && w[i] !== QUOTE && w[i] !== BACKSLASH && w[i] >= 0x20) i++;
      if (i) {
        // Copied: the window is reused by the next read.
        raw.push(w.slice(0, i));
        rawLength += i;
        this.charge(i);
        this.cur.pos += i;
      }
      if (i === w.length) continue;
      const b = this.cur.next();
      if (b === QUOTE) {
        flush();
        return out;
      }
      if (b < 0x20) this.fail(trans.__('a control character inside a string'), -1);
      flush();
      out += this.escape();
    }
  }

  private escape(): string {
    const e = this.cur.next();
    this.charge(1);
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) return simple;
    // At the backslash, where Python's json points.
    if (e !== 0x75) this.fail(trans.__('an invalid escape in a string'), -2);
    let hex = '';
    for (let k = 0; k < 4; k++) hex += String.fromCharCode(this.cur.next());
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(trans.__('an invalid \\u escape in a string'), -5);
    return String.fromCharCode(parseInt(hex, 16));
  }

  private ws(): void {
    for (;;) {
      const w = this.cur.window();
      let i = 0;
      while (i < w.length && WS[w[i]]) i++;
      this.cur.pos += i;
      if (i < w.length || !w.length) return;
    }
  }

  private charge(n: number): void {
    this.kept += n;
    if (this.kept > this.maxKept) {
      throw new AnalysisError(
        trans.__('the %1 holds more than %2 of text to read, over the limit (--max-input-mb)', this.options.what, mb(this.maxKept))
      );
    }
  }

  /** A syntax error with the line and column of the byte at the position (+ `shift`); never quotes the bytes. */
  private fail(why: string, shift = 0): never {
    const at = Math.max(0, this.cur.pos + shift);
    const { line, column } = lineColumn(this.source, at);
    throw new AnalysisError(`${this.options.invalid ?? trans.__('not valid %1', this.options.what)}: ${why} (line ${line}, column ${column})`, {
      cell: null,
      line,
      column
    });
  }
}

const OPEN = Symbol('open');
const LITERALS: Array<[string, JsonValue]> = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', NaN],
  ['Infinity', Infinity]
];
const SIMPLE_ESCAPES: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };

const mb = (n: number) => `${Math.round(n / 1024 / 1024).toLocaleString('en-US')} MB`;

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let p = 0;
  for (const part of parts) out.set(part, (p += part.length) - part.length);
  return out;
}

/** 1-based line and column (in characters) of a byte offset; one pass over the bytes before it. */
function lineColumn(source: IByteSource, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const cur = new ByteCursor(source, 0, Math.min(offset, source.size));
  for (;;) {
    const w = cur.window();
    if (!w.length) break;
    for (let i = 0; i < w.length; i++) {
      if (w[i] === 0x0a) {
        line++;
        lineStart = cur.pos + i + 1;
      }
    }
    cur.pos += w.length;
  }
  // Columns count characters: continuation bytes of UTF-8 sequences are not characters.
  let column = 1;
  const tail = source.read(lineStart, Math.min(offset - lineStart, 1 << 20));
  for (const b of tail) if ((b & 0xc0) !== 0x80) column++;
  return { line, column };
}
