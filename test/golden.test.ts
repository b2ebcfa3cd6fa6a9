/**
 * The engine against real Keras: every golden under test/fixtures/golden was written by
 * scripts/oracle/oracle.py from Keras 3.15.1 / tf_keras 2.21 building the fixture model.
 * Layer by layer: names, classes, output shapes, parameters in all three conventions, weights, totals.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, toJson, type KerasVersion } from '../src/core/index';

const FIXTURES = join(__dirname, 'fixtures');
const goldenFiles = readdirSync(join(FIXTURES, 'golden')).filter(f => f.endsWith('.json')).sort();

interface GoldenLayer {
  name: string;
  class: string;
  outputShape: unknown;
  params: Record<string, number>;
  trainableParams: Record<string, number>;
  weights: Array<{ name: string; shape: number[]; trainable: boolean }>;
  layers?: GoldenLayer[];
}
interface GoldenModel {
  variable: string | null;
  name: string;
  class: string;
  layers: GoldenLayer[];
  totals: Record<string, { total: number; trainable: number; nonTrainable: number }>;
}
interface Golden {
  fixture: string;
  kerasVersion: KerasVersion;
  models: GoldenModel[];
  /** Each real `model.summary()` call of a script, with the model as Keras printed it then. */
  summaries?: Array<{ line: number; column?: number; model: GoldenModel }>;
}

type EngineLayer = {
  name: string;
  class: string;
  outputShape: unknown;
  params: Record<string, number>;
  trainableParams: Record<string, number>;
  weights: { keras: Array<{ shape: number[] }>; cudnn: Array<{ shape: number[] }>; declared: 'keras' | 'cudnn' } | null;
  layers?: EngineLayer[];
};

type EngineModel = { variable: string | null; name: string; class: string; layers: EngineLayer[]; totals: GoldenModel['totals']; summaryCall: { line: number } | null };

function weightShapes(ws: Array<{ shape: number[] }>): string[] {
  return ws.map(w => JSON.stringify(w.shape)).sort();
}

function compareLayers(golden: GoldenLayer[], engine: EngineLayer[], where: string, problems: string[]): void {
  if (golden.length !== engine.length) {
    problems.push(`${where}: ${golden.length} layers in Keras (${golden.map(l => l.name).join(', ')}), ${engine.length} in the engine (${engine.map(l => l.name).join(', ')})`);
  }
  golden.forEach((g, i) => {
    const e = engine[i];
    if (!e) return;
    const at = `${where} › ${g.name}`;
    const check = (what: string, expected: unknown, actual: unknown) => {
      if (JSON.stringify(expected) !== JSON.stringify(actual)) problems.push(`${at}: ${what} is ${JSON.stringify(actual)}, Keras says ${JSON.stringify(expected)}`);
    };
    check('name', g.name, e.name);
    check('class', g.class, e.class);
    check('output shape', g.outputShape, e.outputShape);
    for (const c of ['keras', 'cudnn', 'declared']) {
      check(`${c} params`, g.params[c], e.params[c]);
      check(`${c} trainable params`, g.trainableParams[c], e.trainableParams[c]);
    }
    if (g.layers) compareLayers(g.layers, e.layers ?? [], at, problems);
    else if (e.weights) check('declared weight shapes', weightShapes(g.weights), weightShapes(e.weights[e.weights.declared]));
    else problems.push(`${at}: weights unknown to the engine`);
  });
}

describe('engine matches real Keras on every golden', () => {
  it('has at least 60 models over the fixtures', () => {
    const total = goldenFiles.reduce((n, f) => n + (JSON.parse(readFileSync(join(FIXTURES, 'golden', f), 'utf8')) as Golden).models.length, 0);
    expect(total).toBeGreaterThanOrEqual(60);
  });

  for (const file of goldenFiles) {
    it(file, () => {
      const golden = JSON.parse(readFileSync(join(FIXTURES, 'golden', file), 'utf8')) as Golden;
      const path = join(FIXTURES, golden.fixture);
      // The models by name in their final state; the summary() calls separately, matched by line.
      const report = toJson(analyze({ name: path, content: readFileSync(path) }, { kerasVersion: golden.kerasVersion, summaryCalls: 'latest' }));
      const engineModels = report.models as EngineModel[];
      const problems: string[] = [];
      const errors = (report.diagnostics as Array<{ severity: string; message: string; line: number | null }>).filter(d => d.severity === 'error');
      for (const d of errors) problems.push(`error diagnostic at line ${d.line}: ${d.message}`);
      if (engineModels.length !== golden.models.length) {
        problems.push(`${golden.models.length} models in Keras (${golden.models.map(m => m.variable ?? m.name).join(', ')}), ${engineModels.length} found (${engineModels.map(m => m.variable ?? m.name).join(', ')})`);
      }
      const pairs: Array<[GoldenModel, EngineModel | undefined, string]> = golden.models.map(g => [
        g,
        engineModels.find(m => (g.variable ? m.variable === g.variable : m.name === g.name)),
        g.variable ?? g.name
      ]);
      if (golden.summaries) {
        const each = toJson(analyze({ name: path, content: readFileSync(path) }, { kerasVersion: golden.kerasVersion, summaryCalls: 'each' })).models as EngineModel[];
        const calls = each.filter(m => m.summaryCall);
        if (calls.length !== golden.summaries.length) problems.push(`${golden.summaries.length} summary() calls ran in Keras, ${calls.length} found`);
        const used = new Set<EngineModel>();
        for (const s of golden.summaries) {
          const e = calls.find(m => m.summaryCall!.line === s.line && !used.has(m));
          if (e) used.add(e);
          pairs.push([s.model, e, `summary() at line ${s.line}`]);
        }
      }
      for (const [g, e, where] of pairs) {
        if (!e) {
          problems.push(`model ${where} not found`);
          continue;
        }
        if (e.name !== g.name) problems.push(`${where}: model name is ${e.name}, Keras says ${g.name}`);
        if (e.class !== g.class) problems.push(`${where}: model class is ${e.class}, Keras says ${g.class}`);
        compareLayers(g.layers, e.layers, where, problems);
        for (const c of ['keras', 'cudnn', 'declared']) {
          const et = e.totals[c];
          const gt = g.totals[c];
          if (et.total !== gt.total || et.trainable !== gt.trainable || et.nonTrainable !== gt.nonTrainable) {
            problems.push(`${where}: ${c} totals are ${JSON.stringify(et)}, Keras says ${JSON.stringify(gt)}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
