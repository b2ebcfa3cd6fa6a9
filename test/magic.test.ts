/** The %%model_summary magic without a browser: options, outputs, saved payloads, escaping. */
import { describe, expect, it } from 'vitest';
import { formatHtml } from '../src/core/index';
import { parseMagicLine, runMagic } from '../src/lab/magic';
import { isMagicCell, MIME_TYPE, readPayload, type IMagicPayload } from '../src/lab/magic-syntax';
import { py } from './helpers/analyze';

const DEFAULTS = { convention: 'both', kerasVersion: 'auto', validate: false, backend: 'auto' } as const;

describe('the %%model_summary line', () => {
  it('is recognised only as the first line of a cell', () => {
    expect(isMagicCell('%%model_summary\nx = 1')).toBe(true);
    expect(isMagicCell('%%model_summary --convention keras')).toBe(true);
    expect(isMagicCell('\n%%model_summary')).toBe(true);
    expect(isMagicCell('x = 1\n%%model_summary')).toBe(false);
    expect(isMagicCell('%%model_summaryx')).toBe(false);
    expect(isMagicCell('%%timeit\nx = 1')).toBe(false);
  });

  it('parses options and rejects unknown ones with a usage message', () => {
    expect(parseMagicLine('%%model_summary', DEFAULTS)).toEqual(DEFAULTS);
    expect(parseMagicLine('%%model_summary --convention cudnn --keras-version 2', DEFAULTS)).toEqual({
      ...DEFAULTS,
      convention: 'cudnn',
      kerasVersion: '2'
    });
    for (const [written, stored] of [
      ['2.3', '2.3'],
      ['2.15', '2.15'],
      ['3.x', '3'],
      ['3', '3'],
      ['auto', 'auto'],
      ['2.2.4', '2.2']
    ]) {
      expect(parseMagicLine(`%%model_summary --keras-version ${written}`, DEFAULTS)).toEqual({ ...DEFAULTS, kerasVersion: stored });
    }
    expect(parseMagicLine('%%model_summary --keras-version 4', DEFAULTS)).toMatch(/unknown or incomplete option `--keras-version 4`/);
    expect(parseMagicLine('%%model_summary --keras-version 2.y', DEFAULTS)).toMatch(/unknown or incomplete option/);
    expect(parseMagicLine('%%model_summary --convention=keras', DEFAULTS)).toEqual({ ...DEFAULTS, convention: 'keras' });
    expect(parseMagicLine('%%model_summary --validate --backend webgpu', DEFAULTS)).toEqual({ ...DEFAULTS, validate: true, backend: 'webgpu' });
    expect(parseMagicLine('%%model_summary --convention pytorch', DEFAULTS)).toBe(
      '%%model_summary: unknown or incomplete option `--convention pytorch`. Usage: %%model_summary [--convention keras|cudnn|both] [--keras-version auto|2|3|MAJOR.MINOR] [--validate [--backend auto|webgpu|webgl|wasm|cpu]] [--no-run]'
    );
    expect(parseMagicLine('%%model_summary --no-run --convention keras', DEFAULTS)).toEqual({ ...DEFAULTS, convention: 'keras', noRun: true });
    expect(parseMagicLine('%%model_summary --backend tpu', DEFAULTS)).toMatch(/unknown or incomplete option `--backend tpu`/);
    expect(parseMagicLine('%%model_summary --keras-version', DEFAULTS)).toMatch(/unknown or incomplete option `--keras-version`/);
  });
});

describe('running the magic', () => {
  const cells = [
    { index: 0, source: 'import keras\nfrom keras import layers\nunits = 300' },
    { index: 2, source: 'other = keras.Sequential([keras.Input((4,)), layers.Dense(2)])' },
    {
      index: 3,
      source:
        '%%model_summary --convention both\nseed = keras.Sequential([\n    keras.Input((None,)),\n    layers.Embedding(640, units),\n    layers.Bidirectional(layers.LSTM(units, return_sequences=True)),\n])\n'
    }
  ];

  it('summarizes the models of its own cell, reading names from the cells above', () => {
    const { outputs, success } = runMagic(cells, DEFAULTS);
    expect(success).toBe(true);
    expect(outputs).toHaveLength(1);
    const out = outputs[0];
    if (out.output_type !== 'display_data') throw new Error('expected display_data');
    const payload = out.data[MIME_TYPE] as unknown as IMagicPayload;
    expect(payload.cell).toBe(3);
    expect(payload.report.models.map(m => m.variable)).toEqual(['seed']);
    expect(payload.report.models[0].layers[1].params).toEqual({ keras: 1442400, cudnn: 1444800, declared: 1442400 });
    expect(payload.report.models[0].layers[1].location).toEqual({ cell: 3, line: 5, column: 5 });
    expect(out.data['text/plain']).toContain('1,444,800');
    expect(out.data['text/html']).toContain('<td align="right">1,444,800</td>');
  });

  it('adds an error output with the line when the cell has a problem, and fails', () => {
    const broken = [...cells.slice(0, 1), { index: 1, source: '%%model_summary\nm = keras.Sequential([keras.Input((4,)), layers.LSTM(3)])' }];
    const { outputs, success } = runMagic(broken, DEFAULTS);
    expect(success).toBe(false);
    expect(outputs[1]).toEqual({
      output_type: 'error',
      ename: 'ModelSummaryError',
      evalue: 'line 2, column 42: lstm (LSTM): expects input of rank 3 (batch included), got rank 2: (None, 4)',
      traceback: ['ModelSummaryError: line 2, column 42: lstm (LSTM): expects input of rank 3 (batch included), got rank 2: (None, 4)']
    });
  });

  it('reports a bad option as a usage error without analysing', () => {
    const { outputs, success } = runMagic([{ index: 0, source: '%%model_summary --fast\nx = 1' }], DEFAULTS);
    expect(success).toBe(false);
    expect(outputs).toEqual([expect.objectContaining({ output_type: 'error', ename: 'UsageError' })]);
  });
});

describe('saved outputs', () => {
  it('reads back what the magic saved, and refuses what it did not', () => {
    const { outputs } = runMagic(
      [{ index: 0, source: '%%model_summary --convention keras\nimport keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])' }],
      DEFAULTS
    );
    const data = (outputs[0] as { data: Record<string, unknown> }).data[MIME_TYPE];
    const payload = readPayload(JSON.parse(JSON.stringify(data)));
    expect(payload?.options).toEqual({ convention: 'keras', kerasVersion: 'auto', validate: false, backend: 'auto' });
    // Outputs saved before major.minor versions hold a number.
    const old = readPayload({ ...(data as object), options: { convention: 'keras', kerasVersion: 2 } });
    expect(old?.options.kerasVersion).toBe('2');
    expect(payload?.validation).toBeUndefined();
    expect(payload?.report.models[0].totals.keras.total).toBe(10);
    expect(readPayload({ version: 2, report: {} })).toBeNull();
    expect(readPayload('<script>')).toBeNull();
    expect(readPayload({ version: 1, report: { models: 'x', diagnostics: [] } })).toBeNull();
  });

  it('escapes every user-derived string in the text/html fallback', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const html = formatHtml(
      py(
        `import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, name="${evil}")], name="${evil}")\nkeras.layers.Dense("${evil}")`
      )
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // Only plain table markup, with no attribute but class, align and colspan.
    const tags = [...html.matchAll(/<\/?([a-z0-9]+)([^>]*)>/gi)];
    expect([...new Set(tags.map(t => t[1]))].sort()).toEqual([
      'b',
      'code',
      'div',
      'h4',
      'li',
      'p',
      'table',
      'tbody',
      'td',
      'th',
      'thead',
      'tr',
      'ul'
    ]);
    for (const [, , attrs] of tags) expect(attrs.replace(/\s(class|align|colspan)="[^"<>]*"/g, '')).toBe('');
  });
});

describe('the magic with a kernel', () => {
  it('saves the live cross-check and a note in the payload and both fallbacks', async () => {
    const { attachLive, attachNote } = await import('../src/lab/magic');
    const cells = [
      {
        index: 0,
        source:
          '%%model_summary\nimport keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), layers.Embedding(640, 300), layers.Bidirectional(layers.LSTM(300, return_sequences=True))])'
      }
    ];
    const run = runMagic(cells, DEFAULTS);
    const { readLiveReply, compareWithLive } = await import('../src/core/readers/live');
    const { toJson } = await import('../src/core/format/json');
    const { readFileSync } = await import('node:fs');
    const live = readLiveReply(JSON.parse(readFileSync(`${__dirname}/fixtures/live/seed_lstm.json`, 'utf8')));
    const shapes = new Map(run.report!.models[0].rows.map(r => [r.name, r.outputShapes]));
    attachLive(run, { label: live.label, checks: [compareWithLive(toJson(run.report!).models[0], shapes, live.models[0], live.label)], models: [] });
    attachNote(run, 'a note');
    const display = run.outputs[0] as { data: Record<string, unknown> };
    expect(String(display.data['text/plain'])).toContain('✓ model: live (Keras 3.15.1, tensorflow) agrees (1,634,400 Keras / 1,636,800 cuDNN)');
    expect(String(display.data['text/html'])).toContain('✓ model: live (Keras 3.15.1, tensorflow) agrees');
    const payload = readPayload(display.data[MIME_TYPE]);
    expect(payload?.live?.checks[0].ok).toBe(true);
    expect(payload?.note).toBe('a note');
  });
});
