/**
 * The engine's model as a Keras (2-style) JSON topology that TensorFlow.js can build with
 * `tf.models.modelFromJSON`: the independent implementation the validation runs. Initializers are
 * replaced by zeros/ones (default ones such as `orthogonal` cost minutes for one LSTM(300)), and
 * layers TensorFlow.js lacks become the closest shape-equivalent layer it has, or a stand-in that
 * only produces the engine's shape and is marked "not validatable" with the reason.
 */
import type { Shape } from '../types';
import { mapGraph, Model, type KTensor, type Layer, type Node } from '../keras/objects';
import type { Value } from '../config/value';
import { trans } from '../i18n/current';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The class name of the stand-in layer the validator registers with TensorFlow.js. */
export const STAND_IN = 'ModelSummaryStandIn';

export interface ITopology {
  /** `{class_name, config}` for `tf.models.modelFromJSON({modelTopology})`. */
  modelTopology: JsonObject;
  /** Layers replaced by a stand-in (not validatable), with the reason. */
  standIns: Map<string, string>;
  /** Layers built as a different TensorFlow.js class: shapes are checked, counts may differ by design. */
  substitutes: Map<string, { as: string; countsDiffer: string | null }>;
  /** Nested models holding stand-ins: their shapes are checked, their counts cannot be (the stand-ins own no weights). */
  partial: Map<string, string>;
}

/** Layers TensorFlow.js lacks, and the shape-equivalent layer to build instead. */
interface ISubstitute {
  as: string;
  /** The substitute's config, from the original's bound arguments (default: the same arguments). */
  config?: (args: Map<string, Json | undefined>) => JsonObject;
  countsDiffer?: string;
}

const IDENTITY: ISubstitute = { as: 'Activation', config: () => ({ activation: 'linear' }) };
// Functions and getters: the reasons are translated when a validation runs, in its language.
const gruByDesign = () =>
  trans.__('TensorFlow.js has no GRU reset_after=True (tfjs#4621): it builds reset_after=False, 3 × units fewer biases by design');

const SUBSTITUTES: Record<string, ISubstitute> = {
  CuDNNLSTM: {
    as: 'LSTM',
    get countsDiffer() {
      return trans.__('CuDNNLSTM keeps two biases per gate; TensorFlow.js builds a one-bias LSTM, whose count is the Keras convention');
    }
  },
  CuDNNGRU: {
    as: 'GRU',
    get countsDiffer() {
      return gruByDesign();
    }
  },
  SpatialDropout2D: { as: 'Dropout', config: a => ({ rate: a.get('rate') ?? 0 }) },
  SpatialDropout3D: { as: 'Dropout', config: a => ({ rate: a.get('rate') ?? 0 }) },
  ActivityRegularization: IDENTITY,
  UnitNormalization: IDENTITY,
  Identity: IDENTITY
};

/** Config keys Keras 3 renamed, mapped back to the tf.keras names TensorFlow.js reads. */
const RENAMED: Record<string, Record<string, string>> = {
  LeakyReLU: { negative_slope: 'alpha' }
};

/** Arguments that are Python-side only or that the validator replaces. */
const DROPPED =
  /(_regularizer|_constraint)$|^(weights|input_shape|batch_input_shape|input_dim|input_length|batch_size|seed|lora_rank|lora_alpha|dtype|quantization_config|function|arguments|mask|backward_layer)$/;

/** Options TensorFlow.js 4.22 accepts but computes differently or not at all. */
function unsupportedOption(layer: Layer): string | null {
  const str = (name: string) => {
    const v = layer.args?.raw(name);
    return v?.kind === 'str' ? v.value.toLowerCase() : null;
  };
  if (str('data_format') === 'channels_first')
    return trans.__("TensorFlow.js %1 does not support data_format='channels_first' reliably", layer.className);
  if (str('padding') === 'causal') return trans.__("TensorFlow.js %1 has no padding='causal'", layer.className);
  const raw = (name: string) => layer.args?.raw(name);
  if (raw('output_padding') && raw('output_padding')!.kind !== 'none') return trans.__('TensorFlow.js %1 has no output_padding', layer.className);
  if (raw('keepdims')?.kind === 'bool' && (raw('keepdims') as { value: boolean }).value)
    return trans.__('TensorFlow.js %1 has no keepdims', layer.className);
  return null;
}

function initializer(name: string): Json {
  // Ones where a zero would make the forward pass meaningless (scales, variances); zeros elsewhere.
  const one = /^(gamma|moving_variance|alpha)_initializer$/.test(name);
  return { class_name: one ? 'Ones' : 'Zeros', config: {} };
}

function valueToJson(v: Value): Json | undefined {
  switch (v.kind) {
    case 'int':
      return Number(v.value);
    case 'float':
      return Number.isFinite(v.value) ? v.value : undefined;
    case 'str':
      return v.value;
    case 'bool':
      return v.value;
    case 'none':
      return null;
    case 'tuple':
    case 'list': {
      const items = v.items.map(valueToJson);
      return items.some(i => i === undefined) ? undefined : (items as Json[]);
    }
    default:
      return undefined;
  }
}

function shapeJson(shape: Shape): Json[] {
  return shape.map(d => (d === null ? null : Number(d)));
}

export class TopologyBuilder {
  readonly standIns = new Map<string, string>();
  readonly substitutes = new Map<string, { as: string; countsDiffer: string | null }>();
  readonly partial = new Map<string, string>();

  constructor(
    private readonly available: ReadonlySet<string>,
    /** Layers to replace by a stand-in, with the reason (TensorFlow.js failed on them before). */
    private readonly forced: ReadonlyMap<string, string>,
    /** The length that stands for `None` in input shapes: TensorFlow.js wants static shapes. */
    private readonly length: number
  ) {}

  /** The `{class_name, config}` of one layer (nested models included), before its inbound nodes. */
  layerConfig(layer: Layer, owner = layer.name): JsonObject {
    if (layer instanceof Model) {
      const before = new Set(this.standIns.keys());
      const config = this.modelConfig(layer, true);
      const inside = [...this.standIns.keys()].filter(k => !before.has(k));
      if (inside.length)
        this.partial.set(owner, trans.__('it holds layers TensorFlow.js builds as stand-ins without weights (%1)', inside.join(', ')));
      return config;
    }
    if (layer.isInputLayer) {
      const shape = shapeJson(layer.batchShape!).map((d, i) => (d === null && i > 0 ? this.length : d));
      return { class_name: 'InputLayer', config: { name: layer.name, batch_input_shape: shape, dtype: 'float32', sparse: false } };
    }
    const forced = this.forced.get(layer.name);
    if (forced) return this.standIn(layer, owner, forced);
    let className = layer.className;
    const substitute = Object.hasOwn(SUBSTITUTES, className) ? SUBSTITUTES[className] : undefined;
    const config: JsonObject = { name: layer.name, trainable: layer.trainable };
    if (!this.available.has(className) && substitute && this.available.has(substitute.as) && layer.args) {
      this.substitutes.set(owner, { as: substitute.as, countsDiffer: substitute.countsDiffer ?? null });
      className = substitute.as;
      if (substitute.config) {
        const args = new Map(layer.args.entries().map(([k, v]) => [k, valueToJson(v)] as [string, Json | undefined]));
        return { class_name: className, config: { ...config, ...substitute.config(args) } };
      }
    }
    if (className === 'GRU') {
      const resetAfter = layer.args?.raw('reset_after');
      if (resetAfter?.kind === 'bool' && resetAfter.value) this.substitutes.set(owner, { as: 'GRU', countsDiffer: gruByDesign() });
    }
    if (!this.available.has(className) || !layer.args) return this.standIn(layer, owner, trans.__('TensorFlow.js has no %1 layer', layer.className));
    const unsupported = unsupportedOption(layer);
    if (unsupported) return this.standIn(layer, owner, unsupported);
    const signature = new Set(layer.spec?.params.map(p => p.name));
    for (const [key, value] of layer.args.entries()) {
      if (DROPPED.test(key) && !signature.has(key)) continue;
      // State changes neither shapes nor counts, and stateful RNNs keep tensors past dispose().
      if (key === 'stateful') continue;
      if (key.endsWith('_initializer')) {
        config[key] = initializer(key);
        continue;
      }
      const inner = layer.inner.get(key);
      if (inner) {
        // What the wrapped layer needs (a stand-in, counts that differ) is reported on the wrapper's row.
        config[key] = this.layerConfig(inner, owner);
        continue;
      }
      const json = valueToJson(value);
      if (json === undefined) return this.standIn(layer, owner, trans.__('its argument %1 cannot be passed to TensorFlow.js', key));
      // data_format=None means "the default"; TensorFlow.js reads a null as channels_first in some layers.
      if (json === null && key === 'data_format') continue;
      config[(Object.hasOwn(RENAMED, className) && Object.hasOwn(RENAMED[className], key) ? RENAMED[className][key] : null) ?? key] = json;
    }
    if (className === 'GRU') delete config.reset_after;
    if (className === 'LSTM') config.unit_forget_bias = false;
    return { class_name: className, config };
  }

  private standIn(layer: Layer, owner: string, reason: string): JsonObject {
    this.standIns.set(owner, reason);
    const node = layer.nodes[0];
    const outputs = node?.outputs.map(t => (t.shape ? shapeJson(t.shape) : null)) ?? [];
    return { class_name: STAND_IN, config: { name: layer.name, trainable: false, output_shapes: outputs } };
  }

  modelConfig(model: Model, nested = false): JsonObject {
    // TensorFlow.js cannot call a nested Sequential on the outer graph's tensors; as a functional
    // model over its own chain it can.
    if (nested && model.kind === 'sequential' && model.built) {
      return { class_name: 'Model', config: this.functionalConfig(model, mapGraph(model.inputs, model.outputs, null)) };
    }
    if (model.kind === 'sequential') {
      const layers: Json[] = [];
      const [first, ...rest] = model.stack;
      if (first?.isInputLayer) layers.push(this.layerConfig(first));
      for (const layer of first?.isInputLayer ? rest : model.stack) layers.push(this.layerConfig(layer));
      return { class_name: 'Sequential', config: { name: model.name, layers } };
    }
    return { class_name: 'Model', config: this.functionalConfig(model, model.graph) };
  }

  /** Keras 2 functional config: every layer with the nodes that belong to this model. */
  private functionalConfig(model: Model, graph: Model['graph']): JsonObject {
    const rows = graph?.layers ?? [];
    const inModel = nodesOf(model);
    // Each layer's nodes in this model, in call order: node indices in references count these only.
    const modelNodes = new Map<Layer, Node[]>();
    for (const layer of rows)
      modelNodes.set(
        layer,
        layer.nodes.filter(n => inModel.has(n))
      );
    const ref = (t: KTensor): Json[] => {
      const producer = t.node!;
      const nodes = modelNodes.get(producer.layer) ?? [];
      // A nested model's node 0 in TensorFlow.js is its own construction; calls come after it.
      const offset = producer.layer instanceof Model ? 1 : 0;
      return [producer.layer.name, Math.max(0, nodes.indexOf(producer)) + offset, t.index, {}];
    };
    const layers = rows.map(layer => {
      const base = this.layerConfig(layer);
      const nodes = (modelNodes.get(layer) ?? []).filter(n => !n.isInput);
      return { ...base, name: layer.name, inbound_nodes: nodes.map(n => n.inputs.map(ref)) };
    });
    const endpoints = (tensors: KTensor[]) => tensors.map(t => ref(t).slice(0, 3));
    return { name: model.name, layers, input_layers: endpoints(model.inputs), output_layers: endpoints(model.outputs) };
  }
}

/** Every node of a functional model's graph: walked back from its outputs to its inputs. */
function nodesOf(model: Model): Set<Node> {
  const seen = new Set<Node>();
  const inputs = new Set(model.inputs);
  const stack = model.outputs.map(t => t.node).filter((n): n is Node => n !== null);
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.isInput) continue;
    for (const t of n.inputs) if (t.node && (!inputs.has(t) || t.node.isInput)) stack.push(t.node);
  }
  return seen;
}

export function toTopology(model: Model, available: ReadonlySet<string>, forced: ReadonlyMap<string, string> = new Map(), length = 8): ITopology {
  const builder = new TopologyBuilder(available, forced, length);
  const modelTopology = builder.modelConfig(model);
  return { modelTopology, standIns: builder.standIns, substitutes: builder.substitutes, partial: builder.partial };
}
