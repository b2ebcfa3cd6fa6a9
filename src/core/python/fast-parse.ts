/**
 * A hand-written parser for the Python model code is made of (imports, assignments, calls, displays,
 * comprehensions, `def`, `class`, `if`, `for`, `while`, `with`, `return`), straight to the AST, several
 * times faster than @lezer/python for the same tree. It reads a cell whole or not at all: anything it
 * does not know (an f-string, a decorator, `try`, a set, a chained comparison, a syntax error, …) makes it
 * give up, and the cell is lowered from lezer's tree as before (lower.ts), so every tree and every syntax
 * error is the one the lezer path gives (test/fast-parse.test.ts compares them on every fixture).
 */
import type { Arg, ComprehensionClause, Expr, IndexNode, IParam, Item, Stmt } from './ast';
import { NONE, str, type Value } from './values';
import { parseNumber, parseString } from './literals';
import { dataAssign, dataStatement } from './data-literal';

/** Thrown to give up on the cell. */
class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

const enum T {
  Name,
  Number,
  String,
  Op,
  Newline,
  Indent,
  Dedent,
  End
}

const KEYWORDS = new Set([
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
  'True',
  'False',
  'None'
]);

const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '**',
  '//',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@='
];

interface ITokens {
  kind: T[];
  from: number[];
  to: number[];
}

function tokenize(text: string): ITokens {
  const kind: T[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const push = (k: T, f: number, t: number) => {
    kind.push(k);
    from.push(f);
    to.push(t);
  };
  const indents = [0];
  let depth = 0;
  let i = 0;
  const n = text.length;
  let lineStart = true;
  while (i < n) {
    if (lineStart && depth === 0) {
      let col = 0;
      const start = i;
      while (i < n && text.charCodeAt(i) === 32) {
        col++;
        i++;
      }
      const c = text.charCodeAt(i);
      if (c === 9 || c === 12 || c === 92) throw GIVE_UP;
      lineStart = false;
      if (i >= n || c === 10 || c === 13 || c === 35) {
        // A blank or comment-only line: nothing (the compaction removed most).
        if (c === 35) while (i < n && text.charCodeAt(i) !== 10) i++;
        if (i < n) i++;
        lineStart = true;
        continue;
      }
      if (col > indents[indents.length - 1]) {
        indents.push(col);
        push(T.Indent, start, i);
      } else {
        while (col < indents[indents.length - 1]) {
          indents.pop();
          push(T.Dedent, i, i);
        }
        if (col !== indents[indents.length - 1]) throw GIVE_UP;
      }
    }
    const c = text.charCodeAt(i);
    if (c === 32 || c === 13) {
      i++;
    } else if (c === 10) {
      if (depth === 0) {
        push(T.Newline, i, i + 1);
        lineStart = true;
      }
      i++;
    } else if (c === 35) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
    } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127) {
      if (c > 127) throw GIVE_UP;
      let j = i + 1;
      for (let d = text.charCodeAt(j); (d >= 65 && d <= 90) || (d >= 97 && d <= 122) || d === 95 || (d >= 48 && d <= 57); d = text.charCodeAt(++j));
      const q = text.charCodeAt(j);
      if (q === 34 || q === 39) {
        // A string prefix: r, b, u, rb, br (f-strings give up).
        const prefix = text.slice(i, j).toLowerCase();
        if (!['r', 'b', 'u', 'rb', 'br'].includes(prefix)) throw GIVE_UP;
        const end = stringEnd(text, j);
        push(T.String, i, end);
        i = end;
      } else {
        push(T.Name, i, j);
        i = j;
      }
    } else if ((c >= 48 && c <= 57) || (c === 46 && text.charCodeAt(i + 1) >= 48 && text.charCodeAt(i + 1) <= 57)) {
      const m = /(?:0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*(?:\.\d[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d[\d_]*)?)/y;
      m.lastIndex = i;
      const hit = m.exec(text)!;
      const j = i + hit[0].length;
      const d = text.charCodeAt(j);
      // `1j`, `5.` (lezer reads it otherwise), `1e`: the lezer path.
      if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || d === 95 || d === 46 || (d >= 48 && d <= 57)) throw GIVE_UP;
      push(T.Number, i, j);
      i = j;
    } else if (c === 34 || c === 39) {
      const end = stringEnd(text, i);
      push(T.String, i, end);
      i = end;
    } else {
      if (c === 92) throw GIVE_UP; // a line continuation
      let len = 1;
      for (const op of OPERATORS) {
        if (text.startsWith(op, i)) {
          len = op.length;
          break;
        }
      }
      if (len === 1) {
        if (c === 40 || c === 91 || c === 123) depth++;
        else if (c === 41 || c === 93 || c === 125) {
          if (depth === 0) throw GIVE_UP;
          depth--;
        } else if (!'+-*/%@&|^~<>=.,:;!'.includes(text[i])) throw GIVE_UP;
      }
      push(T.Op, i, i + len);
      i += len;
    }
  }
  if (depth !== 0) throw GIVE_UP;
  if (kind.length && kind[kind.length - 1] !== T.Newline && kind[kind.length - 1] !== T.Dedent) push(T.Newline, n, n);
  while (indents.length > 1) {
    indents.pop();
    push(T.Dedent, n, n);
  }
  push(T.End, n, n);
  return { kind, from, to };
}

function stringEnd(text: string, i: number): number {
  const q = text[i];
  const triple = text.startsWith(q + q + q, i);
  const quote = triple ? q + q + q : q;
  let j = i + quote.length;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (!triple && c === '\n') throw GIVE_UP;
    else if (text.startsWith(quote, j)) return j + quote.length;
    else j++;
  }
  throw GIVE_UP;
}

const TRUE: Value = { kind: 'bool', value: true };
const FALSE: Value = { kind: 'bool', value: false };
const COMPARE = new Set(['<', '>', '<=', '>=', '==', '!=']);

/** The statements of a cell (its compacted, blanked text), or null when the lezer path must read it. */
export function fastParse(text: string): Stmt[] | null {
  try {
    return new Parser(text, tokenize(text)).script();
  } catch (e) {
    if (e instanceof GiveUp || e instanceof RangeError) return null;
    throw e;
  }
}

class Parser {
  private p = 0;
  private readonly kind: T[];
  private readonly from: number[];
  private readonly to: number[];

  constructor(
    private readonly text: string,
    tokens: ITokens
  ) {
    this.kind = tokens.kind;
    this.from = tokens.from;
    this.to = tokens.to;
  }

  private src(i: number): string {
    return this.text.slice(this.from[i], this.to[i]);
  }
  private is(s: string): boolean {
    const k = this.kind[this.p];
    return (k === T.Op || k === T.Name) && this.to[this.p] - this.from[this.p] === s.length && this.text.startsWith(s, this.from[this.p]);
  }
  private isName(): boolean {
    return this.kind[this.p] === T.Name && !KEYWORDS.has(this.src(this.p));
  }
  private expect(s: string): number {
    if (!this.is(s)) throw GIVE_UP;
    return this.p++;
  }
  private name(): string {
    if (!this.isName()) throw GIVE_UP;
    return this.src(this.p++);
  }
  private end(): number {
    return this.to[this.p - 1];
  }

  script(): Stmt[] {
    const out: Stmt[] = [];
    while (this.kind[this.p] !== T.End) {
      if (this.kind[this.p] === T.Newline) {
        this.p++;
        continue;
      }
      if (this.kind[this.p] === T.Indent || this.kind[this.p] === T.Dedent) throw GIVE_UP;
      // `NAME = <display of constants>` is scanned, as on the lezer path.
      const data = dataStatement(this.text, this.from[this.p]);
      if (data) {
        out.push(dataAssign(this.text, data));
        while (this.from[this.p] < data.to && this.kind[this.p] !== T.End) this.p++;
        continue;
      }
      const s = this.statement();
      if (s) out.push(s);
    }
    return out;
  }

  private block(): Stmt[] {
    this.expect(':');
    if (this.kind[this.p] !== T.Newline) throw GIVE_UP;
    this.p++;
    if (this.kind[this.p] !== T.Indent) throw GIVE_UP;
    this.p++;
    const out: Stmt[] = [];
    while (this.kind[this.p] !== T.Dedent) {
      if (this.kind[this.p] === T.End || this.kind[this.p] === T.Indent) throw GIVE_UP;
      if (this.kind[this.p] === T.Newline) {
        this.p++;
        continue;
      }
      const s = this.statement();
      if (s) out.push(s);
    }
    this.p++;
    return out;
  }

  private newline(): void {
    if (this.kind[this.p] !== T.Newline) throw GIVE_UP;
    this.p++;
  }

  /** One statement, or null for a docstring. */
  private statement(): Stmt | null {
    const from = this.from[this.p];
    if (this.kind[this.p] === T.Name) {
      switch (this.src(this.p)) {
        case 'import':
          return this.importStatement(from);
        case 'from':
          return this.fromImport(from);
        case 'def':
          return this.def(from);
        case 'class':
          return this.classDef(from);
        case 'if':
          return this.ifStatement(from);
        case 'for': {
          this.p++;
          const targets = this.targetList();
          this.expect('in');
          const iter = this.exprList();
          const body = this.block();
          if (this.is('else')) throw GIVE_UP;
          return { kind: 'for', from, to: this.from[this.p], targets, iter, body };
        }
        case 'while': {
          this.p++;
          const test = this.expr();
          const body = this.block();
          if (this.is('else')) throw GIVE_UP;
          return { kind: 'while', from, to: this.from[this.p], test, body };
        }
        case 'with': {
          this.p++;
          for (;;) {
            this.expr();
            if (this.is('as')) {
              this.p++;
              this.target();
            }
            if (!this.is(',')) break;
            this.p++;
          }
          const body = this.block();
          return { kind: 'block', from, to: this.from[this.p], body };
        }
        case 'return': {
          this.p++;
          if (this.kind[this.p] === T.Newline) {
            const to = this.end();
            this.newline();
            return { kind: 'return', from, to, value: null };
          }
          const value = this.expr();
          if (this.is(',')) throw GIVE_UP;
          const to = this.end();
          this.newline();
          return { kind: 'return', from, to, value };
        }
        case 'pass':
        case 'break':
        case 'continue': {
          const word = this.src(this.p++);
          const to = this.end();
          this.newline();
          return word === 'pass' ? { kind: 'other', from, to } : { kind: word as 'break' | 'continue', from, to };
        }
        default:
          if (KEYWORDS.has(this.src(this.p)) && !['True', 'False', 'None', 'not', 'lambda'].includes(this.src(this.p))) throw GIVE_UP;
      }
    }
    return this.simple(from);
  }

  /** An expression statement, an assignment or an augmented assignment. */
  private simple(from: number): Stmt | null {
    const first = this.exprListItems();
    if (this.kind[this.p] === T.Newline) {
      if (first.length !== 1) throw GIVE_UP;
      const to = this.end();
      this.newline();
      const e = first[0];
      // A docstring (a string alone) does nothing.
      if (e.kind === 'const' && e.value.kind === 'str' && this.kind[this.p - 2] === T.String) return null;
      return { kind: 'expr', from, to, expr: e };
    }
    const op = this.kind[this.p] === T.Op ? this.src(this.p) : '';
    if (op.length >= 2 && op.endsWith('=') && !['==', '<=', '>=', '!='].includes(op)) {
      if (first.length !== 1) throw GIVE_UP;
      this.p++;
      const value = this.expr();
      if (this.is(',')) throw GIVE_UP;
      const to = this.end();
      this.newline();
      return { kind: 'update', from, to, target: first[0], op: op.slice(0, -1), value };
    }
    if (op !== '=') throw GIVE_UP;
    const groups: Expr[][] = [first];
    while (this.is('=')) {
      this.p++;
      groups.push(this.exprListItems());
    }
    const to = this.end();
    this.newline();
    const values = groups.pop()!;
    const value: Expr =
      values.length === 1 ? values[0] : { kind: 'tuple', from: values[0].from, to: values[values.length - 1].to, items: values, bare: true };
    return { kind: 'assign', from, to, targets: groups.map(g => g.map(t => this.checkTarget(t))), value };
  }

  private checkTarget(e: Expr): Item {
    if (e.kind === 'name' || e.kind === 'attribute' || e.kind === 'subscript') return e;
    throw GIVE_UP;
  }

  private target(): Expr {
    const e = this.primary();
    return this.checkTarget(e) as Expr;
  }

  /** `a, b` (no starred targets here: the lezer path reads them). */
  private targetList(): Item[] {
    const out: Item[] = [this.target()];
    while (this.is(',')) {
      this.p++;
      out.push(this.target());
    }
    return out;
  }

  private importStatement(from: number): Stmt {
    this.p++;
    const names: Array<{ path: string[]; alias: string | null }> = [];
    for (;;) {
      const path = [this.name()];
      while (this.is('.')) {
        this.p++;
        path.push(this.name());
      }
      let alias: string | null = null;
      if (this.is('as')) {
        this.p++;
        alias = this.name();
      }
      names.push({ path, alias });
      if (!this.is(',')) break;
      this.p++;
    }
    const to = this.end();
    this.newline();
    return { kind: 'import', from, to, names };
  }

  private fromImport(from: number): Stmt {
    this.p++;
    let module = '';
    while (this.is('.') || this.is('...')) module += this.src(this.p++);
    if (this.isName()) {
      module += this.name();
      while (this.is('.')) {
        this.p++;
        module += '.' + this.name();
      }
    }
    this.expect('import');
    const names: Array<{ name: string; alias: string }> = [];
    let star = false;
    if (this.is('*')) {
      this.p++;
      star = true;
    } else {
      const paren = this.is('(');
      if (paren) this.p++;
      for (;;) {
        const name = this.name();
        let alias = name;
        if (this.is('as')) {
          this.p++;
          alias = this.name();
        }
        names.push({ name, alias });
        if (!this.is(',')) break;
        this.p++;
        if (paren && this.is(')')) break;
      }
      if (paren) this.expect(')');
    }
    const to = this.end();
    this.newline();
    return { kind: 'importFrom', from, to, module, names, star };
  }

  private params(close: string): IParam[] {
    const out: IParam[] = [];
    while (!this.is(close)) {
      let star: IParam['star'] = '';
      if (this.is('*') || this.is('**')) star = this.src(this.p++) as '*' | '**';
      if (star === '*' && this.is(',')) throw GIVE_UP;
      const name = this.name();
      if (close === ')' && this.is(':')) throw GIVE_UP; // annotations: the lezer path
      let value: Expr | null = null;
      if (this.is('=')) {
        this.p++;
        value = this.expr();
      }
      out.push({ name, default: value, star });
      if (!this.is(',')) break;
      this.p++;
    }
    return out;
  }

  private def(from: number): Stmt {
    this.p++;
    const name = this.name();
    this.expect('(');
    const params = this.params(')');
    this.expect(')');
    if (this.is('->')) throw GIVE_UP;
    const body = this.block();
    return { kind: 'def', from, to: this.from[this.p], name, params, body };
  }

  private classDef(from: number): Stmt {
    this.p++;
    const name = this.name();
    let bases: Arg[] = [];
    if (this.is('(')) {
      this.p++;
      bases = this.args();
    }
    const body = this.block();
    return { kind: 'class', from, to: this.from[this.p], name, bases, body };
  }

  private ifStatement(from: number): Stmt {
    const branches: Array<{ test: Expr | null; body: Stmt[] }> = [];
    this.p++;
    const test = this.expr();
    branches.push({ test, body: this.block() });
    while (this.is('elif')) {
      this.p++;
      const t = this.expr();
      branches.push({ test: t, body: this.block() });
    }
    if (this.is('else')) {
      this.p++;
      branches.push({ test: null, body: this.block() });
    }
    return { kind: 'if', from, to: this.from[this.p], branches };
  }

  // ------------------------------------------------------------ expressions

  /** `a, b, c` as separate expressions (an assignment's sides). */
  private exprListItems(): Expr[] {
    const out = [this.expr()];
    while (this.is(',')) {
      this.p++;
      if (this.kind[this.p] === T.Newline || this.is('=')) throw GIVE_UP;
      out.push(this.expr());
    }
    return out;
  }

  private exprList(): Expr {
    const items = this.exprListItems();
    return items.length === 1 ? items[0] : { kind: 'tuple', from: items[0].from, to: items[items.length - 1].to, items, bare: true };
  }

  expr(): Expr {
    if (this.is('lambda')) {
      const from = this.from[this.p++];
      const params = this.params(':');
      this.expect(':');
      const body = this.expr();
      return { kind: 'lambda', from, to: body.to, params, body };
    }
    const then = this.or();
    if (this.is('if')) {
      this.p++;
      const test = this.or();
      this.expect('else');
      const otherwise = this.expr();
      return { kind: 'conditional', from: then.from, to: otherwise.to, then, test, otherwise };
    }
    return then;
  }

  private or(): Expr {
    let left = this.and();
    while (this.is('or')) {
      this.p++;
      const right = this.and();
      left = { kind: 'binary', from: left.from, to: right.to, op: 'or', left, right };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.is('and')) {
      this.p++;
      const right = this.not();
      left = { kind: 'binary', from: left.from, to: right.to, op: 'and', left, right };
    }
    return left;
  }

  private not(): Expr {
    if (this.is('not')) {
      const from = this.from[this.p++];
      const operand = this.not();
      // lezer reads `not a and b` as `not (a and b)`: the lezer path, so both paths agree.
      if (this.is('and') || this.is('or')) throw GIVE_UP;
      return { kind: 'unary', from, to: operand.to, op: 'not', operand };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.bitOr();
    let op = '';
    if (this.kind[this.p] === T.Op && COMPARE.has(this.src(this.p))) op = this.src(this.p++);
    else if (this.is('in')) op = this.src(this.p++);
    else if (this.is('is')) {
      this.p++;
      op = 'is';
      if (this.is('not')) {
        this.p++;
        op = 'is not';
      }
    } else if (this.is('not') && this.kind[this.p + 1] === T.Name && this.src(this.p + 1) === 'in') {
      this.p += 2;
      op = 'not in';
    }
    if (!op) return left;
    const right = this.bitOr();
    // A chained comparison: the lezer path.
    if ((this.kind[this.p] === T.Op && COMPARE.has(this.src(this.p))) || this.is('in') || this.is('is') || this.is('not')) throw GIVE_UP;
    return { kind: 'binary', from: left.from, to: right.to, op, left, right };
  }

  private binaryLevel(next: () => Expr, ops: string[]): Expr {
    let left = next();
    while (this.kind[this.p] === T.Op && ops.includes(this.src(this.p))) {
      const op = this.src(this.p++);
      const right = next();
      left = { kind: 'binary', from: left.from, to: right.to, op, left, right };
    }
    return left;
  }

  private bitOr = (): Expr => this.binaryLevel(this.bitXor, ['|']);
  private bitXor = (): Expr => this.binaryLevel(this.bitAnd, ['^']);
  private bitAnd = (): Expr => this.binaryLevel(this.shift, ['&']);
  private shift = (): Expr => this.binaryLevel(this.arith, ['<<', '>>']);
  private arith = (): Expr => this.binaryLevel(this.term, ['+', '-']);
  private term = (): Expr => this.binaryLevel(this.factor, ['*', '/', '//', '%', '@']);

  private factor = (): Expr => {
    if (this.kind[this.p] === T.Op && (this.is('-') || this.is('+') || this.is('~'))) {
      const from = this.from[this.p];
      const op = this.src(this.p++);
      const operand = this.factor();
      return { kind: 'unary', from, to: operand.to, op, operand };
    }
    return this.power();
  };

  private power(): Expr {
    const base = this.primary();
    if (this.is('**')) {
      this.p++;
      const exponent = this.factor();
      return { kind: 'binary', from: base.from, to: exponent.to, op: '**', left: base, right: exponent };
    }
    return base;
  }

  private primary(): Expr {
    let e = this.atom();
    for (;;) {
      if (this.is('.')) {
        this.p++;
        if (this.kind[this.p] !== T.Name) throw GIVE_UP;
        const name = this.src(this.p++);
        e = { kind: 'attribute', from: e.from, to: this.end(), object: e, name };
      } else if (this.is('(')) {
        this.p++;
        const args = this.args();
        e = { kind: 'call', from: e.from, to: this.end(), callee: e, args };
      } else if (this.is('[')) {
        this.p++;
        const items = this.subscriptItems();
        e = { kind: 'subscript', from: e.from, to: this.end(), object: e, items };
      } else return e;
    }
  }

  /** Call arguments after `(`, through `)`. */
  private args(): Arg[] {
    const out: Arg[] = [];
    while (!this.is(')')) {
      if (this.is('*') || this.is('**')) {
        const kind = this.src(this.p++) === '*' ? 'star' : 'starstar';
        const value = this.expr();
        out.push({ kind, from: value.from, to: value.to, value });
      } else if (this.isName() && this.kind[this.p + 1] === T.Op && this.src(this.p + 1) === '=') {
        const name = this.src(this.p);
        this.p += 2;
        const value = this.expr();
        out.push({ kind: 'keyword', from: value.from, to: value.to, name, value });
      } else {
        const value = this.expr();
        if (this.is('for')) throw GIVE_UP;
        out.push({ kind: 'positional', from: value.from, to: value.to, value });
      }
      if (!this.is(',')) break;
      this.p++;
    }
    this.expect(')');
    return out;
  }

  private subscriptItems(): IndexNode[] {
    const out: IndexNode[] = [];
    while (!this.is(']')) {
      const from = this.from[this.p];
      const parts: Array<Expr | null> = [null, null, null];
      let colons = 0;
      const isEnd = () => this.is(']') || this.is(',') || this.is(':');
      if (!isEnd()) parts[0] = this.expr();
      while (this.is(':')) {
        this.p++;
        colons++;
        if (colons > 2) throw GIVE_UP;
        if (!isEnd()) parts[colons] = this.expr();
      }
      const to = this.end();
      if (colons) out.push({ kind: 'slice', from, to, start: parts[0], stop: parts[1], step: parts[2] });
      else if (parts[0]) out.push({ kind: 'index', from, to, value: parts[0] });
      else throw GIVE_UP;
      if (!this.is(',')) break;
      this.p++;
    }
    this.expect(']');
    return out;
  }

  private atom(): Expr {
    const k = this.kind[this.p];
    const from = this.from[this.p];
    const to = this.to[this.p];
    if (k === T.Number) {
      this.p++;
      const v = parseNumber(this.text.slice(from, to));
      if (v === 'complex') throw GIVE_UP;
      return { kind: 'const', from, to, value: v };
    }
    if (k === T.String) {
      const parts: Array<{ from: number; to: number }> = [];
      while (this.kind[this.p] === T.String) parts.push({ from: this.from[this.p], to: this.to[this.p++] });
      const values = parts.map(p => parseString(this.text.slice(p.from, p.to)));
      if (values.some(v => v === 'string')) throw GIVE_UP;
      if (parts.length === 1) return { kind: 'const', from, to, value: values[0] as Value };
      return { kind: 'const', from, to: parts[parts.length - 1].to, value: str(values.map(v => (v as { value: string }).value).join('')) };
    }
    if (k === T.Name) {
      const word = this.src(this.p);
      if (word === 'True' || word === 'False' || word === 'None') {
        this.p++;
        return { kind: 'const', from, to, value: word === 'True' ? TRUE : word === 'False' ? FALSE : NONE };
      }
      if (KEYWORDS.has(word)) throw GIVE_UP;
      this.p++;
      return { kind: 'name', from, to, id: word };
    }
    if (k !== T.Op) throw GIVE_UP;
    if (this.is('...')) {
      this.p++;
      return { kind: 'ellipsis', from, to };
    }
    if (this.is('(')) {
      this.p++;
      if (this.is(')')) {
        this.p++;
        return { kind: 'tuple', from, to: this.end(), items: [] };
      }
      const first = this.starOrExpr();
      if (this.is('for')) throw GIVE_UP;
      if (this.is(')') && first.kind !== 'spread') {
        this.p++;
        return { kind: 'paren', from, to: this.end(), inner: first };
      }
      const items: Item[] = [first];
      while (this.is(',')) {
        this.p++;
        if (this.is(')')) break;
        items.push(this.starOrExpr());
      }
      this.expect(')');
      return { kind: 'tuple', from, to: this.end(), items };
    }
    if (this.is('[')) {
      this.p++;
      const items: Item[] = [];
      if (!this.is(']')) {
        const first = this.starOrExpr();
        if (this.is('for')) {
          if (first.kind === 'spread') throw GIVE_UP;
          return this.listComp(from, first);
        }
        items.push(first);
        while (this.is(',')) {
          this.p++;
          if (this.is(']')) break;
          items.push(this.starOrExpr());
        }
      }
      this.expect(']');
      return { kind: 'list', from, to: this.end(), items };
    }
    if (this.is('{')) {
      this.p++;
      const entries: Array<[Expr, Expr]> = [];
      while (!this.is('}')) {
        if (this.is('**')) throw GIVE_UP;
        const key = this.expr();
        this.expect(':');
        const value = this.expr();
        if (this.is('for')) throw GIVE_UP;
        entries.push([key, value]);
        if (!this.is(',')) break;
        this.p++;
      }
      this.expect('}');
      return { kind: 'dict', from, to: this.end(), entries, held: entries.length * 2 };
    }
    throw GIVE_UP;
  }

  private starOrExpr(): Item {
    if (this.is('*')) {
      this.p++;
      const value = this.bitOr();
      return { kind: 'spread', from: value.from, to: value.to, value };
    }
    return this.expr();
  }

  private listComp(from: number, element: Expr): Expr {
    const clauses: ComprehensionClause[] = [];
    while (this.is('for') || this.is('if')) {
      if (this.is('for')) {
        this.p++;
        const targets = this.targetList();
        this.expect('in');
        clauses.push({ kind: 'for', targets, iter: this.or() });
      } else {
        this.p++;
        clauses.push({ kind: 'if', test: this.or() });
      }
    }
    this.expect(']');
    return { kind: 'listComp', from, to: this.end(), element, clauses };
  }
}
