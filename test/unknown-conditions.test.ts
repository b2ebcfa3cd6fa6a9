/**
 * An `if` the reader cannot decide (a GPU check, a file that may exist, a command-line flag it cannot see):
 * nothing that depends on which branch ran is stated as fact.
 */
import { describe, expect, it } from 'vitest';
import { HEADER, model, py } from './helpers/analyze';

const GPU = 'import tensorflow as tf\ngpu = len(tf.config.list_physical_devices("GPU")) > 0\n';
const warnings = (src: string) =>
  py(src)
    .diagnostics.filter(d => d.severity === 'warning')
    .map(d => d.message);

describe('conditions not known statically', () => {
  it('makes a size chosen by either branch unknown, never the first branch as fact', () => {
    const m = model(
      py(`${HEADER}${GPU}if gpu:\n    units = 64\nelse:\n    units = 128\nm = keras.Sequential([keras.Input((8,)), layers.Dense(units)])\n`),
      'm'
    );
    expect(m.rows[0].params.keras).toBeNull();
    expect(m.rows[0].problem ?? '').toMatch(/condition `gpu` at line 5/);
  });

  it('makes a name the branch rebinds unknown when there is no else (it may have kept its value)', () => {
    const m = model(py(`${HEADER}${GPU}units = 64\nif gpu:\n    units = 128\nm = keras.Sequential([keras.Input((8,)), layers.Dense(units)])\n`), 'm');
    expect(m.rows[0].params.keras).toBeNull();
  });

  it('keeps a name only the branch binds, and what the branch builds from known values', () => {
    const src = `${HEADER}${GPU}if gpu:\n    width = 16\n    m = keras.Sequential([keras.Input((8,)), layers.Dense(width)])\n    m.summary()\n`;
    const m = model(py(src), 'm');
    expect(m.rows.map(r => r.params.keras)).toEqual([144n]);
    expect(warnings(src).join('\n')).toMatch(/its first branch is read/);
  });

  it('gives a model both branches add to one unknown row, not the first branch’s layer', () => {
    const src = `${HEADER}${GPU}m = keras.Sequential([keras.Input((None, 8)), layers.Dense(8)])\nif gpu:\n    m.add(layers.LSTM(4))\nelse:\n    m.add(layers.GRU(4))\nm.add(layers.Dense(2))\n`;
    const m = model(py(src), 'm');
    expect(m.rows.length).toBe(3);
    expect(m.rows[0].params.keras).toBe(72n);
    expect(m.rows[1].params.keras).toBeNull();
    expect(m.rows[1].className).not.toBe('LSTM');
    expect(m.rows[2].params.keras).toBeNull();
    expect(warnings(src).join('\n')).toMatch(/what its branches add to a model, set or change is unknown after it/);
  });

  it('makes a list the branch appends to unknown, and what an elif or else would set', () => {
    const src = `${HEADER}${GPU}blocks = [layers.Dense(4)]\nif gpu:\n    blocks.append(layers.Dense(4))\nelif len(blocks) > 3:\n    n = 2\nelse:\n    n = 3\nm = keras.Sequential([keras.Input((4,))] + blocks)\nk = keras.Sequential([keras.Input((4,)), layers.Dense(n)])\n`;
    const report = py(src);
    // The list may hold one Dense or two: none of its rows is stated, and the warning says why.
    expect(model(report, 'm').rows.map(r => r.params.keras)).toEqual([null]);
    expect(report.diagnostics.map(d => d.message).join('\n')).toMatch(
      /layers of sequential are not known statically \(set or changed under the condition `gpu`/
    );
    expect(model(report, 'k').rows[0].params.keras).toBeNull();
  });

  it('still follows conditions it can decide, with no warning', () => {
    const src = `${HEADER}import keras.backend as K\nif K.image_data_format() == "channels_first":\n    shape = (1, 28, 28)\nelse:\n    shape = (28, 28, 1)\nm = keras.Sequential([keras.Input(shape), layers.Conv2D(4, 3)])\n`;
    expect(model(py(src), 'm').rows[0].params.keras).toBe(40n);
    expect(warnings(src)).toEqual([]);
  });
});

describe('a return under a condition not known statically', () => {
  it('is not what the call gives for certain', () => {
    const src = `${HEADER}import os\ndef width(path):\n    if os.path.exists(path):\n        return 64\n    return 128\nm = keras.Sequential([keras.Input((8,)), layers.Dense(width("w.txt"))])\n`;
    const m = model(py(src), 'm');
    expect(m.rows[0].params.keras).toBeNull();
    expect(m.rows[0].problem ?? '').toMatch(/returned under the condition `os\.path\.exists\(path\)` at line 5/);
  });
});
