/** Prints, as JSON, what the engine's catalogue covers: for scripts/oracle/layer_namespace.py (run with vite-node). */
import { catalogueNames, lookupLayer } from '../../src/core/catalogue/registry';
import { KERNEL_ONLY_LAYERS, NOT_LAYERS } from '../../src/core/catalogue/kernel-only';

const layers = Object.fromEntries(catalogueNames().map(n => [n, { library: lookupLayer(n)!.library ?? 'keras', params: lookupLayer(n)!.params.map(p => p.name) }]));
console.log(JSON.stringify({ layers, kernelOnly: Object.keys(KERNEL_ONLY_LAYERS), notLayers: Object.keys(NOT_LAYERS) }));
