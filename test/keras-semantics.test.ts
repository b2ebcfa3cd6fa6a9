/** Keras semantics of the model methods and names that real scripts rely on, read statically. */
import { describe, expect, it } from 'vitest';
import { analyze, formatMarkdown, formatText, toJson } from '../src/core/index';
import { HEADER, errors, model, py, row } from './helpers/analyze';

const analyzeWith = (source: string, kerasVersion: string) => analyze({ name: 'snippet.py', content: source }, { kerasVersion });

describe('model methods around training', () => {
  it('what fit(), evaluate() and predict() return is unknown, never None', () => {
    // Boston housing (Deep Learning with Python): the k-fold loop unpacks evaluate()'s [loss, metric].
    const src = `m = keras.Sequential([keras.Input((13,)), layers.Dense(4)])\nm.compile(loss='mse', metrics=['mae'])\nhistory = m.fit(x, y)\nval_mse, val_mae = m.evaluate(x, y, verbose=0)\nn = m.predict(x).shape[1]\nk = keras.Sequential([keras.Input((3,)), layers.Dense(val_mae)])\n`;
    const report = py(`${HEADER}${src}`);
    expect(errors(report).filter(e => /unpack/.test(e))).toEqual([]);
    expect(model(report, 'k').rows.map(r => r.params.keras)).toEqual([null]);
    expect(report.diagnostics.map(d => d.message).join('\n')).toMatch(/what model\.evaluate\(\) returns is known only by running it/);
  });
});

describe('standalone Keras ≤ 2.3 auto-names', () => {
  // The rule, from Keras 2.2/2.3's own source (the library cannot be installed here, so no oracle golden):
  // keras/engine/base_layer.py names a layer `_to_snake_case(prefix) + '_' + str(K.get_uid(prefix))`, and
  // K.get_uid returns 1 for a prefix's first use; keras/engine/network.py `_base_init` names a model
  // `prefix + '_' + str(K.get_uid(prefix))` with the lower-cased class name; input_layer.py `input_1`.
  // tf.keras (TF 1.x and 2.x) was already zero-based (`dense`, `dense_1`).
  const names = (src: string, version: string) => analyzeWith(src, version).models.map(m => [m.name, ...m.rows.map(r => r.name)]);

  it('names the first Dense dense_1 and the first Sequential sequential_1, as the 2017–2019 summaries print', () => {
    const seed = `from keras.models import Sequential\nfrom keras.layers import Bidirectional, Embedding, LSTM, Dense\nmodel = Sequential()\nmodel.add(Embedding(640, 300))\nmodel.add(Bidirectional(LSTM(300, return_sequences=True)))\nmodel.add(Dense(1))\nm2 = Sequential([Dense(4, input_shape=(3,)), Dense(2)])\n`;
    expect(names(seed, '2.3')).toEqual([
      ['sequential_1', 'embedding_1', 'bidirectional_1', 'dense_1'],
      ['sequential_2', 'dense_2', 'dense_3']
    ]);
    expect(names(seed, '2.2')[0]).toEqual(['sequential_1', 'embedding_1', 'bidirectional_1', 'dense_1']);
    // Keras 2.4+ (and tf.keras 2) count from zero.
    expect(names(seed, '2.15')[0]).toEqual(['sequential', 'embedding', 'bidirectional', 'dense']);
  });

  it('names functional models model_1 and their inputs input_1', () => {
    const src = `from keras.layers import Input, Dense, concatenate\nfrom keras.models import Model\na = Input(shape=(8,))\nb = Input(shape=(4,))\nx = concatenate([Dense(2)(a), Dense(3)(b)])\nm = Model(inputs=[a, b], outputs=Dense(1)(x))\n`;
    expect(names(src, '2.3')).toEqual([['model_1', 'input_1', 'input_2', 'dense_1', 'dense_2', 'concatenate_1', 'dense_3']]);
  });

  it('keeps tf.keras zero-based, on its own counter, even under --keras-version 2.3', () => {
    // Standalone Keras's K.get_uid dictionary and tf.keras's name map were two counters.
    const src = `import keras\nimport tensorflow as tf\na = keras.models.Sequential([keras.layers.Dense(4, input_shape=(3,))])\nm = tf.keras.Sequential([tf.keras.layers.Dense(4, input_shape=(3,)), tf.keras.layers.Dense(2)])\n`;
    expect(names(src, '2.3')).toEqual([
      ['sequential_1', 'dense_1'],
      ['sequential', 'dense', 'dense_1']
    ]);
  });
});

describe('subclassed models as Keras 3 prints them', () => {
  const src = `class MyModel(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.d1 = layers.Dense(8)\n        self.drop = layers.Dropout(0.2)\n        self.pool = layers.MaxPooling1D()\n        self.flat = layers.Flatten()\n        self.d2 = layers.Dense(2)\n    def call(self, x):\n        return self.d2(self.flat(self.pool(self.drop(self.d1(x)))))\n`;

  it('shows ? for the shape of a layer built in its constructor (Dropout, pooling), whose call() Keras traced without a node', () => {
    const report = py(`${HEADER}${src}m = MyModel()\nm(keras.Input((6, 4)))\n`);
    expect(model(report, 'm').rows.map(r => [r.name, r.outputShapes?.[0] ?? null, r.params.keras])).toEqual([
      ['dense', [null, 6n, 8n], 40n],
      ['dropout', null, 0n],
      ['max_pooling1d', null, 0n],
      ['flatten', [null, 24n], 0n],
      ['dense_1', [null, 2n], 50n]
    ]);
  });

  it('counts those layers 0 before the model is built, the others 0 (unbuilt): unknown', () => {
    const report = py(`${HEADER}${src}m = MyModel()\n`);
    expect(model(report, 'm').rows.map(r => r.params.keras)).toEqual([null, 0n, 0n, null, null]);
    // The one line: what Keras prints, and how to build it.
    expect(model(report, 'm').inferred?.reason).toBe('unbuilt');
    expect(report.diagnostics.map(d => d.message).join('\n')).toMatch(/Keras leaves 'my_model' unbuilt until it is called and prints 0 \(unbuilt\)/);
  });
});

describe('subclassed models built by build() or a first call, as Keras 3 builds them', () => {
  const cnn = `class Cnn(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.conv = layers.Conv2D(4, 3)\n        self.head = layers.Dense(2)\n    def call(self, x):\n        return self.head(self.conv(x))\n`;

  it('traces call() on the shape of the data it is first called on, batch size included', () => {
    const report = py(`${HEADER}import tensorflow as tf\n${cnn}m = Cnn()\nm(tf.zeros((1, 8, 8, 1)))\n`);
    expect(model(report, 'm').rows.map(r => [r.name, r.outputShapes?.[0] ?? null, r.params.keras])).toEqual([
      ['conv2d', [1n, 6n, 6n, 4n], 40n],
      ['dense', [1n, 6n, 6n, 2n], 10n]
    ]);
    expect(model(report, 'm').inferred).toBeNull();
    expect(errors(report)).toEqual([]);
  });

  it('called on data whose shape the source does not give: built, what needs that shape unknown with the reason, never 0 (unbuilt)', () => {
    const report = py(`${HEADER}import pandas as pd\nx = pd.read_csv('d.csv').values\n${cnn}m = Cnn()\nm(x[:1])\n`);
    const m = model(report, 'm');
    // The Conv2D's channels are the data's; the Dense on its 4 filters is 4 × 2 + 2 whatever the data.
    expect(m.rows.map(r => r.params.keras)).toEqual([null, 10n]);
    expect(m.rows.map(r => r.outputShapes)).toEqual([[[null, null, null, 4n]], [[null, null, null, 2n]]]);
    expect(m.inferred).toEqual(expect.objectContaining({ reason: 'unknownInput', input: null }));
    expect(m.inferred?.note).toMatch(/^Keras builds 'cnn' on data whose shape is not known statically/);
    expect(m.rows[0].problem).toMatch(/cnn is built by its first call, on data whose shape is not known statically/);
    expect(errors(report)).toEqual([]);
  });

  it('a custom training loop over data the reader cannot know builds the model it calls: unknown, not 0 (unbuilt)', () => {
    const loop = `import tensorflow as tf\n${cnn}m = Cnn()\nfor x_batch, y_batch in dataset:\n    with tf.GradientTape() as tape:\n        logits = m(x_batch, training=True)\n`;
    const report = py(`${HEADER}${loop}`);
    const m = model(report, 'm');
    expect(m.inferred?.reason).toBe('unknownInput');
    expect(m.rows.map(r => r.params.keras)).toEqual([null, 10n]);
    expect(m.rows[0].problem).toMatch(/cnn is built by a call in a loop over data not known statically/);
  });

  it("model.build(shape) runs the class's own build(): the model is built, the layers it makes 0 (unbuilt)", () => {
    const src = `class Net(keras.Model):\n    def build(self, input_shape):\n        self.out = layers.Dense(3)\n        super().build(input_shape)\n    def call(self, x):\n        return self.out(x)\nm = Net()\nm.build((None, 4))\n`;
    const report = py(`${HEADER}${src}`);
    const m = model(report, 'm');
    expect(m.rows.map(r => [r.name, r.params.keras])).toEqual([['dense', null]]);
    expect(m.inferred).toBeNull();
    expect(m.built).toBe(true);
  });

  it("refuses self.kernel = … in a Dense subclass's build(), as Keras 3's read-only kernel property does; tf.keras 2 takes it", () => {
    const layer = `class MyDense(layers.Dense):\n    def build(self, input_shape):\n        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")\n    def call(self, x):\n        return x @ self.kernel\ninp = keras.Input((6,))\nm = keras.Model(inp, MyDense(3)(inp))\n`;
    const k3 = py(`${HEADER}${layer}`);
    expect(errors(k3).join('\n')).toMatch(/property 'kernel' of 'MyDense' object has no setter \(Keras 3\)/);
    expect(row(model(k3, 'm'), 'my_dense').params.keras).toBeNull();
    const k2 = analyzeWith(`from tensorflow import keras\nfrom tensorflow.keras import layers\n${layer}`, '2');
    expect(row(model(k2, 'm'), 'my_dense').params.keras).toBe(18n);
  });
});

describe('models held by objects of Python classes', () => {
  it('lists each under the expression that reaches it (attributes, lists, dicts), once, after its owner', () => {
    const src = `def get_encoder():\n    i = keras.Input((4,))\n    return keras.Model(i, layers.Dense(2)(i), name="enc")\nshared = keras.Sequential([keras.Input((2,)), layers.Dense(2)])\nclass AE(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.encoder = get_encoder()\n        self.heads = [keras.Sequential([layers.Dense(3)]), shared]\n        self.extra = {"out": keras.Sequential([layers.Dense(1)])}\n        self._private = keras.Sequential([layers.Dense(1)])\n    def call(self, x):\n        return self.heads[0](self.encoder(x))\nae = AE()\n`;
    const report = py(`${HEADER}${src}`);
    expect(report.models.map(m => [m.variable, m.name])).toEqual([
      ['shared', 'sequential'],
      ['ae', 'ae'],
      ['ae.encoder', 'enc'],
      ['ae.heads[0]', 'sequential_1'],
      ["ae.extra['out']", 'sequential_2']
    ]);
  });
});

describe('an Input whose shape the source does not give', () => {
  it('keeps the model, states what does not need the unknown size, and says what was assumed', () => {
    // Pima / Titanic style: the feature count comes from a DataFrame.
    const src = `import pandas as pd\ndf = pd.read_csv('data.csv')\nX = df.drop('y', axis=1)\ninputs = keras.Input(shape=(X.shape[1],))\nx = layers.Dense(12)(inputs)\nx = layers.Dense(8)(x)\nm = keras.Model(inputs, layers.Dense(1)(x))\n`;
    const report = py(`${HEADER}${src}`);
    const m = model(report, 'm');
    expect(m.rows.map(r => [r.name, r.params.keras])).toEqual([
      ['input_layer', 0n],
      ['dense', null],
      ['dense_1', 104n],
      ['dense_2', 9n]
    ]);
    expect(m.inferred?.reason).toBe('unknownInput');
    expect(m.inferred?.note).toMatch(/the input shape of 'functional' is not known statically: Input's shape=… is not known statically/);
    expect(errors(report)).toEqual([]);
  });

  it('prints a size the source does not give as ?, and a None the source writes as None', () => {
    const src =
      `import numpy as np\nX = np.load('x.npy')\ninputs = keras.Input(shape=(X.shape[1], X.shape[2]))\nx = layers.Conv1D(8, 3)(inputs)\n` +
      `x = layers.GlobalMaxPooling1D()(x)\nm = keras.Model(inputs, layers.Dense(1)(x))\n` +
      `seq = keras.Input(shape=(None, 4))\nn = keras.Model(seq, layers.Dense(2)(seq))\n`;
    const json = toJson(py(`${HEADER}${src}`));
    const rows = (name: string) => json.models.find(x => x.variable === name)!.layers.map(l => [l.name, l.outputShape, l.unknownSizes]);
    expect(rows('m')).toEqual([
      ['input_layer', [null, null, null], true],
      ['conv1d', [null, null, 8], true],
      ['global_max_pooling1d', [null, 8], undefined],
      ['dense', [null, 1], undefined]
    ]);
    expect(rows('n')).toEqual([
      ['input_layer_1', [null, null, 4], undefined],
      ['dense_1', [null, null, 2], undefined]
    ]);
    const text = formatText(py(`${HEADER}${src}`));
    expect(text).toMatch(/│ conv1d \(Conv1D\) +│ \(None, \?, 8\) │/);
    expect(text).toMatch(/│ dense_1 \(Dense\) +│ \(None, None, 2\) │/);
    expect(formatMarkdown(py(`${HEADER}${src}`))).toMatch(/\| conv1d \(Conv1D\) \| \(None, \?, 8\) \|/);
  });
});

describe('subclassed models as tf.keras 2 prints them', () => {
  const src = `import tensorflow as tf\nfrom tensorflow.keras import layers\nclass M(tf.keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.d = layers.Dense(4)\n        self.drop = layers.Dropout(0.5)\n    def call(self, x, training=False):\n        x = self.d(x)\n        if training:\n            x = self.drop(x)\n        return x\nm = M()\n`;

  it('builds on model.build(shape), prints multiple as every shape and 0 (unused) for a layer call() never reached', () => {
    const report = analyzeWith(`${src}m.build((None, 3))\nm.summary()\n`, '2');
    const m = report.models.find(x => x.summaryCall)!;
    expect(m.rows.map(r => [r.name, r.outputShapes, r.printedMultiple, r.params.keras])).toEqual([
      ['dense', null, true, 16n],
      ['dropout', null, true, 0n]
    ]);
    expect(m.totals.keras.total).toBe(16n);
  });

  it('reports the ValueError tf.keras 2 raises for summary() of an unbuilt subclassed model', () => {
    const report = analyzeWith(`${src}m.summary()\n`, '2');
    expect(errors(report).join('\n')).toMatch(/14:1 m is a subclassed model that has not been built: tf\.keras 2's summary\(\) raises/);
    expect(report.models.filter(x => x.summaryCall)).toEqual([]);
  });
});

describe('code only standalone Keras ≤ 2.3 runs', () => {
  it('is read as Keras 2.3 by itself: CuDNNLSTM from standalone keras, keras.engine.topology', () => {
    const seed = `from keras.models import Sequential\nfrom keras.layers import CuDNNLSTM, Bidirectional, Embedding\nmodel = Sequential()\nmodel.add(Embedding(640, 300))\nmodel.add(Bidirectional(CuDNNLSTM(300, return_sequences=True)))\n`;
    const report = analyze({ name: 'seed.py', content: seed });
    expect(report.kerasRelease).toBe('2.3');
    expect(report.models[0].rows.map(r => [r.name, r.params.declared])).toEqual([
      ['embedding_1', 192000n],
      ['bidirectional_1', 1444800n]
    ]);
    expect(report.diagnostics.map(d => d.message).join('\n')).toMatch(
      /read as Keras 2\.3 code because it takes CuDNNLSTM \/ CuDNNGRU from standalone keras/
    );
    const topology = analyze({
      name: 'l.py',
      content: `from keras.engine.topology import Layer\nimport keras\nm = keras.models.Sequential([keras.layers.Dense(2, input_shape=(3,))])\n`
    });
    expect(topology.kerasRelease).toBe('2.3');
    // tf.keras's compat.v1 CuDNN layers stay Keras 2 (zero-based names).
    expect(analyze({ name: 'v1.py', content: `from tensorflow.compat.v1.keras.layers import CuDNNLSTM\n` }).kerasRelease).toBe('2');
  });
});

describe('tensor shapes inside a traced call()', () => {
  it('reads tf.shape(x)[i] as the static size, as tf.keras folds it (the 2020 keras.io VAE Sampling layer)', () => {
    const src = `import tensorflow as tf\nfrom tensorflow.keras import layers\nclass Sampling(layers.Layer):\n    def call(self, inputs):\n        z_mean, z_log_var = inputs\n        batch = tf.shape(z_mean)[0]\n        dim = tf.shape(z_mean)[1]\n        epsilon = tf.keras.backend.random_normal(shape=(batch, dim))\n        return z_mean + tf.exp(0.5 * z_log_var) * epsilon\ninp = tf.keras.Input((4,))\nm = tf.keras.Model(inp, Sampling()([layers.Dense(2)(inp), layers.Dense(2)(inp)]))\n`;
    const rows = model(analyzeWith(src, '2'), 'm').rows;
    expect(rows.at(-1)!.outputShapes).toEqual([[null, 2n]]);
  });
});

describe('values of the data around the model', () => {
  it('an array method the reader does not follow is unknown, never None (`num_classes = int(y.max()) + 1`)', () => {
    const src = `import numpy as np\ny = np.zeros((100,))\nnum_classes = y.max() + 1\nm = keras.Sequential([keras.Input((4,)), layers.Dense(num_classes)])\n`;
    const report = py(`${HEADER}${src}`);
    expect(model(report, 'm').rows.map(r => r.params.keras)).toEqual([null]);
    expect(report.diagnostics.map(d => d.message).join('\n')).toMatch(/`\.max\(\)` of an array is a value of the data/);
  });

  it('numpy arithmetic keeps shapes as numpy broadcasts them (`x_train / 255.0`, `x - x.mean(axis=0)`)', () => {
    const src = [
      'import numpy as np',
      '(x_train, y_train), _ = keras.datasets.boston_housing.load_data()',
      'x = (x_train - x_train.mean(axis=0)) / x_train.std(axis=0)',
      'img = np.zeros((60, 28, 28)).astype("float32") / 255.0',
      'col = np.ones((60, 28, 1)) * np.ones((5,))',
      'm = keras.Sequential([keras.Input(shape=x.shape[1:]), layers.Dense(4)])',
      'n = keras.Sequential([keras.Input(shape=img.shape[1:]), layers.Flatten(), layers.Dense(2)])',
      'k = keras.Sequential([keras.Input(shape=col.shape[1:]), layers.Dense(3)])',
      'bad = np.zeros((3, 4)) + np.zeros((5,))',
      'u = keras.Sequential([keras.Input(shape=bad.shape[1:]), layers.Dense(3)])'
    ].join('\n');
    const report = py(`${HEADER}${src}\n`);
    expect(model(report, 'm').rows.map(r => r.params.keras)).toEqual([BigInt(13 * 4 + 4)]);
    expect(model(report, 'n').rows.map(r => r.params.keras)).toEqual([0n, BigInt(784 * 2 + 2)]);
    expect(model(report, 'k').rows.map(r => r.params.keras)).toEqual([BigInt(5 * 3 + 3)]);
    // (3, 4) + (5,) is numpy's ValueError: never a shape.
    expect(report.models.find(x => x.variable === 'u')?.rows.map(r => r.params.keras) ?? [null]).toEqual([null]);
  });

  it("an in-place update keeps the array's shape whatever the operand (`train_data -= mean`)", () => {
    const src = [
      '(train_data, _), _ = keras.datasets.boston_housing.load_data()',
      'mean = some_unknown_function(train_data)',
      'train_data -= mean',
      'train_data /= train_data.std()',
      'm = keras.Sequential([keras.Input(shape=(train_data.shape[1],)), layers.Dense(64)])'
    ].join('\n');
    expect(model(py(`${HEADER}${src}\n`), 'm').rows.map(r => r.params.keras)).toEqual([BigInt(13 * 64 + 64)]);
  });

  it('dataset labels give their classes (`np.max(y_train) + 1`, `len(np.unique(y))`, to_categorical(y)) until their values change', () => {
    const src = [
      'import numpy as np',
      '(x_train, y_train), (x_test, y_test) = keras.datasets.reuters.load_data(num_words=1000)',
      '(_, yc), _ = keras.datasets.cifar100.load_data(label_mode="coarse")',
      'a = keras.Sequential([keras.Input((8,)), layers.Dense(int(np.max(y_train)) + 1)])',
      'b = keras.Sequential([keras.Input((8,)), layers.Dense(len(np.unique(y_train.astype("int32"))))])',
      'c = keras.Sequential([keras.Input((8,)), layers.Dense(keras.utils.to_categorical(yc).shape[1])])',
      // Reuters' test split is not claimed to hold every topic; changed values are no longer labels 0 … n-1.
      'd = keras.Sequential([keras.Input((8,)), layers.Dense(np.max(y_test) + 1)])',
      'y_train -= 1',
      'e = keras.Sequential([keras.Input((8,)), layers.Dense(y_train.max() + 1)])',
      'f = keras.Sequential([keras.Input((8,)), layers.Dense(np.max(y_train[:100]) + 1)])'
    ].join('\n');
    const report = py(`${HEADER}${src}\n`);
    expect(model(report, 'a').rows.map(r => r.params.keras)).toEqual([BigInt(8 * 46 + 46)]);
    expect(model(report, 'b').rows.map(r => r.params.keras)).toEqual([BigInt(8 * 46 + 46)]);
    expect(model(report, 'c').rows.map(r => r.params.keras)).toEqual([BigInt(8 * 20 + 20)]);
    for (const name of ['d', 'e', 'f']) expect(model(report, name).rows.map(r => r.params.keras)).toEqual([null]);
    // load_data(maxlen=…) keeps only the shorter sequences: neither their number nor their classes are known.
    const short = py(
      `${HEADER}import numpy as np\n(x, y), _ = keras.datasets.reuters.load_data(maxlen=100)\ns = keras.Sequential([keras.Input((8,)), layers.Dense(int(np.max(y)) + 1)])\n`
    );
    expect(model(short, 's').rows.map(r => r.params.keras)).toEqual([null]);
  });

  it("a loop over an array's rows runs (`for i, seq in enumerate(x_train)`)", () => {
    const src = [
      'import numpy as np',
      '(x_train, _), _ = keras.datasets.reuters.load_data()',
      'def vectorize(sequences, dimension=1000):',
      '    results = np.zeros((len(sequences), dimension))',
      '    for i, sequence in enumerate(sequences):',
      '        results[i, sequence] = 1.0',
      '    return results',
      'x = vectorize(x_train)',
      'm = keras.Sequential([keras.Input(shape=(x.shape[1],)), layers.Dense(2)])'
    ].join('\n');
    const report = py(`${HEADER}${src}\n`);
    expect(model(report, 'm').rows.map(r => r.params.keras)).toEqual([BigInt(2002)]);
    expect(report.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
  });
});

describe('layer names Keras refuses', () => {
  it("a name with '/' is Keras 3's ValueError, not a row with a count (tf.keras 2 accepts it)", () => {
    // keras/src/ops/operation.py: "Argument `name` must be a string and cannot contain character `/`."
    const src = `model = keras.Sequential([keras.Input((4,)), layers.Dense(2, name='a/b'), layers.Dense(1)])\n`;
    const k3 = analyzeWith(`${HEADER}${src}`, '3');
    expect(k3.models).toEqual([]);
    expect(k3.diagnostics.map(d => d.message).join('\n')).toMatch(/Keras raises ValueError: a layer's name cannot contain '\/'/);
    const k2 = analyzeWith(`${HEADER}${src}`, '2');
    expect(k2.models[0].rows.map(r => [r.name, r.params.keras])).toEqual([
      ['a/b', 10n],
      ['dense', 3n]
    ]);
  });
});

describe("the __init__ of Keras 3's Layer and Model, reached from a subclass", () => {
  // keras/src/layers/layer.py: Layer.__init__(self, *, activity_regularizer, trainable, dtype, autocast, name,
  // **kwargs) pops input_dim and input_shape and raises ValueError for any other keyword; models/model.py:
  // Model.__init__ passes a call that is not functional (functional_init_arguments) on to it. The messages were
  // checked against Keras 3.15.1.
  const classes = (init: string) =>
    `${HEADER}class L(keras.layers.Layer):\n    def __init__(self, **kwargs):\n        ${init}\n\n` +
    `class M(keras.Model):\n    def __init__(self, **kwargs):\n        ${init}\n        self.d = layers.Dense(3)\n\n    def call(self, x):\n        return self.d(x)\n\n` +
    `m = M()\nm(keras.Input((4,)))\nl = L()\n`;

  it("reports Keras's TypeError for super().__init__(self), at the argument", () => {
    const report = py(classes('super().__init__(self)'));
    expect(errors(report)).toEqual([
      '-:5:26 L: Keras raises TypeError: Layer.__init__() takes 1 positional argument but 2 were given',
      '-:9:26 M: Keras raises TypeError: Layer.__init__() takes 1 positional argument but 2 were given'
    ]);
    // tf.keras 2's Model.__init__ takes *args and leaves them unused (tf_keras 2.21 builds this model).
    expect(errors(analyzeWith(classes('super().__init__(self)').replace('class L(keras.layers.Layer)', 'class L'), '2'))).toEqual([]);
  });

  it("reports Keras's ValueError for a keyword Layer.__init__ does not take, and takes those it does", () => {
    for (const k of ['batch_size=2', 'dynamic=True', 'weights=None', 'units=3']) {
      // At the keyword's value, as every argument location is.
      const [name] = k.split('=');
      const column = 26 + name.length + 1;
      expect(errors(py(classes(`super().__init__(${k}, **kwargs)`)))).toEqual([
        `-:5:${column} L: Keras raises ValueError: unrecognized keyword arguments passed to it: ${name}`,
        `-:9:${column} M: Keras raises ValueError: unrecognized keyword arguments passed to it: ${name}`
      ]);
    }
    const accepted = py(classes('super().__init__(name="n", trainable=True, dtype="float32", autocast=False, input_shape=(4,), **kwargs)'));
    expect(errors(accepted)).toEqual([]);
    expect(model(accepted, 'm').rows.map(r => [r.name, r.params.keras])).toEqual([['dense', 15n]]);
  });

  it('keeps the functional forms of a Model subclass: (inputs, outputs), (inputs, outputs=), (inputs=, outputs=)', () => {
    for (const call of ['super().__init__(i, o)', 'super().__init__(i, outputs=o)', 'super().__init__(inputs=i, outputs=o)']) {
      const src = `${HEADER}class F(keras.Model):\n    def __init__(self):\n        i = keras.Input((4,))\n        o = layers.Dense(2)(i)\n        ${call}\n\nf = F()\n`;
      const report = py(src);
      expect(errors(report)).toEqual([]);
      expect(model(report, 'f').totals.keras.total).toBe(10n);
    }
  });
});

describe('TensorFlow functions on the tensors of a functional model', () => {
  it("are Keras 3's ValueError (a KerasTensor is not a TensorFlow tensor), tf.keras 2's TFOpLambda, and fine in a Lambda", () => {
    // keras/src/backend/common/keras_tensor.py KerasTensor.__tf_tensor__: "A KerasTensor cannot be used as input to a
    // TensorFlow function" (checked with Keras 3.15.1 on tf.concat of two Dense outputs).
    const src =
      `import tensorflow as tf\nx = keras.Input((4,))\na = layers.Dense(2)(x)\nb = layers.Dense(3)(x)\n` +
      `c = tf.concat([a, b], axis=-1)\nm = keras.Model(x, layers.Dense(1)(c))\n` +
      `l = keras.Model(x, layers.Dense(1)(layers.Lambda(lambda t: tf.concat([t, t], axis=-1))(a)))\n`;
    const k3 = analyzeWith(`${HEADER}${src}`, '3');
    expect(errors(k3)[0]).toBe(
      '-:7:5 `tensorflow.concat`: Keras 3 raises ValueError: a KerasTensor cannot be used as input to a TensorFlow function (use keras.ops or a layer; tf.keras 2 took it: pass --keras-version 2)'
    );
    expect(k3.models.map(m => m.variable)).toEqual(['l']);
    expect(model(k3, 'l').totals.keras.total).toBe(15n);
    const k2 = analyzeWith(`${HEADER}${src}`, '2');
    expect(errors(k2)).toEqual([]);
    expect(model(k2, 'm').totals.keras.total).toBe(31n);
  });
});

describe('padding as Keras reads it', () => {
  it('Keras 3 pooling takes "valid" and "same" as written (ValueError for "SAME"); its convolutions and tf.keras 2 pooling lowercase it', () => {
    // keras/src/ops/operation_utils.py compute_pooling_output_shape; utils/argument_validation.py standardize_padding
    // (conv); tf_keras conv_utils.normalize_padding (pooling too).
    const src = `m = keras.Sequential([keras.Input((8, 8, 3)), layers.Conv2D(4, 3, padding="SAME"), layers.MaxPool2D(3, 2, padding="SAME")])\n`;
    const k3 = analyzeWith(`${HEADER}${src}`, '3');
    expect(errors(k3)).toEqual(["-:3:115 max_pooling2d (MaxPooling2D): padding must be one of 'valid', 'same', got \"SAME\" (str)"]);
    expect(row(model(k3, 'm'), 'conv2d').outputShapes?.[0]).toEqual([null, 8n, 8n, 4n]);
    const k2 = analyzeWith(`${HEADER}${src}`, '2');
    expect(errors(k2)).toEqual([]);
    expect(row(model(k2, 'm'), 'max_pooling2d').outputShapes?.[0]).toEqual([null, 4n, 4n, 4n]);
  });
});

describe('a model built by its first training or inference step', () => {
  // The batch sizes Keras 3.15 and tf_keras 2.21 print after fit() / predict() on numpy arrays (measured).
  const data = `import numpy as np\nx = np.random.rand(120, 4)\ny = np.random.rand(120, 3)\n`;

  it('an unbuilt Sequential is built on the first batch: batch_size when there are that many samples, else None', () => {
    for (const [call, batch] of [
      ['m.fit(x, y, epochs=1, batch_size=8)', 8n],
      ['m.fit(x, y, batch_size=8, validation_split=0.5)', 8n],
      ['m.predict(np.random.rand(50, 4))', 32n],
      ['m.fit(x[:4], y[:4])', null],
      ['m.train_on_batch(x, y)', 120n]
    ] as const) {
      for (const version of [2, 3] as const) {
        const report = py(
          `${HEADER}${data}m = keras.Sequential([layers.Dense(16), layers.Dense(3)])\nm.compile(optimizer='adam', loss='mse')\n${call}\n`,
          version
        );
        const m = model(report, 'm');
        expect(m.built).toBe(true);
        expect(m.rows.map(r => [r.outputShapes, r.params.keras])).toEqual([
          [[[batch, 16n]], 80n],
          [[[batch, 3n]], 51n]
        ]);
      }
    }
  });

  it('a subclassed model trained with fit() is built on that batch; a nested model with an Input of its own keeps its own shape', () => {
    const src = `${data}class S(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.a = layers.Dense(16)\n        self.enc = keras.Sequential([keras.Input((16,)), layers.Dense(5)])\n        self.seq = keras.Sequential([layers.Dense(4)])\n    def call(self, x):\n        return self.seq(self.enc(self.a(x)))\ns = S()\ns.compile(optimizer='adam', loss='mse')\ns.fit(x, y, batch_size=8)\n`;
    const s = model(py(`${HEADER}${src}`), 's');
    expect(s.rows.map(r => [r.name, r.outputShapes])).toEqual([
      ['dense', [[8n, 16n]]],
      ['sequential', [[null, 5n]]],
      ['sequential_1', [[8n, 4n]]]
    ]);
  });
});

describe("Keras 1's argument names, as standalone Keras 2.0-2.3 converted them (keras/legacy/interfaces.py)", () => {
  const keras1 = `from keras.models import Sequential, Model\nfrom keras.layers import Convolution2D, MaxPooling2D, Flatten, Dense, LSTM, Embedding, Dropout, Input, Convolution1D\n`;
  const read = (src: string, kerasVersion?: string) => analyze({ name: 'k1.py', content: `${keras1}${src}` }, kerasVersion ? { kerasVersion } : {});

  it('reads Convolution2D(filters, rows, cols), border_mode, subsample, dim_ordering, output_dim, dropout_W, p and Model(input=, output=)', () => {
    const src = `m = Sequential()\nm.add(Convolution2D(6, 5, 5, activation='relu', input_shape=(32, 32, 3)))\nm.add(Convolution2D(16, 3, 3, border_mode='same', subsample=(2, 2)))\nm.add(MaxPooling2D(pool_size=(2, 2)))\nm.add(Flatten())\nm.add(Dense(output_dim=10, init='uniform'))\nm.add(Dropout(p=0.5))\nth = Sequential([Convolution2D(32, 3, 3, input_shape=(3, 32, 32), dim_ordering='th'), MaxPooling2D((2, 2), dim_ordering='th'), Flatten()])\nx = Input(shape=(20,))\ne = Embedding(100, 8, dropout=0.2)(x)\ny = LSTM(output_dim=4, dropout_W=0.2, dropout_U=0.2, consume_less='gpu')(e)\nf = Model(input=x, output=y)\nc = Sequential([Convolution1D(nb_filter=4, filter_length=3, border_mode='same', input_dim=5, input_length=10)])\nm.fit(None, None, nb_epoch=1)\n`;
    const report = read(src);
    expect(report.kerasRelease).toBe('2.3');
    const m = model(report, 'm');
    expect(m.rows.map(r => [r.name, r.outputShapes, r.params.keras])).toEqual([
      ['conv2d_1', [[null, 28n, 28n, 6n]], 456n],
      ['conv2d_2', [[null, 14n, 14n, 16n]], 3n * 3n * 6n * 16n + 16n],
      ['max_pooling2d_1', [[null, 7n, 7n, 16n]], 0n],
      ['flatten_1', [[null, 784n]], 0n],
      ['dense_1', [[null, 10n]], 7850n],
      ['dropout_1', [[null, 10n]], 0n]
    ]);
    expect(model(report, 'th').rows.map(r => [r.outputShapes, r.params.keras])).toEqual([
      [[[null, 32n, 30n, 30n]], 896n],
      [[[null, 32n, 15n, 15n]], 0n],
      [[[null, 7200n]], 0n]
    ]);
    expect(model(report, 'f').rows.map(r => r.params.keras)).toEqual([0n, 800n, 4n * (4n * (8n + 4n) + 4n)]);
    expect(model(report, 'c').rows.map(r => [r.outputShapes, r.params.keras])).toEqual([[[[null, 10n, 4n]], 3n * 5n * 4n + 4n]]);
    expect(errors(report)).toEqual([]);
  });

  it('is Keras 2.3 only: tf.keras read Convolution2D(32, 3, 3) as kernel 3, strides 3, and rejected border_mode', () => {
    const report = read(`m = Sequential([Convolution2D(32, 3, 3, input_shape=(30, 30, 1))])\n`, '2');
    expect(model(report, 'm').rows[0].outputShapes).toEqual([[null, 10n, 10n, 32n]]);
    // Keras 2.3 refuses the positional Keras 1 kernel beside a Keras 2 keyword.
    expect(errors(read(`m = Sequential([Convolution2D(32, 3, 3, padding='same', input_shape=(30, 30, 1))])\n`, '2.3')).join('\n')).toMatch(
      /ValueError/
    );
  });
});
