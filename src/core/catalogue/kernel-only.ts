import { trans } from '../i18n/current';
import { nullPrototype } from '../null-prototype';

/**
 * Classes of `keras.layers` that no static reading can size: they run foreign code (JAX, Flax, PyTorch,
 * a SavedModel) or are base classes a user subclasses. Using one gives an info diagnostic with the
 * reason, and its row says it needs the running kernel; the rest of the model is still summarized.
 *
 * The reasons are getters: read when an analysis runs, they are in its language.
 */
export const KERNEL_ONLY_LAYERS: Readonly<Record<string, string>> = nullPrototype({
  get FlaxLayer() {
    return trans.__('wraps a Flax module, whose variables only running it can tell');
  },
  get JaxLayer() {
    return trans.__('wraps JAX functions, whose parameters only running them can tell');
  },
  get TorchModuleWrapper() {
    return trans.__('wraps a PyTorch module, whose parameters only running it can tell');
  },
  get TFSMLayer() {
    return trans.__('loads a TensorFlow SavedModel from disk');
  },
  get Layer() {
    return trans.__('is the base class of custom layers: its weights are whatever its subclass builds');
  },
  get Wrapper() {
    return trans.__('is the base class of wrapper layers: its weights are whatever its subclass builds');
  }
});

/** Names `keras.layers` exports that are not layers, and where the reader handles them instead. */
export const NOT_LAYERS: Readonly<Record<string, string>> = nullPrototype({
  get InputLayer() {
    return trans.__('read as the model input (keras.Input)');
  },
  get InputSpec() {
    return trans.__('a description of expected inputs, not a layer');
  }
});

/** keras_hub / keras_nlp namespaces whose classes load pretrained presets or run tokenizers: kernel only. */
export const KERNEL_ONLY_HUB_NAMESPACES: Readonly<Record<string, string>> = nullPrototype({
  get models() {
    return trans.__('is a keras_hub model class, built from a pretrained preset or its own config');
  },
  get tokenizers() {
    return trans.__('is a keras_hub tokenizer, sized by its vocabulary file');
  },
  get layers() {
    return trans.__('is a keras_hub layer the catalogue does not model');
  }
});

/**
 * keras.layers classes new in Keras 3: tf_keras 2.21 has none of them (test/catalogue.test.ts checks
 * this list against test/fixtures/layer-namespace.json, generated from both libraries).
 */
export const KERAS_3_ONLY: ReadonlySet<string> = new Set([
  'AdaptiveAveragePooling1D',
  'AdaptiveAveragePooling2D',
  'AdaptiveAveragePooling3D',
  'AdaptiveMaxPooling1D',
  'AdaptiveMaxPooling2D',
  'AdaptiveMaxPooling3D',
  'AugMix',
  'AutoContrast',
  'ContrastLimitedAdaptiveHistogramEqualization',
  'CutMix',
  'Equalization',
  'FlaxLayer',
  'GroupedQueryAttention',
  'JaxLayer',
  'MaxNumBoundingBoxes',
  'MelSpectrogram',
  'MixUp',
  'Pipeline',
  'RMSNormalization',
  'RandAugment',
  'RandomColorDegeneration',
  'RandomColorJitter',
  'RandomElasticTransform',
  'RandomErasing',
  'RandomGaussianBlur',
  'RandomGrayscale',
  'RandomHue',
  'RandomInvert',
  'RandomPerspective',
  'RandomPosterization',
  'RandomSaturation',
  'RandomSharpness',
  'RandomShear',
  'ReversibleEmbedding',
  'STFTSpectrogram',
  'Solarization',
  'TFSMLayer',
  'TorchModuleWrapper'
]);
