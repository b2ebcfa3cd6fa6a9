/**
 * Runs one audit case (hostile-cases.ts) against the built CLI and checks the CLI's promises. Used by
 * test/hostile-cli.test.ts (the fast cases) and bench/hostile.mjs (all of them).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasUnsafeChars } from '../../src/core/format/safe-text';
import type { IHostileCase, IRun } from './hostile-cases';

export const MAX_SECONDS = 5;
export const MAX_RSS_MB = 1024;

/** What a JavaScript engine, never a Python user, would write. */
const INTERNALS =
  /\n\s+at |Maximum call stack|Cannot read properties|is not a function|is not iterable|undefined is not|TypeError|RangeError|ReferenceError|SyntaxError: Unexpected|node:internal|\.cjs:\d+/;

export interface IRunResult {
  format: string;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall-clock seconds, and CPU seconds (user + system) where GNU time measured them. */
  seconds: number;
  cpuSeconds: number | null;
  rssMB: number;
}

export interface ICaseResult {
  id: string;
  runs: IRunResult[];
  failures: string[];
  /** Model totals checked against real Keras: exact, honest unknown, wrong. */
  counts: { exact: number; unknown: number; wrong: number };
}

/** GNU time measures the peak RSS; without it (a bare CI image) the wall time is measured here and the RSS is not checked. */
const GNU_TIME = existsSync('/usr/bin/time');

/**
 * The time limit is on the wall clock, as a user sees it; on a machine whose load average is above its CPU
 * count (five engineers share two CPUs here) the wall clock measures the others' work too, so the limit is
 * then held by the CPU time the CLI used (what its own work costs), and both are reported.
 */
export const OVERLOADED = os.loadavg()[0] > os.cpus().length;

/** One CLI process, timed and measured by /usr/bin/time (elapsed and CPU seconds, peak RSS). */
export function runCli(cli: string, run: IRun, extraArgs: string[] = []): Omit<IRunResult, 'format'> {
  const timeFile = join(mkdtempSync(join(tmpdir(), 'hostile-time-')), 'time');
  const timer = GNU_TIME ? `/usr/bin/time -f '%M %e %U %S' -o "$TIME_FILE" ` : '';
  const script = `${run.pipe ? `${run.pipe} | ` : ''}exec ${timer}node "$@"`;
  const started = performance.now();
  const stdinFd = run.stdinFile ? openSync(run.stdinFile, 'r') : undefined;
  try {
    const r = spawnSync('sh', ['-c', script, 'sh', cli, ...extraArgs, ...run.args], {
      env: { ...process.env, TIME_FILE: timeFile, MODEL_SUMMARY_DEBUG: '' },
      input: run.input,
      stdio: [stdinFd ?? 'pipe', 'pipe', 'pipe'],
      maxBuffer: 1 << 30,
      timeout: 60_000
    });
    const wall = (performance.now() - started) / 1000;
    const last = GNU_TIME && existsSync(timeFile) ? (readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '') : `0 ${wall.toFixed(2)}`;
    const [kb, seconds, user, system] = last.split(' ').map(Number);
    const cpuSeconds = user === undefined || system === undefined ? null : Math.round((user + system) * 100) / 100;
    return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), seconds, cpuSeconds, rssMB: kb / 1024 };
  } finally {
    if (stdinFd !== undefined) closeSync(stdinFd);
  }
}

type Expected = Record<string, number | string>;

/** The formats a case is run in: as given, or every one the CLI writes. */
function formats(c: IHostileCase): Array<[string, string[]]> {
  if (!c.everyFormat) return [['as given', []]];
  return [
    ['text', ['--format', 'text']],
    ['markdown', ['--format', 'markdown']],
    ['csv', ['--format', 'csv']],
    ['json', ['--format', 'json']],
    ['conversion code', ['--conversion-code']]
  ];
}

export function runCase(cli: string, dir: string, c: IHostileCase, expected: Expected | undefined): ICaseResult {
  const run = c.setup(dir);
  const failures: string[] = [];
  const runs: IRunResult[] = [];
  const counts = { exact: 0, unknown: 0, wrong: 0 };
  const plan = formats(c);
  if (expected && !c.everyFormat) plan.push(['json (counts)', ['--format', 'json']]);
  for (const [format, extra] of plan) {
    const r: IRunResult = { format, ...runCli(cli, run, extra) };
    runs.push(r);
    const where = plan.length > 1 ? ` [${format}]` : '';
    if (!c.code.includes(r.code ?? -1)) failures.push(`exit ${r.code}, expected ${c.code.join(' or ')}${where}: ${r.stderr.trim().slice(0, 300)}`);
    const lines = r.stderr.split('\n').filter(Boolean);
    if (lines.length > 1) failures.push(`${lines.length} lines on stderr${where}`);
    if (INTERNALS.test(r.stderr) || INTERNALS.test(r.stdout)) failures.push(`JavaScript internals in the output${where}`);
    if (c.stderr && format !== 'json (counts)' && !c.stderr.test(r.stderr.trim().replace(/^model-summary: /, '')))
      failures.push(`stderr ${JSON.stringify(r.stderr.trim().slice(0, 300))} does not match ${c.stderr}${where}`);
    if (c.stdout && (format === 'as given' || format === 'text') && !c.stdout.test(r.stdout))
      failures.push(`stdout does not match ${c.stdout}${where}`);
    const timed = OVERLOADED && r.cpuSeconds !== null && r.code !== null ? r.cpuSeconds : r.seconds;
    if (!(timed <= (run.limitS ?? MAX_SECONDS)))
      failures.push(`took ${r.code === null ? 'more than 60 (killed)' : `${r.seconds} s (${r.cpuSeconds} s of CPU)`}${where}`);
    if (r.rssMB > MAX_RSS_MB) failures.push(`peak RSS ${Math.round(r.rssMB)} MB${where}`);
    if (hasUnsafeChars(r.stdout)) failures.push(`a forbidden character raw on stdout${where}`);
    if (hasUnsafeChars(r.stderr)) failures.push(`a forbidden character raw on stderr${where}`);
    if (format === 'conversion code' && r.code === 0) failures.push(...pythonModuleProblems(r.stdout));
    if (format === 'markdown') failures.push(...markdownProblems(r.stdout));
    if (format === 'csv') failures.push(...csvProblems(r.stdout));
    if (format.startsWith('json') && r.code !== 2) checkCounts(r.stdout, expected, counts, failures);
  }
  return { id: c.id, runs, failures, counts };
}

/** Every model total the CLI states as fact is the one real Keras computes (by variable, else by model name). */
function checkCounts(stdout: string, expected: Expected | undefined, counts: ICaseResult['counts'], failures: string[]): void {
  let doc: { models?: unknown[]; files?: Array<{ models: unknown[] }> };
  try {
    doc = JSON.parse(stdout);
  } catch {
    failures.push('the JSON output does not parse');
    return;
  }
  if (!expected) return;
  const models = (doc.models ?? doc.files?.flatMap(f => f.models) ?? []) as Array<{
    name: string;
    variable: string | null;
    totals: { keras: { total: number | string | null; unknownLayers: number } };
  }>;
  for (const m of models) {
    // Object.hasOwn: a model bound to `__proto__` or `constructor` is a name like any other here too.
    const key = m.variable !== null && Object.hasOwn(expected, m.variable) ? m.variable : m.name;
    if (!Object.hasOwn(expected, key)) continue;
    const want = expected[key];
    const stated = m.totals.keras.unknownLayers === 0 ? m.totals.keras.total : null;
    if (stated === null) counts.unknown++;
    else if (typeof want === 'number' && String(stated) === String(want)) counts.exact++;
    else {
      counts.wrong++;
      failures.push(`WRONG COUNT: ${key} stated ${stated}, Keras: ${want}`);
    }
  }
}

/** The conversion code is a module Python parses, whose only code is the shipped one (a name cannot inject any). */
function pythonModuleProblems(code: string): string[] {
  const check = `import ast, sys
tree = ast.parse(sys.stdin.read())
bad = [n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == 'system']
print('injected' if bad else 'ok')`;
  const r = spawnSync('python3', ['-c', check], { input: code, encoding: 'utf8' });
  if (r.error) return [];
  if (r.status !== 0) return [`the conversion code is not valid Python: ${r.stderr.trim().split('\n').pop()}`];
  return r.stdout.trim() === 'ok' ? [] : ['a name injected code into the conversion module'];
}

/** Every row of a Markdown table has the header's cells: a `|` or newline in a name never adds or splits one. */
function markdownProblems(text: string): string[] {
  const problems: string[] = [];
  let cells = -1;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      cells = -1;
      continue;
    }
    const n = line.replace(/\\./g, '').split('|').length;
    if (cells < 0) cells = n;
    else if (n !== cells) problems.push(`a Markdown row has ${n - 2} cells, its header ${cells - 2}: ${line.slice(0, 120)}`);
  }
  return problems;
}

/** RFC 4180 records: each as wide as the header, and no cell a spreadsheet would run as a formula (OWASP). */
function csvProblems(text: string): string[] {
  const records: string[][] = [[]];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    records[records.length - 1].push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted) {
      if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\n') {
      endCell();
      records.push([]);
    } else cell += c;
  }
  const rows = records.filter(r => r.length > 1);
  const problems: string[] = [];
  const header = rows.find(r => r[0] === 'model');
  for (const r of rows) {
    if (header && r.length !== header.length && r[0] !== 'model') problems.push(`a CSV record has ${r.length} cells, the header ${header.length}`);
    for (const x of r)
      if (/^[=+\-@\t\r]/.test(x) && !/^-?\d+$/.test(x)) problems.push(`a CSV cell a spreadsheet runs as a formula: ${x.slice(0, 60)}`);
  }
  return problems;
}
