/**
 * The rest of Keras 3's `keras.layers`: adaptive pooling, RMSNormalization, GroupQueryAttention,
 * ReversibleEmbedding, SpectralNormalization, and the generic RNN with its cells.
 */
import { AnalysisError, NeedsKernelError, type Shape } from '../types';
import { sameEverywhere, weight, type ILayerWeights, type IWeight } from '../keras/weights';
import { normalizeAxis } from '../keras/shape-math';
import { sequenceItems, truthy } from '../config/value';
import { input0, knownDim, params, single, type IBuildContext, type ILayerSpec } from './spec';
import { dataFormat, joinChannels, splitChannels } from './common';
import { GRU_LAYOUT, LSTM_LAYOUT, recurrentWeights, sequenceOutputs, SIMPLE_LAYOUT, type IGateLayout } from './rnn';
import { trans } from '../i18n/current';

function adaptivePooling(op: 'Average' | 'Max', rank: number): ILayerSpec {
  return {
    name: `Adaptive${op}Pooling${rank}D`,
    params: params('output_size', 'data_format=None'),
    outputs(ctx) {
      const format = dataFormat(ctx.args);
      const { batch, channels } = splitChannels(input0(ctx), format, rank, ctx.args.className);
      return single(joinChannels(batch, ctx.args.intTuple('output_size', rank), channels, format));
    }
  };
}

const rmsNormalization: ILayerSpec = {
  name: 'RMSNormalization',
  params: params('axis=-1', 'epsilon=1e-06'),
  weights(ctx) {
    const input = input0(ctx);
    const shape = ctx.args
      .intList('axis')
      .map(a => knownDim(ctx, input, normalizeAxis(a, input.length, trans.__('RMSNormalization axis')), trans.__('normalized (%1)', a)));
    return sameEverywhere([weight('scale', shape)]);
  },
  outputs: ctx => single(input0(ctx))
};

function gqaGeometry(ctx: IBuildContext) {
  const [query, value, key = value] = ctx.inputs;
  if (!query || !value) throw new AnalysisError(trans.__('%1 needs a query and a value', ctx.args.className));
  const headDim = ctx.args.positiveInt('head_dim');
  const queryHeads = ctx.args.positiveInt('num_query_heads');
  const kvHeads = ctx.args.positiveInt('num_key_value_heads');
  if (queryHeads % kvHeads !== 0n) {
    throw new AnalysisError(trans.__('%1: num_query_heads=%2 must be a multiple of num_key_value_heads=%3', ctx.args.className, queryHeads, kvHeads));
  }
  return { query, value, key, headDim, queryHeads, kvHeads, features: knownDim(ctx, query, -1, trans.__('query feature (last)')) };
}

const groupQueryAttention: ILayerSpec = {
  name: 'GroupedQueryAttention',
  aliases: ['GroupQueryAttention'],
  params: params(
    'head_dim',
    'num_query_heads',
    'num_key_value_heads',
    'dropout=0.0',
    'use_bias=True',
    'sliding_window=None',
    'flash_attention=None',
    "kernel_initializer='glorot_uniform'",
    "bias_initializer='zeros'",
    'kernel_regularizer=None',
    'bias_regularizer=None',
    'activity_regularizer=None',
    'kernel_constraint=None',
    'bias_constraint=None',
    'use_gate=False',
    'seed=None'
  ),
  callStyle: 'attention',
  // keras.src GroupedQueryAttention.build creates an auto-named Softmax and Dropout.
  hiddenSublayers: () => ['softmax', 'dropout'],
  weights(ctx) {
    const g = gqaGeometry(ctx);
    const useBias = ctx.args.bool('use_bias');
    const w: IWeight[] = [];
    const project = (name: string, input: Shape, heads: bigint) => {
      w.push(weight(`${name}/kernel`, [knownDim(ctx, input, -1, trans.__('%1 feature (last)', name)), heads, g.headDim]));
      if (useBias) w.push(weight(`${name}/bias`, [heads, g.headDim]));
    };
    project('query', g.query, g.queryHeads);
    project('key', g.key, g.kvHeads);
    if (ctx.args.bool('use_gate')) project('gate', g.query, g.queryHeads);
    project('value', g.value, g.kvHeads);
    w.push(weight('attention_output/kernel', [g.queryHeads, g.headDim, g.features]));
    if (useBias) w.push(weight('attention_output/bias', [g.features]));
    return sameEverywhere(w);
  },
  outputs(ctx) {
    const g = gqaGeometry(ctx);
    const out: Shape = [...g.query.slice(0, -1), g.features];
    const scores = ctx.callArgs.get('return_attention_scores');
    if (!scores || truthy(scores) !== true) return single(out);
    return { outputs: [out, [g.query[0], g.queryHeads, g.query[1], g.key[1]]], multi: true };
  }
};

const reversibleEmbedding: ILayerSpec = {
  name: 'ReversibleEmbedding',
  params: params(
    'input_dim',
    'output_dim',
    'tie_weights=True',
    "embeddings_initializer='uniform'",
    'embeddings_regularizer=None',
    'embeddings_constraint=None',
    'mask_zero=False',
    'reverse_dtype=None',
    'logit_soft_cap=None'
  ),
  weights(ctx) {
    const vocabulary = ctx.args.positiveInt('input_dim');
    const dim = ctx.args.positiveInt('output_dim');
    const w = [weight('embeddings', [vocabulary, dim])];
    if (!ctx.args.bool('tie_weights')) w.push(weight('reverse_embeddings', [dim, vocabulary]));
    return sameEverywhere(w);
  },
  outputs(ctx) {
    const reverse = ctx.callArgs.get('reverse');
    const input = input0(ctx);
    if (reverse && truthy(reverse) === true) {
      // The reverse projection multiplies by the (output_dim, input_dim) matrix.
      const dim = ctx.args.positiveInt('output_dim');
      const last = input[input.length - 1];
      if (last !== null && last !== dim)
        throw new AnalysisError(trans.__('ReversibleEmbedding: reverse=True needs inputs whose last axis is output_dim=%1, got %2', dim, last));
      return single([...input.slice(0, -1), ctx.args.positiveInt('input_dim')]);
    }
    return single([...input, ctx.args.positiveInt('output_dim')]);
  }
};

const spectralNormalization: ILayerSpec = {
  name: 'SpectralNormalization',
  params: params('layer', 'power_iterations=1'),
  innerLayerArgs: ['layer'],
  weights(ctx) {
    const inner = ctx.buildInner('layer', ctx.inputs);
    if (!inner.weights) throw new AnalysisError(trans.__('SpectralNormalization: the wrapped layer has unknown weights'));
    // vector_u: one row the size of the kernel's (or embeddings') last axis.
    const kernel = inner.weights.keras.find(w => w.name === 'kernel' || w.name === 'embeddings');
    if (!kernel) throw new AnalysisError(trans.__("SpectralNormalization: the wrapped layer has no 'kernel' nor 'embeddings' weight"));
    const u = weight('vector_u', [1n, kernel.shape[kernel.shape.length - 1]], false);
    return { ...inner.weights, keras: [...inner.weights.keras, u], cudnn: [...inner.weights.cudnn, u] };
  },
  outputs(ctx) {
    const inner = ctx.buildInner('layer', ctx.inputs);
    return { outputs: inner.outputs, multi: inner.multi };
  }
};

/** A recurrent cell over one step `(batch, features)`: it outputs `(batch, units)` and its states. */
function cellSpec(name: string, layout: IGateLayout, signature: string[]): ILayerSpec {
  return {
    name,
    params: params(...signature),
    weights(ctx) {
      const step = input0(ctx, 2, 2);
      return recurrentWeights({ ...ctx, inputs: [[step[0], null, step[1]]] }, layout, 'keras');
    },
    outputs(ctx) {
      const step = input0(ctx, 2, 2);
      const state: Shape = [step[0], ctx.args.positiveInt('units')];
      return { outputs: [state, ...Array(layout.states).fill(state)], multi: true };
    }
  };
}

const CELL_TAIL = ["kernel_initializer='glorot_uniform'", "recurrent_initializer='orthogonal'", "bias_initializer='zeros'"];
const CELL_REGULARIZERS = [
  'kernel_regularizer=None',
  'recurrent_regularizer=None',
  'bias_regularizer=None',
  'kernel_constraint=None',
  'recurrent_constraint=None',
  'bias_constraint=None',
  'dropout=0.0',
  'recurrent_dropout=0.0'
];

const lstmCell = cellSpec('LSTMCell', LSTM_LAYOUT, [
  'units',
  "activation='tanh'",
  "recurrent_activation='sigmoid'",
  'use_bias=True',
  ...CELL_TAIL,
  'unit_forget_bias=True',
  ...CELL_REGULARIZERS,
  'seed=None'
]);
const gruCell = cellSpec('GRUCell', GRU_LAYOUT, [
  'units',
  "activation='tanh'",
  "recurrent_activation='sigmoid'",
  'use_bias=True',
  ...CELL_TAIL,
  ...CELL_REGULARIZERS,
  'reset_after=True',
  'seed=None'
]);
const simpleRnnCell = cellSpec('SimpleRNNCell', SIMPLE_LAYOUT, [
  'units',
  "activation='tanh'",
  'use_bias=True',
  ...CELL_TAIL,
  ...CELL_REGULARIZERS,
  'seed=None'
]);

/** The cells held in `argName`: one layer, or a list of them (their keys in `layer.inner` are `cells.0`, `cells.1`, …). */
function cellKeys(ctx: IBuildContext, argName: string): string[] {
  const v = ctx.args.raw(argName);
  const items = sequenceItems(v);
  if (items) return items.map((_, i) => `${argName}.${i}`);
  return [argName];
}

/** Cells run one after another on a step: weights in order, every cell's states, the last cell's output. */
function stackCells(ctx: IBuildContext, keys: string[], step: Shape) {
  const parts: ILayerWeights[] = [];
  const states: Shape[] = [];
  let x = step;
  for (const key of keys) {
    const cell = ctx.buildInner(key, [x]);
    if (!cell.weights) throw new AnalysisError(trans.__('%1: a cell has unknown weights', ctx.args.className));
    parts.push(cell.weights);
    const [out, ...cellStates] = cell.outputs;
    states.push(...cellStates);
    x = out;
  }
  const weights: ILayerWeights = {
    keras: parts.flatMap(p => p.keras),
    cudnn: parts.flatMap(p => p.cudnn),
    declared: 'keras',
    // One cell: its reason for the cuDNN difference; several: the counts say it, cell by cell.
    dualBias: parts.length === 1 ? parts[0].dualBias : null
  };
  return { weights, output: x, states };
}

const stackedRnnCells: ILayerSpec = {
  name: 'StackedRNNCells',
  params: params('cells'),
  innerLayerArgs: ['cells'],
  weights: ctx => stackCells(ctx, cellKeys(ctx, 'cells'), input0(ctx, 2, 2)).weights,
  outputs(ctx) {
    const { output, states } = stackCells(ctx, cellKeys(ctx, 'cells'), input0(ctx, 2, 2));
    return { outputs: [output, ...states], multi: true };
  }
};

const rnn: ILayerSpec = {
  name: 'RNN',
  params: params(
    'cell',
    'return_sequences=False',
    'return_state=False',
    'go_backwards=False',
    'stateful=False',
    'unroll=False',
    'zero_output_for_mask=False'
  ),
  keras2Params: params(
    'cell',
    'return_sequences=False',
    'return_state=False',
    'go_backwards=False',
    'stateful=False',
    'unroll=False',
    'time_major=False'
  ),
  callStyle: 'rnn',
  innerLayerArgs: ['cell'],
  weights(ctx) {
    const s = input0(ctx, 3, 3);
    return stackCells(ctx, cellKeys(ctx, 'cell'), [s[0], s[2]]).weights;
  },
  outputs(ctx) {
    const s = input0(ctx, 3, 3);
    const keys = cellKeys(ctx, 'cell');
    const { output, states } = stackCells(ctx, keys, [s[0], s[2]]);
    if (keys.length > 1 && ctx.args.bool('return_state')) {
      throw new NeedsKernelError(
        trans.__(
          'RNN: return_state with a list of cells returns nested states, which are not followed statically: their shapes need the running kernel'
        )
      );
    }
    return sequenceOutputs(ctx, output.slice(1), states.length);
  }
};

/** keras.layers.Pipeline: its layers applied in order, as one row holding all their weights. */
const pipeline: ILayerSpec = {
  name: 'Pipeline',
  params: params('layers', 'name=None'),
  innerLayerArgs: ['layers'],
  weights(ctx) {
    const parts = chain(ctx);
    return { keras: parts.flatMap(p => p.weights.keras), cudnn: parts.flatMap(p => p.weights.cudnn), declared: 'keras', dualBias: null };
  },
  outputs(ctx) {
    const parts = chain(ctx);
    return parts.length ? { outputs: parts[parts.length - 1].outputs, multi: parts[parts.length - 1].multi } : single(input0(ctx));
  }
};

function chain(ctx: IBuildContext) {
  let x: Shape[] = ctx.inputs;
  return cellKeys(ctx, 'layers').map(key => {
    const step = ctx.buildInner(key, x);
    if (!step.weights) throw new AnalysisError(trans.__('Pipeline: the layer %1 has unknown weights', key));
    x = step.outputs;
    return { weights: step.weights, outputs: step.outputs, multi: step.multi };
  });
}

export const moreLayers: ILayerSpec[] = [
  pipeline,
  ...[1, 2, 3].flatMap(r => [adaptivePooling('Average', r), adaptivePooling('Max', r)]),
  rmsNormalization,
  groupQueryAttention,
  reversibleEmbedding,
  spectralNormalization,
  lstmCell,
  gruCell,
  simpleRnnCell,
  stackedRnnCells,
  rnn
];
