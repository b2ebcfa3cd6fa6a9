/**
 * The issue-10 audit's fast cases (test/helpers/hostile-cases.ts) against the built CLI: for every class
 * of hostile input, the documented exit code, at most one line on stderr, no JavaScript internals, under
 * 5 s and 1 GB, no forbidden byte in any output format, and no model total that real Keras contradicts.
 * `node bench/hostile.mjs` runs them all, the large inputs too, and writes bench/HOSTILE.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASES, FAMILIES, caseDir, loadExpected } from './helpers/hostile-cases';
import { runCase } from './helpers/hostile-run';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'model-summary.cjs');
const work = mkdtempSync(join(tmpdir(), 'model-summary-audit-'));
const expected = loadExpected(ROOT);

beforeAll(() => {
  execFileSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, stdio: 'ignore' });
});

describe.each(Object.entries(FAMILIES))('hostile input, %s', family => {
  const cases = CASES.filter(c => c.family === family && !c.slow);
  it.each(cases.map(c => [c.id, c] as const))(
    '%s',
    (_, c) => {
      const result = runCase(CLI, caseDir(work, c.id), c, expected[c.id]);
      expect(result.failures).toEqual([]);
      if ((c.python || c.json || c.notebook) && !c.gap)
        expect(result.counts.exact + result.counts.unknown, 'a total checked against Keras').toBeGreaterThan(0);
    },
    60_000
  );
});

it('holds every case with a Keras source to counts derived from real Keras', () => {
  const missing = CASES.filter(c => (c.python || c.json || c.notebook) && !Object.hasOwn(expected, c.id)).map(c => c.id);
  expect(missing, 'run node bench/hostile.mjs --expected').toEqual([]);
});
