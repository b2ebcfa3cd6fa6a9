/**
 * The keras_hub (formerly keras_nlp) layers tutorials build with, reachable as `keras_hub.layers.X` and
 * `keras_nlp.layers.X`. Their weights are those of the sublayers they build, named as keras_hub names them
 * (keras_hub/src/layers/modeling/*.py); only the attention layers' auto-named Softmax and Dropout use up names.
 */
import { AnalysisError, NeedsKernelError, type Shape } from '../types';
import { sameEverywhere, weight, type IWeight } from '../keras/weights';
import { input0, knownDim, params, single, type IBuildContext, type ILayerSpec } from './spec';
import { trans } from '../i18n/current';

const dense = (name: string, input: bigint, units: bigint): IWeight[] => [weight(`${name}/kernel`, [input, units]), weight(`${name}/bias`, [units])];
const layerNorm = (name: string, dim: bigint): IWeight[] => [weight(`${name}/gamma`, [dim]), weight(`${name}/beta`, [dim])];

/** keras MultiHeadAttention with biases: query/key/value projections to (heads, head_dim), output back to `out`. */
function attention(name: string, query: bigint, value: bigint, heads: bigint, headDim: bigint, out: bigint): IWeight[] {
  const project = (part: string, dim: bigint) => [
    weight(`${name}/${part}/kernel`, [dim, heads, headDim]),
    weight(`${name}/${part}/bias`, [heads, headDim])
  ];
  return [
    ...project('query', query),
    ...project('key', value),
    ...project('value', value),
    weight(`${name}/attention_output/kernel`, [heads, headDim, out]),
    weight(`${name}/attention_output/bias`, [out])
  ];
}

/** hidden_dim // num_heads, which keras_hub refuses when zero. */
function headDim(ctx: IBuildContext, hidden: bigint): bigint {
  const heads = ctx.args.positiveInt('num_heads');
  const dim = hidden / heads;
  if (dim === 0n) throw new AnalysisError(trans.__('%1: the hidden size %2 must be at least num_heads=%3', ctx.args.className, hidden, heads));
  return dim;
}

function sequence(ctx: IBuildContext, shape: Shape | undefined, what: string): bigint {
  if (!shape) throw new AnalysisError(trans.__('%1 needs its %2', ctx.args.className, what));
  if (shape.length !== 3)
    throw new AnalysisError(trans.__('%1 expects its %2 of rank 3 (batch, sequence, features), got rank %3', ctx.args.className, what, shape.length));
  return knownDim(ctx, shape, -1, trans.__('%1 feature (last)', what));
}

const ENCODER_TAIL = [
  'dropout=0',
  "activation='relu'",
  'layer_norm_epsilon=1e-05',
  "kernel_initializer='glorot_uniform'",
  "bias_initializer='zeros'"
];

const transformerEncoder: ILayerSpec = {
  name: 'TransformerEncoder',
  library: 'keras_hub',
  params: params('intermediate_dim', 'num_heads', ...ENCODER_TAIL, 'normalize_first=False'),
  hiddenSublayers: () => ['softmax', 'dropout'],
  weights(ctx) {
    const h = sequence(ctx, ctx.inputs[0], 'input');
    const inner = ctx.args.positiveInt('intermediate_dim');
    return sameEverywhere([
      ...attention('self_attention_layer', h, h, ctx.args.positiveInt('num_heads'), headDim(ctx, h), h),
      ...layerNorm('self_attention_layer_norm', h),
      ...layerNorm('feedforward_layer_norm', h),
      ...dense('feedforward_intermediate_dense', h, inner),
      ...dense('feedforward_output_dense', inner, h)
    ]);
  },
  outputs: ctx => single(input0(ctx, 3, 3))
};

const transformerDecoder: ILayerSpec = {
  name: 'TransformerDecoder',
  library: 'keras_hub',
  params: params('intermediate_dim', 'num_heads', ...ENCODER_TAIL, 'normalize_first=False'),
  callInputs: ['decoder_sequence', 'encoder_sequence'],
  // One keras MultiHeadAttention for self-attention, a second for cross-attention when there is an encoder sequence.
  hiddenSublayers: (_version, ctx) => (ctx.arity > 1 ? ['softmax', 'dropout', 'softmax', 'dropout'] : ['softmax', 'dropout']),
  weights(ctx) {
    const h = sequence(ctx, ctx.inputs[0], trans.__('decoder sequence'));
    const heads = ctx.args.positiveInt('num_heads');
    const dim = headDim(ctx, h);
    const inner = ctx.args.positiveInt('intermediate_dim');
    const cross: IWeight[] = [];
    if (ctx.inputs.length > 1) {
      const e = sequence(ctx, ctx.inputs[1], trans.__('encoder sequence'));
      cross.push(...attention('cross_attention', h, e, heads, dim, h), ...layerNorm('cross_attention_layer_norm', h));
    }
    return sameEverywhere([
      ...attention('self_attention', h, h, heads, dim, h),
      ...layerNorm('self_attention_layer_norm', h),
      ...cross,
      ...dense('feedforward_intermediate_dense', h, inner),
      ...dense('feedforward_output_dense', inner, h),
      ...layerNorm('feedforward_layer_norm', h)
    ]);
  },
  outputs: ctx => single(input0(ctx, 3, 3))
};

const fnetEncoder: ILayerSpec = {
  name: 'FNetEncoder',
  library: 'keras_hub',
  params: params('intermediate_dim', ...ENCODER_TAIL),
  weights(ctx) {
    const h = sequence(ctx, ctx.inputs[0], 'input');
    const inner = ctx.args.positiveInt('intermediate_dim');
    return sameEverywhere([
      ...layerNorm('mixing_layer_norm', h),
      ...layerNorm('output_layer_norm', h),
      ...dense('intermediate_dense', h, inner),
      ...dense('output_dense', inner, h)
    ]);
  },
  outputs: ctx => single(input0(ctx, 3, 3))
};

const tokenAndPositionEmbedding: ILayerSpec = {
  name: 'TokenAndPositionEmbedding',
  library: 'keras_hub',
  params: params('vocabulary_size', 'sequence_length', 'embedding_dim', 'tie_weights=True', "embeddings_initializer='uniform'", 'mask_zero=False'),
  weights(ctx) {
    const vocabulary = ctx.args.positiveInt('vocabulary_size');
    const dim = ctx.args.positiveInt('embedding_dim');
    const w = [weight('token_embedding/embeddings', [vocabulary, dim])];
    // The token embedding is a ReversibleEmbedding: untied, it keeps its own output projection.
    if (!ctx.args.bool('tie_weights')) w.push(weight('token_embedding/reverse_embeddings', [dim, vocabulary]));
    w.push(weight('position_embedding/embeddings', [ctx.args.positiveInt('sequence_length'), dim]));
    return sameEverywhere(w);
  },
  outputs: ctx => single([...input0(ctx), ctx.args.positiveInt('embedding_dim')])
};

const positionEmbedding: ILayerSpec = {
  name: 'PositionEmbedding',
  library: 'keras_hub',
  params: params('sequence_length', "initializer='glorot_uniform'"),
  weights(ctx) {
    const input = input0(ctx, 2);
    return sameEverywhere([weight('embeddings', [ctx.args.positiveInt('sequence_length'), knownDim(ctx, input, -1, trans.__('feature (last)'))])]);
  },
  outputs: ctx => single(input0(ctx))
};

const maskedLmHead: ILayerSpec = {
  name: 'MaskedLMHead',
  library: 'keras_hub',
  params: params(
    'vocabulary_size=None',
    'token_embedding=None',
    "intermediate_activation='relu'",
    'activation=None',
    'layer_norm_epsilon=1e-05',
    "kernel_initializer='glorot_uniform'",
    "bias_initializer='zeros'"
  ),
  callInputs: ['inputs', 'mask_positions'],
  weights(ctx) {
    if (ctx.args.has('token_embedding')) {
      // Its row would also count the shared embedding's weights, which the model counts once.
      throw new NeedsKernelError(
        trans.__("MaskedLMHead with token_embedding= shares that embedding's weights; its own count is not derived statically")
      );
    }
    const h = knownDim(ctx, input0(ctx, 3, 3), -1, trans.__('feature (last)'));
    const vocabulary = ctx.args.positiveInt('vocabulary_size');
    return sameEverywhere([
      weight('output_kernel', [h, vocabulary]),
      weight('output_bias', [vocabulary]),
      ...dense('intermediate_dense', h, h),
      ...layerNorm('intermediate_layer_norm', h)
    ]);
  },
  outputs(ctx) {
    const positions = ctx.inputs[1];
    if (!positions) throw new AnalysisError(trans.__('MaskedLMHead needs mask_positions'));
    if (!ctx.args.has('vocabulary_size'))
      throw new NeedsKernelError(trans.__('MaskedLMHead: the vocabulary size comes from token_embedding, not followed statically'));
    return single([...positions, ctx.args.positiveInt('vocabulary_size')]);
  }
};

export const kerasHubLayers: ILayerSpec[] = [
  tokenAndPositionEmbedding,
  positionEmbedding,
  {
    name: 'SinePositionEncoding',
    library: 'keras_hub',
    params: params('max_wavelength=10000'),
    outputs: ctx => single(input0(ctx))
  },
  {
    name: 'RotaryEmbedding',
    library: 'keras_hub',
    params: params(
      'max_wavelength=10000',
      'scaling_factor=1.0',
      "rope_type='linear'",
      'beta_fast=32.0',
      'beta_slow=1.0',
      'original_max_position_embeddings=4096',
      'truncate=True',
      'sequence_axis=1',
      'feature_axis=-1',
      'denominator_dim=None'
    ),
    outputs: ctx => single(input0(ctx))
  },
  transformerEncoder,
  transformerDecoder,
  maskedLmHead,
  fnetEncoder
];
