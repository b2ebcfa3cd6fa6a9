/** MobileNetV3Small and MobileNetV3Large: keras.src.applications.mobilenet_v3. */
import { AnalysisError, type Shape } from '../types';
import type { KTensor } from '../keras/objects';
import { params } from '../catalogue/spec';
import { channels, correctPad, float, type GraphBuilder } from './graph';
import { checkWeights, modelInputs, validateActivation, type IApplicationSpec, type AppArgs } from './common';
import { makeDivisible } from './mobilenet';
import { trans } from '../i18n/current';

const depthOf = (v: number) => makeDivisible(v, 8);

type Act = (b: GraphBuilder, x: KTensor) => KTensor;

/** Keras 3 names `conv_bn`, `expanded_conv_1_expand_bn`; tf.keras 2 `Conv/BatchNorm`, `expanded_conv_1/expand/BatchNorm`. */
const NAMES = {
  3: {
    conv: 'conv',
    convBn: 'conv_bn',
    conv1: 'conv_1',
    conv1Bn: 'conv_1_bn',
    conv2: 'conv_2',
    logits: 'logits',
    predictions: 'predictions',
    sep: '_',
    bn: '_bn',
    pad: 'depthwise_pad',
    add: 'add',
    se: ['squeeze_excite_avg_pool', 'squeeze_excite_conv', 'squeeze_excite_relu', 'squeeze_excite_conv_1', 'squeeze_excite_mul']
  },
  2: {
    conv: 'Conv',
    convBn: 'Conv/BatchNorm',
    conv1: 'Conv_1',
    conv1Bn: 'Conv_1/BatchNorm',
    conv2: 'Conv_2',
    logits: 'Logits',
    predictions: 'Predictions',
    sep: '/',
    bn: '/BatchNorm',
    pad: 'depthwise/pad',
    add: 'Add',
    se: ['squeeze_excite/AvgPool', 'squeeze_excite/Conv', 'squeeze_excite/Relu', 'squeeze_excite/Conv_1', 'squeeze_excite/Mul']
  }
} as const;

const relu: Act = (b, x) => b.apply('ReLU', {}, x);
/** Keras 3: Activation('hard_swish'); tf.keras 2: `layers.Multiply()([x, hard_sigmoid(x)])` (the Multiply is made first). */
const hardSwish: Act = (b, x) => {
  if (b.version === 3) return b.apply('Activation', { activation: 'hard_swish' }, x);
  const multiply = b.layer('Multiply');
  return b.call(multiply, [x, hardSigmoid(b, x)]);
};
/** `layers.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)`: two tensor operators around the ReLU. */
function hardSigmoid(b: GraphBuilder, x: KTensor): KTensor {
  x = b.op({ keras3: 'add', tf: 'tf.__operators__.add' }, x);
  x = b.apply('ReLU', { max_value: float(6.0) }, x);
  return b.op({ keras3: 'multiply', tf: 'tf.math.multiply' }, x);
}

const bn = (b: GraphBuilder, x: KTensor, name: string) =>
  b.apply('BatchNormalization', { axis: -1, epsilon: float(1e-3), momentum: float(0.999), name }, x);

function seBlock(b: GraphBuilder, inputs: KTensor, filters: number, seRatio: number, prefix: string): KTensor {
  const [pool, conv, relu, conv1, mul] = NAMES[b.version].se;
  let x = b.apply('GlobalAveragePooling2D', { keepdims: true, name: `${prefix}${pool}` }, inputs);
  x = b.apply('Conv2D', { filters: depthOf(filters * seRatio), kernel_size: 1, padding: 'same', name: `${prefix}${conv}` }, x);
  x = b.apply('ReLU', { name: `${prefix}${relu}` }, x);
  x = b.apply('Conv2D', { filters, kernel_size: 1, padding: 'same', name: `${prefix}${conv1}` }, x);
  x = hardSigmoid(b, x);
  return b.apply('Multiply', { name: `${prefix}${mul}` }, [inputs, x]);
}

function invertedResBlock(
  b: GraphBuilder,
  x: KTensor,
  expansion: number,
  filters: number,
  kernel: number,
  stride: number,
  seRatio: number | null,
  act: Act,
  id: number
): KTensor {
  const n = NAMES[b.version];
  const shortcut = x;
  let prefix = `expanded_conv${n.sep}`;
  const inFilters = Number(channels(x));
  if (id) {
    prefix = `expanded_conv_${id}${n.sep}`;
    x = b.apply('Conv2D', { filters: depthOf(inFilters * expansion), kernel_size: 1, padding: 'same', use_bias: false, name: `${prefix}expand` }, x);
    x = act(b, bn(b, x, `${prefix}expand${n.bn}`));
  }
  if (stride === 2) x = b.apply('ZeroPadding2D', { padding: correctPad(x, kernel), name: `${prefix}${n.pad}` }, x);
  x = b.apply(
    'DepthwiseConv2D',
    { kernel_size: kernel, strides: stride, padding: stride === 1 ? 'same' : 'valid', use_bias: false, name: `${prefix}depthwise` },
    x
  );
  x = act(b, bn(b, x, `${prefix}depthwise${n.bn}`));
  if (seRatio) x = seBlock(b, x, depthOf(inFilters * expansion), seRatio, prefix);
  x = b.apply('Conv2D', { filters, kernel_size: 1, padding: 'same', use_bias: false, name: `${prefix}project` }, x);
  x = bn(b, x, `${prefix}project${n.bn}`);
  if (stride === 1 && inFilters === filters) x = b.apply('Add', { name: `${prefix}${n.add}` }, [shortcut, x]);
  return x;
}

/** One block of a stack: expansion, filters (before alpha), kernel ('k' = the model's), stride, SE, activation ('a' = the model's). */
type Row = [number, number, number | 'k', number, boolean, 'relu' | 'a'];

const SMALL: Row[] = [
  [1, 16, 3, 2, true, 'relu'],
  [72 / 16, 24, 3, 2, false, 'relu'],
  [88 / 24, 24, 3, 1, false, 'relu'],
  [4, 40, 'k', 2, true, 'a'],
  [6, 40, 'k', 1, true, 'a'],
  [6, 40, 'k', 1, true, 'a'],
  [3, 48, 'k', 1, true, 'a'],
  [3, 48, 'k', 1, true, 'a'],
  [6, 96, 'k', 2, true, 'a'],
  [6, 96, 'k', 1, true, 'a'],
  [6, 96, 'k', 1, true, 'a']
];

const LARGE: Row[] = [
  [1, 16, 3, 1, false, 'relu'],
  [4, 24, 3, 2, false, 'relu'],
  [3, 24, 3, 1, false, 'relu'],
  [3, 40, 'k', 2, true, 'relu'],
  [3, 40, 'k', 1, true, 'relu'],
  [3, 40, 'k', 1, true, 'relu'],
  [6, 80, 3, 2, false, 'a'],
  [2.5, 80, 3, 1, false, 'a'],
  [2.3, 80, 3, 1, false, 'a'],
  [2.3, 80, 3, 1, false, 'a'],
  [6, 112, 3, 1, true, 'a'],
  [6, 112, 3, 1, true, 'a'],
  [6, 160, 'k', 2, true, 'a'],
  [6, 160, 'k', 1, true, 'a'],
  [6, 160, 'k', 1, true, 'a']
];

function mobileNetV3(b: GraphBuilder, args: AppArgs, stack: Row[], lastPoint: number, modelType: string): ReturnType<IApplicationSpec['build']> {
  checkWeights(args);
  const alpha = args.number('alpha');
  const minimalistic = args.bool('minimalistic');
  const tensor = args.inputTensor();
  let shape: Shape | null = args.inputShape();
  if (shape && tensor && tensor.shape?.[2] !== shape[1])
    throw new AnalysisError(trans.__('%1: input_shape[1] must equal input_tensor.shape[2]', args.fn), args.at('input_shape'));
  if (!shape && tensor) shape = [tensor.shape?.[2] ?? null, tensor.shape?.[1] ?? null, 3n];
  if (!shape) shape = [null, null, 3n];
  const [rows, cols] = shape;
  if (rows && cols && (rows < 32n || cols < 32n))
    throw new AnalysisError(
      trans.__('%1: input size must be at least 32x32; got input_shape=(%2)', args.fn, shape.map(d => d ?? 'None').join(', ')),
      args.at('input_shape')
    );
  if (args.weights() === 'imagenet' && ((!minimalistic && ![0.75, 1.0].includes(alpha)) || (minimalistic && alpha !== 1.0))) {
    throw new AnalysisError(
      trans.__("%1: with weights='imagenet', alpha must be 0.75 or 1.0 (1.0 when minimalistic); got %2", args.fn, alpha),
      args.at('alpha')
    );
  }
  const img = tensor ?? b.input(shape);
  const kernel = minimalistic ? 3 : 5;
  const activation: Act = minimalistic ? relu : hardSwish;
  const seRatio = minimalistic ? null : 0.25;
  let x = img;
  if (args.bool('include_preprocessing')) x = b.apply('Rescaling', { scale: float(1.0 / 127.5), offset: float(-1.0) }, x);
  const n = NAMES[b.version];
  x = b.apply('Conv2D', { filters: 16, kernel_size: 3, strides: [2, 2], padding: 'same', use_bias: false, name: n.conv }, x);
  x = activation(b, bn(b, x, n.convBn));
  stack.forEach(([expansion, filters, k, stride, se, act], id) => {
    x = invertedResBlock(
      b,
      x,
      expansion,
      depthOf(filters * alpha),
      k === 'k' ? kernel : k,
      stride,
      se ? seRatio : null,
      act === 'relu' ? relu : activation,
      id
    );
  });
  const lastConv = depthOf(Number(channels(x)) * 6);
  if (alpha > 1.0) lastPoint = depthOf(lastPoint * alpha);
  x = b.apply('Conv2D', { filters: lastConv, kernel_size: 1, padding: 'same', use_bias: false, name: n.conv1 }, x);
  x = activation(b, bn(b, x, n.conv1Bn));
  if (args.bool('include_top')) {
    x = b.apply('GlobalAveragePooling2D', { keepdims: true }, x);
    x = b.apply('Conv2D', { filters: lastPoint, kernel_size: 1, padding: 'same', use_bias: true, name: n.conv2 }, x);
    x = activation(b, x);
    if (args.number('dropout_rate') > 0) x = b.apply('Dropout', { rate: { value: args.raw('dropout_rate') } }, x);
    x = b.apply('Conv2D', { filters: args.int('classes'), kernel_size: 1, padding: 'same', name: n.logits }, x);
    x = b.apply('Flatten', {}, x);
    validateActivation(args);
    x = b.apply('Activation', { activation: args.activation(), name: n.predictions }, x);
  } else {
    const p = args.raw('pooling');
    if (p.kind === 'str' && p.value === 'avg') x = b.apply('GlobalAveragePooling2D', { name: 'avg_pool' }, x);
    else if (p.kind === 'str' && p.value === 'max') x = b.apply('GlobalMaxPooling2D', { name: 'max_pool' }, x);
  }
  // tf.keras 2 has no `name` argument here: the model is always MobilenetV3small / MobilenetV3large.
  return b.model(modelInputs(args, img), [x], b.version === 2 ? `MobilenetV3${modelType}` : args.str('name'));
}

function v3(name: string, stack: Row[], lastPoint: number, modelType: string): IApplicationSpec {
  return {
    name,
    params: params(
      'input_shape=None',
      'alpha=1.0',
      'minimalistic=False',
      'include_top=True',
      "weights='imagenet'",
      'input_tensor=None',
      'classes=1000',
      'pooling=None',
      'dropout_rate=0.2',
      "classifier_activation='softmax'",
      'include_preprocessing=True',
      `name='${name}'`
    ),
    build: (b, args) => mobileNetV3(b, args, stack, lastPoint, modelType)
  };
}

export const mobilenetV3Applications: IApplicationSpec[] = [
  v3('MobileNetV3Small', SMALL, 1024, 'small'),
  v3('MobileNetV3Large', LARGE, 1280, 'large')
];
