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
    const report = py(`${HEADER}${line}${' '.repeat(1_000_000 - line.length)}\nm = keras.Sequential([keras.Input((3,)), layers.Dense(len(units))])\n`);
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

  it('stops runaway loops and recursion with one diagnostic', () => {
    const report = py(`${HEADER}def f(x):\n    return f(x)\ny = f(1)\nm = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\nfor i in range(10**12):\n    for j in range(10**12):\n        pass\nafter = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n`);
    const messages = errors(report);
    expect(messages[0]).toMatch(/^-:4:12 calls nested more than 40 deep/);
    expect(messages.some(m => /analysis stopped here after 1,000,000 evaluation steps/.test(m))).toBe(true);
    expect(model(report, 'm').totals.keras.total).toBe(8n);
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
    const report = py(`${HEADER}m = keras.Sequential([keras.Input((3,)), layers.Dense(0), layers.Conv1D(filters=-2, kernel_size=3), layers.Embedding(10, 2.5)])\n`);
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
    const latin1 = Uint8Array.from([...utf8(`${HEADER}# caf`), 0xe9, 0xff, ...utf8('\nm = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n')]);
    expect(model(analyze({ name: 'latin1.py', content: latin1 }), 'm').totals.keras.total).toBe(8n);
  });

  it('refuses binary files, truncated notebooks and invalid JSON with one message', () => {
    expect(bytes('model.py', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]))).toThrow(new AnalysisError('this is a binary file, not Python source'));
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
