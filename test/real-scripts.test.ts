/**
 * Whole scripts as tutorials and Q&A answers write them (test/fixtures/scripts/: data loading, training,
 * plots around the model), against real Keras: scripts/oracle/oracle.py runs each one for real (fake
 * datasets, no training; see scripts/oracle/script_env.py) and records every `model.summary()` call with
 * the model as it was then, and the models bound at the end (goldens golden/script__*.json).
 *
 * Every figure the engine STATES is checked: a stated output dimension, rank, parameter count or total
 * that differs from Keras fails the test. An honest unknown (`?`, a null) is counted and reported, never
 * failed: the reader cannot know everything a running script knows (data shapes, trained choices).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, toJson, type JsonLayer, type JsonModel, type JsonReport } from '../src/core/index';
import type { IGolden, IGoldenLayer, IGoldenModel } from './helpers/golden';

const FIXTURES = join(__dirname, 'fixtures');
const GOLDEN = join(FIXTURES, 'golden');

/** What comparing one engine model with its golden found. */
export interface ITally {
  /** Figures the engine stated that Keras agrees with. */
  exact: number;
  /** Figures the engine left unknown (Keras knows them). */
  unknown: number;
  /** Stated figures Keras contradicts: each one is a failure. */
  wrong: string[];
  layers: number;
  exactLayers: number;
}

const CONVENTIONS = ['keras', 'cudnn', 'declared'] as const;
const SIGNIFICANT = ['params', 'trainableParams'] as const;

function newTally(): ITally {
  return { exact: 0, unknown: 0, wrong: [], layers: 0, exactLayers: 0 };
}

/** One stated-or-unknown figure: Keras's value (null: Keras says it depends on what is missing) against the engine's. */
function figure(t: ITally, where: string, expected: unknown, actual: unknown): boolean {
  if (actual === null || actual === undefined) {
    if (expected !== null && expected !== undefined) t.unknown++;
    return expected === null || expected === undefined;
  }
  // Counts above 2^53 come as decimal strings.
  if (String(actual) === String(expected)) {
    t.exact++;
    return true;
  }
  t.wrong.push(`${where}: the engine states ${JSON.stringify(actual)}, Keras says ${JSON.stringify(expected)}`);
  return false;
}

function shapes(v: unknown): Array<Array<number | null> | null> {
  if (v === null || v === undefined) return [null];
  const list = v as unknown[];
  return list.length > 0 && (Array.isArray(list[0]) || list[0] === null) && list.some(x => Array.isArray(x))
    ? (list as Array<Array<number | null> | null>)
    : [list as Array<number | null>];
}

/** `unknownSizes`: the engine prints a null after the batch axis as `?` (a size it does not know), else as None. */
function compareShape(t: ITally, where: string, expected: unknown, actual: unknown, unknownSizes: boolean): boolean {
  const gs = shapes(expected);
  const es = actual === null || actual === undefined ? null : shapes(actual);
  if (!es) {
    if (expected !== null) t.unknown++;
    return expected === null;
  }
  if (gs.length !== es.length) {
    t.wrong.push(`${where}: the engine states ${es.length} outputs, Keras ${gs.length}`);
    return false;
  }
  let exact = true;
  gs.forEach((g, i) => {
    const e = es[i];
    if (e === null) {
      if (g !== null) t.unknown++;
      exact &&= g === null;
      return;
    }
    if (g === null || g.length !== e.length) {
      t.wrong.push(
        `${where}: the engine states rank ${e.length} (${JSON.stringify(e)}), Keras ${g === null ? 'an unknown rank' : `rank ${g.length} (${JSON.stringify(g)})`}`
      );
      exact = false;
      return;
    }
    // Each dim: a stated size must be Keras's, and so must a stated None; a `?` is unknown.
    g.forEach((d, k) => {
      if (e[k] === null && k > 0 && unknownSizes) {
        t.unknown++;
        exact = false;
      } else if (e[k] === null && d !== null) {
        t.wrong.push(`${where} dim ${k}: the engine states None, Keras says ${d}`);
        exact = false;
      } else exact = figure(t, `${where} dim ${k}`, d, e[k]) && exact;
    });
  });
  return exact;
}

function compareLayers(t: ITally, golden: IGoldenLayer[], engine: JsonLayer[], where: string): boolean {
  let exact = golden.length === engine.length;
  if (golden.length !== engine.length) {
    // Rows missing or extra: the figures compared by position below would be shifted, so a difference
    // in the number of rows is itself a wrong statement when every row of the engine is stated.
    t.wrong.push(
      `${where}: the engine lists ${engine.length} layers (${engine.map(l => l.name).join(', ')}), Keras ${golden.length} (${golden.map(l => l.name).join(', ')})`
    );
  }
  golden.forEach((g, i) => {
    const e = engine[i];
    t.layers++;
    if (!e) {
      t.unknown++;
      exact = false;
      return;
    }
    const at = `${where} › ${g.name}`;
    let layerExact = true;
    if (e.class !== g.class) {
      t.wrong.push(`${at}: the engine states class ${e.class}, Keras ${g.class}`);
      layerExact = false;
    }
    layerExact = compareShape(t, `${at} output shape`, g.outputShape, e.outputShape, !!e.unknownSizes) && layerExact;
    for (const key of SIGNIFICANT) {
      for (const c of CONVENTIONS) layerExact = figure(t, `${at} ${c} ${key}`, g[key][c], e[key][c]) && layerExact;
    }
    if (g.layers) layerExact = compareLayers(t, g.layers, e.layers ?? [], at) && layerExact;
    if (layerExact) t.exactLayers++;
    exact &&= layerExact;
  });
  return exact;
}

/** Compares one engine model with Keras's; true when every figure is stated and right. */
export function compareModel(t: ITally, golden: IGoldenModel, engine: JsonModel, where: string): boolean {
  let exact = compareLayers(t, golden.layers, engine.layers, where);
  for (const c of CONVENTIONS) {
    const et = engine.totals[c];
    const gt = golden.totals[c];
    // A total with unknown layers is stated as partial ("X + 2 layers unknown"): only a complete one is a claim.
    if (et.unknownLayers > 0 || (gt.unknownLayers ?? 0) > 0) {
      exact &&= et.unknownLayers === 0 && (gt.unknownLayers ?? 0) === 0;
      if ((gt.unknownLayers ?? 0) === 0) t.unknown++;
      continue;
    }
    // Keras 3's "Total params" counts a built optimizer's variables, which it prints as "Optimizer params".
    const optimizer = golden.optimizer?.params[c];
    if (et.optimizer === null && optimizer !== undefined) {
      t.unknown++;
      exact = false;
    } else {
      exact = figure(t, `${where} ${c} total`, gt.total + (optimizer ?? 0), et.total) && exact;
      exact = figure(t, `${where} ${c} optimizer`, optimizer, et.optimizer) && exact;
    }
    for (const key of ['trainable', 'nonTrainable'] as const) exact = figure(t, `${where} ${c} ${key}`, gt[key], et[key]) && exact;
  }
  return exact;
}

interface IScriptResult {
  file: string;
  summaries: number;
  exactSummaries: number;
  notFound: string[];
  models: number;
  exactModels: number;
  tally: ITally;
}

function engineReport(golden: IGolden): JsonReport {
  const path = join(FIXTURES, golden.fixture);
  return toJson(analyze({ name: path, content: readFileSync(path) }, { kerasVersion: golden.kerasRelease ?? golden.kerasVersion }));
}

/** Engine models printed by summary() calls on `line` (of `cell`), in source order. */
function callsOn(report: JsonReport, cell: number | null, line: number): JsonModel[] {
  return report.models.filter(m => m.summaryCall && m.summaryCall.line === line && (m.summaryCall.cell ?? null) === cell);
}

export function checkScript(golden: IGolden, report: JsonReport, file: string): IScriptResult {
  const tally = newTally();
  const result: IScriptResult = { file, summaries: 0, exactSummaries: 0, notFound: [], models: 0, exactModels: 0, tally };
  const used = new Map<string, number>();
  for (const s of golden.summaries ?? []) {
    result.summaries++;
    const key = `${s.cell}:${s.line}`;
    const nth = used.get(key) ?? 0;
    used.set(key, nth + 1);
    const engine = callsOn(report, s.cell, s.line)[nth];
    const where = `${file} summary() at ${s.cell !== null ? `cell ${s.cell}, ` : ''}line ${s.line}`;
    if (!engine) {
      result.notFound.push(where);
      continue;
    }
    if (compareModel(tally, s.model, engine, where)) result.exactSummaries++;
  }
  for (const g of golden.models) {
    result.models++;
    // A model whose final state its last summary() call showed is listed once, as that call's entry.
    const engine =
      report.models.find(m => !m.summaryCall && m.variable === g.variable) ?? report.models.filter(m => m.variable === g.variable).at(-1);
    if (!engine) {
      result.notFound.push(`${file} model ${g.variable}`);
      continue;
    }
    if (compareModel(tally, g, engine, `${file} ${g.variable}`)) result.exactModels++;
  }
  return result;
}

const goldens = readdirSync(GOLDEN)
  .filter(f => f.startsWith('script__') && f.endsWith('.json'))
  .sort()
  .map(f => ({ file: f.replace(/^script__|\.json$/g, ''), golden: JSON.parse(readFileSync(join(GOLDEN, f), 'utf8')) as IGolden }));

describe('realistic whole scripts: every figure the engine states is right', () => {
  const results: IScriptResult[] = [];

  it('has at least 25 scripts, some of them notebooks', () => {
    expect(goldens.length).toBeGreaterThanOrEqual(25);
    expect(goldens.filter(g => g.golden.fixture.endsWith('.ipynb')).length).toBeGreaterThanOrEqual(3);
  });

  for (const { file, golden } of goldens) {
    it(file, () => {
      const result = checkScript(golden, engineReport(golden), file);
      results.push(result);
      expect(result.tally.wrong).toEqual([]);
    });
  }

  it('reports the figures', () => {
    const sum = (f: (r: IScriptResult) => number) => results.reduce((n, r) => n + f(r), 0);
    const line =
      `real scripts: ${results.length} scripts; exact summaries ${sum(r => r.exactSummaries)}/${sum(r => r.summaries)} ` +
      `(not found ${sum(r => r.notFound.filter(n => n.includes('summary()')).length)}), ` +
      `exact end-state models ${sum(r => r.exactModels)}/${sum(r => r.models)}, ` +
      `layers exact ${sum(r => r.tally.exactLayers)}/${sum(r => r.tally.layers)}, ` +
      `figures stated right ${sum(r => r.tally.exact)}, unknown ${sum(r => r.tally.unknown)}, wrong ${sum(r => r.tally.wrong.length)}`;
    // The scripts are read with the golden's Keras version (as a user passes --keras-version); how many of
    // them --keras-version auto would read as that version on its own:
    const detected = goldens.filter(({ golden }) => {
      const path = join(FIXTURES, golden.fixture);
      return analyze({ name: path, content: readFileSync(path) }).kerasVersion === golden.kerasVersion;
    }).length;
    // As a user runs it, with no --keras-version: summaries exact when the version is left to the reader.
    let autoExact = 0;
    for (const { file, golden } of goldens) {
      const path = join(FIXTURES, golden.fixture);
      autoExact += checkScript(golden, toJson(analyze({ name: path, content: readFileSync(path) })), file).exactSummaries;
    }
    console.log(
      `${line}; --keras-version auto picks the script's Keras ${detected}/${goldens.length}, ` +
        `exact summaries with it ${autoExact}/${sum(r => r.summaries)}`
    );
    expect(sum(r => r.tally.wrong.length)).toBe(0);
  });
});

describe('the real-script check can fail', () => {
  /** The first script whose end-state model the engine gets exactly right, with one figure changed. */
  function perturbed(change: (layer: IGoldenLayer) => void): { golden: IGolden; report: JsonReport; file: string } {
    for (const { file, golden } of goldens) {
      const report = engineReport(golden);
      const result = checkScript(golden, report, file);
      if (result.exactModels === 0) continue;
      const copy = JSON.parse(JSON.stringify(golden)) as IGolden;
      const model = copy.models.find(g => {
        const e = report.models.find(m => m.variable === g.variable);
        return e && compareModel(newTally(), g, e, '');
      })!;
      change(
        model.layers.find(
          l =>
            l.params.keras !== null && l.params.keras > 0 && Array.isArray(l.outputShape) && typeof (l.outputShape as unknown[]).at(-1) === 'number'
        )!
      );
      return { golden: copy, report, file };
    }
    throw new Error('no script is summarized exactly: nothing to perturb');
  }

  it('a count off by one fails', () => {
    const { golden, report, file } = perturbed(l => (l.params.keras = (l.params.keras as number) + 1));
    expect(checkScript(golden, report, file).tally.wrong).toEqual([expect.stringMatching(/keras params: the engine states \d+, Keras says \d+/)]);
  });

  it('a shape dimension changed fails', () => {
    const { golden, report, file } = perturbed(l => {
      const shape = l.outputShape as Array<number | null>;
      shape[shape.length - 1] = (shape[shape.length - 1] ?? 0) + 3;
    });
    expect(checkScript(golden, report, file).tally.wrong).toEqual([expect.stringMatching(/output shape dim \d+: the engine states/)]);
  });

  it('a layer Keras has and the engine does not list fails', () => {
    const { golden, report, file } = perturbed(() => undefined);
    const model = golden.models.find(g => report.models.some(m => m.variable === g.variable && compareModel(newTally(), g, m, '')))!;
    model.layers.push({ ...model.layers[model.layers.length - 1], name: 'extra' });
    expect(checkScript(golden, report, file).tally.wrong.some(w => /layers/.test(w))).toBe(true);
  });
});
