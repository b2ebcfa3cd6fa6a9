/** ConvNeXtTiny, Small, Base, Large and XLarge: keras.src.applications.convnext. */
import type { KTensor } from '../keras/objects';
import { params } from '../catalogue/spec';
import { float, type GraphBuilder } from './graph';
import { checkWeights, obtainInputShape, sourceInputs, validateActivation, type IApplicationSpec, type AppArgs } from './common';
import { layerScaleSpec, normalizationSpec } from './layers';

const CONFIGS: Record<string, { depths: number[]; dims: number[] }> = {
  Tiny: { depths: [3, 3, 9, 3], dims: [96, 192, 384, 768] },
  Small: { depths: [3, 3, 27, 3], dims: [96, 192, 384, 768] },
  Base: { depths: [3, 3, 27, 3], dims: [128, 256, 512, 1024] },
  Large: { depths: [3, 3, 27, 3], dims: [192, 384, 768, 1536] },
  XLarge: { depths: [3, 3, 27, 3], dims: [256, 512, 1024, 2048] }
};

const EPS = float(1e-6);

/** ConvNeXtBlock with drop_path_rate=0 (what every exported ConvNeXt uses): the residual goes through Activation('linear'). */
function block(b: GraphBuilder, inputs: KTensor, dim: number, name: string): KTensor {
  let x = b.apply('Conv2D', { filters: dim, kernel_size: 7, padding: 'same', groups: dim, name: `${name}_depthwise_conv` }, inputs);
  x = b.apply('LayerNormalization', { epsilon: EPS, name: `${name}_layernorm` }, x);
  x = b.apply('Dense', { units: 4 * dim, name: `${name}_pointwise_conv_1` }, x);
  x = b.apply('Activation', { activation: 'gelu', name: `${name}_gelu` }, x);
  x = b.apply('Dense', { units: dim, name: `${name}_pointwise_conv_2` }, x);
  x = b.call(b.custom(layerScaleSpec, { init_values: float(1e-6), projection_dim: dim, name: `${name}_layer_scale` }), x);
  x = b.apply('Activation', { activation: 'linear', name: `${name}_identity` }, x);
  return b.op({ keras3: 'add', tf: 'tf.__operators__.add' }, [inputs, x]);
}

function convnext(b: GraphBuilder, args: AppArgs, { depths, dims }: { depths: number[]; dims: number[] }): ReturnType<IApplicationSpec['build']> {
  checkWeights(args);
  const name = args.str('name');
  const shape = obtainInputShape(args, 224, 32, args.bool('include_top'));
  const tensor = args.inputTensor();
  const img = tensor ?? b.input(shape);
  const inputs = tensor ? sourceInputs(tensor).slice(0, 1) : [img];
  let x = img;
  if (args.bool('include_preprocessing') && shape[2] === 3n) {
    const mean = [0.485, 0.456, 0.406].map(m => float(m * 255));
    const variance = [0.229, 0.224, 0.225].map(s => float((s * 255) ** 2));
    x = b.call(b.custom(normalizationSpec, { axis: -1, mean, variance, name: `${name}_prestem_normalization` }), x);
  }
  const stages = [
    b.sequential(
      [
        b.layer('Conv2D', { filters: dims[0], kernel_size: 4, strides: 4, name: `${name}_stem_conv` }),
        b.layer('LayerNormalization', { epsilon: EPS, name: `${name}_stem_layernorm` })
      ],
      `${name}_stem`
    )
  ];
  for (let i = 0; i < 3; i++) {
    stages.push(
      b.sequential(
        [
          b.layer('LayerNormalization', { epsilon: EPS, name: `${name}_downsampling_layernorm_${i}` }),
          b.layer('Conv2D', { filters: dims[i + 1], kernel_size: 2, strides: 2, name: `${name}_downsampling_conv_${i}` })
        ],
        `${name}_downsampling_block_${i}`
      )
    );
  }
  for (let i = 0; i < 4; i++) {
    x = b.call(stages[i], x);
    for (let j = 0; j < depths[i]; j++) x = block(b, x, dims[i], `${name}_stage_${i}_block_${j}`);
  }
  if (args.bool('include_top')) {
    validateActivation(args);
    x = b.apply('GlobalAveragePooling2D', { name: `${name}_head_gap` }, x);
    x = b.apply('LayerNormalization', { epsilon: EPS, name: `${name}_head_layernorm` }, x);
    x = b.apply('Dense', { units: args.int('classes'), activation: args.activation(), name: `${name}_head_dense` }, x);
  } else {
    const p = args.raw('pooling');
    if (p.kind === 'str' && p.value === 'avg') x = b.apply('GlobalAveragePooling2D', {}, x);
    else if (p.kind === 'str' && p.value === 'max') x = b.apply('GlobalMaxPooling2D', {}, x);
    x = b.apply('LayerNormalization', { epsilon: EPS }, x);
  }
  return b.model(inputs, [x], name);
}

export const convnextApplications: IApplicationSpec[] = Object.entries(CONFIGS).map(([size, config]) => ({
  name: `ConvNeXt${size}`,
  params: params(
    'include_top=True',
    'include_preprocessing=True',
    "weights='imagenet'",
    'input_tensor=None',
    'input_shape=None',
    'pooling=None',
    'classes=1000',
    "classifier_activation='softmax'",
    `name='convnext_${size.toLowerCase()}'`
  ),
  build: (b, args) => convnext(b, args, config)
}));
