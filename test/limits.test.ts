/** Hostile and broken input: every limit ends in a clear diagnostic, never a crash or a hang. */
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AnalysisError, analyze } from '../src/core/index';
import { MAX_CONFIG_BYTES } from '../src/core/readers/keras-archive';
import { errors, HEADER, model, py, row } from './helpers/analyze';

const bytes = (name: string, content: Uint8Array) => () => analyze({ name, content });

describe('limits of the Python reader', () => {
  it('skips 10,000-deep parentheses with a diagnostic and reads the rest', () => {
    const report = py(`${HEADER}x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\nm = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n`);
    expect(errors(report)).toEqual(['-:3:205 brackets nested more than 200 levels deep; this expression is not analysed']);
    expect(model(report, 'm').totals.keras.total).toBe(8n);
  });

  it('reads a 1 MB single line', () => {
    const line = `units = [${Array.from({ length: 150_000 }, (_, i) => i % 10).join(', ')}]`;
    expect(line.length).toBeGreaterThan(400_000);
    const report = py(
      `${HEADER}${line}${' '.repeat(1_000_000 - line.length)}\nm = keras.Sequential([keras.Input((3,)), layers.Dense(len(units))])\n`
    );
    expect(model(report, 'm').totals.keras.total).toBe(4n * 150_000n);
  });

  it('reads a 100,000-line cell', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `v${i} = ${i}`).join('\n');
    const report = py(`${HEADER}${lines}\nm = keras.Sequential([keras.Input((3,)), layers.Dense(v99999 // 10000)])\n`);
    expect(model(report, 'm').rows[0].params.keras).toBe(4n * 9n);
  });

  it('follows a 50,000-iteration loop that adds layers, exactly', () => {
    const report = py(`${HEADER}m = keras.Sequential([keras.Input((4,))])\nfor i in range(50000):\n    m.add(layers.Dense(4))\n`);
    const m = model(report, 'm');
    expect(m.rows.length).toBe(50_000);
    expect(m.totals.keras.total).toBe(50_000n * 20n);
    expect(m.rows[49_999].name).toBe('dense_49999');
    expect(errors(report)).toEqual([]);
  });

  it('stops runaway loops and recursion with one diagnostic, and reads on after the loop', () => {
    const report = py(
      `${HEADER}def f(x):\n    return f(x)\ny = f(1)\nm = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\nfor i in range(10**12):\n    for j in range(10**12):\n        pass\nafter = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n`
    );
    const messages = errors(report);
    expect(messages[0]).toMatch(/^-:4:12 calls nested more than 40 deep/);
    expect(
      report.diagnostics.some(
        d => d.severity === 'warning' && /too much work to follow .*: it is abandoned, what it sets or changes \(i, j\)/.test(d.message)
      )
    ).toBe(true);
    expect(model(report, 'm').totals.keras.total).toBe(8n);
    expect(model(report, 'after').totals.keras.total).toBe(8n);
  });

  it('follows self-referencing names without looping', () => {
    const report = py(`${HEADER}a = []\na.append(a)\nb = b\nx = a[0][0][0]\nm = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n`);
    expect(model(report, 'm').totals.keras.total).toBe(8n);
  });

  it('refuses integers past 2**4096 and keeps 10**30 units exact', () => {
    const report = py(`${HEADER}huge = 10 ** 10 ** 10\nm = keras.Sequential([keras.Input((2,)), layers.Dense(10**30)])\n`);
    expect(errors(report)).toEqual(['-:3:8 the power 10**10000000000 is larger than 2**4096; not analysed']);
    expect(row(model(report, 'm'), 'dense').params.keras).toBe(3n * 10n ** 30n);
  });

  it('reports negative, zero and wrongly typed sizes at the argument', () => {
    const report = py(
      `${HEADER}m = keras.Sequential([keras.Input((3,)), layers.Dense(0), layers.Conv1D(filters=-2, kernel_size=3), layers.Embedding(10, 2.5)])\n`
    );
    expect(errors(report)).toEqual([
      '-:3:55 dense (Dense): units must be a positive integer, got 0 (int)',
      '-:3:81 conv1d (Conv1D): filters must be a positive integer, got -2 (int)',
      '-:3:122 embedding (Embedding): output_dim must be a positive integer, got 2.5 (float)'
    ]);
  });

  it('lists at most 500 problems', () => {
    const report = py(`${HEADER}${'layers.Dense(-1)\n'.repeat(2000)}`);
    expect(report.diagnostics.length).toBe(501);
    expect(report.diagnostics.some(d => d.message === 'more than 500 problems; the rest are not listed')).toBe(true);
  });
});

describe('files', () => {
  it('decodes non-UTF-8 bytes with replacement and still summarizes', () => {
    const utf8 = (s: string) => new TextEncoder().encode(s);
    const latin1 = Uint8Array.from([
      ...utf8(`${HEADER}# caf`),
      0xe9,
      0xff,
      ...utf8('\nm = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n')
    ]);
    expect(model(analyze({ name: 'latin1.py', content: latin1 }), 'm').totals.keras.total).toBe(8n);
  });

  it('refuses binary files, truncated notebooks and invalid JSON with one message', () => {
    expect(bytes('model.py', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]))).toThrow(
      new AnalysisError('this is a binary file, not Python source')
    );
    expect(bytes('n.ipynb', strToU8('{"cells": [{"cell_type": "code", "source": "x'))).toThrow(/^not a valid notebook: /);
    expect(bytes('n.ipynb', strToU8('{"nbformat": 4}'))).toThrow('not a valid notebook: it has no "cells" list');
    expect(bytes('m.json', strToU8('{"class_name": "Sequential", "config": {'))).toThrow(/^not valid Keras JSON: /);
    expect(bytes('m.json', strToU8('[1, 2]'))).toThrow('not a Keras model config: it has no "class_name"');
  });

  it('refuses .keras archives that are not zips or lack config.json', () => {
    expect(bytes('m.keras', strToU8('PK but not really a zip'))).toThrow('not a .keras archive: it is not a zip file');
    expect(bytes('m.keras', zipSync({ 'metadata.json': strToU8('{}') }))).toThrow('not a .keras archive: it has no config.json');
  });

  it('refuses a zip bomb without inflating it', () => {
    // config.json whose header claims more than the cap: refused from the header alone.
    const zip = zipSync({ 'config.json': new Uint8Array(1024) }, { level: 9 });
    const view = new DataView(zip.buffer);
    for (let p = zip.length - 22; p >= 0; p--) {
      if (view.getUint32(p, true) === 0x02014b50) {
        view.setUint32(p + 24, MAX_CONFIG_BYTES + 1, true);
        break;
      }
    }
    const start = performance.now();
    expect(bytes('bomb.keras', zip)).toThrow(/would inflate to 67,108,865 bytes, over the 67,108,864-byte limit/);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('stops inflating at the size the header states', () => {
    // 50 MB of spaces compressed to ~50 KB, with a header that claims 100 bytes: more compressed data than
    // 100 bytes can need is refused before inflating (hostile.test.ts covers a liar whose sizes look plausible).
    const zip = zipSync({ 'config.json': new Uint8Array(50_000_000).fill(32) }, { level: 9 });
    const view = new DataView(zip.buffer);
    for (let p = zip.length - 22; p >= 0; p--) {
      if (view.getUint32(p, true) === 0x02014b50) {
        view.setUint32(p + 24, 100, true);
        break;
      }
    }
    expect(bytes('liar.keras', zip)).toThrow('not a .keras archive: config.json claims 48,801 compressed bytes for 100 bytes of content');
  });
});

describe('work bounded by size (issue 10)', () => {
  it('counts a model nested in itself 60 times in linear time, exactly', () => {
    const lines = Array.from({ length: 60 }, () => 'm = keras.Sequential([m, m])').join('\n');
    const t = performance.now();
    const report = py(`${HEADER}d = layers.Dense(3)\nm = keras.Sequential([keras.Input((3,)), d])\n${lines}\n`);
    expect(performance.now() - t).toBeLessThan(2000);
    // One Dense(3) on 3 features, shared by every copy: Keras counts its 12 weights once.
    expect(model(report, 'm').totals.keras.total).toBe(12n);
    expect(model(report, 'm').rows[0].params.keras).toBe(12n);
  });

  it('counts a layer object used more than once once, with a row per use as Keras prints', () => {
    const report = py(
      `${HEADER}d = layers.Dense(4)\nm = keras.Sequential([keras.Input((4,))] + [d] * 3)\nn = keras.Sequential([keras.Input((4,))] + [layers.Dense(4)] * 1000)\n`
    );
    expect(model(report, 'm').rows.map(r => r.params.keras)).toEqual([20n, 20n, 20n]);
    expect(model(report, 'm').totals.keras.total).toBe(20n);
    expect(model(report, 'n').rows.length).toBe(1000);
    expect(model(report, 'n').totals.keras.total).toBe(20n);
  });

  it('counts a layer shared directly and inside a nested model once', () => {
    const report = py(
      `${HEADER}d = layers.Dense(5)\ninner = keras.Sequential([keras.Input((5,)), d])\nouter = keras.Sequential([keras.Input((5,)), d, inner])\n`
    );
    const outer = model(report, 'outer');
    expect(outer.rows.map(r => r.params.keras)).toEqual([30n, 30n]);
    expect(outer.totals.keras.total).toBe(30n);
  });

  it('lets a million comment lines and docstrings cost nothing', () => {
    const comments = '# a comment\n'.repeat(1_000_000);
    const docs = '"""a docstring"""\n'.repeat(2_000);
    const report = py(`${HEADER}${comments}${docs}m = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n`);
    expect(errors(report)).toEqual([]);
    expect(model(report, 'm').totals.keras.total).toBe(8n);
  }, 30_000);

  it('makes a string or list past its cap unknown, with the reason, and reads on', () => {
    const report = py(
      `${HEADER}s = 'x' * 10**9\nl = [0] * 10**9\nm = keras.Sequential([keras.Input((3,)), layers.Dense(len(s))])\nok = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n`
    );
    expect(model(report, 'ok').totals.keras.total).toBe(8n);
    expect(model(report, 'm').rows[0].params.keras).toBeNull();
    expect(report.diagnostics.map(d => d.message).join('\n')).toMatch(/past the cap of 10,000,000/);
  });

  it('charges the work inside one statement: doubling a list in a loop stops at the budget, not at memory', () => {
    const t = performance.now();
    const report = py(`${HEADER}x = [1]\nfor i in range(100):\n    x = x + x\nm = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n`);
    expect(performance.now() - t).toBeLessThan(4000);
    // Past the cap on one list's size, x is unknown; the model after the loop is still read.
    expect(model(report, 'm').totals.keras.total).toBe(8n);
  });

  it('treats names that are JavaScript object members as ordinary Python names', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const report = py(`${HEADER}${name} = 3\nx = layers.${name}(4)\nm = keras.Sequential([keras.Input((3,)), layers.Dense(${name})])\n`);
      expect(model(report, 'm').totals.keras.total).toBe(12n);
      expect(report.diagnostics.every(d => !/is not a function|Cannot read|prototype/.test(d.message))).toBe(true);
    }
  });
});

describe("CPython's tokenizer rules", () => {
  it('reads statement groups `a; b` on one line', () => {
    const report = py(`${HEADER}a = 3; b = 4\nm = keras.Sequential(); m.add(keras.Input((a,))); m.add(layers.Dense(b))\n`);
    expect(model(report, 'm').totals.keras.total).toBe(16n);
  });

  it('accepts a form feed in indentation', () => {
    const report = py(`${HEADER}\fn = 2\nif True:\n\f    n = 3\nm = keras.Sequential([keras.Input((3,)), layers.Dense(n)])\n`);
    expect(errors(report)).toEqual([]);
    expect(model(report, 'm').totals.keras.total).toBe(12n);
  });

  it('rejects a tab and spaces mix that CPython raises TabError on', () => {
    const report = py(`${HEADER}if True:\n        n = 2\n\tn = 3\nm = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n`);
    expect(errors(report)[0]).toMatch(/TabError/);
    // Consistent tabs are fine.
    const ok = py(`${HEADER}if True:\n\tn = 2\n\tif n:\n\t\tn = 3\nm = keras.Sequential([keras.Input((3,)), layers.Dense(n)])\n`);
    expect(errors(ok)).toEqual([]);
    expect(model(ok, 'm').totals.keras.total).toBe(12n);
  });
});

describe('a statement too much work to follow', () => {
  const loop =
    "a = 'x' * 10**7\nb = 'x' * 10**7\nhidden = [layers.Dense(8)]\nfor i in range(100000):\n    c = a == b\n    hidden.append(layers.Dense(4))\n";

  it('is abandoned, not the file: the model after it is read exactly', () => {
    const report = py(`${HEADER}${loop}m = keras.Sequential([keras.Input((3,)), layers.Dense(2, name='head')])\n`);
    expect(model(report, 'm').totals.keras.total).toBe(8n);
    expect(report.diagnostics.map(d => d.message).join('\n')).toMatch(
      /it is abandoned, what it sets or changes \(.*hidden.*\) is unknown, and the rest is read/
    );
  });

  it('leaves what it half-changed unknown, never a count from the iterations it did follow', () => {
    const report = py(`${HEADER}${loop}m = keras.Sequential([keras.Input((4,))] + hidden)\n`);
    const m = report.models.find(x => x.variable === 'm');
    expect(m?.totals.keras.total ?? null).not.toBe(36n + 20n);
    expect(m ? m.rows.every(r => r.params.keras === null) : true).toBe(true);
  });

  it('says that automatic names after it may be off when it made layers', () => {
    const report = py(`${HEADER}${loop}`);
    expect(report.diagnostics.map(d => d.message).join('\n')).toMatch(/automatic names after it .* may be numbered differently/);
  });

  it('charges what a loop it cannot list forgets, turn after turn: a long outer loop is stopped by the budget, the model after it read', () => {
    const body = Array.from({ length: 600 }, (_, i) => `        v${i} = 1`).join('\n');
    const report = py(
      `${HEADER}from data import rows\nfor i in range(100000):\n    for r in rows:\n${body}\nm = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n`
    );
    expect(report.diagnostics.map(d => d.message).join('\n')).toMatch(/too much work to follow/);
    expect(model(report, 'm').totals.keras.total).toBe(8n);
  }, 60_000);

  it('is forgiven once: a second runaway statement stops the reading', () => {
    const report = py(`${HEADER}${loop}${loop}m = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n`);
    expect(report.models.find(x => x.variable === 'm')).toBeUndefined();
    expect(report.diagnostics.map(d => d.message).join('\n')).toMatch(/what follows is not analysed/);
  });
});
