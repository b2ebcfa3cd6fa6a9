/**
 * Displays made only of constants (`DATA = [[0.1, 0.2, …], …]`, `{'a': 1}`, `("x", -2)`), read without
 * the parser: a script of tens of MB of data literals costs one scan of their text, and their values are
 * built only when they are used (within the cap on data kept). Anything else (a name, a call, an operator,
 * a set, a complex number, adjacent strings, a single value in parentheses) is not a data display, and the
 * statement goes to the parser as usual. Values are those the lowering gives the same text.
 */
import { parseNumber, parseString } from './literals';
import type { Value } from './values';
import type { Expr, Stmt } from './ast';
import { trans } from '../i18n/current';

/** `number ,` items, each as numberEnd reads them (a sign allowed), spaces and newlines between. */
const NUMBER_RUN = /(?:[-+]?[ \t]*(?:0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][-+]?\d[\d_]*)?)[ \t\r\n]*,[ \t\r\n]*)+/y;
const STRING_PREFIX = /(?:[rRbBuU]|[rR][bB]|[bB][rR])?(?=['"])/y;
const WORD = /(?:True|False|None)(?!\w)/y;
const TRUE: Value = { kind: 'bool', value: true };
const FALSE: Value = { kind: 'bool', value: false };
const NONE: Value = { kind: 'none' };

interface IFrame {
  open: '[' | '(' | '{';
  items: Value[];
  /** Values read in this display (a dict's keys and values both). */
  count: number;
  /** Dicts: a key read, waiting for its ':' and value. */
  key: Value | null;
  expect: 'value' | 'comma' | 'colon';
  commas: number;
}

export interface IDataScan {
  /** The offset just past the closing bracket. */
  end: number;
  /** Elements of every display inside, as the reader's budget counts them (a dict's keys and values). */
  elements: number;
  /** The value, when asked for. */
  value: Value | null;
}

/** Skips spaces, newlines, line continuations and comments inside brackets. */
function skip(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) i++;
    else if (c === 92 && (text.charCodeAt(i + 1) === 10 || text.charCodeAt(i + 1) === 13)) i += 2;
    else if (c === 35) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else return i;
  }
}

/** The end of the string literal whose quote is at `i`, or -1 (unterminated). */
function stringEnd(text: string, i: number): number {
  const q = text[i];
  const triple = text.startsWith(q + q + q, i);
  const quote = triple ? q + q + q : q;
  i += quote.length;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (!triple && c === '\n') return -1;
    else if (text.startsWith(quote, i)) return i + quote.length;
    else i++;
  }
  return -1;
}

/**
 * Scans the display whose opening bracket is at `at`; null when it is not a display of constants.
 * With `build`, also makes its value (fresh containers every time: they may be changed later).
 */
export function scanData(text: string, at: number, build: boolean): IDataScan | null {
  const stack: IFrame[] = [];
  let elements = 0;
  let i = at;
  const open = (c: string): void => {
    stack.push({ open: c as IFrame['open'], items: [], count: 0, key: null, expect: 'value', commas: 0 });
  };
  if (!'[({'.includes(text[at] ?? '')) return null;
  open(text[at]);
  i++;
  for (;;) {
    i = skip(text, i);
    if (i >= text.length) return null;
    const frame = stack[stack.length - 1];
    const c = text[i];
    const close = frame.open === '[' ? ']' : frame.open === '(' ? ')' : '}';
    if (c === close && frame.expect !== 'colon' && !(frame.open === '{' && frame.key !== null)) {
      // `(1)` is a parenthesized value, not a tuple; `{1, 2}` a set: neither is a display of constants here.
      if (frame.open === '(' && frame.count === 1 && frame.commas === 0) return null;
      stack.pop();
      elements += frame.count;
      i++;
      let value: Value | null = null;
      if (build) {
        if (frame.open === '{') {
          const entries: Array<[Value, Value]> = [];
          for (let k = 0; k + 1 < frame.items.length; k += 2) entries.push([frame.items[k], frame.items[k + 1]]);
          value = { kind: 'dict', entries };
        } else value = { kind: frame.open === '[' ? 'list' : 'tuple', items: frame.items };
      }
      if (!stack.length) return { end: i, elements, value };
      if (!put(stack[stack.length - 1], value)) return null;
      continue;
    }
    if (frame.expect === 'comma') {
      if (c !== ',') return null;
      frame.commas++;
      frame.expect = 'value';
      i++;
      continue;
    }
    if (frame.expect === 'colon') {
      if (c !== ':') return null;
      frame.expect = 'value';
      i++;
      continue;
    }
    // A value. A run of `number,` in a list or tuple is counted in one step when no value is built.
    if (!build && frame.open !== '{') {
      NUMBER_RUN.lastIndex = i;
      const run = NUMBER_RUN.exec(text);
      if (run) {
        let commas = 0;
        for (let k = text.indexOf(',', i); k >= 0 && k < NUMBER_RUN.lastIndex; k = text.indexOf(',', k + 1)) commas++;
        frame.count += commas;
        frame.commas += commas;
        i += run[0].length;
        continue;
      }
    }
    if (c === '[' || c === '(' || c === '{') {
      if (stack.length >= 200) return null;
      open(c);
      i++;
      continue;
    }
    let sign = '';
    if (c === '-' || c === '+') {
      sign = c;
      i = skip(text, i + 1);
    }
    const numberTo = numberEnd(text, i);
    let m: RegExpExecArray | null = null;
    let value: Value | null = null;
    if (numberTo > i) {
      if (build) {
        const n = parseNumber(text.slice(i, numberTo));
        if (n === 'complex') return null;
        value = sign === '-' ? negate(n) : n;
      }
      i = numberTo;
    } else if (sign) return null;
    else {
      WORD.lastIndex = i;
      m = WORD.exec(text);
      if (m) {
        value = m[0] === 'True' ? TRUE : m[0] === 'False' ? FALSE : NONE;
        i += m[0].length;
      } else {
        STRING_PREFIX.lastIndex = i;
        m = STRING_PREFIX.exec(text);
        if (!m) return null;
        const end = stringEnd(text, i + m[0].length);
        if (end < 0) return null;
        if (build) {
          const s = parseString(text.slice(i, end));
          if (s === 'string') return null;
          value = s;
        }
        i = end;
        // Adjacent strings concatenate: the parser's business.
        const next = skip(text, i);
        STRING_PREFIX.lastIndex = next;
        if (STRING_PREFIX.test(text)) return null;
      }
    }
    if (!put(frame, build ? value : null)) return null;
  }
}

/** Adds a value read in a display, in the order the grammar allows. */
function put(frame: IFrame, value: Value | null): boolean {
  frame.count++;
  if (value) frame.items.push(value);
  if (frame.open === '{') {
    if (frame.key === null) {
      frame.key = value ?? NONE;
      frame.expect = 'colon';
      return true;
    }
    frame.key = null;
  }
  frame.expect = 'comma';
  return true;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isWord = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;

/**
 * The end of the number literal at `i` (what `0x1F`, `1_000`, `.5`, `5.`, `3e-4` span), or -1; a number
 * followed by a letter, a digit or a dot (`1j`, `1e`, `1.2.3`) is not one here.
 */
function numberEnd(text: string, i: number): number {
  let c = text.charCodeAt(i);
  let j = i;
  const d = text.charCodeAt(i + 1) | 32;
  if (c === 48 && (d === 120 || d === 111 || d === 98)) {
    j = i + 2;
    while (j < text.length && (isWord(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++;
    return j > i + 2 && !isWord(text.charCodeAt(j)) && text.charCodeAt(j) !== 46 ? j : -1;
  }
  if (!isDigit(c) && !(c === 46 && isDigit(text.charCodeAt(i + 1)))) return -1;
  while (isDigit((c = text.charCodeAt(j))) || c === 95) j++;
  if (c === 46) {
    j++;
    while (isDigit((c = text.charCodeAt(j))) || c === 95) j++;
  }
  if (c === 101 || c === 69) {
    let k = j + 1;
    if (text.charCodeAt(k) === 43 || text.charCodeAt(k) === 45) k++;
    if (!isDigit(text.charCodeAt(k))) return -1;
    while (isDigit((c = text.charCodeAt(k))) || c === 95) k++;
    j = k;
  }
  return isWord(c) || c === 46 ? -1 : j;
}

function negate(v: Value): Value {
  if (v.kind === 'int') return { kind: 'int', value: -v.value };
  if (v.kind === 'float') return { kind: 'float', value: -v.value };
  return v;
}

/** A top-level `NAME = <display of constants>` read without the parser (data-literal.ts). */
export interface IDataStatement {
  kind: 'data';
  from: number;
  to: number;
  name: string;
  /** Where the display starts and ends. */
  valueFrom: number;
  valueTo: number;
  elements: number;
}

/** A line that may start a data statement: `NAME = [`, `(` or `{`, then what a constant starts with. */
const DATA_LINE = /^([A-Za-z_][A-Za-z_0-9]*)[ \t]*=[ \t]*(?=[[({][\s[({]*[-+0-9.'"rRbBuUTFN#\]})])/gm;
/** The same, only at a given offset (sticky: no search past it). */
const DATA_AT = /^([A-Za-z_][A-Za-z_0-9]*)[ \t]*=[ \t]*(?=[[({][\s[({]*[-+0-9.'"rRbBuUTFN#\]})])/my;

/** A data statement at `from` (a line start at the top level), or null. */
export function dataStatement(text: string, from: number): IDataStatement | null {
  DATA_AT.lastIndex = from;
  const m = DATA_AT.exec(text);
  if (!m) return null;
  const valueFrom = from + m[0].length;
  const scan = scanData(text, valueFrom, false);
  if (!scan) return null;
  // The statement ends with its line: spaces, a comment, then a newline or the end.
  let end = scan.end;
  while (text[end] === ' ' || text[end] === '\t' || text[end] === '\r') end++;
  if (text[end] === '#') end = text.indexOf('\n', end) < 0 ? text.length : text.indexOf('\n', end);
  if (end < text.length && text[end] !== '\n') return null;
  return { kind: 'data', from, to: end, name: m[1], valueFrom, valueTo: scan.end, elements: scan.elements };
}

/** The first data statement that starts a line in (from, to), at or after `notBefore`. */
export function nextDataStatement(text: string, from: number, to: number, notBefore: number): IDataStatement | null {
  DATA_LINE.lastIndex = Math.max(from + 1, notBefore);
  for (let m = DATA_LINE.exec(text); m && m.index < to; m = DATA_LINE.exec(text)) {
    const hit = dataStatement(text, m.index);
    if (hit) return hit;
    DATA_LINE.lastIndex = m.index + 1;
  }
  return null;
}

/** `NAME = <display of constants>` as a statement: its value is read from the text when it is evaluated. */
export function dataAssign(text: string, d: IDataStatement): Stmt {
  const name: Expr = { kind: 'name', from: d.from, to: d.from + d.name.length, id: d.name };
  const build = (): Value => scanData(text, d.valueFrom, true)?.value ?? { kind: 'unknown', why: trans.__('a data literal') };
  const value: Expr = { kind: 'data', from: d.valueFrom, to: d.valueTo, elements: d.elements, build };
  return { kind: 'assign', from: d.from, to: d.to, targets: [[name]], value };
}
