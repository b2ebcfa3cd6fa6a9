#!/usr/bin/env node
// What the extension costs JupyterLab at start-up: the JavaScript it requests before anyone opens the
// panel, when the panel is opened (the engine), on the first validation (TensorFlow.js), and when a
// notebook uses keras.applications (the builders' chunk).
// Starts a JupyterLab server from .venv and drives Debian's Chromium with Playwright (ui-tests/).
//
//   node bench/startup.mjs     (after `npm run build:prod` and `make ui-test`'s setup, or `make bench`)
//
// Writes bench/startup.json and bench/STARTUP.md; fails if TensorFlow.js is requested before validation.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATIC = path.join(ROOT, 'jupyterlab_model_summary', 'labextension', 'static');
const port = await new Promise(resolve => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});

// This checkout's build, served ahead of whatever the venv links (as ui-tests/jupyter_server_test_config.py does).
const SNAPSHOT = path.join(ROOT, 'bench', '.tmp', 'labextensions');
rmSync(SNAPSHOT, { recursive: true, force: true });
cpSync(path.join(ROOT, 'jupyterlab_model_summary', 'labextension'), path.join(SNAPSHOT, 'jupyterlab-model-summary'), { recursive: true });
/** The chunk holding the keras.applications builders (the only one that names NASNetLarge's model). */
const applicationsChunk = readdirSync(STATIC).find(f => f.endsWith('.js') && readFileSync(path.join(STATIC, f), 'utf8').includes('nasnet_large'));
if (!applicationsChunk) throw new Error('no keras.applications chunk in the build');

const server = spawn(path.join(ROOT, '.venv', 'bin', 'jupyter'), ['lab', '--no-browser', '--allow-root', `--port=${port}`, `--LabServerApp.extra_labextensions_path=${SNAPSHOT}`, '--ServerApp.ip=127.0.0.1', '--ServerApp.token=', '--ServerApp.password=', `--ServerApp.root_dir=${ROOT}`, '--LabApp.news_url=', '--ServerApp.disable_check_xsrf=True'], {
  env: { ...process.env, PATH: `${path.join(ROOT, '.venv', 'bin')}:${process.env.PATH}` },
  stdio: ['ignore', 'ignore', 'pipe']
});
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('JupyterLab did not start')), 60_000);
  server.stderr.on('data', d => {
    if (String(d).includes(`:${port}/lab`)) {
      clearTimeout(timer);
      resolve();
    }
  });
});

const { chromium } = await import(pathToFileURL(path.join(ROOT, 'ui-tests', 'node_modules', 'playwright-core', 'index.mjs')).href);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] });
const stages = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const requested = [];
  page.on('request', r => {
    const m = /\/jupyterlab-model-summary\/static\/([^?]+)/.exec(r.url());
    if (m) requested.push(m[1]);
  });
  // Distinct files: a page reload asks again for what it already had.
  const distinct = () => [...new Set(requested)];
  const bytes = ext => distinct().filter(f => f.endsWith(ext) && existsSync(path.join(STATIC, f))).reduce((n, f) => n + statSync(path.join(STATIC, f)).size, 0);
  const snapshot = name => stages.push({ stage: name, files: distinct().filter(f => f.endsWith('.js')).length, jsBytes: bytes('.js'), wasmBytes: bytes('.wasm') });
  await page.goto(`http://127.0.0.1:${port}/lab/tree/examples/demo.ipynb?reset`);
  await page.waitForSelector('.jp-NotebookPanel', { timeout: 60_000 });
  await page.waitForTimeout(2000);
  snapshot('start-up, demo notebook open, panel closed');
  const tfjsBefore = requested.some(f => f.endsWith('.wasm'));
  await page.click('li[data-id="jp-model-summary-panel"]');
  await page.waitForSelector('.jp-ModelSummary-model');
  snapshot('panel opened (engine loaded)');
  const tfjsAtPanel = requested.some(f => f.endsWith('.wasm'));
  await page.click('button.jp-ModelSummary-validate');
  await page.waitForSelector('.jp-ModelSummary-validation', { timeout: 120_000 });
  snapshot('first validation (TensorFlow.js loaded)');
  if (tfjsBefore || tfjsAtPanel) throw new Error('TensorFlow.js was requested before the first validation');
  const applicationsBefore = requested.includes(applicationsChunk);
  await page.goto(`http://127.0.0.1:${port}/lab/tree/examples/transfer_learning.ipynb`);
  await page.waitForSelector('.jp-NotebookPanel', { timeout: 60_000 });
  if (!(await page.isVisible('.jp-ModelSummary-model'))) await page.click('li[data-id="jp-model-summary-panel"]');
  await page.waitForSelector('.jp-ModelSummary-model:has-text("mobilenetv2_1.00_160")', { timeout: 60_000 });
  snapshot('transfer-learning notebook (keras.applications chunk loaded)');
  if (applicationsBefore) throw new Error('the keras.applications chunk was requested before a notebook used applications');
  if (!requested.includes(applicationsChunk)) throw new Error('the keras.applications chunk was not requested for the transfer-learning notebook');
} finally {
  await browser.close();
  server.kill();
}

const kb = n => `${(n / 1024).toFixed(1)} KB`;
const applicationsBytes = statSync(path.join(STATIC, applicationsChunk)).size;
writeFileSync(path.join(ROOT, 'bench/startup.json'), JSON.stringify({ date: new Date().toISOString().slice(0, 10), stages, applicationsChunk: { file: applicationsChunk, jsBytes: applicationsBytes } }, null, 2) + '\n');
const md = [
  '# Start-up cost in JupyterLab',
  '',
  `What the browser fetches from the extension (minified JavaScript, cumulative), JupyterLab 4 with the demo notebook open, ${new Date().toISOString().slice(0, 10)}. Produced by \`node bench/startup.mjs\`.`,
  '',
  '| stage | JS files | JavaScript | WASM |',
  '| --- | ---: | ---: | ---: |',
  ...stages.map(s => `| ${s.stage} | ${s.files} | ${kb(s.jsBytes)} | ${kb(s.wasmBytes)} |`),
  '',
  `The keras.applications builders are a chunk of their own (${kb(applicationsBytes)}, \`${applicationsChunk}\`): not requested at start-up, with the panel or on validation, only once a notebook's code names \`applications\` (the last stage opens \`examples/transfer_learning.ipynb\` after a reload, so it also re-counts nothing already fetched).`,
  ''
].join('\n');
writeFileSync(path.join(ROOT, 'bench/STARTUP.md'), md);
console.log(md);
