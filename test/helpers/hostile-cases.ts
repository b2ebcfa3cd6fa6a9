/**
 * The issue-10 audit: one or more hostile inputs per class of the issue, run against the built CLI
 * (`dist/model-summary.cjs`) as a user runs it, each checked against the CLI's promises: the documented
 * exit code, at most one line on stderr, no stack trace or JavaScript internals, under 5 s and 1 GB RSS,
 * no forbidden byte in any output format, and never a count that real Keras contradicts.
 *
 * The fast cases run in vitest (`test/hostile-cli.test.ts`); all of them, the large ones too, run in
 * `node bench/hostile.mjs`, which writes bench/HOSTILE.md. The counts a case is held to come from real
 * Keras: `node bench/hostile.mjs --expected` runs bench/hostile_expected.py over the `python`/`json`
 * sources below and writes test/helpers/hostile-expected.json.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makeZip } from './zip';

export type Family = 'endless' | 'caps' | 'archive' | 'work' | 'wrong' | 'bytes' | 'usage';

export const FAMILIES: Record<Family, string> = {
  endless: 'Input that never ends',
  caps: 'Input that is huge (caps bound what is decoded, not what a file weighs)',
  archive: '.keras archives',
  work: 'Work bounded by size, not by steps',
  wrong: 'Silently wrong is the worst failure',
  bytes: 'Safe bytes in every output',
  usage: "The CLI's stderr and usage rules"
};

export interface IRun {
  args: string[];
  /** Standard input: a file opened for it, a shell command piped into it, or text. */
  stdinFile?: string;
  pipe?: string;
  input?: string;
  /** Seconds the CLI may take: 5 unless the case documents more (a timeout it is asked to wait). */
  limitS?: number;
}

export interface IHostileCase {
  id: string;
  family: Family;
  what: string;
  /** Large inputs: bench/hostile.mjs only. */
  slow?: boolean;
  /** Writes the input under `dir` and says how to run the CLI on it. */
  setup(dir: string): IRun;
  /** Exit codes the CLI documents for this input. */
  code: number[];
  /** What stderr must say (the whole line, less `model-summary: `), when anything. */
  stderr?: RegExp;
  /** What the text on stdout must contain. */
  stdout?: RegExp;
  /** Run in every output format (text, markdown, csv, json, conversion code) and check each for forbidden bytes. */
  everyFormat?: boolean;
  /** A known shortfall (no promise broken, but a model not read), for the report: which code owns it and why. */
  gap?: string;
  /** The source real Keras builds for the expected counts (bench/hostile_expected.py): Python, Keras JSON or a notebook. */
  python?: string;
  json?: string;
  notebook?: string;
}

const HEADER = 'import keras\nfrom keras import layers\n';
const SEED = `${HEADER}model = keras.Sequential([keras.Input((None,)), layers.Embedding(640, 300), layers.Bidirectional(layers.LSTM(300, return_sequences=True))])\n`;

/** A Keras JSON Sequential of Dense layers (`units` as raw JSON text, so the text decides the number). */
function denseJson(units: string[], names: string[] = units.map((_, i) => `dense_${i}`), modelName = 'sequential'): string {
  const layers = units.map(
    (u, i) =>
      `{"module": "keras.layers", "class_name": "Dense", "config": {"name": ${JSON.stringify(names[i])}, "units": ${u}, "activation": "linear", "use_bias": true}, "registered_name": null}`
  );
  const input =
    '{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 1], "name": "input"}, "registered_name": null}';
  return `{"module": "keras", "class_name": "Sequential", "config": {"name": ${JSON.stringify(modelName)}, "layers": [${input}, ${layers.join(', ')}]}, "registered_name": null}`;
}

function notebook(cells: string[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map(source => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source })),
    ...extra
  });
}

function write(dir: string, name: string, content: string | Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** A sparse file of `size` bytes holding `bytes` at `at` (costs no disk). */
function sparse(dir: string, name: string, size: number, at: number, bytes: Uint8Array): string {
  const file = join(dir, name);
  const fd = openSync(file, 'w');
  ftruncateSync(fd, size);
  writeSync(fd, bytes, 0, bytes.length, at);
  closeSync(fd);
  return file;
}

const TINY_CONFIG = denseJson(['3']);
const tinyArchive = (extra: Parameters<typeof makeZip>[0] = [], options: Parameters<typeof makeZip>[1] = {}) =>
  makeZip([{ name: 'metadata.json', data: '{"keras_version": "3.15.1"}' }, ...extra, { name: 'config.json', data: TINY_CONFIG }], options);

/** Names that try every trick on a terminal, a Markdown viewer, a spreadsheet and a Python module. */
export const EVIL_NAMES = [
  'esc\x1b[2Jclear',
  'title\x1b]0;owned\x07',
  'cr\rover',
  'nul\x00byte',
  'del\x7f',
  'csi\u009b31m',
  'bidi\u202eevil',
  'iso\u2066late\u2069',
  'zero\u200bwidth',
  'new\nline',
  '# heading',
  '|pipe|',
  '`tick`',
  '*star*_under_',
  '<img src=x onerror=alert(1)>',
  '=HYPERLINK("x","y")',
  '+1+1',
  '-2+3',
  '@SUM(A1)',
  '\tlead tab',
  '"quote", comma',
  '"""; import os; os.system("id"); """'
];

/** A Python string literal for any name (escapes, so the source is plain ASCII). */
const pyString = (s: string) => JSON.stringify(s).replace(/\u2028|\u2029/g, c => `\\u${c.charCodeAt(0).toString(16)}`);

const evilPython = () =>
  `${HEADER}model = keras.Sequential([keras.Input((5, 4))] + [layers.LSTM(2, return_sequences=True, name=n) for n in [${EVIL_NAMES.map(pyString).join(', ')}]], name=${pyString('model\x1b[31m\u202e')})\n`;

function nestedSource(levels: number): string {
  return `${HEADER}m = keras.Sequential([keras.Input((4,)), layers.Dense(4)])\nfor i in range(${levels}):\n    m = keras.Sequential([m, m])\n`;
}

function manyLayers(n: number): string {
  return `${HEADER}m = keras.Sequential([keras.Input((1,))] + [layers.Dense(1) for _ in range(${n})])\n`;
}

const GROUP = `${HEADER}m = keras.Sequential(); m.add(keras.Input((4,))); m.add(layers.Dense(3)); m.add(layers.Dense(2))\nx = 1; n = keras.Sequential([keras.Input((2,)), layers.Dense(5)]); y = 2\n`;
const SHARED = `${HEADER}d = layers.Dense(4)\nm = keras.Sequential([keras.Input((4,))] + [d] * 1000)\n`;
const SHARED_NESTED = `${HEADER}d = layers.Dense(4)\ninner = keras.Sequential([keras.Input((4,)), d])\nm = keras.Sequential([keras.Input((4,)), d, inner, d])\n`;
const FORM_FEED = `${HEADER}if True:\n\x0c    m = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n\x0c\nn = keras.Sequential([keras.Input((2,)), layers.Dense(7)])\n`;
const PROTO = `${HEADER}constructor = layers.Dense(3)
__proto__ = keras.Sequential([keras.Input((2,)), constructor])
toString = 4
hasOwnProperty = keras.Sequential([keras.Input((toString,)), layers.Dense(toString)])
valueOf = {'constructor': 1, '__proto__': 2}
good = keras.Sequential([keras.Input((valueOf['__proto__'],)), layers.Dense(valueOf['constructor'])])
bad = layers.constructor(3)
after = keras.Sequential([keras.Input((5,)), layers.Dense(5)])
`;
const PROTO_JSON = `{"class_name": "Sequential", "config": {"name": "sequential", "__proto__": {"polluted": 1}, "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 3]}}, {"class_name": "__proto__", "config": {"name": "constructor", "units": 2}}, {"class_name": "Dense", "config": {"name": "toString", "units": 2, "constructor": 1}}]}}`;
const MAGIC_CELLS = [
  `%%time\n${HEADER}a = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\n`,
  `%%capture out\nb = keras.Sequential([keras.Input((4,)), layers.Dense(5)])\n`,
  `%%timeit -n1 -r1 c = keras.Sequential([keras.Input((2,)), layers.Dense(6)])\nc.count_params()\n`,
  `%%bash\nd = keras.Sequential([keras.Input((2,)), layers.Dense(9)])\n`,
  `%%html\n<b>e = keras.Sequential([keras.Input((2,)), layers.Dense(9)])</b>\n`,
  `%%writefile f.py\nf = keras.Sequential([keras.Input((2,)), layers.Dense(9)])\n`
];

export const CASES: IHostileCase[] = [
  // --- input that never ends -----------------------------------------------------------------
  ...(['/dev/zero', '/dev/urandom', '/dev/null'] as const).map((dev): IHostileCase => ({
    id: `device ${dev}`,
    family: 'endless',
    what: `\`model-summary ${dev}\``,
    setup: () => ({ args: [dev] }),
    code: [2],
    stderr: /it is a character device, not a regular file \(use - to read standard input\)$/
  })),
  {
    id: 'directory',
    family: 'endless',
    what: 'a directory',
    setup: dir => ({ args: [dir] }),
    code: [2],
    stderr: /it is a directory, not a regular file/
  },
  {
    id: 'fifo',
    family: 'endless',
    what: 'a FIFO with no writer',
    setup: dir => {
      const fifo = join(dir, 'fifo.py');
      spawnSync('mkfifo', [fifo]);
      return { args: [fifo] };
    },
    code: [2],
    stderr: /it is a FIFO \(named pipe\), not a regular file/
  },
  {
    id: 'socket',
    family: 'endless',
    what: 'a Unix socket',
    setup: dir => {
      const path = join(dir, 'sock.py');
      spawnSync('python3', ['-c', 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', path]);
      return { args: [path] };
    },
    code: [2],
    stderr: /it is a socket, not a regular file/
  },
  {
    id: 'symlink loop',
    family: 'endless',
    what: 'a symbolic link to itself',
    setup: dir => {
      const path = join(dir, 'loop.py');
      symlinkSync(path, path);
      return { args: [path] };
    },
    code: [2],
    stderr: /cannot read .*loop\.py: too many symbolic links$/
  },
  {
    id: 'stdin /dev/zero',
    family: 'endless',
    what: '`model-summary - < /dev/zero` (endless NUL bytes)',
    setup: () => ({ args: ['-'], stdinFile: '/dev/zero' }),
    code: [2],
    stderr: /^standard input is longer than the 100 MB limit \(--max-input-mb\)$/
  },
  {
    id: 'stdin yes',
    family: 'endless',
    what: '`yes | model-summary --max-input-mb 5 -` (endless text)',
    setup: () => ({ args: ['--max-input-mb', '5', '-'], pipe: 'yes' }),
    code: [2],
    stderr: /^standard input is longer than the 5 MB limit/
  },
  {
    id: 'stdin urandom',
    family: 'endless',
    what: '`model-summary --max-input-mb 5 - < /dev/urandom`',
    setup: () => ({ args: ['--max-input-mb', '5', '-'], stdinFile: '/dev/urandom' }),
    code: [2],
    stderr: /^standard input is longer than the 5 MB limit/
  },
  {
    id: 'stdin silent',
    family: 'endless',
    what: 'a pipe that writes nothing for 3 s (`sleep 3 | model-summary --stdin-timeout-s 1 -`)',
    setup: () => ({ args: ['--stdin-timeout-s', '1', '-'], pipe: 'sleep 3' }),
    code: [2],
    stderr: /^no input on standard input for 1 s \(--stdin-timeout-s\)$/
  },
  {
    id: 'stdin seed',
    family: 'endless',
    what: 'the seed on standard input (the ordinary case still works)',
    setup: () => ({ args: ['-'], input: SEED }),
    code: [0],
    python: SEED
  },
  {
    id: 'empty file',
    family: 'endless',
    what: 'an empty .py file',
    setup: dir => ({ args: [write(dir, 'empty.py', '')] }),
    code: [0]
  },
  // --- huge input: caps bound what is decoded -------------------------------------------------
  {
    id: 'script 50 MB comments',
    family: 'caps',
    slow: true,
    what: 'a 50 MB script, all comments but the seed at its end',
    setup: dir => ({ args: [write(dir, 'comments.py', `${'# padding padding padding padding padding padding padding\n'.repeat(870_000)}${SEED}`)] }),
    code: [0],
    python: SEED
  },
  {
    id: 'script over cap',
    family: 'caps',
    what: 'a 2 MB script with `--max-input-mb 1`',
    setup: dir => ({ args: ['--max-input-mb', '1', write(dir, 'over.py', '#\n'.repeat(1_000_000))] }),
    code: [2],
    stderr: /the Python source is 2 MB, over the 1 MB limit \(--max-input-mb\)$/
  },
  {
    id: 'notebook 300 MB outputs',
    family: 'caps',
    slow: true,
    what: 'a 300 MB notebook whose bulk is 30 base64 image outputs (10 MB each) and attachments',
    setup: dir => {
      const png = 'iVBORw0KGgo'.repeat(Math.ceil(10_000_000 / 11));
      const cells = Array.from({ length: 30 }, (_, i) => ({
        cell_type: 'code',
        metadata: {},
        execution_count: i,
        outputs: [{ output_type: 'display_data', metadata: {}, data: { 'image/png': png, 'text/plain': ['<Figure>'] } }],
        source: i === 29 ? SEED : 'x = 1\n'
      }));
      return { args: [write(dir, 'outputs.ipynb', JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }))] };
    },
    code: [0],
    python: SEED
  },
  {
    id: 'notebook 3M-line stream',
    family: 'caps',
    slow: true,
    what: 'a notebook whose stream output has 3 million lines',
    setup: dir => {
      const text = Array.from({ length: 3_000_000 }, (_, i) => `step ${i}\n`);
      const cells = [
        { cell_type: 'code', metadata: {}, execution_count: 1, outputs: [{ output_type: 'stream', name: 'stdout', text }], source: SEED }
      ];
      return { args: [write(dir, 'stream.ipynb', JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }))] };
    },
    code: [0],
    python: SEED
  },
  {
    id: 'notebook code over cap',
    family: 'caps',
    what: 'a notebook whose code cells hold 2 MB, with `--max-input-mb 1`',
    setup: dir => ({ args: ['--max-input-mb', '1', write(dir, 'bigcode.ipynb', notebook(['#\n'.repeat(1_000_000)]))] }),
    code: [2],
    stderr: /the notebook holds more than 1 MB of text to read, over the limit \(--max-input-mb\)$/
  },
  {
    id: 'notebook broken output',
    family: 'caps',
    what: 'a notebook whose (skipped) output is not valid JSON (`[1 2]`): Jupyter refuses it, so does the CLI, saying where',
    setup: dir => ({
      args: [write(dir, 'badout.ipynb', notebook([SEED]).replace('"outputs":[]', '"outputs":[1 2]'))]
    }),
    code: [2],
    stderr: /not a valid notebook: expected ',' or '\]' \(line 1, column \d+\)$/
  },
  {
    id: 'keras 5 GiB sparse',
    family: 'archive',
    what: 'a 5 GiB `.keras` archive (sparse file, zip64): only the end records, the directory and config.json are read',
    setup: dir => {
      const base = 5 * 1024 ** 3;
      const zip = tinyArchive([], { zip64: true, offsetBase: base });
      return { args: [sparse(dir, 'huge.keras', base + zip.length, base, zip)] };
    },
    code: [0],
    json: TINY_CONFIG
  },
  {
    id: 'keras 100k entries',
    family: 'archive',
    what: 'a `.keras` archive with 100,000 entries',
    setup: dir => {
      const many = Array.from({ length: 100_000 }, (_, i) => ({ name: `assets/w${i}.bin`, data: '', method: 0 as const }));
      return { args: [write(dir, 'many.keras', tinyArchive(many))] };
    },
    code: [0],
    json: TINY_CONFIG
  },
  {
    id: 'keras duplicate config',
    family: 'archive',
    what: 'two `config.json` entries: the last is read, as Python zipfile (and so Keras) reads it',
    setup: dir => ({
      args: [
        write(
          dir,
          'dup.keras',
          makeZip([
            { name: 'config.json', data: denseJson(['7']) },
            { name: 'config.json', data: TINY_CONFIG }
          ])
        )
      ]
    }),
    code: [0],
    json: TINY_CONFIG
  },
  {
    id: 'keras encrypted',
    family: 'archive',
    what: 'an encrypted `config.json`',
    setup: dir => ({ args: [write(dir, 'enc.keras', makeZip([{ name: 'config.json', data: TINY_CONFIG, flags: 1 }]))] }),
    code: [2],
    stderr: /encrypted/
  },
  {
    id: 'keras bzip2',
    family: 'archive',
    what: 'a `config.json` compressed with bzip2 (method 12)',
    setup: dir => ({ args: [write(dir, 'bz.keras', makeZip([{ name: 'config.json', data: TINY_CONFIG, method: 12 }]))] }),
    code: [2],
    stderr: /compression method 12|bzip2/
  },
  {
    id: 'keras lying local header',
    family: 'archive',
    what: 'a local header that claims another size than the directory',
    setup: dir => ({ args: [write(dir, 'liar.keras', makeZip([{ name: 'config.json', data: TINY_CONFIG, localClaimedSize: 5 }]))] }),
    code: [2],
    stderr: /not a \.keras archive|local header|disagree/
  },
  {
    id: 'keras bomb',
    family: 'archive',
    what: 'a zip bomb: config.json declared 200 bytes, inflating to 1 GB',
    setup: dir => {
      const data = new Uint8Array(1024 ** 3);
      return { args: [write(dir, 'bomb.keras', makeZip([{ name: 'config.json', data, claimedSize: 200 }]))] };
    },
    slow: true,
    code: [2]
  },
  {
    id: 'keras not zip',
    family: 'archive',
    what: 'a `.keras` file that is not a zip',
    setup: dir => ({ args: [write(dir, 'fake.keras', 'PK but not really')] }),
    code: [2],
    stderr: /not a \.keras archive/
  },
  {
    id: 'py starting PK',
    family: 'archive',
    what: 'a `.py` file whose text starts with `PK` is Python (the name decides)',
    setup: dir => ({ args: [write(dir, 'pk.py', `PK = 1\n${SEED}`)] }),
    code: [0],
    python: `PK = 1\n${SEED}`
  },
  {
    id: 'no extension zip',
    family: 'archive',
    what: 'a file without an extension that is a `.keras` zip (sniffed)',
    setup: dir => ({ args: [write(dir, 'model', tinyArchive())] }),
    code: [0],
    json: TINY_CONFIG
  },
  // --- work bounded by size --------------------------------------------------------------------
  ...(
    [
      ['list(range(10**9))', 'x = list(range(10**9))'],
      ["'a' * 10**10", "s = 'a' * 10**10"],
      ['a list doubled 80 times', 'l = [0]\nfor i in range(80):\n    l = l + l'],
      [
        'sorted/zip/enumerate/tuple of 10**8',
        'a = sorted(range(10**8))\nb = list(zip(range(10**8), range(10**8)))\nc = list(enumerate(range(10**8)))\nd = tuple(range(10**8))'
      ],
      ['a comprehension of 10**9', 'x = [i * i for i in range(10**9)]'],
      ['comparing two 10 M-character strings 100,000 times', "a = 'x' * 10**7\nb = 'x' * 10**7\nfor i in range(100000):\n    c = a == b"],
      ['a string doubled 40 times', "s = 'ab'\nfor i in range(40):\n    s = s + s"]
    ] as const
  ).map(([title, code]): IHostileCase => ({
    id: `work: ${title}`,
    family: 'work',
    what: `\`${code.split('\n')[0]}\`${code.includes('\n') ? ' …' : ''} before the seed: the value becomes unknown (a runaway loop is abandoned), the seed is still exact`,
    setup: dir => ({ args: [write(dir, 'work.py', `${HEADER}${code}\n${SEED}`)] }),
    code: [0, 1],
    python: SEED
  })),
  {
    id: 'nested 60 levels',
    family: 'work',
    what: '`m = keras.Sequential([m, m])` 60 times (2^60 rows if expanded), counted as Keras counts unique weights',
    setup: dir => ({ args: [write(dir, 'nested.py', nestedSource(60))] }),
    everyFormat: true,
    code: [0],
    // Real Keras calls each level twice (2^levels calls): it is held to 8 levels, whose unique weights are the same.
    python: nestedSource(8)
  },
  {
    id: 'million comment lines',
    family: 'work',
    what: 'a million comment lines and a 1 MB docstring before the seed',
    setup: dir => ({ args: [write(dir, 'comment-lines.py', `${'#\n'.repeat(1_000_000)}"""${'doc '.repeat(250_000)}"""\n${SEED}`)] }),
    code: [0],
    python: SEED
  },
  {
    id: 'name of 64 M characters (JSON)',
    family: 'work',
    slow: true,
    what: 'a Keras JSON layer named by 64 M characters: printed as 200 characters and its length',
    setup: dir => ({ args: [write(dir, 'longname.json', denseJson(['3'], ['n'.repeat(64_000_000)]))] }),
    code: [0],
    stdout: /n{150}… \(64,000,000 characters\)/
  },
  {
    id: 'name of 20 M characters (Python)',
    family: 'work',
    slow: true,
    what: 'a Python layer named by a 20 M-character literal',
    setup: dir => ({
      args: [write(dir, 'longname.py', `${HEADER}m = keras.Sequential([keras.Input((1,)), layers.Dense(3, name='${'n'.repeat(20_000_000)}')])\n`)]
    }),
    code: [0, 1]
  },
  {
    id: 'validate huge activations',
    family: 'work',
    what: '`--validate` on `Input((16000, 16000))` and a ReLU (no weights, 1 GB of activations): refused before TensorFlow.js allocates',
    setup: dir => ({
      args: ['--validate', write(dir, 'activations.py', `${HEADER}m = keras.Sequential([keras.Input((16000, 16000)), layers.ReLU()])\n`)],
      limitS: 10
    }),
    code: [0, 1],
    stdout: /not built: one forward pass would hold 976\.6 MB of activations/
  },
  {
    id: 'validate 6,000 layers',
    family: 'work',
    what: '`--validate` on 6,000 Dense layers (past the 5,000-layer limit): counted exactly, validation refused',
    setup: dir => ({ args: ['--validate', write(dir, 'layers.py', manyLayers(6000))], limitS: 10 }),
    code: [0, 1],
    stdout: /not built: it has 6,000 layers \(nested models counted\), over the 5,000-layer limit/,
    python: manyLayers(6000)
  },
  // --- silently wrong --------------------------------------------------------------------------
  {
    id: 'statement group',
    family: 'wrong',
    what: 'statements grouped on one line with `;`',
    setup: dir => ({ args: [write(dir, 'group.py', GROUP)] }),
    code: [0],
    python: GROUP
  },
  {
    id: 'shared layer * 1000',
    family: 'wrong',
    what: '`[d] * 1000`: one layer object used 1,000 times in one Sequential',
    setup: dir => ({ args: [write(dir, 'shared.py', SHARED)] }),
    code: [0],
    python: SHARED
  },
  {
    id: 'shared layer nested',
    family: 'wrong',
    what: 'one layer used directly and inside a nested model',
    setup: dir => ({ args: [write(dir, 'shared-nested.py', SHARED_NESTED)] }),
    code: [0],
    python: SHARED_NESTED
  },
  {
    id: 'json units 2**53+1',
    family: 'wrong',
    what: '`"units": 9007199254740993` in Keras JSON (read from the text, not through a float)',
    setup: dir => ({ args: ['--format', 'json', write(dir, 'bigunits.json', denseJson(['9007199254740993']))] }),
    code: [0],
    // Keras cannot allocate this layer; Dense's layout (kernel 1×units + bias units) in Python integers.
    stdout: /"keras": "18014398509481986"/
  },
  {
    id: 'json units 1e30',
    family: 'wrong',
    what: '`"units": 1e30` (Keras refuses a float size)',
    setup: dir => ({ args: [write(dir, 'floatunits.json', denseJson(['1e30']))] }),
    code: [1],
    json: denseJson(['1e30'])
  },
  {
    id: 'json units true',
    family: 'wrong',
    what: '`"units": true` (an int in Python: one unit)',
    setup: dir => ({ args: [write(dir, 'boolunits.json', denseJson(['true']))] }),
    code: [0, 1],
    json: denseJson(['true'])
  },
  {
    id: 'cell magics',
    family: 'wrong',
    what: 'cells under `%%time`, `%%capture out`, `%%timeit -n1 -r1 setup` (Python) and `%%bash`, `%%html`, `%%writefile` (skipped with a note)',
    setup: dir => ({ args: [write(dir, 'magics.ipynb', notebook(MAGIC_CELLS))] }),
    code: [0],
    stdout: /%%bash cell, not Python/,
    notebook: notebook(MAGIC_CELLS)
  },
  {
    id: 'JavaScript member names',
    family: 'wrong',
    what: '`constructor`, `__proto__`, `toString`, `hasOwnProperty`, `valueOf` as Python names, and `layers.constructor(3)` (an AttributeError in Python)',
    setup: dir => ({ args: [write(dir, 'proto.py', PROTO)] }),
    code: [0, 1],
    python: PROTO
  },
  {
    id: 'JSON __proto__ class',
    family: 'wrong',
    what: 'Keras JSON with a layer whose class and keys are `__proto__` and `constructor`',
    setup: dir => ({ args: [write(dir, 'proto.json', PROTO_JSON)] }),
    code: [0],
    stdout: /warning: line 1, column 1: layer class __proto__ is not one the engine knows/
  },
  {
    id: 'form feed indentation',
    family: 'wrong',
    what: 'a form feed in indentation (valid Python)',
    setup: dir => ({ args: [write(dir, 'formfeed.py', FORM_FEED)] }),
    code: [0],
    python: FORM_FEED
  },
  {
    id: 'TabError',
    family: 'wrong',
    what: 'a tab/space mix CPython raises TabError on',
    setup: dir => ({
      args: [write(dir, 'taberror.py', `${HEADER}if True:\n        x = 1\n\tm = keras.Sequential([keras.Input((2,)), layers.Dense(2)])\n`)]
    }),
    code: [1],
    stdout: /TabError/
  },
  // --- safe bytes --------------------------------------------------------------------------------
  {
    id: 'evil names (Python)',
    family: 'bytes',
    what: 'layer and model names with ESC, BEL, CR, NUL, DEL, U+009B, bidi overrides and isolates, zero-width, newline, Markdown, HTML, CSV formulas, a docstring breaker',
    setup: dir => ({ args: [write(dir, 'evil.py', evilPython())] }),
    everyFormat: true,
    code: [0],
    python: evilPython()
  },
  {
    id: 'evil names (raw bytes in source)',
    family: 'bytes',
    what: 'the same names written raw (not as escapes) in the Python source',
    setup: dir => ({
      args: [
        write(
          dir,
          'evil-raw.py',
          `${HEADER}model = keras.Sequential([keras.Input((3,))] + [layers.Dense(1, name=n) for n in ["${EVIL_NAMES.filter(n => !/[\n\r\0"]/.test(n)).join('", "')}"]])\n`
        )
      ]
    }),
    everyFormat: true,
    code: [0]
  },
  {
    id: 'evil names (Keras JSON)',
    family: 'bytes',
    what: 'the names in Keras JSON',
    setup: dir => ({
      args: [
        write(
          dir,
          'evil.json',
          denseJson(
            EVIL_NAMES.map(() => '1'),
            EVIL_NAMES,
            'm\x1b]0;x\x07'
          )
        )
      ]
    }),
    everyFormat: true,
    code: [0],
    json: denseJson(
      EVIL_NAMES.map(() => '1'),
      EVIL_NAMES,
      'm\x1b]0;x\x07'
    )
  },
  {
    id: 'evil file name',
    family: 'bytes',
    what: 'two files, one named with ESC, BEL, a newline, U+202E and `"""` (the text header, stderr and the conversion code name it)',
    setup: dir => {
      const evil = write(dir, 'x\x1b]0;t\x07\n\u202e"""+__import__("os").system("id")+""".py', SEED);
      return { args: [evil, write(dir, 'seed.py', SEED)] };
    },
    everyFormat: true,
    code: [0]
  },
  {
    id: 'evil file name, unreadable',
    family: 'bytes',
    what: 'a missing file named with ESC and a newline: the one stderr line shows them as escapes',
    setup: dir => ({ args: [join(dir, 'gone\x1b[2J\nline2.py')] }),
    code: [2],
    stderr: /^cannot read .*gone\\x1b\[2J\\nline2\.py: no such file$/
  },
  {
    id: 'bytes in a broken JSON',
    family: 'bytes',
    what: 'invalid Keras JSON full of ESC sequences: the message says where, never echoes the bytes',
    setup: dir => ({ args: [write(dir, 'broken.json', '{"class_name": \x1b[2J\x1b]0;x\x07}')] }),
    code: [2],
    stderr: /^cannot read .*broken\.json: not valid Keras JSON: expected a value \(line 1, column 16\)$/
  },
  {
    id: 'deep JSON',
    family: 'bytes',
    what: 'a JSON document nested 100,000 deep',
    setup: dir => ({ args: [write(dir, 'deep.json', '['.repeat(100_000) + ']'.repeat(100_000))] }),
    code: [2],
    stderr: /nested more than 512 levels deep \(line 1, column 514\)$/
  },
  {
    id: 'deep notebook output',
    family: 'bytes',
    what: 'a notebook whose (skipped) output is nested 100,000 deep',
    setup: dir => ({
      args: [write(dir, 'deepout.ipynb', notebook([SEED]).replace('"outputs":[]', `"outputs":[${'['.repeat(100_000)}${']'.repeat(100_000)}]`))]
    }),
    code: [2],
    stderr: /not a valid notebook: it is nested more than 512 levels deep/
  },
  ...(
    [
      ['null notebook', 'null', /the file holds null, not a notebook object$/],
      ['list notebook', '[]', /the file holds a list, not a notebook object$/],
      ['nbformat 3', '{"nbformat": 3, "worksheets": []}', /this is an nbformat 3 notebook/],
      ['notebook without cells', '{"nbformat": 4}', /it has no "cells" list$/],
      ['truncated notebook', '{"cells": [{"cell_type": "code", "source": "x', /it ends inside a string/],
      ['BOM notebook', '\ufeff{"cells": []}', /byte-order mark/]
    ] as const
  ).map(([id, text, stderr]): IHostileCase => ({
    id,
    family: 'bytes',
    what: `a notebook that is \`${text.replace('\ufeff', '<BOM>').slice(0, 40)}\``,
    setup: dir => ({ args: [write(dir, `${id.replace(/ /g, '-')}.ipynb`, text)] }),
    code: [2],
    stderr
  })),
  {
    id: 'binary .py',
    family: 'bytes',
    what: 'a `.py` file of random binary',
    setup: dir => {
      const bytes = new Uint8Array(4096);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
      return { args: [write(dir, 'binary.py', bytes)] };
    },
    code: [2],
    stderr: /binary/
  },
  // --- usage -------------------------------------------------------------------------------------
  ...(
    [
      ['no arguments', [], /^no input file \(see model-summary --help\)$/],
      ['unknown option', ['--bogus', 'x.py'], /^unknown option --bogus \(see model-summary --help\)$/],
      ['bad format', ['--format', 'yaml', 'x.py'], /--format takes one of/],
      ['missing value', ['x.py', '--format'], /--format/],
      ['bad cap', ['--max-input-mb', '-1', 'x.py'], /--max-input-mb/],
      ['cap not a number', ['--max-input-mb', 'lots', 'x.py'], /--max-input-mb/],
      ['bad timeout', ['--stdin-timeout-s', '0', '-'], /--stdin-timeout-s/],
      ['escape in option', ['--\x1b[2J', 'x.py'], /^unknown option --\\x1b\[2J/]
    ] as const
  ).map(([id, args, stderr]): IHostileCase => ({
    id: `usage: ${id}`,
    family: 'usage',
    what: `\`${JSON.stringify(args)}\``,
    setup: () => ({ args: [...args] }),
    code: [2],
    stderr
  })),
  {
    id: 'usage: -- ends options',
    family: 'usage',
    what: '`-- --weird.py -h`: files named like options after `--`',
    setup: dir => {
      write(dir, '--weird.py', SEED);
      write(dir, '-h', SEED);
      return { args: ['--format', 'csv', '--', join(dir, '--weird.py'), join(dir, '-h')] };
    },
    code: [0],
    stdout: /bidirectional,Bidirectional/
  },
  {
    id: 'usage: --help',
    family: 'usage',
    what: '`--help`: the usage on stdout, exit 0',
    setup: () => ({ args: ['--help'] }),
    code: [0],
    stdout: /^usage: model-summary/
  }
];

/** The Keras totals each case is held to (written by bench/hostile_expected.py from real Keras). */
export function loadExpected(root: string): Record<string, Record<string, number | string>> {
  return JSON.parse(readFileSync(join(root, 'test', 'helpers', 'hostile-expected.json'), 'utf8'));
}

export function caseDir(root: string, id: string): string {
  const dir = join(root, id.replace(/[^A-Za-z0-9]+/g, '-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}
