/**
 * The engine against real Keras: every golden under test/fixtures/golden was written by
 * scripts/oracle/oracle.py from Keras 3.15.1 / tf_keras 2.21 building the fixture model.
 * Layer by layer: names, classes, output shapes, parameters in all three conventions, weights, totals.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, toJson } from '../src/core/index';
import type { IGolden, IGoldenLayer, IGoldenModel } from './helpers/golden';

const FIXTURES = join(__dirname, 'fixtures');
// Whole realistic scripts (golden/script__*.json) have their own test: real-scripts.test.ts.
const goldenFiles = readdirSync(join(FIXTURES, 'golden'))
  .filter(f => f.endsWith('.json') && !f.startsWith('script__'))
  .sort();

type EngineLayer = {
  name: string;
  class: string;
  outputShape: unknown;
  params: Record<string, number>;
  trainableParams: Record<string, number>;
  weights: { keras: Array<{ shape: number[] }>; cudnn: Array<{ shape: number[] }>; declared: 'keras' | 'cudnn' } | null;
  layers?: EngineLayer[];
};

function weightShapes(ws: Array<{ shape: number[] }>): string[] {
  return ws.map(w => JSON.stringify(w.shape)).sort();
}

function compareLayers(golden: IGoldenLayer[], engine: EngineLayer[], where: string, problems: string[]): void {
  if (golden.length !== engine.length) {
    problems.push(
      `${where}: ${golden.length} layers in Keras (${golden.map(l => l.name).join(', ')}), ${engine.length} in the engine (${engine.map(l => l.name).join(', ')})`
    );
  }
  golden.forEach((g, i) => {
    const e = engine[i];
    if (!e) return;
    const at = `${where} › ${g.name}`;
    const check = (what: string, expected: unknown, actual: unknown) => {
      if (JSON.stringify(expected) !== JSON.stringify(actual))
        problems.push(`${at}: ${what} is ${JSON.stringify(actual)}, Keras says ${JSON.stringify(expected)}`);
    };
    check('name', g.name, e.name);
    check('class', g.class, e.class);
    check('output shape', g.outputShape, e.outputShape);
    for (const c of ['keras', 'cudnn', 'declared']) {
      check(`${c} params`, g.params[c], e.params[c]);
      check(`${c} trainable params`, g.trainableParams[c], e.trainableParams[c]);
    }
    if (g.layers) compareLayers(g.layers, e.layers ?? [], at, problems);
    else if (g.weights === null) check('weights (they depend on the missing input)', null, e.weights);
    else if (e.weights) check('declared weight shapes', weightShapes(g.weights), weightShapes(e.weights[e.weights.declared]));
    else problems.push(`${at}: weights unknown to the engine`);
  });
}

const summariesNotFound: string[] = [];

describe('engine matches real Keras on every golden', () => {
  it('has at least 60 models over the fixtures', () => {
    const total = goldenFiles.reduce((n, f) => n + (JSON.parse(readFileSync(join(FIXTURES, 'golden', f), 'utf8')) as IGolden).models.length, 0);
    expect(total).toBeGreaterThanOrEqual(60);
  });

  for (const file of goldenFiles) {
    it(file, () => {
      const golden = JSON.parse(readFileSync(join(FIXTURES, 'golden', file), 'utf8')) as IGolden;
      const path = join(FIXTURES, golden.fixture);
      const report = toJson(analyze({ name: path, content: readFileSync(path) }, { kerasVersion: golden.kerasRelease ?? golden.kerasVersion }));
      type EngineModel = {
        variable: string | null;
        name: string;
        class: string;
        layers: EngineLayer[];
        totals: Record<string, IGoldenModel['totals'][string] & { optimizer?: number | null }>;
        optimizer?: { class: string };
        inferred?: unknown;
        summaryCall?: { cell: number | null; line: number; column: number };
      };
      const allModels = report.models as EngineModel[];
      // Entries printed by a summary() call (summaryCall) are compared with the golden's summaries; the
      // rest are the models bound at the end. A model shown by a call and unchanged since is listed once.
      const endModels = allModels.filter(m => !m.summaryCall);
      const problems: string[] = [];
      const errors = (report.diagnostics as Array<{ severity: string; message: string; line: number | null }>).filter(d => d.severity === 'error');
      for (const d of errors) problems.push(`error diagnostic at line ${d.line}: ${d.message}`);
      const known = new Set(golden.models.map(m => m.variable ?? m.name));
      const extra = endModels.filter(m => !known.has(m.variable ?? m.name));
      if (extra.length) problems.push(`models the engine found that Keras has not: ${extra.map(m => m.variable ?? m.name).join(', ')}`);
      const compareModel = (g: IGoldenModel, e: EngineModel, where: string) => {
        if (e.name !== g.name) problems.push(`${where}: model name is ${e.name}, Keras says ${g.name}`);
        if (e.class !== g.class) problems.push(`${where}: model class is ${e.class}, Keras says ${g.class}`);
        const inferred = (e.inferred as { reason?: string } | undefined)?.reason === 'unbuilt';
        if (inferred !== (g.unbuilt === true))
          problems.push(
            `${where}: ${g.unbuilt ? 'unbuilt in Keras, but the engine does not say its figures are inferred' : 'built in Keras, but the engine says it is unbuilt'}`
          );
        compareLayers(g.layers, e.layers, where, problems);
        for (const c of ['keras', 'cudnn', 'declared']) {
          const et = e.totals[c];
          const gt = g.totals[c];
          const unknownDiffers = gt.unknownLayers !== undefined && et.unknownLayers !== gt.unknownLayers;
          // Keras 3's "Total params" counts a built optimizer's variables ("Optimizer params").
          const optimizer = g.optimizer?.params[c];
          const total = gt.total + (optimizer ?? 0);
          if (et.total !== total || et.trainable !== gt.trainable || et.nonTrainable !== gt.nonTrainable || unknownDiffers) {
            problems.push(`${where}: ${c} totals are ${JSON.stringify(et)}, Keras says ${JSON.stringify({ ...gt, total, optimizer })}`);
          } else if (et.optimizer !== optimizer) {
            problems.push(`${where}: ${c} optimizer params are ${et.optimizer}, Keras says ${optimizer}`);
          }
        }
        if ((e.optimizer?.class ?? null) !== (g.optimizer?.class ?? null))
          problems.push(`${where}: the optimizer is ${e.optimizer?.class ?? 'none'}, Keras says ${g.optimizer?.class ?? 'none'}`);
      };
      for (const g of golden.models) {
        const matches = (m: EngineModel) => (g.variable ? m.variable === g.variable : m.name === g.name);
        const e = endModels.find(matches) ?? allModels.filter(matches).at(-1);
        if (!e) {
          problems.push(`model ${g.variable ?? g.name} not found`);
          continue;
        }
        compareModel(g, e, g.variable ?? g.name);
      }
      // Each summary() call, as it printed: the engine entry whose summaryCall is on the same line (the
      // n-th on that line for the n-th call). An engine without one counts it as not found, reported.
      const seen = new Map<string, number>();
      for (const s of golden.summaries ?? []) {
        const key = `${s.cell}:${s.line}`;
        const nth = seen.get(key) ?? 0;
        seen.set(key, nth + 1);
        const e = allModels.filter(m => m.summaryCall && m.summaryCall.line === s.line && (m.summaryCall.cell ?? null) === s.cell)[nth];
        const where = `summary() at ${s.cell !== null ? `cell ${s.cell}, ` : ''}line ${s.line}`;
        if (e) compareModel(s.model, e, where);
        else summariesNotFound.push(`${file}: ${where}`);
      }
      expect(problems).toEqual([]);
    });
  }

  it('reports the summary() calls it found no entry for', () => {
    if (summariesNotFound.length)
      console.log(`golden: ${summariesNotFound.length} summary() call(s) without an engine entry (not found): ${summariesNotFound.join('; ')}`);
  });
});
