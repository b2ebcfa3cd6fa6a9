/**
 * Property-based fuzzing of the reader: random and mutated Python built from the fixtures.
 * Whatever the input, analysis ends, throws nothing but a clear AnalysisError, and every format renders
 * (the JSON parses). FUZZ_RUNS sets the number of cases (`make fuzz` runs many more).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnalysisError, analyze, formatCsv, formatHtml, formatJson, formatMarkdown, formatText } from '../../src/core/index';
import { hasUnsafeChars } from '../../src/core/format/safe-text';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = 20261126;
const MODELS = join(__dirname, '..', 'fixtures', 'models');
const corpus = readdirSync(MODELS)
  .filter(f => f.endsWith('.py'))
  .sort()
  .map(f => readFileSync(join(MODELS, f), 'utf8'));

const TOKENS = [
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '=',
  '.',
  '*',
  '**',
  '-',
  '+',
  '//',
  '\n',
  '    ',
  '#',
  '"',
  "'",
  '\\',
  '0',
  '-1',
  '10**30',
  '2**4096',
  '1e309',
  'None',
  'True',
  'lambda x: x',
  'x',
  'model',
  'inputs',
  'layers.Dense(',
  'layers.LSTM(',
  'layers.Bidirectional(',
  'keras.Input(shape=(',
  'keras.Sequential([',
  'keras.Model(',
  'model.add(',
  'for i in range(50000):\n    ',
  'def f(x):\n    return f(x)\n',
  'if x:\n    ',
  'while True:\n    pass\n',
  '__import__("os").system("true")',
  'input_shape=(',
  'return_sequences=True',
  'name="<img src=x onerror=alert(1)>"',
  '\u0000',
  '\ud83d\ude00'
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
    number: fc.oneof(
      { weight: 12, arbitrary: fc.integer({ min: -3, max: 3 }) },
      { weight: 2, arbitrary: fc.constantFrom(0, 1, 4096) },
      { weight: 1, arbitrary: fc.constantFrom(10 ** 6, 2 ** 31) }
    )
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

/** Characters no output may write raw, for names. */
const HOSTILE_CHARS = [
  '\x1b',
  '\x07',
  '\r',
  '\n',
  '\x00',
  '\x7f',
  '\x9b',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u200b',
  '\ufeff',
  '|',
  '`',
  '*',
  '_',
  '<',
  '=',
  '+',
  '-',
  '@',
  '"',
  ',',
  '#'
];
const hostileName = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_CHARS), fc.string({ maxLength: 3 })), { maxLength: 12 })
  .map(parts => JSON.stringify(parts.join('')));

/** The classes of issue 10: names with control characters, sizes, statement groups, shared layers, nested models. */
const hostileClasses = fc.oneof(
  // Control, bidi and markup characters in layer and model names.
  fc
    .record({ layer: hostileName, model: hostileName })
    .map(
      ({ layer, model }) =>
        `import keras\nfrom keras import layers\nm = keras.Sequential([keras.Input((3,)), layers.Dense(2, name=${layer})], name=${model})\n`
    ),
  // Sizes: long names, long lists, wide layers.
  fc
    .record({ n: fc.constantFrom(1, 100, 5000, 100_000), units: fc.constantFrom('1', '2**40', '9007199254740993', 'True', '1e30', '-1') })
    .map(
      ({ n, units }) =>
        `import keras\nfrom keras import layers\nname = "x" * ${n}\nl = [1] * ${n}\nm = keras.Sequential([keras.Input((len(l),)), layers.Dense(${units}, name=name)])\n`
    ),
  // Statement groups on one line.
  fc
    .array(
      fc.constantFrom(
        'import keras',
        'from keras import layers',
        'x = 3',
        'd = layers.Dense(x)',
        'm = keras.Sequential([keras.Input((2,)), d])',
        'pass',
        'y = x;'
      ),
      { minLength: 1, maxLength: 6 }
    )
    .map(parts => `import keras\nfrom keras import layers\n${parts.join('; ')}\n`),
  // Shared layers, directly and in nested models.
  fc
    .record({ times: fc.integer({ min: 1, max: 50 }) })
    .map(
      ({ times }) =>
        `import keras\nfrom keras import layers\nd = layers.Dense(3)\ninner = keras.Sequential([keras.Input((3,)), d])\nm = keras.Sequential([keras.Input((3,)), d] + [inner] * ${times} + [d] * ${times})\n`
    ),
  // Models nested in models, sharing structure (kept shallow: the reader's own cost is not under test here).
  fc
    .integer({ min: 1, max: 8 })
    .map(
      n =>
        `import keras\nfrom keras import layers\nm = keras.Sequential([keras.Input((4,)), layers.Dense(4)])\n${'m = keras.Sequential([m, m])\n'.repeat(n)}`
    )
);

const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map(t => `import keras\nfrom keras import layers\n${t.join(' ')}`);

function analyzeEverywhere(source: string): void {
  let report;
  try {
    report = analyze({ name: 'fuzz.py', content: source });
  } catch (e) {
    if (e instanceof AnalysisError) return;
    throw e;
  }
  const json = formatJson(report);
  JSON.parse(json);
  // Every format: no raw control, bidi or zero-width character (newlines separate lines only).
  for (const out of [formatText(report, 'both'), formatMarkdown(report, 'both'), formatCsv(report), formatHtml(report, 'both')]) {
    if (hasUnsafeChars(out)) throw new Error(`an output holds a raw control character for ${JSON.stringify(source.slice(0, 200))}`);
  }
  if (/[\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/.test(json))
    throw new Error('the JSON holds a raw DEL, C1, bidi or zero-width character');
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
        fc.property(
          fc.oneof(
            { weight: 6, arbitrary: mutated },
            { weight: 2, arbitrary: tokenSoup },
            { weight: 1, arbitrary: hostileClasses },
            { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) }
          ),
          source => {
            const start = performance.now();
            analyzeEverywhere(source);
            const took = performance.now() - start;
            if (process.env.FUZZ_SLOW_DIR && took > 500) writeFileSync(join(process.env.FUZZ_SLOW_DIR, `slow-${Math.round(took)}.py`), source);
            slowest = Math.max(slowest, took);
          }
        ),
        { numRuns: runs, seed: SEED + k }
      );
      // A hang guard, not a speed target: the evaluation budget ends every case within seconds.
      expect(slowest).toBeLessThan(15_000);
    }, 600_000);
  }
});
