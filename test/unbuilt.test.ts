/**
 * Unbuilt Sequential models: the figures themselves are checked against real Keras by the golden
 * (fixtures/models/unbuilt_sequential*.py); this checks that every output says they are inferred.
 */
import { describe, expect, it } from 'vitest';
import { formatText, toJson } from '../src/core/index';
import { py } from './helpers/analyze';

const SEED = 'import keras\nfrom keras import layers\nm = keras.Sequential([layers.Embedding(640, 300), layers.Bidirectional(layers.LSTM(300))])\n';

describe('an unbuilt model', () => {
  it('states what does not depend on the input, and which input was assumed', () => {
    const json = toJson(py(SEED));
    const m = json.models[0];
    expect(m.built).toBe(false);
    expect(m.inferred?.input).toEqual([null, null]);
    expect(m.layers.map(l => [l.outputShape, l.params.keras])).toEqual([
      [[null, null, 300], 192000],
      [[null, 600], 1442400]
    ]);
    expect(json.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'info',
        line: 3,
        message: expect.stringMatching(/unbuilt .* prints 0 \(unbuilt\).*inferred on keras\.Input\(shape=\(None,\)\).*add keras\.Input/)
      })
    ]);
  });

  it('says so in the text table', () => {
    expect(formatText(py(SEED), 'keras')).toMatch(/^Model: "sequential" \(m\) — unbuilt in Keras, figures inferred by the engine/);
  });

  it('keeps ? where a count needs the missing size, and states none of the shapes when the rank is unknown', () => {
    const m = toJson(py('import keras\nfrom keras import layers\nm = keras.Sequential([layers.Dense(64), layers.Dense(10)])\n')).models[0];
    expect(m.inferred?.input).toBeNull();
    expect(m.layers.map(l => [l.outputShape, l.params.keras])).toEqual([
      [null, null],
      [null, 650]
    ]);
    expect(m.totals.keras).toMatchObject({ total: 650, unknownLayers: 1 });
  });

  it('is read as built once it is built', () => {
    const m = toJson(py(`${SEED}m.build((None, 50))\n`)).models[0];
    expect(m.inferred).toBeUndefined();
    expect(m.layers[0].outputShape).toEqual([null, 50, 300]);
  });

  it('never reads Embedding(input_dim=) as the missing input', () => {
    const m = toJson(py('import keras\nm = keras.Sequential([keras.layers.Embedding(input_dim=640, output_dim=300)])\n')).models[0];
    expect(m.layers[0].outputShape).not.toEqual([null, 640, 300]);
    expect(m.layers[0].params.keras).toBe(192000);
  });

  it('an input shape the source does not give drops no layer, raises no error, and keeps what is determined', () => {
    const head = 'import keras\nfrom keras import layers\nimport numpy as np\nX = np.load("x.npy")\n';
    for (const [arg, input] of [
      ['input_dim=X.shape[1]', [null, null]],
      ['input_shape=(X.shape[1],)', [null, null]],
      ['input_shape=X.shape[1:]', null]
    ] as const) {
      const report = toJson(py(`${head}m = keras.Sequential()\nm.add(layers.Dense(16, ${arg}))\nm.add(layers.Dense(8))\n`));
      const m = report.models[0];
      expect(m.layers.map(l => l.params.keras)).toEqual([null, 136]);
      expect(m.inferred).toMatchObject({ reason: 'unknownInput', input });
      expect(report.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
      expect(report.diagnostics).toContainEqual(
        expect.objectContaining({ severity: 'info', message: expect.stringMatching(/input shape of 'sequential' is not known statically/) })
      );
    }
  });

  it('keeps the sizes an input shape writes beside one the source does not give', () => {
    // The stock-price tutorial: LSTM(units=50, input_shape=(X_train.shape[1], 1)) after X_train = np.reshape(…).
    const report = toJson(
      py(
        'import keras\nfrom keras import layers\nimport numpy as np\nX = np.load("x.npy")\nm = keras.Sequential()\n' +
          'm.add(layers.LSTM(units=50, return_sequences=True, input_shape=(X.shape[1], 1)))\nm.add(layers.LSTM(units=50))\nm.add(layers.Dense(units=1))\n'
      )
    );
    const m = report.models[0];
    expect(m.layers.map(l => l.params.keras)).toEqual([10400, 20200, 51]);
    expect(m.inferred).toMatchObject({ reason: 'unknownInput', input: [null, null, 1] });
    expect(m.inferred?.note).toMatch(/keras\.Input\(shape=\(None, 1\)\) \(the sizes written as numbers, the others unknown\)/);
    // Keras prints (None, 60, 50): the size X gives is `?`, never a None stated as Keras's.
    expect(m.layers.map(l => [l.outputShape, l.unknownSizes])).toEqual([
      [[null, null, 50], true],
      [[null, 50], undefined],
      [[null, 1], undefined]
    ]);
    expect(
      formatText(
        py(
          SEED.replace(/m = .*\n/, '') +
            'import numpy as np\nX = np.load("x.npy")\nm = keras.Sequential()\nm.add(layers.LSTM(50, return_sequences=True, input_shape=(X.shape[1], 1)))\n'
        )
      )
    ).toMatch(/│ lstm \(LSTM\) +│ \(None, \?, 50\) │/);
  });

  it('keeps the None of an unbuilt model, which it states it assumed', () => {
    expect(toJson(py(SEED)).models[0].layers.map(l => l.unknownSizes)).toEqual([undefined, undefined]);
  });

  it('built by Keras on data the source does not describe: no error, built, and what its layers determine', () => {
    const head =
      'import keras\nfrom keras import layers\nimport numpy as np\nX = np.load("x.npy")\ny = np.load("y.npy")\n' +
      'model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(32), layers.Dense(1)])\n' +
      'model.compile(optimizer="adam", loss="mse")\n';
    for (const build of ['model.fit(X, y, epochs=5)', 'model(X[:1])', 'model.predict(X)']) {
      const json = toJson(py(`${head}${build}\nmodel.summary()\n`));
      const m = json.models[0];
      expect(
        json.diagnostics.filter(d => d.severity === 'error'),
        build
      ).toEqual([]);
      expect(m.built, build).toBe(true);
      expect(m.inferred?.reason, build).toBe('unknownInput');
      expect(m.inferred?.note, build).toMatch(/^Keras builds 'sequential' on data whose shape is not known statically \(`numpy\.load/);
      expect(
        m.layers.map(l => l.params.keras),
        build
      ).toEqual([null, 2080, 33]);
    }
  });

  it('built by Keras on an object the reader has no shape for (a generator class): the note names it', () => {
    const src =
      'import keras\nfrom keras import layers\nclass Batches:\n    pass\n' +
      'model = keras.Sequential([layers.Dense(8), layers.Dense(2)])\nmodel.fit(Batches(), epochs=1)\n';
    const json = toJson(py(src));
    expect(json.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
    expect(json.models[0].built).toBe(true);
    expect(json.models[0].inferred?.note).toMatch(
      /^Keras builds 'sequential' on data whose shape is not known statically \(the shape of .* given to fit\(\) is not known statically\)/
    );
    expect(json.models[0].layers.map(l => l.params.keras)).toEqual([null, 18]);
  });
});

describe('an input of unknown rank', () => {
  it('follows the last axis through an Embedding and Dense, to the first layer that takes one rank (an LSTM)', () => {
    const src = `import numpy as np\nimport keras\nfrom keras import layers\nX = np.load("x.npy")\ni = keras.Input(shape=X.shape[1:])
x = layers.Embedding(100, 16)(i)\nx = layers.Dense(12)(x)\nx = layers.LSTM(8)(x)\nm = keras.Model(i, layers.Dense(4)(layers.Dropout(0.1)(x)))\n`;
    const m = toJson(py(src)).models[0];
    expect(m.inferred?.reason).toBe('unknownInput');
    // Embedding 100 × 16; Dense 16 × 12 + 12; LSTM 4 × (12 × 8 + 8 × 8 + 8); then (None, 8) exactly.
    expect(m.layers.map(l => [l.name, l.outputShape, l.params.keras])).toEqual([
      ['input_layer', null, 0],
      ['embedding', null, 1600],
      ['dense', null, 204],
      ['lstm', [null, 8], 672],
      ['dropout', [null, 8], 0],
      ['dense_1', [null, 4], 36]
    ]);
  });

  it('builds a layer called on data not known statically again on the known tensor of a later call', () => {
    // The TensorFlow transfer-learning tutorial: the head is tried on a batch of the dataset, then used in the model.
    const src = `import tensorflow as tf\nimport keras\nfrom keras import layers\nbatch = next(iter(train_dataset))
pool = layers.GlobalAveragePooling2D()\nhead = layers.Dense(1)\nprediction = head(pool(batch))
inputs = keras.Input(shape=(5, 5, 1280))\nm = keras.Model(inputs, head(pool(inputs)))\n`;
    const report = py(src);
    expect(report.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
    const m = toJson(report).models[0];
    expect(m.layers.map(l => [l.name, l.params.keras, l.problem ?? null])).toEqual([
      ['input_layer', 0, null],
      ['global_average_pooling2d', 0, null],
      ['dense', 1281, null]
    ]);
  });
});
