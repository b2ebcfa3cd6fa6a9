/** The model-summary CLI as a user runs it: output formats, exit codes, one-line errors. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'model-summary.cjs');
const SEED = join(ROOT, 'test', 'fixtures', 'models', 'seed_lstm.py');
const dir = mkdtempSync(join(tmpdir(), 'model-summary-cli-'));

function run(...args: string[]) {
  const r = spawnSync('node', [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  execFileSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, stdio: 'ignore' });
});

describe('model-summary CLI', () => {
  it('prints both conventions side by side with the Δ and its reason', () => {
    const { code, out } = run(SEED);
    expect(code).toBe(0);
    expect(out).toMatch(/bidirectional \(Bidirectional\) │ \(None, None, 600\) │\s+1,442,400 │\s+1,444,800 │ \+2,400 │/);
    expect(out).toContain('+2 directions × 4 gates × 300 units = 2,400');
    expect(out).toContain('Total params [Keras]: 1,634,400 (6.23 MB)');
  });

  it('prints one convention like keras model.summary()', () => {
    const { out } = run(SEED, '--convention', 'cudnn');
    expect(out).toMatch(/│ bidirectional \(Bidirectional\) │ \(None, None, 600\) │\s+1,444,800 │/);
    expect(out).toContain(' Total params: 1,636,800 (6.24 MB)');
  });

  it('writes the documented JSON', () => {
    const json = JSON.parse(run(SEED, '--format', 'json').out);
    const bi = json.models[0].layers[1];
    expect(json.models[0]).toMatchObject({ name: 'sequential', variable: 'model', class: 'Sequential' });
    expect(bi).toMatchObject({ name: 'bidirectional', class: 'Bidirectional', outputShape: [null, null, 600], params: { keras: 1442400, cudnn: 1444800, declared: 1442400 }, trainable: true });
    expect(bi.location).toEqual({ cell: null, line: expect.any(Number), column: expect.any(Number) });
    expect(json.models[0].totals.cudnn).toMatchObject({ total: 1636800, trainable: 1636800, nonTrainable: 0 });
    expect(json.diagnostics).toEqual([]);
  });

  it('writes Markdown and CSV', () => {
    expect(run(SEED, '--format', 'markdown').out).toContain('| bidirectional (Bidirectional) | (None, None, 600) | 1,442,400 | 1,444,800 | +2,400 | cuDNN keeps input and recurrent biases');
    const csv = run(SEED, '--format', 'csv').out.trim().split('\n');
    expect(csv[0]).toBe('model,layer,class,depth,output_shape,params_keras,params_cudnn,params_declared,trainable,cell,line,column,note');
    expect(csv[2]).toMatch(/^sequential,bidirectional,Bidirectional,0,"\(None, None, 600\)",1442400,1444800,1442400,true,/);
  });

  it('exits 1 when a diagnostic is an error, and still prints the models', () => {
    const file = join(dir, 'bad.py');
    writeFileSync(file, 'import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2), keras.layers.LSTM(3)])\n');
    const { code, out } = run(file, '--format', 'json');
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json.models[0].layers[0].params.keras).toBe(10);
    expect(json.diagnostics[0]).toMatchObject({ severity: 'error', cell: null, line: 2, column: 65 });
  });

  it('exits 2 with one line on stderr for unreadable files and bad usage', () => {
    for (const args of [[join(dir, 'missing.py')], [SEED, '--format', 'yaml'], ['--bogus', SEED], []]) {
      const { code, out, err } = run(...args);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(/^model-summary: /);
      expect(err).not.toMatch(/\n\s+at /);
    }
  });

  it('reads notebooks, Keras JSON and .keras archives', () => {
    const fixtures = join(ROOT, 'test', 'fixtures');
    expect(run(join(fixtures, 'json', 'seq_text_classifier.json')).code).toBe(0);
    expect(run(join(fixtures, 'archives', 'tiny_cnn_functional.keras')).code).toBe(0);
    const notebook = JSON.parse(run(join(fixtures, 'models', 'nb_text_classifier.ipynb'), '--format', 'json').out);
    expect(notebook.models.length).toBeGreaterThan(0);
    expect(notebook.models[0].layers[0].location.cell).toEqual(expect.any(Number));
  });

  it('validates with TensorFlow.js in Node and reports the backend that ran', () => {
    for (const backend of ['cpu', 'wasm']) {
      const { code, out, err } = run(SEED, '--validate', '--backend', backend, '--format', 'json');
      expect(code).toBe(0);
      expect(err).toBe('');
      const v = JSON.parse(out).models[0].validation;
      expect(v).toMatchObject({ backend, ok: true });
      expect(v.layers.map((l: { name: string; status: string; tfjsParams: number }) => [l.name, l.status, l.tfjsParams])).toEqual([
        ['embedding', 'ok', 192000],
        ['bidirectional', 'ok', 1442400]
      ]);
    }
    expect(run(SEED, '--validate').out).toMatch(/Validation \(TensorFlow.js, backend cpu, \d+ ms\): shapes and Keras counts agree/);
    expect(run(SEED, '--validate', '--backend', 'webgl').code).toBe(2);
  }, 30_000);

  it('takes the dummy batch and the memory budget from the command line', () => {
    const shaped = JSON.parse(run(SEED, '--validate', '--backend', 'wasm', '--batch-size', '2', '--sequence-length', '5', '--format', 'json').out);
    expect(shaped.models[0].validation.layers.map((l: { tfjsShape: number[] }) => l.tfjsShape)).toEqual([
      [2, 5, 300],
      [2, 5, 600]
    ]);
    const refused = JSON.parse(run(SEED, '--validate', '--budget-mb', '1', '--format', 'json').out);
    expect(refused.models[0].validation).toMatchObject({ ok: false, message: 'not built: its weights take 6.2 MB, over the 1.0 MB budget for validation', layers: [] });
    const bad = run(SEED, '--validate', '--batch-size', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe("model-summary: --batch-size takes a positive integer, got '0' (see model-summary --help)\n");
  }, 30_000);

  it('rejects a .keras file that is not a zip with exit 2', () => {
    const file = join(dir, 'fake.keras');
    writeFileSync(file, 'not a zip');
    const { code, err } = run(file);
    expect(code).toBe(2);
    expect(err.trim()).toBe(`model-summary: cannot read ${file}: not a .keras archive: it is not a zip file`);
  });
});
