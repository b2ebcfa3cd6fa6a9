/**
 * What the application builders are written with: Keras layers constructed through the catalogue and
 * called on symbolic tensors, as `keras.src.applications` does with `layers.Conv2D(...)(x)`. Names come
 * from the session's counters, so auto-named layers (and the user's layers after them) are named as
 * in Keras.
 */
import { AnalysisError, type ILocation, type Shape } from '../types';
import type { KerasSession } from '../keras/objects';
import { KTensor, Layer, Model, Node } from '../keras/objects';
import { constructLayer, type IArg } from '../keras/construct';
import type { ILayerSpec } from '../catalogue/spec';
import { Args } from '../catalogue/spec';
import type { Value } from '../config/value';
import { trans } from '../i18n/current';

/** Thrown when a layer of the application failed: the session has already reported why, with its location. */
export class AlreadyReported extends Error {}

/** A Python value as the builders write it: integers, floats (`float(0.2)`), strings, tuples, None. */
export type Py = number | string | boolean | null | Py[] | { float: number } | { value: Value };

export const float = (n: number): Py => ({ float: n });

export function toValue(v: Py): Value {
  if (v === null) return { kind: 'none' };
  if (typeof v === 'number') return Number.isInteger(v) ? { kind: 'int', value: BigInt(v) } : { kind: 'float', value: v };
  if (typeof v === 'string') return { kind: 'str', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (Array.isArray(v)) return { kind: 'tuple', items: v.map(toValue) };
  if ('float' in v) return { kind: 'float', value: v.float };
  return v.value;
}

export class GraphBuilder {
  constructor(
    readonly session: KerasSession,
    readonly location: ILocation | null
  ) {}

  get version(): 2 | 3 {
    return this.session.version;
  }

  /** `layers.Input(shape=...)`. */
  input(shape: Shape): KTensor {
    return this.session.newInputLayer([null, ...shape], null, this.location);
  }

  /** `layers.<className>(**kwargs)`, built from the catalogue. */
  layer(className: string, kwargs: Record<string, Py> = {}): Layer {
    const keywords = new Map<string, IArg>(Object.entries(kwargs).map(([k, v]) => [k, { value: toValue(v), location: this.location }]));
    const cls = { kind: 'layer' as const, name: className, path: `keras.layers.${className}`, legacyV1: false, standalone: true };
    const layer = constructLayer(this.session, cls, { positional: [], keywords }, this.location, true);
    if (!layer.spec) throw new Error(trans.__('application layer %1 is not in the catalogue', className));
    return layer;
  }

  /** A layer class that only the applications define (ConvNeXt's LayerScale, …). */
  custom(spec: ILayerSpec, kwargs: Record<string, Py>): Layer {
    const values = new Map(
      spec.params.map(p => [
        p.name,
        { value: kwargs[p.name] !== undefined ? toValue(kwargs[p.name]) : defaultOf(p.defaultValue, this.version), location: null }
      ])
    );
    const name = typeof kwargs.name === 'string' ? kwargs.name : this.session.names.forClass(spec.name);
    return new Layer(spec.name, spec, name, new Args(spec.name, values, this.version), this.location);
  }

  /** Calls a layer on one tensor or a list of tensors. */
  call(layer: Layer, inputs: KTensor | KTensor[]): KTensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const result = this.session.call(layer, list, new Map(), this.location);
    if (layer.problem) throw new AlreadyReported(layer.problem);
    return result.tensors[0];
  }

  /** `layers.<className>(**kwargs)(inputs)`. */
  apply(className: string, kwargs: Record<string, Py>, inputs: KTensor | KTensor[]): KTensor {
    return this.call(this.layer(className, kwargs), inputs);
  }

  /**
   * A tensor operator (`x + 3.0`, `x * (1 / 6)`), as the reader records one: an operation in Keras 3's
   * graph (never a row), a TFOpLambda row named after the TensorFlow symbol in tf.keras 2.
   */
  op(names: { keras3: string; tf: string }, inputs: KTensor | KTensor[]): KTensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const v2 = this.version === 2;
    const layer = v2
      ? new Layer('TFOpLambda', null, this.session.names.next(names.tf), null, this.location)
      : new Layer('Operation', null, this.session.names.next(names.keras3), null, this.location);
    layer.isOperation = !v2;
    layer.weights = { keras: [], cudnn: [], declared: 'keras', dualBias: null };
    // Every operator here keeps the shape of its first operand (a scalar or a same-shaped tensor).
    const shape = list[0].shape;
    if (v2 && shape) layer.customOutputs = () => [shape];
    const node = new Node(layer, list);
    node.outputs = [new KTensor(shape, node, 0)];
    layer.addNode(node);
    return node.outputs[0];
  }

  /** `Sequential([...], name=name)` of layers built here, called later like any layer. */
  sequential(layers: Layer[], name: string): Model {
    const model = new Model('sequential', 'Sequential', name, this.location);
    for (const layer of layers) this.session.addToSequential(model, layer, this.location, false);
    return model;
  }

  /** `Functional(inputs, outputs, name=name)`. */
  model(inputs: KTensor[], outputs: KTensor[], name: string): Model {
    const model = new Model('functional', 'Functional', name, this.location);
    this.session.buildFunctional(model, inputs, outputs, this.location);
    return model;
  }
}

function defaultOf(d: ILayerSpec['params'][number]['defaultValue'], version: 2 | 3): Value {
  if (d === undefined) return { kind: 'none' };
  return typeof d === 'function' ? d({ release: { major: version, minor: null }, legacyV1: false, standalone: false }) : d;
}

/** The spatial size of a channels-last image tensor: [rows, cols]. */
export function spatial(t: KTensor): [bigint | null, bigint | null] {
  const s = t.shape ?? [];
  return [s[1] ?? null, s[2] ?? null];
}

export function channels(t: KTensor): bigint {
  const s = t.shape;
  const c = s?.[s.length - 1];
  if (c === null || c === undefined) throw new AnalysisError(trans.__('the channel dimension of an application input must be known'));
  return c;
}

/** imagenet_utils.correct_pad: the padding of a stride-2 convolution, for channels-last tensors. */
export function correctPad(t: KTensor, kernel: number): Py {
  const [rows, cols] = spatial(t);
  const adjust = rows === null ? [1, 1] : [1 - Number(rows % 2n), 1 - Number((cols ?? 0n) % 2n)];
  const correct = [Math.floor(kernel / 2), Math.floor(kernel / 2)];
  return [
    [correct[0] - adjust[0], correct[0]],
    [correct[1] - adjust[1], correct[1]]
  ];
}
