/** EfficientNetB0–B7: keras.src.applications.efficientnet. */
import { AnalysisError } from '../types';
import type { KTensor } from '../keras/objects';
import { correctPad, float, type GraphBuilder } from './graph';
import {
  checkWeights,
  imageInput,
  modelInputs,
  obtainInputShape,
  pooling,
  standardParams,
  validateActivation,
  type IApplicationSpec,
  type AppArgs
} from './common';
import { normalizationSpec } from './layers';
import { trans } from '../i18n/current';

interface IBlockArgs {
  kernel: number;
  repeats: number;
  filtersIn: number;
  filtersOut: number;
  expand: number;
  idSkip: boolean;
  strides: number;
  se: number;
}

const blockArgs = (kernel: number, repeats: number, filtersIn: number, filtersOut: number, expand: number, strides: number): IBlockArgs => ({
  kernel,
  repeats,
  filtersIn,
  filtersOut,
  expand,
  idSkip: true,
  strides,
  se: 0.25
});

const DEFAULT_BLOCKS: IBlockArgs[] = [
  blockArgs(3, 1, 32, 16, 1, 1),
  blockArgs(3, 2, 16, 24, 6, 2),
  blockArgs(5, 2, 24, 40, 6, 2),
  blockArgs(3, 3, 40, 80, 6, 2),
  blockArgs(5, 3, 80, 112, 6, 1),
  blockArgs(5, 4, 112, 192, 6, 2),
  blockArgs(3, 1, 192, 320, 6, 1)
];

const IMAGENET_STDDEV_RGB = [0.229, 0.224, 0.225];

function block(b: GraphBuilder, inputs: KTensor, activation: string, dropRate: number, name: string, a: IBlockArgs): KTensor {
  const filters = a.filtersIn * a.expand;
  let x = inputs;
  if (a.expand !== 1) {
    x = b.apply('Conv2D', { filters, kernel_size: 1, padding: 'same', use_bias: false, name: `${name}expand_conv` }, x);
    x = b.apply('BatchNormalization', { axis: 3, name: `${name}expand_bn` }, x);
    x = b.apply('Activation', { activation, name: `${name}expand_activation` }, x);
  }
  let pad = 'same';
  if (a.strides === 2) {
    x = b.apply('ZeroPadding2D', { padding: correctPad(x, a.kernel), name: `${name}dwconv_pad` }, x);
    pad = 'valid';
  }
  x = b.apply('DepthwiseConv2D', { kernel_size: a.kernel, strides: a.strides, padding: pad, use_bias: false, name: `${name}dwconv` }, x);
  x = b.apply('BatchNormalization', { axis: 3, name: `${name}bn` }, x);
  x = b.apply('Activation', { activation, name: `${name}activation` }, x);
  if (a.se > 0 && a.se <= 1) {
    const filtersSe = Math.max(1, Math.trunc(a.filtersIn * a.se));
    let se = b.apply('GlobalAveragePooling2D', { name: `${name}se_squeeze` }, x);
    se = b.apply('Reshape', { target_shape: [1, 1, filters], name: `${name}se_reshape` }, se);
    se = b.apply('Conv2D', { filters: filtersSe, kernel_size: 1, padding: 'same', activation, name: `${name}se_reduce` }, se);
    se = b.apply('Conv2D', { filters, kernel_size: 1, padding: 'same', activation: 'sigmoid', name: `${name}se_expand` }, se);
    x = b.apply('Multiply', { name: `${name}se_excite` }, [x, se]);
  }
  x = b.apply('Conv2D', { filters: a.filtersOut, kernel_size: 1, padding: 'same', use_bias: false, name: `${name}project_conv` }, x);
  x = b.apply('BatchNormalization', { axis: 3, name: `${name}project_bn` }, x);
  if (a.idSkip && a.strides === 1 && a.filtersIn === a.filtersOut) {
    if (dropRate > 0) x = b.apply('Dropout', { rate: float(dropRate), noise_shape: [null, 1, 1, 1], name: `${name}drop` }, x);
    x = b.apply('Add', { name: `${name}add` }, [x, inputs]);
  }
  return x;
}

function efficientNet(
  b: GraphBuilder,
  args: AppArgs,
  width: number,
  depth: number,
  defaultSize: number,
  dropoutRate: number
): ReturnType<IApplicationSpec['build']> {
  const dropConnect = 0.2;
  const divisor = 8;
  const activation = 'swish';
  checkWeights(args);
  const shape = obtainInputShape(args, defaultSize, 32, args.bool('include_top'));
  const img = imageInput(b, args, shape);
  const roundFilters = (filters: number) => {
    filters *= width;
    let out = Math.max(divisor, Math.floor(Math.trunc(filters + divisor / 2) / divisor) * divisor);
    if (out < 0.9 * filters) out += divisor;
    return Math.trunc(out);
  };
  const roundRepeats = (repeats: number) => Math.ceil(depth * repeats);
  let x = b.apply('Rescaling', { scale: float(1.0 / 255.0) }, img);
  x = b.call(b.custom(normalizationSpec, { axis: 3 }), x);
  if (args.weights() === 'imagenet') {
    // Keras 3 divides by the ImageNet deviations with a Rescaling layer, tf.keras 2 with tf.math.multiply.
    if (b.version === 2) x = b.op({ keras3: 'multiply', tf: 'tf.math.multiply' }, x);
    else x = b.apply('Rescaling', { scale: IMAGENET_STDDEV_RGB.map(s => float(1.0 / Math.sqrt(s))) }, x);
  }
  x = b.apply('ZeroPadding2D', { padding: correctPad(x, 3), name: 'stem_conv_pad' }, x);
  x = b.apply('Conv2D', { filters: roundFilters(32), kernel_size: 3, strides: 2, padding: 'valid', use_bias: false, name: 'stem_conv' }, x);
  x = b.apply('BatchNormalization', { axis: 3, name: 'stem_bn' }, x);
  x = b.apply('Activation', { activation, name: 'stem_activation' }, x);
  const total = DEFAULT_BLOCKS.reduce((n, a) => n + roundRepeats(a.repeats), 0);
  let done = 0;
  DEFAULT_BLOCKS.forEach((template, i) => {
    if (template.repeats <= 0) throw new AnalysisError(trans.__('EfficientNet: the number of repeats must be > 0; got %1', template.repeats));
    const a = { ...template, filtersIn: roundFilters(template.filtersIn), filtersOut: roundFilters(template.filtersOut) };
    for (let j = 0; j < roundRepeats(template.repeats); j++) {
      if (j > 0) {
        a.strides = 1;
        a.filtersIn = a.filtersOut;
      }
      x = block(b, x, activation, (dropConnect * done) / total, `block${i + 1}${String.fromCharCode(j + 97)}_`, a);
      done++;
    }
  });
  x = b.apply('Conv2D', { filters: roundFilters(1280), kernel_size: 1, padding: 'same', use_bias: false, name: 'top_conv' }, x);
  x = b.apply('BatchNormalization', { axis: 3, name: 'top_bn' }, x);
  x = b.apply('Activation', { activation, name: 'top_activation' }, x);
  if (args.bool('include_top')) {
    x = b.apply('GlobalAveragePooling2D', { name: 'avg_pool' }, x);
    if (dropoutRate > 0) x = b.apply('Dropout', { rate: float(dropoutRate), name: 'top_dropout' }, x);
    validateActivation(args);
    x = b.apply('Dense', { units: args.int('classes'), activation: args.activation(), name: 'predictions' }, x);
  } else x = pooling(b, args, x);
  return b.model(modelInputs(args, img), [x], args.str('name'));
}

const VARIANTS: Array<[string, number, number, number, number]> = [
  ['B0', 1.0, 1.0, 224, 0.2],
  ['B1', 1.0, 1.1, 240, 0.2],
  ['B2', 1.1, 1.2, 260, 0.3],
  ['B3', 1.2, 1.4, 300, 0.3],
  ['B4', 1.4, 1.8, 380, 0.4],
  ['B5', 1.6, 2.2, 456, 0.4],
  ['B6', 1.8, 2.6, 528, 0.5],
  ['B7', 2.0, 3.1, 600, 0.5]
];

export const efficientnetApplications: IApplicationSpec[] = VARIANTS.map(([v, width, depth, size, dropout]) => ({
  name: `EfficientNet${v}`,
  params: standardParams(`efficientnet${v.toLowerCase()}`),
  build: (b, args) => efficientNet(b, args, width, depth, size, dropout)
}));
