/** Constructing a layer from call arguments, shared by the Python reader and the Keras JSON reader. */
import { AnalysisError, type ILocation, type Shape } from '../types';
import { describe, sequenceItems, truthy, typeName, type Value } from '../config/value';
import { lookupLayer } from '../catalogue/registry';
import { Args, type IBoundArg, type IBoundDefaults, type IParamDef } from '../catalogue/spec';
import { BASE_LAYER_KWARGS } from '../catalogue/common';
import { KERAS_3_ONLY } from '../catalogue/kernel-only';
import type { IKerasClass } from './symbols';
import { Layer, type KerasSession } from './objects';
import { trans } from '../i18n/current';
import { isLegacyStandalone, type IDefaultContext } from './version';
import { keras1Arguments } from './keras1';

export interface IArg {
  value: Value;
  location: ILocation | null;
}

export interface ICallArgs {
  positional: IArg[];
  keywords: Map<string, IArg>;
}

export function constructLayer(session: KerasSession, cls: IKerasClass, args: ICallArgs, location: ILocation | null, quiet = false): Layer {
  const spec = lookupLayer(cls.name);
  const nameArg = args.keywords.get('name')?.value;
  const explicitName = nameArg?.kind === 'str' ? nameArg.value : null;
  // Keras 3's Operation.__init__ raises ValueError on a name with '/' (a scope separator): no layer, no count.
  if (explicitName?.includes('/') && session.version === 3)
    throw new AnalysisError(
      trans.__("%1: Keras raises ValueError: a layer's name cannot contain '/'", cls.name),
      args.keywords.get('name')!.location
    );
  if (nameArg?.kind === 'unknown' && !quiet)
    session.report(
      'warning',
      trans.__("%1: its name is not known statically (%2); Keras's automatic name is shown", cls.name, nameArg.why),
      args.keywords.get('name')!.location
    );
  if (!spec) {
    const layer = new Layer(cls.name, null, explicitName ?? session.names.forClass(cls.name, cls.standalone), null, location);
    if (!quiet)
      session.report('warning', trans.__('%1 is not in the layer catalogue: its output shape and parameters are unknown', cls.path), location);
    return layer;
  }
  if (session.version === 2 && KERAS_3_ONLY.has(spec.name)) {
    throw new AnalysisError(trans.__('%1: tf.keras 2 has no %2 layer (it is new in Keras 3)', cls.path, spec.name), location);
  }
  const signature = session.version === 2 && spec.keras2Params ? spec.keras2Params : spec.params;
  // Standalone Keras 2.0–2.3 converted Keras 1's argument names and positional forms (keras1.ts).
  if (isLegacyStandalone(session.release)) args = keras1Arguments(spec.name, args);
  const bound = bind(session, spec.name, signature, args, location, cls, quiet);
  const layer = new Layer(spec.name, spec, explicitName ?? session.names.forClass(spec.name, cls.standalone), bound, location);
  for (const prefix of spec.constructedSublayers?.(bound) ?? []) session.names.next(prefix);
  layer.legacyV1 = cls.legacyV1;
  const trainable = args.keywords.get('trainable');
  if (trainable && truthy(trainable.value) === false) layer.trainable = false;
  const own = ownNames(signature);
  const input = inputShapeArg(session, spec.name, own.shapeless, args, location);
  layer.inputShapeArg = input.shape;
  layer.inputShapeUnknown = input.unknown;
  layer.bytesPerParam = weightBytes(args.keywords.get('dtype')?.value);
  for (const argName of spec.innerLayerArgs ?? []) {
    const v = bound.raw(argName);
    if (v.kind === 'layer' || v.kind === 'model') layer.setInner(argName, v.kind === 'layer' ? v.layer : v.model);
    // A list of layers (StackedRNNCells' cells): one entry each, `cells.0`, `cells.1`, …
    else if ((v.kind === 'list' || v.kind === 'tuple') && v.items.length && v.items.every(i => i.kind === 'layer')) {
      v.items.forEach((item, i) => layer.setInner(`${argName}.${i}`, (item as { layer: Layer }).layer));
    } else if (v.kind !== 'none')
      throw new AnalysisError(trans.__('%1: %2 must be a layer, got %3', spec.name, argName, describe(v)), bound.locationOf(argName) ?? location);
  }
  checkSizes(session, layer, bound, location, own.all);
  return layer;
}

const ownNamesCache = new WeakMap<readonly IParamDef[], { all: ReadonlySet<string>; shapeless: ReadonlySet<string> }>();

/** A signature's argument names (`shapeless`: without Keras 2 Embedding's input_length, which keeps the base meaning). */
function ownNames(signature: readonly IParamDef[]): { all: ReadonlySet<string>; shapeless: ReadonlySet<string> } {
  let names = ownNamesCache.get(signature);
  if (!names) {
    const all = new Set(signature.map(p => p.name));
    names = { all, shapeless: new Set([...all].filter(n => n !== 'input_length')) };
    ownNamesCache.set(signature, names);
  }
  return names;
}

/** Bytes per variable for a layer dtype or policy name; mixed policies keep float32 variables. */
export function weightBytes(dtype: Value | undefined): bigint {
  if (dtype?.kind !== 'str') return 4n;
  const d = dtype.value.replace(/^mixed_.*/, 'float32');
  const bytes: Record<string, bigint> = {
    float16: 2n,
    bfloat16: 2n,
    half: 2n,
    float32: 4n,
    float: 4n,
    float64: 8n,
    double: 8n,
    int8: 1n,
    uint8: 1n,
    int16: 2n,
    int32: 4n,
    int64: 8n
  };
  return Object.hasOwn(bytes, d) ? bytes[d] : 4n;
}

/** Sizes Keras checks in the constructor: reported where the layer is written, whatever its input. */
const SIZE_ARGS = ['units', 'filters', 'input_dim', 'output_dim', 'num_heads', 'key_dim', 'n', 'depth_multiplier'];

function checkSizes(session: KerasSession, layer: Layer, args: Args, location: ILocation | null, own: ReadonlySet<string>): void {
  for (const name of SIZE_ARGS) {
    // A value the source does not give is unknown, not wrong; input_dim= of Dense is the base layer's (the input).
    if (!args.has(name) || !own.has(name) || args.raw(name).kind === 'unknown') continue;
    try {
      args.positiveInt(name);
    } catch (e) {
      session.fail(layer, e, location);
      return;
    }
  }
}

/**
 * What bind needs of a signature, once per signature (bind runs for every layer constructed): its names, and
 * each constant default's bound entry, shared by every call that leaves the argument out (Args never changes its entries).
 */
interface ISignature {
  names: ReadonlySet<string>;
  constants: ReadonlyMap<string, IBoundArg>;
  /** Defaults that depend on the release (GRU's reset_after, …): computed per call. */
  computed: readonly IParamDef[];
  /** The bound defaults of a construction that computes none (shared by them all). */
  defaults: IBoundDefaults;
}

const signatures = new WeakMap<readonly IParamDef[], ISignature>();

function signatureOf(params: readonly IParamDef[]): ISignature {
  let signature = signatures.get(params);
  if (!signature) {
    const constants = new Map<string, IBoundArg>();
    for (const p of params)
      if (p.defaultValue !== undefined && typeof p.defaultValue !== 'function') constants.set(p.name, { value: p.defaultValue, location: null });
    signature = {
      names: new Set(params.map(p => p.name)),
      constants,
      computed: params.filter(p => typeof p.defaultValue === 'function'),
      defaults: { params, constants, computed: null }
    };
    signatures.set(params, signature);
  }
  return signature;
}

/** Binds call arguments to a catalogue signature, reporting what Keras would reject. */
function bind(
  session: KerasSession,
  className: string,
  params: readonly IParamDef[],
  args: ICallArgs,
  location: ILocation | null,
  cls: IKerasClass,
  quiet: boolean
): Args {
  const values = new Map<string, IBoundArg>();
  if (args.positional.length > params.length) {
    throw new AnalysisError(
      trans.__('%1 takes at most %2 positional arguments, got %3', className, params.length, args.positional.length),
      args.positional[params.length].location
    );
  }
  args.positional.forEach((a, i) => values.set(params[i].name, a));
  const signature = signatureOf(params);
  const known = signature.names;
  for (const [k, a] of args.keywords) {
    if (values.has(k) && known.has(k) && args.positional.some((_, i) => params[i].name === k)) {
      throw new AnalysisError(trans.__("%1 got multiple values for argument '%2'", className, k), a.location);
    }
    if (quiet && !known.has(k) && !BASE_LAYER_KWARGS.has(k)) continue;
    if (!known.has(k) && !BASE_LAYER_KWARGS.has(k) && !/_(initializer|regularizer|constraint)$/.test(k)) {
      session.report('warning', trans.__("%1: unexpected keyword argument '%2'", className, k), a.location);
    }
    values.set(k, a);
  }
  for (const p of params) {
    if (p.defaultValue === undefined && !values.has(p.name))
      throw new AnalysisError(trans.__("%1 is missing its required argument '%2'", className, p.name), location);
  }
  let computed: Map<string, IBoundArg> | null = null;
  if (signature.computed.length) {
    const context: IDefaultContext = { release: session.release, legacyV1: cls.legacyV1, standalone: cls.standalone };
    for (const p of signature.computed) {
      if (values.has(p.name)) continue;
      (computed ??= new Map()).set(p.name, { value: (p.defaultValue as (c: IDefaultContext) => Value)(context), location: null });
    }
  }
  // Most constructions compute no default: they share one defaults object per signature.
  const defaults = computed ? { params, constants: signature.constants, computed } : signature.defaults;
  return new Args(className, values, session.version, session, defaults, location);
}

const INPUT_KEYWORDS = ['batch_input_shape', 'input_shape', 'input_dim', 'input_length', 'batch_size'];
const NO_INPUT_ARG = { shape: null, unknown: null } as const;

/** Keras 2 recurrent layers turn `input_dim=` / `input_length=` into `input_shape=(input_length, input_dim)`. */
const KERAS2_RNN_INPUT = new Set(['SimpleRNN', 'LSTM', 'GRU', 'CuDNNLSTM', 'CuDNNGRU']);

/**
 * `input_shape=`, `input_dim=`, `batch_input_shape=`, `batch_size=` and Keras 2's `input_length=`: the base
 * layer's keywords, never a keyword of the layer's own signature (`Embedding(input_dim=640, …)` is the vocabulary).
 * Keras 2's Embedding always has an input: `(input_length or None,)`.
 */
function inputShapeArg(
  session: KerasSession,
  className: string,
  own: ReadonlySet<string>,
  args: ICallArgs,
  location: ILocation | null
): { shape: Shape | null; unknown: { why: string; rank: number | null; shape?: Shape } | null } {
  // Most layers are given none of the input keywords: nothing to read (Keras 2's Embedding has an input anyway).
  if (!INPUT_KEYWORDS.some(k => args.keywords.has(k)) && !(session.version === 2 && className === 'Embedding')) return NO_INPUT_ARG;
  const kw = (k: string) => {
    const v = own.has(k) ? undefined : args.keywords.get(k)?.value;
    return v && v.kind !== 'none' ? v : undefined;
  };
  // `input_shape=x_train.shape[1:]`: the layer has an input, whose shape (even its rank) the source does not
  // give. An unknown `input_dim=` or `(X.shape[1],)` is one unknown size of a known rank.
  for (const k of ['batch_input_shape', 'input_shape']) {
    const v = kw(k);
    if (v?.kind === 'unknown') return { shape: null, unknown: { why: trans.__('%1=… is not known statically (%2)', k, v.why), rank: null } };
  }
  // A size the source does not give (`input_dim=X.shape[1]`, `(n_steps, X.shape[2])`): the rank is known.
  let unknownPart: string | null = null;
  for (const k of ['batch_input_shape', 'input_shape', 'input_dim', 'input_length']) {
    const v = kw(k);
    const part = v?.kind === 'unknown' ? v : sequenceItems(v ?? { kind: 'none' })?.find(i => i.kind === 'unknown');
    if (part?.kind === 'unknown') unknownPart ??= trans.__('%1=… is not known statically (%2)', k, part.why);
  }
  const batchSize = kw('batch_size');
  const batch = batchSize?.kind === 'int' ? batchSize.value : null;
  const dims = (v: Value, what: string) => toShape(v, what, location, true);
  const shape = (): Shape | null => {
    const batchShape = kw('batch_input_shape');
    if (batchShape) return dims(batchShape, 'batch_input_shape');
    const inputShape = kw('input_shape');
    if (inputShape) return [batch, ...dims(inputShape, 'input_shape')];
    const dim = kw('input_dim');
    const length = kw('input_length');
    if (session.version === 2 && className === 'Embedding') return [batch, length ? dims(length, 'input_length')[0] : null];
    if (session.version === 2 && KERAS2_RNN_INPUT.has(className) && (dim || length)) {
      return [batch, length ? dims(length, 'input_length')[0] : null, dim ? dims(dim, 'input_dim')[0] : null];
    }
    if (dim) return [batch, ...dims(dim, 'input_dim')];
    if (length && session.version === 2) return [batch, ...dims(length, 'input_length')];
    return null;
  };
  const s = shape();
  return unknownPart && s ? { shape: null, unknown: { why: unknownPart, rank: s.length, shape: s } } : { shape: s, unknown: null };
}

/** A shape from `(28, 28)`, `[None, 10]` or `10`; with `unknownAsNone`, a size not known statically is left unknown (null). */
export function toShape(v: Value, what: string, location: ILocation | null, unknownAsNone = false): Shape {
  if (unknownAsNone && v.kind === 'unknown') return [null];
  if (v.kind === 'int') {
    if (v.value <= 0n) throw new AnalysisError(trans.__('%1 must hold positive sizes, got %2', what, v.value), location);
    return [v.value];
  }
  const items = sequenceItems(v);
  if (!items)
    throw new AnalysisError(
      trans.__('%1 must be a tuple of integers, got %2%3', what, describe(v), v.kind === 'unknown' ? ` (${v.why})` : ` (${typeName(v)})`),
      location
    );
  return items.map(i => {
    if (i.kind === 'none' || (unknownAsNone && i.kind === 'unknown')) return null;
    if (i.kind === 'int' && i.value > 0n) return i.value;
    throw new AnalysisError(
      trans.__('%1 must hold positive sizes or None, got %2%3', what, describe(v), i.kind === 'unknown' ? ` (${i.why})` : ''),
      location
    );
  });
}
