/** MobileNet and MobileNetV2: keras.src.applications.mobilenet and mobilenet_v2. */
import { AnalysisError, type Shape } from '../types';
import type { KTensor } from '../keras/objects';
import { params } from '../catalogue/spec';
import { channels, correctPad, float, type GraphBuilder } from './graph';
import { autoPooling, checkWeights, imageInput, modelInputs, obtainInputShape, validateActivation, type IApplicationSpec } from './common';
import { trans } from '../i18n/current';

/** Python's `f"{alpha:0.2f}"` and `str(rows)`, for the default model names. */
const fixed2 = (alpha: number) => alpha.toFixed(2);
const dim = (d: bigint | null) => (d === null ? 'None' : d.toString());

/** mobilenet_v2._make_divisible. */
export function makeDivisible(v: number, divisor: number, minValue: number = divisor): number {
  let out = Math.max(minValue, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (out < 0.9 * v) out += divisor;
  return out;
}

/** The default size both MobileNets derive from a square input_shape they have weights for. */
function defaultSize(shape: Shape | null, sizes: number[]): number {
  if (!shape) return 224;
  const [rows, cols] = [shape[0], shape[1]];
  return rows !== null && rows === cols && sizes.includes(Number(rows)) ? Number(rows) : 224;
}

// ---------------------------------------------------------------- MobileNet

function convBlock(b: GraphBuilder, x: KTensor, filters: number, alpha: number, strides: number): KTensor {
  x = b.apply(
    'Conv2D',
    { filters: Math.trunc(filters * alpha), kernel_size: [3, 3], padding: 'same', use_bias: false, strides: [strides, strides], name: 'conv1' },
    x
  );
  x = b.apply('BatchNormalization', { axis: -1, name: 'conv1_bn' }, x);
  return b.apply('ReLU', { max_value: float(6.0), name: 'conv1_relu' }, x);
}

function depthwiseBlock(b: GraphBuilder, x: KTensor, filters: number, alpha: number, depthMultiplier: number, strides: number, id: number): KTensor {
  const pointwise = Math.trunc(filters * alpha);
  if (strides !== 1)
    x = b.apply(
      'ZeroPadding2D',
      {
        padding: [
          [0, 1],
          [0, 1]
        ],
        name: `conv_pad_${id}`
      },
      x
    );
  x = b.apply(
    'DepthwiseConv2D',
    {
      kernel_size: [3, 3],
      padding: strides === 1 ? 'same' : 'valid',
      depth_multiplier: depthMultiplier,
      strides: [strides, strides],
      use_bias: false,
      name: `conv_dw_${id}`
    },
    x
  );
  x = b.apply('BatchNormalization', { axis: -1, name: `conv_dw_${id}_bn` }, x);
  x = b.apply('ReLU', { max_value: float(6.0), name: `conv_dw_${id}_relu` }, x);
  x = b.apply('Conv2D', { filters: pointwise, kernel_size: [1, 1], padding: 'same', use_bias: false, strides: [1, 1], name: `conv_pw_${id}` }, x);
  x = b.apply('BatchNormalization', { axis: -1, name: `conv_pw_${id}_bn` }, x);
  return b.apply('ReLU', { max_value: float(6.0), name: `conv_pw_${id}_relu` }, x);
}

const mobileNet: IApplicationSpec = {
  name: 'MobileNet',
  params: params(
    'input_shape=None',
    'alpha=1.0',
    'depth_multiplier=1',
    'dropout=0.001',
    'include_top=True',
    "weights='imagenet'",
    'input_tensor=None',
    'pooling=None',
    'classes=1000',
    "classifier_activation='softmax'",
    'name=None'
  ),
  build(b, args) {
    checkWeights(args);
    const alpha = args.number('alpha');
    const depthMultiplier = args.int('depth_multiplier');
    const requested = args.inputShape();
    const shape = obtainInputShape(args, defaultSize(requested, [128, 160, 192, 224]), 32, args.bool('include_top'), requested);
    let rows = shape[0];
    if (args.weights() === 'imagenet') {
      if (depthMultiplier !== 1)
        throw new AnalysisError(
          trans.__("MobileNet: with weights='imagenet', depth_multiplier must be 1; got %1", depthMultiplier),
          args.at('depth_multiplier')
        );
      if (![0.25, 0.5, 0.75, 1.0].includes(alpha))
        throw new AnalysisError(
          trans.__("MobileNet: with weights='imagenet', alpha must be 0.25, 0.50, 0.75 or 1.0; got %1", alpha),
          args.at('alpha')
        );
      if (rows !== shape[1] || rows === null || ![128, 160, 192, 224].includes(Number(rows))) rows = 224n;
    }
    const img = imageInput(b, args, shape);
    let x = convBlock(b, img, 32, alpha, 2);
    const blocks: Array<[number, number]> = [
      [64, 1],
      [128, 2],
      [128, 1],
      [256, 2],
      [256, 1],
      [512, 2],
      [512, 1],
      [512, 1],
      [512, 1],
      [512, 1],
      [512, 1],
      [1024, 2],
      [1024, 1]
    ];
    blocks.forEach(([filters, strides], i) => (x = depthwiseBlock(b, x, filters, alpha, depthMultiplier, strides, i + 1)));
    if (args.bool('include_top')) {
      const classes = args.int('classes');
      x = b.apply('GlobalAveragePooling2D', { keepdims: true }, x);
      x = b.apply('Dropout', { rate: { value: args.raw('dropout') }, name: 'dropout' }, x);
      x = b.apply('Conv2D', { filters: classes, kernel_size: [1, 1], padding: 'same', name: 'conv_preds' }, x);
      x = b.apply('Reshape', { target_shape: [classes], name: 'reshape_2' }, x);
      validateActivation(args);
      x = b.apply('Activation', { activation: args.activation(), name: 'predictions' }, x);
    } else x = autoPooling(b, args, x);
    const name = args.raw('name').kind === 'str' ? args.str('name') : `mobilenet_${fixed2(alpha)}_${dim(rows)}`;
    return b.model(modelInputs(args, img), [x], name);
  }
};

// ---------------------------------------------------------------- MobileNetV2

function invertedResBlock(b: GraphBuilder, inputs: KTensor, expansion: number, stride: number, alpha: number, filters: number, id: number): KTensor {
  const inChannels = Number(channels(inputs));
  const pointwise = makeDivisible(Math.trunc(filters * alpha), 8);
  let x = inputs;
  let prefix = `block_${id}_`;
  const bn = (name: string, t: KTensor) => b.apply('BatchNormalization', { axis: -1, epsilon: float(1e-3), momentum: float(0.999), name }, t);
  if (id) {
    x = b.apply(
      'Conv2D',
      { filters: expansion * inChannels, kernel_size: 1, padding: 'same', use_bias: false, activation: null, name: `${prefix}expand` },
      x
    );
    x = bn(`${prefix}expand_BN`, x);
    x = b.apply('ReLU', { max_value: float(6.0), name: `${prefix}expand_relu` }, x);
  } else prefix = 'expanded_conv_';
  if (stride === 2) x = b.apply('ZeroPadding2D', { padding: correctPad(x, 3), name: `${prefix}pad` }, x);
  x = b.apply(
    'DepthwiseConv2D',
    { kernel_size: 3, strides: stride, activation: null, use_bias: false, padding: stride === 1 ? 'same' : 'valid', name: `${prefix}depthwise` },
    x
  );
  x = bn(`${prefix}depthwise_BN`, x);
  x = b.apply('ReLU', { max_value: float(6.0), name: `${prefix}depthwise_relu` }, x);
  x = b.apply('Conv2D', { filters: pointwise, kernel_size: 1, padding: 'same', use_bias: false, activation: null, name: `${prefix}project` }, x);
  x = bn(`${prefix}project_BN`, x);
  if (inChannels === pointwise && stride === 1) return b.apply('Add', { name: `${prefix}add` }, [inputs, x]);
  return x;
}

const mobileNetV2: IApplicationSpec = {
  name: 'MobileNetV2',
  params: params(
    'input_shape=None',
    'alpha=1.0',
    'include_top=True',
    "weights='imagenet'",
    'input_tensor=None',
    'pooling=None',
    'classes=1000',
    "classifier_activation='softmax'",
    'name=None'
  ),
  build(b, args) {
    checkWeights(args);
    const alpha = args.number('alpha');
    const requested = args.inputShape();
    const tensor = args.inputTensor();
    const sizes = [96, 128, 160, 192, 224];
    if (requested && tensor && tensor.shape?.[2] !== requested[1]) {
      throw new AnalysisError(trans.__('MobileNetV2: input_tensor.shape[2] must equal input_shape[1]'), args.at('input_shape'));
    }
    let size = defaultSize(requested, sizes);
    if (!requested && tensor) size = defaultSize(tensor.shape ? tensor.shape.slice(1) : null, sizes);
    const shape = obtainInputShape(args, size, 32, args.bool('include_top'), requested);
    let rows = shape[0];
    if (args.weights() === 'imagenet') {
      if (![0.35, 0.5, 0.75, 1.0, 1.3, 1.4].includes(alpha)) {
        throw new AnalysisError(
          trans.__("MobileNetV2: with weights='imagenet', alpha must be 0.35, 0.50, 0.75, 1.0, 1.3 or 1.4; got %1", alpha),
          args.at('alpha')
        );
      }
      if (rows !== shape[1] || rows === null || !sizes.includes(Number(rows))) rows = 224n;
    }
    const img = imageInput(b, args, shape);
    const bn = (name: string, t: KTensor) => b.apply('BatchNormalization', { axis: -1, epsilon: float(1e-3), momentum: float(0.999), name }, t);
    let x = b.apply(
      'Conv2D',
      { filters: makeDivisible(32 * alpha, 8), kernel_size: 3, strides: [2, 2], padding: 'same', use_bias: false, name: 'Conv1' },
      img
    );
    x = bn('bn_Conv1', x);
    x = b.apply('ReLU', { max_value: float(6.0), name: 'Conv1_relu' }, x);
    const blocks: Array<[number, number, number]> = [
      [16, 1, 1],
      [24, 2, 6],
      [24, 1, 6],
      [32, 2, 6],
      [32, 1, 6],
      [32, 1, 6],
      [64, 2, 6],
      [64, 1, 6],
      [64, 1, 6],
      [64, 1, 6],
      [96, 1, 6],
      [96, 1, 6],
      [96, 1, 6],
      [160, 2, 6],
      [160, 1, 6],
      [160, 1, 6],
      [320, 1, 6]
    ];
    blocks.forEach(([filters, stride, expansion], id) => (x = invertedResBlock(b, x, expansion, stride, alpha, filters, id)));
    const last = alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
    x = b.apply('Conv2D', { filters: last, kernel_size: 1, use_bias: false, name: 'Conv_1' }, x);
    x = bn('Conv_1_bn', x);
    x = b.apply('ReLU', { max_value: float(6.0), name: 'out_relu' }, x);
    if (args.bool('include_top')) {
      x = b.apply('GlobalAveragePooling2D', {}, x);
      validateActivation(args);
      x = b.apply('Dense', { units: args.int('classes'), activation: args.activation(), name: 'predictions' }, x);
    } else x = autoPooling(b, args, x);
    const name = args.raw('name').kind === 'str' ? args.str('name') : `mobilenetv2_${fixed2(alpha)}_${dim(rows)}`;
    return b.model(modelInputs(args, img), [x], name);
  }
};

export const mobilenetApplications: IApplicationSpec[] = [mobileNet, mobileNetV2];
