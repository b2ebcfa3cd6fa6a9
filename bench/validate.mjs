#!/usr/bin/env node
// Benchmarks of the TensorFlow.js validation: the seed model per backend (first run, which includes
// building the model and compiling kernels, and the median of warm runs), in Node (cpu, wasm) and in
// Debian's Chromium (webgpu with --enable-unsafe-webgpu, webgl, wasm, cpu), and the largest fixture.
//
//   node bench/validate.mjs        (or `make bench`)
//
// Writes bench/validation.json and bench/VALIDATION.md. Every run must validate (ok) or the script stops.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TMP = path.join(ROOT, 'bench', '.tmp', 'validation');
const RUNS = 7;
const require = createRequire(path.join(ROOT, 'package.json'));
mkdirSync(TMP, { recursive: true });

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = x => Math.round(x * 10) / 10;
const seedSource = readFileSync(path.join(ROOT, 'test/fixtures/models/seed_lstm.py'), 'utf8');

// --- Node -----------------------------------------------------------------------------------
const nodeBundle = path.join(TMP, 'node.mjs');
await build({
  stdin: { contents: "export * from './src/core/index'; export { validateModel } from './src/core/validate/validate';", resolveDir: ROOT, loader: 'ts' },
  bundle: true, format: 'esm', platform: 'node', outfile: nodeBundle, external: ['@tensorflow/*'], logLevel: 'error'
});
const { analyze, validateModel } = await import(pathToFileURL(nodeBundle).href);
const tf = await import(pathToFileURL(require.resolve('@tensorflow/tfjs')).href);
const wasm = await import(pathToFileURL(require.resolve('@tensorflow/tfjs-backend-wasm')).href);
wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/');
console.warn = () => {};

async function timeSeed(backend) {
  if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) throw new Error(`${backend} did not start`);
  await tf.ready();
  const model = analyze({ name: 'seed.py', content: seedSource }).models[0];
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const v = await validateModel(tf, model);
    if (!v.ok || v.backend !== backend || v.leakedTensors) throw new Error(`seed did not validate on ${backend}: ${v.message}`);
    times.push(v.ms);
  }
  return { backend, where: 'Node', first: round(times[0]), warm: round(median(times.slice(1))) };
}

// The largest fixture model by Keras parameter count.
let largest = null;
for (const golden of readdirSync(path.join(ROOT, 'test/fixtures/golden'))) {
  const g = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/golden', golden), 'utf8'));
  const file = path.join(ROOT, 'test/fixtures', g.fixture);
  for (const m of analyze({ name: file, content: readFileSync(file) }, { kerasVersion: g.kerasVersion }).models) {
    if (!largest || m.totals.keras.total > largest.model.totals.keras.total) largest = { model: m, fixture: g.fixture };
  }
}

const results = { date: new Date().toISOString().slice(0, 10), cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', node: process.version, tfjs: tf.version.tfjs, seed: [], largest: null };
for (const backend of ['cpu', 'wasm']) results.seed.push(await timeSeed(backend));
await tf.setBackend('wasm');
const v = await validateModel(tf, largest.model);
results.largest = { fixture: largest.fixture, model: largest.model.name, params: Number(largest.model.totals.keras.total), backend: v.backend, ms: round(v.ms), ok: v.ok, checked: v.layers.filter(l => l.status !== 'not validatable').length, layers: v.layers.length };

// --- Chromium -------------------------------------------------------------------------------
const playwrightPath = path.join(ROOT, 'ui-tests', 'node_modules', 'playwright-core');
if (existsSync('/usr/bin/chromium') && existsSync(playwrightPath)) {
  await build({ entryPoints: [path.join(ROOT, 'bench/validation-page.ts')], bundle: true, format: 'iife', platform: 'browser', outfile: path.join(TMP, 'page.js'), logLevel: 'error' });
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  for (const f of readdirSync(wasmDir).filter(f => f.endsWith('.wasm'))) copyFileSync(path.join(wasmDir, f), path.join(TMP, f));
  writeFileSync(path.join(TMP, 'index.html'), '<!doctype html><meta charset="utf-8"><script src="page.js"></script>');
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const file = path.join(TMP, path.basename(new URL(req.url, 'http://x').pathname) || 'index.html');
    if (!existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const { chromium } = await import(pathToFileURL(path.join(playwrightPath, 'index.mjs')).href);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
  });
  try {
    for (const backend of ['webgpu', 'webgl', 'wasm', 'cpu']) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
      const r = await page.evaluate(([b, s, n]) => window.benchValidation(b, s, n), [backend, seedSource, backend === 'webgpu' || backend === 'webgl' ? 3 : RUNS]);
      if (r.error || !r.result?.ok || r.result.backend !== backend) throw new Error(`Chromium ${backend}: ${r.error ?? JSON.stringify(r.result)}`);
      results.seed.push({ backend, where: 'Chromium', first: round(r.times[0]), warm: round(median(r.times.slice(1))) });
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
}

writeFileSync(path.join(ROOT, 'bench/validation.json'), JSON.stringify(results, null, 2) + '\n');
const md = [
  '# Validation benchmark',
  '',
  `Machine: ${results.cpus} CPUs (${results.cpu}), no GPU; Node ${results.node}; TensorFlow.js ${results.tfjs}; Chromium from Debian (WebGPU and WebGL run on SwiftShader, in software); ${results.date}. Produced by \`node bench/validate.mjs\`.`,
  '',
  'Validating the seed model (Embedding(640, 300) + Bidirectional(LSTM(300))): build it with TensorFlow.js, one forward pass on a batch of 1 × 8 tokens, compare every layer. Milliseconds; warm is the median of the runs after the first.',
  '',
  '| backend | where | first run | warm |',
  '| --- | --- | ---: | ---: |',
  ...results.seed.map(s => `| ${s.backend} | ${s.where} | ${s.first} | ${s.warm} |`),
  '',
  `Largest fixture model: \`${results.largest.model}\` (${results.largest.fixture}, ${results.largest.params.toLocaleString('en-US')} parameters), validated on ${results.largest.backend} in ${results.largest.ms} ms (${results.largest.checked} of ${results.largest.layers} layers checked).`,
  ''
].join('\n');
writeFileSync(path.join(ROOT, 'bench/VALIDATION.md'), md);
console.log(md);
process.exit(0);
