/** Engine behaviour the goldens cannot show: conventions, notes, exactness, reader features. */
import { describe, expect, it } from 'vitest';
import { catalogueNames, toJson } from '../src/core/index';
import { cells, errors, HEADER, model, py, row } from './helpers/analyze';

const SEED = `${HEADER}
model = keras.Sequential([
    keras.Input(shape=(None,), dtype="int32"),
    layers.Embedding(640, 300),
    layers.Bidirectional(layers.LSTM(300, return_sequences=True)),
])
`;

describe('the seed: Embedding(640, 300) + Bidirectional(LSTM(300))', () => {
  const m = model(py(SEED), 'model');

  it('counts 1,442,400 under Keras and 1,444,800 under cuDNN', () => {
    const bi = row(m, 'bidirectional');
    expect(row(m, 'embedding').params).toEqual({ keras: 192000n, cudnn: 192000n, declared: 192000n });
    expect(bi.params).toEqual({ keras: 1442400n, cudnn: 1444800n, declared: 1442400n });
    expect(m.totals.keras.total).toBe(1634400n);
    expect(m.totals.cudnn.total).toBe(1636800n);
  });

  it('explains the difference', () => {
    expect(row(m, 'bidirectional').note).toBe('cuDNN keeps input and recurrent biases: +2 directions × 4 gates × 300 units = 2,400');
    expect(row(m, 'embedding').note).toBeNull();
  });

  it('declares cuDNN counts for CuDNNLSTM (Keras 2)', () => {
    const src = `import tensorflow as tf
from tensorflow.compat.v1.keras.layers import CuDNNLSTM
model = tf.keras.Sequential([tf.keras.layers.Embedding(640, 300, input_length=50), tf.keras.layers.Bidirectional(CuDNNLSTM(300, return_sequences=True))])
`;
    const bi = row(model(py(src, 2), 'model'), 'bidirectional');
    expect(bi.params).toEqual({ keras: 1442400n, cudnn: 1444800n, declared: 1444800n });
    expect(bi.outputShapes).toEqual([[null, 50n, 600n]]);
  });

  it('lays out the weights of each convention', () => {
    const w = row(m, 'bidirectional').weights!;
    expect(w.keras.map(x => x.shape.map(Number))).toEqual([[300, 1200], [300, 1200], [1200], [300, 1200], [300, 1200], [1200]]);
    expect(w.cudnn.map(x => x.shape.map(Number))).toEqual([[300, 1200], [300, 1200], [2400], [300, 1200], [300, 1200], [2400]]);
  });
});

describe('recurrent conventions', () => {
  const counts = (layer: string, version: 2 | 3 = 3, imports = HEADER) =>
    row(model(py(`${imports}\nm = keras.Sequential([keras.Input((7, 5)), ${layer}])\n`, version), 'm'), m0(layer)).params;
  const m0 = (layer: string) => (layer.startsWith('layers.GRU') ? 'gru' : layer.startsWith('layers.SimpleRNN') ? 'simple_rnn' : 'lstm');

  it('GRU reset_after=True already has both biases', () => {
    expect(counts('layers.GRU(4)')).toEqual({ keras: 3n * 4n * (5n + 4n + 2n), cudnn: 132n, declared: 132n });
  });

  it('GRU reset_after=False differs by 3 gates × units', () => {
    expect(counts('layers.GRU(4, reset_after=False)')).toEqual({ keras: 3n * 4n * (5n + 4n + 1n), cudnn: 132n, declared: 120n });
  });

  it('tf.compat.v1 GRU defaults to reset_after=False', () => {
    const src = 'import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.Input((7, 5)), tf.compat.v1.keras.layers.GRU(4)])\n';
    expect(row(model(py(src, 2), 'm'), 'gru').params.declared).toBe(120n);
  });

  it('SimpleRNN keeps one extra bias per unit under cuDNN', () => {
    expect(counts('layers.SimpleRNN(4)')).toEqual({ keras: 4n * (5n + 4n + 1n), cudnn: 44n, declared: 40n });
  });

  it('use_bias=False removes the difference', () => {
    expect(counts('layers.LSTM(4, use_bias=False)')).toEqual({ keras: 4n * 4n * 9n, cudnn: 144n, declared: 144n });
  });
});

describe('exact integers', () => {
  it('keeps 10**30-scale counts exact and prints them as strings in JSON', () => {
    const report = py(`${HEADER}big = keras.Sequential([keras.Input((10**15,)), layers.Dense(10**15)])\n`);
    const m = model(report, 'big');
    expect(m.totals.keras.total).toBe(10n ** 30n + 10n ** 15n);
    const json = toJson(report) as { models: Array<{ totals: { keras: { total: unknown } }; layers: Array<{ outputShape: unknown }> }> };
    expect(json.models[0].totals.keras.total).toBe('1000000000000001000000000000000');
    expect(json.models[0].layers[0].outputShape).toEqual([null, 1000000000000000]);
  });

  it('keeps a total exact when the sum of the layers, each below 2^53, passes it', () => {
    // (2^52 + 2^26) twice, then 2^26 + 1: an odd total above 2^53, which no double holds.
    const report = py(`${HEADER}m = keras.Sequential([keras.Input((2**26,)), layers.Dense(2**26), layers.Dense(2**26), layers.Dense(1)])\n`);
    const each = 2n ** 52n + 2n ** 26n;
    expect(model(report, 'm').totals.keras.total).toBe(2n * each + 2n ** 26n + 1n);
    expect(model(report, 'm').totals.cudnn.trainable).toBe(2n * each + 2n ** 26n + 1n);
  });

  it('keeps counts up to 2^53 - 1 as JSON numbers', () => {
    const json = toJson(py(SEED)) as { models: Array<{ totals: { cudnn: { total: unknown } } }> };
    expect(json.models[0].totals.cudnn.total).toBe(1636800);
  });
});

describe('memory', () => {
  it('prints memory at each weight dtype, 1024-based like Keras', async () => {
    const { formatText } = await import('../src/core/index');
    const report = py(`${HEADER}m = keras.Sequential([keras.Input((1023,)), layers.Dense(512, dtype="float16"), layers.Dense(1)])\n`);
    expect(model(report, 'm').totals.keras.bytes.total).toBe(1024n * 512n * 2n + 513n * 4n);
    expect(formatText(report, 'keras')).toContain(' Total params: 524,801 (1.00 MB)');
  });
});

describe('Keras 2 summaries', () => {
  it('print `multiple` for a layer whose calls differ in output shape, and its first shape in JSON', async () => {
    const { formatText } = await import('../src/core/index');
    // As tf_keras 2.21 prints them: `layer.output_shape` is defined when every call has one output shape.
    const same =
      'import tensorflow as tf\nL = tf.keras.layers\na = L.Input((4,))\nb = L.Input((4,))\nshared = L.Dense(3)\nm = tf.keras.Model([a, b], L.Add()([shared(a), shared(b)]))\n';
    expect(formatText(py(same, 2), 'keras')).toMatch(/│ dense \(Dense\)\s+│ \(None, 3\)\s+│\s+15 │/);
    expect(formatText(py(same, 2), 'keras')).toMatch(/│ input_1 \(InputLayer\)\s+│ \[\(None, 4\)\]/);
    expect(formatText(py(same, '2.3' as never), 'keras')).toMatch(/│ input_1 \(InputLayer\)\s+│ \(None, 4\)/);
    const differ =
      'import tensorflow as tf\nL = tf.keras.layers\na = L.Input((4,))\nc = L.Input((5, 4))\nshared = L.Dense(3)\nm = tf.keras.Model([a, c], [shared(a), shared(c)])\n';
    const report = py(differ, 2);
    expect(formatText(report, 'keras')).toMatch(/│ dense \(Dense\)\s+│ multiple\s+│\s+15 │/);
    expect(row(model(report, 'm'), 'dense').outputShapes).toEqual([[null, 3n]]);
    expect(formatText(py(differ, 3), 'keras')).toMatch(/│ dense \(Dense\)\s+│ \(None, 3\)/);
  });
});

describe('reader features', () => {
  it('follows functions that build models', () => {
    const src = `${HEADER}
def build(units=32, depth=2):
    m = keras.Sequential()
    m.add(keras.Input(shape=(16,)))
    for _ in range(depth):
        m.add(layers.Dense(units, activation="relu"))
    return m

small = build()
large = build(units=64, depth=3)
`;
    const report = py(src);
    expect(model(report, 'small').totals.keras.total).toBe(16n * 32n + 32n + 32n * 32n + 32n);
    expect(model(report, 'large').rows.length).toBe(3);
    expect(errors(report)).toEqual([]);
  });

  it('follows list comprehensions, list.append and starred lists', () => {
    const src = `${HEADER}
blocks = [layers.Dense(u) for u in (8, 4)]
extra = []
extra.append(layers.Dense(2))
m = keras.Sequential([keras.Input((3,)), *blocks, *extra])
`;
    expect(model(py(src), 'm').rows.map(r => r.name)).toEqual(['dense', 'dense_1', 'dense_2']);
  });

  it('resolves names from earlier notebook cells and keeps cell indices', () => {
    const report = cells([
      'import keras\nunits = 2 ** 4',
      '# comment\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(units)])',
      'bad = keras.Sequential([keras.Input((4,)), keras.layers.LSTM(3)])'
    ]);
    expect(model(report, 'm').rows[0].outputShapes).toEqual([[null, 16n]]);
    expect(model(report, 'm').rows[0].location).toEqual({ cell: 1, line: 2, column: 42 });
    expect(errors(report)).toEqual(['2:1:44 lstm (LSTM): expects input of rank 3 (batch included), got rank 2: (None, 4)']);
  });

  it('reads star imports, aliases and dotted module paths alike', () => {
    const src = `from tensorflow.keras.layers import *
from tensorflow import keras as K
import tensorflow.keras.layers as TL
m = K.models.Sequential([Input(shape=(6,)), Dense(3), TL.Dense(2)])
`;
    expect(model(py(src), 'm').totals.keras.total).toBe(6n * 3n + 3n + 3n * 2n + 2n);
  });

  it('freezes layers set trainable=False after the fact', () => {
    const src = `${HEADER}base = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\nbase.trainable = False\nm = keras.Sequential([base, layers.Dense(1)])\n`;
    const t = model(py(src), 'm').totals.keras;
    expect([t.total, t.trainable, t.nonTrainable]).toEqual([19n, 4n, 15n]);
  });

  it('lists nested models with their rows', () => {
    const src = `${HEADER}inner = keras.Sequential([layers.Dense(3)])\ninp = keras.Input((4,))\nouter = keras.Model(inp, inner(inp))\n`;
    const nested = row(model(py(src), 'outer'), 'sequential');
    expect(nested.rows!.map(r => r.name)).toEqual(['dense']);
    expect(nested.params.keras).toBe(15n);
    expect(nested.outputShapes).toEqual([[null, 3n]]);
  });

  it('never evaluates code: __import__ and exec are read, not run', () => {
    const marker = `/tmp/model-summary-never-${process.pid}`;
    const src = `${HEADER}__import__("os").system("touch ${marker}")\nexec("import os; os.system('touch ${marker}')")\nm = keras.Sequential([keras.Input((2,)), layers.Dense(__import__("os").getpid())])\n`;
    const report = py(src);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require('node:fs').existsSync(marker)).toBe(false);
    expect(row(model(report, 'm'), 'dense').params.keras).toBeNull();
    expect(report.diagnostics.map(d => `${d.severity}: ${d.message}`).join('\n')).toMatch(/warning: .*units is not known statically/);
  });
});

describe('bad input', () => {
  it('reports each problem with its line and column and still summarizes the rest', () => {
    const src = `${HEADER}
ok = keras.Sequential([keras.Input((8,)), layers.Dense(4)])
neg = keras.Sequential([keras.Input((8,)), layers.Dense(-3), layers.Dense(2)])
def broken(:
    pass
shape = keras.Sequential([keras.Input((8,)), layers.Conv2D(3, 3)])
`;
    const report = py(src);
    expect(model(report, 'ok').totals.keras.total).toBe(36n);
    expect(errors(report)).toEqual([
      '-:5:57 dense_1 (Dense): units must be a positive integer, got -3 (int)',
      '-:6:12 syntax error: unexpected `:`; this statement is skipped',
      '-:8:46 conv2d (Conv2D): expects input of rank 4 (batch, 2 spatial axes, channels), got rank 2'
    ]);
    expect(model(report, 'neg').totals.keras.unknownLayers).toBe(2);
  });

  it('counts unknown layer classes as unknown, never as 0', () => {
    const report = py(`${HEADER}m = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.MyCustom(5), layers.Dense(2)])\n`);
    const m = model(report, 'm');
    expect(row(m, 'my_custom').params.keras).toBeNull();
    expect(row(m, 'dense_1').params.keras).toBeNull();
    expect(m.totals.keras).toMatchObject({ total: 15n, unknownLayers: 2 });
    expect(report.diagnostics.map(d => d.message)).toContain(
      'keras.layers.MyCustom is not in the layer catalogue: its output shape and parameters are unknown'
    );
  });

  it('bounds loops that never end statically', () => {
    const report = py(`${HEADER}m = keras.Sequential([keras.Input((4,))])\nfor i in range(10**9):\n    pass\n`);
    expect(errors(report).join()).toMatch(/loop stopped after 100,000 iterations/);
  });
});

describe('catalogue', () => {
  it('knows every layer the design names', () => {
    const required = [
      'InputLayer',
      'Dense',
      'EinsumDense',
      'Embedding',
      'SimpleRNN',
      'LSTM',
      'GRU',
      'CuDNNLSTM',
      'CuDNNGRU',
      'Bidirectional',
      'TimeDistributed',
      'ConvLSTM1D',
      'ConvLSTM2D',
      'Conv1D',
      'Conv2D',
      'Conv3D',
      'Conv1DTranspose',
      'Conv2DTranspose',
      'Conv3DTranspose',
      'SeparableConv1D',
      'SeparableConv2D',
      'DepthwiseConv1D',
      'DepthwiseConv2D',
      'MaxPooling1D',
      'MaxPooling2D',
      'MaxPooling3D',
      'AveragePooling1D',
      'AveragePooling2D',
      'AveragePooling3D',
      'GlobalMaxPooling1D',
      'GlobalAveragePooling2D',
      'BatchNormalization',
      'LayerNormalization',
      'GroupNormalization',
      'UnitNormalization',
      'Dropout',
      'SpatialDropout1D',
      'GaussianNoise',
      'Flatten',
      'Reshape',
      'Permute',
      'RepeatVector',
      'Activation',
      'ReLU',
      'LeakyReLU',
      'PReLU',
      'ELU',
      'Softmax',
      'Masking',
      'ZeroPadding1D',
      'ZeroPadding2D',
      'ZeroPadding3D',
      'Cropping1D',
      'Cropping2D',
      'Cropping3D',
      'UpSampling1D',
      'UpSampling2D',
      'UpSampling3D',
      'Concatenate',
      'Add',
      'Subtract',
      'Multiply',
      'Average',
      'Maximum',
      'Minimum',
      'Dot',
      'Attention',
      'AdditiveAttention',
      'MultiHeadAttention',
      'Lambda'
    ];
    const names = new Set([...catalogueNames(), 'InputLayer']);
    expect(required.filter(n => !names.has(n))).toEqual([]);
  });
});
