/**
 * Parsing with @lezer/python: the cell's top-level statements, in pieces for long code. With `lower.ts`,
 * the only code that sees lezer's tree (test/python-layering.test.ts checks it).
 */
import { parser } from '@lezer/python';
import { NodeType, Tree, type SyntaxNode } from '@lezer/common';
import { dataStatement, nextDataStatement, type IDataStatement } from './data-literal';

export type { IDataStatement };

/**
 * Code parsed in one piece at most (characters, comments excluded): @lezer/python builds a tree in
 * arrays that V8 cannot grow past some tens of millions of nodes (a 50 MB script of data literals
 * crashed the process), so longer code is parsed in pieces that end on a top-level statement.
 */
export const PARSE_CHUNK = 4_000_000;

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
