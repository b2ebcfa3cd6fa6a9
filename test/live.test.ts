/**
 * The engine's live reader (src/core/readers/live.ts) against real Keras: the inspector's replies for
 * every fixture (test/fixtures/live, written by scripts/oracle/live_replies.py under real Keras) must
 * give the goldens' counts in all three conventions, layer by layer, like the kernel's own summary
 * (test/python/test_parity.py holds that one to the same goldens).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCells } from '../src/core/analyze';
import { toJson, jsonModel, type IJsonLayer } from '../src/core/format/json';
import { compareWithLive, readLiveReply } from '../src/core/readers/live';
import type { KernelValue } from '../src/core/python/kernel-values';
import type { IGoldenLayer } from './helpers/golden';

const FIXTURES = join(__dirname, 'fixtures');
const replies = readdirSync(join(FIXTURES, 'live'))
  .filter(f => f.endsWith('.json'))
  .sort();
const read = (dir: string, file: string) => JSON.parse(readFileSync(join(FIXTURES, dir, file), 'utf8'));

const unknownCounts = (c: Record<string, unknown> | null | undefined) => !c || Object.values(c).every(v => v === null);

function compare(golden: IGoldenLayer[], ours: IJsonLayer[], where: string, problems: string[]): void {
  if (golden.map(l => l.name).join() !== ours.map(l => l.name).join())
    problems.push(`${where}: layers ${ours.map(l => l.name)} vs ${golden.map(l => l.name)}`);
  golden.forEach((g, i) => {
    const o = ours[i];
    if (!o) return;
    const at = `${where} › ${g.name}`;
    for (const [what, a, b] of [
      ['class', o.class, g.class],
      // A shape the kernel cannot read cheaply (layers inside a subclassed or unbuilt model) is unknown, not wrong.
      ['outputShape', o.outputShape === null ? g.outputShape : o.outputShape, g.outputShape],
      // Likewise a count the kernel does not have (an unbuilt model's layers): unknown in every convention.
      ['params', unknownCounts(o.params) ? g.params : o.params, g.params],
      ['trainableParams', unknownCounts(o.trainableParams) ? g.trainableParams : o.trainableParams, g.trainableParams]
    ] as const) {
      if (
        JSON.stringify(a, Object.keys(a ?? {}).sort()) !== JSON.stringify(b, Object.keys(b ?? {}).sort()) &&
        JSON.stringify(a) !== JSON.stringify(b)
      ) {
        problems.push(`${at}: ${what} ${JSON.stringify(a)}, Keras says ${JSON.stringify(b)}`);
      }
    }
    if (g.layers) compare(g.layers, o.layers ?? [], at, problems);
  });
}

describe('live reader against the goldens', () => {
  it('has a reply for every golden source fixture', () => {
    const sources = readdirSync(join(FIXTURES, 'models'))
      .filter(f => /\.(py|ipynb)$/.test(f))
      .map(f => f.replace(/\.(py|ipynb)$/, '.json'));
    expect(replies.sort()).toEqual(sources.sort());
  });
  for (const file of replies) {
    it(file, () => {
      const live = readLiveReply(read('live', file));
      const golden = read('golden', file);
      expect(live.diagnostics).toEqual([]);
      expect(live.kerasVersion).toBe(golden.kerasVersion);
      // The kernel lists the models bound to names; those held by objects of Python classes (`autoencoder.encoder`)
      // are the static reader's entries.
      const bound = (
        golden.models as Array<{ variable: string; unbuilt?: boolean; totals: Record<string, Record<string, number>>; layers: never }>
      ).filter(m => !/[.[]/.test(m.variable));
      expect(live.models.map(m => m.variable)).toEqual(bound.map(m => m.variable));
      const problems: string[] = [];
      live.models.forEach((m, i) => {
        const json = jsonModel(m);
        compare(bound[i].layers, json.layers, `${file}:${m.variable}`, problems);
        // An unbuilt model, or a built one with unbuilt layers (Keras prints `0 (unbuilt)`: Keras 3's model.build() of a
        // subclassed model), has no counts in the kernel for them: its totals are unknown there, not wrong.
        const partial = ((bound[i].totals.keras as { unknownLayers?: number }).unknownLayers ?? 0) > 0;
        const unbuilt = (bound[i].unbuilt === true || partial) && json.totals.keras.unknownLayers > 0;
        // Keras 3 counts a built optimizer's variables ("Optimizer params") in "Total params"; the goldens keep them apart.
        const goldenOptimizer = (bound[i] as { optimizer?: { class: string; params: Record<string, number | null> } }).optimizer;
        if ((json.optimizer?.class ?? null) !== (goldenOptimizer?.class ?? null))
          problems.push(`${file}:${m.variable}: the optimizer is ${json.optimizer?.class ?? 'none'}, Keras says ${goldenOptimizer?.class ?? 'none'}`);
        for (const c of ['keras', 'cudnn', 'declared'] as const) {
          if (unbuilt) continue;
          const t = bound[i].totals[c];
          const optimizer = goldenOptimizer?.params[c] ?? null;
          if (goldenOptimizer && json.totals[c].optimizer !== optimizer)
            problems.push(`${file}:${m.variable} totals.${c}: optimizer ${json.totals[c].optimizer}, Keras says ${optimizer}`);
          const total = t.total + (optimizer ?? 0);
          if (json.totals[c].total !== total || json.totals[c].trainable !== t.trainable || json.totals[c].unknownLayers !== 0) {
            problems.push(
              `${file}:${m.variable} totals.${c}: ${json.totals[c].total}/${json.totals[c].trainable}, Keras says ${total}/${t.trainable}`
            );
          }
        }
      });
      expect(problems).toEqual([]);
    });
  }
});

describe('live reader', () => {
  it('the seed: both conventions, Δ and its reason, memory, the label', () => {
    const live = readLiveReply(read('live', 'seed_lstm.json'));
    expect(live.label).toBe('live (Keras 3.15.1, tensorflow)');
    const [model] = live.models;
    expect(model.totals.keras.total).toBe(1_634_400n);
    expect(model.totals.cudnn.total).toBe(1_636_800n);
    expect(model.totals.keras.bytes.total).toBe(1_634_400n * 4n);
    expect(model.rows[1].note).toBe('cuDNN keeps input and recurrent biases: +2 directions × 4 gates × 300 units = 2,400');
  });

  it("Keras 3's optimizer: its variables in the total, the cuDNN count only where the weights it was built on are the model's now", () => {
    const reply = read('live', 'optimizer_params.json');
    const recurrent = reply.models.find((m: { variable: string }) => m.variable === 'recurrent');
    const at = (o: unknown) => readLiveReply({ ...reply, models: [{ ...recurrent, optimizer: o }] }).models[0];
    const built = at(recurrent.optimizer);
    expect([built.totals.keras.optimizer?.params, built.totals.cudnn.optimizer?.params]).toEqual([1364n, 1428n]);
    expect(built.totals.keras.total).toBe(built.totals.keras.trainable + built.totals.keras.nonTrainable + 1364n);
    // Built on other weights (layers frozen since): the layout's slot variables are not known, never guessed.
    const frozen = at({ ...recurrent.optimizer, builtOn: 1362 });
    expect([frozen.totals.keras.optimizer?.params, frozen.totals.cudnn.optimizer?.params]).toEqual([1364n, null]);
    expect(frozen.optimizer?.why).toMatch(/not all known/);
    const odd = at({ class: 'Adam', variables: [{ dtype: 'float32', elements: -1 }] });
    expect(odd.totals.keras.optimizer?.params).toBeNull();
    expect(odd.optimizer?.why).toMatch(/unknown shape/);
  });

  it('malformed replies become diagnostics, not crashes or numbers', () => {
    expect(readLiveReply(null).diagnostics[0].message).toMatch(/cannot read/);
    expect(readLiveReply({ version: 2 }).models).toEqual([]);
    const odd = readLiveReply({
      version: 1,
      libraries: [{ name: 'keras', version: '3.15.1', backend: 'jax' }],
      models: [
        {
          variable: 'm',
          name: 'm',
          class: 'Sequential',
          built: false,
          layers: [{ name: 'd', class: 'Dense', built: false, weights: [], outputShape: 'x' }, 'junk']
        }
      ],
      truncated: 'more than 5000 layers'
    });
    const [m] = odd.models;
    expect(m.rows).toHaveLength(1);
    expect(m.rows[0].params.keras).toBeNull();
    expect(m.rows[0].problem).toMatch(/not built/);
    expect(m.totals.keras.unknownLayers).toBe(1);
    expect(odd.diagnostics.map(d => d.message)).toEqual(['live summary cut short: more than 5000 layers']);
    expect(odd.label).toBe('live (Keras 3.15.1, jax)');
  });

  it('a weight with an unknown dimension is unknown, never counted as zero', () => {
    const r = readLiveReply({
      version: 1,
      libraries: [],
      models: [
        {
          variable: 'm',
          name: 'm',
          class: 'Functional',
          built: true,
          layers: [{ name: 'd', class: 'Dense', trainable: true, weights: [{ name: 'kernel', shape: [null, 3], dtype: 'float32', trainable: true }] }]
        }
      ]
    });
    expect(r.models[0].rows[0].params.keras).toBeNull();
  });
});

describe('static vs live', () => {
  const seedSource = [
    'import keras',
    'from keras import layers',
    'model = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), layers.Embedding(640, 300), layers.Bidirectional(layers.LSTM(300, return_sequences=True))])'
  ].join('\n');

  it('agree layer by layer on the seed', () => {
    const report = analyzeCells([{ index: 0, source: seedSource }]);
    const live = readLiveReply(read('live', 'seed_lstm.json'));
    const shapes = new Map(report.models[0].rows.map(r => [r.name, r.outputShapes]));
    const check = compareWithLive(toJson(report).models[0], shapes, live.models[0], live.label);
    expect(check.ok).toBe(true);
    expect(check.layers.map(l => l.status)).toEqual(['ok', 'ok']);
  });

  it('a disagreement is visible with both numbers', () => {
    const report = analyzeCells([{ index: 0, source: seedSource.replace('LSTM(300', 'LSTM(299') }]);
    const live = readLiveReply(read('live', 'seed_lstm.json'));
    const shapes = new Map(report.models[0].rows.map(r => [r.name, r.outputShapes]));
    const check = compareWithLive(toJson(report).models[0], shapes, live.models[0], live.label);
    expect(check.ok).toBe(false);
    expect(check.layers[1].status).toBe('mismatch');
    expect(check.layers[1].reason).toContain('Keras params: static 1,435,200, live 1,442,400');
    expect(check.layers[1].reason).toContain('output shape: static (None, None, 598), live (None, None, 600)');
  });

  it('a None the static reader states where the live model has a size disagrees (only the batch axis may differ)', () => {
    const report = analyzeCells([{ index: 0, source: seedSource }]);
    const reply = read('live', 'seed_lstm.json');
    reply.models[0].layers[1].outputShape = [32, null, 600];
    reply.models[0].layers[0].outputShape = [null, 13, 300];
    const live = readLiveReply(reply);
    const shapes = new Map(report.models[0].rows.map(r => [r.name, r.outputShapes]));
    const check = compareWithLive(toJson(report).models[0], shapes, live.models[0], live.label);
    expect(check.layers.map(l => l.status)).toEqual(['mismatch', 'ok']);
    expect(check.layers[0].reason).toContain('output shape: static (None, None, 300), live (None, 13, 300)');
  });
});

describe('kernel values resolve names the source cannot know', () => {
  const cells = [
    { index: 0, source: 'import numpy as np\nx_train = np.load("data.npy")\nclass_names = load_names()' },
    {
      index: 1,
      source:
        'import keras\nmodel = keras.Sequential([keras.Input(shape=(x_train.shape[1], x_train.shape[2])), keras.layers.Flatten(), keras.layers.Dense(len(class_names))])'
    }
  ];
  const values = new Map<string, KernelValue>([
    ['x_train', { kind: 'array', shape: [60000, 28, 28], dtype: 'uint8' }],
    ['class_names', { kind: 'list', items: Array.from({ length: 10 }, (_, i) => ({ kind: 'str', value: `c${i}` })) }]
  ]);

  it('unknown without them, exact with them', () => {
    expect(analyzeCells(cells).models[0]?.totals.keras.unknownLayers ?? 1).toBeGreaterThan(0);
    const [model] = analyzeCells(cells, { kernelValues: values }).models;
    expect(model.totals.keras.total).toBe(28n * 28n * 10n + 10n);
    expect(model.totals.keras.unknownLayers).toBe(0);
  });

  it('values only: malformed entries and non-identifiers are ignored', () => {
    const bad = new Map<string, KernelValue>([
      ['x_train', { kind: 'array', shape: [-1, 'x'], dtype: 'f' } as unknown as KernelValue],
      ['not a name', { kind: 'int', value: 3 }]
    ]);
    expect(() => analyzeCells(cells, { kernelValues: bad })).not.toThrow();
  });
});
