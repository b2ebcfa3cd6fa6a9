/**
 * Hostile input, round two, one describe per class: archives (zip64, > 2 GiB, 100,000 entries,
 * duplicates, liars), exact JSON, notebooks (huge outputs, cell magics, not-notebooks), safe bytes in
 * every format, nested models, validation's budget. Where Python decides (zipfile, json), the test asks
 * the system's python3 too when it is there.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync, ftruncateSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeCells, formatCsv, formatHtml, formatJson, formatMarkdown, formatText, type AnalysisReport } from '../src/core/index';
import { readKerasArchive } from '../src/core/readers/keras-archive';
import { memorySource, type IByteSource } from '../src/core/readers/byte-source';
import { readJson } from '../src/core/readers/json-text';
import { csvCell, hasUnsafeChars, jsonSafe, visible } from '../src/core/format/safe-text';
import { MAX_NESTED_DEPTH } from '../src/core/format/table';
import { KerasSession, Model } from '../src/core/keras/objects';
import { summarizeModel } from '../src/core/summary/summary';
import { activationBytes, MAX_VALIDATION_LAYERS, validateModel, type TF } from '../src/core/validate/validate';
import { HEADER, model, py } from './helpers/analyze';
import { makeZip, type IZipEntry } from './helpers/zip';
import { conversionCode } from '../src/core/conversion/python';
import { readLiveReply } from '../src/core/readers/live';

const ROOT = join(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'model-summary-hostile-'));
const CONFIG = readKerasArchive(memorySource(readFileSync(join(ROOT, 'test/fixtures/archives/tiny_mlp.keras'))));
const configText = new TextDecoder().decode(CONFIG);

const python3 = spawnSync('python3', ['-c', 'import zipfile'], { encoding: 'utf8' }).status === 0;
/** What Python's zipfile (and so Keras) reads as config.json from the archive at `path`. */
function pythonConfig(path: string): string {
  const r = spawnSync(
    'python3',
    ['-c', `import zipfile,sys\nwith zipfile.ZipFile(sys.argv[1]) as z: sys.stdout.write(z.read('config.json').decode())`, path],
    { encoding: 'utf8' }
  );
  if (r.status !== 0) throw new Error(r.stderr.trim().split('\n').pop());
  return r.stdout;
}

function fileSource(path: string): IByteSource & { close: () => void } {
  const fd = openSync(path, 'r');
  const size = spawnSync('stat', ['-c', '%s', path], { encoding: 'utf8' }).stdout.trim();
  return {
    size: Number(size),
    read(offset, length) {
      const n = Math.max(0, Math.min(length, Number(size) - offset));
      const buf = new Uint8Array(n);
      let got = 0;
      while (got < n) {
        const r = readSyncAt(fd, buf, got, n - got, offset + got);
        if (!r) break;
        got += r;
      }
      return buf.subarray(0, got);
    },
    close: () => closeSync(fd)
  };
}

const readSyncAt = (fd: number, buf: Uint8Array, off: number, len: number, pos: number) => readSync(fd, buf, off, len, pos);

const models = (r: AnalysisReport) => r.models.map(m => `${m.name}:${m.totals.keras.total}`);

describe('.keras archives', () => {
  it('reads zip64 archives', () => {
    const zip = makeZip(
      [
        { name: 'metadata.json', data: '{}' },
        { name: 'config.json', data: CONFIG }
      ],
      { zip64: true }
    );
    const path = join(dir, 'zip64.keras');
    writeFileSync(path, zip);
    expect(models(analyze({ name: 'zip64.keras', content: zip }))).toEqual(
      models(analyze({ name: 'a.keras', content: makeZip([{ name: 'config.json', data: CONFIG }]) }))
    );
    if (python3) expect(pythonConfig(path)).toBe(configText);
  });

  it('reads an archive above 4 GiB with positioned reads (a sparse file), in well under a second', () => {
    const path = join(dir, 'huge.keras');
    const base = 5 * 2 ** 30;
    const zip = makeZip(
      [
        { name: 'model.weights.h5', data: new Uint8Array(10) },
        { name: 'config.json', data: CONFIG }
      ],
      { zip64: true, offsetBase: base }
    );
    const fd = openSync(path, 'w');
    ftruncateSync(fd, base);
    writeSync(fd, zip, 0, zip.length, base);
    closeSync(fd);
    const source = fileSource(path);
    expect(source.size).toBeGreaterThan(2 ** 32);
    const start = performance.now();
    const report = analyze({ name: 'huge.keras', content: source });
    source.close();
    expect(performance.now() - start).toBeLessThan(1000);
    expect(models(report)).toEqual(['tiny_mlp:' + report.models[0].totals.keras.total]);
    expect(report.models[0].totals.keras.total).toBeGreaterThan(0n);
    if (python3) expect(pythonConfig(path)).toBe(configText);
  });

  it('reads an archive with 100,000 entries, as Python does', () => {
    const entries: IZipEntry[] = Array.from({ length: 100_000 }, (_, i) => ({
      name: `assets/${i}.bin`,
      data: new Uint8Array(0),
      method: 0 as const
    }));
    entries.splice(50_000, 0, { name: 'config.json', data: CONFIG, method: 0 });
    const zip = makeZip(entries);
    const path = join(dir, 'many.keras');
    writeFileSync(path, zip);
    const start = performance.now();
    expect(analyze({ name: 'many.keras', content: zip }).models).toHaveLength(1);
    expect(performance.now() - start).toBeLessThan(3000);
    if (python3) expect(pythonConfig(path)).toBe(configText);
  }, 60_000);

  it('picks the last of duplicate config.json entries, as Python zipfile (and so Keras) does', () => {
    const other = configText.replace('"name": "tiny_mlp"', '"name": "the_last_one"');
    expect(other).not.toBe(configText);
    const zip = makeZip([
      { name: 'config.json', data: CONFIG },
      { name: 'config.json', data: other }
    ]);
    const path = join(dir, 'dup.keras');
    writeFileSync(path, zip);
    expect(analyze({ name: 'dup.keras', content: zip }).models[0].name).toBe('the_last_one');
    if (python3) expect(JSON.parse(pythonConfig(path)).config.name).toBe('the_last_one');
  });

  it('refuses encrypted and unsupported-method entries with a clear message', () => {
    const enc = makeZip([{ name: 'config.json', data: CONFIG, flags: 1 }]);
    expect(() => analyze({ name: 'e.keras', content: enc })).toThrow('config.json in this archive is encrypted; Keras cannot read it either');
    const bz = makeZip([{ name: 'config.json', data: CONFIG, method: 12 }]);
    expect(() => analyze({ name: 'b.keras', content: bz })).toThrow(/config.json is compressed with bzip2, which this reader does not support/);
  });

  it('refuses a local header that lies about the size, data inflating past its declared size, and a bad CRC', () => {
    const lying = makeZip([{ name: 'config.json', data: CONFIG, localClaimedSize: 5 }]);
    expect(() => analyze({ name: 'l.keras', content: lying })).toThrow(
      "not a .keras archive: config.json's local header disagrees with the zip directory about its size"
    );
    // The directory and the local header agree on 1,000 bytes; 1 MB of zeros deflates to about 1 KB, a size
    // 1,000 bytes could need: inflation starts and stops at the 1,000th byte.
    const bomb = makeZip([{ name: 'config.json', data: new Uint8Array(1_000_000), claimedSize: 1000 }]);
    const start = performance.now();
    expect(() => analyze({ name: 'bomb.keras', content: bomb })).toThrow(
      'not a .keras archive: config.json inflates to more than the 1,000 bytes its header says'
    );
    // A hang guard, not a speed target (bench/ measures): time proportional to the cap, not to the attacker's data.
    expect(performance.now() - start).toBeLessThan(5_000);
    // 10 MB of spaces compress to 10 KB: more than 1,000 bytes of content can need, refused before inflating.
    const padded = makeZip([{ name: 'config.json', data: new Uint8Array(10_000_000).fill(32), claimedSize: 1000 }]);
    expect(() => analyze({ name: 'padded.keras', content: padded })).toThrow(
      /^not a \.keras archive: config.json claims [\d,]+ compressed bytes for 1,000 bytes of content$/
    );
    const crc = makeZip([{ name: 'config.json', data: CONFIG, crc: 1 }]);
    expect(() => analyze({ name: 'c.keras', content: crc })).toThrow('not a .keras archive: config.json fails its CRC-32 check');
  }, 30_000);

  it('reads a .py file that starts with PK as Python; sniffs only names without a known extension', () => {
    const report = analyze({
      name: 'PKmodel.py',
      content: new TextEncoder().encode('PK = 1\nimport keras\nm = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n')
    });
    expect(models(report)).toEqual(['sequential:8']);
    const zip = makeZip([{ name: 'config.json', data: CONFIG }]);
    expect(analyze({ name: 'model', content: zip }).models).toHaveLength(1);
  });
});

describe('exact JSON', () => {
  const seq = (units: string) =>
    `{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 1]}}, {"class_name": "Dense", "config": {"name": "d", "units": ${units}}}]}}`;

  it('reads integers from the text, never through a float', () => {
    const r = analyze({ name: 'm.json', content: seq('9007199254740993') });
    expect(r.models[0].rows[0].params.keras).toBe(2n * 9007199254740993n);
    expect(readJson('[123456789012345678901234567890]', { what: 'JSON' })).toEqual([123456789012345678901234567890n]);
  });

  it('does what Keras does with 1e30 (refuses a float) and true (one unit), and says so', () => {
    const f = analyze({ name: 'm.json', content: seq('1e30') });
    expect(f.models[0].rows[0].params.keras).toBeNull();
    expect(f.diagnostics.map(d => d.message)).toContain('d (Dense): units must be a positive integer, got 1e+30 (float)');
    const t = analyze({ name: 'm.json', content: seq('true') });
    expect(t.models[0].rows[0].params.keras).toBe(2n);
    expect(t.diagnostics.map(d => `${d.severity}: ${d.message}`)).toContain(
      'info: Dense: units=True is the integer 1 in Python, and Keras takes it as such'
    );
  });

  it('treats keys and classes named __proto__ and constructor as names', () => {
    const json = seq('2')
      .replace('"name": "d"', '"name": "d", "__proto__": {"x": 1}, "constructor": 3')
      .replace('"class_name": "Dense"', '"class_name": "Dense", "toString": 1');
    expect(analyze({ name: 'm.json', content: json }).models[0].rows[0].params.keras).toBe(4n);
    const unknown = seq('2').replace('"class_name": "Dense"', '"class_name": "constructor"');
    const r = analyze({ name: 'm.json', content: unknown });
    expect(r.models[0].rows[0].params.keras).toBeNull();
    expect(r.models[0].rows[0].problem).toBe('constructor is not in the layer catalogue');
    // Said, not only shown as `?`: a config's unknown class is a warning with the reason.
    expect(r.diagnostics.map(d => d.message)).toContain(
      'layer class constructor is not one the engine knows (a custom or newer layer): its output shape and parameters are unknown'
    );
  });

  it('JavaScript member names are never table entries: kernel-only classes, activations, merge modes, the conversion code', () => {
    const r = py(
      `${HEADER}a = keras.Input((3,))\nc = layers.__proto__([a, a])\nd = layers.constructor([a, a])\nm = keras.Model(a, layers.Dense(2)(a))\n`
    );
    expect(r.diagnostics.map(d => d.message).join('\n')).not.toMatch(/object Object|native code/);
    expect(model(r, 'm').totals.keras.total).toBe(8n);
    const lstm = py(`${HEADER}m = keras.Sequential([keras.Input((3, 4)), layers.LSTM(2, activation='constructor')])\n`);
    const conversion = model(lstm, 'm').rows[0].conversion!;
    expect(conversion.onnx).toMatchObject({ refused: "no exact conversion: ONNX LSTM has no activation exactly like Keras's constructor" });
    const bi = py(`${HEADER}m = keras.Sequential([keras.Input((3, 4)), layers.Bidirectional(layers.LSTM(2), merge_mode='toString')])\n`);
    expect(JSON.stringify(model(bi, 'm').rows[0].conversion ?? null, (_, v) => (typeof v === 'bigint' ? String(v) : v))).not.toMatch(/native code/);
    const named = py(`${HEADER}m = keras.Sequential([keras.Input((3, 4)), layers.LSTM(2, name='__proto__')], name='constructor')\n`);
    const code = conversionCode([{ file: 'x.py', report: named }]);
    expect(code).toContain('LAYERS = {\n    "constructor": {\n        "__proto__": {');
    // A live reply (data from the kernel) whose dtype and class are JavaScript member names is read, not a crash.
    const reply = readFileSync(join(ROOT, 'test/fixtures/live/seed_lstm.json'), 'utf8')
      .replace(/"float32"/g, '"constructor"')
      .replace(/"LSTM"/g, '"toString"');
    expect(() => readLiveReply(JSON.parse(reply))).not.toThrow();
  });

  it('the conversion code keeps names inside their literals and file names inside the docstring', () => {
    const quotes = '"'.repeat(3);
    const evil = `x\u202e${quotes}; import os; os.system("id"); ${quotes}$&\n`;
    const r = py(`${HEADER}m = keras.Sequential([keras.Input((3, 4)), layers.LSTM(2, name=${JSON.stringify(evil)})])\n`);
    const code = conversionCode([{ file: `${evil}.py`, report: r }]);
    expect(hasUnsafeChars(code)).toBe(false);
    expect(code).not.toContain(`${quotes};`);
    if (!python3) return;
    // Python reads the module: nothing but the shipped code, the name a dict key, the file name in the docstring as written visibly.
    const check = `import ast, json, sys
tree = ast.parse(sys.stdin.read())
layers = next(ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], 'id', '') == 'LAYERS')
print(json.dumps({'system': sum(isinstance(n, ast.Attribute) and n.attr == 'system' for n in ast.walk(tree)),
                  'names': list(layers['sequential']), 'doc': ast.get_docstring(tree).split('\\n')[0]}))`;
    const out = JSON.parse(spawnSync('python3', ['-c', check], { input: code, encoding: 'utf8' }).stdout);
    expect(out.system).toBe(0);
    expect(out.names).toEqual([evil]);
    expect(out.doc).toBe(`Recurrent-layer weights between Keras and PyTorch / ONNX, for the models of ${visible(evil)}.py.`);
  });

  it('refuses a config nested 100,000 deep with a message, not a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(() => analyze({ name: 'm.json', content: deep })).toThrow(
      'not valid Keras JSON: it is nested more than 512 levels deep (line 1, column 514)'
    );
  });
});

describe('notebooks', () => {
  const nb = (cells: object[], extra = {}) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells, ...extra });
  const code = (source: string, outputs: object[] = []) => ({ cell_type: 'code', source, outputs, metadata: {}, execution_count: null });

  it('decodes only the code cells of a notebook whose bulk is outputs and attachments', () => {
    const blob = 'A'.repeat(20 * 1024 * 1024);
    const text = nb([
      code(`${HEADER}m = keras.Sequential([keras.Input((3,)), layers.Dense(2)])`, [{ output_type: 'display_data', data: { 'image/png': blob } }]),
      { cell_type: 'markdown', source: 'x', attachments: { 'a.png': { 'image/png': blob } }, metadata: {} }
    ]);
    // 40 MB of outputs, a 1 MB cap on what is decoded: the cells are read.
    const report = analyze({ name: 'big.ipynb', content: new TextEncoder().encode(text) }, { maxInputBytes: 1024 * 1024 });
    expect(models(report)).toEqual(['sequential:8']);
  });

  it('refuses a notebook whose code is over the cap, with the option to raise it', () => {
    const text = nb([code(`x = "${'a'.repeat(2 * 1024 * 1024)}"`)]);
    expect(() => analyze({ name: 'n.ipynb', content: text }, { maxInputBytes: 1024 * 1024 })).toThrow(
      'the notebook holds more than 1 MB of text to read, over the limit (--max-input-mb)'
    );
  });

  it('says what a null, a list or an nbformat 3 notebook is', () => {
    expect(() => analyze({ name: 'n.ipynb', content: 'null' })).toThrow('not a valid notebook: the file holds null, not a notebook object');
    expect(() => analyze({ name: 'n.ipynb', content: '[]' })).toThrow('not a valid notebook: the file holds a list, not a notebook object');
    expect(() => analyze({ name: 'n.ipynb', content: '{"nbformat": 3, "worksheets": []}' })).toThrow(
      /^this is an nbformat 3 notebook \(IPython 2 or older\)/
    );
  });

  it('reads cells under Python cell magics and skips other languages with a note', () => {
    const layer = 'm = keras.Sequential([keras.Input((3,)), layers.Dense(2)])';
    const text = nb([
      code(HEADER),
      code(`%%time\n${layer.replace('m =', 'a =')}`),
      code(`%%capture out\n${layer.replace('m =', 'b =')}`),
      code(`%%timeit -n 1 -r 1 c = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\nc.count_params()`),
      code(`%%bash\n${layer.replace('m =', 'd =')}`),
      code(`%%writefile x.py\n${layer.replace('m =', 'e =')}`)
    ]);
    const report = analyze({ name: 'n.ipynb', content: text });
    expect(report.models.map(m => m.variable)).toEqual(['a', 'b', 'c']);
    expect(report.diagnostics.map(d => `${d.location?.cell}:${d.severity}: ${d.message}`)).toEqual([
      '4:info: this cell is a %%bash cell, not Python: it is not analysed',
      '5:info: this cell is a %%writefile cell, not Python: it is not analysed'
    ]);
    // The setup statement keeps its column.
    expect(report.models.find(m => m.variable === 'c')!.location).toMatchObject({ cell: 3, line: 1, column: 24 });
  });
});

describe('safe bytes in every output', () => {
  const HOSTILE = [
    '\x1b]0;pwned\x07',
    '\x1b[2J',
    'a\rb',
    'nul\x00',
    'del\x7f',
    'csi\x9b31m',
    'rlo\u202eevil',
    'iso\u2066x\u2069',
    'zw\u200bj',
    'line\nbreak',
    'bom\ufeff'
  ];
  const source = `${HEADER}m = keras.Sequential([keras.Input((3,)), ${HOSTILE.map((n, i) => `layers.Dense(${i + 1}, name=${JSON.stringify(n)})`).join(', ')}], name="m\\x1b[31m")\n`;
  const report = py(source);

  it('the report still holds the names as written (the formats escape them)', () => {
    expect(model(report, 'm').rows.map(r => r.name)).toEqual(HOSTILE);
  });

  it('text, Markdown, CSV, HTML: no raw control, bidi or zero-width character; a newline never splits a row', () => {
    const text = formatText(report, 'both');
    const md = formatMarkdown(report, 'both');
    for (const out of [text, md, formatCsv(report), formatHtml(report, 'both')]) expect(hasUnsafeChars(out)).toBe(false);
    expect(text).toContain('\\x1b]0;pwned\\x07 (Dense)');
    expect(text).toContain('rlo\\u202eevil (Dense)');
    expect(text).toContain('line\\nbreak (Dense)');
    expect(text).toContain('Model: "m\\x1b[31m"');
    // One table row per layer: every Markdown row line starts with `|`.
    const table = md.split('\n').filter(l => l.startsWith('|'));
    expect(table).toHaveLength(2 + HOSTILE.length);
    expect(md).not.toMatch(/^#+ (?!m)/m);
  });

  it('JSON escapes DEL, C1, bidi and zero-width characters, and still round-trips the names', () => {
    const json = formatJson(report);
    expect(/[\u007f-\u009f\u200b\u202e\u2066\u2069\ufeff]/.test(json)).toBe(false);
    expect(JSON.parse(json).models[0].layers.map((l: { name: string }) => l.name)).toEqual(HOSTILE);
    expect(jsonSafe('"\u202e"')).toBe('"\\u202e"');
  });

  it('Markdown escapes |, backticks, *, _, <, & and a heading cannot start', () => {
    const r = py(`${HEADER}m = keras.Sequential([keras.Input((3,)), layers.Dense(1, name="|\`*_<b>&amp;\\n# h")])\n`);
    // The newline is the visible escape `\n`, its backslash escaped in turn (Markdown shows `\n`).
    expect(formatMarkdown(r)).toContain('\\|\\`\\*\\_\\<b\\>\\&amp;\\\\n\\# h (Dense)');
  });

  it('CSV follows OWASP: formula prefixes quoted and neutralised, separators quoted, negative numbers stay numbers', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('-x')).toBe(`"'-x"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\tx')).toBe(`"'\tx"`);
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('-5', true)).toBe('-5');
    expect(csvCell('-5')).toBe(`"'-5"`);
    const r = py(`${HEADER}m = keras.Sequential([keras.Input((3,)), layers.Dense(1, name="=HYPERLINK(1)"), layers.Dense(1, name="-2+3")])\n`);
    const lines = formatCsv(r).trim().split('\n');
    expect(lines[1]).toMatch(/^sequential,"'=HYPERLINK\(1\)",Dense,0,/);
    expect(lines[2]).toMatch(/^sequential,"'-2\+3",Dense,0,/);
  });

  it('a 64 M-character layer name prints truncated with its length, in bounded time', () => {
    const name = 'x'.repeat(64 * 1024 * 1024);
    const json = `{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 1]}}, {"class_name": "Dense", "config": {"name": "${name}", "units": 1}}]}}`;
    const r = analyze({ name: 'm.json', content: json });
    const start = performance.now();
    const text = formatText(r);
    expect(text).toContain(`${'x'.repeat(200)}… (67,108,864 characters) (Dense)`);
    expect(text.length).toBeLessThan(5000);
    expect(formatJson(r).length).toBeLessThan(20_000);
    expect(formatMarkdown(r).length + formatCsv(r).length).toBeLessThan(10_000);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('visible() writes the escapes Python would', () => {
    expect(visible('\x1b\x07\r\n\t\x00\x7f\x9b\u202e\u2066\u200b')).toBe('\\x1b\\x07\\r\\n\\t\\x00\\x7f\\x9b\\u202e\\u2066\\u200b');
  });
});

describe('nested models', () => {
  /** `m = Sequential([m, m])` n times, built directly (the reader's own cost is its business). */
  function doubled(n: number): Model {
    const session = new KerasSession(3);
    const base = model(py(`${HEADER}m = keras.Sequential([keras.Input((4,)), layers.Dense(4)])\n`), 'm').source;
    let m = base;
    for (let i = 0; i < n; i++) {
      const outer = new Model('sequential', 'Sequential', `s${i}`, null);
      session.addToSequential(outer, m, null, false);
      // Built as Keras builds it once its layers are known (an unbuilt Sequential has inferred figures instead).
      session.addToSequential(outer, m, null, true);
      m = outer;
    }
    return m;
  }

  it('summarizes 60 levels of shared nesting in linear time, counting unique weights, rows shown to a bounded depth', () => {
    const start = performance.now();
    const summary = summarizeModel(doubled(60));
    const report: AnalysisReport = { models: [summary], diagnostics: [], kerasVersion: 3 };
    // Keras counts unique weights: one Dense(4) on 4 inputs, however often it is nested.
    expect(summary.totals.keras.total).toBe(20n);
    const text = formatText(report, 'both');
    const json = JSON.parse(formatJson(report));
    formatMarkdown(report);
    formatCsv(report);
    formatHtml(report);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(text).toContain('[rows not shown]');
    expect(text).toMatch(/… [\d,]+ more rows not shown \(nested models deeper than 8 levels show their own row only\); the totals count every layer/);
    // Rows of s_k: f(0) = 1, f(k) = 2 + 2 f(k-1) = 3·2^k − 2.
    expect(BigInt(json.models[0].rowsNotShown)).toBe(3n * 2n ** 60n - 2n - BigInt(text.split('\n').filter(l => l.startsWith('│')).length));
    let depth = 0;
    for (let l = json.models[0].layers; l?.length; l = l[0].layers) depth++;
    expect(depth).toBe(MAX_NESTED_DEPTH);
  });
});

describe("validation's budget", () => {
  const noTf = new Proxy(
    {},
    {
      get: () => {
        throw new Error('TensorFlow.js must not be touched');
      }
    }
  ) as unknown as TF;
  const refuse = async (src: string) => {
    const v = await validateModel({ ...({} as TF), getBackend: () => 'none' } as TF, model(py(src), 'm'));
    return v;
  };

  it('refuses huge activations with no weights before TensorFlow.js allocates anything', async () => {
    const m = model(py(`${HEADER}m = keras.Sequential([keras.Input((16000, 16000)), layers.Flatten()])\n`), 'm');
    expect(activationBytes(m)).toBe(16000n * 16000n * 4n);
    const v = await refuse(`${HEADER}m = keras.Sequential([keras.Input((16000, 16000)), layers.Flatten()])\n`);
    expect(v.message).toBe(
      'not built: one forward pass would hold 976.6 MB of activations (batch 1, None as 8), over the 512.0 MB budget for validation'
    );
    void noTf;
  });

  it('refuses more layers than the limit', async () => {
    const v = await refuse(`${HEADER}m = keras.Sequential([keras.Input((1,))] + [layers.Dense(1) for _ in range(${MAX_VALIDATION_LAYERS + 1})])\n`);
    expect(v.message).toBe(
      `not built: it has ${(MAX_VALIDATION_LAYERS + 1).toLocaleString('en-US')} layers (nested models counted), over the 5,000-layer limit for validation`
    );
  });
});

describe('cells API', () => {
  it('reports a note for a cell that is not Python', () => {
    const r = analyzeCells([{ index: 0, source: '', note: 'skipped' }]);
    expect(r.diagnostics).toEqual([{ severity: 'info', message: 'skipped', location: { cell: 0, line: 1, column: 1 } }]);
  });
});

describe('the JSON reader against JSON.parse', () => {
  /** Maps as objects, exact integers as numbers where JSON.parse would give the same number. */
  const plain = (v: unknown): unknown =>
    v instanceof Map
      ? Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]))
      : Array.isArray(v)
        ? v.map(plain)
        : typeof v === 'bigint'
          ? Number(v)
          : v;

  it('reads and skips any JSON the same at every window size', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), fc.integer({ min: 1, max: 9 }), (text, chunkBytes) => {
        expect(plain(readJson(text, { what: 'JSON', chunkBytes }))).toEqual(JSON.parse(text));
        const wrapped = `{"skip": ${text}, "keep": [1, "a\\\\\\"b"], "skip": ${text}}`;
        const read = readJson(wrapped, { what: 'JSON', chunkBytes, skip: (depth, key) => depth === 1 && key === 'skip' });
        expect(plain(read)).toEqual({ keep: [1, 'a\\"b'] });
      }),
      { numRuns: 300, seed: 10 }
    );
  });
});

describe("skipped notebook outputs are checked, as Jupyter's json checks them", () => {
  /** A notebook whose one output is `output` (raw JSON text), read as the CLI reads it. */
  const withOutput = (output: string) =>
    `{"nbformat": 4, "nbformat_minor": 5, "metadata": {},\n "cells": [{"cell_type": "code", "metadata": {}, "source": "x = 1",\n  "outputs": [${output}]}]}`;
  const readError = (text: string, chunkBytes?: number): string | null => {
    try {
      readJson(text, { what: 'notebook', invalid: 'not a valid notebook', chunkBytes, skip: (depth, key) => depth === 3 && key === 'outputs' });
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  };
  /** Python's verdict on each text: null when json.loads reads it, else the (line, column) of its error. */
  const pythonVerdicts = (texts: string[]): Array<[number, number] | 'refused' | null> => {
    const script = `import json, sys
out = []
for t in json.load(sys.stdin):
    try:
        json.loads(t); out.append(None)
    except json.JSONDecodeError as e:
        out.append([e.lineno, e.colno])
    except ValueError:
        out.append('refused')
print(json.dumps(out))`;
    const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 1 << 26 });
    return JSON.parse(r.stdout);
  };
  const BROKEN = [
    '[1 2]',
    '{"a" 1}',
    '{"a": 1,}',
    '[1,]',
    '{"a": [1, 2}',
    '"tab\tinside"',
    '"bad \\x escape"',
    '"\\u12g4"',
    '01',
    '1.',
    '1e',
    '-',
    '.5',
    '+1',
    'tru',
    'nul',
    '-NaN',
    "'single'",
    '{1: 2}',
    '"never closed',
    '[[[[',
    '{"data": {"image/png": "iVBOR', // truncated
    `"${'A'.repeat(5000)}\u0000"`,
    `${'9'.repeat(4301)}`
  ];

  it('refuses what Python refuses, naming the line and column where it breaks', () => {
    const texts = BROKEN.map(withOutput);
    const verdicts = python3 ? pythonVerdicts(texts) : texts.map(() => 'refused' as const);
    texts.forEach((text, i) => {
      expect(verdicts[i], BROKEN[i]).not.toBeNull();
      const message = readError(text);
      expect(message, BROKEN[i]).toMatch(/^not a valid notebook: .* \(line \d+, column \d+\)$/);
      // Python names the same place (its "Expecting value" at a truncation is where the text ends).
      if (Array.isArray(verdicts[i]) && !/ends/.test(message!))
        expect(message, BROKEN[i]).toContain(`(line ${verdicts[i]![0]}, column ${verdicts[i]![1]})`);
    });
  });

  it('accepts what Python accepts (NaN, Infinity, escapes, 500 levels), at every window size', () => {
    const GOOD = [
      'NaN',
      '-Infinity',
      '[Infinity, -0.5e-3, 0, 1E+2]',
      '"\\u00e9\\n\\"\\\\"',
      '{}',
      '[]',
      '{"a": {"b": []}}',
      '['.repeat(500) + ']'.repeat(500)
    ];
    for (const good of GOOD) for (const chunkBytes of [1, 2, 3, 7, undefined]) expect(readError(withOutput(good), chunkBytes), good).toBeNull();
  });

  it('agrees with Python on mutated outputs (a byte deleted, duplicated or replaced)', () => {
    const base = withOutput('{"output_type": "stream", "name": "stdout", "text": ["a\\n", "b\\u00e9"]}, {"data": {"x": [1, -2.5e3, true, null]}}');
    const start = base.indexOf('"outputs"') + 11;
    const end = base.lastIndexOf(']');
    const texts = fc
      .sample(
        fc.tuple(
          fc.integer({ min: start, max: end - 1 }),
          fc.constantFrom('', '"', ',', ':', '[', ']', '{', '}', '\\', '\t', '1', 'e', '-', '.', ' ')
        ),
        { numRuns: 400, seed: 10 }
      )
      .map(([at, c]) => base.slice(0, at) + c + base.slice(at + 1));
    if (!python3) return;
    const verdicts = pythonVerdicts(texts);
    texts.forEach((text, i) => {
      const message = readError(text, 5);
      expect(message === null, `${text.slice(start, end)} → ${message}`).toBe(verdicts[i] === null);
    });
  });

  it('is linear: 200 MB of outputs in well under the time a decode would take', () => {
    const big = withOutput(`{"data": {"image/png": "${'iVBORw0KGgo'.repeat(2_000_000)}"}, "text": [${'"line\\n", '.repeat(200_000)}"end"]}`);
    const t = performance.now();
    expect(readError(big)).toBeNull();
    expect(performance.now() - t).toBeLessThan(5000);
  });

  it('refuses bytes that are not UTF-8 in a skipped output, as Python decoding the file refuses them, and reads UTF-8', () => {
    const encode = (output: Uint8Array) => {
      const [head, tail] = withOutput('"@"').split('@');
      return new Uint8Array([...new TextEncoder().encode(head), ...output, ...new TextEncoder().encode(tail)]);
    };
    const read = (bytes: Uint8Array) => {
      try {
        readJson(bytes, { what: 'notebook', invalid: 'not a valid notebook', skip: (depth, key) => depth === 3 && key === 'outputs' });
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    };
    // A lone continuation byte, a truncated sequence, an overlong '/', a UTF-16 surrogate, past U+10FFFF.
    for (const bad of [[0x80], [0xe4, 0xb8], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      const python = spawnSync('python3', ['-c', 'import sys; sys.stdin.buffer.read().decode("utf-8")'], { input: Buffer.from(bad) });
      if (python3) expect(python.status, bad.join(',')).not.toBe(0);
      expect(read(encode(new Uint8Array(bad))), bad.join(',')).toMatch(/bytes that are not UTF-8 inside a string/);
    }
    expect(read(encode(new TextEncoder().encode('参数量 ✓ 😀')))).toBeNull();
  });
});

describe('the cell magic', () => {
  it('never writes a raw control character into its saved outputs (JupyterLab renders ANSI in tracebacks)', async () => {
    const { runMagic } = await import('../src/lab/magic');
    const run = runMagic(
      [
        {
          index: 0,
          source: `%%model_summary\n${HEADER}m = keras.Sequential([keras.Input((4,)), layers.Dense(2, name="d\\x1b[31m"), layers.LSTM(3, name="l\\x1b]0;t\\x07")])`
        }
      ],
      { convention: 'both', kerasVersion: '3', validate: false, backend: 'auto' }
    );
    const error = run.outputs.find(o => o.output_type === 'error') as { evalue: string; traceback: string[] };
    expect(error.evalue).toContain('\\x1b');
    const display = run.outputs[0] as { data: Record<string, unknown> };
    for (const text of [error.evalue, ...error.traceback, String(display.data['text/plain']), String(display.data['text/html'])])
      expect(hasUnsafeChars(text)).toBe(false);
  });
});
