/** The model-summary CLI as a user runs it: output formats, exit codes, one-line errors. */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('stops quietly when the reader closes the pipe early (| head)', () => {
    const big = join(dir, 'big.py');
    writeFileSync(big, `import keras\nm = keras.Sequential([keras.Input((4,))] + [keras.layers.Dense(4) for _ in range(3000)])\n`);
    const r = spawnSync('sh', ['-c', `node ${JSON.stringify(CLI)} ${JSON.stringify(big)} | head -c 10`], { encoding: 'utf8' });
    expect(r.stdout).toBe('Model: "se');
    expect(r.stderr).toBe('');
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
    expect(bi).toMatchObject({
      name: 'bidirectional',
      class: 'Bidirectional',
      outputShape: [null, null, 600],
      params: { keras: 1442400, cudnn: 1444800, declared: 1442400 },
      trainable: true
    });
    expect(bi.location).toEqual({ cell: null, line: expect.any(Number), column: expect.any(Number) });
    expect(json.models[0].totals.cudnn).toMatchObject({ total: 1636800, trainable: 1636800, nonTrainable: 0 });
    expect(json.diagnostics).toEqual([]);
  });

  it('writes Markdown and CSV', () => {
    expect(run(SEED, '--format', 'markdown').out).toContain(
      '| bidirectional (Bidirectional) | (None, None, 600) | 1,442,400 | 1,444,800 | +2,400 | cuDNN keeps input and recurrent biases'
    );
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
    expect(refused.models[0].validation).toMatchObject({
      ok: false,
      message: 'not built: its weights take 6.2 MB, over the 1.0 MB budget for validation',
      layers: []
    });
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

/** One hostile input: at most one line on stderr, no stack trace, no JavaScript internals, in time. */
function hostile(args: string[], options: { input?: string; stdin?: 'pipe' | number } = {}) {
  const start = performance.now();
  const r = spawnSync('node', [CLI, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    input: options.input,
    stdio: [options.stdin ?? 'pipe', 'pipe', 'pipe']
  });
  const ms = performance.now() - start;
  expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
  expect(r.stderr).not.toMatch(/\n\s+at |Maximum call stack|Cannot read properties|is not a function|TypeError|RangeError/);
  expect(ms).toBeLessThan(15_000);
  return { code: r.status, out: r.stdout, err: r.stderr.trim() };
}

describe('model-summary CLI on input that never ends or is not a file', () => {
  it('refuses devices, directories, FIFOs and sockets before reading', () => {
    expect(hostile(['/dev/zero'])).toMatchObject({
      code: 2,
      err: 'model-summary: cannot read /dev/zero: it is a character device, not a regular file (use - to read standard input)'
    });
    expect(hostile(['/dev/urandom']).code).toBe(2);
    expect(hostile([dir])).toMatchObject({
      code: 2,
      err: `model-summary: cannot read ${dir}: it is a directory, not a regular file (use - to read standard input)`
    });
    const fifo = join(dir, 'fifo');
    spawnSync('mkfifo', [fifo]);
    expect(hostile([fifo])).toMatchObject({
      code: 2,
      err: `model-summary: cannot read ${fifo}: it is a FIFO (named pipe), not a regular file (use - to read standard input)`
    });
  });

  it('reads standard input up to the cap, and gives up waiting on silent input', { timeout: 60_000 }, () => {
    const zero = openSync('/dev/zero', 'r');
    expect(hostile(['--max-input-mb', '1', '-'], { stdin: zero })).toMatchObject({
      code: 2,
      err: 'model-summary: standard input is longer than the 1 MB limit (--max-input-mb)'
    });
    closeSync(zero);
    const silent = spawnSync('sh', ['-c', `sleep 5 | node ${CLI} --stdin-timeout-s 1 -`], { encoding: 'utf8', timeout: 20_000 });
    expect(silent.status).toBe(2);
    expect(silent.stderr).toBe('model-summary: no input on standard input for 1 s (--stdin-timeout-s)\n');
    const ok = hostile(['-', '--format', 'csv'], { input: readFileSync(SEED, 'utf8') });
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('bidirectional,Bidirectional,0');
  });

  it('accepts -- as the end of options and prints one line for bad usage', () => {
    writeFileSync(join(dir, '--weird.py'), readFileSync(SEED));
    const r = spawnSync('node', [CLI, '--format', 'csv', '--', '--weird.py'], { encoding: 'utf8', cwd: dir });
    expect(r.status).toBe(0);
    expect(hostile(['--nope'])).toMatchObject({ code: 2, err: 'model-summary: unknown option --nope (see model-summary --help)' });
    expect(hostile([])).toMatchObject({ code: 2, err: 'model-summary: no input file (see model-summary --help)' });
  });

  it('explains deep JSON, a null notebook and nbformat 3 in Python terms, never echoing raw bytes', () => {
    writeFileSync(join(dir, 'deep.json'), '['.repeat(100_000) + ']'.repeat(100_000));
    expect(hostile([join(dir, 'deep.json')]).err).toBe(
      `model-summary: cannot read ${join(dir, 'deep.json')}: not valid Keras JSON: it is nested more than 512 levels deep (line 1, column 514)`
    );
    writeFileSync(join(dir, 'null.ipynb'), 'null');
    expect(hostile([join(dir, 'null.ipynb')]).err).toMatch(/not a valid notebook: the file holds null, not a notebook object$/);
    writeFileSync(join(dir, 'v3.ipynb'), '{"nbformat": 3, "worksheets": []}');
    expect(hostile([join(dir, 'v3.ipynb')]).err).toMatch(/this is an nbformat 3 notebook/);
    const evil = join(dir, 'evil\x1b]0;x\x07.json');
    writeFileSync(evil, '{"a": \x1b[2J}');
    const r = hostile([evil]);
    expect(r.err).toBe(`model-summary: cannot read ${dir}/evil\\x1b]0;x\\x07.json: not valid Keras JSON: expected a value (line 1, column 7)`);
  });

  // The cap is 100 MB, so 50 MB is read; parsing 50 MB of comments is the Python reader's cost (seconds in
  // @lezer/python today), so this test reads 5 MB and the cap's own test uses --max-input-mb.
  it('reads a large script that is mostly comments, and refuses one over --max-input-mb', () => {
    const file = join(dir, 'big.py');
    writeFileSync(
      file,
      `${'# padding padding padding padding padding padding padding padding padding\n'.repeat(68_000)}${readFileSync(SEED, 'utf8')}`
    );
    expect(hostile([file, '--max-input-mb', '1'])).toMatchObject({
      code: 2,
      err: `model-summary: cannot read ${file}: the Python source is 5 MB, over the 1 MB limit (--max-input-mb)`
    });
    const r = hostile([file, '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('bidirectional,Bidirectional,0');
  }, 60_000);
});
