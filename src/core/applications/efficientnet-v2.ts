/** EfficientNetV2B0–B3, S, M and L: keras.src.applications.efficientnet_v2. */
import { AnalysisError } from '../types';
import type { KTensor } from '../keras/objects';
import { float, type GraphBuilder } from './graph';
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

/** kernel, repeats, input filters, output filters, expand ratio, SE ratio, strides, fused (FusedMBConv). */
type BlockRow = [number, number, number, number, number, number, number, boolean];

const B: BlockRow[] = [
  [3, 1, 32, 16, 1, 0, 1, true],
  [3, 2, 16, 32, 4, 0, 2, true],
  [3, 2, 32, 48, 4, 0, 2, true],
  [3, 3, 48, 96, 4, 0.25, 2, false],
  [3, 5, 96, 112, 6, 0.25, 1, false],
  [3, 8, 112, 192, 6, 0.25, 2, false]
];

const BLOCKS: Record<string, BlockRow[]> = {
  'efficientnetv2-s': [
    [3, 2, 24, 24, 1, 0, 1, true],
    [3, 4, 24, 48, 4, 0, 2, true],
    [3, 4, 48, 64, 4, 0, 2, true],
    [3, 6, 64, 128, 4, 0.25, 2, false],
    [3, 9, 128, 160, 6, 0.25, 1, false],
    [3, 15, 160, 256, 6, 0.25, 2, false]
  ],
  'efficientnetv2-m': [
    [3, 3, 24, 24, 1, 0, 1, true],
    [3, 5, 24, 48, 4, 0, 2, true],
    [3, 5, 48, 80, 4, 0, 2, true],
    [3, 7, 80, 160, 4, 0.25, 2, false],
    [3, 14, 160, 176, 6, 0.25, 1, false],
    [3, 18, 176, 304, 6, 0.25, 2, false],
    [3, 5, 304, 512, 6, 0.25, 1, false]
  ],
  'efficientnetv2-l': [
    [3, 4, 32, 32, 1, 0, 1, true],
    [3, 7, 32, 64, 4, 0, 2, true],
    [3, 7, 64, 96, 4, 0, 2, true],
    [3, 10, 96, 192, 4, 0.25, 2, false],
    [3, 19, 192, 224, 6, 0.25, 1, false],
    [3, 25, 224, 384, 6, 0.25, 2, false],
    [3, 7, 384, 640, 6, 0.25, 1, false]
  ],
  'efficientnetv2-b0': B,
  'efficientnetv2-b1': B,
  'efficientnetv2-b2': B,
  'efficientnetv2-b3': B
};

interface IBlock {
  kernel: number;
  filtersIn: number;
  filtersOut: number;
  expand: number;
  se: number;
  strides: number;
  fused: boolean;
}

const MOMENTUM = float(0.9);

function se(b: GraphBuilder, x: KTensor, a: IBlock, filters: number, name: string): KTensor {
  const filtersSe = Math.max(1, Math.trunc(a.filtersIn * a.se));
  let s = b.apply('GlobalAveragePooling2D', { name: `${name}se_squeeze` }, x);
  s = b.apply('Reshape', { target_shape: [1, 1, filters], name: `${name}se_reshape` }, s);
  s = b.apply('Conv2D', { filters: filtersSe, kernel_size: 1, padding: 'same', activation: 'swish', name: `${name}se_reduce` }, s);
  s = b.apply('Conv2D', { filters, kernel_size: 1, padding: 'same', activation: 'sigmoid', name: `${name}se_expand` }, s);
  return b.apply('Multiply', { name: `${name}se_excite` }, [x, s]);
}

/** MBConvBlock and FusedMBConvBlock. */
function block(b: GraphBuilder, inputs: KTensor, a: IBlock, survival: number, name: string): KTensor {
  const filters = a.filtersIn * a.expand;
  const bn = (t: KTensor, n: string) => b.apply('BatchNormalization', { axis: 3, momentum: MOMENTUM, name: `${name}${n}` }, t);
  const act = (t: KTensor, n: string) => b.apply('Activation', { activation: 'swish', name: `${name}${n}` }, t);
  let x = inputs;
  if (a.expand !== 1) {
    const kernel = a.fused ? a.kernel : 1;
    const strides = a.fused ? a.strides : 1;
    x = b.apply('Conv2D', { filters, kernel_size: kernel, strides, padding: 'same', use_bias: false, name: `${name}expand_conv` }, x);
    x = act(bn(x, 'expand_bn'), 'expand_activation');
  }
  if (!a.fused) {
    x = b.apply('DepthwiseConv2D', { kernel_size: a.kernel, strides: a.strides, padding: 'same', use_bias: false, name: `${name}dwconv2` }, x);
    x = act(bn(x, 'bn'), 'activation');
  }
  if (a.se > 0 && a.se <= 1) x = se(b, x, a, filters, name);
  const projectKernel = a.fused && a.expand === 1 ? a.kernel : 1;
  const projectStrides = a.fused && a.expand === 1 ? a.strides : 1;
  x = b.apply(
    'Conv2D',
    { filters: a.filtersOut, kernel_size: projectKernel, strides: projectStrides, padding: 'same', use_bias: false, name: `${name}project_conv` },
    x
  );
  x = bn(x, 'project_bn');
  if (a.fused && a.expand === 1) x = act(x, 'project_activation');
  if (a.strides === 1 && a.filtersIn === a.filtersOut) {
    if (survival) x = b.apply('Dropout', { rate: float(survival), noise_shape: [null, 1, 1, 1], name: `${name}drop` }, x);
    x = b.apply('Add', { name: `${name}add` }, [x, inputs]);
  }
  return x;
}

function roundFilters(filters: number, width: number): number {
  filters *= width;
  return Math.trunc(Math.max(8, Math.floor(Math.trunc(filters + 4) / 8) * 8));
}

function efficientNetV2(b: GraphBuilder, args: AppArgs, width: number, depth: number, defaultSize: number): ReturnType<IApplicationSpec['build']> {
  const name = args.str('name');
  const rows = BLOCKS[name];
  // Keras looks the block table up by the model's name: any other name is a KeyError there.
  if (!rows)
    throw new AnalysisError(
      trans.__(
        "%1: name must stay '%2': Keras looks its blocks up by name (KeyError: '%3')",
        args.fn,
        args.fn.replace('EfficientNetV2', 'efficientnetv2-').toLowerCase(),
        name
      ),
      args.at('name')
    );
  checkWeights(args);
  const shape = obtainInputShape(args, defaultSize, 32, args.bool('include_top'));
  const img = imageInput(b, args, shape);
  let x = img;
  if (args.bool('include_preprocessing')) {
    if (name.split('-').pop()!.startsWith('b') && shape[2] === 3n) {
      x = b.apply('Rescaling', { scale: float(1 / 255) }, x);
      const mean = [0.485, 0.456, 0.406].map(float);
      const variance = [0.229 ** 2, 0.224 ** 2, 0.225 ** 2].map(float);
      x = b.call(b.custom(normalizationSpec, { mean, variance, axis: 3 }), x);
    } else x = b.apply('Rescaling', { scale: float(1 / 128), offset: -1 }, x);
  }
  x = b.apply(
    'Conv2D',
    { filters: roundFilters(rows[0][2], width), kernel_size: 3, strides: 2, padding: 'same', use_bias: false, name: 'stem_conv' },
    x
  );
  x = b.apply('BatchNormalization', { axis: 3, momentum: MOMENTUM, name: 'stem_bn' }, x);
  x = b.apply('Activation', { activation: 'swish', name: 'stem_activation' }, x);
  const total = rows.reduce((n, r) => n + r[1], 0);
  let done = 0;
  rows.forEach(([kernel, repeats, filtersIn, filtersOut, expand, seRatio, strides, fused], i) => {
    if (repeats <= 0) throw new AnalysisError(trans.__('EfficientNetV2: the number of repeats must be > 0; got %1', repeats));
    const a: IBlock = {
      kernel,
      filtersIn: roundFilters(filtersIn, width),
      filtersOut: roundFilters(filtersOut, width),
      expand,
      se: seRatio,
      strides,
      fused
    };
    for (let j = 0; j < Math.ceil(depth * repeats); j++) {
      if (j > 0) {
        a.strides = 1;
        a.filtersIn = a.filtersOut;
      }
      x = block(b, x, a, (0.2 * done) / total, `block${i + 1}${String.fromCharCode(j + 97)}_`);
      done++;
    }
  });
  x = b.apply('Conv2D', { filters: roundFilters(1280, width), kernel_size: 1, strides: 1, padding: 'same', use_bias: false, name: 'top_conv' }, x);
  x = b.apply('BatchNormalization', { axis: 3, momentum: MOMENTUM, name: 'top_bn' }, x);
  x = b.apply('Activation', { activation: 'swish', name: 'top_activation' }, x);
  if (args.bool('include_top')) {
    x = b.apply('GlobalAveragePooling2D', { name: 'avg_pool' }, x);
    x = b.apply('Dropout', { rate: float(0.2), name: 'top_dropout' }, x);
    validateActivation(args);
    x = b.apply('Dense', { units: args.int('classes'), activation: args.activation(), name: 'predictions' }, x);
  } else x = pooling(b, args, x);
  return b.model(modelInputs(args, img), [x], name);
}

const VARIANTS: Array<[string, number, number, number]> = [
  ['B0', 1.0, 1.0, 224],
  ['B1', 1.0, 1.1, 240],
  ['B2', 1.1, 1.2, 260],
  ['B3', 1.2, 1.4, 300],
  ['S', 1.0, 1.0, 384],
  ['M', 1.0, 1.0, 480],
  ['L', 1.0, 1.0, 480]
];

export const efficientnetV2Applications: IApplicationSpec[] = VARIANTS.map(([v, width, depth, size]) => ({
  name: `EfficientNetV2${v}`,
  params: standardParams(`efficientnetv2-${v.toLowerCase()}`, 'include_preprocessing=True'),
  build: (b, args) => efficientNetV2(b, args, width, depth, size)
}));
