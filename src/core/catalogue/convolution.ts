/** Convolutions (plain, transposed, separable, depthwise) and the spatial layers that share their geometry. */
import { AnalysisError, type Shape } from '../types';
import { sameEverywhere, weight, type IWeight } from '../keras/weights';
import { transposeOutput, windowOutput, type Padding } from '../keras/shape-math';
import { input0, params, single, type IBuildContext, type ILayerSpec } from './spec';
import { dataFormat, joinChannels, splitChannels } from './common';
import { trans } from '../i18n/current';

type ConvKind = 'conv' | 'transpose' | 'separable' | 'depthwise';

const tuple = (rank: number, n: number) => (rank === 1 ? String(n) : `(${Array(rank).fill(n).join(', ')})`);

function signature(kind: ConvKind, rank: number): string[] {
  const one = tuple(rank, 1);
  const tail = ['activation=None', 'use_bias=True'];
  switch (kind) {
    case 'conv':
      return [
        'filters',
        'kernel_size',
        `strides=${one}`,
        'padding="valid"',
        'data_format=None',
        `dilation_rate=${one}`,
        'groups=1',
        ...tail,
        'kernel_initializer="glorot_uniform"',
        'bias_initializer="zeros"'
      ];
    case 'transpose':
      return [
        'filters',
        'kernel_size',
        `strides=${one}`,
        'padding="valid"',
        'output_padding=None',
        'data_format=None',
        `dilation_rate=${one}`,
        ...tail,
        'kernel_initializer="glorot_uniform"',
        'bias_initializer="zeros"'
      ];
    case 'separable':
      return [
        'filters',
        'kernel_size',
        `strides=${one}`,
        'padding="valid"',
        'data_format=None',
        `dilation_rate=${one}`,
        'depth_multiplier=1',
        ...tail,
        'depthwise_initializer="glorot_uniform"',
        'pointwise_initializer="glorot_uniform"',
        'bias_initializer="zeros"'
      ];
    case 'depthwise':
      return [
        'kernel_size',
        `strides=${one}`,
        'padding="valid"',
        'depth_multiplier=1',
        'data_format=None',
        `dilation_rate=${one}`,
        ...tail,
        'depthwise_initializer="glorot_uniform"',
        'bias_initializer="zeros"'
      ];
  }
}

function convGeometry(ctx: IBuildContext, kind: ConvKind, rank: number) {
  const a = ctx.args;
  const format = dataFormat(a);
  const { batch, channels, spatial } = splitChannels(input0(ctx), format, rank, a.className);
  const kernel = a.intTuple('kernel_size', rank);
  const strides = a.intTuple('strides', rank);
  const dilation = a.intTuple('dilation_rate', rank);
  const padding = a.str('padding', rank === 1 && kind === 'conv' ? ['valid', 'same', 'causal'] : ['valid', 'same']) as Padding;
  return { format, batch, channels, spatial, kernel, strides, dilation, padding };
}

function knownChannels(ctx: IBuildContext, c: bigint | null): bigint {
  if (c === null) throw new AnalysisError(trans.__('%1 needs the channel dimension of its input to be known', ctx.args.className));
  return c;
}

function conv3dTranspose(): string[] {
  const s = signature('transpose', 3);
  const at = s.indexOf('output_padding=None');
  [s[at], s[at + 1]] = [s[at + 1], s[at]];
  return s;
}

function convSpec(kind: ConvKind, rank: number): ILayerSpec {
  const base = { conv: 'Conv', transpose: 'Conv', separable: 'SeparableConv', depthwise: 'DepthwiseConv' }[kind];
  const name = `${base}${rank}D${kind === 'transpose' ? 'Transpose' : ''}`;
  const aliases =
    kind === 'conv'
      ? [`Convolution${rank}D`]
      : kind === 'transpose'
        ? [`Convolution${rank}DTranspose`, `Deconvolution${rank}D`]
        : kind === 'separable'
          ? [`SeparableConvolution${rank}D`]
          : [];
  return {
    name,
    aliases,
    params: params(...signature(kind, rank)),
    // Keras 3's Conv3DTranspose alone takes data_format before output_padding; Keras 2's all take it after.
    ...(kind === 'transpose' && rank === 3 ? { keras2Params: params(...signature(kind, rank)), params: params(...conv3dTranspose()) } : {}),
    weights(ctx) {
      const g = convGeometry(ctx, kind, rank);
      const c = knownChannels(ctx, g.channels);
      const useBias = ctx.args.bool('use_bias');
      const w: IWeight[] = [];
      let biasSize: bigint;
      if (kind === 'conv' || kind === 'transpose') {
        const f = ctx.args.positiveInt('filters');
        if (kind === 'conv') {
          const groups = ctx.args.positiveInt('groups');
          if (c % groups !== 0n || f % groups !== 0n) {
            throw new AnalysisError(trans.__('%1: groups=%2 must divide both the input channels (%3) and filters (%4)', name, groups, c, f));
          }
          w.push(weight('kernel', [...g.kernel, c / groups, f]));
        } else w.push(weight('kernel', [...g.kernel, f, c]));
        biasSize = f;
      } else {
        const dm = ctx.args.positiveInt('depth_multiplier');
        if (kind === 'separable') {
          const f = ctx.args.positiveInt('filters');
          w.push(weight('depthwise_kernel', [...g.kernel, c, dm]), weight('pointwise_kernel', [...Array(rank).fill(1n), c * dm, f]));
          biasSize = f;
        } else {
          w.push(weight('kernel', [...g.kernel, c, dm]));
          biasSize = c * dm;
        }
      }
      if (useBias) w.push(weight('bias', [biasSize]));
      return sameEverywhere(w);
    },
    outputs(ctx) {
      const g = convGeometry(ctx, kind, rank);
      let spatial: Shape;
      if (kind === 'transpose') {
        const op = ctx.args.has('output_padding') ? ctx.args.intTuple('output_padding', rank, { allowZero: true }) : null;
        spatial = g.spatial.map((len, i) => transposeOutput(len, g.kernel[i], g.strides[i], g.padding, op ? op[i] : null, g.dilation[i]));
      } else {
        spatial = g.spatial.map((len, i) => windowOutput(len, g.kernel[i], g.strides[i], g.padding, g.dilation[i]));
      }
      const out =
        kind === 'depthwise' ? (g.channels === null ? null : g.channels * ctx.args.positiveInt('depth_multiplier')) : ctx.args.positiveInt('filters');
      return single(joinChannels(g.batch, spatial, out, g.format));
    }
  };
}

function poolSpec(op: 'Max' | 'Average', rank: number): ILayerSpec {
  const short = op === 'Max' ? 'Max' : 'Avg';
  return {
    name: `${op}Pooling${rank}D`,
    aliases: [`${short}Pool${rank}D`],
    params: params(`pool_size=${tuple(rank, 2)}`, 'strides=None', 'padding="valid"', 'data_format=None'),
    outputs(ctx) {
      const a = ctx.args;
      const format = dataFormat(a);
      const { batch, channels, spatial } = splitChannels(input0(ctx), format, rank, a.className);
      const pool = a.intTuple('pool_size', rank);
      const strides = a.has('strides') ? a.intTuple('strides', rank) : pool;
      // Keras 3's pooling layers take padding as written (compute_pooling_output_shape raises ValueError for
      // "SAME"); its convolutions, and tf.keras 2's pooling (normalize_padding), lowercase it.
      const padding = a.str('padding', ['valid', 'same'], a.kerasVersion === 3) as Padding;
      return single(
        joinChannels(
          batch,
          spatial.map((len, i) => windowOutput(len, pool[i], strides[i], padding)),
          channels,
          format
        )
      );
    }
  };
}

function globalPoolSpec(op: 'Max' | 'Average', rank: number): ILayerSpec {
  const short = op === 'Max' ? 'Max' : 'Avg';
  return {
    name: `Global${op}Pooling${rank}D`,
    aliases: [`Global${short}Pool${rank}D`],
    params: params('data_format=None', 'keepdims=False'),
    outputs(ctx) {
      const format = dataFormat(ctx.args);
      const { batch, channels, spatial } = splitChannels(input0(ctx), format, rank, ctx.args.className);
      if (ctx.args.bool('keepdims'))
        return single(
          joinChannels(
            batch,
            spatial.map(() => 1n),
            channels,
            format
          )
        );
      return single([batch, channels]);
    }
  };
}

/** `padding=1`, `(1, 2)` or `((1, 2), (3, 4))` → one (before, after) pair per spatial axis. */
function pairs(ctx: IBuildContext, name: string, rank: number): Array<[bigint, bigint]> {
  const v = ctx.args.raw(name);
  const fail = () => ctx.args.fail(name, trans.__('an integer, a tuple of %1 integers or a tuple of %2 pairs', rank === 1 ? 2 : rank, rank));
  if (v.kind === 'int') {
    if (v.value < 0n) fail();
    return Array(rank).fill([v.value, v.value]);
  }
  if (v.kind !== 'tuple' && v.kind !== 'list') fail();
  const items = (v as { items: import('../config/value').ConfigValue[] }).items;
  const asInt = (x: import('../config/value').ConfigValue) => (x.kind === 'int' && x.value >= 0n ? x.value : fail());
  if (rank === 1 && items.length === 2 && items.every(i => i.kind === 'int')) return [[asInt(items[0]), asInt(items[1])]];
  if (items.length !== rank) fail();
  return items.map(item => {
    if (item.kind === 'int') return [asInt(item), asInt(item)] as [bigint, bigint];
    if ((item.kind === 'tuple' || item.kind === 'list') && item.items.length === 2)
      return [asInt(item.items[0]), asInt(item.items[1])] as [bigint, bigint];
    return fail();
  });
}

function paddingSpec(kind: 'ZeroPadding' | 'Cropping', rank: number): ILayerSpec {
  const arg = kind === 'ZeroPadding' ? 'padding' : 'cropping';
  const def =
    kind === 'ZeroPadding'
      ? tuple(rank, 1)
      : rank === 1
        ? '(1, 1)'
        : `(${Array(rank)
            .fill(kind === 'Cropping' && rank === 2 ? '(0, 0)' : '(1, 1)')
            .join(', ')})`;
  return {
    name: `${kind}${rank}D`,
    params: params(`${arg}=${def}`, 'data_format=None'),
    outputs(ctx) {
      const format = rank === 1 ? 'channels_last' : dataFormat(ctx.args);
      const { batch, channels, spatial } = splitChannels(input0(ctx), format, rank, ctx.args.className);
      const p = pairs(ctx, arg, rank);
      const out = spatial.map((len, i) => {
        if (len === null) return null;
        const n = kind === 'ZeroPadding' ? len + p[i][0] + p[i][1] : len - p[i][0] - p[i][1];
        if (n <= 0n)
          throw new AnalysisError(trans.__('%1: cropping %2+%3 leaves nothing of an axis of length %4', ctx.args.className, p[i][0], p[i][1], len));
        return n;
      });
      return single(joinChannels(batch, out, channels, format));
    }
  };
}

function upSamplingSpec(rank: number): ILayerSpec {
  return {
    name: `UpSampling${rank}D`,
    params: params(`size=${tuple(rank, 2)}`, 'data_format=None', ...(rank === 2 ? ['interpolation="nearest"'] : [])),
    outputs(ctx) {
      const format = rank === 1 ? 'channels_last' : dataFormat(ctx.args);
      const { batch, channels, spatial } = splitChannels(input0(ctx), format, rank, ctx.args.className);
      const size = ctx.args.intTuple('size', rank);
      return single(
        joinChannels(
          batch,
          spatial.map((len, i) => (len === null ? null : len * size[i])),
          channels,
          format
        )
      );
    }
  };
}

const resizing: ILayerSpec = {
  name: 'Resizing',
  params: params(
    'height',
    'width',
    'interpolation="bilinear"',
    'crop_to_aspect_ratio=False',
    'pad_to_aspect_ratio=False',
    'fill_mode="constant"',
    'fill_value=0.0',
    'antialias=False',
    'data_format=None'
  ),
  outputs(ctx) {
    const format = dataFormat(ctx.args);
    const { batch, channels } = splitChannels(input0(ctx), format, 2, 'Resizing');
    return single(joinChannels(batch, [ctx.args.positiveInt('height'), ctx.args.positiveInt('width')], channels, format));
  }
};

const centerCrop: ILayerSpec = { ...resizing, name: 'CenterCrop', params: params('height', 'width', 'data_format=None') };

const ranks = [1, 2, 3];
export const convolutionLayers: ILayerSpec[] = [
  ...ranks.map(r => convSpec('conv', r)),
  ...ranks.map(r => convSpec('transpose', r)),
  convSpec('separable', 1),
  convSpec('separable', 2),
  convSpec('depthwise', 1),
  convSpec('depthwise', 2),
  ...ranks.flatMap(r => [poolSpec('Max', r), poolSpec('Average', r), globalPoolSpec('Max', r), globalPoolSpec('Average', r)]),
  ...ranks.flatMap(r => [paddingSpec('ZeroPadding', r), paddingSpec('Cropping', r), upSamplingSpec(r)]),
  resizing,
  centerCrop
];
