/**
 * Scans past one JSON value without building it, checking its syntax as strictly as Python's `json`
 * (which Jupyter reads notebooks with): a notebook whose outputs are not valid JSON is refused with the
 * line and column where they break, as Jupyter refuses it. Linear in the bytes, no recursion: nesting
 * is one byte per level on a stack bounded by the reader's depth limit. Strings are crossed with a
 * lookup table (a notebook's megabytes of base64 are a tight loop), escapes, control characters and UTF-8 are
 * checked, numbers follow JSON's grammar (and Python's NaN, Infinity, -Infinity).
 */
import type { ByteCursor } from './byte-source';
import { MAX_INT_DIGITS } from './json-text';
import { trans } from '../i18n/current';

/** A syntax error at the cursor's position (+ `shift`); the reader adds the line and column. */
export type JsonFail = (why: string, shift?: number) => never;

const WS = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;
/** Bytes that end a run of plain string bytes: the quote, the backslash, control characters. */
const STRING_STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;
STRING_STOP[0x22] = STRING_STOP[0x5c] = 1;
// Non-ASCII bytes too: they must form UTF-8 (Jupyter decodes the whole file as UTF-8 before parsing it).
for (let c = 0x80; c < 0x100; c++) STRING_STOP[c] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
const isDigit = (b: number) => b >= 0x30 && b <= 0x39;

const ARRAY = 1;
const OBJECT = 2;
const enum State {
  Value,
  Key,
  After
}

const LITERALS = ['true', 'false', 'null', 'NaN', 'Infinity'];

/**
 * Skips the value at the cursor (whitespace before it too). `depthLeft` is how many levels of nesting
 * the value may open before the reader's limit.
 */
export function skipJsonValue(cur: ByteCursor, depthLeft: number, maxDepth: number, fail: JsonFail): void {
  const stack = new Uint8Array(Math.max(0, depthLeft));
  let sp = 0;
  let state = State.Value;
  // Just after `[` or `{`: the container may close at once.
  let opened = false;
  for (;;) {
    ws(cur);
    const b = cur.peek();
    if (state === State.After) {
      if (sp === 0) return;
      cur.next();
      const top = stack[sp - 1];
      if (b === 0x2c) state = top === OBJECT ? State.Key : State.Value;
      else if ((top === ARRAY && b === 0x5d) || (top === OBJECT && b === 0x7d)) sp--;
      else fail(top === ARRAY ? trans.__("expected ',' or ']'") : trans.__("expected ',' or '}'"), -1);
      opened = false;
      continue;
    }
    if (state === State.Key) {
      if (b === 0x7d && opened) {
        cur.next();
        sp--;
        state = State.After;
      } else {
        if (b !== 0x22) fail(trans.__('expected a property name in double quotes'));
        skipString(cur, fail);
        ws(cur);
        if (cur.next() !== 0x3a) fail(trans.__("expected ':'"), -1);
        state = State.Value;
      }
      opened = false;
      continue;
    }
    if (b === 0x7b || b === 0x5b) {
      cur.next();
      if (sp >= stack.length) fail(trans.__('it is nested more than %1 levels deep', maxDepth));
      stack[sp++] = b === 0x7b ? OBJECT : ARRAY;
      state = b === 0x7b ? State.Key : State.Value;
      opened = true;
      continue;
    }
    if (b === 0x5d && opened) {
      cur.next();
      sp--;
    } else if (b === 0x22) skipString(cur, fail);
    else if (b === 0x2d || isDigit(b)) skipNumber(cur, fail);
    else skipLiteral(cur, b, fail);
    state = State.After;
    opened = false;
  }
}

/** Whitespace is every byte but these. */
const NOT_WS = new Uint8Array(256).map((_, c) => (WS[c] ? 0 : 1));
const ws = (cur: ByteCursor) => cur.skipUntil(NOT_WS);

/** A string; the cursor is on its opening quote. */
function skipString(cur: ByteCursor, fail: JsonFail): void {
  cur.next();
  for (;;) {
    if (cur.skipUntil(STRING_STOP) < 0) fail(trans.__('it ends inside a string'));
    const b = cur.next();
    if (b === 0x22) return;
    if (b >= 0x80) {
      utf8Sequence(cur, b, fail);
      continue;
    }
    if (b < 0x20) fail(trans.__('a control character inside a string'), -1);
    // A backslash: one of JSON's escapes.
    const e = cur.next();
    if (e === 0x75) {
      // Said at the `u`, where Python's json points.
      const u = cur.pos - 1;
      for (let k = 0; k < 4; k++) {
        if (!HEX[cur.next() & 0xff]) {
          cur.pos = u;
          fail(trans.__('an invalid \\u escape in a string'));
        }
      }
    } else if (e < 0 || !SIMPLE_ESCAPE[e]) fail(e < 0 ? trans.__('it ends inside a string') : trans.__('an invalid escape in a string'), -2);
  }
}

/**
 * The rest of a UTF-8 sequence whose lead byte `lead` was just read, as Python's strict UTF-8 decoder
 * accepts it: no overlong forms, no surrogates, nothing past U+10FFFF.
 */
function utf8Sequence(cur: ByteCursor, lead: number, fail: JsonFail): void {
  let more: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) more = 1;
  else if (lead >= 0xe0 && lead <= 0xef) {
    more = 2;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    more = 3;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return fail(trans.__('bytes that are not UTF-8 inside a string'), -1);
  for (let k = 0; k < more; k++) {
    const c = cur.peek();
    if (c < low || c > high) fail(trans.__('bytes that are not UTF-8 inside a string'));
    cur.next();
    low = 0x80;
    high = 0xbf;
  }
}

/**
 * JSON's number grammar, Python's `-Infinity`, and Python's limit on an integer's digits. Like Python's
 * scanner, the number ends where the grammar stops (`01`, `1.`, `1e`): the byte after it is then the error.
 */
function skipNumber(cur: ByteCursor, fail: JsonFail): void {
  const start = cur.pos;
  if (cur.peek() === 0x2d) {
    cur.next();
    if (cur.peek() === 0x49) return skipLiteral(cur, 0x49, fail);
  }
  let digits = 0;
  if (cur.peek() === 0x30) {
    cur.next();
    digits = 1;
  } else {
    while (isDigit(cur.peek())) {
      cur.next();
      digits++;
    }
    if (!digits) {
      cur.pos = start;
      fail(trans.__('a malformed number'));
    }
  }
  let integer = true;
  const part = (first: number[]) => {
    const at = cur.pos;
    if (!first.includes(cur.peek())) return;
    cur.next();
    if (first[0] === 0x65 && (cur.peek() === 0x2b || cur.peek() === 0x2d)) cur.next();
    if (!isDigit(cur.peek())) {
      cur.pos = at;
      return;
    }
    while (isDigit(cur.peek())) cur.next();
    integer = false;
  };
  part([0x2e]);
  part([0x65, 0x45]);
  if (integer && digits > MAX_INT_DIGITS) {
    cur.pos = start;
    fail(trans.__('an integer of more than %1 digits (Python refuses it too)', MAX_INT_DIGITS));
  }
}

function skipLiteral(cur: ByteCursor, b: number, fail: JsonFail): void {
  const word = LITERALS.find(w => w.charCodeAt(0) === b);
  if (!word) fail(b < 0 ? trans.__('it ends before a value') : trans.__('expected a value'));
  const start = cur.pos;
  for (let i = 0; i < word.length; i++) {
    if (cur.next() !== word.charCodeAt(i)) {
      // Python says "Expecting value" where the word starts.
      cur.pos = start;
      fail(trans.__('expected a value'));
    }
  }
}
