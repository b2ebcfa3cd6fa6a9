/** Constructing a layer from call arguments, shared by the Python reader and the Keras JSON reader. */
import { AnalysisError, type Location, type Shape } from '../types';
import { describe, sequenceItems, truthy, typeName, type Value } from '../config/value';
import { lookupLayer } from '../catalogue/registry';
import { Args, type ParamDef } from '../catalogue/spec';
import { BASE_LAYER_KWARGS } from '../catalogue/common';
import type { KerasClass } from './symbols';
import { Layer, type KerasSession } from './objects';

export interface Arg {
  value: Value;
  location: Location | null;
}

export interface CallArgs {
  positional: Arg[];
  keywords: Map<string, Arg>;
}

export function constructLayer(session: KerasSession, cls: KerasClass, args: CallArgs, location: Location | null, quiet = false): Layer {
  const spec = lookupLayer(cls.name);
  const nameArg = args.keywords.get('name')?.value;
  const explicitName = nameArg?.kind === 'str' ? nameArg.value : null;
  if (nameArg?.kind === 'unknown' && !quiet) session.report('warning', `${cls.name}: its name is not known statically (${nameArg.why}); Keras's automatic name is shown`, args.keywords.get('name')!.location);
  if (!spec) {
    const layer = new Layer(cls.name, null, explicitName ?? session.names.forClass(cls.name), null, location);
    if (!quiet) session.report('warning', `${cls.path} is not in the layer catalogue: its output shape and parameters are unknown`, location);
    return layer;
  }
  const bound = bind(session, spec.name, spec.params, args, location, cls, quiet);
  const layer = new Layer(spec.name, spec, explicitName ?? session.names.forClass(spec.name), bound, location);
  layer.legacyV1 = cls.legacyV1;
  const trainable = args.keywords.get('trainable');
  if (trainable && truthy(trainable.value) === false) layer.trainable = false;
  layer.inputShapeArg = inputShapeArg(session, args, location);
  layer.bytesPerParam = weightBytes(args.keywords.get('dtype')?.value);
  for (const argName of spec.innerLayerArgs ?? []) {
    const v = bound.raw(argName);
    if (v.kind === 'layer' || v.kind === 'model') layer.inner.set(argName, v.kind === 'layer' ? v.layer : v.model);
    else if (v.kind !== 'none') throw new AnalysisError(`${spec.name}: ${argName} must be a layer, got ${describe(v)}`, bound.locationOf(argName) ?? location);
  }
  checkSizes(session, layer, bound, location);
  return layer;
}

/** Bytes per variable for a layer dtype or policy name; mixed policies keep float32 variables. */
export function weightBytes(dtype: Value | undefined): bigint {
  if (dtype?.kind !== 'str') return 4n;
  const d = dtype.value.replace(/^mixed_.*/, 'float32');
  const bytes: Record<string, bigint> = { float16: 2n, bfloat16: 2n, half: 2n, float32: 4n, float: 4n, float64: 8n, double: 8n, int8: 1n, uint8: 1n, int16: 2n, int32: 4n, int64: 8n };
  return Object.hasOwn(bytes, d) ? bytes[d] : 4n;
}

/** Sizes Keras checks in the constructor: reported where the layer is written, whatever its input. */
const SIZE_ARGS = ['units', 'filters', 'input_dim', 'output_dim', 'num_heads', 'key_dim', 'n', 'depth_multiplier'];

function checkSizes(session: KerasSession, layer: Layer, args: Args, location: Location | null): void {
  for (const name of SIZE_ARGS) {
    if (!args.has(name)) continue;
    try {
      args.positiveInt(name);
    } catch (e) {
      session.fail(layer, e, location);
      return;
    }
  }
}

/** Binds call arguments to a catalogue signature, reporting what Keras would reject. */
function bind(session: KerasSession, className: string, params: readonly ParamDef[], args: CallArgs, location: Location | null, cls: KerasClass, quiet: boolean): Args {
  const values = new Map<string, { value: Value; location: Location | null }>();
  if (args.positional.length > params.length) {
    throw new AnalysisError(`${className} takes at most ${params.length} positional arguments, got ${args.positional.length}`, args.positional[params.length].location);
  }
  args.positional.forEach((a, i) => values.set(params[i].name, a));
  const known = new Set(params.map(p => p.name));
  for (const [k, a] of args.keywords) {
    if (values.has(k) && known.has(k) && args.positional.some((_, i) => params[i].name === k)) {
      throw new AnalysisError(`${className} got multiple values for argument '${k}'`, a.location);
    }
    if (quiet && !known.has(k) && !BASE_LAYER_KWARGS.has(k)) continue;
    if (!known.has(k) && !BASE_LAYER_KWARGS.has(k) && !/_(initializer|regularizer|constraint)$/.test(k)) {
      session.report('warning', `${className}: unexpected keyword argument '${k}'`, a.location);
    }
    values.set(k, a);
  }
  const legacyV1 = cls.legacyV1;
  for (const p of params) {
    if (values.has(p.name)) continue;
    if (p.defaultValue === undefined) throw new AnalysisError(`${className} is missing its required argument '${p.name}'`, location);
    const value = typeof p.defaultValue === 'function' ? p.defaultValue(session.version, legacyV1) : p.defaultValue;
    values.set(p.name, { value, location: null });
  }
  return new Args(className, values, session.version);
}

/** `input_shape=`, `input_dim=`, `batch_input_shape=`, `batch_size=` and Keras 2's `input_length=`. */
function inputShapeArg(session: KerasSession, args: CallArgs, location: Location | null): Shape | null {
  const kw = (k: string) => args.keywords.get(k)?.value;
  const batchSize = kw('batch_size');
  const batch = batchSize?.kind === 'int' ? batchSize.value : null;
  const batchShape = kw('batch_input_shape');
  if (batchShape && batchShape.kind !== 'none') return toShape(batchShape, 'batch_input_shape', location);
  const shape = kw('input_shape');
  if (shape && shape.kind !== 'none') return [batch, ...toShape(shape, 'input_shape', location)];
  const dim = kw('input_dim');
  if (dim && dim.kind !== 'none') return [batch, ...toShape(dim, 'input_dim', location)];
  const length = kw('input_length');
  if (length && length.kind !== 'none' && session.version === 2) return [batch, ...toShape(length, 'input_length', location)];
  return null;
}


/** A shape from `(28, 28)`, `[None, 10]` or `10`. */
export function toShape(v: Value, what: string, location: Location | null): Shape {
  if (v.kind === 'int') {
    if (v.value <= 0n) throw new AnalysisError(`${what} must hold positive sizes, got ${v.value}`, location);
    return [v.value];
  }
  const items = sequenceItems(v);
  if (!items) throw new AnalysisError(`${what} must be a tuple of integers, got ${describe(v)}${v.kind === 'unknown' ? ` (${v.why})` : ` (${typeName(v)})`}`, location);
  return items.map(i => {
    if (i.kind === 'none') return null;
    if (i.kind === 'int' && i.value > 0n) return i.value;
    throw new AnalysisError(`${what} must hold positive sizes or None, got ${describe(v)}${i.kind === 'unknown' ? ` (${i.why})` : ''}`, location);
  });
}

