/** The presentation model: one reading of shapes, counts, Δ, shares and totals for every format; its extension points. */
import { describe, expect, it } from 'vitest';
import { buildReportTable, renderCsv, renderHtml, renderMarkdown, renderText, toJson, type ColumnSpec, type Strings } from '../src/core/index';
import { OptionError, parseFlags, usageFlags, type ISummaryOptions } from '../src/core/options';
import { HEADER, py } from './helpers/analyze';

const SEED = `${HEADER}model = keras.Sequential([keras.Input((None,)), layers.Embedding(640, 300), layers.Bidirectional(layers.LSTM(300, return_sequences=True))])\n`;
// A layer shared by calls of different output shapes: tf.keras 2 prints `multiple` (one shape: that shape).
const SHARED = `${HEADER}d = layers.Dense(3)\ni = keras.Input((4,))\nx = d(layers.Dense(4)(i))\ny = d(layers.Reshape((2, 2))(layers.Dense(4)(i)))\nm = keras.Model(i, [x, y])\n`;

describe('the table model', () => {
  const json = toJson(py(SEED));

  it('has a "Connected to" column where Keras prints one: a functional model that is not a chain', () => {
    const connected = (src: string) =>
      buildReportTable(toJson(py(`${HEADER}${src}`)), { convention: 'keras', connected: true }).models[0].columns.some(c => c.id === 'connected');
    // A chain, as Keras 3 and tf.keras 2 print it (print_summary's sequential_like): no column.
    expect(connected('i = keras.Input((None,))\nx = layers.Embedding(100, 8)(i)\nm = keras.Model(i, layers.Dense(4)(x))\n')).toBe(false);
    // A tensor feeding two layers, two inputs, a layer called twice: the column.
    expect(connected('a = keras.Input((3,))\nm = keras.Model(a, [layers.Dense(2)(a), layers.Dense(2)(a)])\n')).toBe(true);
    expect(connected('a = keras.Input((3,))\nb = keras.Input((3,))\nm = keras.Model([a, b], layers.Add()([a, b]))\n')).toBe(true);
    expect(connected(SHARED.slice(HEADER.length))).toBe(true);
    // A subclassed model is no graph network: its rows have no feeders, and no column.
    const subclassed = `class M(keras.Model):
    def __init__(self):
        super().__init__()
        self.d = layers.Dense(3)
        self.e = layers.Dense(2)

    def call(self, x):
        return self.e(self.d(x))

m = M()
m(keras.ops.zeros((1, 4)))
`;
    expect(connected(subclassed)).toBe(false);
    expect(toJson(py(`${HEADER}${subclassed}`)).models[0].layers.map(l => l.connectedTo)).toEqual([undefined, undefined]);
  });

  it('keeps the layer, the shape, one count and Δ at every width; the other convention goes first', () => {
    const table = buildReportTable(json, { convention: 'both', share: true });
    const columns = table.models[0].columns;
    expect(columns.filter(c => c.priority === 0).map(c => c.id)).toEqual(['layer', 'shape', 'params:keras', 'delta']);
    expect(columns.find(c => c.id === 'params:cudnn')!.priority).toBeGreaterThan(0);
  });

  it("gives each layer its exact share of the model's parameters", () => {
    const rows = buildReportTable(json, { convention: 'keras', share: true }).models[0].rows;
    // 192,000 and 1,442,400 of 1,634,400.
    expect(rows.map(r => r.cells.share.text)).toEqual(['11.7%', '88.3%']);
    expect(rows.map(r => r.cells.share.value)).toEqual([0.1174, 0.8825]);
    const cudnn = buildReportTable(json, { convention: 'cudnn', share: true }).models[0].rows;
    expect(cudnn[1].cells.share.title).toBe('88.3% of the 1,636,800 parameters');
  });

  it('reads a shape, a count and a Δ the same way in every format', () => {
    const text = renderText(json, 'both');
    const markdown = renderMarkdown(json, 'both');
    const html = renderHtml(json, 'both');
    const csv = renderCsv(json);
    for (const out of [text, markdown, html]) {
      expect(out).toContain('(None, None, 600)');
      expect(out).toContain('1,442,400');
      expect(out).toContain('1,444,800');
      expect(out).toContain('+2,400');
    }
    expect(csv).toContain('"(None, None, 600)",1442400,1444800,1442400');
  });

  it("applies tf.keras's `multiple` to shared layers in the text, Markdown and HTML formats alike", () => {
    const report = toJson(py(SHARED, 2));
    for (const out of [renderText(report, 'keras'), renderMarkdown(report, 'keras'), renderHtml(report, 'keras')])
      expect(out).toMatch(/dense \(Dense\)[^\n]*multiple/);
    expect(renderCsv(report)).not.toContain('multiple');
  });

  it('prints totals with the memory of trainable and non-trainable weights from the JSON report', () => {
    const frozen = toJson(py(`${HEADER}m = keras.Sequential([keras.Input((4,)), layers.Dense(2), layers.BatchNormalization()])\n`));
    const text = renderText(frozen, 'keras');
    expect(text).toContain(' Total params: 18 (72.00 B)');
    expect(text).toContain(' Trainable params: 14 (56.00 B)');
    expect(text).toContain(' Non-trainable params: 4 (16.00 B)');
  });

  it('takes a new column from a spec, in every format', () => {
    const live: ColumnSpec = {
      id: 'live',
      applies: () => true,
      column: () => ({ kind: 'text', header: 'Live', align: 'center', priority: 1 }),
      cell: layer => ({ text: layer.name === 'embedding' ? '✓' : '✗' })
    };
    const table = buildReportTable(json, { convention: 'keras', extraColumns: [live] });
    expect(table.models[0].columns.map(c => c.id)).toContain('live');
    expect(table.models[0].rows.map(r => r.cells.live.text)).toEqual(['✓', '✗']);
  });

  it('takes every word from the translation bundle', () => {
    const zh: Strings = {
      __: (s, ...a) => `«${s.replace(/%(\d)/g, (_, i) => String(a[Number(i) - 1]))}»`,
      _n: (s, p, n) => `«${(n === 1 ? s : p).replace('%1', String(n))}»`
    };
    const text = renderText(json, 'both', zh);
    expect(text).toContain('«Layer (type)»');
    expect(text).toContain('«Param # («Keras»)»');
    expect(text).toContain(' «Total params» [«Keras»]: 1,634,400 (6.23 MB)');
    expect(renderMarkdown(json, 'both', zh)).toContain('«Why»');
  });

  it('escapes names in one place per format', () => {
    const evil = toJson(py(`${HEADER}m = keras.Sequential([keras.Input((4,)), layers.Dense(2, name="a|b<i>")])\n`));
    expect(renderMarkdown(evil, 'keras')).toContain('a\\|b\\<i\\>');
    expect(renderHtml(evil, 'keras')).toContain('a|b&lt;i&gt;');
  });
});

describe('the option table', () => {
  const defaults = (): ISummaryOptions => ({ convention: 'both', format: 'text', kerasVersion: '3', validate: false, backend: 'auto' });

  it('gives the CLI and the magic their usage lines', () => {
    expect(usageFlags('magic')).toBe(
      '[--convention keras|cudnn|both] [--keras-version auto|2|3|MAJOR.MINOR] [--validate [--backend auto|webgpu|webgl|wasm|cpu]] [--no-run]'
    );
    expect(usageFlags('cli')).toBe(
      '[--convention keras|cudnn|both|declared] [--format text|markdown|csv|json] [--keras-version auto|2|3|MAJOR.MINOR] [--max-input-mb N] [--stdin-timeout-s N] [--validate [--backend cpu|wasm] [--batch-size N] [--sequence-length N] [--budget-mb N]] [--expand-nested] [--conversion-code]'
    );
  });

  it('parses the flags each front end has, and only those', () => {
    const cli = defaults();
    expect(parseFlags(['a.py', '--format=json', '--backend', 'wasm', '--budget-mb', '2'], 'cli', cli)).toEqual(['a.py']);
    expect(cli).toMatchObject({ format: 'json', backend: 'wasm', budgetMB: 2 });
    expect(() => parseFlags(['--format', 'json'], 'magic', defaults())).toThrow(OptionError);
    expect(() => parseFlags(['--backend', 'webgpu'], 'cli', defaults())).toThrow("--backend takes one of cpu, wasm, got 'webgpu'");
    expect(() => parseFlags(['--batch-size', '0'], 'cli', defaults())).toThrow("--batch-size takes a positive integer, got '0'");
  });
});
