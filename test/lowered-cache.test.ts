/**
 * The cache of lowered cells: the panel's re-analysis of a notebook reads its unchanged cells from it, and a
 * file read once (`analyze`, the CLI) is not kept in it. Either way the report is the same.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/core/files';
import { analyzeCells } from '../src/core/analyze';
import { loweredCellsKept } from '../src/core/python/lower';

let run = 0;
/** A model source no other test has lowered (the cache is keyed by the text). */
const freshSource = () => `import keras\nmodel = keras.Sequential([keras.Input((8,)), keras.layers.Dense(${++run})])  # cache test\n`;
const totals = (report: ReturnType<typeof analyze>) => report.models.map(m => m.totals.keras.total);

describe('lowered cells', () => {
  it('keeps the cells of a notebook for its re-analysis', () => {
    const source = freshSource();
    const before = loweredCellsKept();
    const first = analyzeCells([{ index: 0, source }], { kerasVersion: 3 });
    expect(loweredCellsKept()).toBe(before + 1);
    const again = analyzeCells([{ index: 0, source }], { kerasVersion: 3 });
    expect(loweredCellsKept()).toBe(before + 1);
    expect(totals(again)).toEqual(totals(first));
    expect(totals(first)).toEqual([8n * BigInt(run) + BigInt(run)]);
  });

  it('does not keep a file read once, and reads it the same', () => {
    const source = freshSource();
    const before = loweredCellsKept();
    const report = analyze({ name: 'model.py', content: source }, { kerasVersion: 3 });
    expect(loweredCellsKept()).toBe(before);
    expect(totals(report)).toEqual([9n * BigInt(run)]);
    // A caller that will read it again says so.
    analyze({ name: 'model.py', content: source }, { kerasVersion: 3, readOnce: false });
    expect(loweredCellsKept()).toBe(before + 1);
    const notebook = JSON.stringify({
      cells: [{ cell_type: 'code', source: freshSource(), metadata: {}, outputs: [] }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5
    });
    analyze({ name: 'model.ipynb', content: notebook }, { kerasVersion: 3 });
    expect(loweredCellsKept()).toBe(before + 1);
  });
});
