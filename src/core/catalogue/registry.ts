/** One registry from Keras class name (and its aliases) to its catalogue entry. */
import type { ILayerSpec } from './spec';
import { coreLayers } from './core';
import { rnnLayers } from './rnn';
import { convolutionLayers } from './convolution';
import { normalizationLayers } from './normalization';
import { reshapingLayers } from './reshaping';
import { mergingLayers } from './merging';
import { attentionLayers } from './attention';
import { wrapperLayers } from './wrappers';
import { preprocessingLayers } from './preprocessing';
import { imagePreprocessingLayers } from './image-preprocessing';
import { moreLayers } from './more-layers';
import { kerasHubLayers } from './keras-hub';

export const ALL_LAYERS: readonly ILayerSpec[] = [
  ...coreLayers,
  ...rnnLayers,
  ...convolutionLayers,
  ...normalizationLayers,
  ...reshapingLayers,
  ...mergingLayers,
  ...attentionLayers,
  ...wrapperLayers,
  ...preprocessingLayers,
  ...imagePreprocessingLayers,
  ...moreLayers,
  ...kerasHubLayers
];

const registry = new Map<string, ILayerSpec>();
for (const spec of ALL_LAYERS) {
  registry.set(spec.name, spec);
  for (const alias of spec.aliases ?? []) registry.set(alias, spec);
}

export function lookupLayer(className: string): ILayerSpec | undefined {
  return registry.get(className);
}

/** Every class name the catalogue knows, aliases included (for docs and tests). */
export function catalogueNames(): string[] {
  return [...registry.keys()].sort();
}
