/**
 * Blank and comment-only lines mean nothing to Python, and neither does the indentation of a line inside
 * brackets, but the parser pays for each. They are removed before parsing (a million comment lines then cost
 * a scan, not a parse; a list of 1,000 layers, one a line, parses in a twentieth less time), and a table maps
 * every offset in the compacted text back to the source, so every location stays true.
 */

export interface ICompacted {
  text: string;
  /** Offsets in `text` where a run of kept source starts, and where that run starts in the source. */
  compactStarts: number[];
  sourceStarts: number[];
  /** The deepest bracket nesting outside strings and comments (the scan counts it anyway; nesting.ts needs it only past its limit). */
  deepest: number;
}

/**
 * `source` without what Python ignores. `inBrackets` false keeps the indentation of lines inside brackets: a
 * source with a bracket that never closes is compacted so (its lines are not all in brackets to the parser,
 * which recovers past the error, nor to its author, who is typing them).
 */
export function compactSource(source: string, inBrackets = true): ICompacted {
  const compactStarts: number[] = [];
  const sourceStarts: number[] = [];
  const parts: string[] = [];
  let length = 0;
  let runStart = -1; // source offset of the current run of kept lines
  // The closing quote of a string that goes on past its line: a triple-quoted one, or one whose line ends with a
  // backslash (its next lines are the string's text, never blank, never stripped, their brackets not counted).
  let open: string | null = null;
  let continued = false; // the previous line ended with a backslash
  let depth = 0; // brackets open at the start of the line (outside strings and comments)
  let deepest = 0;
  let strippedInBrackets = false;
  const n = source.length;
  let i = 0;
  const next = nextSpecial(source);
  const flush = (end: number) => {
    if (runStart < 0) return;
    compactStarts.push(length);
    sourceStarts.push(runStart);
    parts.push(source.slice(runStart, end));
    length += end - runStart;
    runStart = -1;
  };
  while (i < n) {
    let end = source.indexOf('\n', i);
    end = end < 0 ? n : end + 1;
    if (open === null && !continued && isBlankOrComment(source, i, end)) {
      flush(i);
      i = end;
      continue;
    }
    if (open === null && !continued) {
      // A form feed in indentation resets the column (CPython's tokenizer): what precedes it is cut out.
      let k = i;
      let lastFormFeed = -1;
      while (k < end && (source[k] === ' ' || source[k] === '\t' || source[k] === '\f')) {
        if (source[k] === '\f') lastFormFeed = k;
        k++;
      }
      if (inBrackets && depth > 0 && k > i) {
        // Inside brackets the line is kept from its first character (Python ignores its indentation).
        flush(i);
        runStart = k;
        strippedInBrackets = true;
      } else if (lastFormFeed >= 0) {
        flush(i);
        runStart = lastFormFeed + 1;
      }
    }
    if (runStart < 0) runStart = i;
    const state = scanLine(source, i, end, open, depth, deepest, next);
    open = state.open;
    continued = state.continued;
    depth = state.depth;
    deepest = state.deepest;
    i = end;
  }
  flush(n);
  if (strippedInBrackets && depth > 0) return compactSource(source, false);
  if (!compactStarts.length) {
    compactStarts.push(0);
    sourceStarts.push(n);
  }
  return { text: parts.join(''), compactStarts, sourceStarts, deepest };
}

/** The source offset of an offset in the compacted text. */
export function sourceOffset(c: ICompacted, offset: number): number {
  let lo = 0;
  let hi = c.compactStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (c.compactStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return c.sourceStarts[lo] + (offset - c.compactStarts[lo]);
}

function isBlankOrComment(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12 || c === 13 || c === 10) continue;
    return c === 35; // '#'
  }
  return true;
}

/** What scanLine stops at outside strings: quotes, `#` and brackets. */
const SPECIAL_CHARS = ['"', "'", '#', '(', ')', '[', ']', '{', '}'];

/** The next quote, `#` or bracket at or after an offset, for offsets that only grow (one pass over the text in all). */
function nextSpecial(s: string): (i: number) => number {
  const at = SPECIAL_CHARS.map(() => -1);
  return i => {
    let best = Infinity;
    for (let k = 0; k < SPECIAL_CHARS.length; k++) {
      if (at[k] !== Infinity && at[k] < i) {
        const found = s.indexOf(SPECIAL_CHARS[k], i);
        at[k] = found < 0 ? Infinity : found;
      }
      if (at[k] < best) best = at[k];
    }
    return best;
  };
}

/** The length of the escape at `i` (a backslash): `\\` and the character after it, or a backslash and a CRLF. */
function escapeLength(s: string, i: number): number {
  return s[i + 1] === '\r' && s[i + 2] === '\n' ? 3 : 2;
}

/** Where a line leaves the string state, the bracket depth and the deepest nesting so far, and whether it continues on the next line. */
function scanLine(
  s: string,
  from: number,
  to: number,
  open: string | null,
  depth: number,
  deepest: number,
  next: (i: number) => number
): { open: string | null; continued: boolean; depth: number; deepest: number } {
  let i = from;
  while (i < to) {
    if (open !== null) {
      if (s[i] === '\\') i += escapeLength(s, i);
      else if (s.startsWith(open, i)) {
        i += open.length;
        open = null;
      } else if (open.length === 1 && s[i] === '\n') {
        // A one-quote string ends with its line (unterminated: the parser reports it).
        open = null;
        i++;
      } else i++;
      continue;
    }
    // Outside strings only quotes and comments matter: jump to the next one.
    i = next(i);
    if (i >= to) break;
    const c = s[i];
    if (c === '#') break;
    if (c === '"' || c === "'") {
      const three = c === '"' ? '"""' : "'''";
      if (s.startsWith(three, i)) {
        open = three;
        i += 3;
        continue;
      }
      i++;
      while (i < to && s[i] !== c && s[i] !== '\n') i += s[i] === '\\' ? escapeLength(s, i) : 1;
      if (i >= to) {
        // Past the line's end: a backslash escaped its newline, and the string goes on.
        open = c;
        break;
      }
      i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      if (++depth > deepest) deepest = depth;
    } else if (depth > 0) depth--; // a closing bracket (one without an opening is the parser's to report)
    i++;
  }
  let last = to - 1;
  while (last >= from && (s[last] === '\n' || s[last] === '\r')) last--;
  return { open, continued: open === null && last >= from && s[last] === '\\', depth, deepest };
}
