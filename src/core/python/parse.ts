/**
 * Parsing with @lezer/python: the cell's top-level statements, in pieces for long code. With `lower.ts`,
 * the only code that sees lezer's tree (test/python-layering.test.ts checks it).
 */
import { parser } from '@lezer/python';
import { NodeType, Tree, TreeFragment, type SyntaxNode } from '@lezer/common';
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
      const piece = from === 0 && to === text.length ? parseWhole(text) : parser.parse(text.slice(from, to));
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

/**
 * The trees of the texts parsed whole most recently, the newest last. The panel re-reads a notebook as its
 * user types, and only the edited cell is lowered again (lower.ts): its text is parsed from its previous
 * tree, lezer's incremental parse reusing every node the edit did not touch, so an edit in a cell of a
 * thousand layers costs about what the edit touched. The tree is the one a parse from scratch gives.
 */
const recentTrees: Array<{ text: string; tree: Tree }> = [];
/** A few cells being edited in turn; texts past the size the lowering keeps are not kept here either. */
const RECENT_TREES = 4;
const RECENT_TREE_CHARS = 1_000_000;
/** An earlier tree is worth reusing when it shares at least this much of the new text (prefix and suffix). */
const MIN_SHARED = 0.5;

/** `text` parsed whole, from the recent tree that shares most of it when one shares enough. */
function parseWhole(text: string): Tree {
  let best: { index: number; prefix: number; suffix: number } | null = null;
  for (let index = 0; index < recentTrees.length; index++) {
    const old = recentTrees[index].text;
    const prefix = commonPrefix(old, text);
    const suffix = commonSuffix(old, text, prefix);
    if (prefix + suffix >= MIN_SHARED * text.length && (!best || prefix + suffix > best.prefix + best.suffix)) best = { index, prefix, suffix };
  }
  let tree: Tree;
  if (best) {
    const { index, prefix, suffix } = best;
    const base = recentTrees.splice(index, 1)[0];
    const change = { fromA: prefix, toA: base.text.length - suffix, fromB: prefix, toB: text.length - suffix };
    tree = parser.parse(text, TreeFragment.applyChanges(TreeFragment.addTree(base.tree), [change]));
  } else tree = parser.parse(text);
  if (text.length <= RECENT_TREE_CHARS) {
    recentTrees.push({ text, tree });
    if (recentTrees.length > RECENT_TREES) recentTrees.shift();
  }
  return tree;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The common suffix of a and b that does not overlap their common prefix. */
function commonSuffix(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let i = 0;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/** Forgets the recent trees: the next parse of every text is from scratch (benchmarks of a first reading; tests). */
export function forgetRecentTrees(): void {
  recentTrees.length = 0;
}

/** The first error node in a statement, or null. */
export function findError(node: SyntaxNode): SyntaxNode | null {
  if (node.type.isError) return node;
  const cursor = node.cursor();
  do {
    if (cursor.type.isError && !isTrailingDotFloat(cursor.node.parent)) return cursor.node;
  } while (cursor.next() && cursor.from <= node.to && cursor.from >= node.from);
  return null;
}

/**
 * `1.`, `255.`: Python floats written with a trailing dot (`Rescaling(1./255)`). @lezer/python's number
 * token needs a digit after the dot, so it reads them as a member expression `1 .` missing its name, an
 * empty error node after the dot. That shape, with nothing between the digits and the dot, is the float;
 * the lowering reads it as one.
 */
export function isTrailingDotFloat(node: SyntaxNode | null): boolean {
  if (node?.name !== 'MemberExpression') return false;
  const number = node.firstChild;
  const dot = number?.nextSibling;
  const error = dot?.nextSibling;
  return (
    number?.name === 'Number' && dot?.name === '.' && !!error?.type.isError && error.from === error.to && number.to === dot.from && !error.nextSibling
  );
}
