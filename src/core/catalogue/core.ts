/** Core layers: Dense, EinsumDense, Embedding, activations, dropout and noise, Masking, Lambda. */
import { AnalysisError, type Dim, type Shape } from '../types';
import { sameEverywhere, weight, type IWeight } from '../keras/weights';
import { input0, knownDim, params, single, type IBuildContext, type ILayerSpec } from './spec';
import { identityLayer } from './common';
import { sequenceItems } from '../config/value';
import { trans } from '../i18n/current';

const dense: ILayerSpec = {
  name: 'Dense',
  params: params(
    'units',
    'activation=None',
    'use_bias=True',
    'kernel_initializer="glorot_uniform"',
    'bias_initializer="zeros"',
    'kernel_regularizer=None',
    'bias_regularizer=None',
    'activity_regularizer=None',
    'kernel_constraint=None',
    'bias_constraint=None'
  ),
  weights(ctx) {
    const units = ctx.args.positiveInt('units');
    const d = knownDim(ctx, input0(ctx, 2), -1);
    const w: IWeight[] = [weight('kernel', [d, units])];
    if (ctx.args.bool('use_bias')) w.push(weight('bias', [units]));
    return sameEverywhere(w);
  },
  outputs(ctx) {
    const units = ctx.args.positiveInt('units');
    return single([...input0(ctx, 2).slice(0, -1), units]);
  }
};

const embedding: ILayerSpec = {
  name: 'Embedding',
  params: params(
    'input_dim',
    'output_dim',
    'embeddings_initializer="uniform"',
    'embeddings_regularizer=None',
    'embeddings_constraint=None',
    'mask_zero=False',
    'weights=None',
    'lora_rank=None',
    'lora_alpha=None',
    'quantization_config=None'
  ),
  keras2Params: params(
    'input_dim',
    'output_dim',
    'embeddings_initializer="uniform"',
    'embeddings_regularizer=None',
    'activity_regularizer=None',
    'embeddings_constraint=None',
    'mask_zero=False',
    'input_length=None',
    'sparse=False'
  ),
  weights(ctx) {
    return sameEverywhere([weight('embeddings', [ctx.args.positiveInt('input_dim'), ctx.args.positiveInt('output_dim')])]);
  },
  outputs(ctx) {
    return single([...input0(ctx), ctx.args.positiveInt('output_dim')]);
  }
};

/** EinsumDense's shape analysis, after keras.src.layers.core.einsum_dense._analyze_einsum_string. */
export function analyzeEinsum(
  equation: string,
  biasAxes: string | null,
  input: Shape,
  outputShapeArg: Dim[],
  traced = false,
  className = 'EinsumDense'
): { kernel: Dim[]; bias: Dim[] | null; output: Shape } {
  const dotted = equation.replace(/\.\.\./g, '0');
  let m = /^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$/.exec(dotted);
  let leftElided = false;
  if (!m) {
    m = /^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$/.exec(dotted);
    if (m) leftElided = true;
  }
  if (!m) m = /^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$/.exec(dotted);
  if (!m) {
    throw new AnalysisError(
      trans.__("%1: invalid einsum equation '%2': expected 'ab,bc->ac', with '...' at the start or end only", className, equation)
    );
  }
  const [, inputSpec, weightSpec, outputSpec] = m;
  const elided = input.length - inputSpec.length;
  const output: Dim[] = [input[0], ...outputShapeArg];
  if (elided > 0 && leftElided) for (let i = 1; i < elided; i++) output.splice(1, 0, input[i]);
  else if (elided > 0) for (let i = input.length - elided; i < input.length; i++) output.push(input[i]);
  const at = (shape: Dim[], i: number) => (i < 0 ? shape[shape.length + i] : shape[i]);
  const inputDim = (c: string) => at(input, leftElided ? inputSpec.indexOf(c) + elided - input.length : inputSpec.indexOf(c));
  const outputDim = (c: string) => at(output, leftElided ? outputSpec.indexOf(c) + elided - output.length : outputSpec.indexOf(c));
  for (const c of inputSpec) {
    if (outputSpec.includes(c)) {
      const o = outputDim(c);
      const i = inputDim(c);
      if (o !== null && o !== undefined && i !== null && o !== i) {
        throw new AnalysisError(
          trans.__("%1: output_shape gives %2 for axis '%3' of '%4', but the input has %5 there", className, o, c, equation, i)
        );
      }
    }
  }
  for (const c of outputSpec) {
    if (!inputSpec.includes(c) && !weightSpec.includes(c)) {
      throw new AnalysisError(trans.__("%1: output axis '%2' of '%3' appears in neither the input nor the weight", className, c, equation));
    }
  }
  const kernel: Dim[] = [];
  for (const c of weightSpec) {
    if (inputSpec.includes(c)) kernel.push(inputDim(c));
    else if (outputSpec.includes(c)) kernel.push(outputDim(c));
    else throw new AnalysisError(trans.__("%1: weight axis '%2' of '%3' appears in neither the input nor the output", className, c, equation));
  }
  let bias: Dim[] | null = null;
  if (biasAxes !== null) {
    for (const c of biasAxes) {
      if (!outputSpec.includes(c)) throw new AnalysisError(trans.__("%1: bias axis '%2' is not an output axis of '%3'", className, c, equation));
    }
    const first = Math.min(...[...biasAxes].map(c => outputSpec.indexOf(c)));
    bias = [...outputSpec.slice(first)].map(c => (biasAxes.includes(c) ? outputDim(c) : 1n));
    if (!leftElided) for (let i = 0; i < elided; i++) bias.push(1n);
  }
  // tf.keras traces the einsum, so a None in output_shape on an input axis takes the input's size;
  // Keras 3 reports compute_output_shape(), which keeps the None.
  for (const c of traced ? outputSpec : '') {
    if (inputSpec.includes(c) && outputDim(c) === null) {
      output[leftElided ? outputSpec.indexOf(c) + elided : outputSpec.indexOf(c)] = inputDim(c);
    }
  }
  return { kernel, bias, output };
}

function knownWeightShape(shape: Dim[], what: string, className: string): bigint[] {
  if (shape.some(d => d === null || d === undefined)) {
    throw new AnalysisError(trans.__('%1: the %2 shape depends on an unknown input dimension', className, what));
  }
  return shape as bigint[];
}

function einsumArgs(ctx: IBuildContext) {
  const out = ctx.args.raw('output_shape');
  const items = sequenceItems(out);
  const dims: Dim[] =
    out.kind === 'int'
      ? [out.value]
      : items
        ? items.map(i =>
            i.kind === 'int'
              ? i.value
              : i.kind === 'none'
                ? null
                : ctx.args.fail('output_shape', trans.__('an integer or a tuple of integers and None'))
          )
        : ctx.args.fail('output_shape', trans.__('an integer or a tuple'));
  return analyzeEinsum(ctx.args.str('equation'), ctx.args.optionalStr('bias_axes'), input0(ctx), dims, ctx.kerasVersion === 2);
}

const einsumDense: ILayerSpec = {
  name: 'EinsumDense',
  params: params('equation', 'output_shape', 'activation=None', 'bias_axes=None'),
  weights(ctx) {
    const { kernel, bias } = einsumArgs(ctx);
    const w = [weight('kernel', knownWeightShape(kernel, 'kernel', 'EinsumDense'))];
    if (bias) w.push(weight('bias', knownWeightShape(bias, 'bias', 'EinsumDense')));
    return sameEverywhere(w);
  },
  outputs: ctx => single(einsumArgs(ctx).output)
};

const prelu: ILayerSpec = {
  name: 'PReLU',
  params: params('alpha_initializer="zeros"', 'alpha_regularizer=None', 'alpha_constraint=None', 'shared_axes=None'),
  weights(ctx) {
    const shape = input0(ctx, 2).slice(1);
    const shared = ctx.args.has('shared_axes') ? ctx.args.intList('shared_axes') : [];
    for (const a of shared) {
      if (a < 1 || a > shape.length)
        throw new AnalysisError(trans.__('PReLU: shared axis %1 is out of range for input rank %2', a, shape.length + 1));
      shape[a - 1] = 1n;
    }
    if (shape.some(d => d === null)) throw new AnalysisError(trans.__('PReLU needs every non-shared input dimension to be known'));
    return sameEverywhere([weight('alpha', shape as bigint[])]);
  },
  outputs: ctx => single(input0(ctx))
};

const lambda: ILayerSpec = {
  name: 'Lambda',
  params: params('function', 'output_shape=None', 'mask=None', 'arguments=None'),
  outputs(ctx) {
    // The reader evaluates the function on a symbolic tensor where it can; see keras/objects.ts.
    const declared = ctx.args.raw('output_shape');
    const items = sequenceItems(declared);
    if (items) {
      return single([ctx.inputs[0]?.[0] ?? null, ...items.map(i => (i.kind === 'int' ? i.value : null))]);
    }
    throw new AnalysisError(trans.__('Lambda: the output shape of this function cannot be read statically; pass output_shape=(…) to Lambda'));
  }
};

export const coreLayers: ILayerSpec[] = [
  dense,
  einsumDense,
  embedding,
  prelu,
  lambda,
  identityLayer('Activation', ['activation']),
  identityLayer('ReLU', ['max_value=None', 'negative_slope=0.0', 'threshold=0.0']),
  { ...identityLayer('LeakyReLU', ['negative_slope=0.3']), keras2Params: params('alpha=0.3') },
  identityLayer('ELU', ['alpha=1.0']),
  identityLayer('Softmax', ['axis=-1']),
  identityLayer('ThresholdedReLU', ['theta=1.0']),
  identityLayer('Dropout', ['rate', 'noise_shape=None']),
  identityLayer('SpatialDropout1D', ['rate']),
  identityLayer('SpatialDropout2D', ['rate', 'data_format=None']),
  identityLayer('SpatialDropout3D', ['rate', 'data_format=None']),
  identityLayer('GaussianNoise', ['stddev']),
  identityLayer('GaussianDropout', ['rate']),
  identityLayer('AlphaDropout', ['rate', 'noise_shape=None']),
  identityLayer('ActivityRegularization', ['l1=0.0', 'l2=0.0']),
  identityLayer('Masking', ['mask_value=0.0']),
  identityLayer('Identity', []),
  identityLayer('Rescaling', ['scale', 'offset=0.0']),
  identityLayer('RandomFlip', ['mode="horizontal_and_vertical"']),
  identityLayer('RandomRotation', ['factor']),
  identityLayer('RandomZoom', ['height_factor', 'width_factor=None']),
  identityLayer('RandomTranslation', ['height_factor', 'width_factor']),
  identityLayer('RandomContrast', ['factor'])
];
