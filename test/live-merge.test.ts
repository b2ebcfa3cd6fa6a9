/** The panel's merge of the static report with the kernel's: compared where both know a model, live where only the kernel does. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCells } from '../src/core/analyze';
import { jsonModel, toJson } from '../src/core/format/json';
import { compareWithLive, readLiveReply } from '../src/core/readers/live';
import { mergeLive } from '../src/lab/live-merge';

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
});
