/** Attention layers. MultiHeadAttention's weights follow Keras' EinsumDense projections (tensorflow#46762). */
import { AnalysisError, type Dim, type Shape } from '../types';
import { sameEverywhere, weight, type IWeight } from '../keras/weights';
import { formatShape } from '../keras/shape-math';
import { knownDim, params, type IBuildContext, type ILayerOutputs, type ILayerSpec } from './spec';
import { sequenceItems, truthy } from '../config/value';
import { trans } from '../i18n/current';

function returnsScores(ctx: IBuildContext): boolean {
  const v = ctx.callArgs.get('return_attention_scores');
  return v !== undefined && truthy(v) === true;
}

function attentionInputs(ctx: IBuildContext): { query: Shape; value: Shape; key: Shape } {
  const [query, value, key] = ctx.inputs;
  if (!query || !value) throw new AnalysisError(trans.__('%1 needs a query and a value', ctx.args.className));
  return { query, value, key: key ?? value };
}

/** MHA: query/key/value projections to (heads, key_dim/value_dim), then an output projection. */
function mhaGeometry(ctx: IBuildContext) {
  const { query, value, key } = attentionInputs(ctx);
  const heads = ctx.args.positiveInt('num_heads');
  const keyDim = ctx.args.positiveInt('key_dim');
  const valueDim = ctx.args.has('value_dim') ? ctx.args.positiveInt('value_dim') : keyDim;
  const out = ctx.args.raw('output_shape');
  const items = sequenceItems(out);
  let outputShape: bigint[];
  if (out.kind === 'none') outputShape = [knownDim(ctx, query, -1, trans.__('query feature (last)'))];
  else if (out.kind === 'int' && out.value > 0n) outputShape = [out.value];
  else if (items && items.every(i => i.kind === 'int' && i.value > 0n)) outputShape = items.map(i => (i as { value: bigint }).value);
  else ctx.args.fail('output_shape', trans.__('a positive integer or a tuple of them'));
  return { query, value, key, heads, keyDim, valueDim, outputShape };
}

const multiHeadAttention: ILayerSpec = {
  name: 'MultiHeadAttention',
  params: params('num_heads', 'key_dim', 'value_dim=None', 'dropout=0.0', 'use_bias=True', 'output_shape=None', 'attention_axes=None'),
  callStyle: 'attention',
  // keras.src MultiHeadAttention._build_attention creates a Softmax and a Dropout layer.
  hiddenSublayers: version => (version === 3 ? ['softmax', 'dropout'] : []),
  weights(ctx) {
    const g = mhaGeometry(ctx);
    const useBias = ctx.args.bool('use_bias');
    const w: IWeight[] = [];
    const project = (name: string, input: Shape, dim: bigint) => {
      w.push(weight(`${name}/kernel`, [knownDim(ctx, input, -1, trans.__('%1 feature (last)', name)), g.heads, dim]));
      if (useBias) w.push(weight(`${name}/bias`, [g.heads, dim]));
    };
    project('query', g.query, g.keyDim);
    project('key', g.key, g.keyDim);
    project('value', g.value, g.valueDim);
    w.push(weight('attention_output/kernel', [g.heads, g.valueDim, ...g.outputShape]));
    if (useBias) w.push(weight('attention_output/bias', g.outputShape));
    return sameEverywhere(w);
  },
  outputs(ctx) {
    const g = mhaGeometry(ctx);
    const out: Shape = [...g.query.slice(0, -1), ...g.outputShape];
    if (!returnsScores(ctx)) return { outputs: [out], multi: false };
    if (g.query.length !== 3) {
      return { outputs: [out, [g.query[0], g.heads, ...g.query.slice(1, -1), ...g.key.slice(1, -1)]], multi: true };
    }
    // Keras 3's symbolic MHA reports (batch, heads, Tq, Tq) for the scores whatever the key length
    // (keras.src.layers.attention.multi_head_attention.compute_output_spec); tf.keras reports Tk.
    const keyLength = ctx.kerasVersion === 3 ? g.query[1] : g.key[1];
    return { outputs: [out, [g.query[0], g.heads, g.query[1], keyLength]], multi: true };
  }
};

function dotAttentionOutputs(ctx: IBuildContext): ILayerOutputs {
  const { query, value, key } = attentionInputs(ctx);
  if (query.length !== value.length) {
    throw new AnalysisError(
      trans.__('%1: query %2 and value %3 must have the same rank', ctx.args.className, formatShape(query), formatShape(value))
    );
  }
  const out: Shape = [...query.slice(0, -1), value[value.length - 1]];
  if (!returnsScores(ctx)) return { outputs: [out], multi: false };
  const scores: Dim[] = [...query.slice(0, -1), key[key.length - 2]];
  return { outputs: [out, scores], multi: true };
}

const attention: ILayerSpec = {
  name: 'Attention',
  params: params('use_scale=False', 'score_mode="dot"', 'dropout=0.0'),
  callStyle: 'list',
  weights(ctx) {
    const w: IWeight[] = [];
    if (ctx.args.bool('use_scale')) w.push(weight('scale', []));
    if (ctx.args.str('score_mode', ['dot', 'concat']) === 'concat') w.push(weight('concat_score_weight', []));
    return sameEverywhere(w);
  },
  outputs: dotAttentionOutputs
};

const additiveAttention: ILayerSpec = {
  name: 'AdditiveAttention',
  params: params('use_scale=True', 'dropout=0.0'),
  callStyle: 'list',
  weights(ctx) {
    const { query } = attentionInputs(ctx);
    return sameEverywhere(ctx.args.bool('use_scale') ? [weight('scale', [knownDim(ctx, query, -1, trans.__('query feature (last)'))])] : []);
  },
  outputs: dotAttentionOutputs
};

export const attentionLayers: ILayerSpec[] = [multiHeadAttention, attention, additiveAttention];
