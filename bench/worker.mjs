#!/usr/bin/env node
// What running the engine in a worker costs JupyterLab: the round trip of one analysis of a 100-cell
// notebook (post the cells, analyse, structured-clone the report back) against the same analysis in
// the page's thread. Node's worker_threads use V8's structured clone, as the browser's postMessage
// does; the worker runs src/lab/engine-worker.ts's own `handle`.
//
//   node bench/worker.mjs        (writes bench/worker.json and bench/WORKER.md)
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import v8 from 'node:v8';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TMP = path.join(ROOT, 'bench', '.tmp');
mkdirSync(TMP, { recursive: true });
const bundle = path.join(TMP, 'engine-worker.mjs');
await build({ entryPoints: [path.join(ROOT, 'src/lab/engine-worker.ts')], bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: bundle, logLevel: 'error' });
const { handle } = await import(pathToFileURL(bundle).href);

/** 100 code cells: imports, then 99 cells each defining a small model (an LSTM text model, a CNN, an MLP in turn). */
function notebook() {
  const cells = [{ index: 0, source: 'import keras\nfrom keras import layers\n' }];
  for (let i = 1; i < 100; i++) {
    const body = [
      `m${i} = keras.Sequential([keras.Input((None,), dtype="int32"), layers.Embedding(640, 64), layers.Bidirectional(layers.LSTM(64, return_sequences=True)), layers.GlobalMaxPooling1D(), layers.Dense(${i % 7 + 1})], name="text_${i}")`,
      `x = keras.Input((28, 28, 1))\ny = layers.Conv2D(16, 3, activation="relu")(x)\ny = layers.MaxPooling2D()(y)\ny = layers.Flatten()(y)\nm${i} = keras.Model(x, layers.Dense(10)(y), name="cnn_${i}")`,
      `m${i} = keras.Sequential([keras.Input((32,))] + [layers.Dense(32, activation="relu") for _ in range(8)], name="mlp_${i}")`
    ][i % 3];
    cells.push({ index: i, source: `# cell ${i}\n${body}\n` });
  }
  return cells;
}

const cells = notebook();
const REPEAT = 20;
const worker = new Worker(`import { parentPort } from 'node:worker_threads'; import { handle } from ${JSON.stringify(pathToFileURL(bundle).href)}; parentPort.on('message', r => handle(r, m => parentPort.postMessage(m)));`, { eval: true });
const ask = id =>
  new Promise(resolve => {
    const start = performance.now();
    const on = m => {
      if (m.id !== id || m.kind !== 'done') return;
      worker.off('message', on);
      const parse = performance.now();
      JSON.parse(m.result.jsonText);
      resolve({ roundTrip: performance.now() - start, analysis: m.ms, models: m.result.report.models.length, parse: performance.now() - parse });
    };
    worker.on('message', on);
    worker.postMessage({ id, kind: 'cells', cells, kerasVersion: 3, skip: [] });
  });

// Warm-up (JIT), then measured runs.
for (let i = 0; i < 3; i++) await ask(-1 - i);
const runs = [];
for (let i = 0; i < REPEAT; i++) runs.push(await ask(i));
await worker.terminate();
// The page's share of the round trip: reading the cloned report and parsing the JSON report's text.
let sample;
handle({ id: 0, kind: 'cells', cells, kerasVersion: 3, skip: [] }, m => m.kind === 'done' && (sample = m.result));
const serialized = v8.serialize(sample.report);
const receive = [];
for (let i = 0; i < REPEAT; i++) {
  const start = performance.now();
  v8.deserialize(serialized);
  JSON.parse(sample.jsonText);
  receive.push(performance.now() - start);
}
const inPage = [];
for (let i = 0; i < REPEAT; i++) {
  const start = performance.now();
  handle({ id: i, kind: 'cells', cells, kerasVersion: 3, skip: [] }, () => {});
  inPage.push(performance.now() - start);
}
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, load average ${os.loadavg()[0].toFixed(1)}, Node ${process.version}`,
  cells: cells.length,
  models: runs[0].models,
  medianMs: {
    inPage: median(inPage),
    workerAnalysis: median(runs.map(r => r.analysis)),
    roundTrip: median(runs.map(r => r.roundTrip)),
    overhead: median(runs.map(r => r.roundTrip - r.analysis)),
    pageShare: median(receive)
  }
};
writeFileSync(path.join(ROOT, 'bench', 'worker.json'), JSON.stringify(result, null, 2) + '\n');
const f = n => n.toFixed(1);
writeFileSync(
  path.join(ROOT, 'bench', 'WORKER.md'),
  `# The engine in a Web Worker: round-trip cost

One analysis of a 100-cell notebook (${result.models} models: Embedding + Bidirectional LSTM, a small CNN, an MLP of eight Dense layers, in turn),
median of ${REPEAT} runs after warm-up. Produced by \`node bench/worker.mjs\` on ${result.machine}, ${result.date.slice(0, 10)}.

| | ms |
| --- | ---: |
| Analysis in the page's thread (as before the worker) | ${f(result.medianMs.inPage)} |
| Analysis inside the worker | ${f(result.medianMs.workerAnalysis)} |
| Round trip (post the cells, analyse, clone the report back) | ${f(result.medianMs.roundTrip)} |
| **Cost of the worker** (round trip − analysis: copying cells and report across threads) | **${f(result.medianMs.overhead)}** |
| The page's thread's share of it (reading the cloned report, parsing the JSON report's text) | ${f(result.medianMs.pageShare)} |

The page's thread is busy only for its share of the copies, no longer for the analysis; a cell too slow to analyse is
stopped at the time limit without the page ever waiting on it (\`ui-tests/tests/worker.e2e.ts\`).
`
);
console.log(JSON.stringify(result.medianMs));
