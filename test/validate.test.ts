/**
 * TensorFlow.js, an independent Keras implementation, against the engine: every fixture model is built
 * and run once (WASM backend in Node) and no layer may disagree on its output shape or Keras count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, type KerasVersion, type ModelSummary } from '../src/core/index';
import { tfjsMessage, validateModel, type IModelValidation } from '../src/core/validate/validate';
import { HEADER, model, py } from './helpers/analyze';

const FIXTURES = join(__dirname, 'fixtures');
// Whole realistic scripts (golden/script__*.json, real-scripts.test.ts) are left out: they hold models the
// engine only partly knows, and found TensorFlow.js issues of their own (see the issue-8b report).
const goldens = readdirSync(join(FIXTURES, 'golden'))
  .filter(f => f.endsWith('.json') && !f.startsWith('script__'))
  .sort();

beforeAll(async () => {
  setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
  const { warn } = console;
  console.warn = () => {};
  expect(await tf.setBackend('wasm')).toBe(true);
  console.warn = warn;
  await tf.ready();
});

function models(golden: string): ModelSummary[] {
  const g = JSON.parse(readFileSync(join(FIXTURES, 'golden', golden), 'utf8')) as { fixture: string; kerasVersion: KerasVersion };
  const path = join(FIXTURES, g.fixture);
  return analyze({ name: path, content: readFileSync(path) }, { kerasVersion: g.kerasVersion }).models;
}

describe('TensorFlow.js agrees with the engine on every fixture', () => {
  const results: IModelValidation[] = [];

  for (const golden of goldens) {
    it(
      golden,
      async () => {
        for (const m of models(golden)) {
          const before = tf.memory().numTensors;
          const v = await validateModel(tf, m);
          // A subclassed model is Python code (its call()), which TensorFlow.js cannot build: not counted below.
          if (m.source.tracked === null) results.push(v);
          expect(v.backend).toBe('wasm');
          const mismatches = v.layers.filter(l => l.status === 'mismatch').map(l => `${m.name} › ${l.name}: ${l.reason}`);
          expect(mismatches).toEqual([]);
          expect(v.leakedTensors).toBe(0);
          expect(tf.memory().numTensors).toBe(before);
          // Where TensorFlow.js built the model, every layer was checked or says why not.
          for (const l of v.layers) if (l.status === 'not validatable') expect(l.reason).toBeTruthy();
        }
      },
      60_000
    );
  }

  it('validates most models completely (subclassed models apart)', () => {
    const ok = results.filter(r => r.ok).length;
    expect(ok / results.length).toBeGreaterThan(0.85);
  });
});

describe('the validator', () => {
  const seed = () =>
    model(
      py(
        `${HEADER}m = keras.Sequential([keras.Input((None,)), layers.Embedding(640, 300), layers.Bidirectional(layers.LSTM(300, return_sequences=True))])\n`
      ),
      'm'
    );

  it('checks the seed: shapes and 1,442,400 Keras parameters', async () => {
    const v = await validateModel(tf, seed());
    expect(v.ok).toBe(true);
    expect(v.layers.map(l => [l.name, l.status, l.tfjsParams, l.actualShape])).toEqual([
      ['embedding', 'ok', 192000, [[1, 8, 300]]],
      ['bidirectional', 'ok', 1442400, [[1, 8, 600]]]
    ]);
  });

  it('reports a disagreement, explained', async () => {
    const m = seed();
    m.rows[1].outputShapes = [[null, null, 601n]];
    m.rows[1].params.keras = 1442401n;
    const v = await validateModel(tf, m);
    expect(v.ok).toBe(false);
    expect(v.layers[1]).toMatchObject({ status: 'mismatch', shapeOk: false, paramsOk: false });
    expect(v.layers[1].reason).toBe(
      'TensorFlow.js gives (1, 8, 600), the engine (None, None, 601); TensorFlow.js counts 1,442,400 parameters, the engine 1,442,401'
    );
  });

  it('marks layers TensorFlow.js lacks as not validatable, with the reason, and checks the rest', async () => {
    const m = model(
      py(`${HEADER}x = keras.Input((6, 16))\ny = layers.MultiHeadAttention(2, 8)(x, x)\nm = keras.Model(x, layers.Dense(3)(y))\n`),
      'm'
    );
    const v = await validateModel(tf, m);
    expect(v.ok).toBe(true);
    expect(v.layers.find(l => l.name === 'multi_head_attention')).toMatchObject({
      status: 'not validatable',
      reason: expect.stringMatching(/^TensorFlow.js has no MultiHeadAttention layer/)
    });
    expect(v.layers.find(l => l.name === 'dense')).toMatchObject({ status: 'ok', tfjsParams: 51 });
  });

  it('checks the shape of a nested model holding stand-ins, and says why its count is not compared', async () => {
    const src = `${HEADER}import keras_hub
inner_in = keras.Input((6, 16))
inner = keras.Model(inner_in, keras_hub.layers.TransformerEncoder(32, 2)(inner_in))
x = keras.Input((6, 16))
m = keras.Model(x, layers.Dense(3)(inner(x)))
`;
    const v = await validateModel(tf, model(py(src), 'm'));
    expect(v.layers.find(l => l.name === 'functional')).toMatchObject({
      status: 'ok',
      shapeOk: true,
      paramsOk: null,
      reason: expect.stringContaining('stand-ins without weights (transformer_encoder)')
    });
  });

  it('says that GRU reset_after=True counts differ by design', async () => {
    const v = await validateModel(tf, model(py(`${HEADER}m = keras.Sequential([keras.Input((5, 3)), layers.GRU(4)])\n`), 'm'));
    expect(v.layers[0]).toMatchObject({ status: 'ok', shapeOk: true, paramsOk: null, reason: expect.stringContaining('tfjs#4621') });
  });

  it('does not build a model over the memory budget', async () => {
    const big = model(py(`${HEADER}m = keras.Sequential([keras.Input((100000,)), layers.Dense(10000)])\n`), 'm');
    const v = await validateModel(tf, big, { budgetBytes: 512 * 1024 * 1024 });
    expect(v.ok).toBe(false);
    expect(v.message).toBe('not built: its weights take 3814.7 MB, over the 512.0 MB budget for validation');
    expect(v.layers).toEqual([]);
  });
});

describe("TensorFlow.js's own errors", () => {
  it('are one line without its advice to JavaScript developers', () => {
    const error = new Error(
      'Unknown activation: toString. This may be due to one of the following reasons:\n1. The activation is defined in Python, in which case it needs to be ported to TensorFlow.js or your JavaScript code.\n2. The custom activation is defined in JavaScript, but is not registered properly with tf.serialization.registerClass().'
    );
    expect(tfjsMessage(error)).toBe('Unknown activation: toString.');
    expect(tfjsMessage(new Error('x'.repeat(500))).length).toBe(200);
    expect(tfjsMessage('plain')).toBe('plain');
  });
});
