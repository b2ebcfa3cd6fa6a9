/**
 * The seed as published (tensorflow.compat.v1, no Input, no --keras-version) and Keras versions given as
 * major.minor. The goldens check the figures against tf_keras; this checks that every entry point
 * (engine without options, CLI, magic) reads the seed as Keras 2 on its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { analyze, analyzeCells, parseKerasVersion, toJson, type JsonLayer } from '../src/core/index';
import { runMagic } from '../src/lab/magic';
import { MIME_TYPE, type IMagicPayload } from '../src/lab/magic-syntax';

const ROOT = join(__dirname, '..');
const MODELS = join(ROOT, 'test', 'fixtures', 'models');
const CLI = join(ROOT, 'dist', 'model-summary.cjs');
const SEED_LSTM = join(MODELS, 'seed_published_lstm.py');
const SEED_CUDNN = join(MODELS, 'seed_published_cudnnlstm.py');

// Each test starts the CLI process a few times: allow for a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

const figures = (l: JsonLayer) => [l.name, l.outputShape, l.params.keras, l.params.cudnn, l.params.declared];

beforeAll(() => {
  execFileSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, stdio: 'ignore' });
});

describe('the seed exactly as published', () => {
  for (const [path, declared] of [
    [SEED_LSTM, 1442400],
    [SEED_CUDNN, 1444800]
  ] as const) {
    const file = path.split('/').pop()!;

    it(`${file}: the engine, with no options, prints the published table`, () => {
      const report = toJson(analyze({ name: path, content: readFileSync(path, 'utf8') }));
      expect(report.kerasVersion).toBe(2);
      expect(report.models[0].layers.map(figures)).toEqual([
        ['embedding', [null, null, 300], 192000, 192000, 192000],
        ['bidirectional', [null, null, 600], 1442400, 1444800, declared]
      ]);
      expect(report.diagnostics).toEqual([
        expect.objectContaining({
          severity: 'info',
          line: 1,
          message: expect.stringMatching(/read as Keras 2 code because it imports tensorflow\.compat\.v1/)
        })
      ]);
    });

    it(`${file}: the CLI prints it and exits 0`, () => {
      const r = spawnSync('node', [CLI, path, '--format', 'json'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.models[0].layers.map(figures)).toEqual([
        ['embedding', [null, null, 300], 192000, 192000, 192000],
        ['bidirectional', [null, null, 600], 1442400, 1444800, declared]
      ]);
      const text = spawnSync('node', [CLI, path], { encoding: 'utf8' }).stdout;
      expect(text).toMatch(/embedding \(Embedding\)\s+│ \(None, None, 300\) │\s+192,000 │/);
      expect(text).toMatch(/bidirectional \(Bidirectional\) │ \(None, None, 600\) │\s+1,442,400 │\s+1,444,800 │ \+2,400 │/);
    }, 30_000);

    it(`${file}: the magic prints it`, () => {
      const source = readFileSync(path, 'utf8');
      const run = runMagic([{ index: 0, source: `%%model_summary\n${source}` }], {
        convention: 'both',
        kerasVersion: 'auto',
        validate: false,
        backend: 'auto'
      });
      expect(run.success).toBe(true);
      const payload = (run.outputs[0] as { data: Record<string, unknown> }).data[MIME_TYPE] as IMagicPayload;
      expect(payload.report.models[0].layers.map(figures)).toEqual([
        ['embedding', [null, null, 300], 192000, 192000, 192000],
        ['bidirectional', [null, null, 600], 1442400, 1444800, declared]
      ]);
    });
  }

  it('an explicit --keras-version 3 wins over what the imports suggest', () => {
    const r = spawnSync('node', [CLI, SEED_LSTM, '--format', 'json', '--keras-version', '3'], { encoding: 'utf8' });
    expect(JSON.parse(r.stdout).kerasVersion).toBe(3);
  });

  it('standalone keras.preprocessing.text and ImageDataGenerator mean Keras 2; through tf.keras they do not', () => {
    const v = (source: string) => analyzeCells([{ index: null, source }]).kerasVersion;
    expect(v('from keras.preprocessing.text import Tokenizer\n')).toBe(2);
    expect(v('from keras.preprocessing.image import load_img, ImageDataGenerator\n')).toBe(2);
    expect(v('from keras.preprocessing.image import load_img\n')).toBe(3);
    expect(v('from tensorflow.keras.preprocessing.text import Tokenizer\n')).toBe(3);
  });

  it("code that Keras 3 removed or rejects, and code of Keras 2's era, means Keras 2; Keras 3 code does not", () => {
    const v = (source: string) => analyzeCells([{ index: null, source }]).kerasVersion;
    // Keras 3 raises on these: the author ran Keras 2.
    expect(v('from keras.utils import np_utils\ny = np_utils.to_categorical(y, 10)\n')).toBe(2);
    expect(v('from keras.utils.vis_utils import plot_model\n')).toBe(2);
    expect(v('from tensorflow.keras.layers.experimental import preprocessing\nx = layers.experimental.preprocessing.Rescaling(1/255)\n')).toBe(2);
    expect(v('model.fit_generator(gen, steps_per_epoch=10)\n')).toBe(2);
    expect(v('classes = model.predict_classes(x)\n')).toBe(2);
    expect(v('model.compile(optimizer=Adam(lr=1e-3), loss="mse")\n')).toBe(2);
    expect(v('opt = keras.optimizers.SGD(\n    momentum=0.9, lr=0.01)\n')).toBe(2);
    // Keras 3 runs these, but prints another summary (Embedding ignores input_length=); Python 2-era code.
    expect(v('model.add(Embedding(len(vocab) + 1, 64, input_length=maxlen))\n')).toBe(2);
    expect(v('from __future__ import print_function\nimport keras\n')).toBe(2);
    // Keras 3 spellings of the same things.
    expect(v('from keras.utils import to_categorical\nmodel.fit(gen)\n')).toBe(3);
    expect(v('model.compile(optimizer=Adam(learning_rate=1e-3), loss="mse")\nlr = 0.1\n')).toBe(3);
    expect(v('model.add(Embedding(1000, 64))\nx = Input(shape=(None,))\nmaxlen = dict(input_length=3)\n')).toBe(3);
    expect(v('layers.Rescaling(1/255)\nmodel.predict(x).argmax(-1)\n')).toBe(3);
  });

  it('reads imports that span lines: parenthesized lists and backslash continuations', () => {
    const release = (source: string) => analyzeCells([{ index: null, source }]).kerasRelease;
    // Standalone Keras ≤ 2.3 (CuDNN layers from keras): the list may run over several lines, with comments.
    expect(release('from keras.layers import (Dense,\n    Embedding,  # the vocabulary\n    CuDNNLSTM)\n')).toBe('2.3');
    expect(release('from keras.layers import Dense, \\\n    CuDNNGRU\n')).toBe('2.3');
    expect(release('from keras.layers import (\n    Dense, LSTM)\nx = CuDNNLSTM\n')).not.toBe('2.3');
    expect(release('from keras.layers import (Dense,  # not CuDNNLSTM)\n    LSTM)\n')).not.toBe('2.3');
    const v = (source: string) => analyzeCells([{ index: null, source }]).kerasVersion;
    expect(v('from keras.utils import (to_categorical,\n    np_utils)\n')).toBe(2);
    expect(v('from keras.preprocessing.image import load_img, \\\n    ImageDataGenerator\n')).toBe(2);
    expect(v('from keras.preprocessing.image import (load_img,\n    img_to_array)\ngen = ImageDataGenerator\n')).toBe(3);
  });

  it('says why it read a file as Keras 2, at the line that decided it', () => {
    const report = analyzeCells([{ index: null, source: 'import keras\n\nmodel.fit_generator(gen)\n' }]);
    expect(report.kerasVersion).toBe(2);
    const note = report.diagnostics.find(d => d.message.includes('fit_generator'));
    expect(note?.message).toContain('pass --keras-version 3');
    expect(note?.location).toMatchObject({ line: 3, column: 6 });
  });

  it('comments do not decide the version', () => {
    const report = analyzeCells([{ index: null, source: '# ported from tensorflow.compat.v1 / CuDNNLSTM code\nimport keras\n' }]);
    expect(report.kerasVersion).toBe(3);
    expect(report.diagnostics).toEqual([]);
  });
});

describe('--keras-version major.minor', () => {
  it('parses 2, 3, 2.2, 2.3, 2.15, 3.x and refuses the rest', () => {
    expect(parseKerasVersion('2')).toEqual({ major: 2, minor: null });
    expect(parseKerasVersion('2.2')).toEqual({ major: 2, minor: 2 });
    expect(parseKerasVersion('2.15')).toEqual({ major: 2, minor: 15 });
    expect(parseKerasVersion('3.x')).toEqual({ major: 3, minor: null });
    expect(parseKerasVersion('2.3.1')).toEqual({ major: 2, minor: 3 });
    expect(parseKerasVersion(3)).toEqual({ major: 3, minor: null });
    for (const bad of ['1', '4', '2.', 'x', '2.3.4.5', '', 'keras2']) expect(parseKerasVersion(bad)).toBeNull();
  });

  const GRU = 'from keras.models import Sequential\nfrom keras.layers import GRU\nm = Sequential([GRU(64, input_shape=(20, 8))])\n';
  const gruParams = (version?: string) => {
    const args = [CLI, '-', '--format', 'json', ...(version ? ['--keras-version', version] : [])];
    const r = spawnSync('node', args, { input: GRU, encoding: 'utf8' });
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout).models[0].layers[0].params.keras;
  };

  it('standalone Keras up to 2.3 builds GRU with reset_after=False; 2.4+, 2.15, 2 and 3 with True', () => {
    // 3u(d+u+1) = 3·64·73 without reset_after; 3u(d+u+2) with it.
    for (const v of ['2.2', '2.3']) expect(gruParams(v)).toBe(14016);
    for (const v of ['2', '2.15', '3', '3.x', undefined]) expect(gruParams(v)).toBe(14208);
  }, 60_000);

  it('reports the release it used', () => {
    const r = spawnSync('node', [CLI, '-', '--format', 'json', '--keras-version', '2.3'], { input: GRU, encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toMatchObject({ kerasVersion: 2, kerasRelease: '2.3' });
  });

  it('refuses a version that is not Keras 2 or 3, with exit 2', () => {
    const r = spawnSync('node', [CLI, SEED_LSTM, '--keras-version', '4'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--keras-version takes auto, 2, 3 or major\.minor/);
  });

  it('the magic accepts major.minor too', () => {
    const run = runMagic([{ index: 0, source: `%%model_summary --keras-version 2.3\n${GRU}` }], {
      convention: 'both',
      kerasVersion: 'auto',
      validate: false,
      backend: 'auto'
    });
    const payload = (run.outputs[0] as { data: Record<string, unknown> }).data[MIME_TYPE] as IMagicPayload;
    expect(payload.report.models[0].layers[0].params.keras).toBe(14016);
  });
});

describe('input_dim= on a recurrent layer', () => {
  it('is Keras 2 code: its input size, where Keras 3 raises', () => {
    const report = analyze({
      name: 'so.py',
      content: 'from keras.models import Sequential\nfrom keras.layers import LSTM\nmodel = Sequential()\nmodel.add(LSTM(2, input_dim=3))\n'
    });
    expect(report.kerasVersion).toBe(2);
    expect(figures(toJson(report).models[0].layers[0])).toEqual(['lstm', [null, 2], 48, 56, 48]);
  });
});

describe("Keras 1's Model(input=, output=)", () => {
  it('marks standalone Keras ≤ 2.3 however the class is reached and spaced', () => {
    const release = (source: string) => analyzeCells([{ index: null, source }]).kerasRelease;
    expect(release('model = Model(input=x, output=y)\n')).toBe('2.3');
    expect(release('import keras\nmodel = keras.models.Model(input = inp, output = out)\n')).toBe('2.3');
    expect(release('from keras import models\nmodel = models.Model(\n    input=[a, b], output=c)\n')).toBe('2.3');
    expect(release('model = Model(inputs=x, outputs=y)\n')).not.toBe('2.3');
    expect(release('model = Model(input_tensor=x)\nok = MyModel(input == 3)\n')).not.toBe('2.3');
  });
});

describe("Keras 2's backend functions", () => {
  it('mark Keras 2 where Keras 3 has no such function, through standalone keras or tf.keras', () => {
    const v = (source: string) => analyzeCells([{ index: null, source }]).kerasVersion;
    expect(v('from keras import backend as K\nx = K.sum(y)\n')).toBe(2);
    expect(v('import keras.backend as K\nK.set_learning_phase(1)\n')).toBe(2);
    expect(v('import keras\nz = keras.backend.random_normal(shape=(2,))\n')).toBe(2);
    expect(v('from tensorflow.keras import backend as K\nK.set_learning_phase(0)\n')).toBe(2);
    // Keras 3 has these: its own keras.backend's few, and tf.keras.backend's legacy functions.
    expect(v('from keras import backend as K\nK.clear_session()\nK.image_data_format()\n')).toBe(3);
    expect(v('from tensorflow.keras import backend as K\nx = K.expand_dims(y)\n')).toBe(3);
    expect(v('from tensorflow import keras\nz = keras.backend.random_normal(shape=(2,))\n')).toBe(3);
    expect(v('import tensorflow as tf\nz = tf.keras.backend.sum(y)\n# K.sum(y)\n')).toBe(3);
  });
});
