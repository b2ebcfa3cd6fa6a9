/**
 * `model-summary FILE… [--convention keras|cudnn|both] [--format text|markdown|csv|json] [--keras-version auto|2|3|2.3|…]`
 * Exit 0: ok. 1: a diagnostic of severity error. 2: unreadable file or bad usage (one line on stderr).
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { AnalysisError, analyze, formatCsv, formatMarkdown, formatText, toJson, type AnalysisReport } from '../core/index';
import { DEFAULT_MAX_INPUT_BYTES } from '../core/files';
import type { IByteSource } from '../core/readers/byte-source';
import { displayName, oneLine, stringifySafe } from '../core/format/safe-text';
import { OptionError, parseFlags, usageFlags, type ISummaryOptions } from '../core/options';
import { validationJson, validationText } from '../core/validate/format';
import type { IModelValidation, IValidationOptions } from '../core/validate/validate';
import { validateReports, type NodeBackend } from './validate';
import { conversionCode } from '../core/conversion/python';
import { setDefaultStrings, trans } from '../core/i18n/current';
import { environmentStrings } from './language';

/** The --help text, in the environment's language (one message per line: message ids hold no newline). */
function usage(): string {
  return [
    trans.__('usage: model-summary [options] [--] FILE… %1', usageFlags('cli')),
    '',
    trans.__('FILE may be - for standard input. --max-input-mb (default 100) caps the text decoded and analysed from one file:'),
    trans.__("Python source and JSON whole, a notebook's cells (not its outputs), a .keras archive's config.json."),
    '',
    trans.__('Reads Keras models from Python files, notebooks (.ipynb), Keras JSON and .keras archives, without running'),
    trans.__("them, and prints each layer's output shape and parameter count under the Keras and cuDNN conventions."),
    trans.__('--keras-version: whose defaults apply (2, 3, or major.minor: 2.2, 2.3, 2.15, 3.x); auto (the default) reads'),
    trans.__('code that only Keras 2 runs (tensorflow.compat.v1, CuDNNLSTM, …) as Keras 2 and the rest as Keras 3.'),
    trans.__('--validate builds each model with TensorFlow.js and runs one forward pass to check the shapes and Keras counts.'),
    trans.__(
      '--expand-nested lists the rows of nested models under theirs where a summary() call does not (Keras prints them only with expand_nested=True).'
    ),
    trans.__("--conversion-code prints a numpy-only Python module converting the recurrent layers' weights between Keras and PyTorch / ONNX.")
  ].join('\n');
}

/** A message for stderr; `seeHelp` when the mistake is in the command line (the message may be translated, so it is a flag). */
class UsageError extends Error {
  constructor(
    message: string,
    readonly seeHelp = false
  ) {
    super(message);
  }
}

interface IOptions {
  files: string[];
  summary: ISummaryOptions;
  validation: IValidationOptions;
  conversionCode: boolean;
  maxInputBytes: number;
  stdinTimeoutMs: number;
}

/** How long standard input may stay silent before the CLI gives up waiting for it. */
const STDIN_TIMEOUT_MS = 10_000;

function parseArgs(argv: string[]): IOptions | 'help' {
  // --help anywhere before `--` (after it, a file may be named -h).
  const end = argv.indexOf('--');
  if ((end < 0 ? argv : argv.slice(0, end)).some(a => a === '-h' || a === '--help')) return 'help';
  const summary: ISummaryOptions = { convention: 'both', format: 'text', kerasVersion: 'auto', validate: false, backend: 'cpu' };
  let files: string[];
  try {
    files = parseFlags(argv, 'cli', summary);
  } catch (e) {
    if (e instanceof OptionError) throw new UsageError(e.message, true);
    throw e;
  }
  if (!files.length) throw new UsageError(trans.__('no input file'), true);
  const validation: IValidationOptions = {};
  if (summary.batchSize !== undefined) validation.batchSize = summary.batchSize;
  if (summary.sequenceLength !== undefined) validation.sequenceLength = summary.sequenceLength;
  if (summary.budgetMB !== undefined) validation.budgetBytes = summary.budgetMB * 1024 * 1024;
  return {
    files,
    summary,
    validation,
    conversionCode: summary.conversionCode === true,
    maxInputBytes: (summary.maxInputMB ?? DEFAULT_MAX_INPUT_BYTES / 1024 / 1024) * 1024 * 1024,
    stdinTimeoutMs: (summary.stdinTimeoutS ?? STDIN_TIMEOUT_MS / 1000) * 1000
  };
}

/** What a non-regular file is, for the message refusing it. */
function fileType(st: Stats): string {
  if (st.isDirectory()) return trans.__('a directory');
  if (st.isFIFO()) return trans.__('a FIFO (named pipe)');
  if (st.isSocket()) return trans.__('a socket');
  if (st.isCharacterDevice()) return trans.__('a character device');
  if (st.isBlockDevice()) return trans.__('a block device');
  return trans.__('not a regular file');
}

function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? trans.__('no such file')
    : code === 'EISDIR'
      ? trans.__('is a directory')
      : code === 'EACCES'
        ? trans.__('permission denied')
        : code === 'ELOOP'
          ? trans.__('too many symbolic links')
          : trans.__('cannot be read (%1)', code ?? 'I/O error');
}

/**
 * A regular file as positioned reads: the readers take only the ranges they need. Anything else (a
 * directory, a FIFO, a socket, /dev/zero) is refused before it is opened, so nothing blocks or reads forever.
 */
function openFile(path: string): { source: IByteSource; close: () => void } {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw new UsageError(trans.__('cannot read %1: %2', displayName(path), ioReason(e)));
  }
  if (!st.isFile())
    throw new UsageError(trans.__('cannot read %1: it is %2, not a regular file (use - to read standard input)', displayName(path), fileType(st)));
  let fd: number;
  try {
    // O_NONBLOCK: if the path was swapped for a FIFO after the check, opening it still returns at once.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const again = fstatSync(fd);
    if (!again.isFile()) {
      closeSync(fd);
      throw new UsageError(trans.__('cannot read %1: it is %2, not a regular file', displayName(path), fileType(again)));
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(trans.__('cannot read %1: %2', displayName(path), ioReason(e)));
  }
  const size = st.size;
  const source: IByteSource = {
    size,
    read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = new Uint8Array(n);
      let got = 0;
      while (got < n) {
        const r = readSync(fd, buf, got, n - got, offset + got);
        if (r === 0) break;
        got += r;
      }
      return got === n ? buf : buf.subarray(0, got);
    }
  };
  return { source, close: () => closeSync(fd) };
}

/**
 * Standard input, read in chunks up to the cap, with a time limit on waiting: endless input (`yes`,
 * /dev/zero) stops at the cap, silent input after `timeoutMs` without a byte.
 */
function readStdin(max: number, timeoutMs: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: ReturnType<typeof setTimeout>;
    const stdin = process.stdin;
    const done = (error: UsageError | null) => {
      clearTimeout(timer);
      stdin.removeAllListeners('data');
      stdin.pause();
      if (error) {
        stdin.destroy();
        reject(error);
      } else resolve(new Uint8Array(Buffer.concat(chunks, size)));
    };
    const wait = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => done(new UsageError(trans.__('no input on standard input for %1 s (--stdin-timeout-s)', timeoutMs / 1000))),
        timeoutMs
      );
    };
    wait();
    stdin.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) return done(new UsageError(trans.__('standard input is longer than the %1 MB limit (--max-input-mb)', max / 1024 / 1024)));
      chunks.push(chunk);
      wait();
    });
    stdin.once('end', () => done(null));
    stdin.once('error', e => done(new UsageError(trans.__('cannot read standard input: %1', ioReason(e)))));
  });
}

/** Why analysing a file failed, in words a Python user understands (never a JavaScript message). */
function failure(file: string, e: unknown): UsageError {
  if (e instanceof UsageError) return e;
  const why =
    e instanceof AnalysisError
      ? e.message
      : e instanceof RangeError
        ? trans.__('it is nested too deeply or is too large to read')
        : trans.__('the reader failed on it (an internal error; please report it)');
  if (process.env.MODEL_SUMMARY_DEBUG && !(e instanceof AnalysisError)) console.error(e);
  return new UsageError(trans.__('cannot read %1: %2', displayName(file), why));
}

type FileReport = { file: string; report: AnalysisReport; validation?: IModelValidation[] };

function render(reports: FileReport[], opts: IOptions): string {
  if (opts.summary.format === 'json') {
    const doc = (r: FileReport) => {
      const json = toJson(r.report);
      return { ...json, models: json.models.map((m, i) => (r.validation ? { ...m, validation: validationJson(r.validation[i]) } : m)) };
    };
    if (reports.length === 1) return stringifySafe(doc(reports[0]), 2) + '\n';
    return stringifySafe({ files: reports.map(r => ({ file: r.file, ...doc(r) })) }, 2) + '\n';
  }
  const one = (r: FileReport) => {
    const { format, convention } = opts.summary;
    // As the script prints it: each summary() call's table as that call asks (expand_nested, show_trainable).
    const view = { asCalled: true, expandNested: opts.summary.expandNested === true };
    const body =
      format === 'markdown'
        ? formatMarkdown(r.report, convention, undefined, view)
        : format === 'csv'
          ? formatCsv(r.report)
          : formatText(r.report, convention, undefined, view);
    if (!r.validation || format === 'csv') return body;
    // Layer and model names reach the terminal here too: every line made safe.
    const safe = (text: string) =>
      text
        .split('\n')
        .map(l => oneLine(l))
        .join('\n');
    return `${body}\n${r.validation.map((v, i) => `${displayName(r.report.models[i].name)}:\n${safe(validationText(v))}`).join('\n\n')}\n`;
  };
  if (reports.length === 1) return one(reports[0]);
  return reports.map(r => (opts.summary.format === 'csv' ? one(r) : `==> ${displayName(r.file)} <==\n${one(r)}`)).join('\n');
}

export async function main(argv: string[]): Promise<number> {
  let opts: IOptions | 'help';
  try {
    opts = parseArgs(argv);
    if (opts === 'help') {
      process.stdout.write(usage() + '\n');
      return 0;
    }
    const reports: FileReport[] = [];
    for (const file of opts.files) {
      const options = { kerasVersion: opts.summary.kerasVersion, maxInputBytes: opts.maxInputBytes };
      if (file === '-') {
        const content = await readStdin(opts.maxInputBytes, opts.stdinTimeoutMs);
        try {
          reports.push({ file, report: analyze({ name: file, content }, options) });
        } catch (e) {
          throw failure(trans.__('standard input'), e);
        }
        continue;
      }
      const { source, close } = openFile(file);
      try {
        reports.push({ file, report: analyze({ name: file, content: source }, options) });
      } catch (e) {
        throw failure(file, e);
      } finally {
        close();
      }
    }
    if (opts.conversionCode) {
      process.stdout.write(conversionCode(reports));
      return reports.some(r => r.report.diagnostics.some(d => d.severity === 'error')) ? 1 : 0;
    }
    if (opts.summary.validate) {
      const results = await validateReports(
        reports.map(r => r.report),
        opts.summary.backend as NodeBackend,
        opts.validation
      );
      reports.forEach((r, i) => (r.validation = results[i]));
    }
    process.stdout.write(render(reports, opts));
    const failed = reports.some(
      r =>
        r.report.diagnostics.some(d => d.severity === 'error') ||
        r.validation?.some(v => v.layers.some(l => l.status === 'mismatch') || v.conversions?.some(c => c.status === 'mismatch'))
    );
    return failed ? 1 : 0;
  } catch (e) {
    // Exactly one line on stderr: the message (the usage is one --help away).
    if (e instanceof UsageError) {
      const text = oneLine(e.message);
      process.stderr.write(`model-summary: ${e.seeHelp ? trans.__('%1 (see model-summary --help)', text) : text}\n`);
      return 2;
    }
    if (process.env.MODEL_SUMMARY_DEBUG) console.error(e);
    process.stderr.write(trans.__('model-summary: internal error (please report it; MODEL_SUMMARY_DEBUG=1 shows the details)') + '\n');
    return 2;
  }
}

// Messages in the environment's language where a catalogue ships (LANG=zh_CN.UTF-8), else English.
setDefaultStrings(environmentStrings(process.env) ?? undefined);
// A reader that stops early (`model-summary big.py | head`) closes the pipe: stop quietly, as cat and grep do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit();
});
void main(process.argv.slice(2)).then(code => {
  process.exitCode = code;
});
