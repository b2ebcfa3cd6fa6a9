/** DenseNet121/169/201: keras.src.applications.densenet. */
import type { KTensor } from '../keras/objects';
import { channels, float, type GraphBuilder } from './graph';
import { checkWeights, imageInput, modelInputs, obtainInputShape, topOrPooling, standardParams, type IApplicationSpec } from './common';

const EPS = float(1.001e-5);

function convBlock(b: GraphBuilder, x: KTensor, growth: number, name: string): KTensor {
  let x1 = b.apply('BatchNormalization', { axis: 3, epsilon: EPS, name: `${name}_0_bn` }, x);
  x1 = b.apply('Activation', { activation: 'relu', name: `${name}_0_relu` }, x1);
  x1 = b.apply('Conv2D', { filters: 4 * growth, kernel_size: 1, use_bias: false, name: `${name}_1_conv` }, x1);
  x1 = b.apply('BatchNormalization', { axis: 3, epsilon: EPS, name: `${name}_1_bn` }, x1);
  x1 = b.apply('Activation', { activation: 'relu', name: `${name}_1_relu` }, x1);
  x1 = b.apply('Conv2D', { filters: growth, kernel_size: 3, padding: 'same', use_bias: false, name: `${name}_2_conv` }, x1);
  return b.apply('Concatenate', { axis: 3, name: `${name}_concat` }, [x, x1]);
}

function transition(b: GraphBuilder, x: KTensor, reduction: number, name: string): KTensor {
  x = b.apply('BatchNormalization', { axis: 3, epsilon: EPS, name: `${name}_bn` }, x);
  x = b.apply('Activation', { activation: 'relu', name: `${name}_relu` }, x);
  x = b.apply('Conv2D', { filters: Math.trunc(Number(channels(x)) * reduction), kernel_size: 1, use_bias: false, name: `${name}_conv` }, x);
  return b.apply('AveragePooling2D', { pool_size: 2, strides: 2, name: `${name}_pool` }, x);
}

function densenet(name: string, blocks: number[]): IApplicationSpec {
  return {
    name,
    params: standardParams(name.toLowerCase()),
    build(b, args) {
      checkWeights(args);
      const shape = obtainInputShape(args, 224, 32, args.bool('include_top'));
      const img = imageInput(b, args, shape);
      // tf.keras 2 names the stem `conv1/conv`, `conv1/bn`, `conv1/relu`.
      const stem = b.version === 2 ? 'conv1/' : 'conv1_';
      let x = b.apply(
        'ZeroPadding2D',
        {
          padding: [
            [3, 3],
            [3, 3]
          ]
        },
        img
      );
      x = b.apply('Conv2D', { filters: 64, kernel_size: 7, strides: 2, use_bias: false, name: `${stem}conv` }, x);
      x = b.apply('BatchNormalization', { axis: 3, epsilon: EPS, name: `${stem}bn` }, x);
      x = b.apply('Activation', { activation: 'relu', name: `${stem}relu` }, x);
      x = b.apply(
        'ZeroPadding2D',
        {
          padding: [
            [1, 1],
            [1, 1]
          ]
        },
        x
      );
      x = b.apply('MaxPooling2D', { pool_size: 3, strides: 2, name: 'pool1' }, x);
      blocks.forEach((n, i) => {
        for (let j = 0; j < n; j++) x = convBlock(b, x, 32, `conv${i + 2}_block${j + 1}`);
        if (i < 3) x = transition(b, x, 0.5, `pool${i + 2}`);
      });
      x = b.apply('BatchNormalization', { axis: 3, epsilon: EPS, name: 'bn' }, x);
      x = b.apply('Activation', { activation: 'relu', name: 'relu' }, x);
      x = topOrPooling(b, args, x);
      return b.model(modelInputs(args, img), [x], args.str('name'));
    }
  };
}

export const densenetApplications: IApplicationSpec[] = [
  densenet('DenseNet121', [6, 12, 24, 16]),
  densenet('DenseNet169', [6, 12, 32, 32]),
  densenet('DenseNet201', [6, 12, 48, 32])
];
