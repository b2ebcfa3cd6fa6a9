/**
 * The catalogue's signatures against the real ones: scripts/oracle/signatures.py dumps inspect.signature
 * of every Keras 3.15.1 and tf_keras 2.21 layer class into fixtures/signatures.json (`--check` in make test).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_LAYERS } from '../src/core/catalogue/registry';
import { analyzeCells, toJson } from '../src/core/index';

/** `[name, positional, required]` after `self`. */
type RealParam = [string, 0 | 1, 0 | 1];
const real = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'signatures.json'), 'utf8')) as Record<
  'keras3' | 'keras2',
  Record<string, RealParam[]>
>;

/** Base-layer keywords the engine reads as the input shape: a layer argument of the same name must never be read so. */
const INPUT_KWARGS = ['input_dim', 'input_shape', 'batch_input_shape', 'batch_size', 'input_length'];

function entries() {
  const out: Array<{ lib: 'keras3' | 'keras2'; cls: string; spec: string; names: string[]; sig: RealParam[] }> = [];
  for (const spec of ALL_LAYERS) {
    for (const lib of ['keras3', 'keras2'] as const) {
      for (const cls of [spec.name, ...(spec.aliases ?? [])]) {
        const sig = real[lib][cls];
        if (sig)
          out.push({
            lib,
            cls,
            spec: spec.name,
            names: (lib === 'keras2' && spec.keras2Params ? spec.keras2Params : spec.params).map(p => p.name),
            sig
          });
      }
    }
  }
  return out;
}

describe('catalogue signatures match the real Keras classes', () => {
  it('covers the catalogue', () => {
    // keras_hub layers are checked against keras_hub itself (test/catalogue.test.ts); an entry is covered under its name or an alias.
    const covered = new Set(entries().map(e => e.spec));
    expect(ALL_LAYERS.filter(s => !s.library && !covered.has(s.name)).map(s => s.name)).toEqual([]);
  });

  it('binds every positional argument as Keras does (Keras 2 signatures where they differ)', () => {
    const problems: string[] = [];
    for (const { lib, cls, names, sig } of entries()) {
      sig
        .filter(p => p[1])
        .forEach(([name], i) => {
          if (i < names.length && names[i] !== name)
            problems.push(`${lib} ${cls}: positional argument ${i} is '${name}' in Keras, '${names[i]}' in the catalogue`);
        });
    }
    expect(problems).toEqual([]);
  });

  it('knows every required argument', () => {
    const problems = entries().flatMap(({ lib, cls, names, sig }) =>
      sig.filter(p => p[2] && !names.includes(p[0])).map(p => `${lib} ${cls}: required '${p[0]}' missing`)
    );
    expect(problems).toEqual([]);
  });

  it('never reads a layer argument named like a base-layer input keyword as the input shape', () => {
    const problems: string[] = [];
    for (const { lib, cls, names, sig } of entries()) {
      for (const [name] of sig) {
        // Keras 2's Embedding(input_length=) is its own argument with the base meaning: the input's length.
        if (INPUT_KWARGS.includes(name) && !names.includes(name) && !(lib === 'keras2' && cls === 'Embedding' && name === 'input_length')) {
          problems.push(`${lib} ${cls}: '${name}' is the layer's own argument; the catalogue must list it`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('Embedding(input_dim=, output_dim=) is the vocabulary and the width, not an input shape', () => {
    const sources = {
      2: 'import keras\nm = keras.Sequential([keras.layers.Embedding(input_dim=640, output_dim=300)])\n',
      3: 'import keras\nm = keras.Sequential([keras.Input(shape=(None,)), keras.layers.Embedding(input_dim=640, output_dim=300)])\n'
    };
    for (const kerasVersion of [2, 3] as const) {
      const src = sources[kerasVersion];
      const layer = toJson(analyzeCells([{ index: null, source: src }], { kerasVersion })).models[0].layers[0];
      expect(layer.outputShape).toEqual([null, null, 300]);
      expect(layer.params.keras).toBe(192000);
    }
  });
});
