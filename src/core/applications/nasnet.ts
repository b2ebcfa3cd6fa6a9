/** NASNetMobile and NASNetLarge: keras.src.applications.nasnet. */
import { AnalysisError } from '../types';
import type { KTensor } from '../keras/objects';
import { params } from '../catalogue/spec';
import { channels, correctPad, float, type GraphBuilder } from './graph';
import {
  autoPooling,
  checkWeights,
  imageInput,
  modelInputs,
  obtainInputShape,
  validateActivation,
  type IApplicationSpec,
  type AppArgs
} from './common';
import { trans } from '../i18n/current';

const bn = (b: GraphBuilder, x: KTensor, name: string) =>
  b.apply('BatchNormalization', { axis: -1, momentum: float(0.9997), epsilon: float(1e-3), name }, x);
const relu = (b: GraphBuilder, x: KTensor, name: string | null = null) => b.apply('Activation', { activation: 'relu', name }, x);
const add = (b: GraphBuilder, xs: KTensor[], name: string | null = null) => b.apply('Add', { name }, xs);
const concat = (b: GraphBuilder, xs: KTensor[], name: string | null = null) => b.apply('Concatenate', { axis: -1, name }, xs);

function sepBlock(b: GraphBuilder, ip: KTensor, filters: number, kernel: number, strides: number, id: string): KTensor {
  let x = relu(b, ip);
  let pad = 'same';
  if (strides === 2) {
    x = b.apply('ZeroPadding2D', { padding: correctPad(x, kernel), name: `separable_conv_1_pad_${id}` }, x);
    pad = 'valid';
  }
  x = b.apply(
    'SeparableConv2D',
    { filters, kernel_size: [kernel, kernel], strides: [strides, strides], name: `separable_conv_1_${id}`, padding: pad, use_bias: false },
    x
  );
  x = bn(b, x, `separable_conv_1_bn_${id}`);
  x = relu(b, x);
  x = b.apply('SeparableConv2D', { filters, kernel_size: [kernel, kernel], name: `separable_conv_2_${id}`, padding: 'same', use_bias: false }, x);
  return bn(b, x, `separable_conv_2_bn_${id}`);
}

function adjust(b: GraphBuilder, p: KTensor | null, ip: KTensor, filters: number, id: string): KTensor {
  if (p === null) return ip;
  const col = (t: KTensor) => t.shape?.[t.shape.length - 2] ?? null;
  if (col(p) !== col(ip)) {
    p = relu(b, p, `adjust_relu_1_${id}`);
    let p1 = b.apply('AveragePooling2D', { pool_size: [1, 1], strides: [2, 2], padding: 'valid', name: `adjust_avg_pool_1_${id}` }, p);
    p1 = b.apply(
      'Conv2D',
      { filters: Math.floor(filters / 2), kernel_size: [1, 1], padding: 'same', use_bias: false, name: `adjust_conv_1_${id}` },
      p1
    );
    let p2 = b.apply(
      'ZeroPadding2D',
      {
        padding: [
          [0, 1],
          [0, 1]
        ]
      },
      p
    );
    p2 = b.apply(
      'Cropping2D',
      {
        cropping: [
          [1, 0],
          [1, 0]
        ]
      },
      p2
    );
    p2 = b.apply('AveragePooling2D', { pool_size: [1, 1], strides: [2, 2], padding: 'valid', name: `adjust_avg_pool_2_${id}` }, p2);
    p2 = b.apply(
      'Conv2D',
      { filters: Math.floor(filters / 2), kernel_size: [1, 1], padding: 'same', use_bias: false, name: `adjust_conv_2_${id}` },
      p2
    );
    return bn(b, concat(b, [p1, p2]), `adjust_bn_${id}`);
  }
  if (Number(channels(p)) !== filters) {
    p = relu(b, p);
    p = b.apply(
      'Conv2D',
      { filters, kernel_size: [1, 1], strides: [1, 1], padding: 'same', name: `adjust_conv_projection_${id}`, use_bias: false },
      p
    );
    return bn(b, p, `adjust_bn_${id}`);
  }
  return p;
}

function normalCell(b: GraphBuilder, ip: KTensor, pIn: KTensor | null, filters: number, id: string): [KTensor, KTensor] {
  const p = adjust(b, pIn, ip, filters, id);
  let h = relu(b, ip);
  h = b.apply('Conv2D', { filters, kernel_size: [1, 1], strides: [1, 1], padding: 'same', name: `normal_conv_1_${id}`, use_bias: false }, h);
  h = bn(b, h, `normal_bn_1_${id}`);
  const avg = (t: KTensor, name: string) => b.apply('AveragePooling2D', { pool_size: [3, 3], strides: [1, 1], padding: 'same', name }, t);
  const x11 = sepBlock(b, h, filters, 5, 1, `normal_left1_${id}`);
  const x12 = sepBlock(b, p, filters, 3, 1, `normal_right1_${id}`);
  const x1 = add(b, [x11, x12], `normal_add_1_${id}`);
  const x21 = sepBlock(b, p, filters, 5, 1, `normal_left2_${id}`);
  const x22 = sepBlock(b, p, filters, 3, 1, `normal_right2_${id}`);
  const x2 = add(b, [x21, x22], `normal_add_2_${id}`);
  const x3 = add(b, [avg(h, `normal_left3_${id}`), p], `normal_add_3_${id}`);
  const x41 = avg(p, `normal_left4_${id}`);
  const x42 = avg(p, `normal_right4_${id}`);
  const x4 = add(b, [x41, x42], `normal_add_4_${id}`);
  const x5 = add(b, [sepBlock(b, h, filters, 3, 1, `normal_left5_${id}`), h], `normal_add_5_${id}`);
  return [concat(b, [p, x1, x2, x3, x4, x5], `normal_concat_${id}`), ip];
}

function reductionCell(b: GraphBuilder, ip: KTensor, pIn: KTensor | null, filters: number, id: string): [KTensor, KTensor] {
  const p = adjust(b, pIn, ip, filters, id);
  let h = relu(b, ip);
  h = b.apply('Conv2D', { filters, kernel_size: [1, 1], strides: [1, 1], padding: 'same', name: `reduction_conv_1_${id}`, use_bias: false }, h);
  h = bn(b, h, `reduction_bn_1_${id}`);
  const h3 = b.apply('ZeroPadding2D', { padding: correctPad(h, 3), name: `reduction_pad_1_${id}` }, h);
  const pool = (cls: string, t: KTensor, strides: number, padding: string, name: string) =>
    b.apply(cls, { pool_size: [3, 3], strides: [strides, strides], padding, name }, t);
  const x11 = sepBlock(b, h, filters, 5, 2, `reduction_left1_${id}`);
  const x12 = sepBlock(b, p, filters, 7, 2, `reduction_right1_${id}`);
  const x1 = add(b, [x11, x12], `reduction_add_1_${id}`);
  const x21 = pool('MaxPooling2D', h3, 2, 'valid', `reduction_left2_${id}`);
  const x22 = sepBlock(b, p, filters, 7, 2, `reduction_right2_${id}`);
  const x2 = add(b, [x21, x22], `reduction_add_2_${id}`);
  const x31 = pool('AveragePooling2D', h3, 2, 'valid', `reduction_left3_${id}`);
  const x32 = sepBlock(b, p, filters, 5, 2, `reduction_right3_${id}`);
  const x3 = add(b, [x31, x32], `reduction_add3_${id}`);
  const x4 = add(b, [x2, pool('AveragePooling2D', x1, 1, 'same', `reduction_left4_${id}`)]);
  const x51 = sepBlock(b, x1, filters, 3, 1, `reduction_left4_${id}`);
  const x52 = pool('MaxPooling2D', h3, 2, 'valid', `reduction_right5_${id}`);
  const x5 = add(b, [x51, x52], `reduction_add4_${id}`);
  return [concat(b, [x2, x3, x4, x5], `reduction_concat_${id}`), ip];
}

interface IConfig {
  penultimate: number;
  blocks: number;
  stem: number;
  skipReduction: boolean;
  multiplier: number;
  defaultSize: number;
}

function nasnet(b: GraphBuilder, args: AppArgs, c: IConfig, mobile: boolean): ReturnType<IApplicationSpec['build']> {
  checkWeights(args);
  let requested = args.inputShape();
  if (mobile && !args.bool('include_top') && !requested) requested = [224n, 224n, 3n];
  if (args.raw('input_shape').kind === 'tuple' && requested?.includes(null) && args.weights() === 'imagenet') {
    throw new AnalysisError(trans.__("%1: with weights='imagenet', input_shape must be static (no None entries)", args.fn), args.at('input_shape'));
  }
  const shape = obtainInputShape(args, c.defaultSize, 32, args.bool('include_top'), requested);
  const img = imageInput(b, args, shape);
  if (c.penultimate % (24 * c.multiplier ** 2) !== 0)
    throw new AnalysisError(trans.__('%1: penultimate_filters must be a multiple of 24 * filter_multiplier ** 2', args.fn));
  const filters = Math.floor(c.penultimate / 24);
  let x = b.apply('Conv2D', { filters: c.stem, kernel_size: [3, 3], strides: [2, 2], padding: 'valid', use_bias: false, name: 'stem_conv1' }, img);
  x = bn(b, x, 'stem_bn1');
  let p: KTensor | null = null;
  let p0: KTensor;
  [x, p] = reductionCell(b, x, p, Math.floor(filters / c.multiplier ** 2), 'stem_1');
  [x, p] = reductionCell(b, x, p, Math.floor(filters / c.multiplier), 'stem_2');
  for (let i = 0; i < c.blocks; i++) [x, p] = normalCell(b, x, p, filters, `${i}`);
  [x, p0] = reductionCell(b, x, p, filters * c.multiplier, `reduce_${c.blocks}`);
  p = c.skipReduction ? p : p0;
  for (let i = 0; i < c.blocks; i++) [x, p] = normalCell(b, x, p, filters * c.multiplier, `${c.blocks + i + 1}`);
  [x, p0] = reductionCell(b, x, p, filters * c.multiplier ** 2, `reduce_${2 * c.blocks}`);
  p = c.skipReduction ? p : p0;
  for (let i = 0; i < c.blocks; i++) [x, p] = normalCell(b, x, p, filters * c.multiplier ** 2, `${2 * c.blocks + i + 1}`);
  x = relu(b, x);
  if (args.bool('include_top')) {
    x = b.apply('GlobalAveragePooling2D', {}, x);
    validateActivation(args);
    x = b.apply('Dense', { units: args.int('classes'), activation: args.activation(), name: 'predictions' }, x);
  } else x = autoPooling(b, args, x);
  // tf.keras 2's NASNet has no `name` argument: its models are all named NASNet.
  return b.model(modelInputs(args, img), [x], b.version === 2 ? 'NASNet' : args.str('name'));
}

const signature = (name: string) =>
  params(
    'input_shape=None',
    'include_top=True',
    "weights='imagenet'",
    'input_tensor=None',
    'pooling=None',
    'classes=1000',
    "classifier_activation='softmax'",
    `name='${name}'`
  );

export const nasnetApplications: IApplicationSpec[] = [
  {
    name: 'NASNetMobile',
    params: signature('nasnet_mobile'),
    build: (b, args) => nasnet(b, args, { penultimate: 1056, blocks: 4, stem: 32, skipReduction: false, multiplier: 2, defaultSize: 224 }, true)
  },
  {
    name: 'NASNetLarge',
    params: signature('nasnet_large'),
    build: (b, args) => nasnet(b, args, { penultimate: 4032, blocks: 6, stem: 96, skipReduction: true, multiplier: 2, defaultSize: 331 }, false)
  }
];
