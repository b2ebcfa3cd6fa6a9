/**
 * Keras 3 layers built in their constructor: their `__init__` calls `Layer._build_at_init()` (keras/src/layers:
 * base_pooling.py, base_global_pooling.py, dropout.py and the spatial dropouts derived from it, the activation
 * layers, unit_normalization.py, alpha_dropout.py, gaussian_dropout.py, gaussian_noise.py,
 * activity_regularization.py, identity.py, masking.py) or sets `self.built = True` (reshape.py). They never run
 * `build()`, so Keras records no build shape for them: inside a subclassed model, whose call() is traced on
 * backend tensors (no graph nodes), `summary()` prints their shape as `?`, and their count (0) even unbuilt.
 */
export const BUILT_AT_INIT = new Set([
  'MaxPooling1D',
  'MaxPooling2D',
  'MaxPooling3D',
  'AveragePooling1D',
  'AveragePooling2D',
  'AveragePooling3D',
  'GlobalMaxPooling1D',
  'GlobalMaxPooling2D',
  'GlobalMaxPooling3D',
  'GlobalAveragePooling1D',
  'GlobalAveragePooling2D',
  'GlobalAveragePooling3D',
  'Dropout',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'SpatialDropout3D',
  'AlphaDropout',
  'GaussianDropout',
  'GaussianNoise',
  'ActivityRegularization',
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'Softmax',
  'UnitNormalization',
  'Identity',
  'Masking',
  'Reshape'
]);
