/**
 * The Keras runtime a reader calls: construct a Keras class, call a layer on tensors, apply an
 * operation to tensors, call a model's methods (`add`, `pop`, `build`, `get_layer`) and read its
 * attributes. It speaks only the neutral `ConfigValue`; Python stays in `python/`.
 */
import { AnalysisError, type ILocation, type ISummaryPrinting, type Shape } from '../types';
import { describe, NONE, sequenceItems, str, truthy, unknown, type ConfigValue } from '../config/value';
import { constructLayer, toShape, type ICallArgs } from './construct';
import { kerasRelative, type IKerasClass } from './symbols';
import { KerasSession, KTensor, Layer, Model, Node } from './objects';
import { MERGE_FUNCTIONS } from '../catalogue/merging';
import { toSnakeCase } from './naming';
import { broadcast } from './shape-math';
import { tensorOpShape } from './tensor-ops';
import { applications } from '../applications/hook';
import { trans } from '../i18n/current';
import { keras1ModelArguments } from './keras1';
import { isLegacyStandalone } from './version';
import { firstBatch, OPTIMIZER_STEPS, samplesOf, TRAINING_METHODS } from './training';
import { compiledOptimizer, constructOptimizer, LEARNING_RATE_SCHEDULE } from './optimizers';
import type { IHostClass } from './custom-classes';

/** Model methods that return None in Keras; the others (`fit`, `evaluate`, `predict`, `to_json`, …) return values. */
const RETURNS_NONE = new Set(['compile', 'save', 'save_weights', 'export', 'reset_metrics', 'reset_states', 'set_weights']);

/**
 * What the Python reader offers the Keras runtime: a way to run the Python code it was given (a Lambda's
 * function, a method of a class written in Python) and to see what Python code stored on a Keras object.
 * Functions and classes travel as `opaque` config values or `IHostClass` handles, and only the reader
 * looks inside them.
 */
export interface IPythonHost {
  /** Calls a reader function (an `opaque` value) with these arguments; the reader's errors propagate. */
  callFunction(fn: ConfigValue, args: ICallArgs): ConfigValue;
  /** Whether the Python class (or a Python base of it) defines the attribute `name`. */
  defines(cls: IHostClass, name: string): boolean;
  /** Calls the method `name` of the Python class with `self` first; the reader's errors propagate. */
  callMethod(cls: IHostClass, name: string, self: ConfigValue, args: ICallArgs): ConfigValue;
  /** The values of the attributes Python code set on `obj`, as they are now. */
  attributes(obj: Layer): ConfigValue[];
  /** True for an error that must stop the analysis (the reader's budget): never caught on the way. */
  fatal(e: unknown): boolean;
  /** Charges the building of `layers` layers (a keras.applications model) to the reader's budget; may throw to stop the analysis. */
  chargeLayers(layers: number, location: ILocation | null): void;
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

const TF_MATH = new Set([
  'reduce_mean',
  'reduce_sum',
  'reduce_max',
  'reduce_min',
  'reduce_prod',
  'square',
  'sqrt',
  'exp',
  'log',
  'abs',
  'add',
  'multiply',
  'subtract',
  'divide',
  'maximum',
  'minimum',
  'sigmoid',
  'tanh',
  'pow',
  'negative',
  'rsqrt'
]);

/** The TFOpLambda symbol tf.keras gives a TensorFlow function (`tf.math.reduce_mean`). */
/** What a summary() call asks to print: summary(line_length, positions, print_fn, expand_nested, show_trainable, layer_range), in Keras 2 and 3. */
function summaryOptions(args: ICallArgs): ISummaryPrinting {
  const flag = (name: string, at: number) => truthy((args.keywords.get(name) ?? args.positional[at])?.value ?? NONE) === true;
  return { expandNested: flag('expand_nested', 3), showTrainable: flag('show_trainable', 4) };
}

function tfSymbol(path: string): string {
  const rest = path.replace(/^(tensorflow|tf)\./, '');
  const last = rest.split('.').pop()!;
  return rest.includes('.') ? `tf.${rest}` : TF_MATH.has(last) ? `tf.math.${last}` : `tf.${last}`;
}

/** Layer methods that return None (the rest return what only running them knows). */
const LAYER_RETURNS_NONE: ReadonlySet<string> = new Set([
  'adapt',
  'build',
  'set_weights',
  'add_loss',
  'add_metric',
  'add_update',
  'reset_state',
  'reset_states',
  'finalize_state',
  'load_own_variables',
  'summary'
]);

/** A function of TensorFlow itself (`tf.concat`, `tf.nn.softmax`), not of a Keras it carries (`tf.keras.ops.concatenate`). */
const isTensorFlowFunction = (path: string) => path.startsWith('tensorflow.') && kerasRelative(path) === null;

export class KerasRuntime {
  /**
   * Above zero while a custom layer's `call()` is traced: Keras runs it on backend tensors, so its ops
   * make no graph nodes and use up no names; only their shapes matter.
   */
  silent = 0;

  constructor(
    readonly session: KerasSession,
    private readonly hooks: IPythonHost
  ) {}

  /** Constructs a Keras object: a layer, an Input, a Sequential or a functional Model. */
  construct(cls: IKerasClass, args: ICallArgs, location: ILocation | null): ConfigValue {
    switch (cls.kind) {
      case 'input':
        return this.input(args, location, false, cls.standalone);
      case 'inputLayer': {
        const t = this.input(args, location, true, cls.standalone);
        return { kind: 'layer', layer: (t as { tensor: KTensor }).tensor.node!.layer };
      }
      case 'sequential':
        return this.sequential(args, location, cls.standalone);
      case 'model':
        return this.functional(args, location, cls.standalone);
      case 'mergeFunction': {
        const className = MERGE_FUNCTIONS[cls.name];
        const inputs = args.positional[0] ?? args.keywords.get('inputs');
        const keywords = new Map(args.keywords);
        keywords.delete('inputs');
        const layer = this.newLayer({ ...cls, kind: 'layer', name: className }, { positional: args.positional.slice(1), keywords }, location);
        if (!inputs) throw new AnalysisError(trans.__('%1() needs a list of inputs', cls.name), location);
        return this.callLayer(layer, { positional: [inputs], keywords: new Map() }, location);
      }
      case 'application':
        return this.application(cls, args, location);
      case 'kernelOnly':
        return { kind: 'layer', layer: this.kernelOnlyLayer(cls, args, location) };
      case 'optimizer':
        return runtimeObject(cls.name, constructOptimizer(cls.name, args));
      case 'learningRateSchedule':
        return runtimeObject(LEARNING_RATE_SCHEDULE, null);
      case 'setDtypePolicy': {
        const policy = args.positional[0]?.value ?? args.keywords.get('value')?.value;
        this.session.dtypePolicy = policy?.kind === 'str' ? policy.value : null;
        return NONE;
      }
      case 'clearSession':
        // keras.backend.clear_session() (keras.utils.clear_session() in Keras 3) resets the auto-name counters.
        this.session.names.reset();
        return NONE;
      case 'unknownLayer':
      case 'layer':
        return { kind: 'layer', layer: this.newLayer(cls, args, location) };
    }
  }

  /** keras.applications.<Name>(...): built by the application builders (applications/hook.ts) when installed. */
  private application(cls: IKerasClass, args: ICallArgs, location: ILocation | null): ConfigValue {
    const builders = applications();
    const built = builders ? builders.build(this.session, cls.name, args, location) : null;
    this.hooks.chargeLayers(built instanceof Model ? built.rows.length : 50, location);
    if (built instanceof Model) {
      this.session.models.push(built);
      return { kind: 'model', model: built };
    }
    // A failed build was reported where it failed; otherwise say why the application is not built.
    if (built !== 'failed') {
      const why = builders ? trans.__('it is not a keras.applications model the engine knows') : trans.__('the application builders are not loaded');
      this.session.report('warning', trans.__('%1: %2; its parameters are unknown', cls.path, why), location);
    }
    return {
      kind: 'layer',
      layer: Object.assign(new Layer(cls.name, null, this.session.names.forClass(cls.name, cls.standalone), null, location), { weights: null })
    };
  }

  /** A class only the running kernel can size (a pretrained preset, a foreign module): one info, and a row that says why. */
  private kernelOnlyLayer(cls: IKerasClass, args: ICallArgs, location: ILocation | null): Layer {
    this.session.report('info', trans.__('%1 %2: its layers and parameters need the running kernel', cls.path, cls.reason), location);
    const name = args.keywords.get('name')?.value;
    const layer = new Layer(
      cls.name,
      null,
      name?.kind === 'str' ? name.value : this.session.names.forClass(cls.name, cls.standalone),
      null,
      location
    );
    layer.weights = null;
    layer.problem = trans.__('needs the running kernel: %1 %2', cls.path, cls.reason);
    return layer;
  }

  private newLayer(cls: IKerasClass, args: ICallArgs, location: ILocation | null): Layer {
    const layer = constructLayer(this.session, cls, args, location);
    const fn = layer.args?.raw('function');
    if (layer.className === 'Lambda' && fn?.kind === 'opaque') {
      const declared = layer.args!.has('output_shape') ? layer.args!.raw('output_shape') : null;
      if (!declared) layer.customOutputs = shapes => this.functionOutputs(fn, shapes, location);
      else if (declared.kind === 'opaque') {
        // output_shape=f: Keras 3 (compute_output_shape) and standalone Keras ≤ 2.3 (_keras_shape) take what f
        // returns for the input shapes, and only that; tf.keras 2 runs the function itself on symbolic tensors (what
        // f says, where the function cannot be followed, is its author's word for the same shape).
        const byFunction = (shapes: Shape[]) => this.functionOutputs(fn, shapes, location);
        const byOutputShape = (shapes: Shape[]) => this.declaredOutputs(declared, shapes, location);
        const tfKeras2 = this.session.version === 2 && !isLegacyStandalone(this.session.release);
        layer.customOutputs = tfKeras2 ? shapes => byFunction(shapes) ?? byOutputShape(shapes) : byOutputShape;
      }
    }
    return layer;
  }

  /** A Lambda's `output_shape` function, called on its input shapes as tuples (a list of them for several inputs). */
  private declaredOutputs(fn: ConfigValue, shapes: Shape[], location: ILocation | null): Shape[] | null {
    const tuple = (s: Shape): ConfigValue => ({ kind: 'tuple', items: s.map(d => (d === null ? NONE : { kind: 'int', value: d })) });
    const asShape = (v: ConfigValue): Shape | null => {
      const items = sequenceItems(v);
      if (!items || !items.every(i => i.kind === 'none' || (i.kind === 'int' && i.value >= 0n))) return null;
      return items.map(i => (i.kind === 'int' ? i.value : null));
    };
    const result = this.callQuietly(fn, shapes.length === 1 ? tuple(shapes[0]) : { kind: 'list', items: shapes.map(tuple) }, location);
    if (!result) return null;
    const one = asShape(result);
    if (one) return [one];
    const many = sequenceItems(result)?.map(asShape);
    return many && many.length && many.every(s => s !== null) ? (many as Shape[]) : null;
  }

  /** Keras runs a Lambda's function on symbolic tensors to learn its output shape; so does the runtime, through the reader. */
  private functionOutputs(fn: ConfigValue, shapes: Shape[], location: ILocation | null): Shape[] | null {
    const tensors: ConfigValue[] = shapes.map(s => ({ kind: 'tensor', tensor: new KTensor(s, null) }));
    const called = this.callQuietly(fn, tensors.length === 1 ? tensors[0] : { kind: 'list', items: tensors }, location);
    const result = called && tensorsIn(called);
    if (!result || result.some(t => t.shape === null)) return null;
    return result.map(t => t.shape!);
  }

  /**
   * A reader function called on one argument to learn a shape: what it returns, or null where the reader cannot
   * follow it. What it reports is not kept (a failed probe is no finding about the code).
   */
  private callQuietly(fn: ConfigValue, input: ConfigValue, location: ILocation | null): ConfigValue | null {
    const saved = this.session.diagnostics.length;
    try {
      return this.hooks.callFunction(fn, { positional: [{ value: input, location }], keywords: new Map() });
    } catch (e) {
      if (this.hooks.fatal(e) || !(e instanceof AnalysisError)) throw e;
      return null;
    } finally {
      this.session.diagnostics.length = saved;
    }
  }

  private input(args: ICallArgs, location: ILocation | null, asLayer = false, standalone = true): ConfigValue {
    const v2 = this.session.version === 2;
    const order = asLayer
      ? v2
        ? ['input_shape', 'batch_size', 'dtype', 'input_tensor', 'sparse', 'name']
        : ['shape', 'batch_size', 'dtype', 'sparse', 'batch_shape', 'input_tensor', 'optional', 'name']
      : v2
        ? ['shape', 'batch_size', 'name', 'dtype', 'sparse', 'tensor']
        : ['shape', 'batch_size', 'dtype', 'sparse', 'batch_shape', 'name', 'tensor'];
    const kw = new Map<string, ConfigValue>();
    args.positional.forEach((a, i) => kw.set(order[i] ?? `#${i}`, a.value));
    for (const [k, a] of args.keywords) kw.set(k, a.value);
    const batchSize = kw.get('batch_size');
    const batch = batchSize?.kind === 'int' ? batchSize.value : null;
    let shape: Shape;
    const batchShape = kw.get('batch_shape') ?? kw.get('batch_input_shape');
    const plain = kw.get('shape') ?? kw.get('input_shape');
    // `Input(shape=(X.shape[1],))` with X from data: the rank is written, a size is not. The sizes the source
    // does not give are read as None and marked uncertain, so what needs them is unknown and the rest exact.
    const given = batchShape && batchShape.kind !== 'none' ? batchShape : plain && plain.kind !== 'none' ? plain : null;
    if (given?.kind === 'unknown') {
      // `Input(shape=data.shape[1:])`: not even the rank is written. The model still exists; what needs the shape is unknown.
      const why = trans.__("%1's shape=… is not known statically (%2)", asLayer ? 'InputLayer' : 'Input', given.why);
      const name = kw.get('name');
      return { kind: 'tensor', tensor: this.session.newInputLayer(null, name?.kind === 'str' ? name.value : null, location, standalone, why) };
    }
    const part = given && sequenceItems(given)?.find(i => i.kind === 'unknown');
    const uncertain =
      part?.kind === 'unknown' ? trans.__("%1's shape=… is not known statically (%2)", asLayer ? 'InputLayer' : 'Input', part.why) : null;
    if (batchShape && batchShape.kind !== 'none') shape = toShape(batchShape, 'batch_shape', location, uncertain !== null);
    else if (plain && plain.kind !== 'none') shape = [batch, ...toShape(plain, 'shape', location, uncertain !== null)];
    else throw new AnalysisError(trans.__('%1() needs a shape, e.g. keras.Input(shape=(28, 28, 1))', asLayer ? 'InputLayer' : 'Input'), location);
    const name = kw.get('name');
    return {
      kind: 'tensor',
      tensor: this.session.newInputLayer(shape, name?.kind === 'str' ? name.value : null, location, standalone, uncertain)
    };
  }

  private sequential(args: ICallArgs, location: ILocation | null, standalone = true): ConfigValue {
    const layersArg = args.positional[0]?.value ?? args.keywords.get('layers')?.value ?? NONE;
    const nameArg = args.positional[this.session.version === 2 ? 1 : 2]?.value ?? args.keywords.get('name')?.value;
    const model = new Model(
      'sequential',
      'Sequential',
      nameArg?.kind === 'str' ? nameArg.value : this.session.names.forClass('Sequential', standalone),
      location
    );
    this.session.models.push(model);
    const trainable = args.keywords.get('trainable');
    if (layersArg.kind === 'unknown') {
      // The model exists; which layers it holds is not known: one unknown row says so, with why.
      this.session.report(
        'warning',
        trans.__('the layers of %1 are not known statically (%2); its summary is incomplete', model.name, layersArg.why),
        args.positional[0]?.location ?? location
      );
      this.session.addToSequential(model, unknownLayer(this.session, layersArg.why, location), location, false);
    } else if (layersArg.kind !== 'none') {
      const items = sequenceItems(layersArg);
      if (!items)
        throw new AnalysisError(
          trans.__('Sequential(layers) must be a list of layers, got %1', describe(layersArg)),
          args.positional[0]?.location ?? location
        );
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

  private handleModelError(e: unknown, location: ILocation | null): void {
    if (e instanceof AnalysisError) this.session.report('error', e.message, e.location ?? location);
    else throw e;
  }

  private addToModel(model: Model, item: ConfigValue, location: ILocation | null, rebuild: boolean): void {
    let layer: Layer;
    if (item.kind === 'layer') layer = item.layer;
    else if (item.kind === 'model') layer = item.model;
    else if (item.kind === 'tensor' && item.tensor.node?.isInput) layer = item.tensor.node.layer;
    else {
      // Never dropped silently: an unknown element becomes an unknown row, so no later count shifts.
      const why = item.kind === 'unknown' ? item.why : trans.__('%1 is not a layer', describe(item));
      this.session.report(
        'error',
        trans.__('only layers can be added to a Sequential model, got %1%2', describe(item), item.kind === 'unknown' ? ` (${item.why})` : ''),
        location
      );
      layer = unknownLayer(this.session, why, location);
    }
    try {
      this.session.addToSequential(model, layer, location, rebuild);
    } catch (e) {
      this.handleModelError(e, location);
    }
  }

  private functional(given: ICallArgs, location: ILocation | null, standalone = true): ConfigValue {
    // Keras 2.0–2.3 still took Keras 1's `Model(input=…, output=…)`.
    const args = isLegacyStandalone(this.session.release) ? keras1ModelArguments(given) : given;
    const inputsArg = args.positional[0]?.value ?? args.keywords.get('inputs')?.value;
    const outputsArg = args.positional[1]?.value ?? args.keywords.get('outputs')?.value;
    const nameArg = args.positional[2]?.value ?? args.keywords.get('name')?.value;
    if (!inputsArg || !outputsArg) {
      throw new AnalysisError(trans.__('subclassed keras.Model() without inputs and outputs is not analysed; pass inputs= and outputs='), location);
    }
    const name = nameArg?.kind === 'str' ? nameArg.value : this.session.names.forFunctional(standalone);
    const model = new Model('functional', 'Functional', name, location);
    const inputs = tensorsIn(inputsArg);
    const outputs = tensorsIn(outputsArg);
    if (!inputs || !outputs) {
      const bad = inputs ? outputsArg : inputsArg;
      throw new AnalysisError(
        trans.__('Model(inputs, outputs) needs symbolic tensors; got %1%2', describe(bad), bad.kind === 'unknown' ? ` (${bad.why})` : ''),
        location
      );
    }
    this.session.buildFunctional(model, inputs, outputs, location);
    this.session.models.push(model);
    const trainable = args.keywords.get('trainable');
    if (trainable && truthy(trainable.value) === false) setTrainable(model, false);
    return { kind: 'model', model };
  }

  /** Calls a layer or model on symbolic tensors, as Layer.__call__ does. */
  callLayer(layer: Layer, args: ICallArgs, location: ILocation | null): ConfigValue {
    const named = layer.spec?.callInputs ?? (layer.spec?.callStyle === 'attention' ? ['query', 'value', 'key'] : null);
    const first = args.positional[0]?.value ?? args.keywords.get(named?.[0] ?? 'inputs')?.value;
    if (!first) throw new AnalysisError(trans.__('%1 was called without inputs', layer.name), location);
    let inputs: KTensor[] | null;
    if (named) {
      const given = named
        .map((n, i) => args.positional[i]?.value ?? args.keywords.get(n)?.value)
        .filter((x): x is ConfigValue => x !== undefined && x.kind !== 'none');
      // Dropping an input that is not a tensor would change the layer (a decoder without cross-attention).
      const bad = given.find(x => x.kind !== 'tensor');
      if (bad)
        throw new AnalysisError(
          trans.__(
            '%1 (%2) was called on %3%4, not on a symbolic tensor',
            layer.name,
            layer.className,
            describe(bad),
            bad.kind === 'unknown' ? ` (${bad.why})` : ''
          ),
          location
        );
      inputs = given.map(x => (x as { tensor: KTensor }).tensor);
      if (layer.spec?.callStyle === 'attention' && inputs.length < 2)
        throw new AnalysisError(trans.__('%1 (%2) needs a query and a value tensor', layer.name, layer.className), location);
    } else {
      inputs = tensorsIn(first);
      const data = inputs ? null : dataShapes(first);
      if (data) return this.callOnData(layer, data, args, location);
      // A Sequential called on data the source does not describe (`model(np.load(path)[:1])`): Keras builds it on
      // that data, and the result is as unknown as the data.
      if (!inputs && first.kind === 'unknown' && isPlainSequential(layer)) {
        layer.buildOnUnknownData(first.why);
        return first;
      }
      if (!inputs && first.kind === 'unknown' && layer.spec && !layer.custom && !(layer instanceof Model))
        return this.callOnUnknownData(layer, first.why, args, location);
      if (!inputs) {
        throw new AnalysisError(
          trans.__(
            '%1 (%2) was called on %3%4, not on a symbolic tensor',
            layer.name,
            layer.className,
            describe(first),
            first.kind === 'unknown' ? ` (${first.why})` : ''
          ),
          location
        );
      }
    }
    // Keras' Node records every tensor in the call's arguments (keyword ones sorted by name).
    const graphInputs: KTensor[] = [];
    for (const a of args.positional) graphInputs.push(...(tensorsIn(a.value) ?? []));
    for (const key of [...args.keywords.keys()].sort()) graphInputs.push(...(tensorsIn(args.keywords.get(key)!.value) ?? []));
    const callArgs = new Map<string, ConfigValue>();
    for (const [k, a] of args.keywords) callArgs.set(k, a.value);
    // A class written in the source gets its call()'s other positional arguments too (`CTCLayer()(labels, y_pred)`).
    if (layer.custom) args.positional.slice(1).forEach((a, i) => callArgs.set(`*${i + 1}`, a.value));
    const result = this.session.call(layer, inputs, callArgs, location, graphInputs);
    if (this.silent > 0) for (const t of result.tensors) if (t.node) t.node.traced = true;
    if (!result.multi) return { kind: 'tensor', tensor: result.tensors[0] };
    return { kind: 'list', items: result.tensors.map(t => ({ kind: 'tensor', tensor: t }) as ConfigValue) };
  }

  /**
   * A layer or model called on data, eagerly (`generator(noise, training=False)`, `down(tf.expand_dims(image, 0))`):
   * Keras builds what is not built on the data's shape, batch size included, and returns data of the output's
   * shape; it records no node, so no model's graph or row changes.
   */
  private callOnData(layer: Layer, shapes: Shape[], args: ICallArgs, location: ILocation | null): ConfigValue {
    const inputs = shapes.map(s => new KTensor(s, null));
    const callArgs = new Map<string, ConfigValue>();
    for (const [k, a] of args.keywords) callArgs.set(k, a.value);
    const result = this.session.call(layer, inputs, callArgs, location, inputs);
    for (const t of result.tensors) if (t.node) t.node.traced = true;
    const asData = (t: KTensor): ConfigValue => ({ kind: 'opaque', what: 'data', ref: undefined, data: { shape: t.shape } });
    return result.multi ? { kind: 'list', items: result.tensors.map(asData) } : asData(result.tensors[0]);
  }

  /**
   * A layer of the catalogue called on data the source does not describe (`lookup(tf.strings.unicode_split(text))`):
   * an eager call, as on data, so not an error. Keras builds the layer on that data: weights that need nothing of
   * its shape (an Embedding's) are known, the others unknown with why. The result is as unknown as the data, for the
   * same reason: a model made of it (`Model(inputs, outputs)`) says that reason.
   */
  private callOnUnknownData(layer: Layer, why: string, args: ICallArgs, location: ILocation | null): ConfigValue {
    const input = new KTensor(null, null, 0, why);
    const callArgs = new Map<string, ConfigValue>();
    for (const [k, a] of args.keywords) callArgs.set(k, a.value);
    const result = this.session.call(layer, [input], callArgs, location);
    for (const t of result.tensors) if (t.node) t.node.traced = true;
    return unknown(why);
  }

  /**
   * An operation on symbolic tensors (`x + y`, `ops.mean(x)`). Keras 3 makes it a named op that is no
   * summary row (it still uses up a name); Keras 2 wraps it in a TFOpLambda layer that is one.
   */
  tensorOp(op: string, inputs: KTensor[], shape: Shape | null, location: ILocation | null): ConfigValue {
    // On a tensor with a size the source does not give, what needs that size is unknown after the op too, not an error.
    const uncertain = inputs.find(t => t.uncertain)?.uncertain ?? null;
    if (this.silent > 0) return { kind: 'tensor', tensor: new KTensor(shape, null, 0, uncertain) };
    const names = (Object.hasOwn(OPERATOR_NAMES, op) ? OPERATOR_NAMES[op] : null) ?? [op.split('.').pop()!, tfSymbol(op)];
    const v2 = this.session.version === 2;
    const layer = v2
      ? new Layer('TFOpLambda', null, this.session.names.next(names[1]), null, location)
      : new Layer('Operation', null, this.session.names.next(toSnakeCase(names[0])), null, location);
    layer.isOperation = !v2;
    layer.weights = { keras: [], cudnn: [], declared: 'keras', dualBias: null };
    if (v2 && shape) layer.customOutputs = () => [shape];
    const n = new Node(layer, inputs);
    n.outputs = [new KTensor(shape, n, 0, uncertain)];
    layer.addNode(n);
    return { kind: 'tensor', tensor: n.outputs[0] };
  }

  /** A binary operator with a tensor on one side (`x + 1`, `a * b`). */
  tensorBinary(op: string, a: ConfigValue, b: ConfigValue, location: ILocation | null): ConfigValue {
    const ta = a.kind === 'tensor' ? a.tensor : null;
    const tb = b.kind === 'tensor' ? b.tensor : null;
    const shapes = [ta?.shape, tb?.shape].filter((s): s is Shape | null => s !== undefined);
    let shape: Shape | null = null;
    if (shapes.every(s => s !== null) && ['+', '-', '*', '/', '//', '%', '**'].includes(op)) {
      shape = shapes.reduce((acc, s) => broadcast(acc as Shape, s as Shape)) as Shape;
    }
    return this.tensorOp(
      op,
      [ta, tb].filter((t): t is KTensor => t !== null),
      shape,
      location
    );
  }

  /** A function of a module called with tensors among its arguments (`tf.reduce_mean(x)`, `ops.concatenate`). */
  moduleFunction(path: string, args: ICallArgs, location: ILocation | null): ConfigValue {
    const tensors: KTensor[] = [];
    for (const a of [...args.positional, ...args.keywords.values()]) tensors.push(...(tensorsIn(a.value) ?? []));
    const name = path.split('.').pop()!;
    const first = args.positional[0]?.value ?? args.keywords.get('x')?.value;
    // keras.ops.shape(x) is a Python tuple of ints and None, not a tensor. So is tf.shape(x) inside a traced
    // call() as far as shapes go: tf.keras traces it in a graph that folds the static sizes into constants.
    const tfShape = this.silent > 0 && /^(tensorflow|tf)(\.compat\.v[12])?\.shape$/.test(path);
    if (name === 'shape' && (tfShape || /(^|\.)(ops|backend)\.shape$/.test(path)) && first?.kind === 'tensor') {
      const s = first.tensor.shape;
      return s
        ? { kind: 'tuple', items: s.map(d => (d === null ? NONE : ({ kind: 'int', value: d } as ConfigValue))) }
        : unknown(trans.__('the shape of a tensor of unknown rank'));
    }
    if (!tensors.length) {
      const made = this.createdTensor(path, name, args);
      if (made) return made;
      return unknown(trans.__('`%1(…)` is not followed statically', path));
    }
    // Keras 3's KerasTensor refuses TensorFlow functions (tf.concat, tf.nn.softmax, …) in a functional graph: they are
    // for backend tensors, as inside a layer's call() or a Lambda. tf.keras 2 wrapped them in a TFOpLambda layer.
    if (this.session.version === 3 && this.silent === 0 && isTensorFlowFunction(path) && tensors.some(t => t.node !== null))
      throw new AnalysisError(
        trans.__(
          '`%1`: Keras 3 raises ValueError: a KerasTensor cannot be used as input to a TensorFlow function (use keras.ops or a layer; tf.keras 2 took it: pass --keras-version 2)',
          path
        ),
        location
      );
    const opArgs = { positional: args.positional.map(a => a.value), keywords: new Map([...args.keywords].map(([k, a]) => [k, a.value])) };
    // keras.applications.<family>.preprocess_input keeps the shape; in Keras 3 it is ops on the tensor (no
    // row). tf.keras 2 adds TFOpLambda rows that depend on the family's mode: not modelled, said below.
    const keepsShape = this.session.version === 3 && /(^|\.)applications\.\w+\.preprocess_input$/.test(path) && tensors.length === 1;
    const shape = keepsShape ? tensors[0].shape : tensorOpShape(path, opArgs, v => (v?.kind === 'tensor' ? v.tensor.shape : null));
    if (shape === undefined && this.silent === 0)
      this.session.report('warning', trans.__('`%1` on a symbolic tensor: its output shape is not inferred', path), location);
    return this.tensorOp(path, tensors, shape ?? null, location);
  }

  /**
   * Tensors made from a shape inside a traced `call()` (`keras.random.normal(shape=(b, d))`,
   * `ops.zeros((n, d))`, `ops.arange(n)`): only their shape matters there.
   */
  private createdTensor(path: string, name: string, args: ICallArgs): ConfigValue | null {
    if (this.silent === 0 || !/(^|\.)(ops|random|numpy|backend)\.[a-z_]+$/.test(path)) return null;
    const dims = (v: ConfigValue | undefined): Shape | null => {
      if (v?.kind === 'int') return [v.value];
      const items = v ? sequenceItems(v) : null;
      if (!items) return null;
      const out = items.map(i => (i.kind === 'int' ? i.value : i.kind === 'none' ? null : undefined));
      return out.some(d => d === undefined) ? null : (out as Shape);
    };
    const tensor = (shape: Shape | null): ConfigValue | null => (shape ? { kind: 'tensor', tensor: new KTensor(shape, null) } : null);
    if (['normal', 'uniform', 'truncated_normal', 'random_normal', 'random_uniform', 'zeros', 'ones', 'full', 'empty'].includes(name)) {
      return tensor(dims(args.keywords.get('shape')?.value ?? args.positional[0]?.value));
    }
    if (name === 'arange') {
      const a = args.positional.map(x => x.value);
      const start = args.keywords.get('start')?.value ?? (a.length > 1 ? a[0] : undefined);
      const stop = args.keywords.get('stop')?.value ?? (a.length > 1 ? a[1] : a[0]);
      const step = args.keywords.get('step')?.value ?? a[2];
      const s = start?.kind === 'int' ? start.value : start === undefined ? 0n : null;
      const e = stop?.kind === 'int' ? stop.value : null;
      const st = step?.kind === 'int' ? step.value : step === undefined ? 1n : null;
      if (s === null || e === null || st === null || st === 0n) return tensor([null]);
      const n = (e - s + st - (st > 0n ? 1n : -1n)) / st;
      return tensor([n > 0n ? n : 0n]);
    }
    return null;
  }

  /** A method of a Keras object: a model's, or one the catalogue answers from a layer's arguments (`StringLookup.vocabulary_size()`). */
  method(obj: Layer, name: string, args: ICallArgs, location: ILocation | null): ConfigValue {
    if (obj instanceof Model) return this.modelMethod(obj, name, args, location);
    const methods = obj.args ? obj.spec?.methods : undefined;
    if (methods && Object.hasOwn(methods, name)) return methods[name](obj.args!);
    // adapt(), build(), set_weights(), …: None. Any other method (`get_weights()`, `get_vocabulary()` on data
    // the source does not give) returns what only running it knows, never None.
    return LAYER_RETURNS_NONE.has(name) ? NONE : unknown(trans.__('what %1.%2() returns is known only by running it', obj.name, name));
  }

  /**
   * An unbuilt Sequential given data of sizes the source gives (`fit(x_train, …)`): built by the first step,
   * on a batch of the data (Keras prints that batch's size: `batch_size`, or fewer samples).
   */
  private buildOnData(model: Model, method: string, args: ICallArgs, location: ILocation | null): void {
    const x = args.positional[0]?.value ?? args.keywords.get('x')?.value;
    if (!isPlainSequential(model) || model.built || !x || model.stack.length === 0) return;
    const data = x.kind === 'opaque' ? x.data?.shape : null;
    if (!data || data.length < 2 || data.slice(1).some(d => d === null)) {
      // Keras builds it all the same, on the first batch: the figures that follow without that batch's shape.
      const why = x.kind === 'unknown' ? x.why : trans.__('the shape of %1 given to %2() is not known statically', describe(x), method);
      return model.buildOnUnknownData(why);
    }
    try {
      this.session.buildSequential(model, [firstBatch(method, args, samplesOf(x)), ...data.slice(1)], location);
    } catch (e) {
      this.handleModelError(e, location);
    }
  }

  /** Methods of a model (`add`, `pop`, `build`, `get_layer`); the rest (`compile`, `fit`) leave it as it is. */
  modelMethod(model: Model, name: string, args: ICallArgs, location: ILocation | null): ConfigValue {
    const a = args.positional.map(x => x.value);
    switch (name) {
      case 'add':
        if (model.kind !== 'sequential')
          throw new AnalysisError(trans.__('%1 is a functional model; add() works on Sequential models only', model.name), location);
        if (!a[0]) throw new AnalysisError(trans.__('add() needs a layer'), location);
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
        if (!shapeArg) throw new AnalysisError(trans.__('build() needs an input shape'), location);
        if (model.kind === 'sequential') this.session.buildSequential(model, toShape(shapeArg, 'input_shape', location), location);
        // tf.keras 2 builds a subclassed model by calling it on a placeholder of that shape; Keras 3's default
        // build() marks it built and leaves its layers unbuilt (`0 (unbuilt)`), as Keras 3.15 prints.
        else if (model.custom && model.tracked && this.session.version === 2)
          this.session.outputsOf(model, [toShape(shapeArg, 'input_shape', location)], new Map(), location, true);
        return NONE;
      }
      case 'get_layer': {
        const key = a[0] ?? args.keywords.get('name')?.value ?? args.keywords.get('index')?.value;
        const rows = model.rows;
        const hit = key?.kind === 'str' ? rows.find(l => l.name === key.value) : key?.kind === 'int' ? rows[Number(key.value)] : undefined;
        if (!hit) throw new AnalysisError(trans.__('%1 has no layer %2', model.name, describe(key ?? NONE)), location);
        return layerValue(hit);
      }
      case 'summary':
        if (this.session.version === 2 && model.tracked && !model.graph) {
          // tf.keras 2 raises here; the script stops, so no summary is shown.
          throw new AnalysisError(
            trans.__(
              "%1 is a subclassed model that has not been built: tf.keras 2's summary() raises 'This model has not yet been built. Build the model first by calling `build()` or by calling the model on a batch of data.'",
              model.name
            ),
            location
          );
        }
        this.session.calls.summaries++;
        this.session.onSummaryCall?.(model, location, summaryOptions(args));
        return NONE;
      case 'count_params':
        return unknown(trans.__('count_params() is shown in the summary'));
      case 'compile':
        // A new optimizer each time from a name; the same object, built or not, when one is passed again.
        model.optimizer = compiledOptimizer(args.keywords.get('optimizer')?.value ?? a[0], this.session.dtypePolicy);
        return NONE;
      default:
        // fit(), evaluate(), predict(), …: an unbuilt Sequential is built by its first step on the data, traced
        // with a batch of None. What they return only running them gives (`loss, acc = model.evaluate(…)` is unknown, not None).
        if (TRAINING_METHODS.has(name)) {
          this.session.calls.runs++;
          this.buildOnData(model, name, args, location);
        }
        // The first training step builds the optimizer on the trainable weights of that moment.
        if (OPTIMIZER_STEPS.has(name) && model.optimizer && !model.optimizer.built) this.session.onOptimizerBuild?.(model, model.optimizer, location);
        return RETURNS_NONE.has(name) ? NONE : unknown(trans.__('what model.%1() returns is known only by running it', name));
    }
  }

  /** `layer.name`, `model.layers`, `layer.output`, …; undefined for an attribute that is a method. */
  attribute(layer: Layer, name: string, location: ILocation | null): ConfigValue | undefined {
    const tensorsOf = (which: 'inputs' | 'outputs'): KTensor[] => {
      if (layer instanceof Model) return which === 'inputs' ? layer.inputs : layer.outputs;
      const n = layer.nodes[0];
      if (!n) throw new AnalysisError(trans.__("layer '%1' has not been called yet, so it has no %2", layer.name, which), location);
      return which === 'inputs' ? n.inputs : n.outputs;
    };
    const one = (ts: KTensor[]): ConfigValue =>
      ts.length === 1 ? { kind: 'tensor', tensor: ts[0] } : { kind: 'list', items: ts.map(t => ({ kind: 'tensor', tensor: t }) as ConfigValue) };
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
        return { kind: 'list', items: tensorsOf('inputs').map(t => ({ kind: 'tensor', tensor: t }) as ConfigValue) };
      case 'outputs':
        return { kind: 'list', items: tensorsOf('outputs').map(t => ({ kind: 'tensor', tensor: t }) as ConfigValue) };
      case 'layers':
        if (layer instanceof Model) return { kind: 'list', items: layer.rows.map(layerValue) };
        return unknown(trans.__('.layers of a layer'));
      case 'output_shape': {
        const ts = tensorsOf('outputs');
        return ts.length === 1 ? shapeValue(ts[0].shape) : { kind: 'list', items: ts.map(t => shapeValue(t.shape)) };
      }
      default:
        // A constructor argument Keras keeps as an attribute (`layer.units`, `conv.filters`).
        if (layer.args && layer.spec?.params.some(p => p.name === name)) return layer.args.raw(name);
        return undefined;
    }
  }
}

/**
 * A Keras object that is neither a layer nor a tensor (an optimizer): opaque to the reader, which hands it back
 * as it got it (the reader's own opaque value, whose `ref` is the object).
 */
function runtimeObject(what: string, ref: unknown): ConfigValue {
  return { kind: 'opaque', what, ref: { kind: 'opaque', what, ref } };
}

/** A row that stands for a layer the reader could not know: unknown shape and parameters, with why. */
export function unknownLayer(session: KerasSession, why: string, location: ILocation | null): Layer {
  const layer = new Layer('?', null, session.names.forClass('unknown'), null, location);
  layer.weights = null;
  layer.problem = why;
  return layer;
}

export function shapeValue(shape: Shape | null): ConfigValue {
  if (!shape) return unknown(trans.__('an unknown shape'));
  return { kind: 'tuple', items: shape.map(d => (d === null ? NONE : ({ kind: 'int', value: d } as ConfigValue))) };
}

export function layerValue(layer: Layer): ConfigValue {
  return layer instanceof Model ? { kind: 'model', model: layer } : { kind: 'layer', layer };
}

/** The symbolic tensors in a value: a tensor, or a list/tuple/dict of them. */
export function tensorsIn(v: ConfigValue): KTensor[] | null {
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

function sortedEntries(entries: Array<[ConfigValue, ConfigValue]>): Array<[ConfigValue, ConfigValue]> {
  const key = (v: ConfigValue) => (v.kind === 'str' ? v.value : describe(v));
  return [...entries].sort((a, b) => (key(a[0]) < key(b[0]) ? -1 : key(a[0]) > key(b[0]) ? 1 : 0));
}

/** Keras' `trainable` setter reaches every sublayer. */
export function setTrainable(layer: Layer, flag: boolean, seen = new Set<Layer>()): void {
  if (seen.has(layer)) return; // shared sublayers and models nested many times: each once
  seen.add(layer);
  layer.trainable = flag;
  if (layer instanceof Model) for (const l of layer.rows) setTrainable(l, flag, seen);
  for (const inner of layer.inner.values()) setTrainable(inner, flag, seen);
}

/** A Sequential model (not a subclassed model that tracks its layers itself). */
function isPlainSequential(layer: Layer): layer is Model {
  return layer instanceof Model && layer.kind === 'sequential' && !layer.tracked;
}

/** The shapes of data a layer is called on: an array, or a list or tuple of arrays, each of known rank; else null. */
function dataShapes(v: ConfigValue): Shape[] | null {
  if (v.kind === 'opaque') return v.data?.shape?.length ? [v.data.shape as Shape] : null;
  if (v.kind !== 'list' && v.kind !== 'tuple') return null;
  const shapes = v.items.map(i => (i.kind === 'opaque' && i.data?.shape?.length ? (i.data.shape as Shape) : null));
  return shapes.length && shapes.every(s => s !== null) ? (shapes as Shape[]) : null;
}
