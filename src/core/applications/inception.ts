/** InceptionV3 and Xception: keras.src.applications.inception_v3 and xception. */
import type { KTensor } from '../keras/objects';
import type { GraphBuilder } from './graph';
import {
  autoPooling,
  checkWeights,
  imageInput,
  modelInputs,
  obtainInputShape,
  standardParams,
  validateActivation,
  type IApplicationSpec,
  type AppArgs
} from './common';

/** inception_v3.conv2d_bn: Conv2D (no bias), BatchNormalization without scale, ReLU; auto-named unless `name`. */
function conv2dBn(
  b: GraphBuilder,
  x: KTensor,
  filters: number,
  rows: number,
  cols: number,
  padding = 'same',
  strides = 1,
  name: string | null = null
): KTensor {
  x = b.apply(
    'Conv2D',
    { filters, kernel_size: [rows, cols], strides: [strides, strides], padding, use_bias: false, name: name && `${name}_conv` },
    x
  );
  x = b.apply('BatchNormalization', { axis: 3, scale: false, name: name && `${name}_bn` }, x);
  return b.apply('Activation', { activation: 'relu', name }, x);
}

function classifier(b: GraphBuilder, args: AppArgs, x: KTensor): KTensor {
  if (args.bool('include_top')) {
    x = b.apply('GlobalAveragePooling2D', { name: 'avg_pool' }, x);
    validateActivation(args);
    return b.apply('Dense', { units: args.int('classes'), activation: args.activation(), name: 'predictions' }, x);
  }
  return autoPooling(b, args, x);
}

const inceptionV3: IApplicationSpec = {
  name: 'InceptionV3',
  params: standardParams('inception_v3'),
  build(b, args) {
    checkWeights(args);
    const shape = obtainInputShape(args, 299, 75, args.bool('include_top'));
    const img = imageInput(b, args, shape);
    const cbn = (t: KTensor, f: number, r: number, c: number, padding = 'same', strides = 1) => conv2dBn(b, t, f, r, c, padding, strides);
    const avgPool = (t: KTensor) => b.apply('AveragePooling2D', { pool_size: [3, 3], strides: [1, 1], padding: 'same' }, t);
    const maxPool = (t: KTensor) => b.apply('MaxPooling2D', { pool_size: [3, 3], strides: [2, 2] }, t);
    const concat = (ts: KTensor[], name: string | null) => b.apply('Concatenate', { axis: 3, name }, ts);
    let x = cbn(img, 32, 3, 3, 'valid', 2);
    x = cbn(x, 32, 3, 3, 'valid');
    x = cbn(x, 64, 3, 3);
    x = maxPool(x);
    x = cbn(x, 80, 1, 1, 'valid');
    x = cbn(x, 192, 3, 3, 'valid');
    x = maxPool(x);
    // mixed 0, 1, 2: 35 x 35 x 256/288
    [32, 64, 64].forEach((poolFilters, i) => {
      const b1 = cbn(x, 64, 1, 1);
      let b5 = cbn(x, 48, 1, 1);
      b5 = cbn(b5, 64, 5, 5);
      let b3 = cbn(x, 64, 1, 1);
      b3 = cbn(b3, 96, 3, 3);
      b3 = cbn(b3, 96, 3, 3);
      const bp = cbn(avgPool(x), poolFilters, 1, 1);
      x = concat([b1, b5, b3, bp], `mixed${i}`);
    });
    // mixed 3: 17 x 17 x 768
    {
      const b3 = cbn(x, 384, 3, 3, 'valid', 2);
      let bd = cbn(x, 64, 1, 1);
      bd = cbn(bd, 96, 3, 3);
      bd = cbn(bd, 96, 3, 3, 'valid', 2);
      const bp = maxPool(x);
      x = concat([b3, bd, bp], 'mixed3');
    }
    // mixed 4, 5, 6, 7
    [128, 160, 160, 192].forEach((f, i) => {
      const b1 = cbn(x, 192, 1, 1);
      let b7 = cbn(x, f, 1, 1);
      b7 = cbn(b7, f, 1, 7);
      b7 = cbn(b7, 192, 7, 1);
      let bd = cbn(x, f, 1, 1);
      bd = cbn(bd, f, 7, 1);
      bd = cbn(bd, f, 1, 7);
      bd = cbn(bd, f, 7, 1);
      bd = cbn(bd, 192, 1, 7);
      const bp = cbn(avgPool(x), 192, 1, 1);
      x = concat([b1, b7, bd, bp], `mixed${4 + i}`);
    });
    // mixed 8: 8 x 8 x 1280
    {
      let b3 = cbn(x, 192, 1, 1);
      b3 = cbn(b3, 320, 3, 3, 'valid', 2);
      let b7 = cbn(x, 192, 1, 1);
      b7 = cbn(b7, 192, 1, 7);
      b7 = cbn(b7, 192, 7, 1);
      b7 = cbn(b7, 192, 3, 3, 'valid', 2);
      const bp = maxPool(x);
      x = concat([b3, b7, bp], 'mixed8');
    }
    // mixed 9, 10: 8 x 8 x 2048
    for (let i = 0; i < 2; i++) {
      const b1 = cbn(x, 320, 1, 1);
      let b3 = cbn(x, 384, 1, 1);
      const b31 = cbn(b3, 384, 1, 3);
      const b32 = cbn(b3, 384, 3, 1);
      b3 = concat([b31, b32], `mixed9_${i}`);
      let bd = cbn(x, 448, 1, 1);
      bd = cbn(bd, 384, 3, 3);
      const bd1 = cbn(bd, 384, 1, 3);
      const bd2 = cbn(bd, 384, 3, 1);
      bd = concat([bd1, bd2], null);
      const bp = cbn(avgPool(x), 192, 1, 1);
      x = concat([b1, b3, bd, bp], `mixed${9 + i}`);
    }
    x = classifier(b, args, x);
    return b.model(modelInputs(args, img), [x], args.str('name'));
  }
};

const xception: IApplicationSpec = {
  name: 'Xception',
  params: standardParams('xception'),
  build(b, args) {
    checkWeights(args);
    const shape = obtainInputShape(args, 299, 71, args.bool('include_top'));
    const img = imageInput(b, args, shape);
    const bn = (t: KTensor, name: string | null = null) => b.apply('BatchNormalization', { axis: -1, name }, t);
    const relu = (t: KTensor, name: string) => b.apply('Activation', { activation: 'relu', name }, t);
    const sep = (t: KTensor, filters: number, name: string) =>
      b.apply('SeparableConv2D', { filters, kernel_size: [3, 3], padding: 'same', use_bias: false, name }, t);
    const shortcut = (t: KTensor, filters: number) =>
      bn(b.apply('Conv2D', { filters, kernel_size: [1, 1], strides: [2, 2], padding: 'same', use_bias: false }, t));
    const pool = (t: KTensor, name: string) => b.apply('MaxPooling2D', { pool_size: [3, 3], strides: [2, 2], padding: 'same', name }, t);
    const add = (ts: KTensor[]) => b.apply('Add', {}, ts);
    let x = b.apply('Conv2D', { filters: 32, kernel_size: [3, 3], strides: [2, 2], use_bias: false, name: 'block1_conv1' }, img);
    x = relu(bn(x, 'block1_conv1_bn'), 'block1_conv1_act');
    x = b.apply('Conv2D', { filters: 64, kernel_size: [3, 3], use_bias: false, name: 'block1_conv2' }, x);
    x = relu(bn(x, 'block1_conv2_bn'), 'block1_conv2_act');
    let residual = shortcut(x, 128);
    x = bn(sep(x, 128, 'block2_sepconv1'), 'block2_sepconv1_bn');
    x = relu(x, 'block2_sepconv2_act');
    x = bn(sep(x, 128, 'block2_sepconv2'), 'block2_sepconv2_bn');
    x = add([pool(x, 'block2_pool'), residual]);
    for (const [block, filters] of [
      [3, 256],
      [4, 728]
    ]) {
      residual = shortcut(x, filters);
      x = relu(x, `block${block}_sepconv1_act`);
      x = bn(sep(x, filters, `block${block}_sepconv1`), `block${block}_sepconv1_bn`);
      x = relu(x, `block${block}_sepconv2_act`);
      x = bn(sep(x, filters, `block${block}_sepconv2`), `block${block}_sepconv2_bn`);
      x = add([pool(x, `block${block}_pool`), residual]);
    }
    for (let i = 0; i < 8; i++) {
      residual = x;
      const p = `block${i + 5}`;
      for (let k = 1; k <= 3; k++) {
        x = relu(x, `${p}_sepconv${k}_act`);
        x = bn(sep(x, 728, `${p}_sepconv${k}`), `${p}_sepconv${k}_bn`);
      }
      x = add([x, residual]);
    }
    residual = shortcut(x, 1024);
    x = relu(x, 'block13_sepconv1_act');
    x = bn(sep(x, 728, 'block13_sepconv1'), 'block13_sepconv1_bn');
    x = relu(x, 'block13_sepconv2_act');
    x = bn(sep(x, 1024, 'block13_sepconv2'), 'block13_sepconv2_bn');
    x = add([pool(x, 'block13_pool'), residual]);
    x = relu(bn(sep(x, 1536, 'block14_sepconv1'), 'block14_sepconv1_bn'), 'block14_sepconv1_act');
    x = relu(bn(sep(x, 2048, 'block14_sepconv2'), 'block14_sepconv2_bn'), 'block14_sepconv2_act');
    x = classifier(b, args, x);
    return b.model(modelInputs(args, img), [x], args.str('name'));
  }
};

export const inceptionApplications: IApplicationSpec[] = [inceptionV3, xception];
