#!/usr/bin/env node
// How long the static engine takes to read `keras.applications.<Name>(...)`, warm (the builders and
// the catalogue already loaded, as in an open JupyterLab panel). Each timed analysis is checked
// against the golden written from real Keras (test/fixtures/applications/<case>.json): a fast wrong
// answer stops the run.
//
//   node bench/applications.mjs     (or `make bench`)
//
// Writes bench/applications.json and bench/APPLICATIONS.md.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TMP = path.join(ROOT, 'bench', '.tmp');
mkdirSync(TMP, { recursive: true });
const bundle = path.join(TMP, 'core-applications.mjs');
await build({ entryPoints: [path.join(ROOT, 'src/core/index.ts')], bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: bundle, logLevel: 'error' });
const { analyze } = await import(pathToFileURL(bundle).href);

const CASES = ['resnet50_default', 'mobilenetv2_default', 'vgg16_default', 'efficientnetb0_default', 'inceptionv3_default', 'efficientnetb7_default', 'convnextxlarge_default', 'nasnetlarge_default'];
const RUNS = 20;
const rows = [];
for (const id of CASES) {
  const golden = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/applications', `${id}.json`), 'utf8'));
  const content = `import keras\n${golden.code}\n`;
  const once = () => {
    const report = analyze({ name: `${id}.py`, content }, { kerasVersion: golden.kerasVersion });
    const total = report.models[0]?.totals.declared.total;
    if (total !== BigInt(golden.model.totals.total)) throw new Error(`${id}: the engine says ${total} parameters, Keras ${golden.model.totals.total}`);
  };
  for (let i = 0; i < 5; i++) once();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    once();
    const used = process.cpuUsage(c);
    wall.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
  }
  const sorted = xs => [...xs].sort((a, b) => a - b);
  rows.push({ case: id, code: golden.code.split('\n').pop(), layers: golden.model.layers.length, params: golden.model.totals.total, wallMinMs: sorted(wall)[0], wallMedianMs: sorted(wall)[RUNS >> 1], cpuMedianMs: sorted(cpu)[RUNS >> 1] });
}

const load = os.loadavg()[0].toFixed(1);
const date = new Date().toISOString().slice(0, 10);
writeFileSync(path.join(ROOT, 'bench/applications.json'), JSON.stringify({ date, node: process.version, cpus: os.cpus().length, loadAverage: Number(load), runs: RUNS, rows }, null, 2) + '\n');
const ms = n => n.toFixed(2);
const md = [
  '# keras.applications: static analysis time',
  '',
  `Warm analysis of one application call (reader, builders, summary), ${RUNS} runs each after 5 warm-up runs, Node ${process.version}, ${os.cpus().length} CPUs, load average ${load} while measuring, ${date}. Produced by \`node bench/applications.mjs\`; every run's total is checked against real Keras's golden.`,
  '',
  '| call | layers | parameters | fastest (ms) | median (ms) | median CPU (ms) |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(r => `| \`${r.code.replace(/^base = /, '')}\` | ${r.layers} | ${r.params.toLocaleString('en-US')} | ${ms(r.wallMinMs)} | ${ms(r.wallMedianMs)} | ${ms(r.cpuMedianMs)} |`),
  ''
].join('\n');
writeFileSync(path.join(ROOT, 'bench/APPLICATIONS.md'), md);
console.log(md);
