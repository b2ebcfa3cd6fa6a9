/**
 * A static reader of Python source: it walks the @lezer/python tree and follows the assignments,
 * calls and loops that build Keras models. It never evaluates or executes anything: every value it
 * knows is a literal, a Keras object it constructed itself, or `unknown`.
 */
import { parser } from '@lezer/python';
import type { SyntaxNode } from '@lezer/common';
import { AnalysisError, type Location, type Shape } from '../types';
import { describe, int, NONE, sequenceItems, str, truthy, unknown, type PyFunction, type Value } from './values';
import { resolveKeras, type KerasClass } from '../keras/symbols';
import { indexShape, tensorOpShape, type IndexItem } from './tensor-ops';
import { blankDeepNesting, MAX_BRACKET_DEPTH } from './nesting';
import { KerasSession, KTensor, Layer, Model, Node } from '../keras/objects';
import { constructLayer, toShape, type Arg, type CallArgs } from '../keras/construct';
import { MERGE_FUNCTIONS } from '../catalogue/merging';
import { broadcast } from '../keras/shape-math';
import { toSnakeCase } from '../keras/naming';
import { applications } from '../applications/hook';

/** Bounds that keep hostile input fast: loops, nesting and calls are cut off with a diagnostic. */
export const LIMITS = {
  loopIterations: 100_000,
  /** Expressions evaluated in one analysis (about a second of work at most). */
  totalSteps: 1_000_000,
  nesting: 400,
  callDepth: 40
};

type Signal = null | { kind: 'break' } | { kind: 'continue' } | { kind: 'return'; value: Value };

class Scope {
  readonly vars = new Map<string, Value>();
  constructor(readonly parent: Scope | null) {}
  lookup(name: string): Value | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }
}


const BUILTINS = new Set(['range', 'len', 'list', 'tuple', 'int', 'float', 'bool', 'str', 'enumerate', 'zip', 'min', 'max', 'sum', 'abs', 'reversed', 'print', 'isinstance', 'dict', 'round', 'sorted']);

/** What building one layer of a keras.applications model costs, in evaluation steps (a build takes ~20 µs a layer; charged more, so that a loop of them stops well within a second). */
const APPLICATION_STEPS_PER_LAYER = 100;

/** Thrown when an analysis has done its whole budget of work: it stops there, reported once. */
class BudgetExceeded extends AnalysisError {}

export class PythonReader {
  readonly globals = new Scope(null);
  private text = '';
  private cell: number | null = null;
  private lineStarts: number[] = [0];
  private depth = 0;
  private callDepth = 0;
  private steps = 0;
  /** Star imports (`from keras.layers import *`) make every catalogue class a bare name. */
  private starImports: string[] = [];

  constructor(readonly session: KerasSession) {}

  /** Reads one file or notebook cell. Problems become diagnostics; reading goes on with the next statement. */
  run(text: string, cell: number | null): void {
    if (this.steps > LIMITS.totalSteps) return;
    this.text = text;
    this.cell = cell;
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    const blanked = blankDeepNesting(text);
    for (const offset of blanked.offsets) {
      this.session.report('error', `brackets nested more than ${MAX_BRACKET_DEPTH} levels deep; this expression is not analysed`, this.loc(offset));
    }
    let script: SyntaxNode;
    try {
      script = parser.parse(blanked.text).topNode;
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      this.session.report('error', 'this source is too deeply structured to parse; it is not analysed', this.loc(0));
      return;
    }
    // Like Python, report the first syntax error of a cell; statements without errors are still read.
    let syntaxErrors = 0;
    let firstError: SyntaxNode | null = null;
    for (let stmt = script.firstChild; stmt; stmt = stmt.nextSibling) {
      const error = findError(stmt);
      if (error) {
        if (syntaxErrors++ === 0) firstError = error;
        continue;
      }
      try {
        const signal = this.exec(stmt, this.globals);
        if (signal) this.session.report('warning', `'${signal.kind}' outside of a loop or function is ignored`, this.loc(stmt.from));
      } catch (e) {
        this.handle(e, stmt);
        if (e instanceof BudgetExceeded) break;
      }
    }
    if (firstError) {
      const more = syntaxErrors > 1 ? ` (${syntaxErrors - 1} more statement${syntaxErrors > 2 ? 's' : ''} with syntax errors skipped)` : '';
      this.session.report('error', `syntax error: ${describeSyntaxError(blanked.text, firstError)}; this statement is skipped${more}`, this.loc(firstError.from));
    }
  }

  private handle(e: unknown, stmt: SyntaxNode): void {
    if (e instanceof AnalysisError) {
      this.session.report('error', e.message, e.location ?? this.loc(stmt.from));
      return;
    }
    if (e instanceof RangeError) {
      this.session.report('error', 'this statement is nested too deeply to analyse', this.loc(stmt.from));
      return;
    }
    throw e;
  }

  loc(offset: number): Location {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { cell: this.cell, line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }

  private src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  private tick(node: SyntaxNode): void {
    if (++this.steps > LIMITS.totalSteps) {
      throw new BudgetExceeded(
        `analysis stopped here after ${LIMITS.totalSteps.toLocaleString('en-US')} evaluation steps (a loop too long to follow?); what follows is not analysed`,
        this.loc(node.from)
      );
    }
  }

  // ---------------------------------------------------------------- statements

  private execBody(body: SyntaxNode, scope: Scope): Signal {
    for (let stmt = body.firstChild; stmt; stmt = stmt.nextSibling) {
      if (stmt.name === ':' || stmt.name === 'Comment') continue;
      let signal: Signal = null;
      try {
        signal = this.exec(stmt, scope);
      } catch (e) {
        if (e instanceof BudgetExceeded) throw e;
        if (scope !== this.globals && !(e instanceof AnalysisError)) throw e;
        this.handle(e, stmt);
      }
      if (signal) return signal;
    }
    return null;
  }

  private exec(stmt: SyntaxNode, scope: Scope): Signal {
    this.tick(stmt);
    switch (stmt.name) {
      case 'ImportStatement':
        this.execImport(stmt, scope);
        return null;
      case 'AssignStatement':
        this.execAssign(stmt, scope);
        return null;
      case 'UpdateStatement':
        this.execUpdate(stmt, scope);
        return null;
      case 'ExpressionStatement':
        if (stmt.firstChild) this.eval(stmt.firstChild, scope);
        return null;
      case 'ForStatement':
        return this.execFor(stmt, scope);
      case 'IfStatement':
        return this.execIf(stmt, scope);
      case 'WithStatement':
      case 'TryStatement': {
        const body = stmt.getChild('Body');
        return body ? this.execBody(body, scope) : null;
      }
      case 'FunctionDefinition':
        this.defineFunction(stmt, scope);
        return null;
      case 'DecoratedStatement': {
        const inner = stmt.lastChild;
        if (inner) return this.exec(inner, scope);
        return null;
      }
      case 'ClassDefinition': {
        const name = stmt.getChild('VariableName');
        if (name) scope.vars.set(this.src(name), { kind: 'userClass', name: this.src(name) });
        return null;
      }
      case 'ReturnStatement': {
        const expr = stmt.lastChild && stmt.lastChild.name !== 'return' ? stmt.lastChild : null;
        return { kind: 'return', value: expr ? this.eval(expr, scope) : NONE };
      }
      case 'BreakStatement':
        return { kind: 'break' };
      case 'ContinueStatement':
        return { kind: 'continue' };
      case 'WhileStatement':
        this.session.report('warning', "'while' loops are not followed statically; layers added inside are not counted", this.loc(stmt.from));
        return null;
      default:
        return null;
    }
  }

  private execImport(stmt: SyntaxNode, scope: Scope): void {
    const children = childList(stmt);
    if (children[0]?.name === 'from') {
      const importAt = children.findIndex(c => c.name === 'import');
      const module = children.slice(1, importAt).map(c => this.src(c)).join('');
      const rest = children.slice(importAt + 1).filter(c => c.name !== '(' && c.name !== ')');
      for (let i = 0; i < rest.length; i++) {
        const c = rest[i];
        if (c.name === '*') {
          this.starImports.push(module);
          continue;
        }
        if (c.name !== 'VariableName') continue;
        const name = this.src(c);
        let alias = name;
        if (rest[i + 1]?.name === 'as') {
          alias = this.src(rest[i + 2]);
          i += 2;
        }
        scope.vars.set(alias, this.moduleMember(`${module}.${name}`));
      }
      return;
    }
    // import a.b.c [as x], d
    let i = 1;
    while (i < children.length) {
      const parts: string[] = [];
      while (i < children.length && (children[i].name === 'VariableName' || children[i].name === '.')) {
        if (children[i].name === 'VariableName') parts.push(this.src(children[i]));
        i++;
      }
      if (children[i]?.name === 'as') {
        scope.vars.set(this.src(children[i + 1]), this.moduleMember(parts.join('.')));
        i += 2;
      } else if (parts.length) {
        scope.vars.set(parts[0], { kind: 'module', path: parts[0] });
      }
      i++;
    }
  }

  /** The value of `module.member`: a Keras class, a module, or an unknown attribute. */
  private moduleMember(path: string): Value {
    const cls = resolveKeras(path);
    if (cls) return { kind: 'kerasClass', cls };
    return { kind: 'module', path };
  }

  private execAssign(stmt: SyntaxNode, scope: Scope): void {
    const children = childList(stmt);
    const ops = children.map((c, i) => (c.name === 'AssignOp' ? i : -1)).filter(i => i >= 0);
    if (!ops.length) return;
    const lastOp = ops[ops.length - 1];
    const valueNodes = children.slice(lastOp + 1).filter(c => c.name !== ',');
    const value = valueNodes.length === 1 ? this.eval(valueNodes[0], scope) : { kind: 'tuple' as const, items: valueNodes.map(n => this.eval(n, scope)) };
    let start = 0;
    for (const op of ops) {
      // `x: int = 3` has a TypeDef beside its target: not a target itself.
      const targets = children.slice(start, op).filter(c => c.name !== ',' && c.name !== 'TypeDef');
      this.assignTargets(targets, value, scope);
      start = op + 1;
    }
  }

  private assignTargets(targets: SyntaxNode[], value: Value, scope: Scope): void {
    if (targets.length === 1) this.assign(targets[0], value, scope);
    else this.unpack(targets, value, scope, targets[0]);
  }

  private unpack(targets: SyntaxNode[], value: Value, scope: Scope, at: SyntaxNode): void {
    let items = sequenceItems(value);
    if (value.kind === 'unknown') items = targets.map(() => value);
    if (!items) {
      throw new AnalysisError(`cannot unpack ${describe(value)} into ${targets.length} names`, this.loc(at.from));
    }
    const star = targets.findIndex(t => t.name === 'StarExpression' || this.src(t).startsWith('*'));
    if (star < 0 && items.length !== targets.length) {
      throw new AnalysisError(`cannot unpack ${items.length} values into ${targets.length} names`, this.loc(at.from));
    }
    targets.forEach((t, i) => this.assign(t, items![i] ?? unknown('not enough values to unpack'), scope));
  }

  private assign(target: SyntaxNode, value: Value, scope: Scope): void {
    switch (target.name) {
      case 'VariableName': {
        const name = this.src(target);
        scope.vars.set(name, value);
        if (scope === this.globals && value.kind === 'model' && value.model.variable === null) value.model.variable = name;
        return;
      }
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'ParenthesizedExpression': {
        const inner = childList(target).filter(c => !['(', ')', '[', ']', ','].includes(c.name));
        if (target.name === 'ParenthesizedExpression' && inner.length === 1) return this.assign(inner[0], value, scope);
        return this.unpack(inner, value, scope, target);
      }
      case 'MemberExpression': {
        const prop = target.getChild('PropertyName');
        if (prop && this.src(prop) === 'trainable') {
          const owner = this.eval(target.firstChild!, scope);
          const flag = truthy(value);
          if ((owner.kind === 'layer' || owner.kind === 'model') && flag !== null) {
            setTrainable(owner.kind === 'layer' ? owner.layer : owner.model, flag);
          }
        }
        return;
      }
      default:
        return;
    }
  }

  private execUpdate(stmt: SyntaxNode, scope: Scope): void {
    const [target, op, expr] = childList(stmt);
    if (!target || !op || !expr || target.name !== 'VariableName') return;
    const current = this.eval(target, scope);
    const value = this.binary(this.src(op).slice(0, -1), current, this.eval(expr, scope), stmt);
    scope.vars.set(this.src(target), value);
  }

  private execFor(stmt: SyntaxNode, scope: Scope): Signal {
    const children = childList(stmt);
    const inAt = children.findIndex(c => c.name === 'in');
    const targets = children.slice(1, inAt).filter(c => c.name !== ',');
    const iterNodes = children.slice(inAt + 1).filter(c => c.name !== 'Body' && c.name !== ',' && c.name !== 'else');
    const body = stmt.getChild('Body');
    if (!body || !iterNodes.length) return null;
    const iterable = iterNodes.length === 1 ? this.eval(iterNodes[0], scope) : { kind: 'tuple' as const, items: iterNodes.map(n => this.eval(n, scope)) };
    const items = this.iterate(iterable, iterNodes[0]);
    let count = 0;
    for (const item of items) {
      if (++count > LIMITS.loopIterations) {
        this.session.report('error', `loop stopped after ${LIMITS.loopIterations.toLocaleString('en-US')} iterations; the model may be incomplete`, this.loc(stmt.from));
        break;
      }
      this.assignTargets(targets, item, scope);
      const signal = this.execBody(body, scope);
      if (signal?.kind === 'break') break;
      if (signal?.kind === 'return') return signal;
    }
    return null;
  }

  /** The items of an iterable value, lazily for `range`. */
  private *iterate(value: Value, at: SyntaxNode): Generator<Value> {
    if (value.kind === 'builtin' && value.name.startsWith('range:')) {
      const [start, stop, step] = value.name.slice(6).split(',').map(BigInt);
      for (let i = start; step > 0n ? i < stop : i > stop; i += step) yield int(i);
      return;
    }
    const items = sequenceItems(value);
    if (items) {
      yield* [...items];
      return;
    }
    if (value.kind === 'dict') {
      yield* value.entries.map(e => e[0]);
      return;
    }
    if (value.kind === 'str') {
      yield* [...value.value].map(str);
      return;
    }
    throw new AnalysisError(`cannot loop over ${describe(value)} statically${value.kind === 'unknown' ? ` (${value.why})` : ''}; layers added in this loop are not counted`, this.loc(at.from));
  }

  private execIf(stmt: SyntaxNode, scope: Scope): Signal {
    const children = childList(stmt);
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (c.name === 'if' || c.name === 'elif') {
        const cond = this.eval(children[i + 1], scope);
        const t = truthy(cond);
        const body = children[i + 2];
        if (t === null) {
          this.session.report('warning', `condition \`${this.src(children[i + 1]).slice(0, 60)}\` is not known statically; its first branch is assumed`, this.loc(children[i + 1].from));
          return this.execBody(body, scope);
        }
        if (t) return this.execBody(body, scope);
        i += 2;
      } else if (c.name === 'else') {
        return this.execBody(children[i + 1], scope);
      }
    }
    return null;
  }

  private defineFunction(stmt: SyntaxNode, scope: Scope): void {
    const name = stmt.getChild('VariableName');
    const paramList = stmt.getChild('ParamList');
    const body = stmt.getChild('Body');
    if (!name || !paramList || !body) return;
    scope.vars.set(this.src(name), { kind: 'function', fn: this.makeFunction(this.src(name), paramList, body, false, scope) });
  }

  private makeFunction(name: string, paramList: SyntaxNode, body: SyntaxNode, isLambda: boolean, scope: Scope): PyFunction {
    const params: PyFunction['params'] = [];
    const children = childList(paramList);
    let star: '' | '*' | '**' = '';
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (c.name === '*' || c.name === '**') star = c.name;
      else if (c.name === 'VariableName') {
        let defaultValue: Value | null = null;
        if (children[i + 1]?.name === 'AssignOp') {
          defaultValue = this.eval(children[i + 2], scope);
          i += 2;
        } else if (children[i + 1]?.name === 'TypeDef' && children[i + 2]?.name === 'AssignOp') {
          defaultValue = this.eval(children[i + 3], scope);
          i += 3;
        }
        params.push({ name: this.src(c), defaultValue, star });
        star = '';
      }
    }
    return { name, params, body, isLambda, closure: scope, cell: this.cell };
  }

  // ---------------------------------------------------------------- expressions

  eval(node: SyntaxNode, scope: Scope): Value {
    this.tick(node);
    if (++this.depth > LIMITS.nesting) {
      this.depth = 0;
      throw new AnalysisError(`expression nested more than ${LIMITS.nesting} levels deep; it is not analysed`, this.loc(node.from));
    }
    try {
      return this.evalNode(node, scope);
    } finally {
      this.depth--;
    }
  }

  private evalNode(node: SyntaxNode, scope: Scope): Value {
    switch (node.name) {
      case 'Number':
        return parseNumber(this.src(node));
      case 'String':
        return parseString(this.src(node));
      case 'ContinuedString': {
        const parts = childList(node).map(c => parseString(this.src(c)));
        return parts.every(p => p.kind === 'str') ? str(parts.map(p => (p as { value: string }).value).join('')) : unknown('an f-string');
      }
      case 'FormatString':
        return unknown('an f-string');
      case 'Boolean':
        return { kind: 'bool', value: this.src(node) === 'True' };
      case 'None':
        return NONE;
      case 'Ellipsis':
        return unknown('...');
      case 'VariableName':
        return this.lookup(this.src(node), node, scope);
      case 'ParenthesizedExpression': {
        const inner = childList(node).filter(c => c.name !== '(' && c.name !== ')');
        return inner.length === 1 ? this.eval(inner[0], scope) : unknown('an expression');
      }
      case 'TupleExpression':
      case 'ArrayExpression':
        return { kind: node.name === 'TupleExpression' ? 'tuple' : 'list', items: this.evalItems(node, scope) };
      case 'DictionaryExpression': {
        const inner = childList(node).filter(c => !['{', '}', ',', ':'].includes(c.name));
        const entries: Array<[Value, Value]> = [];
        for (let i = 0; i + 1 < inner.length; i += 2) entries.push([this.eval(inner[i], scope), this.eval(inner[i + 1], scope)]);
        return { kind: 'dict', entries };
      }
      case 'ArrayComprehensionExpression':
        return this.comprehension(node, scope);
      case 'UnaryExpression':
        return this.unary(node, scope);
      case 'BinaryExpression':
        return this.binaryExpression(node, scope);
      case 'ConditionalExpression': {
        const [then, , cond, , otherwise] = childList(node);
        const t = truthy(this.eval(cond, scope));
        if (t === null) return unknown(`the condition \`${this.src(cond).slice(0, 40)}\` is not known statically`);
        return this.eval(t ? then : otherwise, scope);
      }
      case 'LambdaExpression': {
        const params = node.getChild('ParamList');
        const body = node.lastChild!;
        if (!params) return { kind: 'function', fn: { name: '<lambda>', params: [], body, isLambda: true, closure: scope, cell: this.cell } };
        return { kind: 'function', fn: this.makeFunction('<lambda>', params, body, true, scope) };
      }
      case 'MemberExpression':
        return this.member(node, scope);
      case 'CallExpression':
        return this.call(node, scope);
      default:
        return unknown(`\`${this.src(node).slice(0, 40)}\` is not followed statically`);
    }
  }

  private evalItems(node: SyntaxNode, scope: Scope): Value[] {
    const out: Value[] = [];
    const children = childList(node).filter(c => !['(', ')', '[', ']', ','].includes(c.name));
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (c.name === '*') {
        const spread = sequenceItems(this.eval(children[++i], scope));
        if (spread) out.push(...spread);
        else out.push(unknown('a starred expression'));
      } else out.push(this.eval(c, scope));
    }
    return out;
  }

  private comprehension(node: SyntaxNode, scope: Scope): Value {
    const children = childList(node).filter(c => c.name !== '[' && c.name !== ']');
    const element = children[0];
    const local = new Scope(scope);
    const out: Value[] = [];
    const clauses = children.slice(1);
    const run = (i: number): void => {
      if (i >= clauses.length) {
        out.push(this.eval(element, local));
        return;
      }
      if (clauses[i].name === 'for') {
        const inAt = clauses.findIndex((c, j) => j > i && c.name === 'in');
        const targets = clauses.slice(i + 1, inAt).filter(c => c.name !== ',');
        const iterable = this.eval(clauses[inAt + 1], local);
        let count = 0;
        for (const item of this.iterate(iterable, clauses[inAt + 1])) {
          if (++count > LIMITS.loopIterations) throw new AnalysisError(`comprehension stopped after ${LIMITS.loopIterations} items`, this.loc(node.from));
          this.assignTargets(targets, item, local);
          run(inAt + 2);
        }
      } else if (clauses[i].name === 'if') {
        const t = truthy(this.eval(clauses[i + 1], local));
        if (t !== false) run(i + 2);
      } else run(i + 1);
    };
    run(0);
    return { kind: 'list', items: out };
  }

  private lookup(name: string, node: SyntaxNode, scope: Scope): Value {
    const v = scope.lookup(name);
    if (v !== undefined) return v;
    if (BUILTINS.has(name)) return { kind: 'builtin', name };
    for (const module of this.starImports) {
      const cls = resolveKeras(`${module}.${name}`);
      if (cls) return { kind: 'kerasClass', cls };
    }
    const guess = resolveKeras(`keras.layers.${name}`) ?? resolveKeras(`keras.${name}`);
    if (guess && guess.kind !== 'unknownLayer') {
      this.session.report('warning', `name '${name}' is not imported; read as keras.${guess.kind === 'layer' || guess.kind === 'mergeFunction' || guess.kind === 'inputLayer' ? 'layers.' : ''}${name}`, this.loc(node.from));
      return { kind: 'kerasClass', cls: guess };
    }
    return unknown(`'${name}' is not defined in the analysed source`);
  }

  private unary(node: SyntaxNode, scope: Scope): Value {
    const [op, operand] = childList(node);
    const v = this.eval(operand, scope);
    const o = this.src(op);
    if (o === 'not') {
      const t = truthy(v);
      return t === null ? unknown('not of an unknown value') : { kind: 'bool', value: !t };
    }
    if (v.kind === 'int') return o === '-' ? int(-v.value) : o === '~' ? int(~v.value) : v;
    if (v.kind === 'float') return o === '-' ? { kind: 'float', value: -v.value } : v;
    if (v.kind === 'bool') return int(o === '-' ? -BigInt(v.value) : BigInt(v.value));
    if (v.kind === 'tensor') return this.tensorOp('negative', [v.tensor], v.tensor.shape, node);
    return unknown(`${o} of ${describe(v)}`);
  }

  private binaryExpression(node: SyntaxNode, scope: Scope): Value {
    const children = childList(node);
    const left = children[0];
    const right = children[children.length - 1];
    const op = children.slice(1, -1).map(c => this.src(c)).join(' ');
    if (op === 'and' || op === 'or') {
      const l = this.eval(left, scope);
      const t = truthy(l);
      if (t === null) return unknown(`\`${this.src(node).slice(0, 40)}\``);
      return (op === 'and') === t ? this.eval(right, scope) : l;
    }
    return this.binary(op, this.eval(left, scope), this.eval(right, scope), node);
  }

  private binary(op: string, a: Value, b: Value, node: SyntaxNode): Value {
    if (a.kind === 'tensor' || b.kind === 'tensor') {
      const ta = a.kind === 'tensor' ? a.tensor : null;
      const tb = b.kind === 'tensor' ? b.tensor : null;
      const shapes = [ta?.shape, tb?.shape].filter((s): s is Shape | null => s !== undefined);
      let shape: Shape | null = null;
      if (shapes.every(s => s !== null) && ['+', '-', '*', '/', '//', '%', '**'].includes(op)) {
        shape = shapes.reduce((acc, s) => broadcast(acc as Shape, s as Shape)) as Shape;
      }
      return this.tensorOp(op, [ta, tb].filter((t): t is KTensor => t !== null), shape, node);
    }
    const num = (v: Value): bigint | number | null =>
      v.kind === 'int' ? v.value : v.kind === 'float' ? v.value : v.kind === 'bool' ? BigInt(v.value) : null;
    const x = num(a);
    const y = num(b);
    if (x !== null && y !== null) return arithmetic(op, x, y, node, this);
    if (op === '+' && a.kind === 'str' && b.kind === 'str') return str(a.value + b.value);
    if (op === '+' && (a.kind === 'list' || a.kind === 'tuple') && a.kind === b.kind) return { kind: a.kind, items: [...a.items, ...b.items] };
    if (op === '*' && (a.kind === 'list' || a.kind === 'tuple') && b.kind === 'int') {
      if (b.value > BigInt(LIMITS.loopIterations)) throw new AnalysisError('sequence repetition too large', this.loc(node.from));
      const items: Value[] = [];
      for (let i = 0n; i < b.value; i++) items.push(...a.items);
      return { kind: a.kind, items };
    }
    if (op === '==' || op === '!=') {
      const eq = equalValues(a, b);
      if (eq !== null) return { kind: 'bool', value: op === '==' ? eq : !eq };
    }
    if (op === 'is' || op === 'is not') {
      if (a.kind === 'none' || b.kind === 'none') {
        if (a.kind === 'unknown' || b.kind === 'unknown') return unknown('identity of an unknown value');
        const same = a.kind === b.kind;
        return { kind: 'bool', value: op === 'is' ? same : !same };
      }
    }
    if (op === 'in' || op === 'not in') {
      const items = sequenceItems(b);
      if (items) {
        const found = items.some(i => equalValues(a, i) === true);
        return { kind: 'bool', value: op === 'in' ? found : !found };
      }
    }
    return unknown(`\`${this.src(node).slice(0, 40)}\` is not known statically`);
  }

  /** An operation on symbolic tensors (keras ops, `x + y`): an op node, not a layer row. */
  /**
   * An operation on symbolic tensors (`x + y`, `ops.mean(x)`). Keras 3 makes it a named op that is no
   * summary row (it still uses up a name); Keras 2 wraps it in a TFOpLambda layer that is one.
   */
  private tensorOp(op: string, inputs: KTensor[], shape: Shape | null, node: SyntaxNode): Value {
    const names = OPERATOR_NAMES[op] ?? [op.split('.').pop()!, tfSymbol(op)];
    const v2 = this.session.version === 2;
    const layer = v2
      ? new Layer('TFOpLambda', null, this.session.names.next(names[1]), null, this.loc(node.from))
      : new Layer('Operation', null, this.session.names.next(toSnakeCase(names[0])), null, this.loc(node.from));
    layer.isOperation = !v2;
    layer.weights = { keras: [], cudnn: [], declared: 'keras', dualBias: null };
    if (v2 && shape) layer.customOutputs = () => [shape];
    const op2 = layer;
    const n = new Node(op2, inputs);
    n.outputs.push(new KTensor(shape, n, 0));
    op2.nodes.push(n);
    return { kind: 'tensor', tensor: n.outputs[0] };
  }

  private member(node: SyntaxNode, scope: Scope): Value {
    const object = this.eval(node.firstChild!, scope);
    const prop = node.getChild('PropertyName');
    if (prop) return this.attribute(object, this.src(prop), node);
    const children = childList(node);
    const open = children.findIndex(c => c.name === '[');
    if (object.kind === 'tensor') {
      const items = this.indexItems(children.slice(open + 1, -1), scope);
      const shape = items && object.tensor.shape ? indexShape(object.tensor.shape, items) : null;
      return this.tensorOp('getitem', [object.tensor], shape, node);
    }
    const indexNodes = children.slice(open + 1, -1).filter(c => c.name !== ',');
    if (indexNodes.length !== 1 || childList(node).some(c => c.name === ':')) {
      if (object.kind === 'unknown') return object;
      return unknown(`the slice \`${this.src(node).slice(0, 40)}\``);
    }
    const index = this.eval(indexNodes[0], scope);
    return this.subscript(object, index, node);
  }

  /** The index items of `t[a, b:c, ..., None]`, or null when one is not known statically. */
  private indexItems(nodes: SyntaxNode[], scope: Scope): IndexItem[] | null {
    const groups: SyntaxNode[][] = [[]];
    for (const n of nodes) {
      if (n.name === ',') groups.push([]);
      else groups[groups.length - 1].push(n);
    }
    const items: IndexItem[] = [];
    const asInt = (n: SyntaxNode | undefined): bigint | null | false => {
      if (!n) return null;
      const v = this.eval(n, scope);
      return v.kind === 'int' ? v.value : v.kind === 'none' ? null : false;
    };
    for (const g of groups) {
      if (!g.length) continue;
      if (g.some(n => n.name === ':')) {
        const parts: Array<SyntaxNode | undefined> = [undefined, undefined, undefined];
        let part = 0;
        for (const n of g) {
          if (n.name === ':') part++;
          else parts[part] = n;
        }
        const [start, stop, step] = parts.map(asInt);
        if (start === false || stop === false || step === false) return null;
        items.push({ kind: 'slice', start, stop, step });
      } else if (g[0].name === 'Ellipsis') items.push({ kind: 'ellipsis' });
      else {
        const v = this.eval(g[0], scope);
        if (v.kind === 'none') items.push({ kind: 'newaxis' });
        else if (v.kind === 'int') items.push({ kind: 'int', value: v.value });
        else return null;
      }
    }
    return items;
  }

  private subscript(object: Value, index: Value, node: SyntaxNode): Value {
    if (object.kind === 'unknown') return object;
    const items = sequenceItems(object);
    if (items && index.kind === 'int') {
      const i = Number(index.value < 0n ? BigInt(items.length) + index.value : index.value);
      if (i < 0 || i >= items.length) throw new AnalysisError(`index ${index.value} is out of range for ${describe(object)}`, this.loc(node.from));
      return items[i];
    }
    if (object.kind === 'dict') {
      const hit = object.entries.find(e => equalValues(e[0], index) === true);
      if (hit) return hit[1];
    }
    if (object.kind === 'tensor') return this.tensorOp('getitem', [object.tensor], null, node);
    return unknown(`\`${this.src(node).slice(0, 40)}\` is not known statically`);
  }

  private attribute(object: Value, name: string, node: SyntaxNode): Value {
    switch (object.kind) {
      case 'module': {
        const path = `${object.path}.${name}`;
        const cls = resolveKeras(path);
        return cls ? { kind: 'kerasClass', cls } : { kind: 'module', path };
      }
      case 'model':
      case 'layer': {
        const layer = object.kind === 'model' ? object.model : object.layer;
        return this.layerAttribute(layer, name, node);
      }
      case 'tensor':
        if (name === 'shape') return shapeValue(object.tensor.shape);
        return unknown(`the tensor attribute .${name}`);
      case 'list':
      case 'tuple':
      case 'dict':
      case 'str':
        return { kind: 'builtin', name: `method:${name}`, owner: object };
      case 'unknown':
        return object;
      default:
        return unknown(`\`${this.src(node).slice(0, 40)}\``);
    }
  }

  private layerAttribute(layer: Layer, name: string, node: SyntaxNode): Value {
    const tensorsOf = (which: 'inputs' | 'outputs'): KTensor[] => {
      if (layer instanceof Model) return which === 'inputs' ? layer.inputs : layer.outputs;
      const n = layer.nodes[0];
      if (!n) throw new AnalysisError(`layer '${layer.name}' has not been called yet, so it has no ${which}`, this.loc(node.from));
      return which === 'inputs' ? n.inputs : n.outputs;
    };
    const one = (ts: KTensor[]): Value => (ts.length === 1 ? { kind: 'tensor', tensor: ts[0] } : { kind: 'list', items: ts.map(t => ({ kind: 'tensor', tensor: t }) as Value) });
    switch (name) {
      case 'name':
        return str(layer.name);
      case 'trainable':
        return { kind: 'bool', value: layer.trainable };
      case 'input':
        return one(tensorsOf('inputs'));
      case 'output':
        return one(tensorsOf('outputs'));
      case 'inputs':
        return { kind: 'list', items: tensorsOf('inputs').map(t => ({ kind: 'tensor', tensor: t }) as Value) };
      case 'outputs':
        return { kind: 'list', items: tensorsOf('outputs').map(t => ({ kind: 'tensor', tensor: t }) as Value) };
      case 'layers':
        if (layer instanceof Model) return { kind: 'list', items: layer.rows.map(layerValue) };
        return unknown('.layers of a layer');
      case 'output_shape': {
        const ts = tensorsOf('outputs');
        return ts.length === 1 ? shapeValue(ts[0].shape) : { kind: 'list', items: ts.map(t => shapeValue(t.shape)) };
      }
      default:
        return { kind: 'builtin', name: `method:${name}`, owner: layerValue(layer) };
    }
  }

  // ---------------------------------------------------------------- calls

  private callArgs(argList: SyntaxNode, scope: Scope): CallArgs {
    const positional: Arg[] = [];
    const keywords = new Map<string, Arg>();
    const children = childList(argList).filter(c => c.name !== '(' && c.name !== ')' && c.name !== ',');
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (c.name === 'VariableName' && children[i + 1]?.name === 'AssignOp') {
        const valueNode = children[i + 2];
        keywords.set(this.src(c), { value: this.eval(valueNode, scope), location: this.loc(valueNode.from) });
        i += 2;
      } else if (c.name === '*' || c.name === '**') {
        const v = this.eval(children[++i], scope);
        if (c.name === '*' && sequenceItems(v)) for (const item of sequenceItems(v)!) positional.push({ value: item, location: this.loc(children[i].from) });
        else if (c.name === '**' && v.kind === 'dict') {
          for (const [k, val] of v.entries) if (k.kind === 'str') keywords.set(k.value, { value: val, location: this.loc(children[i].from) });
        } else {
          throw new AnalysisError(`\`${c.name}${this.src(children[i]).slice(0, 30)}\` cannot be expanded statically`, this.loc(children[i].from));
        }
      } else if (c.name === 'for' || c.name === 'ComprehensionExpression') {
        return { positional: [{ value: unknown('a generator expression'), location: this.loc(c.from) }], keywords };
      } else {
        positional.push({ value: this.eval(c, scope), location: this.loc(c.from) });
      }
    }
    return { positional, keywords };
  }

  private call(node: SyntaxNode, scope: Scope): Value {
    const calleeNode = node.firstChild!;
    const argList = node.getChild('ArgList');
    const callee = this.eval(calleeNode, scope);
    const args = argList ? this.callArgs(argList, scope) : { positional: [], keywords: new Map() };
    return this.apply(callee, args, node, calleeNode);
  }

  private apply(callee: Value, args: CallArgs, node: SyntaxNode, calleeNode: SyntaxNode): Value {
    const location = this.loc(node.from);
    switch (callee.kind) {
      case 'kerasClass':
        return this.construct(callee.cls, args, node);
      case 'layer':
      case 'model':
        return this.callLayer(callee.kind === 'layer' ? callee.layer : callee.model, args, location);
      case 'function':
        return this.callFunction(callee.fn, args, node);
      case 'builtin':
        return this.builtin(callee, args, node);
      case 'userClass': {
        const layer = new Layer(callee.name, null, this.session.names.forClass(callee.name), null, location);
        const name = args.keywords.get('name')?.value;
        if (name?.kind === 'str') layer.name = name.value;
        this.session.report('warning', `${callee.name} is a custom class: its output shape and parameters are unknown`, location);
        return { kind: 'layer', layer };
      }
      case 'unknown':
        for (const a of [...args.positional, ...args.keywords.values()]) {
          if (a.value.kind === 'tensor') return this.tensorOp(this.src(calleeNode).slice(0, 40), [a.value.tensor], null, node);
        }
        return unknown(`\`${this.src(calleeNode).slice(0, 40)}(…)\` is not known statically`);
      case 'module': {
        const tensors: KTensor[] = [];
        for (const a of [...args.positional, ...args.keywords.values()]) tensors.push(...(tensorsIn(a.value) ?? []));
        if (!tensors.length) return unknown(`\`${callee.path}(…)\` is not followed statically`);
        const opArgs = { positional: args.positional.map(a => a.value), keywords: new Map([...args.keywords].map(([k, a]) => [k, a.value])) };
        const shape = tensorOpShape(callee.path, opArgs, v => (v?.kind === 'tensor' ? v.tensor.shape : null));
        if (shape === undefined) {
          this.session.report('warning', `\`${callee.path}\` on a symbolic tensor: its output shape is not inferred`, location);
        }
        return this.tensorOp(callee.path, tensors, shape ?? null, node);
      }
      default:
        throw new AnalysisError(`${describe(callee)} is not callable`, location);
    }
  }

  /** Constructs a Keras object: a layer, an Input, a Sequential or a functional Model. */
  private construct(cls: KerasClass, args: CallArgs, node: SyntaxNode): Value {
    const location = this.loc(node.from);
    switch (cls.kind) {
      case 'input':
        return this.input(args, location);
      case 'inputLayer': {
        const t = this.input(args, location, true);
        return { kind: 'layer', layer: (t as { tensor: KTensor }).tensor.node!.layer };
      }
      case 'sequential':
        return this.sequential(args, location);
      case 'model':
        return this.functional(args, location);
      case 'mergeFunction': {
        const className = MERGE_FUNCTIONS[cls.name];
        const inputs = args.positional[0] ?? args.keywords.get('inputs');
        const keywords = new Map(args.keywords);
        keywords.delete('inputs');
        const layer = this.newLayer({ ...cls, kind: 'layer', name: className }, { positional: args.positional.slice(1), keywords }, location);
        if (!inputs) throw new AnalysisError(`${cls.name}() needs a list of inputs`, location);
        return this.callLayer(layer, { positional: [inputs], keywords: new Map() }, location);
      }
      case 'application':
        return this.application(cls, args, location);
      case 'unknownLayer':
      case 'layer':
        return { kind: 'layer', layer: this.newLayer(cls, args, location) };
    }
  }

  /** keras.applications.<Name>(...): built by the application builders (applications/hook.ts) when installed. */
  private application(cls: KerasClass, args: CallArgs, location: Location): Value {
    const builders = applications();
    const built = builders ? builders.build(this.session, cls.name, args, location) : null;
    // Building is work the evaluation budget must see (a loop of ResNet50s): a share of it per layer built.
    this.steps += APPLICATION_STEPS_PER_LAYER * (built instanceof Model ? built.rows.length : 50);
    if (this.steps > LIMITS.totalSteps) {
      throw new BudgetExceeded(`analysis stopped here after ${LIMITS.totalSteps.toLocaleString('en-US')} evaluation steps (applications built in a loop?); what follows is not analysed`, location);
    }
    if (built instanceof Model) {
      this.session.models.push(built);
      return { kind: 'model', model: built };
    }
    // A failed build was reported where it failed; otherwise say why the application is not built.
    if (built !== 'failed') {
      const why = builders ? 'it is not a keras.applications model the engine knows' : 'the application builders are not loaded';
      this.session.report('warning', `${cls.path}: ${why}; its parameters are unknown`, location);
    }
    return { kind: 'layer', layer: Object.assign(new Layer(cls.name, null, this.session.names.forClass(cls.name), null, location), { weights: null }) };
  }

  private newLayer(cls: KerasClass, args: CallArgs, location: Location): Layer {
    const layer = constructLayer(this.session, cls, args, location);
    const fn = layer.args?.raw('function');
    if (layer.className === 'Lambda' && fn?.kind === 'function' && !layer.args!.has('output_shape')) {
      layer.customOutputs = shapes => this.inferFunction(fn.fn, shapes, location);
    }
    return layer;
  }

  /** Keras runs a Lambda's function on symbolic tensors to learn its output shape; so does the reader. */
  private inferFunction(fn: PyFunction, shapes: Shape[], location: Location): Shape[] | null {
    const tensors: Value[] = shapes.map(s => ({ kind: 'tensor', tensor: new KTensor(s, null) }));
    const input = tensors.length === 1 ? tensors[0] : { kind: 'list' as const, items: tensors };
    const saved = this.session.diagnostics.length;
    try {
      const out = this.callFunction(fn, { positional: [{ value: input, location }], keywords: new Map() }, null);
      const result = tensorsIn(out);
      if (!result || result.some(t => t.shape === null)) return null;
      return result.map(t => t.shape!);
    } catch (e) {
      if (e instanceof BudgetExceeded) throw e;
      if (e instanceof AnalysisError) return null;
      throw e;
    } finally {
      this.session.diagnostics.length = saved;
    }
  }

  private input(args: CallArgs, location: Location, asLayer = false): Value {
    const v2 = this.session.version === 2;
    const order = asLayer
      ? v2 ? ['input_shape', 'batch_size', 'dtype', 'input_tensor', 'sparse', 'name'] : ['shape', 'batch_size', 'dtype', 'sparse', 'batch_shape', 'input_tensor', 'optional', 'name']
      : v2 ? ['shape', 'batch_size', 'name', 'dtype', 'sparse', 'tensor'] : ['shape', 'batch_size', 'dtype', 'sparse', 'batch_shape', 'name', 'tensor'];
    const kw = new Map<string, Value>();
    args.positional.forEach((a, i) => kw.set(order[i] ?? `#${i}`, a.value));
    for (const [k, a] of args.keywords) kw.set(k, a.value);
    const batchSize = kw.get('batch_size');
    const batch = batchSize?.kind === 'int' ? batchSize.value : null;
    let shape: Shape;
    const batchShape = kw.get('batch_shape') ?? kw.get('batch_input_shape');
    const plain = kw.get('shape') ?? kw.get('input_shape');
    if (batchShape && batchShape.kind !== 'none') shape = toShape(batchShape, 'batch_shape', location);
    else if (plain && plain.kind !== 'none') shape = [batch, ...toShape(plain, 'shape', location)];
    else throw new AnalysisError(`${asLayer ? 'InputLayer' : 'Input'}() needs a shape, e.g. keras.Input(shape=(28, 28, 1))`, location);
    const name = kw.get('name');
    return { kind: 'tensor', tensor: this.session.newInputLayer(shape, name?.kind === 'str' ? name.value : null, location) };
  }

  private sequential(args: CallArgs, location: Location): Value {
    const layersArg = args.positional[0]?.value ?? args.keywords.get('layers')?.value ?? NONE;
    const nameArg = args.positional[this.session.version === 2 ? 1 : 2]?.value ?? args.keywords.get('name')?.value;
    const model = new Model('sequential', 'Sequential', nameArg?.kind === 'str' ? nameArg.value : this.session.names.forClass('Sequential'), location);
    this.session.models.push(model);
    const trainable = args.keywords.get('trainable');
    if (layersArg.kind !== 'none') {
      const items = sequenceItems(layersArg);
      if (!items) throw new AnalysisError(`Sequential(layers) must be a list of layers, got ${describe(layersArg)}`, args.positional[0]?.location ?? location);
      for (const item of items) this.addToModel(model, item, location, false);
      try {
        this.session.maybeRebuild(model, location);
      } catch (e) {
        this.handleModelError(e, location);
      }
    }
    if (trainable && truthy(trainable.value) === false) setTrainable(model, false);
    return { kind: 'model', model };
  }

  private handleModelError(e: unknown, location: Location): void {
    if (e instanceof AnalysisError) this.session.report('error', e.message, e.location ?? location);
    else throw e;
  }

  private addToModel(model: Model, item: Value, location: Location, rebuild: boolean): void {
    let layer: Layer;
    if (item.kind === 'layer') layer = item.layer;
    else if (item.kind === 'model') layer = item.model;
    else if (item.kind === 'tensor' && item.tensor.node?.isInput) layer = item.tensor.node.layer;
    else {
      this.session.report('error', `only layers can be added to a Sequential model, got ${describe(item)}${item.kind === 'unknown' ? ` (${item.why})` : ''}`, location);
      return;
    }
    try {
      this.session.addToSequential(model, layer, location, rebuild);
    } catch (e) {
      this.handleModelError(e, location);
    }
  }

  private functional(args: CallArgs, location: Location): Value {
    const inputsArg = args.positional[0]?.value ?? args.keywords.get('inputs')?.value;
    const outputsArg = args.positional[1]?.value ?? args.keywords.get('outputs')?.value;
    const nameArg = args.positional[2]?.value ?? args.keywords.get('name')?.value;
    if (!inputsArg || !outputsArg) {
      throw new AnalysisError('subclassed keras.Model() without inputs and outputs is not analysed; pass inputs= and outputs=', location);
    }
    const name = nameArg?.kind === 'str' ? nameArg.value : this.session.names.forFunctional();
    const model = new Model('functional', 'Functional', name, location);
    const inputs = tensorsIn(inputsArg);
    const outputs = tensorsIn(outputsArg);
    if (!inputs || !outputs) {
      throw new AnalysisError(`Model(inputs, outputs) needs symbolic tensors; got ${describe(inputs ? outputsArg : inputsArg)}`, location);
    }
    this.session.buildFunctional(model, inputs, outputs, location);
    this.session.models.push(model);
    const trainable = args.keywords.get('trainable');
    if (trainable && truthy(trainable.value) === false) setTrainable(model, false);
    return { kind: 'model', model };
  }

  /** Calls a layer or model on symbolic tensors, as Layer.__call__ does. */
  private callLayer(layer: Layer, args: CallArgs, location: Location): Value {
    const first = args.positional[0]?.value ?? args.keywords.get('inputs')?.value;
    if (!first) throw new AnalysisError(`${layer.name} was called without inputs`, location);
    const style = layer.spec?.callStyle ?? 'single';
    let inputs: KTensor[] | null;
    if (style === 'attention') {
      const q = args.positional[0]?.value ?? args.keywords.get('query')?.value;
      const v = args.positional[1]?.value ?? args.keywords.get('value')?.value;
      const k = args.positional[2]?.value ?? args.keywords.get('key')?.value;
      inputs = [q, v, k].filter((x): x is Value => x !== undefined && x.kind !== 'none').map(x => (x.kind === 'tensor' ? x.tensor : null)).filter((t): t is KTensor => t !== null);
      if (inputs.length < 2) throw new AnalysisError(`${layer.name} (${layer.className}) needs a query and a value tensor`, location);
    } else {
      inputs = tensorsIn(first);
      if (!inputs) {
        throw new AnalysisError(
          `${layer.name} (${layer.className}) was called on ${describe(first)}${first.kind === 'unknown' ? ` (${first.why})` : ''}, not on a symbolic tensor`,
          location
        );
      }
    }
    // Keras' Node records every tensor in the call's arguments (keyword ones sorted by name).
    const graphInputs: KTensor[] = [];
    for (const a of args.positional) graphInputs.push(...(tensorsIn(a.value) ?? []));
    for (const key of [...args.keywords.keys()].sort()) graphInputs.push(...(tensorsIn(args.keywords.get(key)!.value) ?? []));
    const callArgs = new Map<string, Value>();
    for (const [k, a] of args.keywords) callArgs.set(k, a.value);
    const result = this.session.call(layer, inputs, callArgs, location, graphInputs);
    if (!result.multi) return { kind: 'tensor', tensor: result.tensors[0] };
    return { kind: 'list', items: result.tensors.map(t => ({ kind: 'tensor', tensor: t }) as Value) };
  }

  private callFunction(fn: PyFunction, args: CallArgs, node: SyntaxNode | null): Value {
    const at = () => (node ? this.loc(node.from) : null);
    if (this.callDepth >= LIMITS.callDepth) throw new AnalysisError(`calls nested more than ${LIMITS.callDepth} deep (recursion?) are not followed`, at());
    const local = new Scope(fn.closure as Scope);
    const positional = [...args.positional];
    for (const p of fn.params) {
      if (p.star === '*') {
        local.vars.set(p.name, { kind: 'tuple', items: positional.splice(0).map(a => a.value) });
      } else if (p.star === '**') {
        local.vars.set(p.name, { kind: 'dict', entries: [...args.keywords].map(([k, a]) => [str(k), a.value] as [Value, Value]) });
      } else {
        const a = positional.shift() ?? args.keywords.get(p.name);
        if (a) local.vars.set(p.name, a.value);
        else if (p.defaultValue) local.vars.set(p.name, p.defaultValue);
        else throw new AnalysisError(`${fn.name}() is missing its argument '${p.name}'`, at());
      }
    }
    const saved = { text: this.text, cell: this.cell, lineStarts: this.lineStarts };
    this.callDepth++;
    try {
      if (fn.isLambda) return this.eval(fn.body as SyntaxNode, local);
      const signal = this.execBody(fn.body as SyntaxNode, local);
      return signal?.kind === 'return' ? signal.value : NONE;
    } finally {
      this.callDepth--;
      Object.assign(this, saved);
    }
  }

  private builtin(callee: Value & { kind: 'builtin' }, args: CallArgs, node: SyntaxNode): Value {
    const location = this.loc(node.from);
    const a = args.positional.map(x => x.value);
    const owner = callee.owner;
    if (callee.name.startsWith('method:')) return this.method(callee.name.slice(7), owner, args, node);
    switch (callee.name) {
      case 'range': {
        const ints = a.map(v => (v.kind === 'int' ? v.value : null));
        if (ints.some(i => i === null) || !ints.length || ints.length > 3) return unknown('range() of unknown bounds');
        const [start, stop, step] = ints.length === 1 ? [0n, ints[0]!, 1n] : [ints[0]!, ints[1]!, ints[2] ?? 1n];
        if (step === 0n) throw new AnalysisError('range() step must not be zero', location);
        return { kind: 'builtin', name: `range:${start},${stop},${step}` };
      }
      case 'len': {
        const items = sequenceItems(a[0] ?? NONE);
        if (items) return int(items.length);
        if (a[0]?.kind === 'str') return int(a[0].value.length);
        if (a[0]?.kind === 'builtin' && a[0].name.startsWith('range:')) {
          const [s, e, st] = a[0].name.slice(6).split(',').map(BigInt);
          const n = (e - s + st - (st > 0n ? 1n : -1n)) / st;
          return int(n > 0n ? n : 0n);
        }
        return unknown('len() of an unknown value');
      }
      case 'list':
      case 'tuple': {
        if (!a.length) return { kind: callee.name, items: [] };
        try {
          return { kind: callee.name, items: [...this.iterate(a[0], node)] };
        } catch {
          return unknown(`${callee.name}() of ${describe(a[0])}`);
        }
      }
      case 'int': {
        const v = a[0];
        if (v?.kind === 'int') return v;
        if (v?.kind === 'float' && Number.isFinite(v.value)) return int(BigInt(Math.trunc(v.value)));
        if (v?.kind === 'bool') return int(v.value ? 1 : 0);
        if (v?.kind === 'str' && /^\s*-?\d+\s*$/.test(v.value)) return int(BigInt(v.value.trim()));
        return unknown('int() of an unknown value');
      }
      case 'float': {
        const v = a[0];
        if (v?.kind === 'int') return { kind: 'float', value: Number(v.value) };
        if (v?.kind === 'float') return v;
        return unknown('float() of an unknown value');
      }
      case 'bool': {
        const t = a[0] ? truthy(a[0]) : false;
        return t === null ? unknown('bool() of an unknown value') : { kind: 'bool', value: t };
      }
      case 'str':
        return a[0]?.kind === 'str' ? a[0] : a[0]?.kind === 'int' ? str(a[0].value.toString()) : unknown('str() of a value');
      case 'enumerate': {
        try {
          const items = [...this.iterate(a[0] ?? NONE, node)];
          return { kind: 'list', items: items.map((v, i) => ({ kind: 'tuple', items: [int(i), v] }) as Value) };
        } catch {
          return unknown('enumerate() of an unknown value');
        }
      }
      case 'zip': {
        try {
          const lists = a.map(v => [...this.iterate(v, node)]);
          const n = Math.min(...lists.map(l => l.length));
          return { kind: 'list', items: Array.from({ length: n }, (_, i) => ({ kind: 'tuple', items: lists.map(l => l[i]) }) as Value) };
        } catch {
          return unknown('zip() of unknown values');
        }
      }
      case 'min':
      case 'max':
      case 'sum': {
        const items = a.length === 1 ? sequenceItems(a[0]) : a;
        if (!items || !items.length || !items.every(i => i.kind === 'int')) return unknown(`${callee.name}() of unknown values`);
        const ns = items.map(i => (i as { value: bigint }).value);
        if (callee.name === 'sum') return int(ns.reduce((x, y) => x + y, 0n));
        return int(ns.reduce((x, y) => ((callee.name === 'min' ? y < x : y > x) ? y : x)));
      }
      case 'abs':
        return a[0]?.kind === 'int' ? int(a[0].value < 0n ? -a[0].value : a[0].value) : a[0]?.kind === 'float' ? { kind: 'float', value: Math.abs(a[0].value) } : unknown('abs()');
      case 'reversed': {
        const items = sequenceItems(a[0] ?? NONE);
        return items ? { kind: 'list', items: [...items].reverse() } : unknown('reversed()');
      }
      case 'round':
        return a[0]?.kind === 'float' ? int(BigInt(Math.round(a[0].value))) : a[0] ?? unknown('round()');
      case 'print':
      case 'isinstance':
      case 'sorted':
      case 'dict':
        return unknown(`${callee.name}()`);
      default:
        return unknown(`${callee.name}()`);
    }
  }

  /** Methods on models (`add`, `build`, `pop`, `get_layer`) and on lists (`append`, `extend`). */
  private method(name: string, owner: Value | undefined, args: CallArgs, node: SyntaxNode): Value {
    const location = this.loc(node.from);
    const a = args.positional.map(x => x.value);
    if (owner?.kind === 'list') {
      if (name === 'append' && a[0]) owner.items.push(a[0]);
      else if (name === 'extend' && a[0]) owner.items.push(...(sequenceItems(a[0]) ?? []));
      else if (name === 'insert' && a[0]?.kind === 'int' && a[1]) owner.items.splice(Number(a[0].value), 0, a[1]);
      else if (name === 'pop') return owner.items.pop() ?? NONE;
      return NONE;
    }
    if (owner?.kind === 'dict' && name === 'get') {
      const hit = owner.entries.find(e => equalValues(e[0], a[0] ?? NONE) === true);
      return hit ? hit[1] : (a[1] ?? NONE);
    }
    if (owner?.kind === 'model') {
      const model = owner.model;
      switch (name) {
        case 'add':
          if (model.kind !== 'sequential') throw new AnalysisError(`${model.name} is a functional model; add() works on Sequential models only`, location);
          if (!a[0]) throw new AnalysisError('add() needs a layer', location);
          this.addToModel(model, a[0], location, true);
          return NONE;
        case 'pop':
          if (model.kind === 'sequential' && model.rows.length) {
            const removed = model.stack.pop()!;
            model.stackNames.delete(removed.name);
            this.session.maybeRebuild(model, location);
            return layerValue(removed);
          }
          return NONE;
        case 'build': {
          const shapeArg = a[0] ?? args.keywords.get('input_shape')?.value;
          if (!shapeArg) throw new AnalysisError('build() needs an input shape', location);
          if (model.kind === 'sequential') {
            const shape = toShape(shapeArg, 'input_shape', location);
            if (model.stack[0]?.isInputLayer) {
              this.session.buildSequential(model, shape, location);
            } else this.session.buildSequential(model, shape, location);
          }
          return NONE;
        }
        case 'get_layer': {
          const key = a[0] ?? args.keywords.get('name')?.value ?? args.keywords.get('index')?.value;
          const rows = model.rows;
          const hit = key?.kind === 'str' ? rows.find(l => l.name === key.value) : key?.kind === 'int' ? rows[Number(key.value)] : undefined;
          if (!hit) throw new AnalysisError(`${model.name} has no layer ${describe(key ?? NONE)}`, location);
          return layerValue(hit);
        }
        default:
          return NONE; // summary(), compile(), fit(), …: no effect on the architecture
      }
    }
    return unknown(`.${name}() is not followed statically`);
  }
}

// -------------------------------------------------------------------- helpers

function childList(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

function findError(node: SyntaxNode): SyntaxNode | null {
  if (node.type.isError) return node;
  const cursor = node.cursor();
  do {
    if (cursor.type.isError) return cursor.node;
  } while (cursor.next() && cursor.from <= node.to && cursor.from >= node.from);
  return null;
}

function describeSyntaxError(text: string, error: SyntaxNode): string {
  const near = text.slice(error.from, Math.max(error.to, error.from + 1)).replace(/\s+/g, ' ').trim();
  return near ? `unexpected \`${near.slice(0, 20)}\`` : error.from >= text.length ? 'unexpected end of input' : 'invalid syntax';
}

function parseNumber(text: string): Value {
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) return unknown('a complex number');
  if (/^0[xX][0-9a-fA-F]+$/.test(t) || /^0[oO][0-7]+$/.test(t) || /^0[bB][01]+$/.test(t)) return int(BigInt(t));
  if (/^\d+$/.test(t)) return int(BigInt(t));
  return { kind: 'float', value: Number(t) };
}

function parseString(text: string): Value {
  const m = /^([rRbBuU]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(text);
  if (!m) return unknown('a string');
  const raw = m[1].toLowerCase().includes('r');
  const body = m[3];
  if (raw) return str(body);
  return str(
    body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|n|t|r|\\|'|"|\n|0)/g, (_, e: string) => {
      if (e[0] === 'x' || e[0] === 'u') return String.fromCharCode(parseInt(e.slice(1), 16));
      return ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '', '0': '\0' } as Record<string, string>)[e];
    })
  );
}

/** Integers past this many bits are refused: exact counts never need them, and they cost memory. */
const MAX_INT_BITS = 4096n;
const INT_LIMIT = 1n << MAX_INT_BITS;

function arithmetic(op: string, x: bigint | number, y: bigint | number, node: SyntaxNode, reader: PythonReader): Value {
  const at = () => reader.loc(node.from);
  const result = integerArithmetic(op, x, y, at);
  if (result.kind === 'int' && (result.value >= INT_LIMIT || result.value <= -INT_LIMIT)) {
    throw new AnalysisError(`integer result larger than 2**${MAX_INT_BITS}; not analysed`, at());
  }
  return result;
}

function integerArithmetic(op: string, x: bigint | number, y: bigint | number, at: () => Location): Value {
  if (typeof x === 'bigint' && typeof y === 'bigint') {
    switch (op) {
      case '+': return int(x + y);
      case '-': return int(x - y);
      case '*': return int(x * y);
      case '//':
      case '%': {
        if (y === 0n) throw new AnalysisError('integer division by zero', at());
        const q = x / y;
        const floor = x % y !== 0n && (x < 0n) !== (y < 0n) ? q - 1n : q;
        return int(op === '//' ? floor : x - floor * y);
      }
      case '/':
        if (y === 0n) throw new AnalysisError('division by zero', at());
        return { kind: 'float', value: Number(x) / Number(y) };
      case '**':
        if (y < 0n) return { kind: 'float', value: Number(x) ** Number(y) };
        if (y > MAX_INT_BITS || (x !== 0n && x !== 1n && x !== -1n && BigInt(x.toString(2).length) * y > MAX_INT_BITS + 64n)) {
          throw new AnalysisError(`the power ${String(x).slice(0, 20)}**${y} is larger than 2**${MAX_INT_BITS}; not analysed`, at());
        }
        return int(x ** y);
      case '<<':
        if (y > MAX_INT_BITS) throw new AnalysisError(`shift larger than ${MAX_INT_BITS} bits; not analysed`, at());
        return int(x << y);
      case '>>': return int(x >> y);
      case '&': return int(x & y);
      case '|': return int(x | y);
      case '^': return int(x ^ y);
    }
  }
  const a = Number(x);
  const b = Number(y);
  switch (op) {
    case '+': return { kind: 'float', value: a + b };
    case '-': return { kind: 'float', value: a - b };
    case '*': return { kind: 'float', value: a * b };
    case '/':
      if (b === 0) throw new AnalysisError('division by zero', at());
      return { kind: 'float', value: a / b };
    case '//': return { kind: 'float', value: Math.floor(a / b) };
    case '%': return { kind: 'float', value: a - Math.floor(a / b) * b };
    case '**': return { kind: 'float', value: a ** b };
    case '<': return { kind: 'bool', value: a < b };
    case '>': return { kind: 'bool', value: a > b };
    case '<=': return { kind: 'bool', value: a <= b };
    case '>=': return { kind: 'bool', value: a >= b };
    case '==': return { kind: 'bool', value: a === b };
    case '!=': return { kind: 'bool', value: a !== b };
  }
  return unknown(`the operator ${op}`);
}

function equalValues(a: Value, b: Value): boolean | null {
  if (a.kind === 'unknown' || b.kind === 'unknown') return null;
  if ((a.kind === 'int' || a.kind === 'float' || a.kind === 'bool') && (b.kind === 'int' || b.kind === 'float' || b.kind === 'bool')) {
    const num = (v: Value) => (v.kind === 'bool' ? Number(v.value) : Number((v as { value: bigint | number }).value));
    if (a.kind === 'int' && b.kind === 'int') return a.value === b.value;
    return num(a) === num(b);
  }
  if (a.kind === 'str' && b.kind === 'str') return a.value === b.value;
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind;
  return null;
}

function shapeValue(shape: Shape | null): Value {
  if (!shape) return unknown('an unknown shape');
  return { kind: 'tuple', items: shape.map(d => (d === null ? NONE : int(d))) };
}

function layerValue(layer: Layer): Value {
  return layer instanceof Model ? { kind: 'model', model: layer } : { kind: 'layer', layer };
}

/** The symbolic tensors in a value: a tensor, or a list/tuple/dict of them. */
function tensorsIn(v: Value): KTensor[] | null {
  if (v.kind === 'tensor') return [v.tensor];
  // Like keras' tree.flatten, dict values come in sorted key order.
  const items = sequenceItems(v) ?? (v.kind === 'dict' ? sortedEntries(v.entries).map(e => e[1]) : null);
  if (!items || !items.length) return null;
  const out: KTensor[] = [];
  for (const item of items) {
    const inner = tensorsIn(item);
    if (!inner) return null;
    out.push(...inner);
  }
  return out;
}

/** Operator → [Keras 3 op name, tf.keras TFOpLambda symbol]. */
const OPERATOR_NAMES: Record<string, [string, string]> = {
  '+': ['add', 'tf.__operators__.add'],
  '-': ['subtract', 'tf.math.subtract'],
  '*': ['multiply', 'tf.math.multiply'],
  '/': ['true_divide', 'tf.math.truediv'],
  '//': ['floor_divide', 'tf.math.floordiv'],
  '**': ['power', 'tf.math.pow'],
  '%': ['mod', 'tf.math.floormod'],
  '@': ['matmul', 'tf.linalg.matmul'],
  negative: ['negative', 'tf.math.negative'],
  getitem: ['get_item', 'tf.__operators__.getitem']
};

const TF_MATH = new Set(['reduce_mean', 'reduce_sum', 'reduce_max', 'reduce_min', 'reduce_prod', 'square', 'sqrt', 'exp', 'log', 'abs', 'add', 'multiply', 'subtract', 'divide', 'maximum', 'minimum', 'sigmoid', 'tanh', 'pow', 'negative', 'rsqrt']);

/** The TFOpLambda symbol tf.keras gives a TensorFlow function (`tf.math.reduce_mean`). */
function tfSymbol(path: string): string {
  const rest = path.replace(/^(tensorflow|tf)\./, '');
  const last = rest.split('.').pop()!;
  return rest.includes('.') ? `tf.${rest}` : TF_MATH.has(last) ? `tf.math.${last}` : `tf.${last}`;
}

function sortedEntries(entries: Array<[Value, Value]>): Array<[Value, Value]> {
  const key = (v: Value) => (v.kind === 'str' ? v.value : describe(v));
  return [...entries].sort((a, b) => (key(a[0]) < key(b[0]) ? -1 : key(a[0]) > key(b[0]) ? 1 : 0));
}

/** Keras' `trainable` setter reaches every sublayer. */
export function setTrainable(layer: Layer, flag: boolean): void {
  layer.trainable = flag;
  if (layer instanceof Model) for (const l of layer.rows) setTrainable(l, flag);
  for (const inner of layer.inner.values()) setTrainable(inner, flag);
}

