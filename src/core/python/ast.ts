/**
 * The typed syntax tree the interpreter evaluates: statements and expressions of the Python the reader
 * follows, each with its place in the (compacted) cell text, `from`–`to`. `lower.ts` makes it from the
 * @lezer/python tree (the only code that sees lezer's nodes); constructs the reader does not follow become
 * `other` statements and `unsupported` expressions, which it reports as such. A tree is never changed once
 * lowered, so one cell's tree serves every re-analysis of the same text.
 */
import type { Value } from './values';

interface ISpan {
  from: number;
  to: number;
}

export type Stmt =
  | (ISpan & { kind: 'expr'; expr: Expr })
  | (ISpan & { kind: 'group'; body: Stmt[] })
  | (ISpan & { kind: 'import'; names: Array<{ path: string[]; alias: string | null }> })
  | (ISpan & { kind: 'importFrom'; module: string; names: Array<{ name: string; alias: string }>; star: boolean })
  /** `a = b = value`: one list of targets per `=` (several targets: unpacking). */
  | (ISpan & { kind: 'assign'; targets: Item[][]; value: Expr })
  | (ISpan & { kind: 'update'; target: Expr; op: string; value: Expr })
  | (ISpan & { kind: 'for'; targets: Item[]; iter: Expr; body: Stmt[] })
  | (ISpan & { kind: 'while'; test: Expr; body: Stmt[] })
  /** `if`/`elif` branches in order; `test` null for `else`. */
  | (ISpan & { kind: 'if'; branches: Array<{ test: Expr | null; body: Stmt[] }> })
  /** `with` and `try`: their first body runs. */
  | (ISpan & { kind: 'block'; body: Stmt[] })
  | (ISpan & { kind: 'def'; name: string; params: IParam[]; body: Stmt[] })
  | (ISpan & { kind: 'class'; name: string; bases: Arg[]; body: Stmt[] })
  | (ISpan & { kind: 'return'; value: Expr | null })
  | (ISpan & { kind: 'break' })
  | (ISpan & { kind: 'continue' })
  /** `pass`, `del`, `global`, `raise`, `assert`, …: read past. */
  | (ISpan & { kind: 'other' })
  /** A top-level statement with a syntax error (at `from`): skipped, and the cell's first one reported. */
  | (ISpan & { kind: 'syntaxError'; near: string; atEnd: boolean });

/** A parameter of a `def` or `lambda`. */
export interface IParam {
  name: string;
  default: Expr | null;
  star: '' | '*' | '**';
  /** After a bare `*` or a `*args`: bound by keyword only. */
  keywordOnly?: boolean;
}

export type Arg =
  | (ISpan & { kind: 'positional'; value: Expr })
  | (ISpan & { kind: 'keyword'; name: string; value: Expr })
  | (ISpan & { kind: 'star'; value: Expr })
  | (ISpan & { kind: 'starstar'; value: Expr })
  /** `f(x for x in y)`: a generator expression, which the reader does not follow. */
  | (ISpan & { kind: 'generator' });

/** One item inside `[…]` of a subscript: an index, or a slice `start:stop:step`. */
export type IndexNode =
  (ISpan & { kind: 'index'; value: Expr }) | (ISpan & { kind: 'slice'; start: Expr | null; stop: Expr | null; step: Expr | null });

/** A display item: a value, or `*spread`. */
export type Item = Expr | (ISpan & { kind: 'spread'; value: Expr });

/** An f-string piece: literal text, or a replacement field. */
export type FormatPiece = string | { expr: Expr | null; spec: string; conversion: string; from: number; to: number };

export type Expr =
  /** A literal: a number, a string, True/False/None (values never changed in place, so shared). */
  | (ISpan & { kind: 'const'; value: Value })
  | (ISpan & { kind: 'name'; id: string })
  | (ISpan & { kind: 'paren'; inner: Expr | null })
  /** `name := value`: binds the name and is the value. */
  | (ISpan & { kind: 'named'; target: ISpan & { kind: 'name'; id: string }; value: Expr })
  /** `bare`: the comma list of an assignment or a `for` (`a, b = 1, 2`), not a display of its own. */
  | (ISpan & { kind: 'tuple' | 'list'; items: Item[]; bare?: boolean })
  /** `held`: the display's element count as the budget sees it (keys and values). */
  | (ISpan & { kind: 'dict'; entries: Array<[Expr, Expr]>; held: number })
  /**
   * A display made of constants only (`[[0.1, 0.2], …]`), lowered compactly: its size, and the text range
   * its values are read from when they are needed (data literals of tens of MB cost a scan, not a tree).
   */
  | (ISpan & { kind: 'data'; elements: number; build: () => Value })
  /** `into: 'set'`: a set comprehension `{x for …}`. */
  | (ISpan & { kind: 'listComp'; element: Expr; clauses: ComprehensionClause[]; into?: 'set' })
  | (ISpan & { kind: 'dictComp'; key: Expr; value: Expr; clauses: ComprehensionClause[] })
  /** A set display `{a, b}`. */
  | (ISpan & { kind: 'set'; items: Item[] })
  | (ISpan & { kind: 'unary'; op: string; operand: Expr })
  | (ISpan & { kind: 'binary'; op: string; left: Expr; right: Expr })
  | (ISpan & { kind: 'conditional'; then: Expr; test: Expr; otherwise: Expr })
  /** `params` null: a lambda without parameters. */
  | (ISpan & { kind: 'lambda'; params: IParam[] | null; body: Expr })
  | (ISpan & { kind: 'attribute'; object: Expr; name: string })
  | (ISpan & { kind: 'subscript'; object: Expr; items: IndexNode[] })
  | (ISpan & { kind: 'call'; callee: Expr; args: Arg[] })
  | (ISpan & { kind: 'fstring'; pieces: FormatPiece[] })
  /** Adjacent string literals `'a' f'{b}'`. */
  | (ISpan & { kind: 'concat'; parts: Expr[] })
  | (ISpan & { kind: 'ellipsis' })
  /** A literal the reader cannot know (a complex number, an f-string it cannot read, a malformed string). */
  | (ISpan & { kind: 'unknownLiteral'; what: 'complex' | 'string' | 'fstring' })
  /** A construct the reader does not follow (a set, a generator, `await`, …). */
  | (ISpan & { kind: 'unsupported' });

export type ComprehensionClause = { kind: 'for'; targets: Item[]; iter: Expr } | { kind: 'if'; test: Expr };

/** A cell lowered once: its statements and what the lowering found wrong, with the text they point into. */
export interface ILoweredCell {
  /** Errors found before parsing (brackets nested too deep, a TabError), at offsets in the compacted text. */
  problems: Array<{ kind: 'nesting' | 'tab'; offset: number }>;
  /** The top-level statements, syntax errors in place; none when the source is not analysed (a TabError). */
  statements: Stmt[];
  /** The parser overflowed its stack after these statements: what follows is not analysed. */
  tooDeep: boolean;
  /** The text the offsets point into, and the way back to the cell's lines. */
  source: ICellSource;
}

/** A lowered cell's text: locations and the source of a node, for messages. */
export interface ICellSource {
  /** Line and column in the cell (its original text) of an offset in the compacted text. */
  loc(offset: number, cell: number | null): import('../types').ILocation;
  /** The source text of a node (for messages that quote the code). */
  text(node: { from: number; to: number }): string;
}
