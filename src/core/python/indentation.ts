/**
 * CPython's tokenizer rules for indentation that @lezer/python does not check: a tab advances to the
 * next multiple of 8 and, for the consistency check, counts as one column too; an indentation whose
 * order differs between the two counts is a `TabError`. A form feed resets the column (valid Python).
 */

const SPECIAL = /["'#()[\]{}\n\\]/g;

/** The offset of the first line CPython rejects with TabError, or null. */
export function checkIndentation(text: string): number | null {
  // Without a tab the two counts never differ: no TabError, and no scan.
  if (!text.includes('\t')) return null;
  const stack: Array<[number, number]> = [[0, 0]];
  let depth = 0;
  let i = 0;
  const n = text.length;
  let lineStart = true;
  while (i < n) {
    if (lineStart && depth === 0) {
      const start = i;
      let col = 0;
      let alt = 0;
      while (i < n) {
        const c = text[i];
        if (c === ' ') {
          col++;
          alt++;
        } else if (c === '\t') {
          col = (Math.floor(col / 8) + 1) * 8;
          alt++;
        } else if (c === '\f') {
          col = 0;
          alt = 0;
        } else break;
        i++;
      }
      lineStart = false;
      const c = text[i];
      // Blank and comment-only lines do not count.
      if (i >= n || c === '\n' || c === '\r' || c === '#' || c === '\\') continue;
      const [topCol, topAlt] = stack[stack.length - 1];
      if (col === topCol) {
        if (alt !== topAlt) return start;
      } else if (col > topCol) {
        if (alt <= topAlt) return start;
        stack.push([col, alt]);
      } else {
        while (stack.length > 1 && stack[stack.length - 1][0] > col) stack.pop();
        const [c2, a2] = stack[stack.length - 1];
        if (c2 === col && a2 !== alt) return start;
      }
      continue;
    }
    // Past the indentation only newlines, comments, strings, continuations and brackets matter.
    SPECIAL.lastIndex = i;
    if (!SPECIAL.test(text)) break;
    i = SPECIAL.lastIndex - 1;
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      i++;
    } else if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
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
    } else if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
    } else {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
      i++;
    }
  }
  return null;
}
