/**
 * Parsing with @lezer/python: the cell's top-level statements, in pieces for long code. With `lower.ts`,
 * the only code that sees lezer's tree (test/python-layering.test.ts checks it).
 */
import { parser } from '@lezer/python';
import { NodeType, Tree, type SyntaxNode } from '@lezer/common';
import { scanData } from './data-literal';

/**
 * Code parsed in one piece at most (characters, comments excluded): @lezer/python builds a tree in
 * arrays that V8 cannot grow past some tens of millions of nodes (a 50 MB script of data literals
 * crashed the process), so longer code is parsed in pieces that end on a top-level statement.
 */
export const PARSE_CHUNK = 4_000_000;

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

/** A data statement at `from` (a line start at the top level), or null. */
function dataStatement(text: string, from: number): IDataStatement | null {
  DATA_LINE.lastIndex = from;
  const m = DATA_LINE.exec(text);
  if (!m || m.index !== from) return null;
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
function nextDataStatement(text: string, from: number, to: number, notBefore: number): IDataStatement | null {
  DATA_LINE.lastIndex = Math.max(from + 1, notBefore);
  for (let m = DATA_LINE.exec(text); m && m.index < to; m = DATA_LINE.exec(text)) {
    const hit = dataStatement(text, m.index);
    if (hit) return hit;
    DATA_LINE.lastIndex = m.index + 1;
  }
  return null;
}

/**
 * The top-level statements of `text`, in order, parsed in pieces of about PARSE_CHUNK characters with
 * nodes placed at their offset (positions stay those of the whole text). A piece ends before its last top-level
 * statement, which the cut may have split: the next piece starts there. 'too deep' when the parser
 * overflows its stack on an absurdly nested source.
 *
 * With `data`, a top-level `NAME = <display of constants>` is read without the parser (IDataStatement),
 * and a piece also ends where one starts: the piece is kept when its last statement parses without error
 * (the line was at the top level), else it is parsed again without that cut (the line was inside a string
 * or brackets).
 */
export function* topLevelStatements(text: string, chunk = PARSE_CHUNK, data = false): Generator<SyntaxNode | IDataStatement | 'too deep'> {
  let from = 0;
  let size = chunk;
  let notBefore = 0;
  while (from < text.length) {
    const fast = data ? dataStatement(text, from) : null;
    if (fast) {
      yield fast;
      from = fast.to;
      while (from < text.length && text[from] === '\n') from++;
      continue;
    }
    let to = Math.min(text.length, from + size);
    if (to < text.length) {
      const newline = text.indexOf('\n', to);
      to = newline < 0 ? text.length : newline + 1;
    }
    const cut = data ? nextDataStatement(text, from, to, notBefore) : null;
    if (cut) to = cut.from;
    let script: SyntaxNode;
    try {
      // The piece is parsed alone and placed at its offset, so that its nodes carry positions in the whole text.
      const piece = parser.parse(from === 0 && to === text.length ? text : text.slice(from, to));
      script = from === 0 ? piece.topNode : new Tree(NodeType.none, [piece], [from], to).topNode.firstChild!;
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      yield 'too deep';
      return;
    }
    const statements: SyntaxNode[] = [];
    for (let stmt = script.firstChild; stmt; stmt = stmt.nextSibling) statements.push(stmt);
    if (cut) {
      const last = statements[statements.length - 1];
      if (last && findError(last)) {
        // The cut was inside a string or brackets: this piece again, without it.
        notBefore = cut.from + 1;
        continue;
      }
      yield* statements;
      from = cut.from;
      size = chunk;
      continue;
    }
    if (to >= text.length) {
      yield* statements;
      return;
    }
    // The piece may have cut its last statement: that one (and any error recovery after it) is read again
    // from its start, a line start, with the next piece.
    let keep = statements.length - 1;
    while (keep > 0 && !(statements[keep].from === 0 || text.charCodeAt(statements[keep].from - 1) === 10)) keep--;
    if (keep <= 0 || statements[keep].from <= from) {
      // One statement longer than the piece: a larger piece.
      size *= 2;
      continue;
    }
    yield* statements.slice(0, keep);
    from = statements[keep].from;
    size = chunk;
  }
}

/** The first error node in a statement, or null. */
export function findError(node: SyntaxNode): SyntaxNode | null {
  if (node.type.isError) return node;
  const cursor = node.cursor();
  do {
    if (cursor.type.isError) return cursor.node;
  } while (cursor.next() && cursor.from <= node.to && cursor.from >= node.from);
  return null;
}
