/**
 * Keras classes written in Python: a class derived from a Keras `Layer` or `Model`, or from a catalogue
 * layer. Python semantics (classes, methods, `super()`, the object's attributes) stay in the reader;
 * what Keras does with such an object lives here: `self` is a Keras object, `build()` and `add_weight`
 * give it weights, `call()` is traced (silently, as Keras traces it on backend tensors) or
 * `compute_output_shape()` asked for its shapes, and the sublayers its attributes hold are tracked.
 *
 * The reader drives an instantiation as Python does, `cls(*args)` = `__new__` then `__init__`:
 *
 * ```ts
 * const self = classes.create(cls, base, location);           // __new__ of the Keras base
 * if (defines __init__) run it with self; else classes.init(self, args, location);
 * classes.initialized(self);                                   // named, its call() hooked
 * ```
 *
 * and calls `superMethod` for `super().name(…)` reaching the Keras base, `method` for a method of the
 * object (`add_weight`), `setAttribute` / `attributesChanged` when Python code sets an attribute. The
 * runtime calls back into Python through `IPythonHost` (runtime.ts): `defines`, `callMethod`, `attributes`.
 * The reader makes one per analysis beside its `KerasRuntime`, with the same host.
 */
import { AnalysisError, type ILocation, type Shape } from '../types';
import { describe, int, NONE, sequenceItems, str, truthy, unknown, type ConfigValue } from '../config/value';
import { trans } from '../i18n/current';
import type { ILayerOutputs } from '../catalogue/spec';
import type { ICallArgs } from './construct';
import type { IKerasClass } from './symbols';
import { sameEverywhere, type ILayerWeights, type IWeight } from './weights';
import { BUILT_AT_INIT } from '../catalogue/built-at-init';
import { nullPrototype } from '../null-prototype';
import { KTensor, Layer, Model, Node, type KerasSession } from './objects';
import { setTrainable, tensorsIn, type IPythonHost, type KerasRuntime } from './runtime';
import { batched, firstBatch, samplesOf, TRAINING_METHODS } from './training';

/** A class written in Python, as the runtime sees it: its name and the reader's own handle on it. */
export interface IHostClass {
  name: string;
  ref: unknown;
}

/** What the runtime keeps about an object of a Python class: the class, its Keras base, the weights `add_weight` made. */
interface ICustomInfo {
  cls: IHostClass;
  base: IKerasClass;
  self: ConfigValue;
  weights: IWeight[];
  /** A catalogue base's own weights, built by `super().build()` or `super().call()` (`class MyDense(layers.Dense)`). */
  baseWeights: ILayerWeights | null;
  named: boolean;
  problem: string | null;
  /** Keras 3's `model.build(shape)` ran the class's build(): a later first call does not run it again. */
  built?: boolean;
  /** The class's build() is running from a first call (its `super().build()` then builds nothing more). */
  building?: boolean;
  /**
   * The output shapes a row inside a subclassed model shows for this layer (Keras 3 prints
   * `compute_output_shape()` of the shapes it was built on): the class's own, else its catalogue base's.
   */
  shown?: Shape[] | null;
}

/** The keywords Keras 3's `Layer.__init__` takes (keras/src/layers/layer.py); it raises ValueError for any other. */
const KERAS3_LAYER_INIT_KEYWORDS: ReadonlySet<string> = new Set([
  'activity_regularizer',
  'trainable',
  'dtype',
  'autocast',
  'name',
  'input_dim',
  'input_shape'
]);

/**
 * Keras 3's `Layer.__init__` reached from a class derived from `keras.layers.Layer` or `keras.Model` (whose
 * `__init__` passes a call that is not functional on to it): keywords only, and only its own. Keras raises
 * TypeError for `super().__init__(self)` (Python 2's spelling, with self passed twice) and ValueError for a
 * keyword it does not take (`batch_size=`, `dynamic=`, a keyword meant for the class itself): reported where
 * Python raises it, and the reading goes on as after any error (the rest of the class's `__init__` still runs).
 */
function checkKeras3BaseInit(info: ICustomInfo, args: ICallArgs, location: ILocation | null): void {
  // `keras.layers.Layer` itself is no catalogue entry (symbols.ts: kernel-only, its weights being the subclass's).
  const layerBase = info.base.name === 'Layer' && info.base.kind !== 'layer';
  if (!layerBase && info.base.kind !== 'model') return;
  // keras/src/models/model.py functional_init_arguments(): these forms make a functional model instead.
  const keywords = args.keywords;
  const n = args.positional.length;
  if (!layerBase && (n === 2 || (n === 1 && keywords.has('outputs')) || (keywords.has('inputs') && keywords.has('outputs')))) return;
  if (n > 0)
    throw new AnalysisError(
      trans.__('%1: Keras raises TypeError: Layer.__init__() takes 1 positional argument but %2 were given', info.cls.name, n + 1),
      args.positional[0].location ?? location
    );
  const unrecognized = [...keywords.keys()].filter(k => !KERAS3_LAYER_INIT_KEYWORDS.has(k));
  if (unrecognized.length)
    throw new AnalysisError(
      trans.__('%1: Keras raises ValueError: unrecognized keyword arguments passed to it: %2', info.cls.name, unrecognized.join(', ')),
      keywords.get(unrecognized[0])!.location ?? location
    );
}

export class CustomClasses {
  /** The Python class behind each custom Keras object. */
  private readonly custom = new Map<Layer, ICustomInfo>();

  constructor(
    private readonly runtime: KerasRuntime,
    private readonly session: KerasSession,
    private readonly host: IPythonHost
  ) {}

  /** Whether a class derived from this Keras class makes a Model (else a Layer). */
  static isModelBase(base: IKerasClass): boolean {
    return base.kind === 'model' || base.kind === 'sequential';
  }

  /** The Python class behind a Keras object, when Python code defined it. */
  classOf(obj: Layer): IHostClass | undefined {
    return this.custom.get(obj)?.cls;
  }

  /** `__new__`: a Keras object (a Layer or a subclassed Model) for an instance of the Python class `cls` derived from `base`. */
  create(cls: IHostClass, base: IKerasClass, location: ILocation | null): ConfigValue {
    const object = CustomClasses.isModelBase(base) ? new Model('functional', cls.name, '', location) : new Layer(cls.name, null, '', null, location);
    if (object instanceof Model) {
      object.tracked = [];
      this.session.models.push(object);
    }
    const self: ConfigValue = object instanceof Model ? { kind: 'model', model: object } : { kind: 'layer', layer: object };
    this.custom.set(object, { cls, base, self, weights: [], baseWeights: null, named: false, problem: null });
    return self;
  }

  /** After `__init__`: the object has its name, and calling it builds and traces it. */
  initialized(self: ConfigValue): void {
    const object = objectOf(self);
    const info = object && this.custom.get(object);
    if (!object || !info) return;
    if (!info.named) this.name(info, null);
    const defines = (m: string) => this.host.defines(info.cls, m);
    if (object.spec && !defines('call') && !defines('build') && !defines('compute_output_shape')) return;
    object.custom = (shapes, build, at, callArgs) => this.outputs(info, shapes, build, at, callArgs);
  }

  /** `__init__` of the Keras base (`super().__init__(…)`, or a class without its own): the name, and a built-in base's own arguments. */
  init(self: ConfigValue, args: ICallArgs, location: ILocation | null): void {
    const object = objectOf(self);
    const info = object && this.custom.get(object);
    if (!object || !info) return;
    if (this.session.version === 3) checkKeras3BaseInit(info, args, location);
    const name = args.keywords.get('name')?.value;
    if (info.base.kind === 'layer') {
      // A subclass of a catalogue layer starts from its entry: bound arguments, weights and shapes.
      if (!info.named) this.name(info, name?.kind === 'str' ? name.value : null);
      const keywords = new Map(args.keywords).set('name', { value: str(object.name), location });
      const base = this.runtime.construct(info.base, { positional: args.positional, keywords }, location);
      if (base.kind === 'layer') {
        Object.assign(object, {
          spec: base.layer.spec,
          args: base.layer.args,
          inputShapeArg: base.layer.inputShapeArg,
          bytesPerParam: base.layer.bytesPerParam
        });
        object.clearInner();
        for (const [k, v] of base.layer.inner) object.setInner(k, v);
      }
    } else if (object instanceof Model && (args.positional.length >= 2 || args.keywords.has('outputs'))) {
      // `class M(keras.Model)` constructed functionally: super().__init__(inputs, outputs).
      if (!info.named) this.name(info, name?.kind === 'str' ? name.value : null);
      const keywords = new Map(args.keywords).set('name', { value: str(object.name), location });
      const built = this.runtime.construct({ ...info.base, kind: 'model' }, { positional: args.positional, keywords }, location);
      if (built.kind === 'model') {
        object.tracked = null;
        object.graph = built.model.graph;
        object.inputs = built.model.inputs;
        object.outputs = built.model.outputs;
        object.built = true;
        this.session.models.splice(this.session.models.indexOf(built.model), 1);
      }
    }
    if (!info.named) this.name(info, name?.kind === 'str' ? name.value : null);
    const trainable = args.keywords.get('trainable')?.value;
    if (trainable && truthy(trainable) === false) object.trainable = false;
  }

  /** `super().name(…)` reaching the Keras base class of the object's Python class. */
  superMethod(self: ConfigValue, name: string, args: ICallArgs, location: ILocation | null): ConfigValue {
    const object = objectOf(self);
    const info = object && this.custom.get(object);
    if (!info) return unknown(trans.__('super().%1()', name));
    if (name === '__init__') {
      this.init(self, args, location);
      return NONE;
    }
    if (name === 'get_config') return NONE;
    // A subclass of a catalogue layer: its base's build(), call() and compute_output_shape() are the catalogue entry's.
    if (object.spec && (name === 'build' || name === 'call' || name === 'compute_output_shape'))
      return this.baseMethod(info, object, name, args, location);
    // tf.keras 2's Model.build(shape), reached from the class's own build(): it calls the model on a placeholder.
    if (
      name === 'build' &&
      this.session.version === 2 &&
      object instanceof Model &&
      object.tracked &&
      !info.building &&
      object.weights === undefined
    ) {
      const shape = args.positional[0]?.value ?? args.keywords.get('input_shape')?.value;
      const dims = shape ? shapesOf(shape) : null;
      info.built = true;
      if (dims?.length === 1) this.outputs(info, dims, true, location);
      return NONE;
    }
    if (name === 'build') return NONE;
    if (name === 'compute_output_shape' || name === 'call') {
      info.problem ??= trans.__('%1 calls super().%2() of %3, which the reader does not follow', info.cls.name, name, info.base.name);
      return unknown(info.problem);
    }
    return unknown(trans.__('super().%1() is not followed statically', name));
  }

  /**
   * `super().build(input_shape)`, `super().call(x)`, `super().compute_output_shape(s)` reaching a catalogue layer:
   * the entry's weights (kept beside those `add_weight` makes) and output shapes on those shapes.
   */
  private baseMethod(info: ICustomInfo, object: Layer, name: string, args: ICallArgs, location: ILocation | null): ConfigValue {
    const arg = args.positional[0]?.value ?? args.keywords.get(name === 'call' ? 'inputs' : 'input_shape')?.value;
    const tensors = name === 'call' && arg ? tensorsIn(arg) : null;
    const shapes: Array<Shape | null> | null = name === 'call' ? (tensors?.map(t => t.shape) ?? null) : arg ? shapesOf(arg) : null;
    if (!shapes || shapes.some(x => x === null)) {
      info.problem ??= trans.__('%1: the input of super().%2() is not known statically', info.cls.name, name);
      return unknown(info.problem);
    }
    const custom = object.custom;
    const weights = object.weights;
    object.custom = null;
    object.weights = info.baseWeights ?? undefined;
    let out: ILayerOutputs | null;
    try {
      out = this.session.outputsOf(object, shapes, new Map(), location, name !== 'compute_output_shape');
      if (name !== 'compute_output_shape') info.baseWeights = object.weights ?? null;
      if (object.weights === null) info.problem ??= object.problem ?? trans.__('the weights of %1 are unknown', object.className);
    } finally {
      object.custom = custom;
      object.weights = weights;
    }
    if (name === 'build') return NONE;
    if (!out) return unknown(trans.__('the output shape of super().%1() is unknown', name));
    const shapeOf = (x: Shape): ConfigValue => ({ kind: 'tuple', items: x.map(d => (d === null ? NONE : int(d))) });
    if (name === 'compute_output_shape') return out.multi ? { kind: 'list', items: out.outputs.map(shapeOf) } : shapeOf(out.outputs[0]);
    const result = out.outputs.map(x => ({ kind: 'tensor', tensor: new KTensor(x, null) }) as ConfigValue);
    return out.multi ? { kind: 'list', items: result } : result[0];
  }

  /** A method Keras gives objects of Python classes (`self.add_weight`, Keras 2's `add_variable`); undefined for any other. */
  method(obj: Layer, name: string, args: ICallArgs, location: ILocation | null): ConfigValue | undefined {
    const info = this.custom.get(obj);
    if (info && (name === 'add_weight' || name === 'add_variable')) return this.addWeight(info, args, location);
    if (info && name === 'build' && obj instanceof Model && obj.tracked && this.session.version === 3)
      return this.buildModel(info, obj, args, location);
    // fit() and its kin call the model on batches of the data: the first builds it (its size: firstBatch).
    if (info && obj instanceof Model && TRAINING_METHODS.has(name)) {
      const x = args.positional[0]?.value ?? args.keywords.get('x')?.value;
      if (x) {
        const data = batched(x, firstBatch(name, args, samplesOf(x)));
        this.callOnData(obj, { positional: [{ value: data, location }], keywords: new Map() }, location);
      }
      return undefined;
    }
    return undefined;
  }

  /** Whether `obj.build(…)` is Keras's wrapper of the class's build() (a Keras 3 subclassed model), not the plain method. */
  wrapsBuild(obj: Layer): boolean {
    return obj instanceof Model && obj.tracked !== null && this.session.version === 3 && this.custom.has(obj);
  }

  /**
   * Keras 3's `model.build(shape)` on a subclassed model: the class's own build() when it has one (the layers it
   * makes are tracked, unbuilt), else the default, which marks the model built and leaves its layers unbuilt:
   * both print `0 (unbuilt)` for the layers that need an input, under a built model.
   */
  private buildModel(info: ICustomInfo, model: Model, args: ICallArgs, location: ILocation | null): ConfigValue {
    const shape = args.positional[0]?.value ?? args.keywords.get('input_shape')?.value;
    if (!shape) throw new AnalysisError(trans.__('build() needs an input shape'), location);
    if (model.weights !== undefined || model.graph || info.built) return NONE;
    info.built = true;
    if (this.host.defines(info.cls, 'build'))
      this.host.callMethod(info.cls, 'build', info.self, { positional: [{ value: shape, location }], keywords: new Map() });
    this.trackGraph(model);
    return NONE;
  }

  /**
   * A subclassed model called on data, not on a symbolic tensor (`model(tf.zeros((1, 28, 28, 1)))`,
   * `model(x_train[:1])`, a training step's `model(x_batch, training=True)`): Keras builds it on the data's
   * shape, batch size included, and traces its call(). Data whose shape the source does not give builds it
   * too, on a shape only running knows: its rows are then unknown with the reason, never `0 (unbuilt)`.
   * Undefined when this is not such a call (the runtime's own call follows).
   */
  callOnData(obj: Layer, args: ICallArgs, location: ILocation | null): ConfigValue | undefined {
    const info = this.custom.get(obj);
    if (!info || !(obj instanceof Model)) return undefined;
    const first = args.positional[0]?.value ?? args.keywords.get('inputs')?.value;
    // Data: an array, or a dict, list or tuple of arrays (`model({"title": title_data, "tags": tags_data})`).
    const structure = first ? dataStructure(first) : null;
    if (!first || (first.kind !== 'unknown' && !(first.kind === 'opaque' && first.data) && !structure)) return undefined;
    const result = unknown(trans.__('what %1 returns on data is known only by running it', obj.name));
    // Built already (a functional subclass, an earlier call): the call changes nothing Keras prints.
    if (obj.weights !== undefined || (obj.graph && !obj.tracked)) return result;
    if (structure && first.kind !== 'opaque') {
      this.outputs(info, structure.shapes, true, location, new Map(), structure.value);
      return result;
    }
    const shape = first.kind === 'opaque' ? first.data!.shape : null;
    // Every size but the batch's known (fit() traces with a batch of None).
    if (shape && shape.length && shape.slice(1).every(d => d !== null)) {
      this.outputs(info, [shape], true, location);
      return result;
    }
    this.builtOnUnknownData(
      obj,
      first.kind === 'unknown'
        ? trans.__('%1 is built by its first call, on data whose shape is not known statically (%2)', obj.name, first.why)
        : trans.__('%1 is built by its first call, on data whose shape is not known statically', obj.name),
      location
    );
    return result;
  }

  /** A subclassed model built on data of a shape only running knows: what needs that shape is unknown, with the reason. */
  builtOnUnknownData(model: Model, why: string, location: ILocation | null): void {
    const info = this.custom.get(model);
    if (model.weights !== undefined || !model.tracked || !info) return;
    // Its call() traced on a tensor of unknown rank: an Embedding's output size, then the weights of a GRU on it,
    // are what the layers determine without that shape.
    this.outputs(info, [null], true, location, new Map(), undefined, why);
    for (const l of this.trackedLayers(model)) {
      if (l.weights !== undefined) continue;
      l.weights = null;
      l.problem ??= why;
    }
    if (!model.weights) {
      model.weights = null;
      model.problem ??= why;
    }
    model.builtOnUnknownData = why;
    this.trackGraph(model);
    this.session.report('warning', trans.__('%1; its shapes and the counts that need them are unknown', why), location);
  }

  /** `obj.name = value` on a Keras object: true when Keras takes it as a property (`trainable`); otherwise Python keeps it. */
  setAttribute(obj: Layer, name: string, value: ConfigValue, location: ILocation | null = null): boolean {
    const info = this.custom.get(obj);
    if (info && this.session.version === 3 && Object.hasOwn(READ_ONLY_PROPERTIES, info.base.name) && READ_ONLY_PROPERTIES[info.base.name] === name) {
      // Keras 3.15 (quantization): `kernel` / `embeddings` are properties without a setter; Python raises.
      const why = trans.__("property '%1' of '%2' object has no setter (Keras 3)", name, info.cls.name);
      info.problem ??= why;
      obj.problem ??= why;
      throw new AnalysisError(why, location);
    }
    if (name !== 'trainable') return false;
    const flag = truthy(value);
    if (flag !== null) setTrainable(obj, flag);
    return true;
  }

  /** Python code set an attribute of a Keras object: a subclassed model's rows are the layers its attributes track, before it is built too. */
  attributesChanged(obj: Layer): void {
    if (!(obj instanceof Model && obj.tracked && !obj.graph)) return;
    obj.tracked = this.trackedLayers(obj);
    // Keras 3 builds its weightless layers in their constructor: an unbuilt model prints their 0, not `0 (unbuilt)`.
    if (this.session.version === 3)
      for (const l of obj.tracked) if (l.weights === undefined && l.spec && BUILT_AT_INIT.has(l.className)) l.weights = sameEverywhere([]);
  }

  private name(info: ICustomInfo, explicit: string | null): void {
    const names = this.session.names;
    objectOf(info.self)!.name =
      explicit ??
      (CustomClasses.isModelBase(info.base)
        ? names.forSubclassedModel(info.cls.name, info.base.standalone)
        : names.forClass(info.cls.name, info.base.standalone));
    info.named = true;
  }

  /** `self.add_weight(...)` (Keras 3 and 2 signatures) and Keras 2's `add_variable`: a weight of the layer. */
  private addWeight(info: ICustomInfo, args: ICallArgs, location: ILocation | null): ConfigValue {
    const v2 = this.session.version === 2;
    const order = v2 ? ['name', 'shape', 'dtype', 'initializer', 'regularizer', 'trainable'] : ['shape', 'initializer', 'dtype', 'trainable'];
    const get = (k: string) => args.keywords.get(k)?.value ?? args.positional[order.indexOf(k)]?.value;
    const shapeArg = get('shape');
    const items = shapeArg ? (shapeArg.kind === 'int' ? [shapeArg] : sequenceItems(shapeArg)) : [];
    const dims = items?.map(i => (i.kind === 'int' && i.value >= 0n ? i.value : null));
    const trainable = get('trainable');
    const nameArg = get('name');
    if (!dims || dims.some(d => d === null)) {
      const why = trans.__("%1: a weight's shape %2 is not known statically", info.cls.name, shapeArg ? describe(shapeArg) : '');
      info.problem ??= why;
      this.session.report('warning', why, location);
      return unknown(why);
    }
    const shape = dims as bigint[];
    info.weights.push({
      name: nameArg?.kind === 'str' ? nameArg.value : `weight_${info.weights.length}`,
      shape,
      trainable: trainable ? truthy(trainable) !== false : true
    });
    return { kind: 'tensor', tensor: new KTensor([...shape], null) };
  }

  /** A custom layer or subclassed model called on inputs of these shapes: `build()`, then `compute_output_shape()` or a trace of `call()`. */
  private outputs(
    info: ICustomInfo,
    shapes: Array<Shape | null>,
    build: boolean,
    location: ILocation | null,
    callArgs: ReadonlyMap<string, ConfigValue> = new Map(),
    /** The inputs as called, when a structure (a dict of tensors): build() gets its shapes in that structure. */
    structure?: ConfigValue,
    /**
     * Why the one input's shape is not known (data the source does not describe): traced on a tensor of unknown
     * rank, so what its layers determine without that shape is still known (KTensor.uncertain).
     */
    unknownInput: string | null = null
  ): ILayerOutputs | null {
    const layer = objectOf(info.self)!;
    const fail = (why: string): null => {
      if (build && layer.weights === undefined) layer.weights = null;
      layer.problem ??= why;
      return null;
    };
    const unranked = unknownInput !== null && shapes.length === 1 && shapes[0] === null;
    if (!unranked && shapes.some(s => s === null)) return fail(trans.__('its input shape is unknown'));
    const known = unranked ? [] : (shapes as Shape[]);
    const shapeValue = (s: Shape): ConfigValue => ({ kind: 'tuple', items: s.map(d => (d === null ? NONE : int(d))) });
    const inputShape: ConfigValue = unranked
      ? unknown(unknownInput)
      : structure
        ? mapTensors(structure, t => shapeValue(t.shape!))
        : known.length === 1
          ? shapeValue(known[0])
          : { kind: 'list', items: known.map(shapeValue) };
    // On data with a size the source does not give, the tensors call() sees say so (what needs the size is unknown there).
    const uncertain = this.session.uncertainInput;
    const tensors: ConfigValue[] = unranked
      ? [{ kind: 'tensor', tensor: new KTensor(null, null, 0, unknownInput) }]
      : known.map(s => ({ kind: 'tensor', tensor: new KTensor(s, null, 0, uncertain) }));
    const input: ConfigValue = structure ?? (tensors.length === 1 ? tensors[0] : { kind: 'list', items: tensors });
    const saved = this.session.diagnostics.length;
    const first = build && layer.weights === undefined;
    const defines = (m: string) => this.host.defines(info.cls, m);
    const callWith = (m: string, arg: ConfigValue) =>
      this.host.callMethod(info.cls, m, info.self, { positional: [{ value: arg, location }], keywords: new Map() });
    this.runtime.silent++;
    try {
      // Keras builds before the first call: the class's build(), else its catalogue base's.
      if (first && defines('build') && !info.built) {
        info.building = true;
        try {
          callWith('build', inputShape);
        } finally {
          info.building = false;
        }
      } else if (first && layer.spec)
        this.baseMethod(info, layer, 'build', { positional: [{ value: inputShape, location }], keywords: new Map() }, location);
      let outputs: Shape[] | null = null;
      if (defines('compute_output_shape')) outputs = shapesOf(callWith('compute_output_shape', inputShape));
      if (defines('call') && (first || !outputs)) {
        // The call's other arguments as given: tensors as fresh symbolic ones of their shapes, keywords as they are.
        const positional = [{ value: input, location }];
        const keywords = new Map<string, { value: ConfigValue; location: ILocation | null }>();
        for (const [k, v] of callArgs) {
          const value: ConfigValue = v.kind === 'tensor' ? { kind: 'tensor', tensor: new KTensor(v.tensor.shape, null) } : v;
          if (k.startsWith('*')) positional.push({ value, location });
          else keywords.set(k, { value, location });
        }
        const ts = tensorsIn(this.host.callMethod(info.cls, 'call', info.self, { positional, keywords }));
        if (!outputs) outputs = ts && ts.every(t => t.shape !== null) ? ts.map(t => t.shape!) : null;
      } else if (!defines('call') && layer.spec && !outputs) {
        // call() is the catalogue entry's (build() overridden: its weights come from super().build()).
        const base = { positional: [{ value: inputShape, location }], keywords: new Map() };
        outputs = shapesOf(this.baseMethod(info, layer, 'compute_output_shape', base, location));
      }
      if (first) {
        // What a row inside a subclassed model shows: compute_output_shape() of the shapes it was built on.
        if (!(layer instanceof Model) && this.session.version === 3)
          info.shown = defines('compute_output_shape')
            ? outputs
            : layer.spec
              ? shapesOf(
                  this.baseMethod(
                    info,
                    layer,
                    'compute_output_shape',
                    { positional: [{ value: inputShape, location }], keywords: new Map() },
                    location
                  )
                )
              : null;
        layer.weights = this.weights(info);
        if (!layer.weights) layer.problem ??= info.problem;
      }
      if (layer instanceof Model) this.trackGraph(layer);
      if (!outputs) return fail(unknownInput ?? trans.__('the output shape of %1.call() cannot be read statically', info.cls.name));
      return { outputs, multi: outputs.length > 1 };
    } catch (e) {
      if (this.host.fatal(e) || !(e instanceof AnalysisError)) throw e;
      this.session.diagnostics.length = saved;
      this.session.report(
        'warning',
        trans.__('%1 (%2): %3; its shape and parameters are unknown', layer.name, info.cls.name, e.message),
        e.location ?? location
      );
      return fail(e.message);
    } finally {
      this.runtime.silent--;
    }
  }

  /** A custom layer's weights: its own (`add_weight`) and those of the sublayers it tracks, each once. */
  private weights(info: ICustomInfo): ILayerWeights | null {
    if (info.problem) return null;
    const base = info.baseWeights;
    const keras: IWeight[] = [...(base?.keras ?? []), ...info.weights];
    const cudnn: IWeight[] = [...(base?.cudnn ?? []), ...info.weights];
    const layer = objectOf(info.self)!;
    const seen = new Set<Layer>([layer]);
    const add = (sub: Layer, depth: number): boolean => {
      if (seen.has(sub) || depth > 50) return true;
      seen.add(sub);
      if (sub instanceof Model && !sub.custom) return sub.rows.every(r => add(r, depth + 1));
      const w = sub.weights;
      if (w === null || w === undefined) {
        info.problem =
          w === null ? trans.__('its sublayer %1 is unknown', sub.name) : trans.__('its sublayer %1 is not built by its call()', sub.name);
        return false;
      }
      const own = (ws: IWeight[]) => ws.map(x => ({ ...x, trainable: x.trainable && sub.trainable }));
      keras.push(...own(w.keras));
      cudnn.push(...own(w.cudnn));
      return true;
    };
    for (const sub of this.trackedLayers(layer)) if (!add(sub, 0)) return null;
    return { keras, cudnn, declared: base?.declared ?? 'keras', dualBias: base?.dualBias ?? null };
  }

  /** The layers an object's attributes hold (directly, in lists and tuples, in dict values), as Keras tracks them. */
  private trackedLayers(layer: Layer): Layer[] {
    const out: Layer[] = [];
    const seen = new Set<Layer>([layer]);
    const visit = (v: ConfigValue, depth: number) => {
      if (depth > 20) return;
      if (v.kind === 'layer' || v.kind === 'model') {
        const l = v.kind === 'layer' ? v.layer : v.model;
        if (!seen.has(l)) {
          seen.add(l);
          out.push(l);
        }
      } else if (v.kind === 'list' || v.kind === 'tuple') v.items.forEach(i => visit(i, depth + 1));
      else if (v.kind === 'dict') v.entries.forEach(e => visit(e[1], depth + 1));
    };
    for (const v of this.host.attributes(layer)) visit(v, 0);
    return out;
  }

  /** A subclassed model's rows: its tracked layers; built catalogue layers show the shape of their first call. */
  private trackGraph(model: Model): void {
    const layers = this.trackedLayers(model);
    const nodeOf = new Map<Layer, Node>();
    for (const l of layers) {
      const custom = this.custom.get(l);
      if (custom) {
        // Keras records no node for it: a node of its own carries the shape its row shows.
        if (custom.shown) {
          const node = new Node(l, []);
          node.traced = true;
          node.multi = custom.shown.length > 1;
          custom.shown.forEach((s, i) => node.outputs.push(new KTensor(s, node, i)));
          nodeOf.set(l, node);
        }
        continue;
      }
      // A call traced inside call() makes no graph node in Keras: the shape shown is the one build() recorded,
      // and Keras 3's layers built in their constructor record none (`?`).
      const node = l.nodes.find(n => !n.traced) ?? (this.session.version === 3 && BUILT_AT_INIT.has(l.className) ? undefined : l.nodes[0]);
      if (node) nodeOf.set(l, node);
    }
    model.tracked = layers;
    model.graph = { layers, nodeOf, calls: new Map() };
    model.built = true;
  }
}

/**
 * Keras 3.15's layers whose weight is a read-only property (`self.kernel = self.add_weight(…)` in a subclass
 * raises AttributeError), as `inspect.getmembers` lists the properties without `fset` of `keras.layers`.
 */
const READ_ONLY_PROPERTIES: Record<string, string> = nullPrototype({
  Dense: 'kernel',
  EinsumDense: 'kernel',
  Conv1D: 'kernel',
  Conv2D: 'kernel',
  Conv3D: 'kernel',
  Convolution1D: 'kernel',
  Convolution2D: 'kernel',
  Convolution3D: 'kernel',
  Embedding: 'embeddings',
  ReversibleEmbedding: 'embeddings'
});

function objectOf(v: ConfigValue): Layer | null {
  return v.kind === 'layer' ? v.layer : v.kind === 'model' ? v.model : null;
}

/** Shapes from a `compute_output_shape()` result: a tuple, or a list of tuples. */
/** Each tensor of a structure (a dict, list or tuple of tensors) mapped. */
function mapTensors(v: ConfigValue, f: (t: KTensor) => ConfigValue): ConfigValue {
  if (v.kind === 'tensor') return f(v.tensor);
  if (v.kind === 'list' || v.kind === 'tuple') return { kind: v.kind, items: v.items.map(i => mapTensors(i, f)) };
  if (v.kind === 'dict') return { kind: 'dict', entries: v.entries.map(([k, x]) => [k, mapTensors(x, f)]) };
  return v;
}

/**
 * A dict, list or tuple whose leaves are all data of sizes the source gives: the same structure of symbolic
 * tensors of those shapes, and the shapes in order; null otherwise.
 */
function dataStructure(v: ConfigValue): { value: ConfigValue; shapes: Shape[] } | null {
  if (v.kind !== 'dict' && v.kind !== 'list' && v.kind !== 'tuple') return null;
  const shapes: Shape[] = [];
  let ok = true;
  const visit = (x: ConfigValue): ConfigValue => {
    if (x.kind === 'opaque' && x.data?.shape?.length && x.data.shape.slice(1).every(d => d !== null)) {
      const shape = x.data.shape as Shape;
      shapes.push(shape);
      return { kind: 'tensor', tensor: new KTensor(shape, null) };
    }
    if (x.kind === 'list' || x.kind === 'tuple') return { kind: x.kind, items: x.items.map(visit) };
    if (x.kind === 'dict') return { kind: 'dict', entries: x.entries.map(([k, y]) => [k, visit(y)]) };
    ok = false;
    return x;
  };
  const value = visit(v);
  return ok && shapes.length ? { value, shapes } : null;
}

function shapesOf(v: ConfigValue): Shape[] | null {
  const items = sequenceItems(v);
  if (!items) return null;
  const one = (x: ConfigValue): Shape | null => {
    const dims = sequenceItems(x);
    if (!dims) return null;
    const out = dims.map(d => (d.kind === 'int' ? d.value : d.kind === 'none' ? null : undefined));
    return out.some(d => d === undefined) ? null : (out as Shape);
  };
  if (items.every(i => i.kind === 'int' || i.kind === 'none')) {
    const s = one(v);
    return s ? [s] : null;
  }
  const all = items.map(one);
  return all.every(s => s !== null) ? (all as Shape[]) : null;
}
