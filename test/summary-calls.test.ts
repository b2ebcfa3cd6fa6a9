/** Every `model.summary()` call of a script, each with the model as it was at that call. */
import { describe, expect, it } from 'vitest';
import { analyze, analyzeCells, formatText, toJson } from '../src/core/index';
import { HEADER, py } from './helpers/analyze';

const script = `${HEADER}model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
model.summary()
model.add(layers.Dense(2))
print(model.summary())
model.summary(expand_nested=True, show_trainable=True)
model.pop()
model.summary()
model = keras.Sequential([keras.Input((4,)), layers.Dense(7)])
model.summary()
other = keras.Sequential([keras.Input((2,)), layers.Dense(1)])
`;

describe('summary() calls in a script', () => {
  it('gives one entry per call, in order, with the model as it was, then the models no call showed', () => {
    const report = py(script);
    const entries = report.models.map(m => [m.summaryCall?.line ?? null, m.rows.map(r => r.name).join(','), m.totals.keras.total]);
    expect(entries).toEqual([
      [4, 'dense', 15n],
      [6, 'dense,dense_1', 23n],
      [7, 'dense,dense_1', 23n],
      [9, 'dense', 15n],
      [11, 'dense_2', 35n],
      [null, 'dense_3', 3n]
    ]);
  });

  it('locates each call at the start of the call expression (print(model.summary()) at model)', () => {
    const report = py(script);
    expect(report.models[1].summaryCall).toMatchObject({ cell: null, line: 6, column: 7 });
    expect(report.models[0].summaryCall).toMatchObject({ cell: null, line: 4, column: 1 });
  });

  it('writes summaryCall in the JSON report', () => {
    const json = toJson(py(script)) as { models: Array<{ summaryCall: unknown }> };
    expect(json.models[0].summaryCall).toEqual({ cell: null, line: 4, column: 1, expandNested: false, showTrainable: false });
    expect(json.models[2].summaryCall).toEqual({ cell: null, line: 7, column: 1, expandNested: true, showTrainable: true });
    expect(json.models[5].summaryCall).toBeNull();
  });

  it('prints each call as Keras does: nested rows only with expand_nested, a Trainable column with show_trainable', () => {
    const src = `${HEADER}inner = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Dropout(0.1)], name="inner")
inner.trainable = False
m = keras.Sequential([keras.Input((4,)), inner, layers.Dense(2), layers.ReLU()])
m.summary()
m.summary(None, None, None, True, True)
`;
    const view = { asCalled: true };
    const [plain, expanded] = formatText(py(src), 'keras', undefined, view).split('\n\n');
    expect(plain).not.toMatch(/dropout/);
    expect(plain).toMatch(/2 rows of nested models are not listed/);
    expect(plain).not.toMatch(/Trainable ┃/);
    // Keras 3: Y or N, and - for a layer without weights.
    expect(expanded).toMatch(/│ inner \(Sequential\)\s+│ \(None, 3\)\s+│\s+15 │ N\s+│/);
    expect(expanded).toMatch(/│ {3}dropout \(Dropout\)\s+│ \(None, 3\)\s+│\s+0 │ -\s+│/);
    expect(expanded).toMatch(/│ dense_1 \(Dense\)\s+│ \(None, 2\)\s+│\s+8 │ Y\s+│/);
    // tf.keras 2 prints Y or N for every layer.
    expect(formatText(py(src, 2), 'keras', undefined, view)).toMatch(/│ re_lu \(ReLU\)\s+│ \(None, 2\)\s+│\s+0 │ Y\s+│/);
    // --expand-nested lists them anyway; without the view (the magic, the panel's copy) every row is listed.
    expect(formatText(py(src), 'keras', undefined, { asCalled: true, expandNested: true }).split('\n\n')[0]).toMatch(/dropout/);
    expect(formatText(py(src), 'keras').split('\n\n')[0]).toMatch(/dropout/);
  });

  it('shows a model summarized inside a function, at each call', () => {
    const report = py(
      `${HEADER}def build(n):\n    m = keras.Sequential([keras.Input((2,)), layers.Dense(n)])\n    m.summary()\n    return m\na = build(1)\nb = build(2)\n`
    );
    expect(report.models.map(m => [m.summaryCall?.line, m.totals.keras.total])).toEqual([
      [5, 3n],
      [5, 6n]
    ]);
  });

  it('in a notebook (latest) shows each model once, in its latest state, with its last call', () => {
    const report = analyzeCells([
      { index: 0, source: `${HEADER}model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\nmodel.summary()\n` },
      { index: 1, source: 'model.add(layers.Dense(2))\nmodel.summary()\n' }
    ]);
    expect(report.models.length).toBe(1);
    expect(report.models[0].totals.keras.total).toBe(23n);
    expect(report.models[0].summaryCall).toMatchObject({ cell: 1, line: 2, column: 1 });
  });
});

describe('summary() calls in a notebook file', () => {
  it('reads an .ipynb as running its cells prints: each call with the model as it was, trainable flags included', () => {
    const cell = (source: string) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source });
    const notebook = JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        cell(`${HEADER}base = keras.Sequential([keras.Input((4,)), layers.Dense(8)])\nbase.trainable = False\nbase.summary()`),
        cell('base.add(layers.Dense(2))\nbase.trainable = True\nbase.summary()')
      ]
    });
    const report = analyze({ name: 'nb.ipynb', content: notebook }, { kerasVersion: 3 });
    expect(report.models.map(m => [m.summaryCall?.cell ?? null, m.rows.length, m.totals.keras.trainable])).toEqual([
      [0, 1, 0n],
      [1, 2, 58n]
    ]);
  });
});

describe('values from a live kernel', () => {
  it('fill names the source leaves unknown, never ones it determines', () => {
    const kernelValues = new Map([
      ['vocab', { kind: 'int' as const, value: 100 }],
      ['x_train', { kind: 'array' as const, shape: [50, 8], dtype: 'float32' }],
      ['units', { kind: 'int' as const, value: 999 }]
    ]);
    const source = `${HEADER}import data\nunits = 4\nvocab = data.size()\nmodel = keras.Sequential([keras.Input(x_train.shape[1:]), layers.Dense(units), layers.Dense(vocab)])\n`;
    const report = analyzeCells([{ index: null, source }], { kernelValues });
    expect(report.models[0].rows.map(r => r.params.keras)).toEqual([36n, 500n]);
  });
});
