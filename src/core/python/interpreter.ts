/**
 * A static reader of Python source: it evaluates the typed syntax tree (ast.ts, lowered once per cell
 * text by lower.ts) and follows the assignments, calls and loops that build Keras models. It never
 * evaluates or executes anything: every value it knows is a literal, a Keras object it constructed
 * itself, or `unknown`.
 */
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
import { MAX_BRACKET_DEPTH } from './nesting';
import type { KerasSession, Layer, Model } from '../keras/objects';
import type { ICallArgs } from '../keras/construct';
import { KerasRuntime, shapeValue, type IPythonHost } from '../keras/runtime';
import { CustomClasses, type IHostClass } from '../keras/custom-classes';
import { BUILTINS, BUILTINS_WITH_KEYWORDS, sequence, VALUE_CAPS, type IBuiltinContext, type IPyArg, type IPyArgs } from './builtins';
import {
  array,
  arrayArithmetic,
  arrayAttribute,
  arrayFunction,
  arrayMethod,
  reshapedTo,
  arrayIndexedBy,
  isElementwise,
  libraryFunction,
  tensorConstructor
} from './library';
import { fromKernel, type KernelValue } from './kernel';
import { lowerCell } from './lower';
import { argumentParserMethod, isArgumentParser } from './argparse';
import { isTokenizer, tokenizerMethod } from './tokenizer';
import { datasetMethod, firstElement, isDataset } from './datasets';
import { addToSet, dictFromEntries, makeSet, setContains, setOperation, type SetValue } from './sets';
import type { Arg, Expr, ICellSource, IndexNode, IParam, Item, Stmt, ComprehensionClause } from './ast';
import { trans } from '../i18n/current';

/** Anything with a place in the cell's text: an AST node. */
type Span = { from: number; to: number };

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

/** Module names used as everyone imports them (`import tensorflow as tf`), read so where a snippet has no import. */
const CONVENTIONAL_IMPORTS: Record<string, string> = {
  tf: 'tensorflow',
  keras: 'keras',
  layers: 'keras.layers',
  models: 'keras.models',
  optimizers: 'keras.optimizers',
  np: 'numpy'
};

/** Thrown when an analysis has done its whole budget of work: it stops there, reported once. */
class BudgetExceeded extends AnalysisError {}

export class PythonReader {
  readonly globals = new Scope(null);
  /** The cell being read (or the one the function being called was written in): its text and index. */
  private source: ICellSource = { loc: () => ({ cell: null, line: 1, column: 1 }), text: () => '' };
  private cell: number | null = null;
  private depth = 0;
  private callDepth = 0;
  private steps = 0;
  private work = 0;
  /** Whether a statement was already abandoned for the budget (see `abandon`). */
  private reserveUsed = false;
  /** Elements of the list, tuple and dict displays built so far (LIMITS.heldElements). */
  private held = 0;
  /** Star imports (`from keras.layers import *`) make every catalogue class a bare name. */
  private starImports: string[] = [];
  /** Conventional module names used without their import, each reported once. */
  private readonly guessedImports = new Set<string>();

  readonly runtime: KerasRuntime;
  /** What Keras does with objects of classes written in Python (derived from a Keras class). */
  private readonly classes: CustomClasses;
  /** The attributes Python code set on Keras objects (their `__dict__`: `self.dense = Dense(4)` in a custom layer). */
  private readonly hostAttrs = new Map<Layer, Map<string, Value>>();
  /**
   * Module-level names rebound from a model to a value not known statically (`model = keras.models.load_model(…)`,
   * which restores the model the script trained): the model each held, where, and why the new value is unknown.
   */
  private readonly displaced = new Map<string, { model: Model; at: ILocation | null; why: string }>();

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

  /**
   * The models bound at the end, as a namespace holds them: each model bound to a module-level name (in the order
   * the names were first bound), and after each object of a Python class bound to one, the models its attributes
   * hold (`self.encoder = get_encoder()`, also in lists and dicts, through the attributes of the objects of Python
   * classes they hold), each with the Python expression that reaches it (`autoencoder.encoder`, `m.blocks[0]`),
   * on which the user could call `.summary()`. Attributes whose name starts with `_` are Keras's or private: not listed.
   */
  boundModels(): Array<{ model: Model; path: string | null }> {
    const out: Array<{ model: Model; path: string | null }> = [];
    const seen = new Set<Layer>();
    const visitObject = (obj: Layer, path: string, depth: number) => {
      const attrs = this.hostAttrs.get(obj);
      if (!attrs || depth > 8) return;
      for (const [name, v] of attrs) if (!name.startsWith('_')) visit(v, `${path}.${name}`, depth + 1);
    };
    const visit = (v: Value, path: string, depth: number) => {
      if (depth > 16 || out.length > 1000) return;
      if (v.kind === 'model' || v.kind === 'layer') {
        const obj = v.kind === 'model' ? v.model : v.layer;
        if (seen.has(obj)) return;
        seen.add(obj);
        if (v.kind === 'model') out.push({ model: v.model, path });
        if (this.classes.classOf(obj)) visitObject(obj, path, depth);
      } else if (v.kind === 'list' || v.kind === 'tuple') v.items.slice(0, 1000).forEach((x, i) => visit(x, `${path}[${i}]`, depth + 1));
      else if (v.kind === 'dict')
        for (const [k, x] of v.entries.slice(0, 1000)) {
          const key = k.kind === 'str' ? `'${k.value}'` : k.kind === 'int' ? String(k.value) : null;
          if (key !== null) visit(x, `${path}[${key}]`, depth + 1);
        }
    };
    // Models bound to a name are listed by that name, not as held by another object.
    for (const v of this.globals.vars.values()) if (v.kind === 'model') seen.add(v.model);
    const listed = new Set<Model>();
    for (const [name, v] of this.globals.vars) {
      const gone = v.kind === 'unknown' ? this.displaced.get(name) : undefined;
      if (gone && !listed.has(gone.model) && !seen.has(gone.model)) {
        // Listed under the name, as the model it held: what a restored copy of it would show.
        listed.add(gone.model);
        seen.add(gone.model);
        out.push({ model: gone.model, path: null });
        this.session.report(
          'info',
          trans.__("'%1' is rebound to a value not known statically (%2): the summary is of the model it held before", name, gone.why),
          gone.at
        );
      }
      const obj = v.kind === 'model' ? v.model : v.kind === 'layer' ? v.layer : null;
      if (!obj) continue;
      if (v.kind === 'model' && !listed.has(v.model)) {
        listed.add(v.model);
        out.push({ model: v.model, path: null });
      }
      if (this.classes.classOf(obj)) visitObject(obj, name, 0);
    }
    return out;
  }

  /**
   * Reads one file or notebook cell. Problems become diagnostics; reading goes on with the next statement.
   * `readOnce`: the text will not be read again, so its lowered tree is not kept (lower.ts).
   */
  run(text: string, cell: number | null, readOnce = false): void {
    if (this.steps > LIMITS.totalSteps) return;
    const lowered = lowerCell(text, !readOnce);
    this.cell = cell;
    this.source = lowered.source;
    for (const p of lowered.problems) {
      if (p.kind === 'nesting')
        this.session.report(
          'error',
          trans.__('brackets nested more than %1 levels deep; this expression is not analysed', MAX_BRACKET_DEPTH),
          this.loc(p.offset)
        );
      else
        this.session.report(
          'error',
          trans.__('TabError: inconsistent use of tabs and spaces in indentation; this source is not analysed'),
          this.loc(p.offset)
        );
    }
    // Like Python, report the first syntax error of a cell; statements without errors are still read.
    let syntaxErrors = 0;
    let firstError: (Stmt & { kind: 'syntaxError' }) | null = null;
    let stopped = false;
    for (const stmt of lowered.statements) {
      if (stmt.kind === 'syntaxError') {
        if (syntaxErrors++ === 0) firstError = stmt;
        continue;
      }
      const namesBefore = this.session.names.issued;
      try {
        const signal = this.exec(stmt, this.globals);
        if (signal) this.session.report('warning', trans.__("'%1' outside of a loop or function is ignored", signal.kind), this.loc(stmt.from));
      } catch (e) {
        if (e instanceof BudgetExceeded && !this.reserveUsed) this.abandon(stmt, e, this.session.names.issued !== namesBefore);
        else {
          this.handle(e, stmt, this.globals);
          if (e instanceof BudgetExceeded) stopped = true;
        }
      }
      if (stopped) break;
    }
    if (lowered.tooDeep && !stopped) {
      this.session.report('error', trans.__('this source is too deeply structured to parse; it is not analysed'), this.loc(0));
      return;
    }
    if (firstError) {
      const near = firstError.near
        ? trans.__('unexpected `%1`', firstError.near)
        : firstError.atEnd
          ? trans.__('unexpected end of input')
          : trans.__('invalid syntax');
      const message =
        syntaxErrors > 1
          ? trans._n(
              'syntax error: %2; this statement is skipped (%1 more statement with syntax errors skipped)',
              'syntax error: %2; this statement is skipped (%1 more statements with syntax errors skipped)',
              syntaxErrors - 1,
              near
            )
          : trans.__('syntax error: %1; this statement is skipped', near);
      this.session.report('error', message, this.loc(firstError.from));
    }
  }

  /**
   * The first statement that exhausts the budget is abandoned, not the file: what it assigns, and what it
   * mentions that can change in place (a list appended to, a model added to), becomes unknown (see
   * `changedNames`), and the statements after it
   * are read with a reserve of a tenth of the budget, so a model defined after a runaway loop is still
   * summarized. Past the reserve, reading stops for good.
   */
  private abandon(stmt: Stmt, e: BudgetExceeded, madeLayers: boolean): void {
    this.reserveUsed = true;
    const line = this.loc(stmt.from).line;
    const why = trans.__('set or changed by the statement at line %1, which was too much work to follow', line);
    const names = changedNames(stmt, this.globals.vars);
    for (const name of names) this.globals.vars.set(name, unknown(why));
    const steps = LIMITS.totalSteps.toLocaleString('en-US');
    const work = LIMITS.totalWork.toLocaleString('en-US');
    this.session.report(
      'warning',
      names.length
        ? trans.__(
            'this statement is too much work to follow (the budget is %1 evaluation steps and %2 units of work on lists and strings): it is abandoned, what it sets or changes (%3) is unknown, and the rest is read',
            steps,
            work,
            names.slice(0, 8).join(', ')
          )
        : trans.__(
            'this statement is too much work to follow (the budget is %1 evaluation steps and %2 units of work on lists and strings): it is abandoned, and the rest is read',
            steps,
            work
          ),
      e.location ?? this.loc(stmt.from)
    );
    // It made layers before it was stopped; Keras would have made more, so the automatic names after it are off.
    if (madeLayers)
      this.session.report(
        'warning',
        trans.__("it made layers before it was stopped: Keras's automatic names after it (dense_7, …) may be numbered differently"),
        e.location ?? this.loc(stmt.from)
      );
    this.steps = Math.min(this.steps, LIMITS.totalSteps - LIMITS.totalSteps / 10);
    this.work = Math.min(this.work, LIMITS.totalWork - LIMITS.totalWork / 10);
  }

  private handle(e: unknown, stmt: Stmt, scope: Scope): void {
    if (e instanceof AnalysisError) this.session.report('error', e.message, e.location ?? this.loc(stmt.from));
    else if (e instanceof RangeError) this.session.report('error', trans.__('this statement is nested too deeply to analyse'), this.loc(stmt.from));
    else throw e;
    // What a statement that could not be read would have set is unknown, never left as it was before it.
    // (A budget spent stops the reading, or abandon() forgets it; a loop already forgot its own.)
    if (e instanceof BudgetExceeded || (e instanceof AnalysisError && EFFECTS_FORGOTTEN.has(e))) return;
    try {
      this.forgetEffects(
        alone(stmt),
        scope,
        trans.__('set or changed by the statement at line %1, which could not be read', this.loc(stmt.from).line),
        stmt
      );
    } catch (spent) {
      if (!(spent instanceof BudgetExceeded)) throw spent;
      // The work budget ran out here: the next step stops the reading, as a spent budget does.
      this.steps = LIMITS.totalSteps + 1;
    }
  }

  loc(offset: number): ILocation {
    return this.source.loc(offset, this.cell);
  }

  /** The source of a node, cut to `max` characters, for messages that quote the code. */
  private src(node: Span, max: number): string {
    return this.source.text(node).slice(0, max);
  }

  /** A data literal past LIMITS.heldElements: unknown, so memory stays bounded (said once per analysis). */
  private notHeld(): Value {
    return unknown(
      trans.__('data literals past %1 elements in one analysis are not kept (a memory cap)', LIMITS.heldElements.toLocaleString('en-US'))
    );
  }

  /** Charges the work of building or walking `cost` items (elements, characters) to the budget. */
  private charge(cost: number, node: Span): void {
    this.work += cost;
    if (this.work > LIMITS.totalWork) {
      this.steps = LIMITS.totalSteps + 1;
      throw new BudgetExceeded(
        trans.__(
          'analysis stopped here after %1 units of work on lists and strings; what follows is not analysed',
          LIMITS.totalWork.toLocaleString('en-US')
        ),
        this.loc(node.from)
      );
    }
  }

  /** Building a keras.applications model is work the evaluation budget must see (a loop of ResNet50s). */
  private chargeLayers(layers: number, location: ILocation | null): void {
    this.steps += APPLICATION_STEPS_PER_LAYER * layers;
    if (this.steps > LIMITS.totalSteps) {
      throw new BudgetExceeded(
        trans.__(
          'analysis stopped here after %1 evaluation steps (applications built in a loop?); what follows is not analysed',
          LIMITS.totalSteps.toLocaleString('en-US')
        ),
        location
      );
    }
  }

  private tick(node: Span): void {
    if (++this.steps > LIMITS.totalSteps) {
      throw new BudgetExceeded(
        trans.__(
          'analysis stopped here after %1 evaluation steps (a loop too long to follow?); what follows is not analysed',
          LIMITS.totalSteps.toLocaleString('en-US')
        ),
        this.loc(node.from)
      );
    }
  }

  // ---------------------------------------------------------------- statements

  private execBody(body: Stmt[], scope: Scope): Signal {
    for (const stmt of body) {
      let signal: Signal = null;
      try {
        signal = this.exec(stmt, scope);
      } catch (e) {
        if (e instanceof BudgetExceeded) throw e;
        if (scope !== this.globals && !(e instanceof AnalysisError)) throw e;
        this.handle(e, stmt, scope);
      }
      if (signal) return signal;
    }
    return null;
  }

  private exec(stmt: Stmt, scope: Scope): Signal {
    this.tick(stmt);
    switch (stmt.kind) {
      case 'group':
        // `a = 1; b = 2`: each statement in turn, as Python runs them.
        for (const inner of stmt.body) {
          const signal = this.exec(inner, scope);
          if (signal) return signal;
        }
        return null;
      case 'import':
        for (const { path, alias } of stmt.names) {
          if (alias !== null) scope.vars.set(alias, this.moduleMember(path.join('.')));
          else scope.vars.set(path[0], { kind: 'module', path: path[0] });
        }
        return null;
      case 'importFrom':
        if (stmt.star) this.starImports.push(stmt.module);
        for (const { name, alias } of stmt.names) scope.vars.set(alias, this.moduleMember(`${stmt.module}.${name}`));
        return null;
      case 'assign': {
        const value = this.eval(stmt.value, scope);
        for (const targets of stmt.targets) this.assignTargets(targets, value, scope);
        return null;
      }
      case 'update':
        this.execUpdate(stmt, scope);
        return null;
      case 'expr':
        this.eval(stmt.expr, scope);
        return null;
      case 'for':
        return this.execFor(stmt, scope);
      case 'if':
        return this.execIf(stmt, scope);
      case 'block':
        return this.execBody(stmt.body, scope);
      case 'def':
        scope.vars.set(stmt.name, { kind: 'function', fn: this.makeFunction(stmt.name, stmt.params, stmt.body, false, scope) });
        return null;
      case 'class':
        this.defineClass(stmt, scope);
        return null;
      case 'return':
        return { kind: 'return', value: stmt.value ? this.eval(stmt.value, scope) : NONE };
      case 'break':
        return { kind: 'break' };
      case 'continue':
        return { kind: 'continue' };
      case 'while':
        return this.execWhile(stmt, scope);
      default:
        return null;
    }
  }

  /** The value of `module.member`: a Keras class, a module, or an unknown attribute. */
  private moduleMember(path: string): Value {
    const cls = resolveKeras(path);
    if (cls) return { kind: 'kerasClass', cls };
    // `from six.moves import range`, `from builtins import zip`: Python 3's own builtins.
    const builtin = /^(?:builtins|six\.moves|future\.builtins|past\.builtins)\.(\w+)$/.exec(path)?.[1];
    const name = builtin && (PY2_NAMES[builtin] ?? builtin);
    if (name && BUILTINS.has(name)) return { kind: 'builtin', name };
    return { kind: 'module', path };
  }

  private assignTargets(targets: Item[], value: Value, scope: Scope): void {
    if (targets.length === 1 && targets[0].kind !== 'spread') this.assign(targets[0], value, scope);
    else this.unpack(targets, value, scope, targets[0]);
  }

  private unpack(targets: Item[], value: Value, scope: Scope, at: Span): void {
    let items = sequenceItems(value);
    if (value.kind === 'unknown') items = targets.map(() => value);
    if (!items) {
      throw new AnalysisError(trans.__('cannot unpack %1 into %2 names', describe(value), targets.length), this.loc(at.from));
    }
    const star = targets.findIndex(t => t.kind === 'spread');
    if (star < 0) {
      if (items.length !== targets.length)
        throw new AnalysisError(trans.__('cannot unpack %1 values into %2 names', items.length, targets.length), this.loc(at.from));
      targets.forEach((t, i) => this.assign(t as Expr, items![i], scope));
      return;
    }
    // `first, *rest = items`: the starred name takes a list of what the others leave.
    const after = targets.length - star - 1;
    if (items.length < targets.length - 1)
      throw new AnalysisError(trans.__('cannot unpack %1 values into %2 names', items.length, targets.length), this.loc(at.from));
    targets.forEach((t, i) => {
      if (t.kind === 'spread')
        this.assign(t.value, value.kind === 'unknown' ? value : { kind: 'list', items: items!.slice(star, items!.length - after) }, scope);
      else this.assign(t, i < star ? items![i] : items![items!.length - (targets.length - i)], scope);
    });
  }

  /** Keeps the model a module-level name held when it is rebound to an unknown value (see `displaced`; read only while it is). */
  private noteRebinding(target: Extract<Expr, { kind: 'name' }>, value: Value): void {
    const old = this.globals.vars.get(target.id);
    if (value.kind === 'unknown' && old?.kind === 'model')
      this.displaced.set(target.id, { model: old.model, at: this.loc(target.from), why: value.why });
  }

  private assign(target: Expr, value: Value, scope: Scope): void {
    switch (target.kind) {
      case 'name':
        if (scope === this.globals) this.noteRebinding(target, value);
        scope.vars.set(target.id, value);
        if (scope === this.globals && value.kind === 'model' && value.model.variable === null) value.model.variable = target.id;
        return;
      case 'tuple':
      case 'list':
        return this.unpack(target.items, value, scope, target);
      case 'paren':
        if (target.inner) return this.assign(target.inner, value, scope);
        return;
      case 'attribute':
        return this.setAttribute(this.eval(target.object, scope), target.name, value);
      case 'subscript': {
        const owner = this.eval(target.object, scope);
        if (owner.kind !== 'list' && owner.kind !== 'dict') return;
        const only = target.items.length === 1 && target.items[0].kind === 'index' ? target.items[0] : null;
        const index = only ? this.eval(only.value, scope) : null;
        if (owner.kind === 'dict' && index && index.kind !== 'unknown') {
          const hit = owner.entries.find(e => equalValues(e[0], index) === true);
          if (hit) hit[1] = value;
          else owner.entries.push([index, value]);
          return;
        }
        if (owner.kind === 'list' && index?.kind === 'int') {
          const at = Number(index.value < 0n ? BigInt(owner.items.length) + index.value : index.value);
          if (at < 0 || at >= owner.items.length) throw new AnalysisError(trans.__('list assignment index out of range'), this.loc(target.from));
          owner.items[at] = value;
          return;
        }
        poison(owner, trans.__('`%1` was assigned at an index not known statically', this.src(target, 40)));
        return;
      }
      default:
        return;
    }
  }

  private execUpdate(stmt: Stmt & { kind: 'update' }, scope: Scope): void {
    const current = this.eval(stmt.target, scope);
    const operand = this.eval(stmt.value, scope);
    // `layers += [...]` extends the list in place: every name bound to it sees the new items.
    if (stmt.op === '+' && current.kind === 'list') {
      const more = this.itemsOf(operand);
      if (more) this.grow(current, more, stmt);
      else poison(current, trans.__('a list extended by %1', describe(operand)));
      return;
    }
    // `x -= mean`, `x /= 255.0` on a numpy array work in place: the array keeps its shape and dtype whatever the
    // operand (numpy raises rather than grow it), even one the reader does not know.
    if (current.kind === 'array' && operand.kind !== 'tensor' && isElementwise(stmt.op)) {
      // Its values changed: labels no longer run 0 … classes − 1 (for every name bound to it, as in Python).
      delete current.classes;
      return;
    }
    this.assign(stmt.target, this.binary(stmt.op, current, operand, stmt), scope);
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

  private loopStopped(at: Span): void {
    this.session.report(
      'error',
      trans.__('loop stopped after %1 iterations; the model may be incomplete', LIMITS.loopIterations.toLocaleString('en-US')),
      this.loc(at.from)
    );
  }

  private execFor(stmt: Stmt & { kind: 'for' }, scope: Scope): Signal {
    let iterable = this.eval(stmt.iter, scope);
    if (isDataset(iterable)) {
      const first = firstElement(iterable);
      if (first.kind !== 'unknown')
        return this.loopOnce(
          stmt,
          first,
          scope,
          trans.__('set or changed in the loop at line %1, over a dataset whose length is not followed', this.loc(stmt.from).line)
        );
      iterable = first;
    }
    const followed = iterable.kind === 'range' || this.itemsOf(iterable) !== null;
    // A name from a module the reader does not read (`from utils import batches`): values it does not know.
    if (iterable.kind === 'module') iterable = unknown(trans.__('`%1` is not known statically', iterable.path));
    if (!followed) return this.loopNotFollowed(stmt, iterable, scope);
    const items = this.iterate(iterable, stmt.iter.kind === 'tuple' && stmt.iter.bare ? (stmt.iter.items[0] as Expr) : stmt.iter);
    let count = 0;
    for (const item of items) {
      if (++count > LIMITS.loopIterations) {
        this.loopStopped(stmt);
        break;
      }
      this.assignTargets(stmt.targets, item, scope);
      const turn = this.turnStart();
      const signal = this.execBody(stmt.body, scope);
      if (signal?.kind === 'break') break;
      if (signal?.kind === 'return') return signal;
      if (this.onlyTrained(turn, stmt.body, scope)) {
        this.skipTraining(stmt, scope, stmt.targets);
        break;
      }
    }
    return null;
  }

  private turnStart(): ITurn {
    const { calls, names } = this.session;
    return { runs: calls.runs, summaries: calls.summaries, names: names.issued };
  }

  /**
   * Whether the loop's turn since `start` ran a model on data (fit, train_on_batch, predict, …) and did nothing
   * else Keras sees: no layer or model made, no summary printed. Such a turn is a training loop's; its later
   * turns change only weights, which no summary shows.
   */
  private onlyTrained(start: ITurn, body: Stmt[], scope: Scope): boolean {
    const now = this.turnStart();
    // A body that adds to or pops from a model (on some turns: `if epoch == 5: model.add(…)`) is read turn by turn.
    return now.runs > start.runs && now.summaries === start.summaries && now.names === start.names && !this.addsToModels(body, scope);
  }

  /**
   * The later turns of a training loop are not read (epochs × batches of train_on_batch would spend the budget on
   * what no summary shows): what the body sets or changes is unknown after it, quietly (losses, batches, metrics).
   */
  private skipTraining(stmt: Stmt & { kind: 'for' | 'while' }, scope: Scope, targets: Item[] = []): void {
    const why = trans.__('set or changed in the training loop at line %1, whose later turns are not followed', this.loc(stmt.from).line);
    this.forgetEffects(stmt.body, scope, why, stmt, targets);
  }

  /**
   * Statements the reader cannot run (a loop over values it does not know) leave nothing as it was:
   * every name they assign becomes unknown with `why`, every list, dict, set or object they change in place
   * (`x.append(…)`, `d[k] = …`, `cfg.n = …`) becomes unknown in place, and a Sequential model they add to
   * gets an unknown row, so no count after them is stated as if they had not run.
   */
  private forgetEffects(body: Stmt[], scope: Scope, why: string, at: Span, targets: Item[] = []): void {
    const { assigned, changed } = effectsOf(body);
    // Work like any other: a statement forgotten on every turn of a long loop is bounded by the budget.
    this.charge(assigned.size + changed.size + targets.length, at);
    for (const name of [...assigned, ...targetNames(targets)]) scope.vars.set(name, unknown(why));
    for (const [name, how] of changed) {
      if (assigned.has(name)) continue;
      const v = scope.lookup(name);
      if (!v) continue;
      if (v.kind === 'model' && v.model.kind === 'sequential' && (how.has('add') || how.has('pop'))) {
        const location = this.loc(at.from);
        this.runtime.method(v.model, 'add', { positional: [{ value: unknown(why), location }], keywords: new Map() }, location);
      } else if (changesInPlace(v)) poison(v, why);
    }
  }

  /**
   * A loop over values the reader cannot list. A subclassed model the body calls (`logits = model(x_batch)`)
   * is built there, on that data. Over unknown values, the body is read once on them (`for train, test in
   * kfold.split(x):` building a model each time), unless it adds to a model from before the loop: its rows
   * would be stated for a loop that may not run. Either way, what it sets or changes is unknown after it.
   */
  private loopNotFollowed(stmt: Stmt & { kind: 'for' }, iterable: Value, scope: Scope): Signal {
    const why = trans.__('set or changed in the loop at line %1, over values not known statically', this.loc(stmt.from).line);
    if (iterable.kind === 'unknown')
      for (const model of calledModels(stmt.body, scope))
        this.classes.builtOnUnknownData(
          model,
          trans.__('%1 is built by a call in a loop over data not known statically (%2)', model.name, iterable.why),
          this.loc(stmt.from)
        );
    // Read once on unknown values, quietly: what it sets says why it is unknown wherever a model needs it (a loop
    // that plots, loads batches or runs a model on them changes nothing else worth a word).
    if (iterable.kind === 'unknown' && !this.addsToModels(stmt.body, scope)) return this.loopOnce(stmt, iterable, scope, why);
    this.forgetEffects(stmt.body, scope, why, stmt, stmt.targets);
    const error = this.notIterable(iterable, stmt.iter);
    EFFECTS_FORGOTTEN.add(error);
    throw error;
  }

  /**
   * A loop whose elements the reader cannot list, read once on `first`: a dataset's first batch (a model called
   * there is built on it, as Keras builds it) or an unknown value. How many times it runs is not followed, so what
   * it sets or changes is unknown after it, except the models it builds (each run builds them alike).
   */
  private loopOnce(stmt: Stmt & { kind: 'for' }, first: Value, scope: Scope, why: string): Signal {
    this.assignTargets(stmt.targets, first, scope);
    const signal = this.execBody(stmt.body, scope);
    const models = new Map<string, Value>();
    // A model the body builds is kept: each run builds it alike, from what is known (what is not is unknown in it).
    for (const [name, v] of scope.vars) if (v.kind === 'model') models.set(name, v);
    this.forgetEffects(stmt.body, scope, why, stmt, stmt.targets);
    for (const [name, v] of models) if (scope.vars.get(name)?.kind === 'unknown') scope.vars.set(name, v);
    return signal?.kind === 'return' ? signal : null;
  }

  /** Whether statements add to (or pop from) a Sequential model bound before them: reading them once would state a row that may not exist. */
  private addsToModels(body: Stmt[], scope: Scope): boolean {
    for (const [name, how] of effectsOf(body).changed) {
      const v = scope.lookup(name);
      if (v?.kind === 'model' && (how.has('add') || how.has('pop'))) return true;
    }
    return false;
  }

  /** The items of an iterable value, lazily for `range`. */
  private *iterate(value: Value, at: Span): Generator<Value> {
    if (value.kind === 'range') {
      for (let i = value.start; value.step > 0n ? i < value.stop : i > value.stop; i += value.step) yield int(i);
      return;
    }
    const items = this.itemsOf(value);
    if (items) {
      yield* [...items];
      return;
    }
    throw this.notIterable(value, at);
  }

  private notIterable(value: Value, at: Span): AnalysisError {
    return new AnalysisError(
      value.kind === 'unknown'
        ? trans.__('cannot loop over %1 statically (%2); layers added in this loop are not counted', describe(value), value.why)
        : trans.__('cannot loop over %1 statically; layers added in this loop are not counted', describe(value)),
      this.loc(at.from)
    );
  }

  /** `while cond:` with a condition known at every turn, within the loop limit. */
  private execWhile(stmt: Stmt & { kind: 'while' }, scope: Scope): Signal {
    for (let count = 0; ; count++) {
      const t = truthy(this.eval(stmt.test, scope));
      if (t === null) {
        this.session.report(
          'warning',
          trans.__("the condition of this 'while' loop (`%1`) is not known statically; layers added inside are not counted", this.src(stmt.test, 40)),
          this.loc(stmt.from)
        );
        this.forgetEffects(
          stmt.body,
          scope,
          trans.__("set or changed in the 'while' loop at line %1, whose condition is not known statically", this.loc(stmt.from).line),
          stmt
        );
        return null;
      }
      if (!t) return null;
      if (count >= LIMITS.loopIterations) {
        this.loopStopped(stmt);
        return null;
      }
      const turn = this.turnStart();
      const signal = this.execBody(stmt.body, scope);
      if (signal?.kind === 'break') return null;
      if (signal?.kind === 'return') return signal;
      if (this.onlyTrained(turn, stmt.body, scope)) {
        this.skipTraining(stmt, scope);
        return null;
      }
    }
  }

  private execIf(stmt: Stmt & { kind: 'if' }, scope: Scope): Signal {
    for (let i = 0; i < stmt.branches.length; i++) {
      const { test, body } = stmt.branches[i];
      if (!test) return this.execBody(body, scope);
      const t = truthy(this.eval(test, scope));
      if (t === null) return this.branchNotKnown(stmt, i, scope);
      if (t) return this.execBody(body, scope);
    }
    return null;
  }

  /**
   * An `if` whose condition at branch `from` the reader cannot decide. The first undecided branch is read
   * (the models and summaries it makes are the code's), but nothing it may not have done is kept as fact: what
   * the other branches set or change becomes unknown, and so do the names it rebinds and the objects from before
   * it changes in place, as either may have stayed as they were. A name the branch binds for the first time keeps
   * its value when no other branch binds it (using it later means the branch ran). A branch that adds to a model
   * from before is not read at all: its rows would be stated for a branch that may not have run.
   */
  private branchNotKnown(stmt: Stmt & { kind: 'if' }, from: number, scope: Scope): Signal {
    const test = stmt.branches[from].test!;
    const condition = this.src(test, 60);
    const line = this.loc(test.from).line;
    const why = trans.__('set or changed under the condition `%1` at line %2, which is not known statically', condition, line);
    const undecided = stmt.branches.slice(from).map(b => b.body);
    const [first, ...others] = undecided;
    if (undecided.some(body => this.addsToModels(body, scope))) {
      this.session.report(
        'warning',
        trans.__('condition `%1` is not known statically; what its branches add to a model, set or change is unknown after it', condition),
        this.loc(test.from)
      );
      this.forgetEffects(allBranches(stmt, from), scope, why, stmt);
      return null;
    }
    const own = effectsOf(first);
    const rebound = [...own.assigned].filter(name => scope.lookup(name) !== undefined);
    const changedBefore = [...own.changed.keys()].filter(name => !own.assigned.has(name) || rebound.includes(name));
    const forgets = others.some(body => effectsOf(body).assigned.size || effectsOf(body).changed.size) || rebound.length || changedBefore.length;
    const at = this.session.diagnostics.length;
    const names = this.session.names.issued;
    const signal = this.execBody(first, scope);
    // Said where the branch read makes layers or models (the summary shows that branch's) or returns; a branch that
    // only prepares data (`embedding_matrix[i] = vector`) is quiet: what it sets says why wherever a model needs it.
    if (this.session.names.issued !== names || signal?.kind === 'return')
      this.session.report(
        'warning',
        forgets
          ? trans.__(
              'condition `%1` is not known statically; its first branch is read, and what its branches set or change is unknown after it',
              condition
            )
          : trans.__('condition `%1` is not known statically; its first branch is read', condition),
        this.loc(test.from),
        at
      );
    if (others.length) this.forgetEffects(allBranches(stmt, from + 1), scope, why, stmt);
    this.charge(rebound.length + changedBefore.length, stmt);
    for (const name of rebound) scope.vars.set(name, unknown(why));
    for (const name of changedBefore) {
      const v = scope.lookup(name);
      if (v && changesInPlace(v)) poison(v, why);
    }
    // A `return` in the branch is one of the ways out of the function: what it returns may not be what the call gives.
    if (signal?.kind === 'return')
      return {
        kind: 'return',
        value: unknown(trans.__('returned under the condition `%1` at line %2, which is not known statically', condition, line))
      };
    return signal;
  }

  private makeFunction(name: string, params: IParam[], body: Stmt[] | Expr, isLambda: boolean, scope: Scope): IPyFunction {
    const bound: IPyFunction['params'] = params.map(p => ({
      name: p.name,
      defaultValue: p.default ? this.eval(p.default, scope) : null,
      star: p.star,
      keywordOnly: p.keywordOnly
    }));
    // A method's free names resolve past its class body (Python's scoping rule).
    let closure = scope;
    while (closure.classOf && closure.parent) closure = closure.parent;
    const source = { source: this.source, cell: this.cell };
    return { name, params: bound, body, isLambda, closure, cell: this.cell, source, method: scope.classOf ?? undefined };
  }

  // ---------------------------------------------------------------- expressions

  eval(node: Expr, scope: Scope): Value {
    this.tick(node);
    if (++this.depth > LIMITS.nesting) {
      this.depth = 0;
      throw new AnalysisError(trans.__('expression nested more than %1 levels deep; it is not analysed', LIMITS.nesting), this.loc(node.from));
    }
    try {
      return this.evalNode(node, scope);
    } finally {
      this.depth--;
    }
  }

  private evalNode(node: Expr, scope: Scope): Value {
    switch (node.kind) {
      case 'const':
        return node.value;
      case 'unknownLiteral':
        return unknown(
          node.what === 'complex' ? trans.__('a complex number') : node.what === 'string' ? trans.__('a string') : trans.__('an f-string')
        );
      case 'concat': {
        const parts = node.parts.map(p => this.eval(p, scope));
        const bad = parts.find(p => p.kind !== 'str');
        return bad ?? str(parts.map(p => (p as { value: string }).value).join(''));
      }
      case 'fstring':
        return this.formatString(node, scope);
      case 'ellipsis':
        return unknown('...');
      case 'name':
        return this.lookup(node.id, node, scope);
      case 'paren':
        return node.inner ? this.eval(node.inner, scope) : unknown(trans.__('an expression'));
      case 'named': {
        const value = this.eval(node.value, scope);
        this.assign(node.target, value, scope);
        return value;
      }
      case 'tuple':
      case 'list': {
        if (node.bare) return { kind: 'tuple', items: node.items.map(i => this.eval(i as Expr, scope)) };
        if (this.held > LIMITS.heldElements) return this.notHeld();
        const items = this.evalItems(node.items, scope);
        this.held += items.length;
        return { kind: node.kind, items };
      }
      case 'dict': {
        if (this.held > LIMITS.heldElements) return this.notHeld();
        this.held += node.held;
        const entries: Array<[Value, Value]> = [];
        for (const [k, v] of node.entries) entries.push([this.eval(k, scope), this.eval(v, scope)]);
        return { kind: 'dict', entries };
      }
      case 'data':
        return this.data(node);
      case 'listComp':
        return this.comprehension(node, scope);
      case 'dictComp':
        return this.dictComprehension(node, scope);
      case 'set': {
        if (this.held > LIMITS.heldElements) return this.notHeld();
        const items = this.evalItems(node.items, scope);
        this.held += items.length;
        this.charge(items.length, node);
        return makeSet(items);
      }
      case 'unary':
        return this.unary(node, scope);
      case 'binary':
        return this.binaryExpression(node, scope);
      case 'conditional': {
        const t = truthy(this.eval(node.test, scope));
        if (t === null) return unknown(trans.__('the condition `%1` is not known statically', this.src(node.test, 40)));
        return this.eval(t ? node.then : node.otherwise, scope);
      }
      case 'lambda':
        if (!node.params)
          return { kind: 'function', fn: { name: '<lambda>', params: [], body: node.body, isLambda: true, closure: scope, cell: this.cell } };
        return { kind: 'function', fn: this.makeFunction('<lambda>', node.params, node.body, true, scope) };
      case 'attribute':
        return this.attribute(this.eval(node.object, scope), node.name, node);
      case 'subscript':
        return this.member(node, scope);
      case 'call':
        return this.call(node, scope);
      default:
        return unknown(trans.__('`%1` is not followed statically', this.src(node, 40)));
    }
  }

  /**
   * A display of constants lowered compactly: built only within the cap on data kept (as a whole: a
   * literal is kept entirely or not at all), its elements charged as work, not as evaluation steps.
   */
  private data(node: Expr & { kind: 'data' }): Value {
    // Refused whole, it holds nothing: displays after it (the model's layers) are still kept.
    if (this.held + node.elements > LIMITS.heldElements) return this.notHeld();
    this.charge(node.elements, node);
    this.held += node.elements;
    return node.build();
  }

  /** An f-string whose fields are known: `f"block_{i}"`, `f"{n:03d}"`, `f"{name!r}"`. */
  private formatString(node: Expr & { kind: 'fstring' }, scope: Scope): Value {
    let out = '';
    for (const piece of node.pieces) {
      if (typeof piece === 'string') {
        out += piece;
        continue;
      }
      if (!piece.expr) return unknown(trans.__('an f-string'));
      const v = this.eval(piece.expr, scope);
      const text = formatField(v, piece.spec, piece.conversion);
      if (text === null)
        return unknown(
          v.kind === 'unknown'
            ? trans.__('the f-string field `%1` (%2)', this.src(piece, 30), v.why)
            : trans.__('the f-string field `%1`', this.src(piece, 30))
        );
      out += text;
    }
    this.charge(out.length, node);
    return out.length > VALUE_CAPS.chars ? unknown(trans.__('an f-string longer than the cap')) : str(out);
  }

  private evalItems(items: Item[], scope: Scope): Value[] {
    const out: Value[] = [];
    for (const item of items) {
      if (item.kind === 'spread') {
        const spread = sequenceItems(this.eval(item.value, scope));
        if (spread) out.push(...spread);
        else out.push(unknown(trans.__('a starred expression')));
      } else out.push(this.eval(item, scope));
    }
    return out;
  }

  private comprehension(node: Expr & { kind: 'listComp' }, scope: Scope): Value {
    const out: Value[] = [];
    const why = this.comprehend(node, node.clauses, scope, local => out.push(this.eval(node.element, local)));
    if (why !== null) return unknown(why);
    if (node.into === 'set') {
      this.charge(out.length, node);
      return makeSet(out);
    }
    return { kind: 'list', items: out };
  }

  /** `{k: v for …}`: a later value for an equal key replaces the earlier one. */
  private dictComprehension(node: Expr & { kind: 'dictComp' }, scope: Scope): Value {
    const entries: Array<[Value, Value]> = [];
    const why = this.comprehend(node, node.clauses, scope, local => entries.push([this.eval(node.key, local), this.eval(node.value, local)]));
    if (why !== null) return unknown(why);
    this.charge(entries.length, node);
    return dictFromEntries(entries);
  }

  /**
   * Runs `emit` once per element of the clauses, in a scope of their own. Returns why the comprehension's
   * value is unknown (it iterates over values not known statically), else null.
   */
  private comprehend(node: Span, clauses: ComprehensionClause[], scope: Scope, emit: (local: Scope) => void): string | null {
    const local = new Scope(scope);
    let unknownWhy: string | null = null;
    const run = (i: number): void => {
      if (unknownWhy !== null) return;
      if (i >= clauses.length) {
        emit(local);
        return;
      }
      const clause = clauses[i];
      if (clause.kind === 'for') {
        const iterable = this.eval(clause.iter, local);
        if (iterable.kind === 'unknown' || (iterable.kind !== 'range' && !this.itemsOf(iterable))) {
          unknownWhy =
            iterable.kind === 'unknown'
              ? trans.__('a comprehension over %1 (%2)', this.src(clause.iter, 40), iterable.why)
              : trans.__('a comprehension over %1, which is not known statically', this.src(clause.iter, 40));
          return;
        }
        let count = 0;
        for (const item of this.iterate(iterable, clause.iter)) {
          if (++count > LIMITS.loopIterations)
            throw new AnalysisError(trans.__('comprehension stopped after %1 items', LIMITS.loopIterations), this.loc(node.from));
          this.assignTargets(clause.targets, item, local);
          run(i + 1);
        }
      } else {
        const t = truthy(this.eval(clause.test, local));
        // An element kept or not on a condition the reader does not know: the result is not known either.
        if (t === null) unknownWhy = trans.__('a comprehension whose condition `%1` is not known statically', this.src(clause.test, 40));
        else if (t) run(i + 1);
      }
    };
    run(0);
    return unknownWhy;
  }

  private lookup(name: string, node: Span, scope: Scope): Value {
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
    // Snippets (a Q&A answer, a tutorial's excerpt) leave out their imports: the names everyone imports the same way.
    const conventional = CONVENTIONAL_IMPORTS[name];
    if (conventional) {
      if (!this.guessedImports.has(name)) {
        this.guessedImports.add(name);
        this.session.report('warning', trans.__("name '%1' is not imported; read as %2", name, conventional), this.loc(node.from));
      }
      return { kind: 'module', path: conventional };
    }
    // `keras.layers.X` resolves any capitalized X (as a layer the catalogue does not know): `Sequential` and `Model`
    // are found under `keras.X`.
    const guess = [`keras.layers.${name}`, `keras.${name}`].map(resolveKeras).find(c => c !== null && c.kind !== 'unknownLayer');
    if (guess) {
      const path = guess.kind === 'layer' || guess.kind === 'mergeFunction' || guess.kind === 'inputLayer' ? `keras.layers.${name}` : `keras.${name}`;
      this.session.report('warning', trans.__("name '%1' is not imported; read as %2", name, path), this.loc(node.from));
      return { kind: 'kerasClass', cls: guess };
    }
    return unknown(trans.__("'%1' is not defined in the analysed source", name));
  }

  private unary(node: Expr & { kind: 'unary' }, scope: Scope): Value {
    const v = this.eval(node.operand, scope);
    const o = node.op;
    if (o === 'not') {
      const t = truthy(v);
      return t === null ? unknown(trans.__('not of an unknown value')) : { kind: 'bool', value: !t };
    }
    if (v.kind === 'int') return o === '-' ? int(-v.value) : o === '~' ? int(~v.value) : v;
    if (v.kind === 'float') return o === '-' ? { kind: 'float', value: -v.value } : v;
    if (v.kind === 'bool') return int(o === '-' ? -BigInt(v.value) : BigInt(v.value));
    if (v.kind === 'tensor') return this.keras(this.runtime.tensorOp('negative', [v.tensor], v.tensor.shape, this.loc(node.from)));
    return unknown(trans.__('%1 of %2', o, describe(v)));
  }

  private binaryExpression(node: Expr & { kind: 'binary' }, scope: Scope): Value {
    const op = node.op;
    if (op === 'and' || op === 'or') {
      const l = this.eval(node.left, scope);
      const t = truthy(l);
      if (t === null) return unknown(`\`${this.src(node, 40)}\``);
      return (op === 'and') === t ? this.eval(node.right, scope) : l;
    }
    return this.binary(op, this.eval(node.left, scope), this.eval(node.right, scope), node);
  }

  private binary(op: string, a: Value, b: Value, node: Span): Value {
    if (a.kind === 'tensor' || b.kind === 'tensor') return this.keras(this.runtime.tensorBinary(op, toConfig(a), toConfig(b), this.loc(node.from)));
    const num = (v: Value): bigint | number | null =>
      v.kind === 'int' ? v.value : v.kind === 'float' ? v.value : v.kind === 'bool' ? BigInt(v.value) : null;
    const x = num(a);
    const y = num(b);
    if (x !== null && y !== null) return arithmetic(op, x, y, node, this);
    if (a.kind === 'array' || b.kind === 'array') {
      const elementwise = arrayArithmetic(op, a, b);
      if (elementwise) return elementwise;
    }
    if (op === '+' && a.kind === 'str' && b.kind === 'str') {
      if (a.value.length + b.value.length > VALUE_CAPS.chars)
        return unknown(trans.__('a string longer than %1 characters', VALUE_CAPS.chars.toLocaleString('en-US')));
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
          a.kind === 'str'
            ? trans.__('a str of %1 characters (past the cap of %2)', size.toLocaleString('en-US'), cap.toLocaleString('en-US'))
            : trans.__('a %1 of %2 items (past the cap of %3)', a.kind, size.toLocaleString('en-US'), cap.toLocaleString('en-US'))
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
        if (a.kind === 'unknown' || b.kind === 'unknown') return unknown(trans.__('identity of an unknown value'));
        const same = a.kind === b.kind;
        return { kind: 'bool', value: op === 'is' ? same : !same };
      }
    }
    if (op === 'in' || op === 'not in') {
      const found = membership(a, b);
      if (found !== null) return { kind: 'bool', value: op === 'in' ? found : !found };
    }
    if (a.kind === 'set' && b.kind === 'set') {
      const result = setOperation(op, a, b);
      if (result) {
        this.charge(a.items.length + b.items.length, node);
        return result;
      }
    }
    // Keep the first reason something is unknown: it is the one worth telling.
    if (a.kind === 'unknown') return a;
    if (b.kind === 'unknown') return b;
    return unknown(trans.__('`%1` is not known statically', this.src(node, 40)));
  }

  private member(node: Expr & { kind: 'subscript' }, scope: Scope): Value {
    const object = this.eval(node.object, scope);
    if (object.kind === 'tensor') {
      const items = this.indexItems(node.items, scope);
      const shape = items && object.tensor.shape ? indexShape(object.tensor.shape, items) : null;
      return this.keras(this.runtime.tensorOp('getitem', [object.tensor], shape, this.loc(node.from)));
    }
    if (node.items.some(i => i.kind === 'slice')) return this.slice(object, node.items, node, scope);
    if (node.items.length !== 1) {
      if (object.kind === 'unknown') return object;
      // numpy's indexing: `x[..., np.newaxis]`, `x[0, 1]`.
      if (object.kind === 'array') {
        const items = object.shape ? this.indexItems(node.items, scope) : null;
        return array(items && object.shape ? indexShape([...object.shape], items) : null, object.dtype);
      }
      return unknown(trans.__('the index `%1`', this.src(node, 40)));
    }
    const index = this.eval((node.items[0] as IndexNode & { kind: 'index' }).value, scope);
    return this.subscript(object, index, node);
  }

  /** `items[a:b:c]` on a list, tuple, string or array (`x_train.shape[1:]`). */
  private slice(object: Value, inside: IndexNode[], node: Span, scope: Scope): Value {
    if (object.kind === 'unknown') return object;
    const items = this.indexItems(inside, scope);
    const one = items?.length === 1 && items[0].kind === 'slice' ? items[0] : null;
    if (object.kind === 'array') {
      if (!items || !object.shape) return array(null, object.dtype);
      const shape = indexShape([...object.shape], items);
      return array(shape, object.dtype);
    }
    const seq = sequenceItems(object) ?? (object.kind === 'str' ? [...object.value] : null);
    if (!one || !seq) return unknown(trans.__('the slice `%1`', this.src(node, 40)));
    const n = BigInt(seq.length);
    const step = one.step ?? 1n;
    if (step === 0n) throw new AnalysisError(trans.__('slice step cannot be zero'), this.loc(node.from));
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
  private indexItems(nodes: IndexNode[], scope: Scope): IndexItem[] | null {
    const items: IndexItem[] = [];
    const asInt = (n: Expr | null): bigint | null | false => {
      if (!n) return null;
      const v = this.eval(n, scope);
      return v.kind === 'int' ? v.value : v.kind === 'none' ? null : false;
    };
    for (const g of nodes) {
      if (g.kind === 'slice') {
        const [start, stop, step] = [g.start, g.stop, g.step].map(asInt);
        if (start === false || stop === false || step === false) return null;
        items.push({ kind: 'slice', start, stop, step });
      } else if (g.value.kind === 'ellipsis') items.push({ kind: 'ellipsis' });
      else {
        const v = this.eval(g.value, scope);
        if (v.kind === 'none') items.push({ kind: 'newaxis' });
        else if (v.kind === 'int') items.push({ kind: 'int', value: v.value });
        else return null;
      }
    }
    return items;
  }

  private subscript(object: Value, index: Value, node: Span): Value {
    if (object.kind === 'unknown') return object;
    if (index.kind === 'unknown') return unknown(trans.__('`%1`: its index is not known statically (%2)', this.src(node, 40), index.why));
    const items = sequenceItems(object) ?? (object.kind === 'str' ? [...object.value].map(str) : null);
    const i = index.kind === 'int' ? index.value : index.kind === 'bool' ? BigInt(index.value) : null;
    if (items && i !== null) {
      const at = Number(i < 0n ? BigInt(items.length) + i : i);
      if (at < 0 || at >= items.length)
        throw new AnalysisError(trans.__('index %1 is out of range for %2', i, describe(object)), this.loc(node.from));
      return items[at];
    }
    if (object.kind === 'range' && i !== null) {
      const n = rangeLength(object);
      const at = i < 0n ? n + i : i;
      if (at < 0n || at >= n) throw new AnalysisError(trans.__('range index %1 out of range', i), this.loc(node.from));
      return int(object.start + at * object.step);
    }
    if (object.kind === 'dict') {
      const hit = object.entries.find(e => equalValues(e[0], index) === true);
      if (hit) return hit[1];
      if (object.entries.every(e => equalValues(e[0], index) === false))
        throw new AnalysisError(trans.__('KeyError: %1', describe(index)), this.loc(node.from));
    }
    if (object.kind === 'array' && index.kind === 'array') return arrayIndexedBy(object, index);
    if (object.kind === 'array') return array(object.shape && i !== null ? object.shape.slice(1) : null, object.dtype);
    return unknown(trans.__('`%1` is not known statically', this.src(node, 40)));
  }

  private attribute(object: Value, name: string, node: Span): Value {
    switch (object.kind) {
      case 'module': {
        const path = `${object.path}.${name}`;
        // `x[..., np.newaxis]`: numpy's and TensorFlow's newaxis is None.
        if (path === 'numpy.newaxis' || path === 'tensorflow.newaxis') return NONE;
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
        // Keras wraps the instance's build(): `model.build(shape)` runs the class's and marks the model built.
        if (found?.kind === 'function' && name === 'build' && this.classes.wrapsBuild(layer))
          return { kind: 'builtin', name: `method:${name}`, owner: object };
        if (found?.kind === 'function') return { kind: 'bound', fn: found.fn, self: object };
        if (found !== undefined) return found;
        const attr = this.runtime.attribute(layer, name, this.loc(node.from));
        if (attr !== undefined) return this.keras(attr);
        return { kind: 'builtin', name: `method:${name}`, owner: object };
      }
      case 'tensor':
        if (name === 'shape') return this.keras(shapeValue(object.tensor.shape));
        if (name === 'dtype') return unknown(trans.__('the dtype of a symbolic tensor'));
        return unknown(trans.__('the tensor attribute .%1', name));
      case 'array': {
        const attr = arrayAttribute(object, name);
        return attr ?? { kind: 'builtin', name: `method:${name}`, owner: object };
      }
      case 'instance': {
        const own = object.attrs.get(name);
        if (own !== undefined) return own;
        const found = classAttr(object.cls, name);
        if (found?.kind === 'function') return { kind: 'bound', fn: found.fn, self: object };
        // A method of a library object (an argparse parser): bound to it.
        if (found?.kind === 'builtin' && found.name.startsWith('method:')) return { ...found, owner: object };
        if (found !== undefined) return found;
        return unknown(trans.__("%1 object has no attribute '%2' known statically", object.cls.name, name));
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
        return unknown(trans.__('super().%1 is not known statically', name));
      }
      case 'userClass': {
        const found = classAttr(object.cls, name);
        return found ?? unknown(trans.__("class %1 has no attribute '%2' known statically", object.cls.name, name));
      }
      case 'list':
      case 'tuple':
      case 'dict':
      case 'set':
      case 'str':
      case 'range':
        return { kind: 'builtin', name: `method:${name}`, owner: object };
      case 'int':
      case 'float':
        // `tf.reduce_prod(shape).numpy()`: a scalar's own methods (method() answers .numpy() and .item()).
        if (name === 'numpy' || name === 'item') return { kind: 'builtin', name: `method:${name}`, owner: object };
        return unknown(`\`${this.src(node, 40)}\``);
      case 'unknown':
        return object;
      case 'kerasClass':
        if (name === 'from_preset')
          return {
            kind: 'kerasClass',
            cls: { ...object.cls, kind: 'kernelOnly', path: `${object.cls.path}.from_preset`, reason: trans.__('loads a pretrained preset') }
          };
        return unknown(`\`${this.src(node, 40)}\``);
      default:
        return unknown(`\`${this.src(node, 40)}\``);
    }
  }

  // ---------------------------------------------------------------- calls

  private callArgs(args: Arg[], scope: Scope): IPyArgs {
    const positional: IPyArg[] = [];
    const keywords = new Map<string, IPyArg>();
    for (const a of args) {
      switch (a.kind) {
        case 'keyword':
          keywords.set(a.name, { value: this.eval(a.value, scope), location: this.loc(a.from) });
          break;
        case 'star':
        case 'starstar': {
          const v = this.eval(a.value, scope);
          const items = a.kind === 'star' ? this.itemsOf(v) : null;
          if (items) for (const item of items) positional.push({ value: item, location: this.loc(a.from) });
          else if (a.kind === 'starstar' && v.kind === 'dict') {
            for (const [k, val] of v.entries) if (k.kind === 'str') keywords.set(k.value, { value: val, location: this.loc(a.from) });
          } else {
            const what = `${a.kind === 'star' ? '*' : '**'}${this.src(a, 30)}`;
            throw new NotExpandedError(
              v.kind === 'unknown'
                ? trans.__('`%1` cannot be expanded statically (%2)', what, v.why)
                : trans.__('`%1` cannot be expanded statically', what),
              this.loc(a.from)
            );
          }
          break;
        }
        case 'generator':
          return { positional: [{ value: unknown(trans.__('a generator expression')), location: this.loc(a.from) }], keywords };
        default:
          positional.push({ value: this.eval(a.value, scope), location: this.loc(a.from) });
      }
    }
    return { positional, keywords };
  }

  private call(node: Expr & { kind: 'call' }, scope: Scope): Value {
    const calleeNode = node.callee;
    if (calleeNode.kind === 'name' && calleeNode.id === 'super' && scope.lookup('super') === undefined) return this.superOf(scope, node);
    const callee = this.eval(calleeNode, scope);
    let args: IPyArgs;
    try {
      args = this.callArgs(node.args, scope);
    } catch (e) {
      // `zip(*pairs)` of a list the reader does not know: a result it does not know. A call into Keras or the
      // source's own code with arguments it cannot list stays an error (layers it would add are not counted).
      if (e instanceof NotExpandedError && !intoKerasOrSource(callee)) return unknown(e.message);
      throw e;
    }
    return this.apply(callee, args, node, calleeNode);
  }

  /** Arguments as Keras sees them: neutral config values, snapshots of the Python ones. */
  private configArgs(args: IPyArgs): ICallArgs {
    // A value that is its own config (a number, a string: most arguments) keeps its argument object.
    const conv = (a: IPyArg): ICallArgs['positional'][number] => {
      const value = toConfig(a.value);
      return value === a.value ? (a as ICallArgs['positional'][number]) : { value, location: a.location };
    };
    // The runtime never changes the arguments it is given (it copies what it rewrites), and the reader copies
    // them before binding a function's parameters: keywords that are all their own config are passed as they are.
    let keywords: ICallArgs['keywords'] | null = null;
    for (const [k, a] of args.keywords) {
      const c = conv(a);
      if (keywords) keywords.set(k, c);
      else if (c !== a) {
        keywords = new Map();
        for (const [before, b] of args.keywords) {
          if (before === k) break;
          keywords.set(before, b as ICallArgs['positional'][number]);
        }
        keywords.set(k, c);
      }
    }
    return { positional: args.positional.map(conv), keywords: keywords ?? (args.keywords as ICallArgs['keywords']) };
  }

  /** A value the Keras runtime returned, back in Python. */
  private keras(v: ConfigValue): Value {
    return fromConfig(v);
  }

  private apply(callee: Value, args: IPyArgs, node: Span, calleeNode: Expr): Value {
    const location = this.loc(node.from);
    switch (callee.kind) {
      case 'kerasClass':
        return this.keras(this.runtime.construct(callee.cls, this.configArgs(args), location));
      case 'layer':
      case 'model': {
        const layer = callee.kind === 'layer' ? callee.layer : callee.model;
        const config = this.configArgs(args);
        return this.keras(this.classes.callOnData(layer, config, location) ?? this.runtime.callLayer(layer, config, location));
      }
      case 'function':
        return this.callFunction(callee.fn, args, node);
      case 'bound':
        return this.callFunction(callee.fn, { positional: [{ value: callee.self, location }, ...args.positional], keywords: args.keywords }, node);
      case 'builtin':
        return this.callBuiltin(callee, args, node);
      case 'userClass':
        return this.instantiate(callee.cls, args, node);
      case 'partial':
        return this.apply(
          callee.fn,
          { positional: [...callee.positional, ...args.positional], keywords: new Map([...callee.keywords, ...args.keywords]) },
          node,
          calleeNode
        );
      case 'unknown': {
        // `x.reshape((x.shape[0], x.shape[1], 1))` of data the reader does not hold: numpy's reshape gives that rank and
        // the sizes written (a model's `input_shape=x.shape[1:]` then has its channel axis).
        const a = args.positional.map(x => x.value);
        if (calleeNode.kind === 'attribute' && calleeNode.name === 'reshape' && a.length && !args.keywords.size) {
          const reshaped = reshapedTo(a.length === 1 ? a[0] : { kind: 'tuple', items: a });
          if (reshaped.kind === 'array') return reshaped;
        }
        this.warnUnknownCall(args, calleeNode, callee);
        for (const a of [...args.positional, ...args.keywords.values()]) {
          if (a.value.kind === 'tensor') return this.keras(this.runtime.tensorOp(this.src(calleeNode, 40), [a.value.tensor], null, location));
        }
        return unknown(trans.__('`%1(…)` is not known statically', this.src(calleeNode, 40)));
      }
      case 'module': {
        if (callee.path === 'functools.partial') return partial(args, location);
        // keras.backend.image_data_format(): Keras's default (a keras.json the engine cannot read may say otherwise).
        if (/(^|\.)backend\.image_data_format$/.test(callee.path) && !args.positional.length) return { kind: 'str', value: 'channels_last' };
        const data =
          tensorConstructor(
            callee.path,
            args.positional.map(a => a.value),
            args
          ) ??
          arrayFunction(
            callee.path,
            args.positional.map(a => a.value),
            args
          );
        if (data) return data;
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
        throw new AnalysisError(trans.__('%1 is not callable', describe(callee)), location);
    }
  }

  /**
   * A call the reader cannot follow may change the mutable things it is given: a model passed to it
   * is flagged (its summary may be incomplete) and a list becomes unknown, so no count is stated wrong.
   */
  private warnUnknownCall(args: IPyArgs, calleeNode: Span, callee: Value): void {
    for (const a of [...args.positional, ...args.keywords.values()]) {
      const v = a.value;
      if (v.kind === 'model' && v.model.kind === 'sequential') {
        const code = this.src(calleeNode, 40);
        this.session.report(
          'warning',
          callee.kind === 'unknown'
            ? trans.__('`%1(…)` is not known statically (%2); if it changes %3, its summary does not show it', code, callee.why, v.model.name)
            : trans.__('`%1(…)` is not known statically; if it changes %2, its summary does not show it', code, v.model.name),
          a.location
        );
      } else if (v.kind === 'list' && v.items.some(i => i.kind === 'layer' || i.kind === 'model')) {
        poison(v, trans.__('a list passed to `%1(…)`, which is not known statically', this.src(calleeNode, 40)));
      }
    }
  }

  private callFunction(fn: IPyFunction, args: IPyArgs, node: Span | null): Value {
    const at = () => (node ? this.loc(node.from) : null);
    if (this.callDepth >= LIMITS.callDepth)
      throw new AnalysisError(trans.__('calls nested more than %1 deep (recursion?) are not followed', LIMITS.callDepth), at());
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
        const a = (p.keywordOnly ? undefined : positional.shift()) ?? keywords.get(p.name);
        keywords.delete(p.name);
        if (a) local.vars.set(p.name, a.value);
        else if (p.defaultValue) local.vars.set(p.name, p.defaultValue);
        else throw new AnalysisError(trans.__("%1() is missing its argument '%2'", fn.name, p.name), at());
      }
    }
    if (fn.method) local.vars.set('__class__', { kind: 'userClass', cls: fn.method });
    // The body reads the text of the cell it was written in, whichever cell calls it.
    const saved = { source: this.source, cell: this.cell };
    const written = fn.source as typeof saved | undefined;
    if (written) Object.assign(this, written);
    this.callDepth++;
    try {
      if (fn.isLambda) return this.eval(fn.body as Expr, local);
      const signal = this.execBody(fn.body as Stmt[], local);
      return signal?.kind === 'return' ? signal.value : NONE;
    } finally {
      this.callDepth--;
      Object.assign(this, saved);
    }
  }

  private callBuiltin(callee: Value & { kind: 'builtin' }, args: IPyArgs, node: Span): Value {
    const location = this.loc(node.from);
    if (callee.name.startsWith('method:')) return this.method(callee.name.slice(7), callee.owner, args, node);
    if (callee.name.startsWith('super:') && (callee.owner?.kind === 'layer' || callee.owner?.kind === 'model'))
      return this.keras(this.classes.superMethod(callee.owner, callee.name.slice(6), this.configArgs(args), location));
    if (callee.name.startsWith('super:')) return unknown(trans.__('super().%1()', callee.name.slice(6)));
    const fn = BUILTINS.get(callee.name);
    if (!fn) return unknown(`${callee.name}()`);
    // A keyword the builtin does not follow (`max(d, key=d.get)`, `enumerate(x, start=1)`) would change
    // its result: the result is unknown rather than computed without it.
    if (args.keywords.size && !BUILTINS_WITH_KEYWORDS.has(callee.name)) {
      return unknown(trans.__('%1() with %2 is not followed statically', callee.name, [...args.keywords.keys()].map(k => `${k}=`).join(', ')));
    }
    return fn(
      this.builtinContext(node),
      args.positional.map(a => a.value),
      args,
      location
    );
  }

  private builtinContext(node: Span): IBuiltinContext {
    return { items: v => this.itemsOf(v), charge: n => this.charge(n, node), equal: equalValues };
  }

  /** Methods on lists, dicts, strings and arrays; model methods go to the Keras runtime. */
  private method(name: string, owner: Value | undefined, args: IPyArgs, node: Span): Value {
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
      if (name === 'update' || name === 'pop' || name === 'setdefault' || name === 'clear') poison(owner, trans.__('a dict changed by .%1()', name));
      return unknown(trans.__('.%1() of a dict', name));
    }
    if (owner?.kind === 'str') return this.strMethod(owner.value, name, a, node);
    if (owner?.kind === 'set') return this.setMethod(owner, name, a, node);
    if (isDataset(owner)) return datasetMethod(owner, name, a, args.keywords);
    if (isArgumentParser(owner))
      return argumentParserMethod(owner, name, a, args.keywords, () =>
        this.session.report(
          'info',
          trans.__('argparse: the arguments take their defaults, as when the script runs with no command-line arguments'),
          location
        )
      );
    if (isTokenizer(owner)) return tokenizerMethod(owner, name, a, args);
    if (owner?.kind === 'array') return arrayMethod(owner, name, a, args.keywords);
    // A scalar that tf.reduce_prod or np.prod gave as a tensor or numpy value: `.numpy()`, `.item()` are its value.
    if ((owner?.kind === 'int' || owner?.kind === 'float') && (name === 'numpy' || name === 'item') && !a.length && !args.keywords.size) return owner;
    if (owner?.kind === 'tuple' && (name === 'index' || name === 'count'))
      return this.listMethod({ kind: 'list', items: owner.items }, name, a, node);
    if (owner?.kind === 'layer' || owner?.kind === 'model') {
      const obj = owner.kind === 'layer' ? owner.layer : owner.model;
      const config = this.configArgs(args);
      return this.keras(this.classes.method(obj, name, config, location) ?? this.runtime.method(obj, name, config, location));
    }
    return unknown(trans.__('.%1() is not followed statically', name));
  }

  /** Methods of a set: in place (add, update, discard) or a new set (union, intersection, …). */
  private setMethod(owner: SetValue, name: string, a: Value[], node: Span): Value {
    const others = (): SetValue[] | null => {
      const sets: SetValue[] = [];
      for (const v of a) {
        const items = this.itemsOf(v);
        const s = items ? makeSet(items) : null;
        if (!s || s.kind !== 'set') return null;
        sets.push(s);
      }
      return sets;
    };
    this.charge(owner.items.length + 1, node);
    switch (name) {
      case 'add': {
        const why = a[0] ? addToSet(owner, a[0]) : null;
        if (why) poison(owner, trans.__('a set given an element not known statically (%1)', why));
        return NONE;
      }
      case 'update':
      case 'union':
      case 'intersection':
      case 'difference':
      case 'symmetric_difference': {
        const sets = others();
        if (!sets) {
          if (name === 'update') poison(owner, trans.__('a set updated with elements not known statically'));
          return unknown(trans.__('.%1() of values not known statically', name));
        }
        const op = { update: '|', union: '|', intersection: '&', difference: '-', symmetric_difference: '^' }[name];
        let result: Value = { kind: 'set', items: [...owner.items] };
        for (const s of sets) result = result.kind === 'set' ? (setOperation(op, result, s) ?? result) : result;
        if (name !== 'update') return result;
        if (result.kind === 'set') owner.items = result.items;
        else poison(owner, result.kind === 'unknown' ? result.why : trans.__('a set updated with elements not known statically'));
        return NONE;
      }
      case 'discard':
      case 'remove': {
        const there = a[0] ? setContains(owner, a[0]) : null;
        if (there === null) poison(owner, trans.__('a set changed by .%1() of a value not known statically', name));
        else if (there) owner.items = owner.items.filter(x => setContains({ kind: 'set', items: [x] }, a[0]) !== true);
        else if (name === 'remove') return unknown(trans.__('KeyError: %1', describe(a[0])));
        return NONE;
      }
      case 'copy':
        return { kind: 'set', items: [...owner.items] };
      default:
        poison(owner, trans.__('a set changed by .%1()', name));
        return unknown(trans.__('.%1() of a set', name));
    }
  }

  private listMethod(owner: Value & { kind: 'list' }, name: string, a: Value[], node: Span): Value {
    const items = owner.items;
    switch (name) {
      case 'append':
        if (a[0]) this.grow(owner, [a[0]], node);
        return NONE;
      case 'extend': {
        const more = a[0] ? this.itemsOf(a[0]) : null;
        if (more) this.grow(owner, more, node);
        else poison(owner, trans.__('a list extended by %1', describe(a[0] ?? NONE)));
        return NONE;
      }
      case 'insert': {
        if (a[0]?.kind !== 'int' || !a[1]) {
          poison(owner, trans.__('a list with an element inserted at an unknown place'));
          return NONE;
        }
        const n = BigInt(items.length);
        let at = a[0].value < 0n ? a[0].value + n : a[0].value;
        at = at < 0n ? 0n : at > n ? n : at;
        items.splice(Number(at), 0, a[1]);
        return NONE;
      }
      case 'pop': {
        if (!items.length) throw new AnalysisError(trans.__('pop from empty list'), this.loc(node.from));
        if (!a.length) return items.pop()!;
        if (a[0].kind !== 'int') {
          poison(owner, trans.__('a list popped at an unknown index'));
          return unknown(trans.__('an element popped at an unknown index'));
        }
        const at = Number(a[0].value < 0n ? BigInt(items.length) + a[0].value : a[0].value);
        if (at < 0 || at >= items.length) throw new AnalysisError(trans.__('pop index out of range'), this.loc(node.from));
        return items.splice(at, 1)[0];
      }
      case 'remove': {
        const at = items.findIndex(i => i === a[0] || identical(i, a[0] ?? NONE) || equalValues(i, a[0] ?? NONE) === true);
        if (at < 0) poison(owner, trans.__('a list after remove() of a value not known statically'));
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
        return at >= 0 ? int(at) : unknown(trans.__('index() of a value not found statically'));
      }
      case 'count':
        return int(items.filter(i => identical(i, a[0] ?? NONE) || equalValues(i, a[0] ?? NONE) === true).length);
      default:
        poison(owner, trans.__('a list changed by .%1(), which is not followed statically', name));
        return unknown(trans.__('.%1() of a list', name));
    }
  }

  private strMethod(s: string, name: string, a: Value[], node: Span): Value {
    this.charge(s.length, node);
    switch (name) {
      case 'lower':
        return str(s.toLowerCase());
      case 'upper':
        return str(s.toUpperCase());
      case 'strip':
        return a.length ? unknown(trans.__('strip() of characters')) : str(s.trim());
      case 'format':
        return unknown(trans.__('a formatted string'));
      case 'join': {
        const items = a[0] ? this.itemsOf(a[0]) : null;
        if (!items || !items.every(i => i.kind === 'str')) return unknown(trans.__('join() of values not known statically'));
        const out = items.map(i => (i as { value: string }).value).join(s);
        return out.length > VALUE_CAPS.chars ? unknown(trans.__('a string longer than the cap')) : str(out);
      }
      case 'split':
        if (a.length && a[0].kind !== 'str') return unknown(trans.__('split() on a separator not known statically'));
        return { kind: 'list', items: (a.length ? s.split((a[0] as { value: string }).value) : s.trim().split(/\s+/).filter(Boolean)).map(str) };
      case 'startswith':
      case 'endswith':
        return a[0]?.kind === 'str'
          ? { kind: 'bool', value: name === 'startswith' ? s.startsWith(a[0].value) : s.endsWith(a[0].value) }
          : unknown(`${name}()`);
      default:
        return unknown(trans.__('.%1() of a string', name));
    }
  }

  /** Appends to a list, within the cap on one list's size. */
  private grow(list: Value & { kind: 'list' }, more: Value[], node: Span): void {
    this.charge(more.length, node);
    if (list.items.length + more.length > VALUE_CAPS.items) {
      poison(list, trans.__('a list grown past %1 items', VALUE_CAPS.items.toLocaleString('en-US')));
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
    if (v.kind === 'set') return v.items;
    if (v.kind === 'str') return [...v.value].map(str);
    // An array's rows, as a for loop, `enumerate(x_train)` and unpacking (`a, b = pair`) read them.
    if (v.kind === 'array' && v.shape && v.shape[0] !== null && v.shape[0] <= BigInt(VALUE_CAPS.items)) {
      const row = array(v.shape.slice(1), v.dtype);
      return Array.from({ length: Number(v.shape[0]) }, () => row);
    }
    return null;
  }

  // ---------------------------------------------------------------- classes

  private defineClass(stmt: Stmt & { kind: 'class' }, scope: Scope): void {
    const bases = this.callArgs(stmt.bases, scope).positional.map(a => a.value);
    const cls: IPyClass = { name: stmt.name, bases, attrs: new Map() };
    const classScope = new Scope(scope);
    classScope.classOf = cls;
    const signal = this.execBody(stmt.body, classScope);
    if (signal) this.session.report('warning', trans.__("'%1' in a class body is ignored", signal.kind), this.loc(stmt.from));
    for (const [k, v] of classScope.vars) cls.attrs.set(k, v);
    scope.vars.set(stmt.name, { kind: 'userClass', cls });
  }

  /** `super()` in a method: the instance, seen from the next class in its bases. */
  private superOf(scope: Scope, node: Span): Value {
    const cls = scope.lookup('__class__');
    const self = cls?.kind === 'userClass' ? scope.lookup('self') : undefined;
    if (cls?.kind !== 'userClass' || !self) return unknown(trans.__('super() outside of a method'));
    return { kind: 'super', cls: cls.cls, self, at: this.loc(node.from) };
  }

  /**
   * An instance of a class derived from a host (Keras) class, made as Python makes it: the host's
   * `__new__` (a Keras object), then the class's own `__init__` with `self` bound to it, or the host
   * base's; the Keras semantics (weights, tracing, tracking) are the runtime's (keras/custom-classes.ts).
   */
  private hostInstance(cls: IPyClass, base: IKerasClass, args: IPyArgs, node: Span): Value {
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

  private instantiate(cls: IPyClass, args: IPyArgs, node: Span): Value {
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
      return unknown(trans.__('an instance of %1, whose base class or __init__ is not known statically', cls.name));
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

/**
 * A list or dict the reader can no longer know (changed by something it does not follow) becomes
 * unknown in place, so every name bound to it sees that, and no element is silently kept or dropped.
 */
/** Values a statement can change without assigning the name: containers, objects, Keras layers and models. */
const MUTABLE = new Set<Value['kind']>(['list', 'dict', 'instance', 'layer', 'model', 'array', 'opaque']);

/**
 * The global names a statement may have set or changed: those it assigns (`=`, `+=`, `for` targets, `def`,
 * `class`) and those it mentions whose value can change in place (a list appended to, a model added to).
 */
function changedNames(stmt: Stmt, globals: Map<string, Value>): string[] {
  const names = new Set<string>();
  const assigned = (target: unknown): void => {
    for (const name of targetNames([target as Item])) names.add(name);
  };
  walkNodes(
    stmt,
    node => {
      const n = node as { kind?: string; id?: unknown; name?: unknown; target?: unknown; targets?: unknown };
      if (n.kind === 'name' && typeof n.id === 'string') {
        const value = globals.get(n.id);
        if (value && MUTABLE.has(value.kind)) names.add(n.id);
      }
      if ((n.kind === 'def' || n.kind === 'class') && typeof n.name === 'string') names.add(n.name);
      if (n.kind === 'update' || n.kind === 'named') assigned(n.target);
      if (n.kind === 'assign' || n.kind === 'for') for (const t of (n.targets as unknown[]).flat(2)) assigned(t);
    },
    Infinity
  );
  return [...names].filter(name => globals.has(name));
}

/** `a in b`, or null when the reader cannot tell (an element it cannot compare with `a`, and no equal one). */
function membership(a: Value, b: Value): boolean | null {
  if (b.kind === 'set') return setContains(b, a);
  if (b.kind === 'dict') return setContains({ kind: 'set', items: b.entries.map(e => e[0]) }, a);
  if (b.kind === 'str' && a.kind === 'str') return b.value.includes(a.value);
  const items = sequenceItems(b);
  if (!items) return null;
  let unsure = false;
  for (const i of items) {
    const eq = equalValues(a, i);
    if (eq === true) return true;
    if (eq === null) unsure = true;
  }
  return unsure ? null : false;
}

/** six.moves' Python 2 names for Python 3's builtins. */
const PY2_NAMES: Record<string, string> = { xrange: 'range', izip: 'zip', imap: 'map', ifilter: 'filter', input: 'input' };

/** Errors whose statement already made what it changes unknown (a loop over values not known statically). */
const EFFECTS_FORGOTTEN = new WeakSet<AnalysisError>();

/** Methods that change a list, dict, set or Sequential model in place. */
const CHANGING_METHODS: ReadonlySet<string> = new Set([
  'append',
  'extend',
  'insert',
  'add',
  'update',
  'pop',
  'popitem',
  'remove',
  'discard',
  'clear',
  'setdefault',
  'sort',
  'reverse'
]);

/**
 * What statements may change: the names they assign (`x = …`, loop targets, `x += …`, `def`, `class`) and, per
 * name, how they change its value in place (a changing method by its name, `item` for `x[k] = …`, `attr` for `x.a = …`).
 */
function effectsOf(body: Stmt[]): IEffects {
  // A body's effects are walked once (the tree is the lowered cell's, never changed): a loop run many times
  // over values not known statically costs its walk once, not once per run.
  let effects = EFFECTS.get(body);
  if (!effects) EFFECTS.set(body, (effects = walkEffects(body)));
  return effects;
}

interface IEffects {
  assigned: Set<string>;
  changed: Map<string, Set<string>>;
}

const EFFECTS = new WeakMap<Stmt[], IEffects>();

/** The names a loop's targets bind (`for x, (y, z) in …`). */
function targetNames(targets: Item[]): string[] {
  const out: string[] = [];
  const visit = (t: Item | Expr): void => {
    if (t.kind === 'name') out.push(t.id);
    else if (t.kind === 'spread') visit(t.value);
    else if (t.kind === 'tuple' || t.kind === 'list') t.items.forEach(visit);
  };
  targets.forEach(visit);
  return out;
}

/** The bodies of an `if`'s branches from `from` on, as one body (the same array each time, for effectsOf). */
function allBranches(stmt: Stmt & { kind: 'if' }, from: number): Stmt[] {
  let byStart = BRANCHES.get(stmt);
  if (!byStart) BRANCHES.set(stmt, (byStart = new Map()));
  let body = byStart.get(from);
  if (!body) byStart.set(from, (body = stmt.branches.slice(from).flatMap(b => b.body)));
  return body;
}

const BRANCHES = new WeakMap<Stmt, Map<number, Stmt[]>>();

/** A statement as a body of its own, the same array each time (effectsOf remembers bodies by identity). */
function alone(stmt: Stmt): Stmt[] {
  let body = ALONE.get(stmt);
  if (!body) ALONE.set(stmt, (body = [stmt]));
  return body;
}

const ALONE = new WeakMap<Stmt, Stmt[]>();

function walkEffects(body: Stmt[]): IEffects {
  const assigned = new Set<string>();
  const changed = new Map<string, Set<string>>();
  const change = (name: string, how: string) => {
    if (!changed.has(name)) changed.set(name, new Set());
    changed.get(name)!.add(how);
  };
  const target = (t: unknown): void => {
    const n = t as { kind?: string; id?: unknown; items?: unknown[]; value?: unknown; object?: { kind?: string; id?: unknown } };
    if (n?.kind === 'name' && typeof n.id === 'string') assigned.add(n.id);
    else if (n?.kind === 'spread') target(n.value);
    else if ((n?.kind === 'tuple' || n?.kind === 'list') && n.items) n.items.forEach(target);
    else if ((n?.kind === 'subscript' || n?.kind === 'attribute') && n.object?.kind === 'name' && typeof n.object.id === 'string')
      change(n.object.id, n.kind === 'subscript' ? 'item' : 'attr');
  };
  walkNodes(body, node => {
    const n = node as {
      kind?: string;
      name?: unknown;
      target?: unknown;
      targets?: unknown[];
      callee?: { kind?: string; name?: string; object?: { kind?: string; id?: unknown } };
    };
    if ((n.kind === 'def' || n.kind === 'class') && typeof n.name === 'string') assigned.add(n.name);
    if (n.kind === 'update' || n.kind === 'named') target(n.target);
    // A comprehension's `for` clause (no body) binds its names in the comprehension's own scope.
    if (n.kind === 'assign' || (n.kind === 'for' && 'body' in n)) for (const t of (n.targets ?? []).flat(2)) target(t);
    const callee = n.kind === 'call' ? n.callee : undefined;
    if (callee?.kind === 'attribute' && callee.object?.kind === 'name' && typeof callee.object.id === 'string' && CHANGING_METHODS.has(callee.name!))
      change(callee.object.id, callee.name!);
  });
  return { assigned, changed };
}

/** Every object node of a syntax tree (statements, expressions), depth first, at most `limit` of them; `visit` returning false skips a node's children. */
function walkNodes(root: unknown, visit: (node: object) => boolean | void, limit = 100_000): void {
  const stack: unknown[] = [root];
  let visited = 0;
  while (stack.length && visited++ < limit) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    if (visit(node) === false) continue;
    for (const value of Object.values(node)) if (typeof value === 'object' && value !== null) stack.push(value);
  }
}

/** The models that calls in these statements call by a name (`model(x)`, `self(x)` excluded), bound in `scope`. */
function calledModels(body: Stmt[], scope: Scope): Model[] {
  const out = new Set<Model>();
  for (const name of calledNames(body)) {
    const value = scope.lookup(name);
    if (value?.kind === 'model') out.add(value.model);
  }
  return [...out];
}

/** The names statements call (`model(x)`), walked once per body, as effectsOf. */
function calledNames(body: Stmt[]): Set<string> {
  let names = CALLED.get(body);
  if (names) return names;
  names = new Set<string>();
  const found = names;
  walkNodes(body, node => {
    const n = node as { kind?: string; callee?: { kind?: string; id?: unknown } };
    if (n.kind === 'call' && n.callee?.kind === 'name' && typeof n.callee.id === 'string') found.add(n.callee.id);
    // What a nested def or class calls runs only if it is called.
    return n.kind !== 'def' && n.kind !== 'class';
  });
  CALLED.set(body, names);
  return names;
}

const CALLED = new WeakMap<Stmt[], Set<string>>();

/** Arguments `*xs` / `**kw` that cannot be listed. */
class NotExpandedError extends AnalysisError {}

/**
 * Whether what a call does with its arguments matters beyond its result: Keras, a function or class of the source,
 * or a method that changes its object in place (`layers_list.extend(*groups)`). Builtins such as zip() and print()
 * and functions of modules the reader does not read give only a result.
 */
function intoKerasOrSource(callee: Value): boolean {
  if (callee.kind === 'builtin')
    return (
      callee.name.includes(':') && !(callee.owner && (callee.owner.kind === 'str' || callee.owner.kind === 'tuple' || callee.owner.kind === 'range'))
    );
  return callee.kind !== 'module' && callee.kind !== 'unknown';
}

/** What a loop's turn is measured against: the models run, summaries printed and names issued before it. */
interface ITurn {
  runs: number;
  summaries: number;
  names: number;
}

/** A value statements can change in place and the reader can make unknown there (a container, an object, an array). */
function changesInPlace(v: Value): boolean {
  return v.kind === 'list' || v.kind === 'dict' || v.kind === 'set' || v.kind === 'instance' || v.kind === 'array';
}

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

/**
 * `functools.partial(fn, *args, **keywords)`, as Python makes it: `fn` must be callable (`DefaultConv2D =
 * partial(keras.layers.Conv2D, kernel_size=3, padding="same")`, as Hands-On Machine Learning writes its models).
 */
function partial(args: IPyArgs, location: ILocation | null): Value {
  const [fn, ...positional] = args.positional;
  if (!fn) throw new AnalysisError(trans.__("TypeError: type 'partial' takes at least one argument"), location);
  if (!CALLABLE.has(fn.value.kind)) {
    if (fn.value.kind === 'unknown') return unknown(trans.__('functools.partial() of a value not known statically (%1)', fn.value.why));
    throw new AnalysisError(
      trans.__('TypeError: the first argument of functools.partial() must be callable, got %1', describe(fn.value)),
      fn.location ?? location
    );
  }
  return { kind: 'partial', fn: fn.value, positional, keywords: new Map(args.keywords) };
}

/** Values a call can be made on (what `apply` calls). */
const CALLABLE = new Set<Value['kind']>(['kerasClass', 'layer', 'model', 'function', 'bound', 'builtin', 'userClass', 'partial', 'module']);

/** Arguments from the Keras runtime, as Python values. */
function pythonArgs(args: ICallArgs): IPyArgs {
  const conv = (a: { value: ConfigValue; location: ILocation | null }): IPyArg => ({ value: fromConfig(a.value), location: a.location });
  return { positional: args.positional.map(conv), keywords: new Map([...args.keywords].map(([k, a]) => [k, conv(a)])) };
}

/** Integers past this many bits are refused: exact counts never need them, and they cost memory. */
const MAX_INT_BITS = 4096n;
const INT_LIMIT = 1n << MAX_INT_BITS;

function arithmetic(op: string, x: bigint | number, y: bigint | number, node: Span, reader: PythonReader): Value {
  const at = () => reader.loc(node.from);
  const result = integerArithmetic(op, x, y, at);
  if (result.kind === 'int' && (result.value >= INT_LIMIT || result.value <= -INT_LIMIT)) {
    throw new AnalysisError(trans.__('integer result larger than 2**%1; not analysed', MAX_INT_BITS), at());
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
        if (y === 0n) throw new AnalysisError(trans.__('integer division by zero'), at());
        const q = x / y;
        const floor = x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
        return int(op === '//' ? floor : x - floor * y);
      }
      case '/':
        if (y === 0n) throw new AnalysisError(trans.__('division by zero'), at());
        return { kind: 'float', value: Number(x) / Number(y) };
      case '**':
        if (y < 0n) return { kind: 'float', value: Number(x) ** Number(y) };
        if (y > MAX_INT_BITS || (x !== 0n && x !== 1n && x !== -1n && BigInt(x.toString(2).length) * y > MAX_INT_BITS + 64n)) {
          throw new AnalysisError(trans.__('the power %1**%2 is larger than 2**%3; not analysed', String(x).slice(0, 20), y, MAX_INT_BITS), at());
        }
        return int(x ** y);
      case '<<':
        if (y > MAX_INT_BITS) throw new AnalysisError(trans.__('shift larger than %1 bits; not analysed', MAX_INT_BITS), at());
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
      if (b === 0) throw new AnalysisError(trans.__('division by zero'), at());
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
  return unknown(trans.__('the operator %1', op));
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
  // A string and a number are never equal; sequences of one kind compare element by element.
  if (PRIMITIVES.has(a.kind) && PRIMITIVES.has(b.kind)) return false;
  if ((a.kind === 'tuple' || a.kind === 'list') && a.kind === b.kind) {
    if (a.items.length !== b.items.length) return false;
    let all: boolean | null = true;
    for (let i = 0; i < a.items.length; i++) {
      const eq = equalValues(a.items[i], b.items[i]);
      if (eq === false) return false;
      if (eq === null) all = null;
    }
    return all;
  }
  if ((a.kind === 'layer' || a.kind === 'model') && a.kind === b.kind) return identical(a, b);
  return null;
}

const PRIMITIVES: ReadonlySet<string> = new Set(['int', 'float', 'bool', 'str', 'none']);
