/** The input rank a layer accepts, from its class alone. */
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
