/**
 * The parser builds its tree recursively, so thousands of nested brackets would overflow the stack.
 * Before parsing, each top-level bracket group nested deeper than the limit is blanked out (newlines
 * kept, so every other location stays true) and reported.
 */
export const MAX_BRACKET_DEPTH = 200;

export interface IBlanked {
  text: string;
  /** Offsets of the brackets that went past the limit, one per blanked group. */
  offsets: number[];
}

const SPECIAL = /["'#()[\]{}]/g;

export function blankDeepNesting(text: string, limit = MAX_BRACKET_DEPTH): IBlanked {
  const offsets: number[] = [];
  const ranges: Array<[number, number]> = [];
  let depth = 0;
  let groupStart = -1;
  let tooDeepAt = -1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Only quotes, comments and brackets matter: jump to the next one.
    SPECIAL.lastIndex = i;
    if (!SPECIAL.test(text)) break;
    i = SPECIAL.lastIndex - 1;
    const c = text[i];
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const three = c === '"' ? '"""' : "'''";
      const triple = text.startsWith(three, i);
      const quote = triple ? three : c;
      i += quote.length;
      while (i < n && !text.startsWith(quote, i)) {
        if (text[i] === '\\') i++;
        else if (!triple && text[i] === '\n') break;
        i++;
      }
      i += quote.length;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) groupStart = i;
      depth++;
      if (depth > limit && tooDeepAt < 0) tooDeepAt = i;
    } else if ((c === ')' || c === ']' || c === '}') && depth > 0) {
      depth--;
      if (depth === 0 && tooDeepAt >= 0) {
        ranges.push([groupStart + 1, i]);
        offsets.push(tooDeepAt);
        tooDeepAt = -1;
      }
    }
    i++;
  }
  if (tooDeepAt >= 0) {
    ranges.push([groupStart + 1, n]);
    offsets.push(tooDeepAt);
  }
  if (!ranges.length) return { text, offsets };
  let out = '';
  let last = 0;
  for (const [from, to] of ranges) {
    out += text.slice(last, from) + text.slice(from, to).replace(/[^\n]/g, ' ');
    last = to;
  }
  return { text: out + text.slice(last), offsets };
}
