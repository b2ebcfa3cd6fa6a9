/**
 * The Keras objects a static reading builds: layers, symbolic tensors, call nodes and models.
 * They mirror keras.src (Layer.__call__ records a Node; Functional walks nodes with map_graph),
 * but hold shapes and declared weights only: nothing is ever computed on data.
 */
import {
  AnalysisError,
  NeedsKernelError,
  NotKnownError,
  type Dim,
  type IDiagnostic,
  type KerasVersion,
  type ILocation,
  type ISummaryPrinting,
  type Shape
} from '../types';
import { Args, type IBuildContext, type ILayerOutputs, type ILayerSpec } from '../catalogue/spec';
import { sameEverywhere, type ILayerWeights } from './weights';
import { NameCounter } from './naming';
import { formatShape } from './shape-math';
import type { Value } from '../config/value';
import type { IKerasRelease } from './version';
import { trans } from '../i18n/current';
import { lastAxisOnly, requiredRank } from './ranks';
import type { Optimizer } from './optimizers';

/** A symbolic tensor: its shape (null when unknown) and the node that produced it. */
export class KTensor {
  /**
   * Why some size of this tensor, written `None` in its shape, is really unknown: it comes from an Input whose
   * `shape=` the source does not give (`Input(shape=(X.shape[1],))`). Null when every size is what it says.
   */
  uncertain: string | null = null;
  /**
   * Of a tensor of unknown rank (`shape` null) on data the source does not describe: the size of its last axis
   * when the layers that made it determine it (an Embedding's `output_dim`), else null.
   */
  lastDim: Dim = null;

  constructor(
    readonly shape: Shape | null,
    readonly node: Node | null,
    readonly index = 0,
    uncertain: string | null = null
  ) {
    this.uncertain = uncertain;
  }
}

/** One call of a layer on symbolic inputs (keras.src.ops.node.Node). */
export class Node {
  /** Set once the call's outputs are known (an array of their number, not one grown by push). */
  outputs: KTensor[] = [];
  multi = false;
  /** Made while a custom layer's or subclassed model's call() was traced: Keras records no node for it. */
  traced = false;
  /**
   * A call with arguments besides its first (`decoder_layer(x, encoder_outputs)`, `mha(q, value=v)`): the first
   * argument's tensors and the others, so a model that holds the node can call it again on other shapes.
   */
  call: { inputs: KTensor[]; args: Map<string, Value> } | null = null;
  constructor(
    readonly layer: Layer,
    readonly inputs: KTensor[],
    readonly isInput = false
  ) {}
}

let nextLayerId = 0;

const NO_INNER: ReadonlyMap<string, Layer> = new Map();

/** The calls of a layer never called: shared, never changed (addNode replaces it). */
const NO_NODES: Node[] = [];

/** The call arguments of a layer called with none (a Sequential's chain): shared, never changed. */
const NO_CALL_ARGS: Map<string, Value> = new Map();

export class Layer {
  readonly id = nextLayerId++;
  /** Weights once built; null when they cannot be known; undefined before the first call. */
  weights: ILayerWeights | null | undefined = undefined;
  /** Its calls (`addNode`): most layers are called once. */
  nodes: Node[] = NO_NODES;
  trainable = true;
  /** `input_shape=` / `input_dim=` / `batch_input_shape=` given to the constructor (batch included). */
  inputShapeArg: Shape | null = null;
  /**
   * Why the input shape given to the constructor is not known statically (`input_shape=x.shape[1:]`); with a
   * known rank, the batch shape with the sizes it writes (`(X.shape[1], 1)`: [None, None, 1]).
   */
  inputShapeUnknown: { why: string; rank: number | null; shape?: Shape } | null = null;
  /** For InputLayer: the batch shape. */
  batchShape: Shape | null = null;
  /** For InputLayer: made by Keras when it built a model on its first call, not written in the source. */
  impliedInput = false;
  /** Layers held in arguments (Bidirectional's `layer`, …); most layers hold none, so the map is made on the first. */
  get inner(): ReadonlyMap<string, Layer> {
    return this.held ?? NO_INNER;
  }

  private held: Map<string, Layer> | null = null;

  setInner(argName: string, layer: Layer): void {
    (this.held ??= new Map()).set(argName, layer);
  }

  clearInner(): void {
    this.held = null;
  }
  /** A message when the layer's weights or shapes could not be derived. */
  problem: string | null = null;
  /** Its weights are unknown only because it was built on an input of sizes the source does not give (`problem` says so). */
  builtOnUnknownInput = false;
  /** A keras op on tensors (`x + y`, `ops.mean`): part of the graph, never a summary row. */
  isOperation = false;
  /** Reached through `tensorflow.compat.v1`. */
  legacyV1 = false;
  /** Bytes per weight from the layer's dtype (`float16` → 2); Keras prints memory from it. */
  bytesPerParam = 4n;
  /** Output shapes computed by the reader itself (a Lambda's function run on symbolic tensors). */
  customOutputs: ((inputs: Shape[]) => Shape[] | null) | null = null;
  /**
   * A class written in the analysed source (a `keras.layers.Layer` or `keras.Model` subclass): the
   * reader builds it and traces its `call()`; it sets the weights when `build` is true.
   */
  custom:
    | ((shapes: Array<Shape | null>, build: boolean, location: ILocation | null, callArgs?: ReadonlyMap<string, Value>) => ILayerOutputs | null)
    | null = null;

  constructor(
    readonly className: string,
    readonly spec: ILayerSpec | null,
    public name: string,
    readonly args: Args | null,
    readonly location: ILocation | null
  ) {}

  addNode(node: Node): void {
    // The first call gets an array of one; a push would give it room for sixteen.
    if (this.nodes === NO_NODES) this.nodes = [node];
    else this.nodes.push(node);
  }

  get isInputLayer(): boolean {
    return this.className === 'InputLayer';
  }
}

export type ModelKind = 'sequential' | 'functional';

export class Model extends Layer {
  /** Sequential: its layers (an InputLayer first when it has one). */
  readonly stack: Layer[] = [];
  /** Names in the stack, for Keras' unique-name check in constant time. */
  readonly stackNames = new Map<string, Layer>();
  inputs: KTensor[] = [];
  outputs: KTensor[] = [];
  /** Functional: the rows of the summary, in keras map_graph order, with each one's first node. */
  graph: { layers: Layer[]; nodeOf: Map<Layer, Node>; calls: Map<Layer, number> } | null = null;
  /** Sequential: output shapes of each layer in this model's own chain (`uncertain`: some are KTensor.uncertain). */
  chainShapes = new Map<Layer, { shapes: Array<Shape | null>; multi: boolean; uncertain: boolean }>();
  built = false;
  variable: string | null = null;
  /** A subclassed model: the layers its attributes track, in the order Keras tracks them. */
  tracked: Layer[] | null = null;
  /**
   * A Sequential without an input that Keras built on data whose shape the source does not give (`fit(X, y)`,
   * `model(X[:1])` with X read from a file): why that shape is unknown. The engine keeps it unbuilt, with the
   * figures that follow without the input (unbuilt.ts).
   */
  builtOnUnknownData: string | null = null;
  /** The optimizer of its last `compile()`, if any. */
  optimizer: Optimizer | null = null;

  /** Keras builds an unbuilt Sequential on data whose shape the source does not give (`why`): it is marked so. */
  buildOnUnknownData(why: string): void {
    if (!this.built && this.stack.length) this.builtOnUnknownData ??= why;
  }
  /**
   * Output shapes of this model called as a layer, per input shapes: a model nested many times
   * (`m = Sequential([m, m])` repeated) is walked once per input shape, so the work stays linear.
   * Cleared whenever the model changes.
   */
  readonly outputsCache = new Map<string, ILayerOutputs | null>();

  constructor(
    readonly kind: ModelKind,
    className: string,
    name: string,
    location: ILocation | null
  ) {
    super(className, null, name, null, location);
  }

  /** The summary rows: Keras' `model.layers`. */
  get rows(): Layer[] {
    if (this.kind === 'sequential') return this.stack.filter(l => !l.isInputLayer);
    return (this.graph?.layers ?? this.tracked ?? []).filter(l => !l.isOperation);
  }
}

/** A call's other arguments for calling it again: each tensor among them a new one of its shape there. */
function replayArgs(args: Map<string, Value>, shapeOf: (t: KTensor) => Shape | null): Map<string, Value> {
  const again = (v: Value): Value =>
    v.kind === 'tensor'
      ? { kind: 'tensor', tensor: new KTensor(shapeOf(v.tensor), null) }
      : v.kind === 'list' || v.kind === 'tuple'
        ? { kind: v.kind, items: v.items.map(again) }
        : v;
  const out = new Map<string, Value>();
  for (const [k, v] of args) out.set(k, again(v));
  return out;
}

/** An argument of the layer itself that is not known statically: its own reason, not its input's. */
function chainEntry(out: { tensors: KTensor[]; multi: boolean }): { shapes: Array<Shape | null>; multi: boolean; uncertain: boolean } {
  return { shapes: out.tensors.map(t => t.shape), multi: out.multi, uncertain: out.tensors.some(t => t.uncertain !== null) };
}

function ownUnknown(e: AnalysisError): boolean {
  return e instanceof NotKnownError || e instanceof NeedsKernelError;
}

/** Past this many diagnostics, one more says the rest are not listed. */
export const MAX_DIAGNOSTICS = 500;

/** Everything one analysis shares: naming counters, diagnostics, the Keras version's defaults. */
export class KerasSession {
  readonly names: NameCounter;
  readonly diagnostics: IDiagnostic[] = [];
  readonly models: Model[] = [];
  /** The global dtype policy (`mixed_precision.set_global_policy`): its name, or null when the source does not say. */
  dtypePolicy: string | null = 'float32';
  /**
   * How many times the source ran a model on data (fit, train_on_batch, predict, …) and called summary(): a loop
   * whose turn ran a model and made nothing is a training loop (see the interpreter's execFor).
   */
  readonly calls = { runs: 0, summaries: 0 };
  /** Told of every `model.summary()` call as it happens, so the model can be summarized as it is then. */
  onSummaryCall: ((model: Model, location: ILocation | null, printing: ISummaryPrinting) => void) | null = null;
  /** Told when a training step builds a model's optimizer, to build it on the model's trainable weights then. */
  onOptimizerBuild: ((model: Model, optimizer: Optimizer, location: ILocation | null) => void) | null = null;

  /** The release whose defaults apply (`version` is its major). */
  readonly release: IKerasRelease;
  /**
   * Keras 3 by default: neither the user nor the code said which Keras (Keras 2-era code that nothing marks reads the
   * same); what only one version prints is then not stated as fact.
   */
  versionAssumed = false;

  constructor(
    readonly version: KerasVersion,
    release?: IKerasRelease
  ) {
    this.release = release ?? { major: version, minor: null };
    this.names = new NameCounter(version, this.release);
  }

  /** Adds a diagnostic, at the end or, for one about a statement whose body was read first, at index `at` (before what it said). */
  report(severity: IDiagnostic['severity'], message: string, location: ILocation | null, at = this.diagnostics.length): void {
    if (this.diagnostics.length === MAX_DIAGNOSTICS) {
      this.diagnostics.push({
        severity: 'error',
        message: trans.__('more than %1 problems; the rest are not listed', MAX_DIAGNOSTICS),
        location: null
      });
    }
    if (this.diagnostics.length > MAX_DIAGNOSTICS) return;
    // The same problem at the same place once (a helper called in a loop reports it once, not per call).
    const same = (l: ILocation | null) =>
      l === location || (l !== null && location !== null && l.cell === location.cell && l.line === location.line && l.column === location.column);
    if (this.diagnostics.some(d => d.severity === severity && d.message === message && same(d.location))) return;
    this.diagnostics.splice(Math.min(at, this.diagnostics.length), 0, { severity, message, location });
  }

  /** Reports an error thrown while building `layer`, naming the layer. */
  fail(layer: Layer, error: unknown, location: ILocation | null): void {
    if (!(error instanceof AnalysisError)) throw error;
    const message = error.message.startsWith(layer.className) ? error.message.slice(layer.className.length).replace(/^[:：]?\s*/, '') : error.message;
    const text = trans.__('%1 (%2): %3', layer.name, layer.className, message);
    layer.problem ??= message;
    this.report(error instanceof NeedsKernelError ? 'info' : error instanceof NotKnownError ? 'warning' : 'error', text, error.location ?? location);
  }

  newInputLayer(
    batchShape: Shape | null,
    name: string | null,
    location: ILocation | null,
    standalone = true,
    uncertain: string | null = null
  ): KTensor {
    const layer = new Layer('InputLayer', null, name ?? this.names.forInput(standalone), null, location);
    if (uncertain) layer.inputShapeUnknown = { why: uncertain, rank: batchShape ? batchShape.length - 1 : null };
    layer.batchShape = batchShape;
    layer.weights = sameEverywhere([]);
    const node = new Node(layer, [], true);
    const tensor = new KTensor(batchShape, node, 0, uncertain);
    node.outputs = [tensor];
    layer.addNode(node);
    return tensor;
  }

  /** Layer.__call__: build on first call, compute outputs, record a node. */
  call(
    layer: Layer,
    inputs: KTensor[],
    callArgs: Map<string, Value>,
    location: ILocation | null,
    graphInputs = inputs
  ): { tensors: KTensor[]; multi: boolean } {
    const node = new Node(layer, graphInputs);
    if (callArgs.size) node.call = { inputs, args: callArgs };
    let uncertain: string | null = null;
    for (const t of graphInputs)
      if (t.uncertain) {
        uncertain = t.uncertain;
        break;
      }
    const saved = this.uncertain;
    this.uncertain = uncertain;
    // One input of unknown rank, on data the source does not describe: what its last axis determines.
    const unranked = uncertain !== null && inputs.length === 1 && inputs[0].shape === null ? inputs[0] : null;
    let result: ILayerOutputs | null;
    try {
      const last = unranked ? this.followLastAxis(layer, unranked.lastDim, callArgs, location) : undefined;
      if (last !== undefined) {
        const tensor = new KTensor(null, node, 0, uncertain);
        tensor.lastDim = last;
        node.outputs = [tensor];
        layer.addNode(node);
        return { tensors: node.outputs, multi: false };
      }
      result = this.outputsOf(
        layer,
        inputs.map(t => t.shape),
        callArgs,
        location,
        true,
        unranked?.lastDim ?? null
      );
    } finally {
      this.uncertain = saved;
    }
    node.multi = result?.multi ?? false;
    const shapes = result?.outputs ?? [null];
    node.outputs = shapes.map((shape, i) => new KTensor(shape, node, i, uncertain));
    layer.addNode(node);
    return { tensors: node.outputs, multi: node.multi };
  }

  /**
   * Output shapes of `layer` on `shapes`; builds its weights on the first call when `build` is set.
   * Returns null when unknown (the problem is reported once).
   */
  outputsOf(
    layer: Layer,
    given: Array<Shape | null>,
    callArgs: Map<string, Value>,
    location: ILocation | null,
    build: boolean,
    /** The last axis of an input of unknown rank (KTensor.lastDim): a layer that takes one rank gets it there. */
    lastDim: Dim = null
  ): ILayerOutputs | null {
    if (layer.custom) return layer.custom(given, build, location, callArgs);
    if (layer instanceof Model) {
      // Called on data the source does not describe: a model with inputs takes only data they accept (Keras raises
      // on any other), so what it returns is what its own inputs give.
      if (this.uncertain !== null && layer.inputs.length === given.length && given.some(s => s === null))
        given = given.map((s, i) => s ?? layer.inputs[i].shape);
      const key = given.map(s => (s ? s.join(',') : '?')).join(';');
      if (layer.outputsCache.has(key)) return layer.outputsCache.get(key)!;
      const out = this.modelOutputs(layer, given, location);
      layer.outputsCache.set(key, out);
      return out;
    }
    if (layer.isInputLayer) return { outputs: [layer.batchShape!], multi: false };
    if (layer.isOperation)
      return layer.nodes[0]?.outputs[0]?.shape && given.every(s => s !== null) ? { outputs: [layer.nodes[0].outputs[0].shape], multi: false } : null;
    const spec = layer.spec;
    if (!spec || !layer.args) {
      if (build && layer.weights === undefined) layer.weights = null;
      return null;
    }
    // On an input of unknown rank (`Input(shape=data.shape[1:])`), a layer that takes one rank only (Conv1D: 3)
    // fixes it: its input is read as that rank with every size unknown, so what follows from its own arguments is exact.
    const rank = this.uncertain && given.length === 1 && given[0] === null ? requiredRank(layer) : null;
    const shapes = rank !== null ? [[...Array<null>(rank - 1).fill(null), lastDim]] : given;
    const known = shapes.every((s): s is Shape => s !== null);
    if (layer.customOutputs) {
      if (build && layer.weights === undefined) layer.weights = sameEverywhere([]);
      const outputs = known ? layer.customOutputs(shapes) : null;
      if (!outputs && known && build) {
        layer.problem ??= trans.__('the output shape of its function cannot be read statically');
        this.report(
          'warning',
          trans.__('%1 (%2): the output shape of its function cannot be read statically; pass output_shape=(…)', layer.name, layer.className),
          location
        );
      }
      return outputs ? { outputs, multi: outputs.length > 1 } : null;
    }
    const ctx = this.context(layer, known ? shapes : [], callArgs, location, shapes.length);
    // Built on data the source does not describe, then called on a tensor it does: Keras built it on data of the
    // shape this call has (it would raise on another), so that call's weights are its weights.
    const rebuild = build && layer.builtOnUnknownInput && known && !this.uncertain;
    if (rebuild) {
      layer.builtOnUnknownInput = false;
      layer.problem = null;
      this.buildWeights(layer, ctx, true, location, false);
    } else if (build && layer.weights === undefined) this.buildWeights(layer, ctx, known, location);
    if (!known) return null;
    try {
      return spec.outputs(ctx);
    } catch (e) {
      if (!(e instanceof AnalysisError)) throw e;
      if (this.uncertain) layer.problem ??= this.uncertainProblem();
      else if (layer.problem === null) this.fail(layer, e, location);
      return null;
    }
  }

  /**
   * A layer called on one tensor of unknown rank whose weights need only its last axis and whose output changes
   * only that axis (Dense, dropout, …), or an Embedding: built on that axis (an unknown one makes what needs it
   * unknown, with why), and the last axis of its output, which is of unknown rank too. Undefined for any other
   * layer (one that takes one rank only gets its input as that rank in outputsOf).
   */
  private followLastAxis(layer: Layer, lastDim: Dim, callArgs: Map<string, Value>, location: ILocation | null): Dim | undefined {
    if (layer instanceof Model || layer.custom || layer.customOutputs || !layer.spec || !layer.args) return undefined;
    const embedding = layer.className === 'Embedding';
    if (!embedding && !lastAxisOnly(layer)) return undefined;
    // A stand-in of rank 2 with that last axis: these layers read nothing else of their input.
    const ctx = this.context(layer, [embedding ? [null, null] : [null, lastDim]], callArgs, location);
    if (layer.weights === undefined) this.buildWeights(layer, ctx, true, location);
    try {
      const out = layer.spec.outputs(ctx).outputs[0];
      return out ? out[out.length - 1] : null;
    } catch (e) {
      if (!(e instanceof AnalysisError)) throw e;
      return null;
    }
  }

  /**
   * Layer.build: its weights on `ctx`, or null and the problem. The sublayers Keras creates inside it take
   * their names first (`name` false when it is built again: they were named at its first build).
   */
  private buildWeights(layer: Layer, ctx: IBuildContext, known: boolean, location: ILocation | null, name = true): void {
    const spec = layer.spec!;
    if (name) for (const prefix of spec.hiddenSublayers?.(this.version, ctx) ?? []) this.names.next(prefix);
    try {
      layer.weights = spec.weights ? spec.weights(ctx) : sameEverywhere([]);
    } catch (e) {
      layer.weights = null;
      if (!(e instanceof AnalysisError)) throw e;
      // Unknown inputs are reported where they became unknown; report only real problems, once. An argument
      // not known statically is the layer's own (NotKnownError), whatever its input.
      if (ownUnknown(e) || (known && !this.uncertain)) {
        if (layer.problem === null) this.fail(layer, e, location);
      } else if (this.uncertain) this.unknownFromInput(layer);
    }
  }

  /** Set while a layer is called on a tensor with an unknown size (KTensor.uncertain): what needs that size is unknown, not an error. */
  private uncertain: string | null = null;

  /** Why the tensor the layer being called now is called on has a size the source does not give; null when it has none. */
  get uncertainInput(): string | null {
    return this.uncertain;
  }

  /** Weights left unknown by an input of a size the source does not give; a later call on a known tensor builds them. */
  private unknownFromInput(layer: Layer): void {
    if (layer.problem !== null) return;
    layer.problem = this.uncertainProblem();
    layer.builtOnUnknownInput = true;
  }

  private uncertainProblem(): string {
    return trans.__('its input size is not known statically (%1)', this.uncertain ?? '');
  }

  private context(layer: Layer, inputs: Shape[], callArgs: Map<string, Value>, location: ILocation | null, arity = inputs.length): IBuildContext {
    return {
      args: layer.args!,
      inputs,
      arity,
      kerasVersion: this.version,
      callArgs,
      buildInner: (argName, innerInputs) => {
        const inner = layer.inner.get(argName);
        if (!inner) throw new AnalysisError(trans.__('%1: %2 must be a layer', layer.className, argName), layer.args!.locationOf(argName));
        if (inner.weights === undefined && inner.spec?.weights) {
          inner.weights = inner.spec.weights(this.context(inner, innerInputs, new Map(), location));
        } else if (inner.weights === undefined) inner.weights = sameEverywhere([]);
        if (!inner.spec || !inner.args) throw new AnalysisError(trans.__('%1: cannot read the wrapped layer %2', layer.className, inner.name));
        const out = inner.spec.outputs(this.context(inner, innerInputs, new Map(), location));
        return { weights: inner.weights, ...out };
      }
    };
  }

  /** A model called as a layer: run its graph on new shapes, without touching its layers' nodes. */
  private modelOutputs(model: Model, shapes: Array<Shape | null>, location: ILocation | null): ILayerOutputs | null {
    if (model.kind === 'sequential') {
      if (!model.built && shapes.length === 1 && shapes[0]) this.buildSequential(model, shapes[0], location);
      // Called on data the source does not describe: Keras builds it there, not "unbuilt" (unbuilt.ts infers what follows).
      else if (this.uncertain !== null) model.buildOnUnknownData(this.uncertain);
      let current: Array<Shape | null> = shapes;
      let multi = false;
      for (const layer of model.rows) {
        const out = this.outputsOf(layer, current, new Map(), location, false);
        if (!out) return null;
        current = out.outputs;
        multi = out.multi;
      }
      return { outputs: current as Shape[], multi };
    }
    const values = new Map<KTensor, Shape | null>();
    model.inputs.forEach((t, i) => values.set(t, shapes[i] ?? null));
    const order = model.graph ? [...model.graph.nodeOf.values()] : [];
    const shapeOf = (t: KTensor) => values.get(t) ?? t.shape;
    for (const node of topological(order, model.inputs)) {
      if (node.isInput) continue;
      const ins = (node.call?.inputs ?? node.inputs).map(shapeOf);
      const out = this.outputsOf(node.layer, ins, node.call ? replayArgs(node.call.args, shapeOf) : NO_CALL_ARGS, location, false);
      node.outputs.forEach((t, i) => values.set(t, out?.outputs[i] ?? null));
    }
    const outs = model.outputs.map(shapeOf);
    if (outs.some(s => s === null)) return null;
    return { outputs: outs as Shape[], multi: outs.length > 1 };
  }

  /** keras Sequential.build: an InputLayer first, then each layer called on the previous output. */
  buildSequential(model: Model, batchShape: Shape, location: ILocation | null): void {
    model.outputsCache.clear();
    let input = model.stack[0];
    if (!input || !input.isInputLayer) {
      const tensor = this.newInputLayer(batchShape, this.version === 2 && model.stack[0] ? `${model.stack[0].name}_input` : null, location);
      input = tensor.node!.layer;
      input.impliedInput = true;
      model.stack.unshift(input);
      model.stackNames.set(input.name, input);
    }
    let x: KTensor[] = [input.nodes[0].outputs[0]];
    model.chainShapes.clear();
    for (const layer of model.stack.slice(1)) {
      const out = this.call(layer, x, NO_CALL_ARGS, layer.location ?? location);
      model.chainShapes.set(layer, chainEntry(out));
      x = out.tensors.slice(0, 1);
    }
    model.inputs = [input.nodes[0].outputs[0]];
    model.outputs = x;
    model.built = true;
    if (this.version === 3) this.names.forFunctional();
  }

  /** Sequential.add, with Keras' legacy `input_shape=` on the first layer. */
  addToSequential(model: Model, layer: Layer, location: ILocation | null, rebuild = true): void {
    if (model.stack.length === 0 && layer.inputShapeArg) {
      const name = this.version === 2 ? `${layer.name}_input` : null;
      const input = this.newInputLayer(layer.inputShapeArg, name, location).node!.layer;
      model.stack.push(input);
      model.stackNames.set(input.name, input);
    }
    if (layer.isInputLayer && model.stack[0]?.isInputLayer) {
      throw new AnalysisError(trans.__("Sequential model '%1' already has an input; a second Input cannot be added", model.name), location);
    }
    const sameName = model.stackNames.get(layer.name);
    if (sameName && sameName !== layer) {
      throw new AnalysisError(
        trans.__("Sequential model '%1' already has a layer named '%2'; layer names must be unique", model.name, layer.name),
        location
      );
    }
    model.stack.push(layer);
    model.stackNames.set(layer.name, layer);
    model.outputsCache.clear();
    if (rebuild && model.built && model.outputs.length === 1 && !layer.isInputLayer) {
      this.extendSequential(model, layer, location);
      return;
    }
    model.built = false;
    if (rebuild) this.maybeRebuild(model, location);
  }

  /**
   * Keras rebuilds a built Sequential from scratch on every add(); calling only the new layer on the
   * last output gives the same shapes and weights (earlier layers are already built) in linear time.
   */
  private extendSequential(model: Model, layer: Layer, location: ILocation | null): void {
    const out = this.call(layer, model.outputs, NO_CALL_ARGS, layer.location ?? location);
    model.chainShapes.set(layer, chainEntry(out));
    model.outputs = out.tensors.slice(0, 1);
    if (this.version === 3) this.names.forFunctional();
  }

  maybeRebuild(model: Model, location: ILocation | null): void {
    model.built = false;
    model.outputsCache.clear();
    const first = model.stack[0];
    if (!first || model.stack.length < 2) return;
    if (first.isInputLayer) this.buildSequential(model, first.batchShape!, location);
    else if (first instanceof Model && first.built && first.inputs.length === 1 && first.inputs[0].shape) {
      this.buildSequential(model, first.inputs[0].shape, location);
    }
  }

  /** keras.Model(inputs, outputs): the rows are map_graph's operations that are layers. */
  buildFunctional(model: Model, inputs: KTensor[], outputs: KTensor[], location: ILocation | null): void {
    model.inputs = inputs;
    model.outputs = outputs;
    model.graph = mapGraph(inputs, outputs, location);
    model.built = true;
  }
}

/** keras.src.ops.function.map_graph: operations ordered by decreasing depth, then by DFS discovery. */
export function mapGraph(inputs: KTensor[], outputs: KTensor[], location: ILocation | null): NonNullable<Model['graph']> {
  const finished = new Set<Node>();
  const inProgress = new Set<Node>();
  const ordered: Node[] = [];
  const opIndex = new Map<Layer, number>();
  const inputSet = new Set(inputs);
  const visit = (tensor: KTensor) => {
    const node = tensor.node;
    if (!node || finished.has(node)) return;
    if (!node.isInput && inputSet.has(tensor)) {
      finished.add(node);
      return;
    }
    if (inProgress.has(node)) throw new AnalysisError(trans.__("the graph has a cycle through '%1'", node.layer.name), location);
    if (!opIndex.has(node.layer)) opIndex.set(node.layer, opIndex.size);
    inProgress.add(node);
    if (!node.isInput) for (const t of node.inputs) visit(t);
    finished.add(node);
    inProgress.delete(node);
    ordered.push(node);
  };
  for (const t of outputs) visit(t);

  const inGraph = new Set(ordered);
  const nodeDepth = new Map<Node, number>();
  const opDepth = new Map<Layer, number>();
  for (const node of [...ordered].reverse()) {
    let depth = nodeDepth.get(node) ?? 0;
    depth = Math.max(depth, opDepth.get(node.layer) ?? 0);
    opDepth.set(node.layer, depth);
    nodeDepth.set(node, depth);
    for (const t of node.isInput ? [] : node.inputs) {
      const parent = t.node;
      if (!parent || !inGraph.has(parent)) continue;
      nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
    }
  }
  for (const t of inputs) {
    const node = t.node;
    if (node && node.isInput && !opDepth.has(node.layer)) {
      opDepth.set(node.layer, 0);
      opIndex.set(node.layer, -1);
      nodeDepth.set(node, 0);
      ordered.push(node);
    }
  }
  // A disconnected graph: every input of every node must come from the model's inputs.
  const computable = new Set<KTensor>(inputs);
  const byDepth = [...nodeDepth.entries()].sort((a, b) => b[1] - a[1]);
  for (const [node] of byDepth) {
    for (const t of node.isInput ? [] : node.inputs) {
      if (!computable.has(t)) {
        throw new AnalysisError(
          trans.__("graph disconnected: '%1' needs a tensor that does not come from the model's inputs (%2)", node.layer.name, formatShape(t.shape)),
          location
        );
      }
    }
    node.outputs.forEach(t => computable.add(t));
  }
  const layers = [...opDepth.keys()].sort((a, b) => opDepth.get(b)! - opDepth.get(a)! || opIndex.get(a)! - opIndex.get(b)!);
  const nodeOf = new Map<Layer, Node>();
  const calls = new Map<Layer, number>();
  for (const node of ordered) {
    calls.set(node.layer, (calls.get(node.layer) ?? 0) + 1);
    const previous = nodeOf.get(node.layer);
    if (!previous || node.layer.nodes.indexOf(node) < node.layer.nodes.indexOf(previous)) nodeOf.set(node.layer, node);
  }
  const names = new Set<string>();
  for (const l of layers) {
    if (l.isOperation) continue;
    if (names.has(l.name)) {
      throw new AnalysisError(trans.__('the name "%1" is used more than once in the model; layer names must be unique', l.name), location);
    }
    names.add(l.name);
  }
  return { layers, nodeOf, calls };
}

/** Nodes ordered so that each comes after the nodes producing its inputs. */
function topological(nodes: Node[], inputs: KTensor[]): Node[] {
  const available = new Set<KTensor>(inputs);
  const pending = [...nodes];
  const out: Node[] = [];
  while (pending.length) {
    const i = pending.findIndex(n => n.isInput || n.inputs.every(t => available.has(t)));
    if (i < 0) break;
    const [n] = pending.splice(i, 1);
    n.outputs.forEach(t => available.add(t));
    out.push(n);
  }
  return out;
}
