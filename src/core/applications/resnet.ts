/** ResNet50/101/152 and their V2 forms: keras.src.applications.resnet and resnet_v2. */
import type { KTensor } from '../keras/objects';
import { float, type GraphBuilder } from './graph';
import { checkWeights, imageInput, modelInputs, obtainInputShape, standardParams, topOrPooling, type IApplicationSpec, type AppArgs } from './common';

const EPS = float(1.001e-5);

function resnet(b: GraphBuilder, args: AppArgs, stack: (x: KTensor) => KTensor, preact: boolean, useBias: boolean) {
  checkWeights(args);
  const shape = obtainInputShape(args, 224, 32, args.bool('include_top'));
  const img = imageInput(b, args, shape);
  let x = b.apply(
    'ZeroPadding2D',
    {
      padding: [
        [3, 3],
        [3, 3]
      ],
      name: 'conv1_pad'
    },
    img
  );
  x = b.apply('Conv2D', { filters: 64, kernel_size: 7, strides: 2, use_bias: useBias, name: 'conv1_conv' }, x);
  if (!preact) {
    x = b.apply('BatchNormalization', { axis: 3, epsilon: EPS, name: 'conv1_bn' }, x);
    x = b.apply('Activation', { activation: 'relu', name: 'conv1_relu' }, x);
  }
  x = b.apply(
    'ZeroPadding2D',
    {
      padding: [
        [1, 1],
        [1, 1]
      ],
      name: 'pool1_pad'
    },
    x
  );
  x = b.apply('MaxPooling2D', { pool_size: 3, strides: 2, name: 'pool1_pool' }, x);
  x = stack(x);
  if (preact) {
    x = b.apply('BatchNormalization', { axis: 3, epsilon: EPS, name: 'post_bn' }, x);
    x = b.apply('Activation', { activation: 'relu', name: 'post_relu' }, x);
  }
  x = topOrPooling(b, args, x);
  return b.model(modelInputs(args, img), [x], args.str('name'));
}

function blockV1(b: GraphBuilder, x: KTensor, filters: number, stride: number, convShortcut: boolean, name: string): KTensor {
  let shortcut = x;
  if (convShortcut) {
    shortcut = b.apply('Conv2D', { filters: 4 * filters, kernel_size: 1, strides: stride, name: `${name}_0_conv` }, x);
    shortcut = b.apply('BatchNormalization', { axis: 3, epsilon: EPS, name: `${name}_0_bn` }, shortcut);
  }
  x = b.apply('Conv2D', { filters, kernel_size: 1, strides: stride, name: `${name}_1_conv` }, x);
  x = b.apply('BatchNormalization', { axis: 3, epsilon: EPS, name: `${name}_1_bn` }, x);
  x = b.apply('Activation', { activation: 'relu', name: `${name}_1_relu` }, x);
  x = b.apply('Conv2D', { filters, kernel_size: 3, padding: 'SAME', name: `${name}_2_conv` }, x);
  x = b.apply('BatchNormalization', { axis: 3, epsilon: EPS, name: `${name}_2_bn` }, x);
  x = b.apply('Activation', { activation: 'relu', name: `${name}_2_relu` }, x);
  x = b.apply('Conv2D', { filters: 4 * filters, kernel_size: 1, name: `${name}_3_conv` }, x);
  x = b.apply('BatchNormalization', { axis: 3, epsilon: EPS, name: `${name}_3_bn` }, x);
  x = b.apply('Add', { name: `${name}_add` }, [shortcut, x]);
  return b.apply('Activation', { activation: 'relu', name: `${name}_out` }, x);
}

function stackV1(b: GraphBuilder, x: KTensor, filters: number, blocks: number, stride1: number, name: string): KTensor {
  x = blockV1(b, x, filters, stride1, true, `${name}_block1`);
  for (let i = 2; i <= blocks; i++) x = blockV1(b, x, filters, 1, false, `${name}_block${i}`);
  return x;
}

function blockV2(b: GraphBuilder, x: KTensor, filters: number, stride: number, convShortcut: boolean, name: string): KTensor {
  let preact = b.apply('BatchNormalization', { axis: 3, epsilon: EPS, name: `${name}_preact_bn` }, x);
  preact = b.apply('Activation', { activation: 'relu', name: `${name}_preact_relu` }, preact);
  let shortcut: KTensor;
  if (convShortcut) shortcut = b.apply('Conv2D', { filters: 4 * filters, kernel_size: 1, strides: stride, name: `${name}_0_conv` }, preact);
  else shortcut = stride > 1 ? b.apply('MaxPooling2D', { pool_size: 1, strides: stride }, x) : x;
  x = b.apply('Conv2D', { filters, kernel_size: 1, strides: 1, use_bias: false, name: `${name}_1_conv` }, preact);
  x = b.apply('BatchNormalization', { axis: 3, epsilon: EPS, name: `${name}_1_bn` }, x);
  x = b.apply('Activation', { activation: 'relu', name: `${name}_1_relu` }, x);
  x = b.apply(
    'ZeroPadding2D',
    {
      padding: [
        [1, 1],
        [1, 1]
      ],
      name: `${name}_2_pad`
    },
    x
  );
  x = b.apply('Conv2D', { filters, kernel_size: 3, strides: stride, use_bias: false, name: `${name}_2_conv` }, x);
  x = b.apply('BatchNormalization', { axis: 3, epsilon: EPS, name: `${name}_2_bn` }, x);
  x = b.apply('Activation', { activation: 'relu', name: `${name}_2_relu` }, x);
  x = b.apply('Conv2D', { filters: 4 * filters, kernel_size: 1, name: `${name}_3_conv` }, x);
  return b.apply('Add', { name: `${name}_out` }, [shortcut, x]);
}

function stackV2(b: GraphBuilder, x: KTensor, filters: number, blocks: number, stride1: number, name: string): KTensor {
  x = blockV2(b, x, filters, 1, true, `${name}_block1`);
  for (let i = 2; i < blocks; i++) x = blockV2(b, x, filters, 1, false, `${name}_block${i}`);
  return blockV2(b, x, filters, stride1, false, `${name}_block${blocks}`);
}

function v1(name: string, blocks: [number, number, number, number]): IApplicationSpec {
  return {
    name,
    params: standardParams(name.toLowerCase()),
    build: (b, args) =>
      resnet(
        b,
        args,
        x => {
          x = stackV1(b, x, 64, blocks[0], 1, 'conv2');
          x = stackV1(b, x, 128, blocks[1], 2, 'conv3');
          x = stackV1(b, x, 256, blocks[2], 2, 'conv4');
          return stackV1(b, x, 512, blocks[3], 2, 'conv5');
        },
        false,
        true
      )
  };
}

function v2(name: string, blocks: [number, number, number, number]): IApplicationSpec {
  return {
    name,
    params: standardParams(name.toLowerCase()),
    build: (b, args) =>
      resnet(
        b,
        args,
        x => {
          x = stackV2(b, x, 64, blocks[0], 2, 'conv2');
          x = stackV2(b, x, 128, blocks[1], 2, 'conv3');
          x = stackV2(b, x, 256, blocks[2], 2, 'conv4');
          return stackV2(b, x, 512, blocks[3], 1, 'conv5');
        },
        true,
        true
      )
  };
}

export const resnetApplications: IApplicationSpec[] = [
  v1('ResNet50', [3, 4, 6, 3]),
  v1('ResNet101', [3, 4, 23, 3]),
  v1('ResNet152', [3, 8, 36, 3]),
  v2('ResNet50V2', [3, 4, 6, 3]),
  v2('ResNet101V2', [3, 4, 23, 3]),
  v2('ResNet152V2', [3, 8, 36, 3])
];
