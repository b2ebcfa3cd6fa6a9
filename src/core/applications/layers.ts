/**
 * Layers the applications use that the catalogue does not hold as user-facing entries: Normalization
 * as EfficientNet builds it (adapted statistics, so mean, variance and count are non-trainable
 * weights), and ConvNeXt's own LayerScale.
 */
import { AnalysisError } from '../types';
import { input0, knownDim, params, single, type ILayerSpec } from '../catalogue/spec';
import { sameEverywhere, weight } from '../keras/weights';
import { trans } from '../i18n/current';

/** keras.layers.Normalization(axis=-1) without mean/variance: adapt() state, built on the input's last axis. */
export const normalizationSpec: ILayerSpec = {
  name: 'Normalization',
  params: params('axis=-1', 'mean=None', 'variance=None', 'invert=False'),
  weights(ctx) {
    const shape = input0(ctx);
    if (ctx.args.has('mean') || ctx.args.has('variance')) return sameEverywhere([]);
    const axis = ctx.args.int('axis');
    const a = axis < 0n ? shape.length + Number(axis) : Number(axis);
    if (a !== shape.length - 1) throw new AnalysisError(trans.__('Normalization: only the last axis is supported here'));
    const c = knownDim(ctx, shape, -1);
    return sameEverywhere([weight('mean', [c], false), weight('variance', [c], false), weight('count', [], false)]);
  },
  outputs: ctx => single(input0(ctx))
};

/** keras.src.applications.convnext.LayerScale: one trainable gamma per channel. */
export const layerScaleSpec: ILayerSpec = {
  name: 'LayerScale',
  params: params('init_values', 'projection_dim'),
  weights: ctx => sameEverywhere([weight('gamma', [ctx.args.positiveInt('projection_dim')])]),
  outputs: ctx => single(input0(ctx))
};

/** keras.src.applications.inception_resnet_v2.CustomScaleLayer: `inputs[0] + inputs[1] * scale`, no weights. */
export const customScaleSpec: ILayerSpec = {
  name: 'CustomScaleLayer',
  params: params('scale'),
  callStyle: 'list',
  outputs: ctx => single(input0(ctx))
};
