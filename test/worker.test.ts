/** The JupyterLab engine worker's protocol, run in Node: progress per cell, and results that cross threads. */
import { describe, expect, it } from 'vitest';
import { handle, type WorkerMessage } from '../src/lab/engine-worker';
import { HEADER } from './helpers/analyze';

const cells = [
  { index: 0, source: HEADER },
  { index: 1, source: '%%bash\necho hi' },
  { index: 2, source: 'm = keras.Sequential([keras.Input((3,)), layers.Dense(2)])' },
  { index: 3, source: 'slow = 1' }
];

describe('engine worker', () => {
  it('says which cell it reads, and returns a report that structured clone can carry', () => {
    const messages: WorkerMessage[] = [];
    handle({ id: 7, kind: 'cells', cells, kerasVersion: 3, skip: [3] }, m => messages.push(structuredClone(m)));
    expect(messages[0]).toEqual({ id: 7, kind: 'started' });
    expect(messages.filter(m => m.kind === 'progress').map(m => (m as { cell: number }).cell)).toEqual([0, 1, 2, 3]);
    const done = messages.at(-1)!;
    expect(done).toMatchObject({ id: 7, kind: 'done' });
    const { report, jsonText } = (
      done as {
        result: { report: { models: Array<{ totals: { keras: { total: bigint } }; source: unknown }>; diagnostics: unknown[] }; jsonText: string };
      }
    ).result;
    const json = JSON.parse(jsonText);
    expect(report.models[0].totals.keras.total).toBe(8n);
    expect(report.models[0].source).toBeNull();
    expect(json.models).toHaveLength(1);
    expect(report.diagnostics).toEqual([
      { severity: 'info', message: 'this cell is a %%bash cell, not Python: it is not analysed', location: { cell: 1, line: 1, column: 1 } }
    ]);
  });

  it('runs the magic and returns its outputs', () => {
    const messages: WorkerMessage[] = [];
    const magic = [...cells.slice(0, 1), { index: 1, source: '%%model_summary\nm = keras.Sequential([keras.Input((3,)), layers.Dense(2)])' }];
    handle(
      { id: 1, kind: 'magic', cells: magic, defaults: { convention: 'both', kerasVersion: '3', validate: false, backend: 'auto' }, skip: [] },
      m => messages.push(structuredClone(m))
    );
    const done = messages.at(-1) as { kind: string; result: { success: boolean; outputs: Array<{ output_type: string }> } };
    expect(done.kind).toBe('done');
    expect(done.result.success).toBe(true);
    expect(done.result.outputs[0].output_type).toBe('display_data');
  });
});
