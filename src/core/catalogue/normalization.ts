/** Normalization layers: their scale/offset weights live on the normalized axes. */
import { AnalysisError, type Shape } from '../types';
import { sameEverywhere, weight, type IWeight } from '../keras/weights';
import { normalizeAxis } from '../keras/shape-math';
import { input0, params, single, type IBuildContext, type ILayerSpec } from './spec';
import { trans } from '../i18n/current';

function axisSizes(ctx: IBuildContext, shape: Shape): bigint[] {
  const axes = ctx.args.intList('axis');
  return axes.map(a => {
    const d = shape[normalizeAxis(a, shape.length, `${ctx.args.className} axis`)];
    if (d === null) throw new AnalysisError(trans.__('%1 needs the normalized axis %2 of its input to be known', ctx.args.className, a));
    return d;
  });
}

const batchNormalization: ILayerSpec = {
  name: 'BatchNormalization',
  params: params('axis=-1', 'momentum=0.99', 'epsilon=0.001', 'center=True', 'scale=True'),
  weights(ctx) {
    const shape = axisSizes(ctx, input0(ctx));
    const w: IWeight[] = [];
    if (ctx.args.bool('scale')) w.push(weight('gamma', shape));
    if (ctx.args.bool('center')) w.push(weight('beta', shape));
    w.push(weight('moving_mean', shape, false), weight('moving_variance', shape, false));
    return sameEverywhere(w);
  },
  outputs: ctx => single(input0(ctx))
};

const layerNormalization: ILayerSpec = {
  name: 'LayerNormalization',
  params: params(
    'axis=-1',
    'epsilon=0.001',
    'center=True',
    'scale=True',
    'beta_initializer="zeros"',
    'gamma_initializer="ones"',
    'beta_regularizer=None',
    'gamma_regularizer=None',
    'beta_constraint=None',
    'gamma_constraint=None',
    'rms_scaling=False'
  ),
  weights(ctx) {
    const shape = axisSizes(ctx, input0(ctx));
    const rms = ctx.args.has('rms_scaling') && ctx.args.bool('rms_scaling');
    const w: IWeight[] = [];
    if (ctx.args.bool('scale') || rms) w.push(weight('gamma', shape));
    if (ctx.args.bool('center') && !rms) w.push(weight('beta', shape));
    return sameEverywhere(w);
  },
  outputs: ctx => single(input0(ctx))
};

const groupNormalization: ILayerSpec = {
  name: 'GroupNormalization',
  params: params('groups=32', 'axis=-1', 'epsilon=0.001', 'center=True', 'scale=True'),
  weights(ctx) {
    const shape = axisSizes(ctx, input0(ctx));
    // groups=-1 is instance normalization: one group per channel.
    const groups = ctx.args.int('groups') === -1n ? shape[0] : ctx.args.positiveInt('groups');
    if (shape[0] < groups) throw new AnalysisError(trans.__('GroupNormalization: groups=%1 is more than the %2 channels', groups, shape[0]));
    if (shape[0] % groups !== 0n) throw new AnalysisError(trans.__('GroupNormalization: groups=%1 must divide the %2 channels', groups, shape[0]));
    const w: IWeight[] = [];
    if (ctx.args.bool('scale')) w.push(weight('gamma', shape));
    if (ctx.args.bool('center')) w.push(weight('beta', shape));
    return sameEverywhere(w);
  },
  outputs: ctx => single(input0(ctx))
};

const unitNormalization: ILayerSpec = {
  name: 'UnitNormalization',
  params: params('axis=-1'),
  outputs: ctx => single(input0(ctx))
};

export const normalizationLayers: ILayerSpec[] = [batchNormalization, layerNormalization, groupNormalization, unitNormalization];
