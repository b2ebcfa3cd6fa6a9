#!/usr/bin/env node
// Benchmarks of the static engine, the CLI process and real Keras on the same models.
//
//   node bench/run.mjs            (or `make bench`, which builds first)
//
// Needs: node_modules (esbuild), dist/model-summary.cjs (`npm run build`) and, for the Keras
// column, .venv with keras (`make venv`). Writes bench/results.json and bench/RESULTS.md.
// Every timed analysis is also checked against the expected parameter counts: a benchmark of
// a wrong answer is worthless, so a mismatch stops the run before anything is written.

import { importBundle } from './bundle.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TMP = path.join(ROOT, 'bench', '.tmp');
const CLI = path.join(ROOT, 'dist', 'model-summary.cjs');
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
const QUICK = process.env.BENCH_QUICK === '1'; // fewer repetitions, for checking the script itself

// `node bench/run.mjs --render` rewrites RESULTS.md from results.json without measuring again.
if (process.argv.includes('--render')) {
  const saved = JSON.parse(readFileSync(path.join(ROOT, 'bench/results.json'), 'utf8'));
  writeFileSync(path.join(ROOT, 'bench/RESULTS.md'), renderMarkdown(saved));
  process.exit(0);
}

mkdirSync(TMP, { recursive: true });

// --- the engine, bundled as plain ESM -------------------------------------------------------

// The engine's API, and the parser's memory of recent trees, which a first reading must not find.
// @lezer/python's parser alone: the floor under a first reading, measured beside it (machines are noisy, the ratio less so).
const { analyze, analyzeCells, compactSource, forgetRecentTrees, parser } = await importBundle(
  "export { analyze, analyzeCells } from './src/core/index'; export { forgetRecentTrees } from './src/core/python/parse'; export { compactSource } from './src/core/python/compact'; export { parser } from '@lezer/python';",
  path.join(TMP, 'core.mjs')
);

// --- models -----------------------------------------------------------------------------

const seedSource = readFileSync(path.join(ROOT, 'test/fixtures/models/seed_lstm.py'), 'utf8');

/** A Sequential of n Dense(32) layers on 32 features, given as a list: n × 1,056 parameters. */
function denseList(n) {
  const lines = ['import keras', 'from keras import layers', '', 'model = keras.Sequential(', '    [', '        keras.Input(shape=(32,)),'];
  for (let i = 0; i < n; i++) lines.push('        layers.Dense(32, activation="relu"),');
  lines.push('    ],', '    name="dense_stack",', ')');
  return lines.join('\n') + '\n';
}

/** The same model built with one model.add() per layer. */
function denseAdds(n) {
  const lines = [
    'import keras',
    'from keras import layers',
    '',
    'model = keras.Sequential(name="dense_stack")',
    'model.add(keras.Input(shape=(32,)))'
  ];
  for (let i = 0; i < n; i++) lines.push('model.add(layers.Dense(32, activation="relu"))');
  return lines.join('\n') + '\n';
}

/** A functional model of n layers: n/2 residual blocks `y = Dense(32)(x); x = Add()([x, y])`. */
function residualChain(n) {
  const lines = ['import keras', 'from keras import layers', '', 'inputs = keras.Input(shape=(32,))', 'x = inputs'];
  for (let i = 0; i < n / 2; i++) {
    lines.push('y = layers.Dense(32, activation="relu")(x)');
    lines.push('x = layers.Add()([x, y])');
  }
  lines.push('model = keras.Model(inputs, x, name="residual_chain")');
  return lines.join('\n') + '\n';
}

function writeModel(name, source) {
  const file = path.join(TMP, name);
  writeFileSync(file, source);
  return file;
}

// --- timing helpers -----------------------------------------------------------------------

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Median wall time (ms) of fn over `runs` runs after `warmup` untimed ones. */
function timeIt(fn, { warmup, runs }) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return { median: median(times), min: Math.min(...times), runs };
}

function checkTotals(label, report, keras, cudnn) {
  const m = report.models[report.models.length - 1];
  const got = m ? [m.totals.keras.total, m.totals.cudnn.total] : [];
  if (!m || got[0] !== BigInt(keras) || got[1] !== BigInt(cudnn)) {
    const errors = report.diagnostics.filter(d => d.severity === 'error').map(d => d.message);
    throw new Error(
      `${label}: expected totals keras ${keras} / cudnn ${cudnn}, got ${got.join(' / ') || 'no model'}; errors: ${errors.slice(0, 3).join('; ')}`
    );
  }
}

const reps = (full, quick) => (QUICK ? quick : full);

// --- (a) the seed model -------------------------------------------------------------------

const results = { engine: {}, cli: {}, keras: null, machine: {}, loadAverage: os.loadavg()[0] };
const log = (...a) => console.error(...a);

// The engine keeps the lowered tree of each cell text (re-analysis of an unchanged cell skips the parse)
// and the parser the trees of the last texts it parsed (an edited cell is parsed again from its previous
// tree): every timed first reading reads a text not seen before, the source and a comment line with the
// run's number (comment lines cost nothing), with the parser's memory forgotten, so what is timed is a
// first reading. An edit is timed separately (`edited`).
let runNumber = 0;
const fresh = source => {
  forgetRecentTrees();
  return `${source}# run ${runNumber++}\n`;
};

/**
 * The panel's case as its user types: the source with one layer's line changed, a different line each
 * run, read right after the previous run's text (so the parser starts from that text's tree).
 */
const edited = (source, marker, replacement) => {
  const at = [];
  for (let i = source.indexOf(marker); i >= 0; i = source.indexOf(marker, i + 1)) at.push(i);
  const i = at[(runNumber++ * 7919) % at.length];
  return source.slice(0, i) + replacement + source.slice(i + marker.length);
};

{
  const run = () => analyze({ name: 'seed_lstm.py', content: fresh(seedSource) }, { kerasVersion: 3 });
  checkTotals('seed', run(), 1634400, 1636800);
  results.engine.seed = timeIt(run, { warmup: reps(50, 5), runs: reps(500, 20) });
  log(`engine seed: ${results.engine.seed.median.toFixed(3)} ms`);
}

// --- (b) Sequential stacks of 10 … 10,000 Dense layers -------------------------------------

function engineRun(label, source, expected, runs, warmup) {
  const run = () => analyze({ name: `${label}.py`, content: fresh(source) }, { kerasVersion: 3 });
  checkTotals(label, run(), expected, expected);
  return timeIt(run, { warmup, runs });
}

results.engine.sequential = [];
for (const n of [10, 100, 1000, 10000]) {
  const runs = n <= 100 ? reps(200, 10) : n <= 1000 ? reps(200, 5) : reps(15, 3);
  const t = engineRun(`dense_list_${n}`, denseList(n), n * 1056, runs, n <= 1000 ? reps(20, 2) : reps(3, 1));
  results.engine.sequential.push({ layers: n, ...t, perLayerUs: (t.median * 1000) / n });
  log(`engine sequential ${n}: ${t.median.toFixed(3)} ms (${((t.median * 1000) / n).toFixed(2)} µs/layer)`);
}

// The parse by @lezer/python alone of the text the engine parses (the 1,000-layer file compacted: no blank
// lines, no indentation inside brackets), fresh text each run: what no reading can go below.
{
  const source = denseList(1000);
  const texts = Array.from({ length: reps(170, 7) }, () => compactSource(fresh(source)).text);
  let next = 0;
  results.engine.lezerParse1000 = timeIt(() => parser.parse(texts[next++]), { warmup: reps(20, 2), runs: reps(150, 5) });
  log(`@lezer/python parse of the 1000-layer text: ${results.engine.lezerParse1000.median.toFixed(3)} ms`);
}

// The panel reads a notebook's cells with analyzeCells, which keeps each cell's lowered tree for the next
// re-analysis (analyze, above, reads a file once, as the CLI does, and keeps nothing): the 1,000-layer model
// as a cell the panel reads for the first time, then re-read after an edit of one layer (a different layer
// each run), as the panel re-reads the cell being typed in.
const asCell = source => analyzeCells([{ index: 0, source }], { kerasVersion: 3 });
{
  const source = denseList(1000);
  const run = () => asCell(fresh(source));
  checkTotals('dense_list_1000 as a cell', run(), 1000 * 1056, 1000 * 1056);
  results.engine.sequentialCell = { layers: 1000, ...timeIt(run, { warmup: reps(20, 2), runs: reps(200, 5) }) };
  log(`engine sequential 1000 as a notebook cell: ${results.engine.sequentialCell.median.toFixed(3)} ms`);
}
{
  const source = denseList(1000);
  const run = () => asCell(edited(source, 'activation="relu"', 'activation="tanh"'));
  forgetRecentTrees();
  checkTotals('dense_list_1000 edited', run(), 1000 * 1056, 1000 * 1056);
  results.engine.sequentialEdit = { layers: 1000, ...timeIt(run, { warmup: reps(20, 2), runs: reps(200, 5) }) };
  log(`engine sequential 1000 after an edit: ${results.engine.sequentialEdit.median.toFixed(3)} ms`);
}

// The same models written with one model.add() per layer (Keras 3 rebuilds after each add).
results.engine.sequentialAdd = [];
for (const n of [10, 100, 1000]) {
  const runs = n <= 100 ? reps(100, 5) : reps(7, 2);
  const t = engineRun(`dense_add_${n}`, denseAdds(n), n * 1056, runs, n <= 100 ? reps(10, 1) : 1);
  results.engine.sequentialAdd.push({ layers: n, ...t, perLayerUs: (t.median * 1000) / n });
  log(`engine sequential via model.add ${n}: ${t.median.toFixed(3)} ms`);
}

// --- (c) a 1,000-layer functional model ----------------------------------------------------

const functionalSource = residualChain(1000);
{
  const t = engineRun('residual_1000', functionalSource, 500 * 1056, reps(200, 5), reps(20, 2));
  results.engine.functional1000 = { layers: 1000, ...t, perLayerUs: (t.median * 1000) / 1000 };
  log(`engine functional 1000: ${t.median.toFixed(3)} ms`);
}

// --- (d) the whole CLI process -------------------------------------------------------------

const seedFile = path.join(ROOT, 'test/fixtures/models/seed_lstm.py');
const dense1000File = writeModel('dense_list_1000.py', denseList(1000));
const denseAdd1000File = writeModel('dense_add_1000.py', denseAdds(1000));
const functional1000File = writeModel('residual_1000.py', functionalSource);

// The CLI keeps V8's code cache of its bundle in the user's cache folder: here in a folder of the benchmark's
// own, which the first (untimed) run of each command fills.
const CLI_ENV = { ...process.env, XDG_CACHE_HOME: path.join(TMP, 'cache') };

function timeProcess(cmd, args, runs, env = CLI_ENV) {
  const times = [];
  for (let i = 0; i < runs + 1; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, env });
    const dt = performance.now() - t;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i > 0) times.push(dt); // the first run warms the file cache
  }
  return { median: median(times), min: Math.min(...times), runs };
}

if (!existsSync(CLI)) throw new Error(`${CLI} missing: run npm run build first`);
{
  const runs = reps(20, 3);
  results.cli.nodeStartup = timeProcess(process.execPath, ['-e', ''], runs);
  results.cli.seed = timeProcess(process.execPath, [CLI, seedFile, '--format', 'json'], runs);
  results.cli.sequential1000 = timeProcess(process.execPath, [CLI, dense1000File, '--format', 'json'], runs);
  results.cli.sequential1000Uncached = timeProcess(process.execPath, [CLI, dense1000File, '--format', 'json'], runs, {
    ...CLI_ENV,
    NODE_DISABLE_COMPILE_CACHE: '1'
  });
  results.cli.functional1000 = timeProcess(process.execPath, [CLI, functional1000File, '--format', 'json'], runs);
  results.cli.sequentialAdd1000 = timeProcess(process.execPath, [CLI, denseAdd1000File, '--format', 'json'], reps(5, 1));
  const out = JSON.parse(spawnSync(process.execPath, [CLI, dense1000File, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 << 20 }).stdout);
  if (out.models[0].totals.keras.total !== 1000 * 1056) throw new Error('CLI: wrong total for the 1,000-layer model');
  for (const [k, v] of Object.entries(results.cli)) log(`cli ${k}: ${v.median.toFixed(1)} ms`);
}

// --- (e) real Keras ------------------------------------------------------------------------

if (existsSync(PYTHON) && process.env.BENCH_SKIP_KERAS !== '1') {
  // Keras builds the 1,000-layer model.add() version in minutes (quadratic rebuilds): one run.
  const jobs = [
    ['seed', seedFile, reps(7, 1), 1634400],
    ['sequential1000', dense1000File, reps(3, 1), 1000 * 1056],
    ['functional1000', functional1000File, reps(3, 1), 500 * 1056],
    ['sequentialAdd1000', denseAdd1000File, 1, 1000 * 1056]
  ].filter(([key]) => key !== 'sequentialAdd1000' || process.env.BENCH_SKIP_KERAS_ADD !== '1');
  log(`keras: running ${jobs.map(j => j[0]).join(', ')} (the model.add() one takes minutes)`);
  const r = spawnSync(PYTHON, [path.join(ROOT, 'bench/keras_bench.py'), ...jobs.map(([, file, n]) => `${file}:${n}`)], {
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
    maxBuffer: 64 << 20
  });
  if (r.status !== 0) throw new Error(`keras_bench.py exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const k = JSON.parse(r.stdout.trim().split('\n').pop());
  results.keras = { version: k.keras, python: k.python, importMs: k.import_s * 1000, defaultRecursionLimit: k.default_recursion_limit };
  jobs.forEach(([key, , , params], i) => {
    const run = k.runs[i];
    if (run.params !== params) throw new Error(`Keras: ${run.file} has ${run.params} params, expected ${params}`);
    results.keras[key] = run;
    log(`keras ${key}: build ${run.build_ms.toFixed(1)} ms + summary ${run.summary_ms.toFixed(1)} ms`);
  });
  log(`keras import: ${(k.import_s * 1000).toFixed(0)} ms`);
} else if (process.env.BENCH_KEEP_KERAS === '1' && existsSync(path.join(ROOT, 'bench/results.json'))) {
  // Keras builds the same models whatever the engine does: its figures from the last full run are kept, and said so.
  const previous = JSON.parse(readFileSync(path.join(ROOT, 'bench/results.json'), 'utf8'));
  results.keras = previous.keras;
  results.kerasDate = previous.kerasDate ?? previous.machine.date;
  log(`keras: kept from the run of ${results.kerasDate.slice(0, 10)} (BENCH_KEEP_KERAS=1)`);
} else {
  log('keras: skipped (no .venv/bin/python, or BENCH_SKIP_KERAS=1)');
}

// --- machine and output --------------------------------------------------------------------

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
};
results.loadAverageEnd = os.loadavg()[0];
results.machine = {
  nproc: Number(sh('nproc', [])) || os.availableParallelism(),
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  date: new Date().toISOString(),
  quick: QUICK
};

writeFileSync(path.join(ROOT, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
writeFileSync(path.join(ROOT, 'bench/RESULTS.md'), renderMarkdown(results));
log('wrote bench/results.json and bench/RESULTS.md');

function renderMarkdown(r) {
  const ms = x => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
  const ratio = (a, b) => (b > 0 ? `${a / b >= 100 ? Math.round(a / b).toLocaleString('en-US') : (a / b).toFixed(1)}×` : '–');
  const k = r.keras;
  const m = r.machine;
  const lines = [];
  lines.push('# Benchmark results', '');
  lines.push(
    `Machine: ${m.nproc} CPUs (\`nproc\`), ${m.cpu}, ${m.memoryGiB} GiB; Node ${m.node}` +
      (k ? `; Python ${k.python}, Keras ${k.version} (TensorFlow backend, CPU)` : '') +
      `; ${m.date.slice(0, 10)}.` +
      (m.quick ? ' **Quick run (BENCH_QUICK=1): few repetitions, indicative only.**' : ''),
    ''
  );
  lines.push(
    'Produced by `make bench` (`node bench/run.mjs`). Times are medians of warm runs (200 for each 1,000-layer engine row), in milliseconds; every run is checked against the expected parameter counts. ' +
      "Each engine run reads a text it has not seen (a comment line with the run number) with the parser's memory of recent trees forgotten, so neither the cache of lowered cells nor incremental parsing answers: it is a first reading. " +
      'The engine reads the files as the CLI does (`analyze`: a file is read once, and its syntax tree is not kept); the two rows "as a notebook cell" read the model as the panel reads a cell (`analyzeCells`, which keeps its syntax tree for the next re-analysis). ' +
      "The row \"after an edit\" is the exception to first readings, on purpose: each run changes one layer's line of the previous run's text, and the parser starts from that text's tree, as it does in the panel while its user types." +
      (r.kerasDate
        ? ` The Keras column is from the full run of ${r.kerasDate.slice(0, 10)} (\`BENCH_KEEP_KERAS=1\`: Keras was not run again).`
        : '') +
      (r.loadAverage !== undefined
        ? ` Load average while measuring: ${r.loadAverage.toFixed(1)} (at the start), ${r.loadAverageEnd.toFixed(1)} (at the end).`
        : ''),
    ''
  );

  lines.push('## Static engine vs. real Keras', '');
  lines.push('| model | engine (in process) | CLI process (`--format json`) | Keras: build + `summary()` | Keras ÷ engine |');
  lines.push('| --- | ---: | ---: | ---: | ---: |');
  const row = (label, eng, cli, kr) =>
    lines.push(
      `| ${label} | ${ms(eng.median)} | ${cli ? ms(cli.median) : '–'} | ${kr ? ms(kr.total_ms) : '–'} | ${kr ? ratio(kr.total_ms, eng.median) : '–'} |`
    );
  const seq1000 = r.engine.sequential.find(s => s.layers === 1000);
  const add1000 = r.engine.sequentialAdd.find(s => s.layers === 1000);
  row('seed: Embedding + Bidirectional(LSTM(300))', r.engine.seed, r.cli.seed, k?.seed);
  row('Sequential([...]) of 1,000 Dense layers', seq1000, r.cli.sequential1000, k?.sequential1000);
  if (r.engine.sequentialCell) row('the same as a notebook cell, first read by the panel', r.engine.sequentialCell, null, null);
  if (r.engine.sequentialEdit)
    row('the same as a notebook cell, re-read after an edit of one layer (the panel as you type)', r.engine.sequentialEdit, null, null);
  row('functional, 1,000 layers (500 Dense + 500 Add)', r.engine.functional1000, r.cli.functional1000, k?.functional1000);
  row('Sequential, 1,000 × `model.add(Dense)`', add1000, r.cli.sequentialAdd1000, k?.sequentialAdd1000);
  lines.push('');
  const notes = [
    `The CLI column is the whole process, Node start-up included (an empty \`node -e ""\` takes ${ms(r.cli.nodeStartup.median)} ms here), started from the code cache the CLI keeps of its bundle` +
      (r.cli.sequential1000Uncached
        ? ` (without it, \`NODE_DISABLE_COMPILE_CACHE=1\`, as on a CLI's first run, the 1,000-layer Sequential takes ${ms(r.cli.sequential1000Uncached.median)} ms).`
        : '.')
  ];
  if (k) {
    notes.push(
      `The Keras column excludes \`import keras\`, which takes a further ${ms(k.importMs)} ms once per process, and is the median of ` +
        `${['seed', 'sequential1000', 'functional1000', 'sequentialAdd1000']
          .filter(key => k[key])
          .map(key => k[key].reps)
          .join(', ')} runs (row by row).`,
      `Keras's part that is \`summary()\` alone: seed ${ms(k.seed.summary_ms)}, Sequential ${ms(k.sequential1000.summary_ms)}, functional ${ms(k.functional1000.summary_ms)}` +
        (k.sequentialAdd1000 ? `, \`model.add\` ${ms(k.sequentialAdd1000.summary_ms)}` : '') +
        '; the rest is building the model.',
      `At Python's default recursion limit (${k.defaultRecursionLimit.toLocaleString('en-US')}) Keras raises \`RecursionError\` on the 1,000-layer models; the benchmark raises the limit.`
    );
  }
  if (r.engine.lezerParse1000)
    notes.push(
      `\`@lezer/python\`'s parse alone of the 1,000-layer file as the engine parses it (compacted: no indentation inside brackets) takes ${ms(r.engine.lezerParse1000.median)} ms (median of ${r.engine.lezerParse1000.runs} parses): ` +
        `the engine's first reading is ${ratio(seq1000.median, r.engine.lezerParse1000.median)} that, the rest (lowering, reading, counting and their garbage collection) ${ms(seq1000.median - r.engine.lezerParse1000.median)} ms.`
    );
  lines.push(notes.join(' '), '');

  lines.push('## Scaling (engine, `Sequential([...])` of Dense layers)', '');
  lines.push('| layers | median (ms) | per layer (µs) |');
  lines.push('| ---: | ---: | ---: |');
  for (const s of r.engine.sequential) lines.push(`| ${s.layers.toLocaleString('en-US')} | ${ms(s.median)} | ${s.perLayerUs.toFixed(1)} |`);
  lines.push('');
  lines.push(
    'Included: parsing, reading, shape inference, counting under the three conventions and totals; not included: formatting the report.',
    ''
  );

  lines.push('## `model.add()` (engine)', '');
  lines.push(
    'Keras 3 rebuilds a Sequential model after every `model.add()` once it has an input' +
      (k?.sequentialAdd1000
        ? `: 1,000 adds took ${ms(k.sequentialAdd1000.build_ms)} ms to build, against ${ms(k.sequential1000.build_ms)} ms for the same layers passed as a list.`
        : '.') +
      ' The engine on the same code:',
    ''
  );
  lines.push('| layers | median (ms) | per layer (µs) |');
  lines.push('| ---: | ---: | ---: |');
  for (const s of r.engine.sequentialAdd) lines.push(`| ${s.layers.toLocaleString('en-US')} | ${ms(s.median)} | ${s.perLayerUs.toFixed(1)} |`);
  lines.push('');
  return lines.join('\n');
}
