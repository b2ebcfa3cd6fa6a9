#!/usr/bin/env node
// Live models in the panel: the time from a cell's execution finishing to the live summary on screen,
// for the seed and for a 500-layer model, next to the kernel round trip (the cheap Keras check plus
// the inspection) and the inspector's own time in the kernel. A real JupyterLab (ui-tests' server
// configuration, serving this checkout's build) with a real ipykernel from .venv, Debian's Chromium.
//
//   node bench/live.mjs      (after `npm run build:prod`; part of `make bench`)
//
// Writes bench/live.json and bench/LIVE.md.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORK = path.join(ROOT, 'bench', '.tmp', 'live');
const RUNS = Number(process.env.LIVE_RUNS ?? 5);
const port = await new Promise(resolve => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});

const SEED = 'import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), layers.Embedding(640, 300), layers.Bidirectional(layers.LSTM(300, return_sequences=True))])';
const BIG = 'big = keras.Sequential([keras.Input((32,))] + [layers.Dense(32) for _ in range(500)], name="big")';
const cells = [SEED, 'tick = 0', BIG, 'tick = 1'];
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
writeFileSync(
  path.join(WORK, 'live.ipynb'),
  JSON.stringify({
    cells: cells.map(source => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5
  })
);

const VENV_BIN = path.join(ROOT, '.venv', 'bin');
const server = spawn(path.join(VENV_BIN, 'jupyter'), ['lab', '--no-browser', '--config', path.join(ROOT, 'ui-tests', 'jupyter_server_test_config.py')], {
  cwd: path.join(ROOT, 'ui-tests'),
  env: { ...process.env, PATH: `${VENV_BIN}:${process.env.PATH}`, UI_TESTS_PORT: String(port), JUPYTERLAB_GALATA_ROOT_DIR: WORK, PYTHONPATH: ROOT, TF_CPP_MIN_LOG_LEVEL: '3' },
  stdio: ['ignore', 'ignore', 'pipe']
});
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('JupyterLab did not start')), 120_000);
  server.stderr.on('data', d => {
    if (String(d).includes(`:${port}/lab`)) {
      clearTimeout(timer);
      resolve();
    }
  });
});

const { chromium } = await import(pathToFileURL(path.join(ROOT, 'ui-tests', 'node_modules', 'playwright-core', 'index.mjs')).href);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
const results = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/lab/tree/live.ipynb`);
  await page.waitForSelector('.jp-NotebookPanel', { timeout: 120_000 });
  await page.click('li[data-id="jp-model-summary-panel"]');
  await page.waitForSelector('#jp-model-summary-panel .jp-ModelSummary-status');
  await page.waitForFunction(() => window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel?.status === 'idle', null, { timeout: 120_000 });
  const run = async (index, variable) => {
    const before = await page.evaluate(() => document.querySelector('#jp-model-summary-panel').dataset.liveShownMs ?? '');
    await page.evaluate(async i => {
      const panel = window.jupyterapp.shell.currentWidget;
      panel.content.activeCellIndex = i;
      await window.jupyterapp.commands.execute('notebook:run-cell');
    }, index);
    await page.waitForFunction(
      ([b, v]) => {
        const p = document.querySelector('#jp-model-summary-panel');
        return p.dataset.liveShownMs && p.dataset.liveShownMs !== b && p.querySelector(`section[data-model-variable="${v}"]`);
      },
      [before, variable],
      { timeout: 120_000 }
    );
    await page.waitForTimeout(300);
    return page.evaluate(() => {
      const d = document.querySelector('#jp-model-summary-panel').dataset;
      return { shownMs: Number(d.liveShownMs), waitMs: Number(d.liveWaitMs), roundTripMs: Number(d.liveRoundTripMs), kernelMs: Number(d.liveKernelMs) };
    });
  };
  const measure = async (name, defineIndex, tickIndex, variable, layers) => {
    await run(defineIndex, variable);
    const samples = [];
    for (let i = 0; i < RUNS; i++) samples.push(await run(tickIndex, variable));
    const median = key => samples.map(s => s[key]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
    const beyond = samples.map(s => s.shownMs - s.waitMs - s.roundTripMs).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
    results.push({ name, layers, runs: RUNS, shownMs: median('shownMs'), waitMs: median('waitMs'), roundTripMs: median('roundTripMs'), kernelMs: median('kernelMs'), beyondReplyMs: beyond });
  };
  await measure('seed (Embedding + Bidirectional(LSTM(300)))', 0, 1, 'model', 2);
  await measure('500 Dense layers (plus the seed)', 2, 3, 'big', 502);
} finally {
  await browser.close();
  server.kill();
  rmSync(WORK, { recursive: true, force: true });
}

// The inspector's cost in the kernel process itself: time and reply size, in-process.
const py = spawnSync(path.join(VENV_BIN, 'python'), ['-c', `
import json, time, sys
sys.path.insert(0, ${JSON.stringify(ROOT)})
import keras
from keras import layers
from jupyterlab_model_summary import inspector
ns = {}
exec(${JSON.stringify(SEED)}, ns)
out = {}
for name in ("seed", "big"):
    if name == "big":
        exec(${JSON.stringify(BIG)}, ns)
    inspector.reply_json(ns, '{}')
    t = time.perf_counter()
    for _ in range(20):
        text = inspector.reply_json(ns, '{}')
    out[name] = {"ms": (time.perf_counter() - t) / 20 * 1000, "bytes": len(text)}
print(json.dumps(out))
`], { env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' }, encoding: 'utf8' });
const kernel = JSON.parse(py.stdout.trim().split('\n').pop());

const date = new Date().toISOString().slice(0, 10);
// Shared machines: the load says how much of each figure is waiting for a CPU.
const machine = { cpus: os.cpus().length, loadAverage1m: Number(os.loadavg()[0].toFixed(2)) };
writeFileSync(path.join(ROOT, 'bench', 'live.json'), JSON.stringify({ date, machine, results, kernel }, null, 2) + '\n');
const ms = n => `${n.toFixed(1)} ms`;
writeFileSync(
  path.join(ROOT, 'bench', 'LIVE.md'),
  [
    '# Live models in the panel',
    '',
    `From a cell's execution finishing (\`NotebookActions.executed\`) to the live summary on screen, median of ${RUNS} runs, JupyterLab 4 with a real ipykernel (Keras ${'3'}, TensorFlow backend, CPU), ${date}. Produced by \`node bench/live.mjs\`. "Wait for idle" is from the end of the execution (the execute reply) to the kernel's own \`idle\` status, before which nothing is sent. The kernel round trip is the cheap Keras check plus the inspection request, as the browser sees them; "beyond the reply" is the rest (reading the reply, merging with the static summary, rendering). Goal: under 150 ms beyond the kernel's reply.`,
    '',
    `Machine: ${machine.cpus} CPUs, load average ${machine.loadAverage1m} over the last minute at the end of the run (every figure includes the time spent waiting for a CPU).`,
    '',
    '| namespace | layers | to live summary shown | wait for idle | kernel round trip | beyond the reply | inspector in the kernel |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(r => `| ${r.name} | ${r.layers} | ${ms(r.shownMs)} | ${ms(r.waitMs)} | ${ms(r.roundTripMs)} | ${ms(r.beyondReplyMs)} | ${ms(r.kernelMs)} |`),
    '',
    'What the inspection costs the kernel process (in-process, mean of 20 `reply_json` calls, the reply size):',
    '',
    '| namespace | time | reply |',
    '| --- | ---: | ---: |',
    `| seed | ${ms(kernel.seed.ms)} | ${(kernel.seed.bytes / 1024).toFixed(1)} KB |`,
    `| seed + 500 Dense layers | ${ms(kernel.big.ms)} | ${(kernel.big.bytes / 1024).toFixed(1)} KB |`,
    ''
  ].join('\n')
);
console.log(results, kernel);
