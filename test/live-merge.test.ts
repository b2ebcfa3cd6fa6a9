/** The panel's merge of the static report with the kernel's: compared where both know a model, live where only the kernel does. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCells } from '../src/core/analyze';
import { jsonModel, toJson } from '../src/core/format/json';
import { compareWithLive, readLiveReply } from '../src/core/readers/live';
import { mergeLive, staticallyKnown } from '../src/lab/live-merge';

const engine = { jsonModel, compareWithLive };
const seedReply = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'live', 'seed_lstm.json'), 'utf8'));

describe('mergeLive', () => {
  it('compares a model both know, and adds one only the kernel knows', () => {
    const report = analyzeCells([
      {
        index: 0,
        source:
          'import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), layers.Embedding(640, 300), layers.Bidirectional(layers.LSTM(300, return_sequences=True))])'
      }
    ]);
    const reply = structuredClone(seedReply);
    reply.models.push({ ...structuredClone(seedReply.models[0]), variable: 'restored' });
    const { json, view } = mergeLive(engine, report, toJson(report), readLiveReply(reply));
    expect(json.models.map(m => m.variable)).toEqual(['model', 'restored']);
    expect(view.checks.get('model')?.ok).toBe(true);
    expect([...view.liveOnly]).toEqual(['restored']);
    expect(json.models[1].totals.cudnn.total).toBe(1_636_800);
  });

  it('replaces a model the static reader knew only in part by the exact live one', () => {
    const report = analyzeCells([
      {
        index: 0,
        source: 'import keras\nmodel = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), keras.layers.Embedding(vocab(), 300)])'
      }
    ]);
    expect(toJson(report).models[0].totals.keras.unknownLayers).toBeGreaterThan(0);
    const { json, view } = mergeLive(engine, report, toJson(report), readLiveReply(seedReply));
    expect(json.models).toHaveLength(1);
    expect(json.models[0].totals.keras.total).toBe(1_634_400);
    expect(json.models[0].totals.keras.unknownLayers).toBe(0);
    expect(view.liveOnly.has('model')).toBe(true);
  });

  it('replaces a model with a size the source does not give (printed ?) by the live one, which has it', () => {
    const report = analyzeCells([
      {
        index: 0,
        source:
          'import keras\nimport numpy as np\nX = np.load("x.npy")\nfrom keras import layers\nmodel = keras.Sequential([keras.Input(shape=(X.shape[1],)), layers.Embedding(640, 300), layers.Bidirectional(layers.LSTM(300, return_sequences=True))])'
      }
    ]);
    const stat = toJson(report).models[0];
    expect(stat.totals.keras.unknownLayers).toBe(0);
    expect(stat.layers[0].unknownSizes).toBe(true);
    const reply = structuredClone(seedReply);
    for (const layer of reply.models[0].layers) layer.outputShape[1] = 13;
    const { json, view } = mergeLive(engine, report, toJson(report), readLiveReply(reply));
    expect(view.liveOnly.has('model')).toBe(true);
    expect(json.models[0].layers.map(l => [l.outputShape, l.unknownSizes])).toEqual([
      [[null, 13, 300], undefined],
      [[null, 13, 600], undefined]
    ]);
  });

  it('a nested model with a size the source does not give makes its model one the live model replaces', () => {
    const report = analyzeCells([
      {
        index: 0,
        source:
          'import keras\nimport numpy as np\nX = np.load("x.npy")\nenc_in = keras.Input(shape=(X.shape[1], 4))\nencoder = keras.Model(enc_in, keras.layers.Dense(8)(enc_in))\n' +
          'inp = keras.Input(shape=(5, 4))\nmodel = keras.Model(inp, encoder(inp))\nplain = keras.Model(inp, keras.layers.Dense(2)(inp))'
      }
    ]);
    const json = toJson(report);
    const known = (name: string) => staticallyKnown(json.models.find(m => m.variable === name)!);
    expect(json.models.find(m => m.variable === 'model')!.inferred).toBeUndefined();
    expect([known('model'), known('plain')]).toEqual([false, true]);
  });
});
