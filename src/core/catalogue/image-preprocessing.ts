/**
 * Keras 3's image preprocessing and augmentation layers (keras.src.layers.preprocessing.image_preprocessing):
 * no weights; all keep their input's shape except RandomCrop, which crops to (height, width).
 */
import { AnalysisError } from '../types';
import { input0, params, single, type ILayerSpec } from './spec';
import { dataFormat, identityLayer } from './common';
import { trans } from '../i18n/current';

const RANGE = 'value_range=(0, 255)';

const randomCrop: ILayerSpec = {
  name: 'RandomCrop',
  params: params('height', 'width', 'seed=None', 'data_format=None', 'name=None'),
  outputs(ctx) {
    const out = [...input0(ctx, 3)];
    // keras.src RandomCrop.compute_output_shape: height and width axes are -3, -2 (channels last) or -2, -1.
    const last = dataFormat(ctx.args) === 'channels_last';
    out[out.length - (last ? 3 : 2)] = ctx.args.positiveInt('height');
    out[out.length - (last ? 2 : 1)] = ctx.args.positiveInt('width');
    return single(out);
  }
};

/** keras.src Equalization.compute_output_spec returns its input tensor itself, so Keras 3.15 cannot build a model through it. */
const equalization: ILayerSpec = {
  name: 'Equalization',
  params: params(RANGE, 'bins=256', 'data_format=None'),
  outputs() {
    throw new AnalysisError(
      trans.__(
        "Keras 3.15's Equalization returns its input tensor itself when called on a symbolic tensor, so a model through it fails to build (Keras: '… is part of a cycle'); apply it in the tf.data pipeline instead"
      )
    );
  }
};

/** The augmentations AugMix and RandAugment build in their constructors (keras.src …/aug_mix.py, rand_augment.py). */
const GEOMETRIC = ['random_shear', 'random_translation', 'random_rotation'];
const COLOR = ['random_brightness', 'random_color_degeneration', 'random_contrast', 'random_sharpness'];
const TONAL = ['solarization', 'random_posterization', 'auto_contrast', 'equalization'];

const augMix: ILayerSpec = {
  ...identityLayer('AugMix', [
    RANGE,
    'num_chains=3',
    'chain_depth=3',
    'factor=0.3',
    'alpha=1.0',
    'all_ops=True',
    "interpolation='bilinear'",
    'seed=None',
    'data_format=None'
  ]),
  constructedSublayers: args => [...GEOMETRIC, ...TONAL, ...(args.bool('all_ops') ? COLOR : [])]
};

const randAugment: ILayerSpec = {
  ...identityLayer('RandAugment', [RANGE, 'num_ops=2', 'factor=0.5', "interpolation='bilinear'", 'seed=None', 'data_format=None']),
  constructedSublayers: () => [...GEOMETRIC, ...COLOR, ...TONAL]
};

/** RandomColorJitter builds one layer per factor given. */
const randomColorJitter: ILayerSpec = {
  ...identityLayer('RandomColorJitter', [
    RANGE,
    'brightness_factor=None',
    'contrast_factor=None',
    'saturation_factor=None',
    'hue_factor=None',
    'seed=None',
    'data_format=None'
  ]),
  constructedSublayers: args => ['brightness', 'contrast', 'saturation', 'hue'].filter(f => args.has(`${f}_factor`)).map(f => `random_${f}`)
};

export const imagePreprocessingLayers: ILayerSpec[] = [
  augMix,
  randAugment,
  randomColorJitter,
  randomCrop,
  equalization,
  identityLayer('AutoContrast', [RANGE]),
  identityLayer('ContrastLimitedAdaptiveHistogramEqualization', [RANGE, 'clip_limit=4.0', 'tile_grid_size=(8, 8)', 'data_format=None']),
  identityLayer('CutMix', ['factor=1.0', 'seed=None', 'data_format=None']),
  identityLayer('MixUp', ['alpha=0.2', 'data_format=None', 'seed=None']),
  identityLayer('RandomBrightness', ['factor', RANGE, 'seed=None']),
  identityLayer('RandomColorDegeneration', ['factor', RANGE, 'data_format=None', 'seed=None']),
  identityLayer('RandomElasticTransform', [
    'factor=1.0',
    'scale=1.0',
    "interpolation='bilinear'",
    "fill_mode='reflect'",
    'fill_value=0.0',
    RANGE,
    'seed=None',
    'data_format=None'
  ]),
  identityLayer('RandomErasing', ['factor=1.0', 'scale=(0.02, 0.33)', 'fill_value=None', RANGE, 'seed=None', 'data_format=None']),
  identityLayer('RandomGaussianBlur', ['factor=1.0', 'kernel_size=3', 'sigma=1.0', RANGE, 'data_format=None', 'seed=None']),
  identityLayer('RandomGrayscale', ['factor=0.5', 'data_format=None', 'seed=None']),
  identityLayer('RandomHue', ['factor', RANGE, 'data_format=None', 'seed=None']),
  identityLayer('RandomInvert', ['factor=1.0', RANGE, 'seed=None', 'data_format=None']),
  identityLayer('RandomPerspective', ['factor=1.0', 'scale=1.0', "interpolation='bilinear'", 'fill_value=0.0', 'seed=None', 'data_format=None']),
  identityLayer('RandomPosterization', ['factor', RANGE, 'data_format=None', 'seed=None']),
  identityLayer('RandomSaturation', ['factor', RANGE, 'data_format=None', 'seed=None']),
  identityLayer('RandomSharpness', ['factor', RANGE, 'data_format=None', 'seed=None']),
  identityLayer('RandomShear', [
    'x_factor=0.0',
    'y_factor=0.0',
    "interpolation='bilinear'",
    "fill_mode='reflect'",
    'fill_value=0.0',
    'data_format=None',
    'seed=None'
  ]),
  identityLayer('Solarization', ['addition_factor=0.0', 'threshold_factor=0.0', RANGE, 'seed=None']),
  // Bounding boxes are not model tensors here: on images it passes them through.
  identityLayer('MaxNumBoundingBoxes', ['max_number', 'fill_value=-1'])
];
