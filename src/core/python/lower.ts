/**
 * The lowering: a cell's text → its typed syntax tree (ast.ts). Blank and comment-only lines are
 * compacted away, absurd bracket nesting blanked, CPython's TabError rule checked, then the statements
 * parsed by @lezer/python (in pieces, parse.ts) and each lezer node turned into an AST node. Literals are
 * read here once (numbers, strings, the literal text of f-strings). Each distinct cell text is lowered
 * once and kept (`lowerCell`), so the panel's re-analysis after an edit lowers only the cells that changed.
 */
import type { SyntaxNode } from '@lezer/common';
import type { ILocation } from '../types';
import { NONE, str, type Value } from './values';
import { parseNumber, parseString } from './literals';
import type { Arg, ComprehensionClause, Expr, FormatPiece, ICellSource, ILoweredCell, IndexNode, IParam, Item, Stmt } from './ast';
import { blankDeepNesting, MAX_BRACKET_DEPTH } from './nesting';
import { checkIndentation } from './indentation';
import { compactSource, sourceOffset, type ICompacted } from './compact';
import { findError, isTrailingDotFloat, PARSE_CHUNK, topLevelStatements } from './parse';
import { dataAssign } from './data-literal';

/** The compacted text of a cell and the way back to its lines. */
class CellSource implements ICellSource {
  private readonly lineStarts: number[];

  constructor(
    source: string,
    private readonly compact: ICompacted
  ) {
    this.lineStarts = [0];
    for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  loc(compactOffset: number, cell: number | null): ILocation {
    const offset = sourceOffset(this.compact, compactOffset);
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { cell, line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }

  text(node: { from: number; to: number }): string {
    return this.compact.text.slice(node.from, node.to);
  }
}

/** Lowered cells by a key of their text (`cacheKey`), the most recently used last; bounded by their total length (a tree takes some tens of bytes a character). */
const cache = new Map<string, { text: string; lowered: ILoweredCell }>();
let cachedChars = 0;
const CACHE_CHARS = 4_000_000;
/** Longer cells are lowered each time (a notebook's cells are far shorter; a script is read once). */
const CACHE_CELL_CHARS = 1_000_000;
/** V8 hashes a longer string by its length alone: keyed by their text, long cells of one length would all collide. */
const HASHED_KEY_CHARS = 16_383;

/** A short text is its own key; a long one its length and an FNV-1a hash of its content (a hit is checked against the text). */
function cacheKey(text: string): string {
  if (text.length <= HASHED_KEY_CHARS) return text;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${h >>> 0}`;
}

/**
 * The lowered tree of a cell's text, from the cache when the same text was lowered before. `keep` false: a
 * text read once (a file the CLI reads) is neither looked up (hashing a long text costs) nor kept, since a kept
 * tree outlives the garbage collector's young generation and copying it there costs a first reading of 1,000
 * layers about a tenth of its time.
 */
export function lowerCell(text: string, keep = true): ILoweredCell {
  if (!keep) return lowerText(text);
  const key = cacheKey(text);
  const hit = cache.get(key);
  if (hit && hit.text === text) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.lowered;
  }
  const lowered = lowerText(text);
  if (text.length <= CACHE_CELL_CHARS) {
    if (hit) {
      cache.delete(key);
      cachedChars -= hit.text.length;
    }
    cache.set(key, { text, lowered });
    cachedChars += text.length;
    for (const [oldKey, entry] of cache) {
      if (cachedChars <= CACHE_CHARS) break;
      cache.delete(oldKey);
      cachedChars -= entry.text.length;
    }
  }
  return lowered;
}

/** How many lowered cells the cache holds (tests). */
export function loweredCellsKept(): number {
  return cache.size;
}

function lowerText(text: string): ILoweredCell {
  const compact = compactSource(text);
  const source = new CellSource(text, compact);
  // Most code nests far less than the limit: the compaction's count of it spares blankDeepNesting's scan.
  const blanked = compact.deepest > MAX_BRACKET_DEPTH ? blankDeepNesting(compact.text) : { text: compact.text, offsets: [] };
  const problems: ILoweredCell['problems'] = blanked.offsets.map(offset => ({ kind: 'nesting' as const, offset }));
  const tabError = checkIndentation(blanked.text);
  if (tabError !== null) {
    problems.push({ kind: 'tab', offset: tabError });
    return { problems, statements: [], tooDeep: false, source };
  }
  return { problems, ...lowerWithLezer(compact.text, blanked.text), source };
}

/** The statements of a cell from lezer's tree (in pieces for long code). */
function lowerWithLezer(text: string, parsed: string): { statements: Stmt[]; tooDeep: boolean } {
  const lower = new Lowering(text);
  const statements: Stmt[] = [];
  let tooDeep = false;
  for (const node of topLevelStatements(parsed, PARSE_CHUNK, true)) {
    if (node === 'too deep') {
      tooDeep = true;
      break;
    }
    if ('kind' in node) {
      statements.push(dataAssign(parsed, node));
      continue;
    }
    if (node.name === 'Comment') continue;
    const error = findError(node);
    if (error) {
      const near = parsed
        .slice(error.from, Math.max(error.to, error.from + 1))
        .replace(/\s+/g, ' ')
        .trim();
      statements.push({ kind: 'syntaxError', from: error.from, to: error.to, near: near.slice(0, 20), atEnd: error.from >= parsed.length });
      continue;
    }
    const stmt = lower.stmt(node);
    if (stmt) statements.push(stmt);
  }
  return { statements, tooDeep };
}

const span = (n: SyntaxNode) => ({ from: n.from, to: n.to });

/** lezer nodes → AST nodes, reading the compacted text. */
class Lowering {
  constructor(private readonly text: string) {}

  private src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  /** A statement, or null for what does nothing and costs nothing (a comment, a docstring). */
  stmt(node: SyntaxNode): Stmt | null {
    if (node.name === 'Comment' || (node.name === 'ExpressionStatement' && isDocstring(node))) return null;
    const { from, to } = node;
    switch (node.name) {
      case 'StatementGroup': {
        const body: Stmt[] = [];
        for (let inner = node.firstChild; inner; inner = inner.nextSibling) {
          if (inner.name === ';') continue;
          const s = this.stmt(inner);
          if (s) body.push(s);
        }
        return { kind: 'group', from, to, body };
      }
      case 'ImportStatement':
        return this.importStatement(node);
      case 'AssignStatement':
        return this.assign(node);
      case 'UpdateStatement': {
        const [target, op, value] = childList(node);
        if (!target || !op || !value) return { kind: 'other', from, to };
        return { kind: 'update', from, to, target: this.expr(target), op: this.src(op).slice(0, -1), value: this.expr(value) };
      }
      case 'ExpressionStatement':
        return node.firstChild ? { kind: 'expr', from, to, expr: this.expr(node.firstChild) } : { kind: 'other', from, to };
      case 'ForStatement': {
        const children = childList(node);
        const inAt = children.findIndex(c => c.name === 'in');
        const targets = children.slice(1, inAt).filter(c => c.name !== ',');
        const iterNodes = children.slice(inAt + 1).filter(c => c.name !== 'Body' && c.name !== ',' && c.name !== 'else');
        const body = child(node, 'Body');
        if (!body || !iterNodes.length) return { kind: 'other', from, to };
        return { kind: 'for', from, to, targets: this.targets(targets), iter: this.exprList(iterNodes), body: this.body(body) };
      }
      case 'IfStatement': {
        const children = childList(node);
        const branches: Array<{ test: Expr | null; body: Stmt[] }> = [];
        for (let i = 0; i < children.length; i++) {
          const c = children[i];
          if ((c.name === 'if' || c.name === 'elif') && children[i + 1]) {
            branches.push({ test: this.expr(children[i + 1]), body: this.body(children[i + 2]) });
            i += 2;
          } else if (c.name === 'else') {
            branches.push({ test: null, body: this.body(children[i + 1]) });
            break;
          }
        }
        return { kind: 'if', from, to, branches };
      }
      case 'WithStatement':
      case 'TryStatement':
        return { kind: 'block', from, to, body: this.body(child(node, 'Body')) };
      case 'FunctionDefinition': {
        const name = child(node, 'VariableName');
        const params = child(node, 'ParamList');
        const body = child(node, 'Body');
        if (!name || !params || !body) return { kind: 'other', from, to };
        return { kind: 'def', from, to, name: this.src(name), params: this.params(params), body: this.body(body) };
      }
      case 'DecoratedStatement':
        return node.lastChild ? this.stmt(node.lastChild) : { kind: 'other', from, to };
      case 'ClassDefinition': {
        const name = child(node, 'VariableName');
        if (!name) return { kind: 'other', from, to };
        const args = child(node, 'ArgList');
        return { kind: 'class', from, to, name: this.src(name), bases: args ? this.args(args) : [], body: this.body(child(node, 'Body')) };
      }
      case 'ReturnStatement': {
        // `return a, b` returns a tuple: lezer gives the items as siblings, with no TupleExpression around them.
        const children = childList(node).slice(1);
        const values = children.filter(c => c.name !== ',');
        if (!values.length) return { kind: 'return', from, to, value: null };
        if (values.length === 1 && children.length === 1) return { kind: 'return', from, to, value: this.expr(values[0]) };
        const items = values.map(v => this.expr(v));
        return { kind: 'return', from, to, value: { kind: 'tuple', from: values[0].from, to: values[values.length - 1].to, items, bare: true } };
      }
      case 'BreakStatement':
        return { kind: 'break', from, to };
      case 'ContinueStatement':
        return { kind: 'continue', from, to };
      case 'WhileStatement': {
        const test = childList(node)[1];
        const body = child(node, 'Body');
        if (!test || !body) return { kind: 'other', from, to };
        return { kind: 'while', from, to, test: this.expr(test), body: this.body(body) };
      }
      default:
        return { kind: 'other', from, to };
    }
  }

  private body(node: SyntaxNode | null | undefined): Stmt[] {
    const out: Stmt[] = [];
    if (!node) return out;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === ':' || c.name === 'Comment') continue;
      const s = this.stmt(c);
      if (s) out.push(s);
    }
    return out;
  }

  private importStatement(node: SyntaxNode): Stmt {
    const children = childList(node);
    if (children[0]?.name === 'from') {
      const importAt = children.findIndex(c => c.name === 'import');
      const module = children
        .slice(1, importAt)
        .map(c => this.src(c))
        .join('');
      const rest = children.slice(importAt + 1).filter(c => c.name !== '(' && c.name !== ')');
      const names: Array<{ name: string; alias: string }> = [];
      let star = false;
      for (let i = 0; i < rest.length; i++) {
        const c = rest[i];
        if (c.name === '*') star = true;
        if (c.name !== 'VariableName') continue;
        const name = this.src(c);
        let alias = name;
        if (rest[i + 1]?.name === 'as') {
          alias = this.src(rest[i + 2]);
          i += 2;
        }
        names.push({ name, alias });
      }
      return { kind: 'importFrom', ...span(node), module, names, star };
    }
    // import a.b.c [as x], d
    const names: Array<{ path: string[]; alias: string | null }> = [];
    let i = 1;
    while (i < children.length) {
      const parts: string[] = [];
      while (i < children.length && (children[i].name === 'VariableName' || children[i].name === '.')) {
        if (children[i].name === 'VariableName') parts.push(this.src(children[i]));
        i++;
      }
      if (children[i]?.name === 'as') {
        names.push({ path: parts, alias: children[i + 1] ? this.src(children[i + 1]) : '' });
        i += 2;
      } else if (parts.length) names.push({ path: parts, alias: null });
      i++;
    }
    return { kind: 'import', ...span(node), names };
  }

  private assign(node: SyntaxNode): Stmt {
    const children = childList(node);
    const ops = children.map((c, i) => (c.name === 'AssignOp' ? i : -1)).filter(i => i >= 0);
    if (!ops.length) return { kind: 'other', ...span(node) };
    const lastOp = ops[ops.length - 1];
    const value = this.exprList(children.slice(lastOp + 1).filter(c => c.name !== ','));
    const targets: Item[][] = [];
    let start = 0;
    for (const op of ops) {
      // `x: int = 3` has a TypeDef beside its target: not a target itself.
      targets.push(this.targets(children.slice(start, op).filter(c => c.name !== ',' && c.name !== 'TypeDef')));
      start = op + 1;
    }
    return { kind: 'assign', ...span(node), targets, value };
  }

  /** Assignment targets, `*rest` as a spread. */
  private targets(nodes: SyntaxNode[]): Item[] {
    const out: Item[] = [];
    for (let i = 0; i < nodes.length; i++) {
      if (nodes[i].name === '*' && nodes[i + 1]) {
        out.push({ kind: 'spread', ...span(nodes[i + 1]), value: this.expr(nodes[i + 1]) });
        i++;
      } else out.push(this.expr(nodes[i]));
    }
    return out;
  }

  /** One expression, or the bare tuple of several (`a, b = 1, 2`, `for x in a, b`). */
  /**
   * `not a and b` is `(not a) and b` in Python (`not` binds tighter than `and` / `or`), but lezer's tree puts
   * the whole `a and b` under the `not`: the `not` goes back down to the leftmost operand of the and/or chain.
   */
  private not(node: SyntaxNode, operand: SyntaxNode | undefined): Expr {
    const children = operand?.name === 'BinaryExpression' ? childList(operand) : [];
    const op = children.length === 3 ? children[1].name : '';
    if (operand && (op === 'and' || op === 'or')) {
      const left = this.not(node, children[0]);
      return { kind: 'binary', from: node.from, to: operand.to, op, left, right: this.expr(children[2]) };
    }
    const target = operand ?? node;
    return { kind: 'unary', from: node.from, to: target.to, op: 'not', operand: this.expr(target) };
  }

  private exprList(nodes: SyntaxNode[]): Expr {
    if (nodes.length === 1) return this.expr(nodes[0]);
    return { kind: 'tuple', from: nodes[0].from, to: nodes[nodes.length - 1].to, items: nodes.map(n => this.expr(n)), bare: true };
  }

  private params(node: SyntaxNode): IParam[] {
    const params: IParam[] = [];
    const children = childList(node);
    let star: '' | '*' | '**' = '';
    let keywordOnly = false;
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      // A bare `*` (followed by a comma, not a name) only makes the parameters after it keyword-only.
      if (c.name === '*' && children[i + 1]?.name !== 'VariableName') keywordOnly = true;
      else if (c.name === '*' || c.name === '**') star = c.name;
      else if (c.name === 'VariableName') {
        let value: Expr | null = null;
        if (children[i + 1]?.name === 'AssignOp') {
          value = this.expr(children[i + 2]);
          i += 2;
        } else if (children[i + 1]?.name === 'TypeDef' && children[i + 2]?.name === 'AssignOp') {
          value = this.expr(children[i + 3]);
          i += 3;
        }
        params.push(keywordOnly && !star ? { name: this.src(c), default: value, star, keywordOnly } : { name: this.src(c), default: value, star });
        if (star === '*') keywordOnly = true;
        star = '';
      }
    }
    return params;
  }

  private args(node: SyntaxNode): Arg[] {
    const out: Arg[] = [];
    const children = childList(node, ARG_PUNCTUATION);
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (c.name === 'VariableName' && children[i + 1]?.name === 'AssignOp' && this.src(children[i + 1]) === ':=') {
        // `f(x := g())`: a positional argument that binds x (the grammar gives no NamedExpression node here).
        const value = children[i + 2];
        out.push({ kind: 'positional', from: c.from, to: value?.to ?? c.to, value: this.named(c, value) });
        i += 2;
      } else if (c.name === 'VariableName' && children[i + 1]?.name === 'AssignOp') {
        const value = children[i + 2];
        out.push({ kind: 'keyword', from: value.from, to: value.to, name: this.src(c), value: this.expr(value) });
        i += 2;
      } else if ((c.name === '*' || c.name === '**') && children[i + 1]) {
        const value = children[++i];
        out.push({ kind: c.name === '*' ? 'star' : 'starstar', from: value.from, to: value.to, value: this.expr(value) });
      } else if (c.name === 'for' || c.name === 'ComprehensionExpression') {
        out.push({ kind: 'generator', ...span(c) });
        break;
      } else out.push({ kind: 'positional', from: c.from, to: c.to, value: this.expr(c) });
    }
    return out;
  }

  private named(name: SyntaxNode, value: SyntaxNode | undefined): Expr {
    return {
      kind: 'named',
      from: name.from,
      to: value?.to ?? name.to,
      target: { kind: 'name', from: name.from, to: name.to, id: this.src(name) },
      value: this.expr(value)
    };
  }

  expr(node: SyntaxNode | undefined): Expr {
    if (!node) return { kind: 'unsupported', from: 0, to: 0 };
    const { from, to } = node;
    switch (node.name) {
      case 'NamedExpression': {
        const [name, , value] = childList(node);
        return name?.name === 'VariableName' ? this.named(name, value) : { kind: 'unsupported', from, to };
      }
      case 'Number':
        return literal(from, to, parseNumber(this.src(node)));
      case 'String':
        return literal(from, to, parseString(this.src(node)));
      case 'ContinuedString': {
        const parts = childList(node).map(c => (c.name === 'FormatString' ? this.formatString(c) : literal(c.from, c.to, parseString(this.src(c)))));
        if (parts.every(p => p.kind === 'const' && p.value.kind === 'str'))
          return { kind: 'const', from, to, value: str(parts.map(p => (p as { value: { value: string } }).value.value).join('')) };
        return { kind: 'concat', from, to, parts };
      }
      case 'FormatString':
        return this.formatString(node);
      case 'Boolean':
        return { kind: 'const', from, to, value: this.src(node) === 'True' ? TRUE : FALSE };
      case 'None':
        return { kind: 'const', from, to, value: NONE };
      case 'Ellipsis':
        return { kind: 'ellipsis', from, to };
      case 'VariableName':
        return { kind: 'name', from, to, id: this.src(node) };
      case 'ParenthesizedExpression': {
        const inner = childList(node).filter(c => c.name !== '(' && c.name !== ')');
        return { kind: 'paren', from, to, inner: inner.length === 1 ? this.expr(inner[0]) : null };
      }
      case 'SetExpression':
        return { kind: 'set', from, to, items: this.displayItems(node) };
      case 'SetComprehensionExpression':
        return { ...this.comprehension(node), into: 'set' };
      case 'DictionaryComprehensionExpression':
        return this.dictComprehension(node);
      case 'TupleExpression':
      case 'ArrayExpression':
        return { kind: node.name === 'TupleExpression' ? 'tuple' : 'list', from, to, items: this.displayItems(node) };
      case 'DictionaryExpression': {
        const inner = childList(node).filter(c => !['{', '}', ',', ':'].includes(c.name));
        const entries: Array<[Expr, Expr]> = [];
        for (let i = 0; i + 1 < inner.length; i += 2) entries.push([this.expr(inner[i]), this.expr(inner[i + 1])]);
        return { kind: 'dict', from, to, entries, held: inner.length };
      }
      case 'ArrayComprehensionExpression':
        return this.comprehension(node);
      case 'UnaryExpression': {
        const [op, operand] = childList(node);
        if (op?.name === 'not') return this.not(node, operand);
        return { kind: 'unary', from, to, op: this.src(op), operand: this.expr(operand) };
      }
      case 'BinaryExpression': {
        const children = childList(node);
        const op = children
          .slice(1, -1)
          .map(c => this.src(c))
          .join(' ');
        return { kind: 'binary', from, to, op, left: this.expr(children[0]), right: this.expr(children[children.length - 1]) };
      }
      case 'ConditionalExpression': {
        const [then, , test, , otherwise] = childList(node);
        return { kind: 'conditional', from, to, then: this.expr(then), test: this.expr(test), otherwise: this.expr(otherwise) };
      }
      case 'LambdaExpression': {
        const params = child(node, 'ParamList');
        return { kind: 'lambda', from, to, params: params ? this.params(params) : null, body: this.expr(node.lastChild!) };
      }
      case 'MemberExpression': {
        // `a.b`, the common case, ends with its PropertyName: no float to look for.
        const last = node.lastChild;
        if (last?.name === 'PropertyName') return { kind: 'attribute', from, to, object: this.expr(node.firstChild!), name: this.src(last) };
        if (isTrailingDotFloat(node)) {
          // `255.`: digits and a dot (see isTrailingDotFloat).
          const digits = this.src(node.firstChild!).replace(/_/g, '');
          return /^\d+$/.test(digits)
            ? literal(from, to, { kind: 'float', value: Number(digits) })
            : { kind: 'unknownLiteral', from, to, what: 'string' };
        }
        const object = this.expr(node.firstChild!);
        const prop = child(node, 'PropertyName');
        if (prop) return { kind: 'attribute', from, to, object, name: this.src(prop) };
        const children = childList(node);
        const open = children.findIndex(c => c.name === '[');
        return { kind: 'subscript', from, to, object, items: this.indexItems(children.slice(open + 1, -1)) };
      }
      case 'CallExpression': {
        // A call ends with its ArgList: looked at first.
        const last = node.lastChild;
        const argList = last?.name === 'ArgList' ? last : child(node, 'ArgList');
        return { kind: 'call', from, to, callee: this.expr(node.firstChild!), args: argList ? this.args(argList) : [] };
      }
      default:
        return { kind: 'unsupported', from, to };
    }
  }

  /** The items of a tuple, list or set display: expressions and `*spread`s. */
  private displayItems(node: SyntaxNode): Item[] {
    const items: Item[] = [];
    const children = childList(node, DISPLAY_PUNCTUATION);
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (c.name === '*') {
        const value = children[++i];
        items.push({ kind: 'spread', ...span(value ?? c), value: this.expr(value) });
      } else items.push(this.expr(c));
    }
    return items;
  }

  /** The items of `t[a, b:c, ...]`: groups between commas, a group with a colon a slice. */
  private indexItems(nodes: SyntaxNode[]): IndexNode[] {
    const groups: SyntaxNode[][] = [[]];
    for (const n of nodes) {
      if (n.name === ',') groups.push([]);
      else groups[groups.length - 1].push(n);
    }
    const out: IndexNode[] = [];
    for (const g of groups) {
      if (!g.length) continue;
      const at = { from: g[0].from, to: g[g.length - 1].to };
      if (g.some(n => n.name === ':')) {
        const parts: Array<Expr | null> = [null, null, null];
        let part = 0;
        for (const n of g) {
          if (n.name === ':') part++;
          else if (part < 3) parts[part] = this.expr(n);
        }
        out.push({ kind: 'slice', ...at, start: parts[0], stop: parts[1], step: parts[2] });
      } else out.push({ kind: 'index', ...at, value: this.expr(g[0]) });
    }
    return out;
  }

  private comprehension(node: SyntaxNode): Expr & { kind: 'listComp' } {
    const children = childList(node).filter(c => !BRACKETS.has(c.name));
    return { kind: 'listComp', ...span(node), element: this.expr(children[0]), clauses: this.clauses(children.slice(1)) };
  }

  /** `{k: v for …}`: the key, the colon, the value, then the clauses. */
  private dictComprehension(node: SyntaxNode): Expr {
    const children = childList(node).filter(c => !BRACKETS.has(c.name));
    if (children[1]?.name !== ':') return { kind: 'unsupported', ...span(node) };
    return { kind: 'dictComp', ...span(node), key: this.expr(children[0]), value: this.expr(children[2]), clauses: this.clauses(children.slice(3)) };
  }

  private clauses(rest: SyntaxNode[]): ComprehensionClause[] {
    const clauses: ComprehensionClause[] = [];
    for (let i = 0; i < rest.length;) {
      if (rest[i].name === 'for') {
        const inAt = rest.findIndex((c, j) => j > i && c.name === 'in');
        if (inAt < 0) break;
        clauses.push({ kind: 'for', targets: this.targets(rest.slice(i + 1, inAt).filter(c => c.name !== ',')), iter: this.expr(rest[inAt + 1]) });
        i = inAt + 2;
      } else if (rest[i].name === 'if') {
        clauses.push({ kind: 'if', test: this.expr(rest[i + 1]) });
        i += 2;
      } else i++;
    }
    return clauses;
  }

  /** An f-string: its literal text read here, its fields lowered. */
  private formatString(node: SyntaxNode): Expr {
    const at = span(node);
    const text = this.src(node);
    const m = /^([rRfFbBuU]{1,3})('''|"""|'|")/.exec(text);
    if (!m) return { kind: 'unknownLiteral', ...at, what: 'fstring' };
    const raw = /r/i.test(m[1]);
    const close = text.length - m[2].length;
    const pieces: FormatPiece[] = [];
    let from = node.from + m[0].length;
    const literalTo = (to: number) => {
      const piece = this.text.slice(from, to).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      const parsed = raw ? str(piece) : parseString(`'${piece.replace(/'/g, "\\'")}'`);
      pieces.push(typeof parsed !== 'string' && parsed.kind === 'str' ? parsed.value : piece);
    };
    for (const field of childList(node)) {
      if (field.name !== 'FormatReplacement') continue;
      literalTo(field.from);
      const parts = childList(field);
      const expr = parts.find(c => !['{', '}', 'FormatSpec', 'FormatConversion', '='].includes(c.name));
      if (!expr) return { kind: 'unknownLiteral', ...at, what: 'fstring' };
      const spec = parts.find(c => c.name === 'FormatSpec');
      const conversion = parts.find(c => c.name === 'FormatConversion');
      pieces.push({
        expr: this.expr(expr),
        spec: spec ? this.src(spec).slice(1) : '',
        conversion: conversion ? this.src(conversion).slice(1) : '',
        from: field.from,
        to: field.to
      });
      from = field.to;
    }
    literalTo(node.from + close);
    return { kind: 'fstring', ...at, pieces };
  }
}

const TRUE: Value = { kind: 'bool', value: true };
const FALSE: Value = { kind: 'bool', value: false };

/** A literal's value, or the kind of literal the reader cannot know. */
function literal(from: number, to: number, value: Value | 'complex' | 'string'): Expr {
  return typeof value === 'string' ? { kind: 'unknownLiteral', from, to, what: value } : { kind: 'const', from, to, value };
}

/** A statement that is only a string literal (a docstring): it does nothing. */
function isDocstring(stmt: SyntaxNode): boolean {
  const only = stmt.firstChild;
  return !!only && !only.nextSibling && (only.name === 'String' || only.name === 'ContinuedString');
}

const BRACKETS = new Set(['[', ']', '{', '}']);
const DISPLAY_PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',']);

const ARG_PUNCTUATION = new Set(['(', ')', ',']);

/** A node's children, comments (and `skip`'s names) left out. */
function childList(node: SyntaxNode, skip?: ReadonlySet<string>): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment' && !skip?.has(c.name)) out.push(c);
  return out;
}

/** A node's first child named `name`, as lezer's getChild gives it, without the array getChild builds. */
function child(node: SyntaxNode, name: string): SyntaxNode | null {
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name === name) return c;
  return null;
}
