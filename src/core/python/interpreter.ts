/**
 * A static reader of Python source: it walks the @lezer/python tree and follows the assignments,
 * calls and loops that build Keras models. It never evaluates or executes anything: every value it
 * knows is a literal, a Keras object it constructed itself, or `unknown`.
 */
import { parser } from '@lezer/python';
import { NodeType, Tree, type SyntaxNode } from '@lezer/common';
import { AnalysisError, type ILocation } from '../types';
import {
  describe,
  fromConfig,
  int,
  NONE,
  rangeLength,
  sequenceItems,
  str,
  toConfig,
  truthy,
  unknown,
  type IPyClass,
  type IPyFunction,
  type Value
} from './values';
import type { ConfigValue } from '../config/value';
import { resolveKeras, type IKerasClass } from '../keras/symbols';
import { indexShape, type IndexItem } from '../keras/tensor-ops';
import { blankDeepNesting, MAX_BRACKET_DEPTH } from './nesting';
import type { KerasSession, Layer } from '../keras/objects';
import type { ICallArgs } from '../keras/construct';
import { KerasRuntime, shapeValue, type IPythonHost } from '../keras/runtime';
import { CustomClasses, type IHostClass } from '../keras/custom-classes';
import { BUILTINS, BUILTINS_WITH_KEYWORDS, sequence, VALUE_CAPS, type IBuiltinContext, type IPyArg, type IPyArgs } from './builtins';
import { array, arrayAttribute, arrayMethod, libraryFunction } from './library';
import { checkIndentation } from './indentation';
import { fromKernel, type KernelValue } from './kernel';
import { compactSource, sourceOffset, type ICompacted } from './compact';

/** Bounds that keep hostile input fast: loops, nesting and calls are cut off with a diagnostic. */
export const LIMITS = {
  loopIterations: 100_000,
  /** Expressions evaluated in one analysis (about a second of work at most). */
  totalSteps: 1_000_000,
  /**
   * Elements and characters built, copied or compared in one analysis (list and string operations,
   * `list(range(…))`, `zip`, `sorted`, …): cheap each, but bounded in total (well under a second).
   */
  totalWork: 50_000_000,
  /**
   * Elements of list, tuple and dict displays kept in one analysis. Past it a display is not built but
   * is unknown with the reason, and reading goes on: a script of data literals (tens of MB) costs bounded
   * memory, and the model after them is still read.
   */
  heldElements: 2_000_000,
  nesting: 400,
  callDepth: 40
};

type Signal = null | { kind: 'break' } | { kind: 'continue' } | { kind: 'return'; value: Value };

class Scope {
  readonly vars = new Map<string, Value>();
  /** Set on a class body's scope: functions defined there are its methods. */
  classOf: IPyClass | null = null;
  constructor(readonly parent: Scope | null) {}
  lookup(name: string): Value | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }
}

/** What building one layer of a keras.applications model costs, in evaluation steps (a build takes ~20 µs a layer; charged more, so that a loop of them stops well within a second). */
const APPLICATION_STEPS_PER_LAYER = 100;

/** Thrown when an analysis has done its whole budget of work: it stops there, reported once. */
class BudgetExceeded extends AnalysisError {}

export class PythonReader {
  readonly globals = new Scope(null);
  private text = '';
  private compact: ICompacted = { text: '', compactStarts: [0], sourceStarts: [0] };
  private cell: number | null = null;
  private lineStarts: number[] = [0];
  private depth = 0;
  private callDepth = 0;
  private steps = 0;
  private work = 0;
  /** Elements of the list, tuple and dict displays built so far (LIMITS.heldElements). */
  private held = 0;
  /** Star imports (`from keras.layers import *`) make every catalogue class a bare name. */
  private starImports: string[] = [];

  readonly runtime: KerasRuntime;
  /** What Keras does with objects of classes written in Python (derived from a Keras class). */
  private readonly classes: CustomClasses;
  /** The attributes Python code set on Keras objects (their `__dict__`: `self.dense = Dense(4)` in a custom layer). */
  private readonly hostAttrs = new Map<Layer, Map<string, Value>>();

  constructor(
    readonly session: KerasSession,
    private readonly kernelValues: Map<string, KernelValue> | undefined = undefined
  ) {
    const host: IPythonHost = {
      callFunction: (fn, args) => {
        const f = fromConfig(fn);
        return f.kind === 'function' ? toConfig(this.callFunction(f.fn, pythonArgs(args), null)) : unknown(describe(f));
      },
      defines: (cls, name) => classAttr(cls.ref as IPyClass, name)?.kind === 'function',
      callMethod: (cls, name, self, args) => {
        const m = classAttr(cls.ref as IPyClass, name);
        if (m?.kind !== 'function') return unknown(`${cls.name}.${name}`);
        const py = pythonArgs(args);
        return toConfig(
          this.callFunction(m.fn, { positional: [{ value: fromConfig(self), location: null }, ...py.positional], keywords: py.keywords }, null)
        );
      },
      attributes: obj => [...(this.hostAttrs.get(obj)?.values() ?? [])].map(toConfig),
      fatal: e => e instanceof BudgetExceeded,
      chargeLayers: (layers, location) => this.chargeLayers(layers, location)
    };
    this.runtime = new KerasRuntime(session, host);
    this.classes = new CustomClasses(this.runtime, session, host);
  }

  /** Reads one file or notebook cell. Problems become diagnostics; reading goes on with the next statement. */
  run(text: string, cell: number | null): void {
    if (this.steps > LIMITS.totalSteps) return;
    this.cell = cell;
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    // Offsets in the syntax tree are offsets in the compacted text; loc() maps them back.
    this.compact = compactSource(text);
    this.text = this.compact.text;
    const blanked = blankDeepNesting(this.text);
    for (const offset of blanked.offsets) {
      this.session.report('error', `brackets nested more than ${MAX_BRACKET_DEPTH} levels deep; this expression is not analysed`, this.loc(offset));
    }
    const tabError = checkIndentation(blanked.text);
    if (tabError !== null) {
      this.session.report('error', 'TabError: inconsistent use of tabs and spaces in indentation; this source is not analysed', this.loc(tabError));
      return;
    }
    // Like Python, report the first syntax error of a cell; statements without errors are still read.
    let syntaxErrors = 0;
    let firstError: SyntaxNode | null = null;
    let stopped = false;
    for (const stmt of topLevelStatements(blanked.text)) {
      if (stmt === 'too deep') {
        this.session.report('error', 'this source is too deeply structured to parse; it is not analysed', this.loc(0));
        return;
      }
      if (stopped || stmt.name === 'Comment') continue;
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
        if (e instanceof BudgetExceeded) stopped = true;
      }
      if (stopped) break;
    }
    if (firstError) {
      const more = syntaxErrors > 1 ? ` (${syntaxErrors - 1} more statement${syntaxErrors > 2 ? 's' : ''} with syntax errors skipped)` : '';
      this.session.report(
        'error',
        `syntax error: ${describeSyntaxError(blanked.text, firstError)}; this statement is skipped${more}`,
        this.loc(firstError.from)
      );
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

  loc(compactOffset: number): ILocation {
    const offset = sourceOffset(this.compact, compactOffset);
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

  /** A data literal past LIMITS.heldElements: unknown, so memory stays bounded (said once per analysis). */
  private notHeld(): Value {
    return unknown(`data literals past ${LIMITS.heldElements.toLocaleString('en-US')} elements in one analysis are not kept (a memory cap)`);
  }

  /** Charges the work of building or walking `cost` items (elements, characters) to the budget. */
  private charge(cost: number, node: SyntaxNode): void {
    this.work += cost;
    if (this.work > LIMITS.totalWork) {
      this.steps = LIMITS.totalSteps + 1;
      throw new BudgetExceeded(
        `analysis stopped here after ${LIMITS.totalWork.toLocaleString('en-US')} units of work on lists and strings; what follows is not analysed`,
        this.loc(node.from)
      );
    }
  }

  /** Building a keras.applications model is work the evaluation budget must see (a loop of ResNet50s). */
  private chargeLayers(layers: number, location: ILocation | null): void {
    this.steps += APPLICATION_STEPS_PER_LAYER * layers;
    if (this.steps > LIMITS.totalSteps) {
      throw new BudgetExceeded(
        `analysis stopped here after ${LIMITS.totalSteps.toLocaleString('en-US')} evaluation steps (applications built in a loop?); what follows is not analysed`,
        location
      );
    }
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
    // Comments and docstrings cost nothing: a file of a million comment lines still reaches its model.
    if (stmt.name === 'Comment' || (stmt.name === 'ExpressionStatement' && isDocstring(stmt))) return null;
    this.tick(stmt);
    switch (stmt.name) {
      case 'StatementGroup': {
        // `a = 1; b = 2`: each statement in turn, as Python runs them.
        for (let inner = stmt.firstChild; inner; inner = inner.nextSibling) {
          if (inner.name === ';') continue;
          const signal = this.exec(inner, scope);
          if (signal) return signal;
        }
        return null;
      }
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
      case 'ClassDefinition':
        this.defineClass(stmt, scope);
        return null;
      case 'ReturnStatement': {
        const expr = stmt.lastChild && stmt.lastChild.name !== 'return' ? stmt.lastChild : null;
        return { kind: 'return', value: expr ? this.eval(expr, scope) : NONE };
      }
      case 'BreakStatement':
        return { kind: 'break' };
      case 'ContinueStatement':
        return { kind: 'continue' };
      case 'WhileStatement':
        return this.execWhile(stmt, scope);
      default:
        return null;
    }
  }

  private execImport(stmt: SyntaxNode, scope: Scope): void {
    const children = childList(stmt);
    if (children[0]?.name === 'from') {
      const importAt = children.findIndex(c => c.name === 'import');
      const module = children
        .slice(1, importAt)
        .map(c => this.src(c))
        .join('');
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
    const value =
      valueNodes.length === 1 ? this.eval(valueNodes[0], scope) : { kind: 'tuple' as const, items: valueNodes.map(n => this.eval(n, scope)) };
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
        const owner = this.eval(target.firstChild!, scope);
        if (prop) return this.setAttribute(owner, this.src(prop), value);
        const children = childList(target);
        const open = children.findIndex(c => c.name === '[');
        const inside = children.slice(open + 1, -1).filter(c => c.name !== ',');
        if (owner.kind !== 'list' && owner.kind !== 'dict') return;
        const index = inside.length === 1 && !children.some(c => c.name === ':') ? this.eval(inside[0], scope) : null;
        if (owner.kind === 'dict' && index && index.kind !== 'unknown') {
          const hit = owner.entries.find(e => equalValues(e[0], index) === true);
          if (hit) hit[1] = value;
          else owner.entries.push([index, value]);
          return;
        }
        if (owner.kind === 'list' && index?.kind === 'int') {
          const at = Number(index.value < 0n ? BigInt(owner.items.length) + index.value : index.value);
          if (at < 0 || at >= owner.items.length) throw new AnalysisError('list assignment index out of range', this.loc(target.from));
          owner.items[at] = value;
          return;
        }
        poison(owner, `\`${this.src(target).slice(0, 40)}\` was assigned at an index not known statically`);
        return;
      }
      default:
        return;
    }
  }

  private execUpdate(stmt: SyntaxNode, scope: Scope): void {
    const [target, op, expr] = childList(stmt);
    if (!target || !op || !expr) return;
    const current = this.eval(target, scope);
    const operand = this.eval(expr, scope);
    const operator = this.src(op).slice(0, -1);
    // `layers += [...]` extends the list in place: every name bound to it sees the new items.
    if (operator === '+' && current.kind === 'list') {
      const more = this.itemsOf(operand);
      if (more) this.grow(current, more, stmt);
      else poison(current, `a list extended by ${describe(operand)}`);
      return;
    }
    this.assign(target, this.binary(operator, current, operand, stmt), scope);
  }

  /** `obj.name = value`: on instances and classes; on Keras objects, a property Keras takes (`trainable`) or an attribute Python keeps. */
  private setAttribute(owner: Value, name: string, value: Value): void {
    if (owner.kind === 'instance') owner.attrs.set(name, value);
    else if (owner.kind === 'userClass') owner.cls.attrs.set(name, value);
    else if (owner.kind === 'layer' || owner.kind === 'model') {
      const layer = owner.kind === 'layer' ? owner.layer : owner.model;
      if (this.classes.setAttribute(layer, name, toConfig(value))) return;
      let attrs = this.hostAttrs.get(layer);
      if (!attrs) this.hostAttrs.set(layer, (attrs = new Map()));
      attrs.set(name, value);
      this.classes.attributesChanged(layer);
    }
  }

  private execFor(stmt: SyntaxNode, scope: Scope): Signal {
    const children = childList(stmt);
    const inAt = children.findIndex(c => c.name === 'in');
    const targets = children.slice(1, inAt).filter(c => c.name !== ',');
    const iterNodes = children.slice(inAt + 1).filter(c => c.name !== 'Body' && c.name !== ',' && c.name !== 'else');
    const body = stmt.getChild('Body');
    if (!body || !iterNodes.length) return null;
    const iterable =
      iterNodes.length === 1 ? this.eval(iterNodes[0], scope) : { kind: 'tuple' as const, items: iterNodes.map(n => this.eval(n, scope)) };
    const items = this.iterate(iterable, iterNodes[0]);
    let count = 0;
    for (const item of items) {
      if (++count > LIMITS.loopIterations) {
        this.session.report(
          'error',
          `loop stopped after ${LIMITS.loopIterations.toLocaleString('en-US')} iterations; the model may be incomplete`,
          this.loc(stmt.from)
        );
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
    if (value.kind === 'range') {
      for (let i = value.start; value.step > 0n ? i < value.stop : i > value.stop; i += value.step) yield int(i);
      return;
    }
    if (value.kind === 'array' && value.shape && value.shape[0] !== null && value.shape[0] <= BigInt(LIMITS.loopIterations)) {
      for (let i = 0n; i < value.shape[0]; i++) yield array(value.shape.slice(1), value.dtype);
      return;
    }
    const items = this.itemsOf(value);
    if (items) {
      yield* [...items];
      return;
    }
    throw new AnalysisError(
      `cannot loop over ${describe(value)} statically${value.kind === 'unknown' ? ` (${value.why})` : ''}; layers added in this loop are not counted`,
      this.loc(at.from)
    );
  }

  /** `while cond:` with a condition known at every turn, within the loop limit. */
  private execWhile(stmt: SyntaxNode, scope: Scope): Signal {
    const children = childList(stmt);
    const cond = children[1];
    const body = stmt.getChild('Body');
    if (!cond || !body) return null;
    for (let count = 0; ; count++) {
      const t = truthy(this.eval(cond, scope));
      if (t === null) {
        this.session.report(
          'warning',
          `the condition of this 'while' loop (\`${this.src(cond).slice(0, 40)}\`) is not known statically; layers added inside are not counted`,
          this.loc(stmt.from)
        );
        return null;
      }
      if (!t) return null;
      if (count >= LIMITS.loopIterations) {
        this.session.report(
          'error',
          `loop stopped after ${LIMITS.loopIterations.toLocaleString('en-US')} iterations; the model may be incomplete`,
          this.loc(stmt.from)
        );
        return null;
      }
      const signal = this.execBody(body, scope);
      if (signal?.kind === 'break') return null;
      if (signal?.kind === 'return') return signal;
    }
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
          this.session.report(
            'warning',
            `condition \`${this.src(children[i + 1]).slice(0, 60)}\` is not known statically; its first branch is assumed`,
            this.loc(children[i + 1].from)
          );
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

  private makeFunction(name: string, paramList: SyntaxNode, body: SyntaxNode, isLambda: boolean, scope: Scope): IPyFunction {
    const params: IPyFunction['params'] = [];
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
    // A method's free names resolve past its class body (Python's scoping rule).
    let closure = scope;
    while (closure.classOf && closure.parent) closure = closure.parent;
    const source = { text: this.text, cell: this.cell, lineStarts: this.lineStarts, compact: this.compact };
    return { name, params, body, isLambda, closure, cell: this.cell, source, method: scope.classOf ?? undefined };
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
        const parts = childList(node).map(c => (c.name === 'FormatString' ? this.formatString(c, scope) : parseString(this.src(c))));
        const bad = parts.find(p => p.kind !== 'str');
        return bad ?? str(parts.map(p => (p as { value: string }).value).join(''));
      }
      case 'FormatString':
        return this.formatString(node, scope);
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
      case 'ArrayExpression': {
        if (this.held > LIMITS.heldElements) return this.notHeld();
        const items = this.evalItems(node, scope);
        this.held += items.length;
        return { kind: node.name === 'TupleExpression' ? 'tuple' : 'list', items };
      }
      case 'DictionaryExpression': {
        if (this.held > LIMITS.heldElements) return this.notHeld();
        const inner = childList(node).filter(c => !['{', '}', ',', ':'].includes(c.name));
        this.held += inner.length;
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

  /** An f-string whose fields are known: `f"block_{i}"`, `f"{n:03d}"`, `f"{name!r}"`. */
  private formatString(node: SyntaxNode, scope: Scope): Value {
    const text = this.src(node);
    const m = /^([rRfFbBuU]{1,3})('''|"""|'|")/.exec(text);
    if (!m) return unknown('an f-string');
    const raw = /r/i.test(m[1]);
    const open = m[0].length;
    const close = text.length - m[2].length;
    let out = '';
    let at = node.from + open;
    const literal = (to: number) => {
      const piece = this.text.slice(at, to).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      const parsed = raw ? str(piece) : parseString(`'${piece.replace(/'/g, "\\'")}'`);
      out += parsed.kind === 'str' ? parsed.value : piece;
    };
    for (const field of childList(node)) {
      if (field.name !== 'FormatReplacement') continue;
      literal(field.from);
      const parts = childList(field);
      const expr = parts.find(c => !['{', '}', 'FormatSpec', 'FormatConversion', '='].includes(c.name));
      if (!expr) return unknown('an f-string');
      const v = this.eval(expr, scope);
      const spec = parts.find(c => c.name === 'FormatSpec');
      const conversion = parts.find(c => c.name === 'FormatConversion');
      const piece = formatField(v, spec ? this.src(spec).slice(1) : '', conversion ? this.src(conversion).slice(1) : '');
      if (piece === null) return unknown(`the f-string field \`${this.src(field).slice(0, 30)}\`${v.kind === 'unknown' ? ` (${v.why})` : ''}`);
      out += piece;
      at = field.to;
    }
    literal(node.from + close);
    this.charge(out.length, node);
    return out.length > VALUE_CAPS.chars ? unknown('an f-string longer than the cap') : str(out);
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
          if (++count > LIMITS.loopIterations)
            throw new AnalysisError(`comprehension stopped after ${LIMITS.loopIterations} items`, this.loc(node.from));
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
    if (v !== undefined && (v.kind !== 'unknown' || !this.kernelValues?.has(name))) return v;
    const live = this.kernelValues?.get(name);
    if (live) return fromKernel(live);
    // The analysed file runs as the main module, as `python script.py` or a notebook does.
    if (name === '__name__') return str('__main__');
    if (BUILTINS.has(name)) return { kind: 'builtin', name };
    for (const module of this.starImports) {
      const cls = resolveKeras(`${module}.${name}`);
      if (cls) return { kind: 'kerasClass', cls };
    }
    const guess = resolveKeras(`keras.layers.${name}`) ?? resolveKeras(`keras.${name}`);
    if (guess && guess.kind !== 'unknownLayer') {
      this.session.report(
        'warning',
        `name '${name}' is not imported; read as keras.${guess.kind === 'layer' || guess.kind === 'mergeFunction' || guess.kind === 'inputLayer' ? 'layers.' : ''}${name}`,
        this.loc(node.from)
      );
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
    if (v.kind === 'tensor') return this.keras(this.runtime.tensorOp('negative', [v.tensor], v.tensor.shape, this.loc(node.from)));
    return unknown(`${o} of ${describe(v)}`);
  }

  private binaryExpression(node: SyntaxNode, scope: Scope): Value {
    const children = childList(node);
    const left = children[0];
    const right = children[children.length - 1];
    const op = children
      .slice(1, -1)
      .map(c => this.src(c))
      .join(' ');
    if (op === 'and' || op === 'or') {
      const l = this.eval(left, scope);
      const t = truthy(l);
      if (t === null) return unknown(`\`${this.src(node).slice(0, 40)}\``);
      return (op === 'and') === t ? this.eval(right, scope) : l;
    }
    return this.binary(op, this.eval(left, scope), this.eval(right, scope), node);
  }

  private binary(op: string, a: Value, b: Value, node: SyntaxNode): Value {
    if (a.kind === 'tensor' || b.kind === 'tensor') return this.keras(this.runtime.tensorBinary(op, toConfig(a), toConfig(b), this.loc(node.from)));
    const num = (v: Value): bigint | number | null =>
      v.kind === 'int' ? v.value : v.kind === 'float' ? v.value : v.kind === 'bool' ? BigInt(v.value) : null;
    const x = num(a);
    const y = num(b);
    if (x !== null && y !== null) return arithmetic(op, x, y, node, this);
    if (op === '+' && a.kind === 'str' && b.kind === 'str') {
      if (a.value.length + b.value.length > VALUE_CAPS.chars)
        return unknown(`a string longer than ${VALUE_CAPS.chars.toLocaleString('en-US')} characters`);
      this.charge(a.value.length + b.value.length, node);
      return str(a.value + b.value);
    }
    if (op === '+' && (a.kind === 'list' || a.kind === 'tuple') && a.kind === b.kind) {
      this.charge(a.items.length + b.items.length, node);
      return sequence(a.kind, [...a.items, ...b.items]);
    }
    if (op === '*' && (a.kind === 'int' || a.kind === 'bool') && (b.kind === 'list' || b.kind === 'tuple' || b.kind === 'str'))
      return this.binary(op, b, a, node);
    if (op === '*' && (a.kind === 'list' || a.kind === 'tuple' || a.kind === 'str') && (b.kind === 'int' || b.kind === 'bool')) {
      const times = b.kind === 'int' ? (b.value < 0n ? 0n : b.value) : BigInt(b.value);
      const size = BigInt(a.kind === 'str' ? a.value.length : a.items.length) * times;
      const cap = BigInt(a.kind === 'str' ? VALUE_CAPS.chars : VALUE_CAPS.items);
      if (size > cap)
        return unknown(
          `a ${a.kind} of ${size.toLocaleString('en-US')} ${a.kind === 'str' ? 'characters' : 'items'} (past the cap of ${cap.toLocaleString('en-US')})`
        );
      this.charge(Number(size), node);
      if (a.kind === 'str') return str(a.value.repeat(Number(times)));
      // `[Dense(1)] * 3` repeats the same layer object three times, as Python does.
      const items: Value[] = [];
      for (let i = 0n; i < times; i++) for (const x of a.items) items.push(x);
      return { kind: a.kind, items };
    }
    if ((op === '<' || op === '>' || op === '<=' || op === '>=') && a.kind === 'str' && b.kind === 'str') {
      this.charge(Math.min(a.value.length, b.value.length), node);
      const c = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      return { kind: 'bool', value: op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0 };
    }
    if (op === '==' || op === '!=') {
      if (a.kind === 'str' && b.kind === 'str') this.charge(Math.min(a.value.length, b.value.length), node);
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
    // Keep the first reason something is unknown: it is the one worth telling.
    if (a.kind === 'unknown') return a;
    if (b.kind === 'unknown') return b;
    return unknown(`\`${this.src(node).slice(0, 40)}\` is not known statically`);
  }

  private member(node: SyntaxNode, scope: Scope): Value {
    const object = this.eval(node.firstChild!, scope);
    const prop = node.getChild('PropertyName');
    if (prop) return this.attribute(object, this.src(prop), node);
    const children = childList(node);
    const open = children.findIndex(c => c.name === '[');
    const inside = children.slice(open + 1, -1);
    if (object.kind === 'tensor') {
      const items = this.indexItems(inside, scope);
      const shape = items && object.tensor.shape ? indexShape(object.tensor.shape, items) : null;
      return this.keras(this.runtime.tensorOp('getitem', [object.tensor], shape, this.loc(node.from)));
    }
    if (inside.some(c => c.name === ':')) return this.slice(object, inside, node, scope);
    const indexNodes = inside.filter(c => c.name !== ',');
    if (indexNodes.length !== 1) {
      if (object.kind === 'unknown') return object;
      if (object.kind === 'array') return array(null, object.dtype);
      return unknown(`the index \`${this.src(node).slice(0, 40)}\``);
    }
    const index = this.eval(indexNodes[0], scope);
    return this.subscript(object, index, node);
  }

  /** `items[a:b:c]` on a list, tuple, string or array (`x_train.shape[1:]`). */
  private slice(object: Value, inside: SyntaxNode[], node: SyntaxNode, scope: Scope): Value {
    if (object.kind === 'unknown') return object;
    const items = this.indexItems(inside, scope);
    const one = items?.length === 1 && items[0].kind === 'slice' ? items[0] : null;
    if (object.kind === 'array') {
      if (!items || !object.shape) return array(null, object.dtype);
      const shape = indexShape([...object.shape], items);
      return array(shape, object.dtype);
    }
    const seq = sequenceItems(object) ?? (object.kind === 'str' ? [...object.value] : null);
    if (!one || !seq) return unknown(`the slice \`${this.src(node).slice(0, 40)}\``);
    const n = BigInt(seq.length);
    const step = one.step ?? 1n;
    if (step === 0n) throw new AnalysisError('slice step cannot be zero', this.loc(node.from));
    const clamp = (v: bigint | null, dflt: bigint, lo: bigint, hi: bigint) => {
      if (v === null) return dflt;
      const x = v < 0n ? v + n : v;
      return x < lo ? lo : x > hi ? hi : x;
    };
    const out: Array<Value | string> = [];
    if (step > 0n) for (let i = clamp(one.start, 0n, 0n, n); i < clamp(one.stop, n, 0n, n); i += step) out.push(seq[Number(i)]);
    else for (let i = clamp(one.start, n - 1n, -1n, n - 1n); i > clamp(one.stop, -1n, -1n, n - 1n); i += step) out.push(seq[Number(i)]);
    this.charge(out.length, node);
    if (object.kind === 'str') return str(out.join(''));
    return { kind: object.kind as 'list' | 'tuple', items: out as Value[] };
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
    if (index.kind === 'unknown') return unknown(`\`${this.src(node).slice(0, 40)}\`: its index is not known statically (${index.why})`);
    const items = sequenceItems(object) ?? (object.kind === 'str' ? [...object.value].map(str) : null);
    const i = index.kind === 'int' ? index.value : index.kind === 'bool' ? BigInt(index.value) : null;
    if (items && i !== null) {
      const at = Number(i < 0n ? BigInt(items.length) + i : i);
      if (at < 0 || at >= items.length) throw new AnalysisError(`index ${i} is out of range for ${describe(object)}`, this.loc(node.from));
      return items[at];
    }
    if (object.kind === 'range' && i !== null) {
      const n = rangeLength(object);
      const at = i < 0n ? n + i : i;
      if (at < 0n || at >= n) throw new AnalysisError(`range index ${i} out of range`, this.loc(node.from));
      return int(object.start + at * object.step);
    }
    if (object.kind === 'dict') {
      const hit = object.entries.find(e => equalValues(e[0], index) === true);
      if (hit) return hit[1];
      if (object.entries.every(e => equalValues(e[0], index) === false)) throw new AnalysisError(`KeyError: ${describe(index)}`, this.loc(node.from));
    }
    if (object.kind === 'array') return array(object.shape && i !== null ? object.shape.slice(1) : null, object.dtype);
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
        const own = this.hostAttrs.get(layer)?.get(name);
        if (own !== undefined) return own;
        const cls = this.classes.classOf(layer);
        const found = cls ? classAttr(cls.ref as IPyClass, name) : undefined;
        if (found?.kind === 'function') return { kind: 'bound', fn: found.fn, self: object };
        if (found !== undefined) return found;
        const attr = this.runtime.attribute(layer, name, this.loc(node.from));
        if (attr !== undefined) return this.keras(attr);
        return { kind: 'builtin', name: `method:${name}`, owner: object };
      }
      case 'tensor':
        if (name === 'shape') return this.keras(shapeValue(object.tensor.shape));
        if (name === 'dtype') return unknown('the dtype of a symbolic tensor');
        return unknown(`the tensor attribute .${name}`);
      case 'array': {
        const attr = arrayAttribute(object, name);
        return attr ?? { kind: 'builtin', name: `method:${name}`, owner: object };
      }
      case 'instance': {
        const own = object.attrs.get(name);
        if (own !== undefined) return own;
        const found = classAttr(object.cls, name);
        if (found?.kind === 'function') return { kind: 'bound', fn: found.fn, self: object };
        if (found !== undefined) return found;
        return unknown(`${object.cls.name} object has no attribute '${name}' known statically`);
      }
      case 'super': {
        // The next class after the method's own: a user base's method, or the Keras base class.
        for (const base of object.cls.bases) {
          if (base.kind === 'userClass') {
            const found = classAttr(base.cls, name);
            if (found?.kind === 'function') return { kind: 'bound', fn: found.fn, self: object.self };
            if (found !== undefined) return found;
            const deeper = hostBase(base.cls);
            if (deeper) return { kind: 'builtin', name: `super:${name}`, owner: object.self };
          } else if (base.kind === 'kerasClass') return { kind: 'builtin', name: `super:${name}`, owner: object.self };
        }
        return unknown(`super().${name} is not known statically`);
      }
      case 'userClass': {
        const found = classAttr(object.cls, name);
        return found ?? unknown(`class ${object.cls.name} has no attribute '${name}' known statically`);
      }
      case 'list':
      case 'tuple':
      case 'dict':
      case 'str':
      case 'range':
        return { kind: 'builtin', name: `method:${name}`, owner: object };
      case 'unknown':
        return object;
      case 'kerasClass':
        if (name === 'from_preset')
          return {
            kind: 'kerasClass',
            cls: { ...object.cls, kind: 'kernelOnly', path: `${object.cls.path}.from_preset`, reason: 'loads a pretrained preset' }
          };
        return unknown(`\`${this.src(node).slice(0, 40)}\``);
      default:
        return unknown(`\`${this.src(node).slice(0, 40)}\``);
    }
  }

  // ---------------------------------------------------------------- calls

  private callArgs(argList: SyntaxNode, scope: Scope): IPyArgs {
    const positional: IPyArg[] = [];
    const keywords = new Map<string, IPyArg>();
    const children = childList(argList).filter(c => c.name !== '(' && c.name !== ')' && c.name !== ',');
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (c.name === 'VariableName' && children[i + 1]?.name === 'AssignOp') {
        const valueNode = children[i + 2];
        keywords.set(this.src(c), { value: this.eval(valueNode, scope), location: this.loc(valueNode.from) });
        i += 2;
      } else if (c.name === '*' || c.name === '**') {
        const v = this.eval(children[++i], scope);
        const items = c.name === '*' ? this.itemsOf(v) : null;
        if (items) for (const item of items) positional.push({ value: item, location: this.loc(children[i].from) });
        else if (c.name === '**' && v.kind === 'dict') {
          for (const [k, val] of v.entries) if (k.kind === 'str') keywords.set(k.value, { value: val, location: this.loc(children[i].from) });
        } else {
          throw new AnalysisError(
            `\`${c.name}${this.src(children[i]).slice(0, 30)}\` cannot be expanded statically${v.kind === 'unknown' ? ` (${v.why})` : ''}`,
            this.loc(children[i].from)
          );
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
    if (calleeNode.name === 'VariableName' && this.src(calleeNode) === 'super' && scope.lookup('super') === undefined)
      return this.superOf(scope, node);
    const callee = this.eval(calleeNode, scope);
    const args = argList ? this.callArgs(argList, scope) : { positional: [], keywords: new Map() };
    return this.apply(callee, args, node, calleeNode);
  }

  /** Arguments as Keras sees them: neutral config values, snapshots of the Python ones. */
  private configArgs(args: IPyArgs): ICallArgs {
    const conv = (a: IPyArg) => ({ value: toConfig(a.value), location: a.location });
    return { positional: args.positional.map(conv), keywords: new Map([...args.keywords].map(([k, a]) => [k, conv(a)])) };
  }

  /** A value the Keras runtime returned, back in Python. */
  private keras(v: ConfigValue): Value {
    return fromConfig(v);
  }

  private apply(callee: Value, args: IPyArgs, node: SyntaxNode, calleeNode: SyntaxNode): Value {
    const location = this.loc(node.from);
    switch (callee.kind) {
      case 'kerasClass':
        return this.keras(this.runtime.construct(callee.cls, this.configArgs(args), location));
      case 'layer':
      case 'model': {
        const layer = callee.kind === 'layer' ? callee.layer : callee.model;
        return this.keras(this.runtime.callLayer(layer, this.configArgs(args), location));
      }
      case 'function':
        return this.callFunction(callee.fn, args, node);
      case 'bound':
        return this.callFunction(callee.fn, { positional: [{ value: callee.self, location }, ...args.positional], keywords: args.keywords }, node);
      case 'builtin':
        return this.callBuiltin(callee, args, node);
      case 'userClass':
        return this.instantiate(callee.cls, args, node);
      case 'unknown':
        this.warnUnknownCall(args, calleeNode, callee);
        for (const a of [...args.positional, ...args.keywords.values()]) {
          if (a.value.kind === 'tensor')
            return this.keras(this.runtime.tensorOp(this.src(calleeNode).slice(0, 40), [a.value.tensor], null, location));
        }
        return unknown(`\`${this.src(calleeNode).slice(0, 40)}(…)\` is not known statically`);
      case 'module': {
        // keras.backend.image_data_format(): Keras's default (a keras.json the engine cannot read may say otherwise).
        if (/(^|\.)backend\.image_data_format$/.test(callee.path) && !args.positional.length) return { kind: 'str', value: 'channels_last' };
        const fn = libraryFunction(callee.path);
        if (fn) {
          this.charge(args.positional.length, node);
          return fn(
            args.positional.map(a => a.value),
            args
          );
        }
        this.warnUnknownCall(args, calleeNode, callee);
        return this.keras(this.runtime.moduleFunction(callee.path, this.configArgs(args), location));
      }
      default:
        throw new AnalysisError(`${describe(callee)} is not callable`, location);
    }
  }

  /**
   * A call the reader cannot follow may change the mutable things it is given: a model passed to it
   * is flagged (its summary may be incomplete) and a list becomes unknown, so no count is stated wrong.
   */
  private warnUnknownCall(args: IPyArgs, calleeNode: SyntaxNode, callee: Value): void {
    for (const a of [...args.positional, ...args.keywords.values()]) {
      const v = a.value;
      if (v.kind === 'model' && v.model.kind === 'sequential') {
        const why = callee.kind === 'unknown' ? ` (${callee.why})` : '';
        this.session.report(
          'warning',
          `\`${this.src(calleeNode).slice(0, 40)}(…)\` is not known statically${why}; if it changes ${v.model.name}, its summary does not show it`,
          a.location
        );
      } else if (v.kind === 'list' && v.items.some(i => i.kind === 'layer' || i.kind === 'model')) {
        poison(v, `a list passed to \`${this.src(calleeNode).slice(0, 40)}(…)\`, which is not known statically`);
      }
    }
  }

  private callFunction(fn: IPyFunction, args: IPyArgs, node: SyntaxNode | null): Value {
    const at = () => (node ? this.loc(node.from) : null);
    if (this.callDepth >= LIMITS.callDepth)
      throw new AnalysisError(`calls nested more than ${LIMITS.callDepth} deep (recursion?) are not followed`, at());
    const local = new Scope(fn.closure as Scope);
    const positional = [...args.positional];
    const keywords = new Map(args.keywords);
    for (const p of fn.params) {
      if (p.star === '*') {
        local.vars.set(p.name, { kind: 'tuple', items: positional.splice(0).map(a => a.value) });
      } else if (p.star === '**') {
        local.vars.set(p.name, { kind: 'dict', entries: [...keywords].map(([k, a]) => [str(k), a.value] as [Value, Value]) });
        keywords.clear();
      } else {
        const a = positional.shift() ?? keywords.get(p.name);
        keywords.delete(p.name);
        if (a) local.vars.set(p.name, a.value);
        else if (p.defaultValue) local.vars.set(p.name, p.defaultValue);
        else throw new AnalysisError(`${fn.name}() is missing its argument '${p.name}'`, at());
      }
    }
    if (fn.method) local.vars.set('__class__', { kind: 'userClass', cls: fn.method });
    const saved = { text: this.text, cell: this.cell, lineStarts: this.lineStarts, compact: this.compact };
    const source = fn.source as typeof saved | undefined;
    if (source) Object.assign(this, source);
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

  private callBuiltin(callee: Value & { kind: 'builtin' }, args: IPyArgs, node: SyntaxNode): Value {
    const location = this.loc(node.from);
    if (callee.name.startsWith('method:')) return this.method(callee.name.slice(7), callee.owner, args, node);
    if (callee.name.startsWith('super:') && (callee.owner?.kind === 'layer' || callee.owner?.kind === 'model'))
      return this.keras(this.classes.superMethod(callee.owner, callee.name.slice(6), this.configArgs(args), location));
    if (callee.name.startsWith('super:')) return unknown(`super().${callee.name.slice(6)}()`);
    const fn = BUILTINS.get(callee.name);
    if (!fn) return unknown(`${callee.name}()`);
    // A keyword the builtin does not follow (`max(d, key=d.get)`, `enumerate(x, start=1)`) would change
    // its result: the result is unknown rather than computed without it.
    if (args.keywords.size && !BUILTINS_WITH_KEYWORDS.has(callee.name)) {
      return unknown(`${callee.name}() with ${[...args.keywords.keys()].map(k => `${k}=`).join(', ')} is not followed statically`);
    }
    return fn(
      this.builtinContext(node),
      args.positional.map(a => a.value),
      args,
      location
    );
  }

  private builtinContext(node: SyntaxNode): IBuiltinContext {
    return { items: v => this.itemsOf(v), charge: n => this.charge(n, node), equal: equalValues };
  }

  /** Methods on lists, dicts, strings and arrays; model methods go to the Keras runtime. */
  private method(name: string, owner: Value | undefined, args: IPyArgs, node: SyntaxNode): Value {
    const location = this.loc(node.from);
    const a = args.positional.map(x => x.value);
    if (owner?.kind === 'list') return this.listMethod(owner, name, a, node);
    if (owner?.kind === 'dict') {
      if (name === 'get') {
        const hit = owner.entries.find(e => equalValues(e[0], a[0] ?? NONE) === true);
        return hit ? hit[1] : (a[1] ?? NONE);
      }
      if (name === 'keys' || name === 'values' || name === 'items') {
        this.charge(owner.entries.length, node);
        const pick = (e: [Value, Value]): Value => (name === 'keys' ? e[0] : name === 'values' ? e[1] : { kind: 'tuple', items: [e[0], e[1]] });
        return { kind: 'list', items: owner.entries.map(pick) };
      }
      if (name === 'update' || name === 'pop' || name === 'setdefault' || name === 'clear') poison(owner, `a dict changed by .${name}()`);
      return unknown(`.${name}() of a dict`);
    }
    if (owner?.kind === 'str') return this.strMethod(owner.value, name, a, node);
    if (owner?.kind === 'array') return arrayMethod(owner, name, a);
    if (owner?.kind === 'tuple' && (name === 'index' || name === 'count'))
      return this.listMethod({ kind: 'list', items: owner.items }, name, a, node);
    if (owner?.kind === 'layer' || owner?.kind === 'model') {
      const obj = owner.kind === 'layer' ? owner.layer : owner.model;
      const config = this.configArgs(args);
      return this.keras(this.classes.method(obj, name, config, location) ?? this.runtime.method(obj, name, config, location));
    }
    return unknown(`.${name}() is not followed statically`);
  }

  private listMethod(owner: Value & { kind: 'list' }, name: string, a: Value[], node: SyntaxNode): Value {
    const items = owner.items;
    switch (name) {
      case 'append':
        if (a[0]) this.grow(owner, [a[0]], node);
        return NONE;
      case 'extend': {
        const more = a[0] ? this.itemsOf(a[0]) : null;
        if (more) this.grow(owner, more, node);
        else poison(owner, `a list extended by ${describe(a[0] ?? NONE)}`);
        return NONE;
      }
      case 'insert': {
        if (a[0]?.kind !== 'int' || !a[1]) {
          poison(owner, 'a list with an element inserted at an unknown place');
          return NONE;
        }
        const n = BigInt(items.length);
        let at = a[0].value < 0n ? a[0].value + n : a[0].value;
        at = at < 0n ? 0n : at > n ? n : at;
        items.splice(Number(at), 0, a[1]);
        return NONE;
      }
      case 'pop': {
        if (!items.length) throw new AnalysisError('pop from empty list', this.loc(node.from));
        if (!a.length) return items.pop()!;
        if (a[0].kind !== 'int') {
          poison(owner, 'a list popped at an unknown index');
          return unknown('an element popped at an unknown index');
        }
        const at = Number(a[0].value < 0n ? BigInt(items.length) + a[0].value : a[0].value);
        if (at < 0 || at >= items.length) throw new AnalysisError('pop index out of range', this.loc(node.from));
        return items.splice(at, 1)[0];
      }
      case 'remove': {
        const at = items.findIndex(i => i === a[0] || identical(i, a[0] ?? NONE) || equalValues(i, a[0] ?? NONE) === true);
        if (at < 0) poison(owner, 'a list after remove() of a value not known statically');
        else items.splice(at, 1);
        return NONE;
      }
      case 'clear':
        items.length = 0;
        return NONE;
      case 'reverse':
        items.reverse();
        return NONE;
      case 'copy':
        this.charge(items.length, node);
        return { kind: 'list', items: [...items] };
      case 'index': {
        const at = items.findIndex(i => identical(i, a[0] ?? NONE) || equalValues(i, a[0] ?? NONE) === true);
        return at >= 0 ? int(at) : unknown('index() of a value not found statically');
      }
      case 'count':
        return int(items.filter(i => identical(i, a[0] ?? NONE) || equalValues(i, a[0] ?? NONE) === true).length);
      default:
        poison(owner, `a list changed by .${name}(), which is not followed statically`);
        return unknown(`.${name}() of a list`);
    }
  }

  private strMethod(s: string, name: string, a: Value[], node: SyntaxNode): Value {
    this.charge(s.length, node);
    switch (name) {
      case 'lower':
        return str(s.toLowerCase());
      case 'upper':
        return str(s.toUpperCase());
      case 'strip':
        return a.length ? unknown('strip() of characters') : str(s.trim());
      case 'format':
        return unknown('a formatted string');
      case 'join': {
        const items = a[0] ? this.itemsOf(a[0]) : null;
        if (!items || !items.every(i => i.kind === 'str')) return unknown('join() of values not known statically');
        const out = items.map(i => (i as { value: string }).value).join(s);
        return out.length > VALUE_CAPS.chars ? unknown('a string longer than the cap') : str(out);
      }
      case 'split':
        if (a.length && a[0].kind !== 'str') return unknown('split() on a separator not known statically');
        return { kind: 'list', items: (a.length ? s.split((a[0] as { value: string }).value) : s.trim().split(/\s+/).filter(Boolean)).map(str) };
      case 'startswith':
      case 'endswith':
        return a[0]?.kind === 'str'
          ? { kind: 'bool', value: name === 'startswith' ? s.startsWith(a[0].value) : s.endsWith(a[0].value) }
          : unknown(`${name}()`);
      default:
        return unknown(`.${name}() of a string`);
    }
  }

  /** Appends to a list, within the cap on one list's size. */
  private grow(list: Value & { kind: 'list' }, more: Value[], node: SyntaxNode): void {
    this.charge(more.length, node);
    if (list.items.length + more.length > VALUE_CAPS.items) {
      poison(list, `a list grown past ${VALUE_CAPS.items.toLocaleString('en-US')} items`);
      return;
    }
    for (const m of more) list.items.push(m);
  }

  /** The items of an iterable, or null when they are not known statically. Ranges are expanded. */
  itemsOf(v: Value): Value[] | null {
    const items = sequenceItems(v);
    if (items) return items;
    if (v.kind === 'range') {
      const n = rangeLength(v);
      if (n > BigInt(VALUE_CAPS.items)) return null;
      const out: Value[] = [];
      for (let i = 0n; i < n; i++) out.push(int(v.start + i * v.step));
      return out;
    }
    if (v.kind === 'dict') return v.entries.map(e => e[0]);
    if (v.kind === 'str') return [...v.value].map(str);
    return null;
  }

  // ---------------------------------------------------------------- classes

  private defineClass(stmt: SyntaxNode, scope: Scope): void {
    const nameNode = stmt.getChild('VariableName');
    const body = stmt.getChild('Body');
    if (!nameNode) return;
    const name = this.src(nameNode);
    const argList = stmt.getChild('ArgList');
    const bases = argList ? this.callArgs(argList, scope).positional.map(a => a.value) : [];
    const cls: IPyClass = { name, bases, attrs: new Map() };
    const classScope = new Scope(scope);
    classScope.classOf = cls;
    if (body) {
      const signal = this.execBody(body, classScope);
      if (signal) this.session.report('warning', `'${signal.kind}' in a class body is ignored`, this.loc(stmt.from));
    }
    for (const [k, v] of classScope.vars) cls.attrs.set(k, v);
    scope.vars.set(name, { kind: 'userClass', cls });
  }

  /** `super()` in a method: the instance, seen from the next class in its bases. */
  private superOf(scope: Scope, node: SyntaxNode): Value {
    const cls = scope.lookup('__class__');
    const self = cls?.kind === 'userClass' ? scope.lookup('self') : undefined;
    if (cls?.kind !== 'userClass' || !self) return unknown('super() outside of a method');
    return { kind: 'super', cls: cls.cls, self, at: this.loc(node.from) };
  }

  /**
   * An instance of a class derived from a host (Keras) class, made as Python makes it: the host's
   * `__new__` (a Keras object), then the class's own `__init__` with `self` bound to it, or the host
   * base's; the Keras semantics (weights, tracing, tracking) are the runtime's (keras/custom-classes.ts).
   */
  private hostInstance(cls: IPyClass, base: IKerasClass, args: IPyArgs, node: SyntaxNode): Value {
    const location = this.loc(node.from);
    const handle: IHostClass = { name: cls.name, ref: cls };
    const self = this.keras(this.classes.create(handle, base, location));
    const init = classAttr(cls, '__init__');
    if (init?.kind === 'function') {
      this.callFunction(init.fn, { positional: [{ value: self, location }, ...args.positional], keywords: args.keywords }, node);
    } else this.classes.init(toConfig(self), this.configArgs(args), location);
    this.classes.initialized(toConfig(self));
    return self;
  }

  private instantiate(cls: IPyClass, args: IPyArgs, node: SyntaxNode): Value {
    const location = this.loc(node.from);
    const base = hostBase(cls);
    if (base) return this.hostInstance(cls, base, args, node);
    const instance: Value & { kind: 'instance' } = { kind: 'instance', cls, attrs: new Map() };
    const init = classAttr(cls, '__init__');
    if (init?.kind === 'function') {
      this.callFunction(init.fn, { positional: [{ value: instance, location }, ...args.positional], keywords: args.keywords }, node);
      return instance;
    }
    if (init !== undefined || cls.bases.some(b => b.kind === 'unknown'))
      return unknown(`an instance of ${cls.name}, whose base class or __init__ is not known statically`);
    // No __init__: a dataclass-style constructor fills the fields in order (a plain class takes no arguments).
    const fields = [...cls.attrs].filter(([, v]) => v.kind !== 'function').map(([k]) => k);
    args.positional.forEach((a, i) => {
      if (fields[i] !== undefined) instance.attrs.set(fields[i], a.value);
    });
    for (const [k, a] of args.keywords) instance.attrs.set(k, a.value);
    return instance;
  }
}

// -------------------------------------------------------------------- helpers

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
 */
export function* topLevelStatements(text: string, chunk = PARSE_CHUNK): Generator<SyntaxNode | 'too deep'> {
  let from = 0;
  let size = chunk;
  while (from < text.length) {
    let to = Math.min(text.length, from + size);
    if (to < text.length) {
      const newline = text.indexOf('\n', to);
      to = newline < 0 ? text.length : newline + 1;
    }
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

/** One f-string field, as Python's format() writes it, or null when not known (or a spec not followed). */
function formatField(v: Value, spec: string, conversion: string): string | null {
  let text: string;
  if (v.kind === 'str') text = conversion === 'r' ? `'${v.value}'` : v.value;
  else if (v.kind === 'int' || v.kind === 'bool' || v.kind === 'none' || (v.kind === 'float' && !spec)) text = describe(v);
  else return null;
  if (!spec) return text;
  const m = /^([<>^]?)(0?)(\d*)([ds]?)$/.exec(spec);
  if (!m || (m[4] === 'd' && v.kind !== 'int') || (m[4] === 's' && v.kind !== 'str')) return null;
  const width = m[3] ? Number(m[3]) : 0;
  if (width > 1000) return null;
  const fill = m[2] === '0' ? '0' : ' ';
  const align = m[1] || (v.kind === 'str' ? '<' : '>');
  if (text.length >= width) return text;
  const pad = fill.repeat(width - text.length);
  if (fill === '0' && v.kind === 'int' && text.startsWith('-')) return '-' + pad + text.slice(1);
  return align === '<' ? text + pad : align === '^' ? pad.slice(0, pad.length >> 1) + text + pad.slice(pad.length >> 1) : pad + text;
}

/** A statement that is only a string literal (a docstring): it does nothing. */
function isDocstring(stmt: SyntaxNode): boolean {
  const only = stmt.firstChild;
  return !!only && !only.nextSibling && (only.name === 'String' || only.name === 'ContinuedString');
}

/**
 * A list or dict the reader can no longer know (changed by something it does not follow) becomes
 * unknown in place, so every name bound to it sees that, and no element is silently kept or dropped.
 */
function poison(v: Value, why: string): void {
  const target = v as unknown as Record<string, unknown>;
  delete target.items;
  delete target.entries;
  target.kind = 'unknown';
  target.why = why;
}

/** The same object (a layer, a model, a tensor): Python's `is`. */
function identical(a: Value, b: Value): boolean {
  if (a.kind === 'layer' && b.kind === 'layer') return a.layer === b.layer;
  if (a.kind === 'model' && b.kind === 'model') return a.model === b.model;
  if (a.kind === 'tensor' && b.kind === 'tensor') return a.tensor === b.tensor;
  return a === b;
}

/** An attribute of a class or of its bases, in Python's order for single inheritance (depth first). */
function classAttr(cls: IPyClass, name: string, depth = 0): Value | undefined {
  const own = cls.attrs.get(name);
  if (own !== undefined || depth > 50) return own;
  for (const base of cls.bases) {
    if (base.kind !== 'userClass') continue;
    const found = classAttr(base.cls, name, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The host class (a Keras class: `keras.layers.Layer`, `layers.Conv2D`, `keras.Model`) a Python class derives from, if any. */
function hostBase(cls: IPyClass, depth = 0): IKerasClass | null {
  for (const base of cls.bases) {
    if (base.kind === 'userClass' && depth < 50) {
      const inner = hostBase(base.cls, depth + 1);
      if (inner) return inner;
    }
    if (base.kind === 'kerasClass') return base.cls;
  }
  return null;
}

/** Arguments from the Keras runtime, as Python values. */
function pythonArgs(args: ICallArgs): IPyArgs {
  const conv = (a: { value: ConfigValue; location: ILocation | null }): IPyArg => ({ value: fromConfig(a.value), location: a.location });
  return { positional: args.positional.map(conv), keywords: new Map([...args.keywords].map(([k, a]) => [k, conv(a)])) };
}

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
  const near = text
    .slice(error.from, Math.max(error.to, error.from + 1))
    .replace(/\s+/g, ' ')
    .trim();
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

function integerArithmetic(op: string, x: bigint | number, y: bigint | number, at: () => ILocation): Value {
  if (typeof x === 'bigint' && typeof y === 'bigint') {
    switch (op) {
      case '+':
        return int(x + y);
      case '-':
        return int(x - y);
      case '*':
        return int(x * y);
      case '//':
      case '%': {
        if (y === 0n) throw new AnalysisError('integer division by zero', at());
        const q = x / y;
        const floor = x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
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
      case '>>':
        return int(x >> y);
      case '&':
        return int(x & y);
      case '|':
        return int(x | y);
      case '^':
        return int(x ^ y);
    }
  }
  const a = Number(x);
  const b = Number(y);
  switch (op) {
    case '+':
      return { kind: 'float', value: a + b };
    case '-':
      return { kind: 'float', value: a - b };
    case '*':
      return { kind: 'float', value: a * b };
    case '/':
      if (b === 0) throw new AnalysisError('division by zero', at());
      return { kind: 'float', value: a / b };
    case '//':
      return { kind: 'float', value: Math.floor(a / b) };
    case '%':
      return { kind: 'float', value: a - Math.floor(a / b) * b };
    case '**':
      return { kind: 'float', value: a ** b };
    case '<':
      return { kind: 'bool', value: a < b };
    case '>':
      return { kind: 'bool', value: a > b };
    case '<=':
      return { kind: 'bool', value: a <= b };
    case '>=':
      return { kind: 'bool', value: a >= b };
    case '==':
      return { kind: 'bool', value: a === b };
    case '!=':
      return { kind: 'bool', value: a !== b };
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
