/**
 * From Keras objects to summary rows: per-layer weights and counts under each convention, totals,
 * and the one-line reason wherever cuDNN differs. Counts are derived here, once, from declared weights.
 */
import type { Convention, IDiagnostic, KerasVersion, ILocation, ISummaryPrinting, Shape } from '../types';
import { CONVENTIONS } from '../types';
import { Model, type KTensor, type Layer, type Node } from '../keras/objects';
import { countWeights, sameEverywhere, size, type IDualBias, type ILayerWeights, type IWeight } from '../keras/weights';
import { conversionFor, type ILayerConversion } from '../conversion/plan';
import { inferUnbuilt, type IInferredModel } from '../keras/unbuilt';
import { formatShape } from '../keras/shape-math';
import { trans } from '../i18n/current';

export type Counts = Record<Convention, bigint | null>;

export interface ILayerRow {
  name: string;
  className: string;
  /** One shape per output; null when unknown. */
  outputShapes: Array<Shape | null> | null;
  multiOutput: boolean;
  params: Counts;
  trainableParams: Counts;
  /** Bytes each weight takes (from the layer's dtype). */
  bytesPerParam: bigint;
  /** Weights per layout (null when unknown). */
  weights: { keras: IWeight[]; cudnn: IWeight[]; declared: 'keras' | 'cudnn' } | null;
  trainable: boolean;
  location: ILocation | null;
  /** Why cuDNN differs, when it does. */
  note: string | null;
  /** Why something about this layer is unknown. */
  problem: string | null;
  /** Names of the layers feeding this one (functional models). */
  connectedTo: string[];
  /** How many times the layer is called in this model (Keras 2 prints `multiple` when more than once). */
  calls: number;
  /** tf.keras 2 prints `multiple` as its shape: a row of a subclassed model, whose traced call() records none. */
  printedMultiple?: true;
  /**
   * The None sizes after the batch axis of `outputShapes` are sizes the source does not give, not None (its input
   * has them: `Input(shape=(X.shape[1], 1))` with X read from a file): they print as `?`.
   */
  unknownSizes?: true;
  /** Rows of a nested model. */
  rows?: ILayerRow[];
  /** Recurrent layers: how the weights map to the cuDNN / PyTorch and ONNX layouts (conversion/plan.ts). */
  conversion?: ILayerConversion;
}

/** A `model.summary()` call: where it is, and what it asks Keras to print beyond the default table. */
export interface ISummaryCall extends ILocation, ISummaryPrinting {}

export interface ITotals {
  total: bigint;
  trainable: bigint;
  nonTrainable: bigint;
  /** Layers whose count is unknown and not included. */
  unknownLayers: number;
  /** Memory of the weights at their dtype, as Keras prints it. */
  bytes: { total: bigint; trainable: bigint; nonTrainable: bigint };
  /**
   * Keras 3 after a training step: the compiled optimizer's variables, which its summary prints as "Optimizer
   * params" and adds to "Total params" (`total` and `bytes.total` include them when known; null: unknown).
   */
  optimizer?: { params: bigint | null; bytes: bigint | null };
}

export interface IModelSummary {
  name: string;
  variable: string | null;
  className: string;
  kind: 'sequential' | 'functional';
  location: ILocation | null;
  built: boolean;
  /**
   * An unbuilt model (Keras prints `0 (unbuilt)`): the figures are the engine's, inferred without the
   * input; `input` is the input assumed (null when not even its rank is known), `note` the one line to show.
   */
  inferred: { reason: 'unbuilt' | 'unknownInput'; input: Shape | null; note: string } | null;
  rows: ILayerRow[];
  totals: Record<Convention, ITotals>;
  /** For a summary printed by a `model.summary()` call: where the call is (the model as it was then). */
  summaryCall?: ISummaryCall | null;
  /** Keras 3, once a training step built the compiled optimizer: its class, and why its variables are unknown. */
  optimizer?: { className: string; why: string | null };
  /** The Keras objects the summary came from (for the TensorFlow.js validation); not serialized. */
  source: Model;
}

export interface IAnalysisReport {
  models: IModelSummary[];
  diagnostics: IDiagnostic[];
  /** The Keras version whose defaults and conventions the analysis used. */
  kerasVersion: KerasVersion;
  /** The same with its minor version when one was given (`2.3`), else the major (`3`). */
  kerasRelease?: string;
}

const fmt = (n: bigint) => n.toLocaleString('en-US');

export function dualBiasNote(d: IDualBias): string {
  const delta = BigInt(d.directions * d.gates) * d.units;
  const parts = [
    ...(d.directions > 1 ? [trans._n('%1 direction', '%1 directions', d.directions)] : []),
    trans._n('%1 gate', '%1 gates', d.gates),
    d.unitName === 'units' ? trans.__('%1 units', fmt(d.units)) : trans.__('%1 filters', fmt(d.units))
  ];
  const base = trans.__('cuDNN keeps input and recurrent biases: +%1 = %2', parts.join(' × '), fmt(delta));
  return d.noKernel ? trans.__('%1 (cuDNN has no ConvLSTM kernel: this is the dual-bias layout by analogy)', base) : base;
}

/** What a model's rows count: each distinct leaf layer once, as Keras counts unique weights. */
interface IModelFacts {
  rows: ILayerRow[];
  /** Distinct leaf layers (not models) reachable from the model, each with its counts. */
  leaves: Map<Layer, ILeafCounts>;
}

interface ILeafCounts {
  params: Counts;
  trainableParams: Counts;
  bytesPerParam: bigint;
  /** Memory per convention: a weight of another dtype than its layer's (an int64 count) takes its own bytes, as Keras prints. */
  bytes: Record<Convention, { total: bigint; trainable: bigint }>;
}

/**
 * Per-analysis memo: a model nested many times (`m = Sequential([m, m])` repeated) is summarized once,
 * and its rows are shared by reference, so the work is linear in the number of distinct models.
 */
type Memo = Map<Model, IModelFacts>;

function countsOf(leaves: Iterable<ILeafCounts>, pick: (l: ILeafCounts) => Counts): Counts {
  const out = {} as Counts;
  for (const c of CONVENTIONS) {
    let total: bigint | null = 0n;
    for (const l of leaves) {
      const n = pick(l)[c];
      if (n === null) total = null;
      else if (total !== null) total += n;
    }
    out[c] = total;
  }
  return out;
}

/** Weights and problem inferred for a layer of an unbuilt model, in place of the layer's own. */
interface IInferred {
  weights: ILayerWeights | null;
  problem: string | null;
}

function leafCounts(layer: Layer, w: ILayerWeights | null | undefined = layer.weights): ILeafCounts {
  return countLeaf(w, layer.trainable, layer.bytesPerParam);
}

function countLeaf(w: ILayerWeights | null | undefined, layerTrainable: boolean, per: bigint): ILeafCounts {
  if (!w) {
    const none = { keras: null, cudnn: null, declared: null };
    const zero = { total: 0n, trainable: 0n };
    return { params: none, trainableParams: none, bytesPerParam: per, bytes: { keras: zero, cudnn: zero, declared: zero } };
  }
  // Most layers keep one list of weights for every convention: each distinct list is counted once.
  const count = (ws: IWeight[]) => {
    const n = countWeights(ws, layerTrainable);
    let extra = 0n;
    let trainableExtra = 0n;
    for (const x of ws) {
      if (x.bytes === undefined) continue;
      const more = size(x.shape) * (x.bytes - per);
      extra += more;
      if (x.trainable && layerTrainable) trainableExtra += more;
    }
    return { n, bytes: { total: n.total * per + extra, trainable: n.trainable * per + trainableExtra } };
  };
  const keras = count(w.keras);
  const cudnn = w.cudnn === w.keras ? keras : count(w.cudnn);
  const declared = w.declared === 'keras' ? keras : cudnn;
  return {
    params: { keras: keras.n.total, cudnn: cudnn.n.total, declared: declared.n.total },
    trainableParams: { keras: keras.n.trainable, cudnn: cudnn.n.trainable, declared: declared.n.trainable },
    bytesPerParam: per,
    bytes: { keras: keras.bytes, cudnn: cudnn.bytes, declared: declared.bytes }
  };
}

function layerRow(
  layer: Layer,
  memo: Memo,
  outputShapes: Array<Shape | null> | null,
  multi: boolean,
  connectedTo: string[],
  calls = 1,
  inferred?: IInferred,
  /** The layer's counts when the caller has them already (summarizeAll counted every leaf). */
  counted?: ILeafCounts
): ILayerRow {
  if (layer instanceof Model && !inferred) {
    const facts = memo.get(layer)!;
    const rows = facts.rows;
    const leaves = [...facts.leaves.values()];
    const params = countsOf(leaves, l => l.params);
    const trainableParams = countsOf(leaves, l => l.trainableParams);
    const notes = rows.map(r => r.note).filter((n): n is string => n !== null);
    return {
      name: layer.name,
      className: layer.className,
      outputShapes,
      multiOutput: multi,
      params,
      trainableParams,
      bytesPerParam: 4n,
      weights: null,
      trainable: layer.trainable,
      location: layer.location,
      note: notes.length ? `nested: ${notes.length === 1 ? notes[0] : trans.__('%1 recurrent layers differ', notes.length)}` : null,
      problem: leaves.some(l => l.params.keras === null) ? trans.__('some nested layers are unknown') : null,
      connectedTo,
      calls,
      rows
    };
  }
  const w = inferred ? inferred.weights : layer.weights;
  const { params, trainableParams } = (!inferred && counted) || leafCounts(layer, w);
  const differs = w !== null && w !== undefined && params.keras !== params.cudnn;
  const row: ILayerRow = {
    name: layer.name,
    className: layer.className,
    outputShapes,
    multiOutput: multi,
    params,
    trainableParams,
    bytesPerParam: layer.bytesPerParam,
    weights: w ? { keras: w.keras, cudnn: w.cudnn, declared: w.declared } : null,
    trainable: layer.trainable,
    location: layer.location,
    note: differs && w!.dualBias ? dualBiasNote(w!.dualBias) : null,
    problem: inferred
      ? inferred.problem
      : (layer.problem ??
        (w ? null : layer.spec ? trans.__('its input shape is unknown') : trans.__('%1 is not in the layer catalogue', layer.className))),
    connectedTo,
    calls
  };
  const conversion = conversionFor(layer);
  if (conversion) row.conversion = conversion;
  return row;
}

function shapesText(node: Node): string {
  return JSON.stringify(node.outputs.map(t => t.shape?.map(d => (d === null ? null : String(d))) ?? null));
}

/**
 * tf.keras 2's `layer.output_shape` raises, and its summary prints `multiple`, when the layer's nodes (its calls, in
 * any model) do not all have one output shape; a layer called twice on inputs of one shape prints that shape.
 */
function shapesDiffer(layer: Layer): boolean {
  const nodes = layer.nodes.filter(n => !n.traced);
  if (nodes.length < 2) return false;
  const first = shapesText(nodes[0]);
  return nodes.some(n => n.outputs.some(t => t.shape === null) || shapesText(n) !== first);
}

/** tf.keras 2 prints `0 (unused)` for a layer of a built subclassed model that its call() never reached: no weights in the model. */
function unusedInKeras2(model: Model, layer: Layer, version: KerasVersion): boolean {
  return version === 2 && model.tracked !== null && model.graph !== null && layer.weights === undefined && !(layer instanceof Model);
}

/** `row`, marked when its shapes have sizes the source does not give: `uncertain` ones (KTensor.uncertain) with a None after the batch axis. */
function withUnknownSizes(row: ILayerRow, uncertain: boolean): ILayerRow {
  if (uncertain && row.outputShapes?.some(s => s !== null && s.slice(1).includes(null))) row.unknownSizes = true;
  return row;
}

const unknownIn = (tensors: readonly KTensor[] | undefined): boolean => !!tensors?.some(t => t.uncertain !== null);

function modelRows(model: Model, memo: Memo, version: KerasVersion, leaves: ReadonlyMap<Layer, ILeafCounts>): ILayerRow[] {
  if (model.kind === 'sequential') {
    return model.rows.map(layer => {
      const chain = model.chainShapes.get(layer);
      const row = layerRow(layer, memo, chain ? chain.shapes : null, chain?.multi ?? false, [], 1, undefined, leaves.get(layer));
      return withUnknownSizes(row, layer.isInputLayer ? unknownIn(layer.nodes[0]?.outputs) : !!chain?.uncertain);
    });
  }
  const nodeOf = model.graph?.nodeOf;
  // tf.keras 2 traces a subclassed model's call() on graph tensors: its layers have no node, no output shape.
  const multiple = version === 2 && model.tracked !== null && model.graph !== null;
  return model.rows.map(layer => {
    const node = nodeOf?.get(layer);
    if (layer.isInputLayer) return withUnknownSizes(layerRow(layer, memo, [layer.batchShape], false, []), unknownIn(layer.nodes[0]?.outputs));
    // A model with an Input of its own, in a subclassed model: Keras 3 and tf.keras 2 print its own output shape
    // (batch None; tf.keras 2 records no node for the traced call), not the shape of the call that traced it.
    if (model.tracked !== null && layer instanceof Model && ownInput(layer))
      return withUnknownSizes(
        layerRow(
          layer,
          memo,
          layer.outputs.map(t => t.shape),
          layer.outputs.length > 1,
          [],
          1,
          undefined,
          leaves.get(layer)
        ),
        unknownIn(layer.outputs)
      );
    // tf.keras 2's `layer.output_shape`: the shape its graph nodes agree on (a call outside the traced call()).
    // A nested Sequential or functional model has a graph of its own: its `output_shape` is its outputs'.
    const real = multiple
      ? layer instanceof Model && !layer.tracked && layer.built
        ? layer.nodes.slice(0, 1)
        : layer.nodes.filter(n => !n.traced)
      : [];
    const agreed = real.length && real.every(n => shapesText(n) === shapesText(real[0])) ? real[0] : null;
    if (multiple && !agreed) {
      const unused = unusedInKeras2(model, layer, version) ? { weights: sameEverywhere([]), problem: null } : undefined;
      return { ...layerRow(layer, memo, null, false, [], 1, unused), printedMultiple: true };
    }
    if (agreed)
      return withUnknownSizes(
        layerRow(
          layer,
          memo,
          agreed.outputs.map(t => t.shape),
          agreed.multi,
          []
        ),
        unknownIn(agreed.outputs)
      );
    // A subclassed model is no graph network: Keras records no inbound layers for its rows.
    const feeders = node && model.tracked === null ? [...new Set(node.inputs.map(t => t.node?.layer.name ?? '?'))] : [];
    const row = layerRow(
      layer,
      memo,
      node ? node.outputs.map(t => t.shape) : null,
      node?.multi ?? false,
      feeders,
      model.graph?.calls.get(layer) ?? 1,
      undefined,
      leaves.get(layer)
    );
    withUnknownSizes(row, unknownIn(node?.outputs));
    return version === 2 && shapesDiffer(layer) ? { ...row, printedMultiple: true } : row;
  });
}

/** A Sequential or functional model built on an Input of its own (not by a first call). */
function ownInput(model: Model): boolean {
  const first = model.kind === 'sequential' ? model.stack[0] : model.inputs[0]?.node?.layer;
  return model.tracked === null && model.built && !!first?.isInputLayer && !first.impliedInput;
}

/**
 * Summarizes `root` and every model nested in it, innermost first, without recursion (a chain of
 * thousands of nested models cannot overflow the stack) and each distinct model once.
 */
function summarizeAll(root: Model, memo: Memo, version: KerasVersion): IModelFacts {
  const stack: Array<{ model: Model; expanded: boolean }> = [{ model: root, expanded: false }];
  const onStack = new Set<Model>();
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (memo.has(top.model)) {
      stack.pop();
      continue;
    }
    if (!top.expanded) {
      top.expanded = true;
      onStack.add(top.model);
      for (const layer of top.model.rows)
        if (layer instanceof Model && !memo.has(layer) && !onStack.has(layer)) stack.push({ model: layer, expanded: false });
      continue;
    }
    stack.pop();
    onStack.delete(top.model);
    const model = top.model;
    const leaves = new Map<Layer, ILeafCounts>();
    for (const layer of model.rows) {
      if (layer instanceof Model) {
        // A model that contains itself (only a broken graph can) contributes nothing more.
        for (const [l, c] of memo.get(layer)?.leaves ?? []) leaves.set(l, c);
      } else if (!leaves.has(layer)) leaves.set(layer, leafCounts(layer, unusedInKeras2(model, layer, version) ? sameEverywhere([]) : layer.weights));
    }
    // Rows refer to nested models' facts: a self-containing model sees empty facts for itself.
    if (!memo.has(model)) memo.set(model, { rows: [], leaves });
    memo.get(model)!.rows = modelRows(model, memo, version, leaves);
    memo.get(model)!.leaves = leaves;
  }
  return memo.get(root)!;
}

/** The rows and counts of an unbuilt model, from the figures inferred without its input. */
function inferredFacts(model: Model, inferred: IInferredModel, memo: Memo): IModelFacts {
  const leaves = new Map<Layer, ILeafCounts>();
  const rows = model.rows.map(layer => {
    const row = inferred.rows.get(layer)!;
    const weights = { weights: row.weights, problem: row.weights ? null : row.problem };
    if (!leaves.has(layer)) leaves.set(layer, leafCounts(layer, row.weights));
    // Inferred on an input the source gives sizes of only in part: the None it assumed for the others are not None.
    return withUnknownSizes(layerRow(layer, memo, row.shapes, row.multi, [], 1, weights), inferred.reason === 'unknownInput');
  });
  return { rows, leaves };
}

/** What a total needs of one leaf (a layer's own counts, or a live row's). */
export type ITotalsLeaf = Pick<ILeafCounts, 'params' | 'trainableParams' | 'bytes'>;

/** Totals per convention over distinct leaves; a leaf with an unknown count is counted as unknown, not as 0. */
export function sumTotals(leaves: readonly ITotalsLeaf[]): Record<Convention, ITotals> {
  // Most leaves count alike under every convention: they are summed once (`shared`), and only the others
  // per convention, so a model of a thousand Dense layers costs one BigInt sum per layer, not three.
  const [first, ...others] = CONVENTIONS;
  const shared = new Sums();
  const own = CONVENTIONS.map(() => new Sums());
  for (const l of leaves) {
    if (others.every(c => sameCounts(l, first, c))) addLeaf(shared, l, first);
    else CONVENTIONS.forEach((c, i) => addLeaf(own[i], l, c));
  }
  const out = {} as Record<Convention, ITotals>;
  CONVENTIONS.forEach((c, i) => {
    const s = own[i];
    const total = shared.total.value + s.total.value;
    const trainable = shared.trainable.value + s.trainable.value;
    const totalBytes = shared.totalBytes.value + s.totalBytes.value;
    const trainableBytes = shared.trainableBytes.value + s.trainableBytes.value;
    out[c] = {
      total,
      trainable,
      nonTrainable: total - trainable,
      unknownLayers: shared.unknownLayers + s.unknownLayers,
      bytes: { total: totalBytes, trainable: trainableBytes, nonTrainable: totalBytes - trainableBytes }
    };
  });
  return out;
}

/**
 * An exact sum of counts: in a double while it stays below 2^53 (every model people write), so that adding a
 * layer's count makes no BigInt; past that, in a BigInt.
 */
class ExactSum {
  private small = 0;
  private big = 0n;

  add(n: bigint): void {
    const x = Number(n);
    if (x <= Number.MAX_SAFE_INTEGER && this.small + x <= Number.MAX_SAFE_INTEGER) this.small += x;
    else {
      this.big += BigInt(this.small) + n;
      this.small = 0;
    }
  }

  get value(): bigint {
    return this.big + BigInt(this.small);
  }
}

class Sums {
  readonly total = new ExactSum();
  readonly trainable = new ExactSum();
  readonly totalBytes = new ExactSum();
  readonly trainableBytes = new ExactSum();
  unknownLayers = 0;
}

/** A leaf with an unknown count is counted as unknown, not as 0. */
function addLeaf(s: Sums, l: ITotalsLeaf, c: Convention): void {
  const n = l.params[c];
  const t = l.trainableParams[c];
  if (n === null || t === null) {
    s.unknownLayers++;
    return;
  }
  s.total.add(n);
  s.trainable.add(t);
  s.totalBytes.add(l.bytes[c].total);
  s.trainableBytes.add(l.bytes[c].trainable);
}

function sameCounts(l: ITotalsLeaf, a: Convention, b: Convention): boolean {
  return (
    l.params[a] === l.params[b] &&
    l.trainableParams[a] === l.trainableParams[b] &&
    l.bytes[a].total === l.bytes[b].total &&
    l.bytes[a].trainable === l.bytes[b].trainable
  );
}

/**
 * A built model whose input has sizes the source does not give (`Input(shape=(X.shape[1],))`): they were read
 * as None, so its figures are the engine's, inferred; the one line says so.
 */
function uncertainInput(model: Model): IModelSummary['inferred'] {
  const input = model.kind === 'sequential' ? model.stack[0] : model.inputs.find(t => t.uncertain)?.node?.layer;
  const why = input?.isInputLayer ? input.inputShapeUnknown?.why : undefined;
  if (!input || !why) return null;
  if (!input.batchShape) {
    const note = trans.__(
      "the input shape of '%1' is not known statically: %2; these figures are the engine's, inferred on an input of unknown rank (a layer that takes one rank only fixes it, every size unknown): a shape written as numbers makes them real",
      model.name,
      why
    );
    return { reason: 'unknownInput', input: null, note };
  }
  const note = trans.__(
    "the input shape of '%1' is not known statically: %2; these figures are the engine's, inferred on keras.Input(shape=%3) (the rank written, sizes unknown): sizes written as numbers make them real",
    model.name,
    why,
    formatShape(input.batchShape.slice(1))
  );
  return { reason: 'unknownInput', input: input.batchShape, note };
}

/** A subclassed model built by a call on data the source does not describe: its figures are the engine's, inferred. */
function subclassedOnUnknownData(model: Model): IModelSummary['inferred'] {
  if (model.tracked === null || model.builtOnUnknownData === null) return null;
  const note = trans.__(
    "Keras builds '%1' on data whose shape is not known statically (%2); these figures are the engine's, inferred on an input of unknown rank (what its layers determine without that shape)",
    model.name,
    model.builtOnUnknownData
  );
  return { reason: 'unknownInput', input: null, note };
}

/** A Keras 3 subclassed model never called: Keras prints `0 (unbuilt)` for the layers that need its input. */
function unbuiltSubclassed(model: Model, version: KerasVersion): IModelSummary['inferred'] {
  if (version !== 3 || model.tracked === null || model.graph !== null) return null;
  const note = trans.__(
    "Keras leaves '%1' unbuilt until it is called and prints 0 (unbuilt) for the layers that need its input: call it on keras.Input(shape=(…)) or on data to build it",
    model.name
  );
  return { reason: 'unbuilt', input: null, note };
}

/**
 * A model's summary; `memo` may be shared by the models of one analysis (nested models are then summarized once).
 * `version`: the Keras whose defaults apply, for what an unbuilt model's figures are inferred under.
 */
export function summarizeModel(model: Model, version: KerasVersion = 3, memo: Memo = new Map()): IModelSummary {
  const inferred = inferUnbuilt(model, version);
  const facts = inferred ? inferredFacts(model, inferred, memo) : summarizeAll(model, memo, version);
  const uncertain = inferred ? null : (uncertainInput(model) ?? subclassedOnUnknownData(model) ?? unbuiltSubclassed(model, version));
  const rows = facts.rows;
  const totals = sumTotals([...facts.leaves.values()]);
  const optimizer = withOptimizer(model, version, totals);
  return {
    name: model.name,
    variable: model.variable,
    className: model.kind === 'sequential' ? 'Sequential' : model.className,
    kind: model.kind,
    location: model.location,
    built: model.built || model.builtOnUnknownData !== null,
    inferred: inferred ? { reason: inferred.reason, input: inferred.input, note: inferred.note } : uncertain,
    rows,
    totals,
    ...(optimizer ? { optimizer } : {}),
    source: model
  };
}

/**
 * Keras 3 prints a built optimizer's variables as "Optimizer params" and counts them in "Total params"
 * (summary_utils.py); tf.keras 2 prints the weights only. Adds them to `totals`; the optimizer's class and why
 * its count is unknown, or null when the summary shows no optimizer.
 */
function withOptimizer(model: Model, version: KerasVersion, totals: Record<Convention, ITotals>): IModelSummary['optimizer'] | null {
  const optimizer = model.optimizer;
  if (version !== 3 || !optimizer?.built) return null;
  for (const c of CONVENTIONS) {
    const params = optimizer.built.params[c];
    const bytes = optimizer.built.bytes[c];
    const t = totals[c];
    t.optimizer = { params, bytes };
    if (params !== null && bytes !== null) {
      t.total += params;
      t.bytes.total += bytes;
    }
  }
  const why =
    optimizer.why ??
    (CONVENTIONS.some(c => optimizer.built!.params[c] === null) ? trans.__('the trainable weights it was built on are not all known') : null);
  return { className: optimizer.className, why };
}
