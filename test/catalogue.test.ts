/**
 * The catalogue covers the whole `keras.layers` namespace of Keras 3.15 and the keras_hub layers tutorials use.
 * test/fixtures/layer-namespace.json is generated from the real libraries by scripts/oracle/layer_namespace.py.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookupLayer } from '../src/core/catalogue/registry';
import { KERAS_3_ONLY, KERNEL_ONLY_LAYERS, NOT_LAYERS } from '../src/core/catalogue/kernel-only';
import { preprocessingLayers } from '../src/core/catalogue/preprocessing';
import { imagePreprocessingLayers } from '../src/core/catalogue/image-preprocessing';
import { moreLayers } from '../src/core/catalogue/more-layers';
import { kerasHubLayers } from '../src/core/catalogue/keras-hub';
import { resolveKeras } from '../src/core/keras/symbols';
import { errors, HEADER, model, py, row } from './helpers/analyze';

interface IEntry {
  class: string;
  params: string[];
  inTfKeras2?: boolean;
}
const namespace = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'layer-namespace.json'), 'utf8')) as {
  keras: string;
  layers: Record<string, IEntry>;
  keras_hub_layers: Record<string, IEntry>;
};

describe('the catalogue covers keras.layers', () => {
  it(`lists every class of keras ${namespace.keras}`, () => {
    expect(Object.keys(namespace.layers).length).toBeGreaterThanOrEqual(160);
  });

  it('has every class, as the class Keras names it, or says why only the kernel can size it', () => {
    const problems: string[] = [];
    for (const [name, entry] of Object.entries(namespace.layers)) {
      if (KERNEL_ONLY_LAYERS[name] || NOT_LAYERS[name]) continue;
      const spec = lookupLayer(name);
      if (!spec || spec.library) problems.push(`${name}: not in the catalogue`);
      else if (spec.name !== entry.class) problems.push(`${name}: the catalogue says ${spec.name}, Keras says ${entry.class}`);
      const cls = resolveKeras(`keras.layers.${name}`);
      if (cls?.kind !== 'layer') problems.push(`keras.layers.${name} resolves to ${cls?.kind ?? 'nothing'}`);
    }
    expect(problems).toEqual([]);
  });

  it('binds arguments in the real constructor order for the layers added from the namespace', () => {
    const problems: string[] = [];
    for (const spec of [...preprocessingLayers, ...imagePreprocessingLayers, ...moreLayers]) {
      const real = Object.values(namespace.layers).find(e => e.class === spec.name);
      if (!real) problems.push(`${spec.name}: not a keras.layers class`);
      else if (JSON.stringify(spec.params.map(p => p.name)) !== JSON.stringify(real.params.filter(p => p !== 'kwargs'))) {
        problems.push(`${spec.name}: (${spec.params.map(p => p.name).join(', ')}) but Keras has (${real.params.join(', ')})`);
      }
    }
    for (const spec of kerasHubLayers) {
      const real = namespace.keras_hub_layers[spec.name];
      if (!real || JSON.stringify(spec.params.map(p => p.name)) !== JSON.stringify(real.params)) {
        problems.push(`${spec.name}: (${spec.params.map(p => p.name).join(', ')}) but keras_hub has (${real?.params.join(', ')})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has a golden from real Keras with a row of every class (and of every keras_hub layer)', () => {
    // Classes that are never a row of their own, and why.
    const NO_ROW: Record<string, string> = {
      LSTMCell: 'inside an RNN row (more_layers.py)',
      GRUCell: 'inside an RNN row (more_layers.py)',
      SimpleRNNCell: 'inside an RNN row (more_layers.py)',
      StackedRNNCells: 'inside an RNN row (more_layers.py)',
      Equalization: 'Keras 3.15 cannot build a model through it (see the test below)'
    };
    const rows = new Set<string>();
    const walk = (layers: Array<{ class: string; layers?: unknown[] }>) => {
      for (const l of layers) {
        rows.add(l.class);
        if (l.layers) walk(l.layers as never);
      }
    };
    const goldenDir = join(__dirname, 'fixtures', 'golden');
    for (const file of readdirSync(goldenDir)) {
      const golden = JSON.parse(readFileSync(join(goldenDir, file), 'utf8')) as { kerasVersion: number; models: Array<{ layers: never[] }> };
      if (golden.kerasVersion === 3) for (const m of golden.models) walk(m.layers);
    }
    const classes = new Set([...Object.values(namespace.layers), ...Object.values(namespace.keras_hub_layers)].map(e => e.class));
    const kernelOnly = new Set([...Object.keys(KERNEL_ONLY_LAYERS), ...Object.keys(NOT_LAYERS)]);
    expect([...classes].filter(c => !rows.has(c) && !NO_ROW[c] && !kernelOnly.has(c)).sort()).toEqual([]);
  });

  it('knows which classes tf.keras 2 lacks, and says so for Keras 2 code', () => {
    const lacking = [
      ...new Set(
        Object.values(namespace.layers)
          .filter(e => !e.inTfKeras2)
          .map(e => e.class)
      )
    ].sort();
    expect([...KERAS_3_ONLY].sort()).toEqual(lacking);
    const r = py('import tensorflow as tf\nx = tf.keras.Input((4, 8))\nm = tf.keras.Model(x, tf.keras.layers.RMSNormalization()(x))\n', 2);
    expect(errors(r)).toEqual([expect.stringContaining('tf.keras 2 has no RMSNormalization layer (it is new in Keras 3)')]);
  });

  it('reaches the keras_hub layers as keras_hub.layers.X and keras_nlp.layers.X, not as keras.layers.X', () => {
    for (const name of Object.keys(namespace.keras_hub_layers)) {
      expect(resolveKeras(`keras_hub.layers.${name}`)).toMatchObject({ kind: 'layer', name });
      expect(resolveKeras(`keras_nlp.layers.${name}`)).toMatchObject({ kind: 'layer', name });
      expect(resolveKeras(`keras.layers.${name}`)?.kind).toBe('unknownLayer');
    }
  });
});

describe('preprocessing layers sized by their arguments', () => {
  it('answers vocabulary_size() from a literal vocabulary, and says why when adapt() decides it', () => {
    const r = py(`${HEADER}lookup = layers.StringLookup(vocabulary=['a', 'b', 'c'], num_oov_indices=2, mask_token='')
n = lookup.vocabulary_size()
tv = layers.TextVectorization(max_tokens=100)
m = tv.vocabulary_size()
x = keras.Input((1,), dtype='string')
model = keras.Model(x, layers.Embedding(n, 8)(lookup(x)))
`);
    expect(errors(r)).toEqual([]);
    // 3 tokens + 2 OOV indices + the mask index: 6, as Keras says.
    expect(row(model(r, 'model'), 'embedding').params.keras).toBe(48n);
  });

  it("counts Normalization's int64 count in 8 bytes, as model.summary() prints 72 B for 17 parameters", () => {
    const m = model(py(`${HEADER}m = keras.Sequential([keras.Input((8,)), layers.Normalization()])\n`), 'm');
    expect(m.totals.keras).toMatchObject({ total: 17n, trainable: 0n, bytes: { total: 72n, trainable: 0n, nonTrainable: 72n } });
  });

  it('reports a vocabulary file as needing the running kernel, not as an error', () => {
    const r = py(`${HEADER}x = keras.Input((1,), dtype='string')
model = keras.Model(x, layers.StringLookup(vocabulary='vocab.txt', output_mode='one_hot')(x))
`);
    expect(errors(r)).toEqual([]);
    expect(r.diagnostics.some(d => d.severity === 'info' && /vocabulary is not a literal list.*running kernel/.test(d.message))).toBe(true);
  });
});

describe('what Keras itself decides', () => {
  const infoOnly = (src: string) => {
    const r = py(`${HEADER}${src}`);
    expect(errors(r)).toEqual([]);
    return r.diagnostics.filter(d => d.severity === 'info').map(d => d.message);
  };

  it('says an adapted vocabulary sizes a multi_hot output only when the kernel runs', () => {
    const infos = infoOnly(`tv = layers.TextVectorization(max_tokens=1000, output_mode='multi_hot')
tv.adapt(texts)
x = keras.Input((1,), dtype='string')
model = keras.Model(x, layers.Dense(2)(tv(x)))
`);
    expect(infos).toEqual([
      expect.stringMatching(/text_vectorization \(TextVectorization\): with output_mode='multi_hot' its output size .* adapt\(\).*running kernel/)
    ]);
  });

  it('sizes nothing from an adapted vocabulary_size(), with an info where it is used', () => {
    const r = py(`${HEADER}tv = layers.TextVectorization(max_tokens=20000, output_sequence_length=100)
tv.adapt(texts)
x = keras.Input((1,), dtype='string')
h = layers.Embedding(tv.vocabulary_size(), 64)(tv(x))
model = keras.Model(x, layers.Dense(1)(layers.GlobalAveragePooling1D()(h)))
`);
    expect(errors(r)).toEqual([]);
    expect(r.diagnostics.map(d => `${d.severity}: ${d.message}`)).toEqual([
      expect.stringMatching(
        /^info: embedding \(Embedding\): input_dim is not known statically.*vocabulary_size\(\) depends on the vocabulary adapt\(\) learns/
      )
    ]);
    const m = model(r, 'model');
    expect(row(m, 'embedding').params.keras).toBeNull();
    expect(row(m, 'dense').params.keras).toBe(65n);
  });

  it('does not guess where Keras places a mask or OOV token found in the vocabulary', () => {
    const infos = infoOnly(`x = keras.Input((1,), dtype='string')
model = keras.Model(x, layers.StringLookup(vocabulary=['[UNK]', 'a'], output_mode='one_hot')(x))
`);
    expect(infos).toEqual([expect.stringContaining("holds its mask or OOV token '[UNK]'")]);
  });

  it('counts a TransformerDecoder without an encoder sequence as self-attention only', () => {
    const r = py(`import keras
import keras_hub
x = keras.Input((10, 32))
m = keras.Model(x, keras_hub.layers.TransformerDecoder(intermediate_dim=64, num_heads=4)(decoder_sequence=x))
`);
    expect(errors(r)).toEqual([]);
    // Self-attention 4,224 + 2 layer norms 128 + feed-forward 4,192: 8,544, what keras_hub 0.32 counts.
    expect(row(model(r, 'm'), 'transformer_decoder').params.keras).toBe(8544n);
  });

  it('refuses what the lookup layers refuse, at the argument', () => {
    const r = py(`${HEADER}x = keras.Input((1,), dtype='string')
a = layers.StringLookup(vocabulary=['a'], output_mode='tf_idf')(x)
b = layers.StringLookup(vocabulary=['a'], invert=True, output_mode='one_hot')(x)
c = layers.StringLookup(pad_to_max_tokens=True)(x)
`);
    expect(errors(r)).toEqual([
      expect.stringMatching(/^-:4:\d+ string_lookup \(StringLookup\): idf_weights must be set with a vocabulary when output_mode='tf_idf'/),
      expect.stringMatching(/^-:5:\d+ string_lookup_1 \(StringLookup\): output_mode must be 'int' when invert=True/),
      expect.stringMatching(/^-:6:\d+ string_lookup_2 \(StringLookup\): max_tokens must be set when pad_to_max_tokens=True/)
    ]);
  });

  it('gives a TransformerDecoder two attention layers (their softmax and dropout names) when its encoder sequence has an unknown shape', () => {
    const r = py(`import keras\nimport keras_hub\nfrom keras import layers\nx = keras.Input((10, 32))
encoded = keras_hub.models.BertBackbone.from_preset('bert_tiny_en_uncased')(x)
y = keras_hub.layers.TransformerDecoder(intermediate_dim=64, num_heads=4)(x, encoded)
m = keras.Sequential([keras.Input((4,)), layers.Softmax(), layers.Dropout(0.1)])
`);
    expect(errors(r)).toEqual([]);
    expect(model(r, 'm').rows.map(l => l.name)).toEqual(['softmax_2', 'dropout_2']);
  });

  it('does not count a TransformerDecoder as self-attention only when its encoder sequence is not known', () => {
    const r = py(`import keras\nimport keras_hub\nx = keras.Input((10, 32))
y = keras_hub.layers.TransformerDecoder(intermediate_dim=64, num_heads=4)(x, encoder_sequence=encoded)
`);
    expect(errors(r)).toEqual([expect.stringMatching(/was called on .*'encoded' is not defined.*not on a symbolic tensor/)]);
  });

  it('says nested states of a list of cells need the kernel, without an error', () => {
    const r = py(`${HEADER}x = keras.Input((5, 8))\nout = layers.RNN([layers.LSTMCell(4), layers.GRUCell(3)], return_state=True)(x)\n`);
    expect(errors(r)).toEqual([]);
    expect(r.diagnostics.map(d => d.severity)).toEqual(['info']);
  });

  it('reports Equalization, which Keras 3.15 cannot build a model through, where it is called', () => {
    const r = py(`${HEADER}x = keras.Input((32, 32, 3))
m = keras.Model(x, layers.Equalization()(x))
`);
    expect(errors(r)).toEqual([expect.stringContaining('part of a cycle')]);
  });
});

describe('bad arguments to the new layers', () => {
  it('get one clear error each, at their line, and the rest is still summarized', () => {
    const bad = [
      'layers.STFTSpectrogram(frame_length=0)(x)',
      'layers.MelSpectrogram(sequence_stride=0)(keras.Input((100,)))',
      'layers.StringLookup(vocabulary=[1.5, None])(s)',
      "layers.StringLookup(vocabulary=['a', 'a'])(s)",
      'layers.CategoryEncoding()(s)',
      "layers.Discretization(output_mode='one_hot')(x)",
      'layers.HashedCrossing(num_bins=3)([x])',
      'layers.AdaptiveAveragePooling2D((1, 2, 3))(i)',
      'layers.RNN([1, 2])(x)',
      'layers.SpectralNormalization(layers.Dropout(0.1))(x)',
      'layers.GroupQueryAttention(head_dim=4, num_query_heads=3, num_key_value_heads=2)(x, x)',
      'keras_hub.layers.TransformerEncoder(intermediate_dim=8, num_heads=16)(x)',
      'keras_hub.layers.MaskedLMHead(vocabulary_size=5)(x)',
      'layers.ReversibleEmbedding(10, 4)(x, reverse=True)'
    ];
    const head = `${HEADER}import keras_hub\nx = keras.Input((10, 8))\ns = keras.Input((1,), dtype='string')\ni = keras.Input((32, 32, 3))\n`;
    const r = py(`${head}${bad.map((b, k) => `y${k} = ${b}\n`).join('')}model = keras.Model(x, layers.Dense(2)(x))\n`);
    const lines = errors(r).map(e => Number(e.split(':')[1]));
    const first = head.split('\n').length;
    expect(lines).toEqual(bad.map((_, k) => first + k));
    expect(row(model(r, 'model'), 'dense').params.keras).toBe(18n);
  });
});

describe('outside static reach', () => {
  it('marks a pretrained preset with one info and goes on with the rest', () => {
    const r = py(`import keras_hub\nimport keras\nfrom keras import layers
backbone = keras_hub.models.BertBackbone.from_preset('bert_tiny_en_uncased')
model = keras.Sequential([keras.Input((4,)), layers.Dense(2)])
`);
    expect(errors(r)).toEqual([]);
    const infos = r.diagnostics.filter(d => d.severity === 'info');
    expect(infos.map(d => d.message)).toEqual([
      'keras_hub.models.BertBackbone.from_preset loads a pretrained preset: its layers and parameters need the running kernel'
    ]);
    expect(row(model(r, 'model'), 'dense').params.keras).toBe(10n);
  });

  it('marks a keras_hub model class used as a layer: its row and what depends on it are unknown, not wrong', () => {
    const r = py(`import keras\nimport keras_hub
backbone = keras_hub.models.GPT2Backbone(vocabulary_size=50257, num_layers=2, num_heads=2, hidden_dim=64, intermediate_dim=128, max_sequence_length=128)
x = keras.Input((128,), dtype='int32')
model = keras.Model(x, keras.layers.Dense(2)(backbone(x)))
`);
    expect(errors(r)).toEqual([]);
    expect(r.diagnostics.map(d => d.message)).toEqual([expect.stringContaining('keras_hub.models.GPT2Backbone is a keras_hub model class')]);
    const m = model(r, 'model');
    expect(row(m, 'gpt2_backbone').params.keras).toBeNull();
    expect(row(m, 'dense').params.keras).toBeNull();
  });

  it('marks a JAX layer as needing the running kernel, with an unknown row', () => {
    const r = py(`${HEADER}x = keras.Input((4,))
y = layers.JaxLayer(call_fn)(x)
model = keras.Model(x, layers.Dense(2)(x))
`);
    expect(errors(r)).toEqual([]);
    expect(r.diagnostics.some(d => d.severity === 'info' && d.message.includes('keras.layers.JaxLayer wraps JAX functions'))).toBe(true);
  });
});

describe("Lambda's output_shape given as a function", () => {
  const src = `${HEADER}import numpy as np
def dist_shape(shapes):
    a, b = shapes
    return (a[0], 1)
x = keras.Input((8,))
y = keras.Input((8,))
out = layers.Lambda(lambda t: np.sqrt(t[0] - t[1]), output_shape=dist_shape)([x, y])
m = keras.Model([x, y], out)
`;
  it('calls it on the input shapes, as Keras 3 and standalone Keras ≤ 2.3 do', () => {
    for (const version of [3, '2.3'] as const) {
      const report = py(src, version as never);
      expect(model(report, 'm').rows.find(r => r.className === 'Lambda')?.outputShapes).toEqual([[null, 1n]]);
      expect(report.diagnostics.filter(d => d.severity !== 'info')).toEqual([]);
    }
  });
  it('states no shape when the function cannot be followed either', () => {
    const report = py(src.replace('return (a[0], 1)', 'return open("shape.txt").read()'));
    expect(row(model(report, 'm'), 'lambda').outputShapes?.[0] ?? null).toBeNull();
  });
});
