/** InceptionResNetV2: keras.src.applications.inception_resnet_v2. */
import type { KTensor } from '../keras/objects';
import { channels, float, type GraphBuilder, type Py } from './graph';
import {
  autoPooling,
  checkWeights,
  imageInput,
  modelInputs,
  obtainInputShape,
  standardParams,
  validateActivation,
  type IApplicationSpec
} from './common';
import { customScaleSpec } from './layers';

interface IConvBn {
  strides?: number;
  padding?: string;
  activation?: string | null;
  useBias?: boolean;
  name?: string | null;
}

function conv2dBn(
  b: GraphBuilder,
  x: KTensor,
  filters: number,
  kernel: Py,
  { strides = 1, padding = 'same', activation = 'relu', useBias = false, name = null }: IConvBn = {}
): KTensor {
  x = b.apply('Conv2D', { filters, kernel_size: kernel, strides, padding, use_bias: useBias, name }, x);
  if (!useBias) x = b.apply('BatchNormalization', { axis: 3, scale: false, name: name && `${name}_bn` }, x);
  if (activation !== null) x = b.apply('Activation', { activation, name: name && `${name}_ac` }, x);
  return x;
}

function resnetBlock(
  b: GraphBuilder,
  x: KTensor,
  scale: number,
  type: 'block35' | 'block17' | 'block8',
  idx: number,
  activation: string | null = 'relu'
): KTensor {
  const c = (t: KTensor, f: number, k: Py) => conv2dBn(b, t, f, k);
  let branches: KTensor[];
  if (type === 'block35') {
    const b0 = c(x, 32, 1);
    const b1 = c(c(x, 32, 1), 32, 3);
    const b2 = c(c(c(x, 32, 1), 48, 3), 64, 3);
    branches = [b0, b1, b2];
  } else if (type === 'block17') {
    const b0 = c(x, 192, 1);
    const b1 = c(c(c(x, 128, 1), 160, [1, 7]), 192, [7, 1]);
    branches = [b0, b1];
  } else {
    const b0 = c(x, 192, 1);
    const b1 = c(c(c(x, 192, 1), 224, [1, 3]), 256, [3, 1]);
    branches = [b0, b1];
  }
  const name = `${type}_${idx}`;
  const mixed = b.apply('Concatenate', { axis: 3, name: `${name}_mixed` }, branches);
  const up = conv2dBn(b, mixed, Number(channels(x)), 1, { activation: null, useBias: true, name: `${name}_conv` });
  x = b.call(b.custom(customScaleSpec, { scale: float(scale) }), [x, up]);
  if (activation !== null) x = b.apply('Activation', { activation, name: `${name}_ac` }, x);
  return x;
}

const inceptionResNetV2: IApplicationSpec = {
  name: 'InceptionResNetV2',
  params: standardParams('inception_resnet_v2'),
  build(b, args) {
    checkWeights(args);
    const shape = obtainInputShape(args, 299, 75, args.bool('include_top'));
    const img = imageInput(b, args, shape);
    const c = (t: KTensor, f: number, k: Py, o: IConvBn = {}) => conv2dBn(b, t, f, k, o);
    const valid = { strides: 2, padding: 'valid' };
    let x = c(img, 32, 3, valid);
    x = c(x, 32, 3, { padding: 'valid' });
    x = c(x, 64, 3);
    x = b.apply('MaxPooling2D', { pool_size: 3, strides: 2 }, x);
    x = c(x, 80, 1, { padding: 'valid' });
    x = c(x, 192, 3, { padding: 'valid' });
    x = b.apply('MaxPooling2D', { pool_size: 3, strides: 2 }, x);
    {
      const b0 = c(x, 96, 1);
      const b1 = c(c(x, 48, 1), 64, 5);
      const b2 = c(c(c(x, 64, 1), 96, 3), 96, 3);
      const bp = c(b.apply('AveragePooling2D', { pool_size: 3, strides: 1, padding: 'same' }, x), 64, 1);
      x = b.apply('Concatenate', { axis: 3, name: 'mixed_5b' }, [b0, b1, b2, bp]);
    }
    for (let i = 1; i <= 10; i++) x = resnetBlock(b, x, 0.17, 'block35', i);
    {
      const b0 = c(x, 384, 3, valid);
      const b1 = c(c(c(x, 256, 1), 256, 3), 384, 3, valid);
      const bp = b.apply('MaxPooling2D', { pool_size: 3, strides: 2, padding: 'valid' }, x);
      x = b.apply('Concatenate', { axis: 3, name: 'mixed_6a' }, [b0, b1, bp]);
    }
    for (let i = 1; i <= 20; i++) x = resnetBlock(b, x, 0.1, 'block17', i);
    {
      const b0 = c(c(x, 256, 1), 384, 3, valid);
      const b1 = c(c(x, 256, 1), 288, 3, valid);
      const b2 = c(c(c(x, 256, 1), 288, 3), 320, 3, valid);
      const bp = b.apply('MaxPooling2D', { pool_size: 3, strides: 2, padding: 'valid' }, x);
      x = b.apply('Concatenate', { axis: 3, name: 'mixed_7a' }, [b0, b1, b2, bp]);
    }
    for (let i = 1; i <= 9; i++) x = resnetBlock(b, x, 0.2, 'block8', i);
    x = resnetBlock(b, x, 1.0, 'block8', 10, null);
    x = c(x, 1536, 1, { name: 'conv_7b' });
    if (args.bool('include_top')) {
      x = b.apply('GlobalAveragePooling2D', { name: 'avg_pool' }, x);
      validateActivation(args);
      x = b.apply('Dense', { units: args.int('classes'), activation: args.activation(), name: 'predictions' }, x);
    } else x = autoPooling(b, args, x);
    return b.model(modelInputs(args, img), [x], args.str('name'));
  }
};

export const inceptionResNetApplications: IApplicationSpec[] = [inceptionResNetV2];
