/** Python as real scripts use it around a model: each feature read exactly, or unknown with its reason. */
import { describe, expect, it } from 'vitest';
import { HEADER, cells, errors, model, py } from './helpers/analyze';
import { formatText } from '../src/core/index';

const counts = (src: string, variable = 'm') => model(py(`${HEADER}${src}`), variable).rows.map(r => r.params.keras);

describe('Python of real scripts', () => {
  it('reads plain classes and instances used as config holders', () => {
    expect(
      counts(
        `class Config:\n    MAX_LEN = 16\n    units = 8\n    def __init__(self, extra=2):\n        self.extra = extra\n        self.total = self.units + extra\nconfig = Config(4)\nConfig.MAX_LEN = 20\nm = keras.Sequential([keras.Input((config.MAX_LEN,)), layers.Dense(config.total)])\n`
      )
    ).toEqual([21n * 12n]);
  });

  it('reads dataclass-style config holders and classes derived from object', () => {
    expect(
      counts(
        `from dataclasses import dataclass\n@dataclass\nclass Cfg:\n    units: int = 8\n    depth: int = 2\nclass Old(object):\n    n = 3\ncfg = Cfg(16, depth=3)\nm = keras.Sequential([keras.Input((Old().n,))] + [layers.Dense(cfg.units) for _ in range(cfg.depth)])\n`
      )
    ).toEqual([64n, 272n, 272n]);
  });

  it('follows while loops whose condition is known, and says so when it is not', () => {
    expect(
      counts(`m = keras.Sequential([keras.Input((64,))])\nwidth = 64\nwhile width > 8:\n    width //= 2\n    m.add(layers.Dense(width))\n`)
    ).toEqual([65n * 32n, 33n * 16n, 17n * 8n]);
    const report = py(`${HEADER}from cfg import done\nm = keras.Sequential([keras.Input((4,))])\nwhile not done():\n    m.add(layers.Dense(4))\n`);
    expect(report.diagnostics.map(d => d.message).join('\n')).toMatch(/condition of this 'while' loop/);
  });

  it('follows list slicing, append, extend, insert, + and * on layer lists', () => {
    const src = `blocks = [layers.Dense(4), layers.Dense(5)]\nblocks.append(layers.Dense(6))\nblocks.extend([layers.Dense(7)])\nblocks.insert(0, layers.Dense(3))\nmore = blocks[1:3] + [layers.Dense(2)]\nm = keras.Sequential([keras.Input((3,))] + more)\n`;
    expect(counts(src)).toEqual([16n, 25n, 12n]);
  });

  it('lists a model whose name a value not known statically took over (load_model of the checkpoint it trained), and says so', () => {
    const build =
      'model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\nmodel.fit(x, y, callbacks=[keras.callbacks.ModelCheckpoint("best.keras")])\n';
    const restored = py(`${HEADER}${build}model = keras.models.load_model("best.keras")\nmodel.evaluate(x, y)\n`);
    expect(restored.models.map(m => [m.variable, m.totals.keras.total])).toEqual([['model', 15n]]);
    expect(restored.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'info',
        location: expect.objectContaining({ line: 5 }),
        message: expect.stringMatching(
          /^'model' is rebound to a value not known statically \(.*load_model.*\): the summary is of the model it held before/
        )
      })
    );
    // Rebound to a model the reader knows, or back to one after the unknown value: only the model the name holds.
    const again = py(
      `${HEADER}${build}model = keras.models.load_model("best.keras")\nmodel = keras.Sequential([keras.Input((2,)), layers.Dense(1)])\n`
    );
    expect(again.models.map(m => [m.variable, m.totals.keras.total])).toEqual([['model', 3n]]);
    expect(again.diagnostics.map(d => d.message).join('\n')).not.toMatch(/rebound/);
    // Only the model the name held right before the unknown value: not one it dropped earlier.
    const dropped = py(`${HEADER}${build}model = "done"\nmodel = keras.models.load_model("best.keras")\n`);
    expect(dropped.models).toEqual([]);
    // A model another name still holds is listed once, as bound: nothing to say.
    const kept = py(`${HEADER}${build}keep = model\nmodel = keras.models.load_model("best.keras")\n`);
    expect(kept.models.map(m => m.variable)).toEqual(['model']);
    expect(kept.diagnostics.map(d => d.message).join('\n')).not.toMatch(/rebound/);
  });

  it('reads := as Python does: the value, bound to the name (also as an argument, never taken for a keyword)', () => {
    const m = model(py(`${HEADER}m = keras.Model(i := keras.Input(shape=(4,)), layers.Dense(3)(i))\n`), 'm');
    expect(m.rows.map(r => [r.name, r.outputShapes, r.params.keras])).toEqual([
      ['input_layer', [[null, 4n]], 0n],
      ['dense', [[null, 3n]], 15n]
    ]);
    expect(counts(`if (n := 8) > 4:\n    m = keras.Sequential([keras.Input((n,)), layers.Dense(n)])\n`)).toEqual([72n]);
    // Bound in a loop the reader does not follow to its end (a training loop, read for one turn; a statement too
    // much work to follow): unknown after it, never the value of the turns it read.
    const training = `base = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\nn = 8\nfor epoch in range(10):\n    base.fit(x, y)\n    print((n := n + 1))\n`;
    const runaway = `a = 'x' * 10**7\nb = 'x' * 10**7\nn = 8\nfor i in range(100000):\n    c = a == b\n    print((n := i))\n`;
    for (const loop of [training, runaway]) {
      const m = model(py(`${HEADER}${loop}m = keras.Sequential([keras.Input((4,)), layers.Dense(n)])\n`), 'm');
      expect(m.rows[0].params.keras, loop).toBeNull();
    }
  });

  it('reads model.layers[...] and get_layer', () => {
    const src = `base = keras.Sequential([keras.Input((3,)), layers.Dense(4, name='a'), layers.Dense(5, name='b')])\nlast = base.layers[-1]\nfirst = base.get_layer('a')\nn = base.layers[0].units + last.units\nm = keras.Sequential([keras.Input((3,)), layers.Dense(n)])\n`;
    expect(counts(src)).toEqual([4n * 9n]);
  });

  it('computes math.prod, np.prod, tf.math.reduce_prod, int() and len()', () => {
    const src = `import math\nimport numpy as np\nimport tensorflow as tf\nshape = (4, 5, 3)\na = math.prod(shape)\nb = int(np.prod(shape[:2]))\nc = int(tf.math.reduce_prod([2, 3]))\nm = keras.Sequential([keras.Input((len(shape),)), layers.Dense(a), layers.Dense(b), layers.Dense(c)])\n`;
    expect(counts(src)).toEqual([4n * 60n, 61n * 20n, 21n * 6n]);
  });

  it('never computes a builtin without a keyword it was given (max(d, key=d.get), enumerate(start=), int(s, base))', () => {
    // A hyperparameter search that keeps the best size: max over the keys by their (unknown) scores.
    const src = `results = {}\nfor units in [16, 64, 256]:\n    results[units] = history.history['val_accuracy'][-1]\nbest = max(results, key=results.get)\nm = keras.Sequential([keras.Input((3,)), layers.Dense(best)])\n`;
    expect(counts(src)).toEqual([null]);
    const start = `for i, u in enumerate([4, 8], start=1):\n    last = i\nm = keras.Sequential([keras.Input((3,)), layers.Dense(last)])\n`;
    expect(counts(start)).toEqual([null]);
    expect(counts(`m = keras.Sequential([keras.Input((3,)), layers.Dense(int('10', 16))])\n`)).toEqual([null]);
    expect(counts(`m = keras.Sequential([keras.Input((3,)), layers.Dense(max([4, 9, 2]))])\n`)).toEqual([36n]);
  });

  it('keeps the shape through keras.applications.<family>.preprocess_input (Keras 3: ops, no row, no warning)', () => {
    const src = `inputs = keras.Input((32, 32, 3))\nx = keras.applications.mobilenet_v2.preprocess_input(inputs)\nx = layers.Flatten()(x)\nm = keras.Model(inputs, layers.Dense(2)(x))\n`;
    const report = py(`${HEADER}${src}`);
    expect(model(report, 'm').rows.map(r => r.params.keras)).toEqual([0n, 0n, 3073n * 2n]);
    expect(report.diagnostics.filter(d => d.severity !== 'info')).toEqual([]);
  });

  it('knows the shapes keras.datasets load_data() returns', () => {
    const src = `(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()\nfrom keras.datasets import mnist\n(a, b), _ = mnist.load_data()\nm = keras.Sequential([keras.Input(x_train.shape[1:]), layers.Flatten(), layers.Dense(a.shape[1])])\nn = keras.Sequential([keras.Input((len(x_test),)), layers.Dense(1)])\n`;
    const report = py(`${HEADER}${src}`);
    expect(model(report, 'm').rows.map(r => r.params.keras)).toEqual([0n, 3073n * 28n]);
    expect(model(report, 'n').rows[0].params.keras).toBe(10001n);
    const boston = counts(
      `(x, y), (xt, yt) = keras.datasets.boston_housing.load_data()\nm = keras.Sequential([keras.Input((x.shape[1],)), layers.Dense(1)])\n`
    );
    expect(boston).toEqual([14n]);
  });

  it('follows numpy constructors, .shape, .reshape and [1:]', () => {
    const src = `import numpy as np\nx = np.zeros((100, 28, 28))\nx = x.reshape(-1, 28, 28, 1).astype('float32')\ny = np.random.rand(100, 10)\nm = keras.Sequential([keras.Input(shape=x.shape[1:]), layers.Flatten(), layers.Dense(y.shape[-1])])\n`;
    expect(counts(src)).toEqual([0n, 785n * 10n]);
  });

  it('indexes data by an array: shuffled rows (np.random.permutation) and a boolean mask keep the rank and the other sizes', () => {
    // keras.io's FordA tutorial: data read from a file, reshaped, then shuffled before the model reads its shape.
    const load = 'import numpy as np\nx = np.loadtxt("FordA_TRAIN.tsv")\nx = x.reshape((x.shape[0], x.shape[1], 1))\n';
    for (const index of [
      'idx = np.random.permutation(len(x))\nx = x[idx]',
      'x = x[np.random.permutation(x.shape[0])]',
      'x = x[np.random.permutation(x)[:, 0, 0] > 0]'
    ]) {
      const report = py(`${HEADER}${load}${index}\ni = keras.Input(shape=x.shape[1:])\nm = keras.Model(i, layers.Conv1D(64, 3)(i))\n`);
      const m = model(report, 'm');
      // The line that says the input shape is inferred names the data its sizes come from.
      expect(report.diagnostics.map(d => d.message).join('\n'), index).toMatch(
        /input shape of 'functional' is not known statically: .*`numpy\.loadtxt\(…\)`/
      );
      expect(
        m.rows.map(r => [r.outputShapes, r.params.keras]),
        index
      ).toEqual([
        [[[null, null, 1n]], 0n],
        [[[null, null, 64n]], 256n]
      ]);
    }
    // Known data: the rows an index takes; an index of floats or of unknown rank tells no rank.
    const known = 'import numpy as np\nx = np.zeros((100, 8, 3))\n';
    expect(counts(`${known}x = x[np.random.permutation(10)]\nm = keras.Sequential([keras.Input(shape=(len(x),)), layers.Dense(1)])\n`)).toEqual([
      11n
    ]);
    const floats = model(
      py(`${HEADER}${known}x = x[np.random.rand(5)]\nm = keras.Sequential([keras.Input(shape=x.shape[1:]), layers.Dense(1)])\n`),
      'm'
    );
    expect(floats.rows[0].params.keras).toBeNull();
  });

  it('knows to_categorical and correct_pad shapes', () => {
    const src = `from keras.utils import to_categorical\nfrom keras.applications import imagenet_utils\n(x, y), _ = keras.datasets.mnist.load_data()\ny = to_categorical(y, 10)\ninp = keras.Input((225, 225, 3))\npad = imagenet_utils.correct_pad(inp, 3)\nt = layers.ZeroPadding2D(padding=pad)(inp)\nf = keras.Model(inp, t)\nm = keras.Sequential([keras.Input((4,)), layers.Dense(y.shape[1])])\n`;
    const report = py(`${HEADER}${src}`);
    expect(model(report, 'm').rows[0].params.keras).toBe(50n);
    // 225 is odd: correct_pad gives ((1, 1), (1, 1)).
    expect(model(report, 'f').rows[1].outputShapes).toEqual([[null, 227n, 227n, 3n]]);
  });

  it('steps over data loading, training, plotting and callbacks silently', () => {
    const src = `import numpy as np\nimport matplotlib.pyplot as plt\nimport pandas as pd\ndf = pd.read_csv('data.csv')\nX = df.drop('y', axis=1).values\nm = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\nm.compile(optimizer='adam', loss='mse')\ncb = keras.callbacks.EarlyStopping(patience=3)\nhistory = m.fit(X, df['y'], epochs=10, callbacks=[cb])\nplt.plot(history.history['loss'])\nplt.show()\nm.save('model.keras')\n`;
    const report = py(`${HEADER}${src}`);
    expect(report.diagnostics).toEqual([]);
    // Keras 3 counts the optimizer fit() built in "Total params": Adam's m and v for each of the 9 weights, its
    // iteration and learning rate.
    const t = model(report, 'm').totals.keras;
    expect([t.trainable, t.optimizer?.params, t.total]).toEqual([9n, 20n, 29n]);
  });

  it('calls a function defined in an earlier cell with the text of that cell', () => {
    const report = cells([`${HEADER}\n\n\ndef block(n):\n    return layers.Dense(n)\n`, 'm = keras.Sequential([keras.Input((2,)), block(3)])\n']);
    expect(model(report, 'm').totals.keras.total).toBe(9n);
  });
});

describe('functools.partial and keras.activations.get', () => {
  it("calls a partial with its arguments first, the call's keywords winning (Hands-On Machine Learning's DefaultConv2D)", () => {
    const src =
      `from functools import partial\nimport functools\n` +
      `Conv = partial(layers.Conv2D, kernel_size=3, padding="same", use_bias=False)\n` +
      `Wide = functools.partial(Conv, 16)\n` +
      `m = keras.Sequential([keras.Input((8, 8, 3)), Conv(4), Conv(4, kernel_size=1, use_bias=True), Wide(strides=2)])\n`;
    const report = py(`${HEADER}${src}`);
    expect(errors(report)).toEqual([]);
    expect(model(report, 'm').rows.map(r => [r.outputShapes?.[0], r.params.keras])).toEqual([
      [[null, 8n, 8n, 4n], 108n],
      [[null, 8n, 8n, 4n], 20n],
      [[null, 4n, 4n, 16n], 576n]
    ]);
  });

  it('reports what Python raises for a partial of nothing or of a value that cannot be called, where it is', () => {
    const report = py(`${HEADER}from functools import partial\np = partial()\nq = partial(3, 4)\n`);
    expect(errors(report)).toEqual([
      "-:4:5 TypeError: type 'partial' takes at least one argument",
      '-:5:13 TypeError: the first argument of functools.partial() must be callable, got 3'
    ]);
  });

  it('gives the activation keras.activations.get() names, which keeps the shape of what it is applied to', () => {
    const src =
      `act = keras.activations.get("relu")\nlin = keras.activations.get(None)\n` +
      `x = keras.Input((8,))\nh = lin(act(layers.Dense(4)(x)))\nm = keras.Model(x, layers.Dense(2)(h))\n`;
    const report = py(`${HEADER}${src}`);
    expect(model(report, 'm').rows.map(r => [r.outputShapes?.[0], r.params.keras])).toEqual([
      [[null, 8n], 0n],
      [[null, 4n], 36n],
      [[null, 2n], 10n]
    ]);
  });
});

describe('sets, dict comprehensions and dict(zip(…))', () => {
  it('counts the elements of a set as Python hashes them, and the keys of a dict comprehension', () => {
    const src = `sentences = [[('Thousands', 'O'), ('of', 'O'), ('London', 'B-geo')], [('of', 'O'), ('Paris', 'B-geo')]]\nwords = sorted({w for s in sentences for w, _ in s}) + ['ENDPAD']\ntags = {t for s in sentences for _, t in s}\nword2idx = {w: i for i, w in enumerate(words)}\nmixed = {1, 1.0, True, 2, (1, 2), (1, 2)}\nchars = set('hello')\nchars.update(['x', 'h'])\nchars.discard('o')\npairs = dict(zip(['a', 'b', 'a'], [1, 2, 3]))\nm = keras.Sequential([keras.Input((len(word2idx),)), layers.Dense(len(tags)), layers.Dense(len(mixed)), layers.Dense(len(chars | {'q'}) + len(chars & {'h', 'z'})), layers.Dense(len(pairs) + pairs['a'] + (1 if 'London' in word2idx else 0))])\n`;
    // Python: 5 words, 2 tags, mixed {1, 2, (1, 2)}, chars {h, e, l, x} | {q} = 5 and & = 1, pairs 2 + 3 + 1.
    expect(counts(src)).toEqual([6n * 2n, 3n * 3n, 4n * 6n, 7n * 6n]);
  });

  it('a set with an element the reader does not know, or an unhashable one, has no size', () => {
    for (const set of ['{1, f()}', '{[1, 2]}', 'set([x for x in f()])']) {
      const report = py(`${HEADER}from lib import f\ns = ${set}\nm = keras.Sequential([keras.Input((2,)), layers.Dense(len(s))])\n`);
      expect(model(report, 'm').rows[0].params.keras).toBeNull();
    }
  });
});

describe('tf.data pipelines', () => {
  const pipeline = `import tensorflow as tf\n(x_train, y_train), _ = keras.datasets.mnist.load_data()\nx_train = (x_train / 255.0)[..., tf.newaxis].astype('float32')\ntrain_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(10000).batch(32)\n`;

  it('a loop over a dataset binds its first batch: a subclassed model called there is built on it', () => {
    const src = `${pipeline}class Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.flat = layers.Flatten()\n        self.out = layers.Dense(10)\n    def call(self, x):\n        return self.out(self.flat(x))\nnet = Net()\nsteps = 0\nfor images, labels in train_ds.take(2):\n    logits = net(images, training=True)\n    steps += 1\nm = keras.Sequential([keras.Input((len(train_ds),)), layers.Dense(1)])\nw = keras.Sequential([keras.Input((2,)), layers.Dense(steps)])\n`;
    const report = py(`${HEADER}${src}`);
    const net = model(report, 'net');
    expect(net.rows.map(r => [r.outputShapes, r.params.keras])).toEqual([
      [[[32n, 784n]], 0n],
      [[[32n, 10n]], 7850n]
    ]);
    // 60,000 images in batches of 32: 1,875 batches; how many times the loop ran is not followed.
    expect(model(report, 'm').rows[0].params.keras).toBe(1876n);
    expect(model(report, 'w').rows[0].params.keras).toBeNull();
  });

  it('after .map() the elements are unknown, and so is what a model called on them needs', () => {
    const src = `${pipeline}class Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.out = layers.Dense(10)\n    def call(self, x):\n        return self.out(x)\nnet = Net()\nfor images, labels in train_ds.map(lambda x, y: (tf.reshape(x, (-1, 784)), y)):\n    net(images)\n`;
    const report = py(`${HEADER}${src}`);
    expect(model(report, 'net').rows[0].params.keras).toBeNull();
  });
});

describe('argparse: a script run with no command-line arguments', () => {
  const args = (lines: string, parse = 'p.parse_args()') => `import argparse\np = argparse.ArgumentParser()\n${lines}a = ${parse}\n`;

  it('gives each option its default, converted by type= as argparse converts string defaults', () => {
    const src = args(
      `p.add_argument('--hidden-units', type=int, default='8')\ng = p.add_argument_group('model')\ng.add_argument('-d', '--depth', default=2, type=int)\np.add_argument('--wide', action='store_true')\np.add_argument('--no-bias', dest='bias', action='store_false')\np.set_defaults(extra=3)\n`
    );
    const report = py(
      `${HEADER}${src}m = keras.Sequential([keras.Input((4,))] + [layers.Dense(a.hidden_units * (2 if a.wide else 1) + a.extra, use_bias=a.bias) for _ in range(a.depth)])\n`
    );
    expect(model(report, 'm').rows.map(r => r.params.keras)).toEqual([11n * 5n, 11n * 12n]);
    expect(report.diagnostics.map(d => d.message)).toContain(
      'argparse: the arguments take their defaults, as when the script runs with no command-line arguments'
    );
  });

  it('reads a literal argv (parse_args([...]), parse_known_args) and flags in it', () => {
    const src = args(
      `p.add_argument('--units', type=int, default=4)\np.add_argument('--wide', action='store_true')\n`,
      "p.parse_known_args(['--units=6', '--wide'])[0]"
    );
    expect(counts(`${src}m = keras.Sequential([keras.Input((2,)), layers.Dense(a.units * (2 if a.wide else 1))])\n`)).toEqual([36n]);
    const spaced = args(`p.add_argument('-u', '--units', type=int, default=4)\n`, "p.parse_args(args=['-u', '5'])");
    expect(counts(`${spaced}m = keras.Sequential([keras.Input((2,)), layers.Dense(a.units)])\n`)).toEqual([15n]);
  });

  it('an option with no default the source gives is unknown with its reason, never a guess', () => {
    const cases: Array<[string, RegExp]> = [
      [`p.add_argument('units', type=int)\n`, /positional command-line argument `units`/],
      [`p.add_argument('--units', type=int, required=True)\n`, /required command-line argument `--units`/],
      [`p.add_argument('--units', type=lambda s: int(s) * 2, default='4')\n`, /converted by a type the reader does not follow/],
      [`p.add_argument('--units', type=int, default='four')\n`, /invalid int value: 'four'/]
    ];
    for (const [lines, why] of cases) {
      const report = py(`${HEADER}${args(lines)}m = keras.Sequential([keras.Input((2,)), layers.Dense(a.units)])\n`);
      expect(model(report, 'm').rows[0].params.keras).toBeNull();
      expect(report.diagnostics.map(d => d.message).join('\n')).toMatch(why);
    }
    const unfollowed = py(
      `${HEADER}${args(`p.add_argument('--units', type=int, default=4)\n`, "p.parse_args(['--epochs', '3'])")}m = keras.Sequential([keras.Input((2,)), layers.Dense(a.units)])\n`
    );
    expect(model(unfollowed, 'm').rows[0].params.keras).toBeNull();
  });
});

describe('f-strings and the main module', () => {
  it('reads f-string layer names and runs the `if __name__ == "__main__"` branch', () => {
    const src = `def main():\n    m = keras.Sequential([keras.Input((3,))])\n    for i in range(2):\n        m.add(layers.Dense(2, name=f"block{i:02d}_{'dense'!s}"))\n    m.summary()\nif __name__ == "__main__":\n    main()\n`;
    const report = py(`${HEADER}${src}`);
    expect(report.diagnostics).toEqual([]);
    expect(report.models[0].rows.map(r => r.name)).toEqual(['block00_dense', 'block01_dense']);
  });

  it('says so when a layer name is not known statically', () => {
    const report = py(`${HEADER}from cfg import prefix\nm = keras.Sequential([keras.Input((3,)), layers.Dense(2, name=f"{prefix}_out")])\n`);
    expect(report.diagnostics.map(d => d.message).join('\n')).toMatch(/its name is not known statically/);
  });
});

describe('never a confident wrong number', () => {
  it('an unresolved call makes its result unknown, never leaves the variable unchanged', () => {
    const report = py(
      `${HEADER}from helpers import scale\nunits = 4\nunits = scale(units)\nm = keras.Sequential([keras.Input((3,)), layers.Dense(units)])\n`
    );
    expect(model(report, 'm').rows[0].params.keras).toBeNull();
  });

  it('a list changed by something the reader does not follow becomes unknown, never keeps or drops an element silently', () => {
    const report = py(
      `${HEADER}blocks = [layers.Dense(4), layers.Dense(5)]\nblocks.sort(key=lambda l: l.units)\nm = keras.Sequential([keras.Input((3,))] + blocks)\n`
    );
    expect(model(report, 'm').totals.keras.unknownLayers).toBeGreaterThan(0);
    expect(model(report, 'm').rows.every(r => r.params.keras === null)).toBe(true);
  });

  it('an unknown element of a layer list is an unknown row: later counts do not shift', () => {
    const report = py(`${HEADER}from mylib import Custom\nm = keras.Sequential([keras.Input((3,)), layers.Dense(4), Custom(), layers.Dense(2)])\n`);
    const rows = model(report, 'm').rows;
    expect(rows.length).toBe(3);
    expect(rows[0].params.keras).toBe(16n);
    expect(rows[1].params.keras).toBeNull();
    expect(rows[2].params.keras).toBeNull(); // its input width depends on the unknown layer
  });

  it('a loop the reader cannot run leaves nothing as it was: what it sets or changes is unknown, a model it adds to gets an unknown row', () => {
    const loop = `from data import lines\nchars = set()\ntexts = []\nwidth = 4\nm = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\nfor line in lines:\n    texts.append(line)\n    for c in line:\n        chars.add(c)\n    width = len(line)\n    m.add(layers.Dense(3))\n`;
    const report = py(`${HEADER}${loop}n = keras.Sequential([keras.Input((len(chars),)), layers.Dense(width), layers.Dense(len(texts) + 1)])\n`);
    const m = model(report, 'm');
    expect(m.rows.map(r => r.params.keras)).toEqual([8n, null]);
    expect(m.totals.keras.unknownLayers).toBe(1);
    const n = model(report, 'n');
    expect(n.rows.every(r => r.params.keras === null)).toBe(true);
    expect(n.rows[0].problem).toMatch(/loop at line \d+, over values not known statically/);
    // A while loop whose condition is not known: the same.
    const whileLoop = py(
      `${HEADER}from data import more\nsizes = [4]\nwhile more():\n    sizes.append(8)\nm = keras.Sequential([keras.Input((3,)), layers.Dense(len(sizes))])\n`
    );
    expect(model(whileLoop, 'm').rows[0].params.keras).toBeNull();
  });

  it('a loop over values not known statically that builds a model reads its body once: the model is there, what depends on the loop is unknown', () => {
    const report = py(
      `${HEADER}import numpy as np\nfolds = np.load('folds.npy')\nscores = []\nfor train, test in folds:\n    model = keras.Sequential([keras.Input((6,)), layers.Dense(4), layers.Dense(len(train))])\n    model.summary()\n    scores.append(model.evaluate(test))\nm = keras.Sequential([keras.Input((2,)), layers.Dense(len(scores))])\n`,
      3
    );
    const built = model(report, 'model');
    expect(built.rows.map(r => r.params.keras)).toEqual([28n, null]);
    expect(model(report, 'm').rows[0].params.keras).toBeNull();
    // Adding to a model from before the loop is not read once: the adds are one unknown row.
    const adds = py(`${HEADER}from data import sizes\nm = keras.Sequential([keras.Input((3,))])\nfor s in sizes:\n    m.add(layers.Dense(8))\n`);
    expect(model(adds, 'm').rows.map(r => r.params.keras)).toEqual([null]);
  });

  it('an Input whose shape is not known at all still makes a model: a layer that takes one rank fixes it, the rest follows', () => {
    const report = py(
      `${HEADER}import numpy as np\ndata = np.loadtxt('f.tsv')\ninp = keras.Input(data.shape[1:])\nh = layers.Conv1D(64, 3, padding='same')(inp)\nh = layers.Conv1D(64, 3, padding='same')(h)\nout = layers.Dense(1)(layers.GlobalAveragePooling1D()(layers.BatchNormalization()(h)))\nmodel = keras.Model(inp, out)\n`
    );
    const m = model(report, 'model');
    expect(m.rows.map(r => r.params.keras)).toEqual([0n, null, 12352n, 256n, 0n, 65n]);
    expect(m.inferred?.note).toMatch(/input of unknown rank/);
  });

  it('a comprehension over values not known statically, or keeping elements on a condition not known statically, is unknown: never a wrong length', () => {
    for (const list of ['[s.strip() for s in open("labels.txt")]', '[l for l in base.layers if isinstance(l, layers.Dense)]']) {
      const report = py(
        `${HEADER}base = keras.Sequential([keras.Input((3,)), layers.Dense(2), layers.Dropout(0.1)])\nnames = ${list}\nm = keras.Sequential([keras.Input((2,)), layers.Dense(len(names))])\n`
      );
      expect(model(report, 'm').rows[0].params.keras).toBeNull();
      expect(report.diagnostics.map(d => d.message).join('\n')).not.toMatch(/is not defined/);
    }
  });

  it('a statement that cannot be read leaves what it sets unknown, never its old value (Add([x, y]) is a TypeError)', () => {
    const report = py(
      `${HEADER}inputs = keras.Input((8, 8, 3))\nx = layers.Conv2D(4, 3, padding='same')(inputs)\ny = layers.Conv2D(4, 3, padding='same')(x)\nx = layers.Add([x, y])\nx = layers.Activation('relu')(x)\nm = keras.Model(inputs, layers.Dense(2)(layers.Flatten()(x)))\n`
    );
    expect(report.models.filter(m => m.variable === 'm')).toEqual([]);
    expect(errors(report).join('\n')).toMatch(/Add takes at most 0 positional arguments/);
  });

  it("a layer method the reader does not know returns an unknown value, never None (get_weights(), StringLookup's get_vocabulary() of data)", () => {
    const report = py(
      `${HEADER}base = keras.Sequential([keras.Input((3,)), layers.Dense(4)])\nkernel, bias = base.layers[0].get_weights()\nlookup = layers.StringLookup(vocabulary=['a', 'b', 'c'], mask_token=None)\nm = keras.Sequential([keras.Input((2,)), layers.Dense(len(lookup.get_vocabulary())), layers.Dense(len(kernel))])\n`
    );
    expect(model(report, 'm').rows.map(r => r.params.keras)).toEqual([12n, null]);
    expect(errors(report).join('\n')).not.toMatch(/cannot unpack/);
  });

  it('reads floats written with a trailing dot (1./255, 255.), which @lezer/python leaves as an error', () => {
    const report = py(
      `${HEADER}scale = 1./255\nsizes = [2., 3.]\nm = keras.Sequential([keras.Input((int(sizes[0] * 2.),)), layers.Rescaling(1./255), layers.Dense(int(sizes[1]))])\n`
    );
    expect(errors(report)).toEqual([]);
    expect(model(report, 'm').rows.map(r => r.params.keras)).toEqual([0n, 15n]);
  });

  it('takes range and zip from six.moves and builtins as the builtins', () => {
    expect(counts(`from six.moves import range, zip\nm = keras.Sequential([keras.Input((2,))] + [layers.Dense(3) for _ in range(2)])\n`)).toEqual([
      9n,
      12n
    ]);
  });

  it('reports a problem met on every call of a helper once', () => {
    const report = py(
      `${HEADER}from lib import f\ndef block(x):\n    return layers.Dense(f())(x)\nx = keras.Input((3,))\nfor _ in range(5):\n    x = block(x)\n`
    );
    const messages = report.diagnostics.map(d => `${d.location?.line}:${d.message}`);
    expect(new Set(messages).size).toBe(messages.length);
  });

  it('a custom class the reader cannot follow is a clearly marked unknown row that never blocks the rest', () => {
    const report = py(
      `${HEADER}class Weird(layers.Layer):\n    def call(self, x):\n        return some_library.transform(x)\nx = keras.Input((3,))\ny = Weird()(x)\nz = layers.Dense(2)(x)\nf = keras.Model(x, [y, z])\n`
    );
    const rows = model(report, 'f').rows;
    expect(rows.find(r => r.name === 'weird')?.outputShapes).toEqual([null]);
    expect(rows.find(r => r.name === 'weird')?.problem).toMatch(/Weird/);
    expect(rows.find(r => r.name === 'dense')?.params.keras).toBe(8n);
    expect(errors(report)).toEqual([]);
  });
});

describe('snippets without their imports', () => {
  it('reads tf, keras and layers as everyone imports them, and bare Sequential and Model as Keras, each said once', () => {
    const tf = py(
      `model = tf.keras.Sequential([\ntf.keras.layers.Embedding(input_dim=4500, output_dim=16),\ntf.keras.layers.Bidirectional(tf.keras.layers.GRU(32)),\ntf.keras.layers.Dense(1)\n])\nmodel.build((None, 200))\n`,
      3
    );
    expect(model(tf, 'model').totals.keras.total).toBe(72000n + 9600n + 65n);
    expect(tf.diagnostics.map(d => d.message)).toEqual(["name 'tf' is not imported; read as tensorflow"]);
    const bare = py(
      `def build(shape):\n    x = Input(shape)\n    y = layers.Dense(2)(x)\n    return Model(inputs=x, outputs=y)\nm = build((3,))\ns = Sequential()\ns.add(Dense(1, input_shape=(4,)))\n`,
      3
    );
    expect([model(bare, 'm').totals.keras.total, model(bare, 's').totals.keras.total]).toEqual([8n, 5n]);
    expect(errors(bare)).toEqual([]);
  });
});

describe('layers and models called on data, eagerly', () => {
  it('returns data of the output shape, builds what is unbuilt on it (batch included), and records no node', () => {
    const src = `${HEADER}import tensorflow as tf
import numpy as np
gen = keras.Sequential([keras.Input((100,)), layers.Dense(16), layers.Reshape((4, 4, 1))])
image = gen(tf.random.normal([1, 100]), training=False)
disc = keras.Sequential([layers.Conv2D(2, 3), layers.Flatten(), layers.Dense(1)])
decision = disc(image)
probe = keras.Sequential([keras.Input((5,)), layers.Dense(3, name='head')])
batch = np.expand_dims(np.zeros(5), 0)
out = probe(tf.expand_dims(tf.zeros((5,)), axis=0))
n = out.shape[-1] + image.shape[1]
k = keras.Sequential([keras.Input((n,)), layers.Dense(2)])
`;
    const report = py(src);
    expect(errors(report)).toEqual([]);
    const disc = model(report, 'disc');
    expect(disc.built).toBe(true);
    expect(disc.rows.map(r => r.outputShapes)).toEqual([[[1n, 2n, 2n, 2n]], [[1n, 8n]], [[1n, 1n]]]);
    expect(disc.rows.map(r => r.params.keras)).toEqual([20n, 0n, 9n]);
    // 3 + 4 features.
    expect(model(report, 'k').rows[0].params.keras).toBe(16n);
    // An eager call is no node: tf.keras 2 still prints the one shape of the layer's symbolic calls.
    const keras2 = py(
      `${HEADER}import numpy as np\nd = layers.Dense(3)\na = keras.Input((4,))\nb = keras.Input((4,))\nm = keras.Model([a, b], layers.Add()([d(a), d(b)]))\ny = d(np.zeros((2, 5, 4)))\n`,
      2
    );
    expect(formatText(keras2, 'keras')).toMatch(/│ dense \(Dense\)\s+│ \(None, 3\)/);
  });
});

it('steps over a layer called on data it cannot follow: no error, the layer built on it, the result as unknown', () => {
  // The TensorFlow text-generation tutorial's preprocessing, with the vocabulary read from a downloaded file.
  const src = `${HEADER}import tensorflow as tf
text = open(tf.keras.utils.get_file('shakespeare.txt', URL), 'rb').read().decode(encoding='utf-8')
vocab = sorted(set(text))
ids_from_chars = layers.StringLookup(vocabulary=list(vocab), mask_token=None)
ids = ids_from_chars(tf.strings.unicode_split(text, 'UTF-8'))
emb = layers.Embedding(50, 8)
e = emb(ids)
d = layers.Dense(4)
f = d(e)
inp = keras.Input((3,))
m = keras.Model(inp, layers.Dense(2)(f))
`;
  const report = py(src);
  expect(report.diagnostics.filter(d => d.severity !== 'info').map(d => [d.severity, d.location?.line])).toEqual([['error', 13]]);
  // The model made of it says why, from the first value not followed.
  expect(errors(report)[0]).toMatch(
    /Model\(inputs, outputs\) needs symbolic tensors; got an unknown value \(`tensorflow\.strings\.unicode_split\(…\)`/
  );
});

it('builds a layer called on unknown data with the weights that need nothing of it, and no others', () => {
  const src = `${HEADER}import tensorflow as tf
batch = tf.strings.unicode_split(open('x.txt').read(), 'UTF-8')
emb = layers.Embedding(50, 8)
d = layers.Dense(4)
y = d(emb(batch))
m = keras.Sequential([emb])
n = keras.Sequential([d])
`;
  const report = py(src);
  expect(errors(report)).toEqual([]);
  expect(model(report, 'm').rows.map(r => r.params.keras)).toEqual([400n]);
  const dense = model(report, 'n').rows[0];
  expect(dense.params.keras).toBeNull();
  expect(dense.problem).toBeTruthy();
});

describe('patches, as vision transformers cut them', () => {
  it('reads ops.image.extract_patches and tf.image.extract_patches, and a reshape to a size from ops.shape', () => {
    const src = `${HEADER}import tensorflow as tf
from keras import ops
class Patches(layers.Layer):
    def call(self, images):
        s = ops.shape(images)
        patches = ops.image.extract_patches(images, size=4)
        return ops.reshape(patches, (s[0], (s[1] // 4) * (s[2] // 4), 4 * 4 * s[3]))
class TfPatches(layers.Layer):
    def call(self, images):
        return tf.image.extract_patches(images=images, sizes=[1, 4, 4, 1], strides=[1, 2, 2, 1], rates=[1, 1, 1, 1], padding="VALID")
x = keras.Input((16, 16, 3))
m = keras.Model(x, [Patches()(x), TfPatches()(x)])
`;
    const report = py(src);
    expect(errors(report)).toEqual([]);
    expect(
      model(report, 'm')
        .rows.slice(1)
        .map(r => r.outputShapes)
    ).toEqual([[[null, 16n, 48n]], [[null, 7n, 7n, 48n]]]);
  });
});

describe('training loops', () => {
  it('steps over a training loop quickly and quietly after its first turn, and runs every turn of a loop that builds', () => {
    // A GAN's loop as published: epochs × batches of train_on_batch through helpers; a model defined after it.
    const src = `${HEADER}import numpy as np
d = keras.Sequential([keras.Input((4,)), layers.Dense(1)])
d.compile(loss='mse')
def batch(n):
    return np.ones((n, 4)), np.ones((n, 1))
history = []
step = 0
for epoch in range(100000):
    for j in range(1000):
        x, y = batch(8)
        loss = d.train_on_batch(x, y)
        history.append(loss)
        step += 1
after = keras.Sequential([keras.Input((4,)), layers.Dense(step)])
m = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
`;
    const report = py(src);
    // Nothing said of the loop itself; the layer that needs what it counted says why it is unknown.
    expect(report.diagnostics.map(d => d.message)).toEqual([
      expect.stringMatching(/^dense_1 \(Dense\): units is not known statically \(set or changed in the training loop at line 10,/)
    ]);
    expect(model(report, 'm').totals.keras.total).toBe(15n);
    // What the loop sets is unknown after it, with why: never the count of its first turn.
    expect(model(report, 'after').rows[0].params.keras).toBeNull();
    expect(model(report, 'after').rows[0].problem).toMatch(/training loop at line \d+, whose later turns are not followed/);
    // A loop whose turns make layers runs every turn, training or not; so does one that prints a summary.
    const grow = py(
      `${HEADER}m = keras.Sequential([keras.Input((4,))])\nm.compile(loss='mse')\nfor i in range(3):\n    m.add(layers.Dense(4))\n    m.fit(None)\n`
    );
    expect(model(grow, 'm').rows.length).toBe(3);
    // One that adds to a model on some turns only is read turn by turn.
    const later = py(
      `${HEADER}m = keras.Sequential([keras.Input((4,)), layers.Dense(4)])\nfor epoch in range(10):\n    m.fit(None)\n    if epoch == 5:\n        m.add(layers.Dense(2))\n`
    );
    expect(model(later, 'm').rows.map(r => r.params.keras)).toEqual([20n, 10n]);
    // A loop that runs no model is no training loop: every turn counts.
    expect(counts(`units = 2\nfor i in range(3):\n    units *= 2\nm = keras.Sequential([keras.Input((4,)), layers.Dense(units)])\n`)).toEqual([80n]);
    const shown = py(`${HEADER}m = keras.Sequential([keras.Input((4,)), layers.Dense(4)])\nfor i in range(3):\n    m.fit(None)\n    m.summary()\n`);
    expect(shown.models.filter(x => x.summaryCall).length).toBe(3);
    // Over values it cannot list (a generator, a module's name), a loop is read once and says nothing; what it sets
    // says why wherever a model needs it.
    const features = (body: string) =>
      py(
        `${HEADER}from data import generator\nbase = keras.Sequential([keras.Input((4,)), layers.Dense(4)])\nfeatures = [0] * 10\ni = 0\nfor x_batch, y_batch in generator:\n${body}    i += 1\nhead = keras.Sequential([keras.Input((4,)), layers.Dense(i)])\n`
      );
    for (const body of ['    features[i] = base.predict(x_batch)\n', '    features[i] = x_batch\n'])
      expect(features(body).diagnostics.map(d => d.message)).toEqual([
        expect.stringMatching(
          /^dense_1 \(Dense\): units is not known statically \(set or changed in the loop at line 7, over values not known statically\)/
        )
      ]);
    // A while loop over epochs likewise.
    const whileLoop = py(
      `${HEADER}m = keras.Sequential([keras.Input((4,)), layers.Dense(4)])\nepoch = 0\nwhile epoch < 10 ** 9:\n    m.train_on_batch(None, None)\n    epoch += 1\n`
    );
    expect(whileLoop.diagnostics).toEqual([]);
  });
});

describe('models inside a subclassed model, on data the reader cannot follow', () => {
  // The TensorFlow autoencoder tutorial's Denoise, trained on data the reader does not hold.
  const denoise = (data: string) => `${HEADER}import numpy as np
import tensorflow as tf
${data}
class Denoise(keras.Model):
  def __init__(self):
    super(Denoise, self).__init__()
    self.encoder = tf.keras.Sequential([
      layers.Input(shape=(28, 28, 1)),
      layers.Conv2D(16, (3, 3), activation='relu', padding='same', strides=2),
      layers.Conv2D(8, (3, 3), activation='relu', padding='same', strides=2)])
    self.decoder = tf.keras.Sequential([
      layers.Conv2DTranspose(8, kernel_size=3, strides=2, activation='relu', padding='same'),
      layers.Conv2D(1, kernel_size=(3, 3), activation='sigmoid', padding='same')])
  def call(self, x):
    return self.decoder(self.encoder(x))
autoencoder = Denoise()
autoencoder.compile(optimizer='adam', loss='mse')
autoencoder.fit(x_noisy, x, epochs=10)
autoencoder.decoder.summary()
`;

  it('a model with its own input gives its own outputs on any data (Keras raises on data they do not accept)', () => {
    const report = py(denoise('x = np.load("x.npy")\nx_noisy = x'));
    const decoder = report.models.find(m => m.summaryCall)!;
    expect(decoder.inferred).toBeNull();
    expect(decoder.rows.map(r => [r.outputShapes, r.params.keras])).toEqual([
      [[[null, 14n, 14n, 8n]], 584n],
      [[[null, 14n, 14n, 1n]], 73n]
    ]);
  });

  it('data made elementwise from data it holds keeps its shape (tf.clip_by_value, tf.cast, np.clip)', () => {
    const data = `(x, _), _ = keras.datasets.fashion_mnist.load_data()
x = x.astype('float32')[..., tf.newaxis] / 255.
x_noisy = tf.clip_by_value(x + 0.2 * tf.random.normal(shape=x.shape), clip_value_min=0., clip_value_max=1.)
x_noisy = np.clip(tf.cast(x_noisy, tf.float32), 0, 1)`;
    const report = py(denoise(data));
    const trained = model(report, 'autoencoder');
    expect(trained.inferred).toBeNull();
    expect(trained.rows.map(r => r.params.keras)).toEqual([160n + 1160n, 584n + 73n]);
  });

  it('a Sequential without an input that such a call builds is said to be built by Keras on that data, not unbuilt', () => {
    const src = `${HEADER}import numpy as np\nx = np.load("x.npy")\nclass M(keras.Model):\n  def __init__(self):\n    super().__init__()\n    self.body = keras.Sequential([layers.Conv2D(8, 3, padding='same'), layers.Conv2D(4, 3)])\n  def call(self, x):\n    return self.body(x)\nm = M()\nm.compile(optimizer='adam', loss='mse')\nm.fit(x, x)\nm.body.summary()\n`;
    const body = py(src).models.find(x => x.summaryCall)!;
    expect(body.inferred?.reason).toBe('unknownInput');
    expect(body.inferred?.note).toMatch(/^Keras builds 'sequential' on data whose shape is not known statically/);
    expect(body.rows.map(r => r.params.keras)).toEqual([null, 292n]);
  });

  it("reads a scalar's .numpy() and .item() (tf.math.reduce_prod(shape).numpy())", () => {
    expect(
      counts(
        `shape = (28, 28)\nm = keras.Sequential([keras.Input((4,)), layers.Dense(tf.math.reduce_prod(shape).numpy()), layers.Dense(np.prod(shape).item())])\n`.replace(
          'shape =',
          'import numpy as np\nimport tensorflow as tf\nshape ='
        )
      )
    ).toEqual([5n * 784n, 785n * 784n]);
  });

  it('a functional model used as a layer calls its custom layers again with every argument they were given', () => {
    // keras.io's English-Spanish Transformer: TransformerDecoder()(x, encoded_seq_inputs) inside `decoder`, then decoder([…]).
    const src = `${HEADER}class Cross(layers.Layer):\n    def __init__(self, units, **kwargs):\n        super().__init__(**kwargs)\n        self.dense = layers.Dense(units)\n    def call(self, inputs, context, mask=None):\n        return self.dense(inputs) + context\nq = keras.Input((None, 8))\nc = keras.Input((None, 8))\ndec = keras.Model([q, c], Cross(8)(q, c))\na = keras.Input((None, 8))\nb = keras.Input((None, 8))\nm = keras.Model([a, b], dec([a, b]))\n`;
    const report = py(src);
    expect(report.diagnostics).toEqual([]);
    expect(model(report, 'm').rows.map(r => [r.name, r.outputShapes, r.params.keras])).toEqual([
      ['input_layer_2', [[null, null, 8n]], 0n],
      ['input_layer_3', [[null, null, 8n]], 0n],
      ['functional', [[null, null, 8n]], 72n]
    ]);
  });
});

describe('arguments the reader cannot list', () => {
  it('`zip(*pairs)` of a list it does not know is a value it does not know, not an error; a call into Keras or a list method stays one', () => {
    const report = py(
      `${HEADER}from data import lines\npairs = []\nfor line in lines:\n    pairs.append(line.split())\na, b = zip(*pairs)\nprint(*pairs)\nm = keras.Sequential([keras.Input((4,)), layers.Dense(len(a))])\n`
    );
    expect(report.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
    expect(model(report, 'm').rows[0].problem).toMatch(/`\*pairs` cannot be expanded statically/);
    const extend = py(
      `${HEADER}from data import groups\nblocks = [layers.Dense(2)]\nblocks.extend(*groups)\nm = keras.Sequential([keras.Input((4,))] + blocks)\n`
    );
    expect(extend.diagnostics.map(d => d.message)).toContainEqual(expect.stringMatching(/^`\*groups` cannot be expanded statically/));
    expect(errors(py(`${HEADER}from data import sizes\nm = keras.Sequential()\nm.add(*sizes)\n`))).toContainEqual(
      expect.stringMatching(/ `\*sizes` cannot be expanded statically/)
    );
  });
});

describe('sizes the source does not give, through merges and ops', () => {
  // Machine Learning Mastery's multichannel CNN: three Input(shape=(length,)) channels, length from the data.
  const channels = (merge: string) => `${HEADER}import numpy as np
from keras.layers.merge import concatenate
from keras.layers import merge
length = np.load("x.npy").shape[1]
flats = []
ins = []
for k in (4, 6):
    i = keras.Input(shape=(length,))
    e = layers.Embedding(100, 8)(i)
    c = layers.Conv1D(filters=32, kernel_size=k, activation='relu')(e)
    flats.append(layers.Flatten()(c))
    ins.append(i)
merged = ${merge}
m = keras.Model(ins, layers.Dense(1)(layers.Dense(10)(merged)))
`;

  it("reads Keras 2's keras.layers.merge.concatenate as the concatenate layer, and says why the Dense after it is unknown", () => {
    for (const merge of ['concatenate(flats)', 'merge.concatenate(flats)']) {
      const report = py(channels(merge), 2);
      expect(errors(report)).toEqual([]);
      const rows = model(report, 'm').rows;
      expect(rows.map(r => r.className)).toContain('Concatenate');
      expect(rows.map(r => r.params.keras).slice(-2)).toEqual([null, 11n]);
      expect(rows.find(r => r.className === 'Conv1D')!.params.keras).toBe(4n * 8n * 32n + 32n);
    }
  });

  it('an op on a tensor with a size the source does not give passes that on: what needs it is unknown, not an error', () => {
    // Keras 3 takes keras.ops on a KerasTensor (a TensorFlow function raises ValueError there); tf.keras 2 takes tf.concat.
    for (const [version, op] of [
      [2, 'tf.concat'],
      [3, 'keras.ops.concatenate']
    ] as const) {
      const report = py(
        channels(`${op}(flats, axis=-1) * 2.0`).replace('import numpy as np', 'import numpy as np\nimport tensorflow as tf'),
        version
      );
      expect(errors(report)).toEqual([]);
      expect(
        model(report, 'm')
          .rows.filter(r => r.className === 'Dense')
          .map(r => r.params.keras)
      ).toEqual([null, 11n]);
    }
  });

  it('inside a custom layer too: an op in its call() on such a tensor leaves the Dense after it unknown, not an error', () => {
    const custom = `${HEADER}import numpy as np\nimport tensorflow as tf\nclass Twice(layers.Layer):\n    def __init__(self):\n        super().__init__()\n        self.proj = layers.Dense(4)\n    def call(self, x):\n        return self.proj(tf.concat([x, x], axis=-1))\nlength = np.load("x.npy").shape[1]\ni = keras.Input(shape=(length,))\nm = keras.Model(i, Twice()(layers.Flatten()(layers.Embedding(100, 8)(i))))\n`;
    const report = py(custom);
    expect(errors(report)).toEqual([]);
    expect(model(report, 'm').rows.at(-1)!.params.keras).toBeNull();
  });
});

describe("Keras's text Tokenizer on texts the source writes", () => {
  // Machine Learning Mastery, "How to Use Word Embedding Layers for Deep Learning with Keras", as published.
  const docs = `docs = ['Well done!',\n\t\t'Good work',\n\t\t'Great effort',\n\t\t'nice work',\n\t\t'Excellent!',\n\t\t'Weak',\n\t\t'Poor effort!',\n\t\t'not good',\n\t\t'poor work',\n\t\t'Could have done better.']\n`;
  const head = `${HEADER}from numpy import zeros\nfrom keras.preprocessing.text import Tokenizer\nfrom keras.preprocessing.sequence import pad_sequences\nfrom keras.models import Sequential\nfrom keras.layers import Dense, Flatten, Embedding\n${docs}`;

  it('gives word_index, texts_to_sequences and pad_sequences the sizes the script computes', () => {
    const src = `${head}t = Tokenizer()\nt.fit_on_texts(docs)\nvocab_size = len(t.word_index) + 1\nencoded_docs = t.texts_to_sequences(docs)\npadded_docs = pad_sequences(encoded_docs, maxlen=4, padding='post')\nlongest = pad_sequences(encoded_docs)\nembedding_matrix = zeros((vocab_size, 100))\nfor word, i in t.word_index.items():\n\tembedding_vector = embeddings_index.get(word)\n\tif embedding_vector is not None:\n\t\tembedding_matrix[i] = embedding_vector\nmodel = Sequential()\nmodel.add(Embedding(vocab_size, 100, weights=[embedding_matrix], input_length=padded_docs.shape[1], trainable=False))\nmodel.add(Flatten())\nmodel.add(Dense(longest.shape[1] + len(encoded_docs[9]) - 6, activation='sigmoid'))\n`;
    const report = py(src, 2);
    // 14 words (done, work, effort, good and poor twice), indices from 1; the longest text has 4 words.
    expect(model(report, 'model').rows.map(r => [r.outputShapes, r.params.keras])).toEqual([
      [[[null, 4n, 100n]], 1500n],
      [[[null, 400n]], 0n],
      [[[null, 2n]], 802n]
    ]);
    // The branch that fills the matrix makes no layer: nothing to say about its condition.
    expect(report.diagnostics.filter(d => d.severity !== 'info')).toEqual([]);
  });

  it('follows num_words and oov_token as Keras does, and leaves a vocabulary of texts it does not know unknown', () => {
    const seq = (args: string) =>
      model(
        py(
          `${head}t = Tokenizer(${args})\nt.fit_on_texts(docs)\ns = t.texts_to_sequences(['work poor unseen words'])\nm = keras.Sequential([keras.Input((len(s[0]),)), layers.Dense(len(t.word_index))])\n`
        ),
        'm'
      ).rows[0].params.keras;
    // As tf_keras gives it: work is 1 and poor 5 (by count, ties in first-seen order); num_words=5 keeps indices
    // below 5; an OOV token takes index 1 and stands for each word left out.
    expect(seq('')).toBe(3n * 14n);
    const index = (word: string) =>
      model(
        py(`${head}t = Tokenizer()\nt.fit_on_texts(docs)\nm = keras.Sequential([keras.Input((1,)), layers.Dense(t.word_index['${word}'])])\n`),
        'm'
      ).rows[0].params.keras;
    expect([index('work'), index('done'), index('good'), index('effort'), index('poor'), index('well')]).toEqual([2n, 4n, 6n, 8n, 10n, 12n]);
    expect(seq('num_words=5')).toBe(2n * 14n);
    expect(seq("num_words=5, oov_token='<OOV>'")).toBe(5n * 15n);
    const unknownTexts = py(
      `${head}import pandas as pd\nt = Tokenizer()\nt.fit_on_texts(pd.read_csv('x.csv').text)\nm = keras.Sequential([keras.Input((4,)), layers.Embedding(len(t.word_index) + 1, 8)])\n`
    );
    expect(model(unknownTexts, 'm').rows[0].problem).toMatch(/the texts a Tokenizer is fitted on are not known statically/);
  });

  it('data reshaped to sizes the source writes keeps them: the channel axis of (x.shape[0], x.shape[1], 1)', () => {
    // The stock-price and FordA tutorials: data read from a file, reshaped for an LSTM or a Conv1D.
    const shapes = (reshape: string) =>
      model(
        py(
          `${HEADER}import numpy as np\nx = np.loadtxt("f.tsv")[:, 1:]\n${reshape}\ni = keras.Input(shape=(x.shape[1], x.shape[2]))\nm = keras.Model(i, layers.LSTM(50)(i))\n`
        ),
        'm'
      ).rows.map(r => r.params.keras);
    for (const reshape of [
      'x = np.reshape(x, (x.shape[0], x.shape[1], 1))',
      'x = x.reshape((x.shape[0], x.shape[1], 1))',
      'x = x.reshape(x.shape[0], -1, 1)'
    ])
      expect(shapes(reshape), reshape).toEqual([0n, 10400n]);
    // Held data with a size it does not know, reshaped the same way (np.load → an array of unknown sizes).
    expect(shapes('x = np.zeros((len(open("f").read()), 60))\nx = x.reshape((x.shape[0], x.shape[1], 1))')).toEqual([0n, 10400n]);
  });
});
