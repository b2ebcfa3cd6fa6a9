/**
 * Property-based fuzzing of the reader: random and mutated Python built from the fixtures.
 * Whatever the input, analysis ends, throws nothing but a clear AnalysisError, and every format renders
 * (the JSON parses). FUZZ_RUNS sets the number of cases (`make fuzz` runs many more).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnalysisError, analyze, formatCsv, formatJson, formatMarkdown, formatText } from '../../src/core/index';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = 20261126;
const MODELS = join(__dirname, '..', 'fixtures', 'models');
const corpus = readdirSync(MODELS)
  .filter(f => f.endsWith('.py'))
  .sort()
  .map(f => readFileSync(join(MODELS, f), 'utf8'));

const TOKENS = [
  '(', ')', '[', ']', '{', '}', ',', ':', '=', '.', '*', '**', '-', '+', '//', '\n', '    ', '#', '"', "'", '\\',
  '0', '-1', '10**30', '2**4096', '1e309', 'None', 'True', 'lambda x: x', 'x', 'model', 'inputs',
  'layers.Dense(', 'layers.LSTM(', 'layers.Bidirectional(', 'keras.Input(shape=(', 'keras.Sequential([', 'keras.Model(',
  'model.add(', 'for i in range(50000):\n    ', 'def f(x):\n    return f(x)\n', 'if x:\n    ', 'while True:\n    pass\n',
  '__import__("os").system("true")', 'input_shape=(', 'return_sequences=True', 'name="<img src=x onerror=alert(1)>"', '\u0000', '\ud83d\ude00'
];

/** A fixture with a span deleted, duplicated or replaced by tokens, or with its numbers changed. */
const mutated = fc
  .record({
    source: fc.constantFrom(...corpus),
    at: fc.nat(),
    length: fc.nat({ max: 80 }),
    kind: fc.constantFrom('delete', 'duplicate', 'insert', 'numbers'),
    tokens: fc.array(fc.constantFrom(...TOKENS), { maxLength: 8 }),
    // Mostly small and edge sizes; now and then one that makes loops run into the evaluation budget.
    number: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: -3, max: 3 }) }, { weight: 2, arbitrary: fc.constantFrom(0, 1, 4096) }, { weight: 1, arbitrary: fc.constantFrom(10 ** 6, 2 ** 31) })
  })
  .map(({ source, at, length, kind, tokens, number }) => {
    const i = at % (source.length + 1);
    switch (kind) {
      case 'delete':
        return source.slice(0, i) + source.slice(i + length);
      case 'duplicate':
        return source.slice(0, i + length) + source.slice(i, i + length) + source.slice(i + length);
      case 'insert':
        return source.slice(0, i) + tokens.join(' ') + source.slice(i + length);
      default:
        return source.replace(/\b\d+\b/g, m => (m.length % 2 ? String(number) : m));
    }
  });

const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map(t => `import keras\nfrom keras import layers\n${t.join(' ')}`);

function analyzeEverywhere(source: string): void {
  let report;
  try {
    report = analyze({ name: 'fuzz.py', content: source });
  } catch (e) {
    if (e instanceof AnalysisError) return;
    throw e;
  }
  JSON.parse(formatJson(report));
  formatText(report, 'both');
  formatMarkdown(report, 'both');
  formatCsv(report);
}

describe('fuzzing the reader', () => {
  // Chunks keep the event loop free between them for vitest's worker; every chunk has its own fixed seed.
  const CHUNK = 500;
  const chunks = Math.ceil(RUNS / CHUNK);
  for (let k = 0; k < chunks; k++) {
    const runs = Math.min(CHUNK, RUNS - k * CHUNK);
    it(`survives mutated, random and token-soup sources (cases ${k * CHUNK + 1}–${k * CHUNK + runs} of ${RUNS})`, () => {
      let slowest = 0;
      fc.assert(
        fc.property(fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 2, arbitrary: tokenSoup }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) }), source => {
          const start = performance.now();
          analyzeEverywhere(source);
          const took = performance.now() - start;
          if (process.env.FUZZ_SLOW_DIR && took > 500) writeFileSync(join(process.env.FUZZ_SLOW_DIR, `slow-${Math.round(took)}.py`), source);
          slowest = Math.max(slowest, took);
        }),
        { numRuns: runs, seed: SEED + k }
      );
      // A hang guard, not a speed target: the evaluation budget ends every case within seconds.
      expect(slowest).toBeLessThan(15_000);
    }, 600_000);
  }
});
