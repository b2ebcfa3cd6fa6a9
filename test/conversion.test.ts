import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { analyze, type LayerRow } from '../src/core/index';
import { toKeras, toTarget, type ITensor } from '../src/core/conversion/apply';
import { isRefusal, type ITargetConversion } from '../src/core/conversion/plan';
import { checkConversions } from '../src/core/validate/conversion';
import type { TF } from '../src/core/validate/validate';

const read = (path: string, kerasVersion: 2 | 3 = 3) => analyze({ name: path, content: readFileSync(path) }, { kerasVersion });
const versionOf = (path: string) => (/^#\s*keras-version:\s*2/m.test(readFileSync(path, 'utf8')) ? 2 : 3);

function rowsOf(rows: LayerRow[]): LayerRow[] {
  return rows.flatMap(r => [r, ...(r.rows ? rowsOf(r.rows) : [])]);
}

const FILES = [
  ...readdirSync('test/fixtures/models')
    .filter(f => f.endsWith('.py') || f.endsWith('.ipynb'))
    .map(f => join('test/fixtures/models', f)),
  'test/conversion/cases_keras3.py',
  'test/conversion/cases_keras2.py'
];

function randomKeras(shapes: bigint[][]): ITensor[] {
  let s = 7;
  return shapes.map(shape => {
    const dims = shape.map(Number);
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = (s = (s * 48271) % 2147483647) / 2147483647 - 0.5;
    return { shape: dims, data };
  });
}

describe('weight conversion as data', () => {
  it("produces exactly the layer's cuDNN count of elements, for every recurrent layer of every fixture", () => {
    let checked = 0;
    for (const file of FILES) {
      for (const model of read(file, versionOf(file)).models) {
        for (const row of rowsOf(model.rows)) {
          if (!row.conversion) continue;
          for (const target of [row.conversion.pytorch, row.conversion.onnx]) {
            if (isRefusal(target)) continue;
            const sizes = target.tensors.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1n), 0n);
            expect(target.elements, `${file} ${row.name} ${target.target}`).toBe(row.params.cudnn);
            expect(sizes).toBe(row.params.cudnn);
            const produced = toTarget(target, randomKeras(row.conversion.keras.map(k => k.shape)));
            expect([...produced.values()].reduce((n, t) => n + t.data.length, 0)).toBe(Number(row.params.cudnn));
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(60);
  }, 60_000);

  it('round-trips Keras → target → Keras exactly where Keras keeps both biases, and keeps b = b_i + b_r otherwise', () => {
    const model = read('test/conversion/cases_keras3.py').models;
    for (const m of model) {
      for (const row of rowsOf(m.rows)) {
        const conv = row.conversion;
        if (!conv || conv.cell.units === 0n) continue;
        for (const target of [conv.pytorch, conv.onnx]) {
          if (isRefusal(target)) continue;
          const keras = randomKeras(conv.keras.map(k => k.shape));
          const back = toKeras(
            target as ITargetConversion,
            toTarget(target, keras),
            keras.map(k => k.shape)
          );
          // Compared element by element: toEqual on the seed's 360,000-element kernels takes minutes.
          back.forEach((t, i) =>
            expect(
              t.data.every((v, j) => v === keras[i].data[j]),
              `${m.name} ${row.name} ${target.target} ${conv.keras[i].name}`
            ).toBe(true)
          );
        }
      }
    }
  });

  it('maps the seed: Bidirectional(LSTM(300)) → nn.LSTM(300, 300, bidirectional=True) with b_i = b, b_r = 0, and ONNX gates i,o,f,c', () => {
    const row = read('test/fixtures/models/seed_lstm.py').models[0].rows[1];
    const torch = row.conversion!.pytorch as ITargetConversion;
    expect(torch.module).toBe('torch.nn.LSTM(300, 300, batch_first=True, bidirectional=True)');
    expect(torch.tensors.map(t => `${t.name} ${t.shape.join('x')}`)).toEqual([
      'weight_ih_l0 1200x300',
      'weight_hh_l0 1200x300',
      'bias_ih_l0 1200',
      'bias_hh_l0 1200',
      'weight_ih_l0_reverse 1200x300',
      'weight_hh_l0_reverse 1200x300',
      'bias_ih_l0_reverse 1200',
      'bias_hh_l0_reverse 1200'
    ]);
    expect(torch.bias).toEqual({ toTarget: 'b_i = b, b_r = 0', toKeras: 'b = b_i + b_r' });
    expect(torch.elements).toBe(1_444_800n);
    const onnx = row.conversion!.onnx as ITargetConversion;
    expect(onnx.gateOrder).toEqual(['i', 'o', 'f', 'c']);
    // ONNX gate f (position 2) comes from the Keras forget block, columns 300:600 of the forward kernel.
    const f = onnx.pieces.find(p => p.target.tensor === 'W' && p.target.direction === 0 && p.targetGate === 'f')!;
    expect([f.keras.name, f.keras.start, f.keras.end, f.target.start, f.target.end, f.op]).toEqual([
      'forward/kernel',
      300n,
      600n,
      600n,
      900n,
      'transpose'
    ]);
  });

  it('refuses GRU(reset_after=False) for PyTorch/cuDNN with the reason, and converts it to ONNX with linear_before_reset=0', () => {
    const gru = read('test/conversion/cases_keras3.py').models.find(m => m.name === 'gru_reset_before')!.rows[0].conversion!;
    expect(isRefusal(gru.pytorch) && gru.pytorch.refused).toMatch(/reset_after=False.*reset-after form.*linear_before_reset=0/);
    expect(!isRefusal(gru.onnx) && gru.onnx.options.linear_before_reset).toBe(0);
    const after = read('test/conversion/cases_keras3.py').models.find(m => m.name === 'gru')!.rows[0].conversion!;
    expect(!isRefusal(after.onnx) && after.onnx.options.linear_before_reset).toBe(1);
    expect(!isRefusal(after.pytorch) && after.pytorch.gateOrder).toEqual(['r', 'z', 'n']);
  });

  it('refuses ConvLSTM for both targets, and non-default LSTM activations for PyTorch only', () => {
    const models = read('test/conversion/cases_keras3.py').models;
    const conv = models.find(m => m.name === 'conv_lstm')!.rows[0].conversion!;
    expect(isRefusal(conv.pytorch) && isRefusal(conv.onnx)).toBe(true);
    const relu = models.find(m => m.name === 'lstm_relu')!.rows[0].conversion!;
    expect(isRefusal(relu.pytorch) && relu.pytorch.refused).toMatch(/activation=relu/);
    expect(!isRefusal(relu.onnx) && relu.onnx.options.activations).toEqual(['Sigmoid', 'Relu', 'Relu']);
  });

  it('refuses a Bidirectional whose backward layer differs from the forward one, for both targets', () => {
    const source = [
      'import keras',
      'from keras import layers',
      'm = keras.Sequential([keras.Input(shape=(6, 5)), layers.Bidirectional(layers.LSTM(4, return_sequences=True),',
      '    backward_layer=layers.LSTM(3, return_sequences=True, go_backwards=True))])'
    ].join('\n');
    const conv = analyze({ name: 'b.py', content: source }, { kerasVersion: 3 }).models[0].rows[0].conversion!;
    expect(isRefusal(conv.pytorch) && conv.pytorch.refused).toMatch(/backward layer differs from the forward one in units \(4 vs 3\)/);
    expect(isRefusal(conv.onnx)).toBe(true);
  });

  it('reads CuDNN layers as raw cuDNN matrices (reshape, not transpose) with both biases copied', () => {
    const m = read('test/conversion/cases_keras2.py', 2).models.find(x => x.name === 'cudnn_lstm')!;
    const torch = m.rows[0].conversion!.pytorch as ITargetConversion;
    expect(new Set(torch.pieces.filter(p => p.keras.name !== 'bias').map(p => p.op))).toEqual(new Set(['reshape']));
    expect(torch.pieces.filter(p => p.target.tensor === 'bias_hh_l0').map(p => [p.keras.start, p.op])[0]).toEqual([16n, 'copy']);
  });

  it('shows up in the JSON and as a short note in the text format', async () => {
    const { formatText, toJson } = await import('../src/core/index');
    const report = read('test/fixtures/models/seed_lstm.py');
    const layer = toJson(report).models[0].layers[1];
    expect(layer.conversion?.pytorch).toMatchObject({ module: 'torch.nn.LSTM(300, 300, batch_first=True, bidirectional=True)', elements: 1444800 });
    expect(formatText(report)).toContain(
      '⇄ bidirectional: Keras gates i,f,c,o → torch.nn.LSTM(300, 300, batch_first=True, bidirectional=True) gates i,f,g,o; ONNX LSTM gates i,o,f,c; b_i = b, b_r = 0'
    );
  });
});

describe('weight conversion as code', () => {
  it('model-summary FILE --conversion-code prints a numpy-only module with the four functions and the layer table', () => {
    const r = spawnSync('node', ['dist/model-summary.cjs', 'test/fixtures/models/seed_lstm.py', '--conversion-code'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const fn of [
      'keras_to_torch(model, layers=None)',
      'torch_to_keras(state_dicts, model)',
      'keras_to_onnx(model, layers=None)',
      'onnx_to_keras(arrays, model)'
    ]) {
      expect(r.stdout).toContain(`def ${fn}:`);
    }
    expect(r.stdout.match(/^(import|from) \S+/gm)).toEqual(['import warnings', 'import numpy']);
    expect(r.stdout).toContain('"torch": "torch.nn.LSTM(300, 300, batch_first=True, bidirectional=True)"');
    expect(r.stdout).toContain('b = b_i + b_r');
  });
});

describe('weight conversion proven by the TensorFlow.js forward pass', () => {
  it('agrees within 1e-5 for every layout of the cases, on the CPU backend', async () => {
    await tf.setBackend('cpu');
    const statements = new Map<string, string>();
    for (const m of read('test/conversion/cases_keras3.py').models) {
      if (m.name === 'seed') continue;
      for (const c of await checkConversions(tf as unknown as TF, m)) {
        if (m.name === 'conv_lstm') {
          expect(c.status).toBe('not checked');
          continue;
        }
        expect(c.status, `${m.name} ${c.layer}: ${c.reason ?? c.statement}`).toBe('ok');
        expect(c.maxDiff!).toBeLessThanOrEqual(1e-5);
        statements.set(m.name, c.statement);
      }
    }
    expect(statements.get('bi_lstm_concat')).toBe('b = b_i + b_r, verified numerically');
    expect(statements.get('gru')).toMatch(/b_i = bias\[0\], b_r = bias\[1\]/);
    expect(statements.get('gru_reset_before')).toMatch(/ONNX GRU linear_before_reset=0/);
    expect(statements.get('simple_rnn')).toBe('b = b_i + b_r, verified numerically');
  }, 60_000);

  it("proves the seed's Bidirectional row, and reports a ✗ with the largest difference when the mapping is wrong", async () => {
    await tf.setBackend('cpu');
    const seed = read('test/fixtures/models/seed_lstm.py').models[0];
    const [check] = await checkConversions(tf as unknown as TF, seed, 4);
    expect(check).toMatchObject({ layer: 'bidirectional', status: 'ok', statement: 'b = b_i + b_r, verified numerically', target: 'pytorch' });
    // Break the gate order (i,f,g,o → f,i,g,o): the forward pass must notice.
    const torch = seed.rows[1].conversion!.pytorch as ITargetConversion;
    const swapped = torch.pieces.map(p => ({ ...p, target: { ...p.target } }));
    for (const p of swapped)
      if (p.targetGate === 'i' || p.targetGate === 'f') [p.target.start, p.target.end] = p.targetGate === 'i' ? [300n, 600n] : [0n, 300n];
    seed.rows[1].conversion!.pytorch = { ...torch, pieces: swapped };
    const [broken] = await checkConversions(tf as unknown as TF, seed, 4);
    expect(broken.status).toBe('mismatch');
    expect(broken.statement).toMatch(/largest difference \d\.\d\de[-+]\d+/);
    expect(broken.maxDiff!).toBeGreaterThan(1e-3);
  }, 60_000);

  it('is part of --validate: the seed gets "✓ bidirectional: b = b_i + b_r, verified numerically" and its JSON', async () => {
    await tf.setBackend('cpu');
    const { validateModel } = await import('../src/core/validate/validate');
    const { validationJson, validationText } = await import('../src/core/validate/format');
    const seed = read('test/fixtures/models/seed_lstm.py').models[0];
    const v = await validateModel(tf as unknown as TF, seed, { sequenceLength: 4 });
    expect(validationText(v)).toMatch(/✓ bidirectional: b = b_i \+ b_r, verified numerically \(max \|Δ\| \d\.\de-\d+\)/);
    expect(validationJson(v).conversions).toEqual([expect.objectContaining({ layer: 'bidirectional', status: 'ok', target: 'pytorch' })]);
    expect(v.leakedTensors).toBe(0);
  }, 60_000);
});
