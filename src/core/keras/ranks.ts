/** What a layer needs of its input's rank, from its class alone: the one rank it accepts, or only the last axis. */
import type { Layer } from './objects';

/** Layers that accept exactly one input rank (batch included). */
export function requiredRank(layer: Layer): number | null {
  const inner = layer.inner.get('layer');
  if (layer.className === 'Bidirectional' && inner) return requiredRank(inner);
  if (layer.className === 'TimeDistributed' && inner) {
    const r = requiredRank(inner);
    return r === null ? null : r + 1;
  }
  if (/^(SimpleRNN|LSTM|GRU|CuDNNLSTM|CuDNNGRU)$/.test(layer.className)) return 3;
  if (layer.className === 'RepeatVector') return 2;
  const conv = /^ConvLSTM([123])D$/.exec(layer.className);
  if (conv) return Number(conv[1]) + 3;
  const spatial =
    /^(Conv|Convolution|SeparableConv|DepthwiseConv|MaxPooling|AveragePooling|GlobalMaxPooling|GlobalAveragePooling|UpSampling|ZeroPadding|Cropping|SpatialDropout|LocallyConnected)([123])D(Transpose)?$/.exec(
      layer.className
    );
  return spatial ? Number(spatial[2]) + 2 : null;
}

/** Layers whose weights need only the last axis of their input and whose output changes only that axis. */
const LAST_AXIS_ONLY = new Set([
  'Dense',
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'Softmax',
  'ThresholdedReLU',
  'Dropout',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'ActivityRegularization',
  'Masking',
  'Identity',
  'Rescaling',
  'UnitNormalization',
  // Image augmentation and resizing: no weights, the channels kept whatever the rank.
  'RandomFlip',
  'RandomRotation',
  'RandomZoom',
  'RandomTranslation',
  'RandomContrast',
  'RandomBrightness',
  'RandomCrop',
  'CenterCrop',
  'Resizing'
]);

export function lastAxisOnly(layer: Layer): boolean {
  if (LAST_AXIS_ONLY.has(layer.className)) return true;
  if (layer.className !== 'BatchNormalization' && layer.className !== 'LayerNormalization') return false;
  const axis = layer.args?.raw('axis');
  const items = axis?.kind === 'list' || axis?.kind === 'tuple' ? axis.items : axis ? [axis] : [];
  return items.length === 1 && items[0].kind === 'int' && items[0].value === -1n;
}
