/**
 * What every keras.applications builder shares: its signature, the argument checks of
 * `imagenet_utils` (obtain_input_shape, validate_activation), the input (`input_shape` or
 * `input_tensor`) and the classifier top or pooling.
 */
import { AnalysisError, type ILocation, type Shape } from '../types';
import type { KTensor, Model } from '../keras/objects';
import { toShape, type ICallArgs } from '../keras/construct';
import { params, type IParamDef } from '../catalogue/spec';
import { describe, type Value } from '../config/value';
import type { GraphBuilder, Py } from './graph';
import { trans } from '../i18n/current';

/** One application function: its Python signature and its builder. */
export interface IApplicationSpec {
  name: string;
  params: readonly IParamDef[];
  build(b: GraphBuilder, args: AppArgs): Model;
}

/** The signature most applications share, with their own extra arguments before `name`. */
export function standardParams(name: string, ...extra: string[]): IParamDef[] {
  return params(
    'include_top=True',
    "weights='imagenet'",
    'input_tensor=None',
    'input_shape=None',
    'pooling=None',
    'classes=1000',
    "classifier_activation='softmax'",
    ...extra,
    `name='${name}'`
  );
}

/** The bound arguments of one application call. */
export class AppArgs {
  constructor(
    readonly fn: string,
    private readonly values: Map<string, { value: Value; location: ILocation | null }>,
    readonly location: ILocation | null
  ) {}

  raw(name: string): Value {
    return this.values.get(name)?.value ?? { kind: 'none' };
  }

  at(name: string): ILocation | null {
    return this.values.get(name)?.location ?? this.location;
  }

  private fail(name: string, expected: string): never {
    throw new AnalysisError(
      trans.__('%1: %2 must be %3, got %4%5', this.fn, name, expected, describe(this.raw(name)), whyUnknown(this.raw(name))),
      this.at(name)
    );
  }

  bool(name: string): boolean {
    const v = this.raw(name);
    if (v.kind === 'bool') return v.value;
    if (v.kind === 'int') return v.value !== 0n;
    if (v.kind === 'none') return false;
    this.fail(name, trans.__('True or False'));
  }

  int(name: string): number {
    const v = this.raw(name);
    if (v.kind !== 'int') this.fail(name, trans.__('an integer'));
    return Number(v.value);
  }

  number(name: string): number {
    const v = this.raw(name);
    if (v.kind === 'int') return Number(v.value);
    if (v.kind === 'float') return v.value;
    this.fail(name, trans.__('a number'));
  }

  str(name: string): string {
    const v = this.raw(name);
    if (v.kind !== 'str') this.fail(name, trans.__('a string'));
    return v.value;
  }

  /** The classifier activation, passed on to Dense as written (a string, None, or a Keras value). */
  activation(name = 'classifier_activation'): Py {
    const v = this.raw(name);
    if (v.kind === 'str' || v.kind === 'none') return { value: v };
    return { value: { kind: 'str', value: 'linear' } };
  }

  /** `weights`: None or 'imagenet' (a file path also loads; it changes no count). */
  weights(): 'imagenet' | null | 'file' {
    const v = this.raw('weights');
    if (v.kind === 'none') return null;
    if (v.kind === 'str') return v.value === 'imagenet' ? 'imagenet' : 'file';
    if (v.kind === 'unknown') return 'file';
    this.fail('weights', trans.__("None, 'imagenet' or the path to a weights file"));
  }

  inputShape(): Shape | null {
    const v = this.raw('input_shape');
    if (v.kind === 'none') return null;
    return toShape(v, `${this.fn}: input_shape`, this.at('input_shape'));
  }

  inputTensor(): KTensor | null {
    const v = this.raw('input_tensor');
    if (v.kind === 'none') return null;
    if (v.kind === 'tensor') return v.tensor;
    this.fail('input_tensor', trans.__('a Keras tensor (keras.Input(...))'));
  }
}

function whyUnknown(v: Value): string {
  return v.kind === 'unknown' ? ` (${v.why})` : '';
}

/** Binds a call's arguments to an application's signature, with Python's own errors. */
export function bindApplication(spec: IApplicationSpec, args: ICallArgs, location: ILocation | null): AppArgs {
  const values = new Map<string, { value: Value; location: ILocation | null }>();
  if (args.positional.length > spec.params.length) {
    throw new AnalysisError(
      trans.__('%1() takes at most %2 positional arguments, got %3', spec.name, spec.params.length, args.positional.length),
      args.positional[spec.params.length].location
    );
  }
  args.positional.forEach((a, i) => values.set(spec.params[i].name, a));
  const known = new Set(spec.params.map(p => p.name));
  for (const [k, a] of args.keywords) {
    if (!known.has(k)) throw new AnalysisError(trans.__("%1() got an unexpected keyword argument '%2'", spec.name, k), a.location);
    if (values.has(k)) throw new AnalysisError(trans.__("%1() got multiple values for argument '%2'", spec.name, k), a.location);
    values.set(k, a);
  }
  for (const p of spec.params) {
    if (values.has(p.name)) continue;
    const d = p.defaultValue;
    values.set(p.name, {
      value:
        d === undefined
          ? { kind: 'none' }
          : typeof d === 'function'
            ? d({ release: { major: 3, minor: null }, legacyV1: false, standalone: false })
            : d,
      location: null
    });
  }
  return new AppArgs(spec.name, values, location);
}

/** The check every application makes first: ImageNet weights with the top need 1000 classes. */
export function checkWeights(args: AppArgs): void {
  if (args.weights() === 'imagenet' && args.bool('include_top') && args.int('classes') !== 1000) {
    throw new AnalysisError(
      trans.__("%1: with weights='imagenet' and include_top=True, classes must be 1000; got classes=%2", args.fn, args.int('classes')),
      args.at('classes')
    );
  }
}

/** imagenet_utils.obtain_input_shape, channels-last. */
export function obtainInputShape(
  args: AppArgs,
  defaultSize: number,
  minSize: number,
  requireFlatten: boolean,
  inputShape = args.inputShape()
): Shape {
  const weights = args.weights();
  const at = args.at('input_shape');
  const d = BigInt(defaultSize);
  const show = (s: Shape) => `(${s.map(x => (x === null ? 'None' : x.toString())).join(', ')})`;
  let defaultShape: Shape = [d, d, 3n];
  if (weights !== 'imagenet' && inputShape && inputShape.length === 3) defaultShape = [d, d, inputShape[2]];
  if (weights === 'imagenet' && requireFlatten) {
    if (inputShape && show(inputShape) !== show(defaultShape)) {
      throw new AnalysisError(
        trans.__(
          "%1: with include_top=True and weights='imagenet', input_shape must be %2; got input_shape=%3",
          args.fn,
          show(defaultShape),
          show(inputShape)
        ),
        at
      );
    }
    return defaultShape;
  }
  let shape: Shape;
  if (inputShape) {
    if (inputShape.length !== 3)
      throw new AnalysisError(trans.__('%1: input_shape must be a tuple of three integers; got %2', args.fn, show(inputShape)), at);
    if (inputShape[2] !== 3n && weights === 'imagenet')
      throw new AnalysisError(trans.__('%1: the input must have 3 channels; got input_shape=%2', args.fn, show(inputShape)), at);
    const small = (x: bigint | null) => x !== null && x < BigInt(minSize);
    if (small(inputShape[0]) || small(inputShape[1])) {
      throw new AnalysisError(trans.__('%1: input size must be at least %2x%3; got input_shape=%4', args.fn, minSize, minSize, show(inputShape)), at);
    }
    shape = inputShape;
  } else shape = requireFlatten ? defaultShape : [null, null, 3n];
  if (requireFlatten && shape.includes(null)) {
    throw new AnalysisError(trans.__('%1: with include_top=True, input_shape must be static; got input_shape=%2', args.fn, show(shape)), at);
  }
  return shape;
}

/** `layers.Input(shape=input_shape)`, or the user's `input_tensor`. */
export function imageInput(b: GraphBuilder, args: AppArgs, shape: Shape): KTensor {
  return args.inputTensor() ?? b.input(shape);
}

/** The model's inputs: operation_utils.get_source_inputs(input_tensor), or the new Input. */
export function modelInputs(args: AppArgs, img: KTensor): KTensor[] {
  const tensor = args.inputTensor();
  return tensor ? sourceInputs(tensor) : [img];
}

export function sourceInputs(t: KTensor): KTensor[] {
  const node = t.node;
  if (!node || node.isInput) return [t];
  const out: KTensor[] = [];
  for (const i of node.inputs) for (const s of sourceInputs(i)) if (!out.includes(s)) out.push(s);
  return out;
}

/** imagenet_utils.validate_activation: pretrained weights allow only None and softmax. */
export function validateActivation(args: AppArgs): void {
  if (args.weights() === null) return;
  const v = args.raw('classifier_activation');
  if (v.kind === 'none' || (v.kind === 'str' && ['softmax', 'linear'].includes(v.value))) return;
  throw new AnalysisError(
    trans.__("%1: with pretrained weights and include_top=True, classifier_activation must be None or 'softmax'; got %2", args.fn, describe(v)),
    args.at('classifier_activation')
  );
}

/** The common ending: GlobalAveragePooling2D + Dense(classes) with the top, else the pooling. */
export function topOrPooling(b: GraphBuilder, args: AppArgs, x: KTensor, { dropout }: { dropout?: { rate: Py; name: string } } = {}): KTensor {
  if (args.bool('include_top')) {
    x = b.apply('GlobalAveragePooling2D', { name: 'avg_pool' }, x);
    if (dropout) x = b.apply('Dropout', { rate: dropout.rate, name: dropout.name }, x);
    validateActivation(args);
    return b.apply('Dense', { units: args.int('classes'), activation: args.activation(), name: 'predictions' }, x);
  }
  return pooling(b, args, x);
}

export function pooling(b: GraphBuilder, args: AppArgs, x: KTensor, names = { avg: 'avg_pool', max: 'max_pool' }): KTensor {
  const p = args.raw('pooling');
  if (p.kind === 'str' && p.value === 'avg') return b.apply('GlobalAveragePooling2D', { name: names.avg }, x);
  if (p.kind === 'str' && p.value === 'max') return b.apply('GlobalMaxPooling2D', { name: names.max }, x);
  return x;
}

/** `pooling` with auto-named layers (`layers.GlobalAveragePooling2D()(x)`), as most builders write it. */
export function autoPooling(b: GraphBuilder, args: AppArgs, x: KTensor): KTensor {
  const p = args.raw('pooling');
  if (p.kind === 'str' && p.value === 'avg') return b.apply('GlobalAveragePooling2D', {}, x);
  if (p.kind === 'str' && p.value === 'max') return b.apply('GlobalMaxPooling2D', {}, x);
  return x;
}
