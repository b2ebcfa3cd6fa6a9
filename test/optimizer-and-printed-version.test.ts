/**
 * Keras 3's "Optimizer params" (the goldens of models/optimizer_params.py check the counts against real Keras)
 * as every view shows them, what stays unknown, and the Keras version read from a notebook's saved summary
 * tables or a table pasted in a script.
 */
import { describe, expect, it } from 'vitest';
import { analyze, formatText, toJson } from '../src/core/index';
import { printedKerasMajor } from '../src/core/readers/notebook';
import { memorySource } from '../src/core/readers/byte-source';

const MLP = `import numpy as np
import keras
from keras import layers
x = np.zeros((64, 12))
y = np.zeros((64, 1))
m = keras.Sequential([keras.Input(shape=(12,)), layers.Dense(16), layers.Dense(1)])
`;

const run = (src: string, kerasVersion: 2 | 3 | 'auto' = 3) => analyze({ name: 'train.py', content: src }, { kerasVersion });

describe('optimizer params after a training step (Keras 3)', () => {
  it('adds them to the total and prints them last, as Keras 3 does', () => {
    const report = run(`${MLP}m.compile(optimizer='adam', loss='mse')\nm.fit(x, y)\nm.summary()\n`);
    const t = report.models[0].totals.keras;
    // 225 trainable weights: Adam's m and v for each, its iteration and its learning rate.
    expect([t.trainable, t.optimizer?.params, t.total, t.optimizer?.bytes, t.bytes.total]).toEqual([225n, 452n, 677n, 1812n, 2712n]);
    const text = formatText(report, 'keras');
    expect(text).toMatch(/Total params: 677 \(2\.65 KB\)[\s\S]*Optimizer params: 452 \(1\.77 KB\)/);
  });

  it('shows none before training, and none under tf.keras 2', () => {
    expect(run(`${MLP}m.compile(optimizer='adam', loss='mse')\nm.summary()\n`).models[0].totals.keras.optimizer).toBeUndefined();
    const keras2 = run(`${MLP}m.compile(optimizer='adam', loss='mse')\nm.fit(x, y)\n`, 2).models[0];
    expect([keras2.totals.keras.optimizer, keras2.totals.keras.total]).toEqual([undefined, 225n]);
  });

  it('says why they are unknown, and leaves them out of the total', () => {
    const report = run(
      `${MLP}from config import LR, make_optimizer\nm.compile(optimizer=keras.optimizers.Adam(learning_rate=LR), loss='mse')\nm.fit(x, y)\n`
    );
    const t = report.models[0].totals.keras;
    expect([t.optimizer?.params, t.total]).toEqual([null, 225n]);
    expect(report.diagnostics.map(d => d.message)).toContainEqual(
      expect.stringMatching(/Adam optimizer's variables .* unknown: its learning_rate is not known statically/)
    );
    const json = toJson(report).models[0];
    expect([json.totals.keras.optimizer, json.optimizer?.class]).toEqual([null, 'Adam']);
    expect(formatText(report, 'keras')).toMatch(/Total params: 225 .*\+ the optimizer, unknown[\s\S]*Optimizer params: \?/);
    const passed = run(`${MLP}from config import make_optimizer\nm.compile(optimizer=make_optimizer(), loss='mse')\nm.fit(x, y)\n`);
    expect(passed.models[0].totals.keras.optimizer?.params).toBeNull();
  });

  it('leaves them unknown under mixed_float16, where Keras wraps the optimizer in a LossScaleOptimizer', () => {
    const fit = `m.compile(optimizer='adam', loss='mse')\nm.fit(x, y)\n`;
    for (const policy of ["keras.mixed_precision.set_global_policy('mixed_float16')", 'keras.config.set_dtype_policy(POLICY)']) {
      const report = run(`${MLP}${policy}\n${fit}`);
      expect([report.models[0].totals.keras.optimizer?.params, report.models[0].optimizer?.className]).toEqual([null, 'LossScaleOptimizer']);
    }
    // mixed_bfloat16 needs no loss scaling: the optimizer is Adam itself (54 for 26 weights, measured in Keras 3.15).
    const bf16 = run(`${MLP}keras.mixed_precision.set_global_policy('mixed_bfloat16')\n${fit}`);
    expect(bf16.models[0].totals.keras.optimizer?.params).toBe(452n);
  });

  it('keeps an optimizer object and what it was built on across compile() calls', () => {
    // The same object passed again stays built; a name makes a new one.
    const same = run(`${MLP}opt = keras.optimizers.SGD(momentum=0.9)\nm.compile(opt, 'mse')\nm.fit(x, y)\nm.compile(opt, 'mse')\n`);
    expect(same.models[0].totals.keras.optimizer?.params).toBe(227n);
    const renamed = run(`${MLP}m.compile('sgd', 'mse')\nm.fit(x, y)\nm.compile('sgd', 'mse')\n`);
    expect(renamed.models[0].totals.keras.optimizer).toBeUndefined();
  });

  it('states them under auto only for code that only Keras 3 runs: elsewhere Keras 2 may have printed none', () => {
    const fit = `m.compile(optimizer='adam', loss='mse')\nm.fit(x, y)\nm.summary()\n`;
    const unmarked = run(`${MLP}${fit}`, 'auto').models[0];
    expect(unmarked.totals.keras.optimizer?.params).toBeNull();
    expect(unmarked.totals.keras.total).toBe(225n);
    expect(unmarked.optimizer?.why).toMatch(/nothing in the code says which Keras ran it: Keras 3 prints 452 .*Keras 2 none/);
    for (const mark of [
      'x = keras.ops.zeros((64, 12))\n',
      'from keras import ops\n',
      'import os\nos.environ["KERAS_BACKEND"] = "jax"\n',
      'import keras_hub\n'
    ]) {
      const report = run(`${mark}${MLP}${fit}`, 'auto');
      expect(report.kerasVersion).toBe(3);
      expect(report.models[0].totals.keras.optimizer?.params).toBe(452n);
      expect(report.diagnostics.map(d => d.message).join('\n')).toMatch(/read as Keras 3 code because/);
    }
    // The backend Keras 2.3 also read, and tf_keras, are not Keras 3's marks.
    expect(run(`import os\nos.environ['KERAS_BACKEND'] = 'tensorflow'\n${MLP}${fit}`, 'auto').models[0].totals.keras.optimizer?.params).toBeNull();
    const legacy = run(`import os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\n${MLP}${fit}`, 'auto');
    expect(legacy.kerasVersion).toBe(2);
    expect(legacy.models[0].totals.keras.optimizer).toBeUndefined();
  });
});

const KERAS2_TABLE = [
  '_________________________________________________________________',
  ' Layer (type)                Output Shape              Param #   ',
  '=================================================================',
  ' dense (Dense)               (None, 16)                208       ',
  '=================================================================',
  'Total params: 225'
].join('\n');
const KERAS3_TABLE = [
  '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓',
  '┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃',
  '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩'
].join('\n');

function notebook(code: string, printed: string | null, ensureAscii = false): string {
  const outputs = printed === null ? [] : [{ name: 'stdout', output_type: 'stream', text: printed.split(/(?<=\n)/) }];
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [{ cell_type: 'code', source: code, metadata: {}, outputs, execution_count: 1 }]
  };
  const text = JSON.stringify(nb, null, 1);
  // Python's json.dump escapes every non-ASCII character unless told not to.
  return ensureAscii ? text.replace(/[\u0080-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

describe('the Keras that printed the saved summary tables', () => {
  const fitted = `${MLP}m.compile(optimizer='adam', loss='mse')\nm.fit(x, y)\nm.summary()\n`;

  it('reads a notebook whose outputs show Keras 2 tables as Keras 2: no optimizer params', () => {
    const report = analyze({ name: 'nb.ipynb', content: notebook(fitted, KERAS2_TABLE) });
    expect(report.kerasVersion).toBe(2);
    expect(report.models[0].totals.keras.total).toBe(225n);
    expect(report.diagnostics.map(d => d.message)).toContainEqual(expect.stringMatching(/summary tables saved in it are Keras 2's/));
  });

  it('reads Keras 3 tables as Keras 3, over what the source suggests, escaped or not', () => {
    const legacy = fitted.replace('import keras\n', 'import keras\nfrom tensorflow.python.keras import backend\n');
    for (const ascii of [false, true]) {
      const report = analyze({ name: 'nb.ipynb', content: notebook(legacy, KERAS3_TABLE, ascii) });
      expect(report.kerasVersion).toBe(3);
      expect(report.models[0].totals.keras.total).toBe(677n);
    }
  });

  it('leaves the version to the source when no table or both kinds are saved, or a version is given', () => {
    expect(printedKerasMajor(notebook(fitted, null))).toBeNull();
    expect(printedKerasMajor(notebook(fitted, `${KERAS2_TABLE}\n${KERAS3_TABLE}`))).toBeNull();
    const given = analyze({ name: 'nb.ipynb', content: notebook(fitted, KERAS2_TABLE) }, { kerasVersion: 3 });
    expect(given.kerasVersion).toBe(3);
  });

  it('finds a table across the windows a large file is read in', () => {
    for (const at of [(1 << 20) - 5, (1 << 20) - 300, 3 << 20]) {
      const bytes = new Uint8Array(at + 4096).fill(0x20);
      bytes.set(new TextEncoder().encode(KERAS3_TABLE), at - 100);
      expect(printedKerasMajor(memorySource(bytes))).toBe(3);
      expect(printedKerasMajor(bytes)).toBe(3);
    }
  });

  it('reads a table pasted in a script', () => {
    const script = `"""Output:\n${KERAS2_TABLE}\n"""\n${fitted}`;
    expect(analyze({ name: 'train.py', content: script }).kerasVersion).toBe(2);
  });
});
