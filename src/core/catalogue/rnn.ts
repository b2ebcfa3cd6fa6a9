/**
 * Recurrent layers. Keras keeps one bias per gate; cuDNN (and PyTorch, ONNX) keep an input and a
 * recurrent bias per gate. Each spec declares both layouts; the counts and the Δ note follow.
 */
import { isLegacyStandalone } from '../keras/version';
import { AnalysisError, type Shape } from '../types';
import { weight, type IDualBias, type ILayerWeights, type IWeight } from '../keras/weights';
import { input0, knownDim, params, type IBuildContext, type ILayerOutputs, type ILayerSpec, type IParamDef } from './spec';
import { dataFormat, joinChannels, splitChannels } from './common';
import { windowOutput, type Padding } from '../keras/shape-math';
import { trans } from '../i18n/current';

// Signatures in the real positional order (test/signatures.test.ts checks them against Keras 3 and tf_keras).
const INITIALIZERS = ['kernel_initializer="glorot_uniform"', 'recurrent_initializer="orthogonal"', 'bias_initializer="zeros"'];
const REGULARIZERS = [
  'kernel_regularizer=None',
  'recurrent_regularizer=None',
  'bias_regularizer=None',
  'activity_regularizer=None',
  'kernel_constraint=None',
  'recurrent_constraint=None',
  'bias_constraint=None'
];
const DROPOUT = ['dropout=0.0', 'recurrent_dropout=0.0'];
const SEQUENCE = ['return_sequences=False', 'return_state=False', 'go_backwards=False', 'stateful=False'];
const RNN_TAIL = [...INITIALIZERS, ...REGULARIZERS, ...DROPOUT, ...SEQUENCE, 'unroll=False'];

/** Output of a sequence layer over `(batch, steps, …features)`: the sequence or the last step, plus states. */
export function sequenceOutputs(ctx: IBuildContext, step: Shape, states: number): ILayerOutputs {
  const input = ctx.inputs[0];
  const out: Shape = ctx.args.bool('return_sequences') ? [input[0], input[1], ...step] : [input[0], ...step];
  if (!ctx.args.bool('return_state')) return { outputs: [out], multi: false };
  const state: Shape = [input[0], ...step];
  return { outputs: [out, ...Array(states).fill(state)], multi: true };
}

export interface IGateLayout {
  gates: number;
  states: number;
  /** Keras bias shape, given units. */
  kerasBias: (u: bigint, ctx: IBuildContext) => bigint[];
}

export function recurrentWeights(ctx: IBuildContext, layout: IGateLayout, declared: 'keras' | 'cudnn'): ILayerWeights {
  const u = ctx.args.positiveInt('units');
  const d = knownDim(ctx, input0(ctx, 3, 3), -1, trans.__('feature (last)'));
  const g = BigInt(layout.gates);
  const kernels: IWeight[] = [weight('kernel', [d, g * u]), weight('recurrent_kernel', [u, g * u])];
  const useBias = declared === 'cudnn' || ctx.args.bool('use_bias');
  if (!useBias) return { keras: kernels, cudnn: kernels, declared, dualBias: null };
  const keras = [...kernels, weight('bias', layout.kerasBias(u, ctx))];
  const cudnn = [...kernels, weight('bias', [2n * g * u])];
  const kerasSize = keras[2].shape.reduce((a, b) => a * b, 1n);
  const dualBias: IDualBias | null =
    kerasSize === 2n * g * u ? null : { directions: 1, gates: layout.gates, units: u, unitName: 'units', noKernel: false };
  return { keras, cudnn, declared, dualBias };
}

function recurrentSpec(
  name: string,
  signature: IParamDef[],
  layout: IGateLayout,
  declared: 'keras' | 'cudnn',
  keras2Signature?: IParamDef[]
): ILayerSpec {
  return {
    name,
    params: signature,
    ...(keras2Signature ? { keras2Params: keras2Signature } : {}),
    callStyle: 'rnn',
    weights: ctx => recurrentWeights(ctx, layout, declared),
    outputs(ctx) {
      input0(ctx, 3, 3);
      return sequenceOutputs(ctx, [ctx.args.positiveInt('units')], layout.states);
    }
  };
}

export const LSTM_LAYOUT: IGateLayout = { gates: 4, states: 2, kerasBias: u => [4n * u] };
export const GRU_LAYOUT: IGateLayout = {
  gates: 3,
  states: 1,
  kerasBias: (u, ctx) => (ctx.args.bool('reset_after') ? [2n, 3n * u] : [3n * u])
};
export const SIMPLE_LAYOUT: IGateLayout = { gates: 1, states: 1, kerasBias: u => [u] };
/** CuDNNGRU counts as GRU(reset_after=True) under the Keras convention. */
const CUDNN_GRU_LAYOUT: IGateLayout = { gates: 3, states: 1, kerasBias: u => [2n, 3n * u] };

/** ConvLSTM1D/2D/3D: a convolutional LSTM over `(batch, time, *spatial, channels)`. */
function convLstm(rank: number): ILayerSpec {
  const one = rank === 1 ? '1' : `(${Array(rank).fill(1).join(', ')})`;
  const geometry = (ctx: IBuildContext) => {
    const input = input0(ctx);
    if (input.length !== rank + 3) {
      throw new AnalysisError(
        trans.__('ConvLSTM%1D expects input of rank %2 (batch, time, %3 spatial axes, channels), got rank %4', rank, rank + 3, rank, input.length)
      );
    }
    const format = dataFormat(ctx.args);
    const step = splitChannels([input[0], ...input.slice(2)], format, rank, `ConvLSTM${rank}D`);
    return { format, step };
  };
  const head = [
    'filters',
    'kernel_size',
    `strides=${one}`,
    'padding="valid"',
    'data_format=None',
    `dilation_rate=${one}`,
    'activation="tanh"',
    'recurrent_activation="sigmoid"',
    'use_bias=True',
    ...INITIALIZERS,
    'unit_forget_bias=True',
    ...REGULARIZERS
  ];
  return {
    name: `ConvLSTM${rank}D`,
    // Keras 3 moved the dropouts before the sequence options and added a seed; the rest is Keras 2's order.
    params: params(...head, ...DROPOUT, 'seed=None', ...SEQUENCE),
    keras2Params: params(...head, ...SEQUENCE, ...DROPOUT),
    callStyle: 'rnn',
    weights(ctx) {
      const f = ctx.args.positiveInt('filters');
      const k = ctx.args.intTuple('kernel_size', rank);
      const { step } = geometry(ctx);
      const c = step.channels;
      if (c === null) throw new AnalysisError(trans.__('ConvLSTM%1D needs the channel dimension of its input to be known', rank));
      const kernels = [weight('kernel', [...k, c, 4n * f]), weight('recurrent_kernel', [...k, f, 4n * f])];
      if (!ctx.args.bool('use_bias')) return { keras: kernels, cudnn: kernels, declared: 'keras', dualBias: null };
      return {
        keras: [...kernels, weight('bias', [4n * f])],
        cudnn: [...kernels, weight('bias', [8n * f])],
        declared: 'keras',
        dualBias: { directions: 1, gates: 4, units: f, unitName: 'filters', noKernel: true }
      };
    },
    outputs(ctx) {
      const f = ctx.args.positiveInt('filters');
      const k = ctx.args.intTuple('kernel_size', rank);
      const s = ctx.args.intTuple('strides', rank);
      const dl = ctx.args.intTuple('dilation_rate', rank);
      const padding = ctx.args.str('padding', ['valid', 'same']) as Padding;
      const { format, step } = geometry(ctx);
      const spatial = step.spatial.map((len, i) => windowOutput(len, k[i], s[i], padding, dl[i]));
      const stepOut = joinChannels(null, spatial, f, format).slice(1);
      return sequenceOutputs(ctx, stepOut, 2);
    }
  };
}

const GATED = ['units', 'activation="tanh"', 'recurrent_activation="sigmoid"', 'use_bias=True', ...INITIALIZERS];
const RESET_AFTER: IParamDef = {
  name: 'reset_after',
  // GRU reset_after: True in TF 2 tf.keras, Keras 2.4+ and Keras 3; False in tf.compat.v1 and in standalone
  // Keras up to 2.3 (keras.layers.GRU there; tf.keras in TF 2.0–2.3 already had the v2 GRU).
  defaultValue: ({ release, legacyV1, standalone }) => ({ kind: 'bool', value: !legacyV1 && !(standalone && isLegacyStandalone(release)) })
};

export const rnnLayers: ILayerSpec[] = [
  recurrentSpec('SimpleRNN', params('units', 'activation="tanh"', 'use_bias=True', ...RNN_TAIL, 'seed=None'), SIMPLE_LAYOUT, 'keras'),
  recurrentSpec(
    'LSTM',
    params(...GATED, 'unit_forget_bias=True', ...REGULARIZERS, ...DROPOUT, 'seed=None', ...SEQUENCE, 'unroll=False', 'use_cudnn="auto"'),
    LSTM_LAYOUT,
    'keras',
    params(...GATED, 'unit_forget_bias=True', ...REGULARIZERS, ...DROPOUT, ...SEQUENCE, 'time_major=False', 'unroll=False')
  ),
  recurrentSpec(
    'GRU',
    params(...GATED, ...REGULARIZERS, ...DROPOUT, 'seed=None', ...SEQUENCE, 'unroll=False', RESET_AFTER, 'use_cudnn="auto"'),
    GRU_LAYOUT,
    'keras',
    params(...GATED, ...REGULARIZERS, ...DROPOUT, ...SEQUENCE, 'unroll=False', 'time_major=False', RESET_AFTER)
  ),
  // Keras 2 only; no activation, use_bias or dropout arguments.
  recurrentSpec('CuDNNLSTM', params('units', ...INITIALIZERS, 'unit_forget_bias=True', ...REGULARIZERS, ...SEQUENCE), LSTM_LAYOUT, 'cudnn'),
  recurrentSpec('CuDNNGRU', params('units', ...INITIALIZERS, ...REGULARIZERS, ...SEQUENCE), CUDNN_GRU_LAYOUT, 'cudnn'),
  convLstm(1),
  convLstm(2),
  convLstm(3)
];
