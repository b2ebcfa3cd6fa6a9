#!/usr/bin/env node
// Issue 10: a 50 MB script that is mostly data literals, then a model. The CLI process must read the
// model after the data exactly, in under 5 s and 1 GB. Writes bench/DATA-LITERALS.md and data-literals.json.
//
//   node bench/data-literals.mjs            (needs dist/model-summary.cjs: npm run build:cli)

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TMP = path.join(ROOT, 'bench', '.tmp');
const CLI = process.env.BENCH_CLI ?? path.join(ROOT, 'dist', 'model-summary.cjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
if (!existsSync(CLI)) throw new Error(`${CLI} missing: run npm run build:cli first`);
mkdirSync(TMP, { recursive: true });

/** ~`mb` MB of `DATA = [[…], …]` rows of 64 floats, a labels dict, then a model: 64·32+32 + 32·10+10 = 2,410 parameters. */
function script(mb) {
  const row = Array.from({ length: 64 }, (_, j) => (((j * 7919) % 1000) / 1000 - 0.5).toFixed(4)).join(', ');
  const line = `    [${row}],\n`;
  const rows = Math.ceil((mb * 1e6) / line.length);
  const parts = ['import numpy as np\nimport keras\nfrom keras import layers\n\n', 'DATA = [\n'];
  for (let i = 0; i < rows; i++) parts.push(line);
  parts.push(']\n', "LABELS = {'cat': 0, 'dog': 1}\n", 'x = np.array(DATA)\n\n');
  parts.push('model = keras.Sequential([keras.Input((64,)), layers.Dense(32, activation="relu"), layers.Dense(10)])\nmodel.summary()\n');
  return { text: parts.join(''), elements: rows * 65 };
}

const file = path.join(TMP, 'data_literals_50mb.py');
const { text, elements } = script(50);
writeFileSync(file, text);
const bytes = statSync(file).size;

const median = xs => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const runs = [];
for (let i = 0; i < RUNS; i++) {
  // GNU time reports the child's peak resident set (kB).
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, CLI, file, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`CLI exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  const [seconds, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  const out = JSON.parse(r.stdout);
  const m = out.models.find(x => x.variable === 'model');
  if (!m || m.totals.keras.total !== 2410)
    throw new Error(`wrong or missing model: ${JSON.stringify(m?.totals)}; ${JSON.stringify(out.diagnostics.slice(0, 3))}`);
  runs.push({ seconds, mb: kb / 1024 });
  console.error(`run ${i + 1}: ${seconds} s, ${(kb / 1024).toFixed(0)} MB`);
}
const result = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  bytes,
  runs,
  medianSeconds: median(runs.map(r => r.seconds)),
  maxMB: Math.max(...runs.map(r => r.mb)),
  loadAverage: os.loadavg()[0]
};
writeFileSync(path.join(ROOT, 'bench', 'data-literals.json'), JSON.stringify(result, null, 2) + '\n');
writeFileSync(
  path.join(ROOT, 'bench', 'DATA-LITERALS.md'),
  `# A 50 MB script of data literals (issue 10)

Produced by \`node bench/data-literals.mjs\` on ${result.date}: ${result.machine}; load average ${result.loadAverage.toFixed(1)} at the end.

The script (${(bytes / 1e6).toFixed(1)} MB) is \`DATA = [[64 floats], …]\` over ${(bytes / 1e6).toFixed(0)} MB, a dict, \`np.array(DATA)\`,
then a Sequential model (2,410 parameters), read by the CLI process (\`--format json\`); every run is checked
for the model's exact total. Time and peak memory are GNU time's (elapsed, maximum resident set).

| runs | median time (s) | peak memory (MB) |
| ---: | ---: | ---: |
| ${runs.length} | ${result.medianSeconds.toFixed(2)} | ${result.maxMB.toFixed(0)} |

Target: under 5 s and 1 GB. The display of constants is read by a scan (\`python/data-literal.ts\`), not
parsed into a tree; it holds ${(elements / 1e6).toFixed(1)} M elements, past the cap on data kept (2,000,000), so \`DATA\` is unknown
with that reason and nothing of it is built; the model after it is read exactly.
`
);
console.error(`median ${result.medianSeconds} s, peak ${result.maxMB.toFixed(0)} MB`);
