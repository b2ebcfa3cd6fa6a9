/**
 * `model-summary FILE… [--convention keras|cudnn|both] [--format text|markdown|csv|json] [--keras-version 2|3]`
 * Exit 0: ok. 1: a diagnostic of severity error. 2: unreadable file or bad usage (one line on stderr).
 */
import { readFileSync } from 'node:fs';
import { analyze, formatCsv, formatMarkdown, formatText, toJson, type AnalysisReport, type ConventionChoice, type KerasVersion } from '../core/index';
import { validationJson, validationText } from '../core/validate/format';
import type { ModelValidation, ValidationOptions } from '../core/validate/validate';
import { validateReports, type NodeBackend } from './validate';
import { conversionCode } from '../core/conversion/python';

const USAGE = `usage: model-summary FILE… [--convention keras|cudnn|both] [--format text|markdown|csv|json] [--keras-version 2|3] [--validate [--backend cpu|wasm] [--batch-size N] [--sequence-length N] [--budget-mb N]] [--conversion-code]

Reads Keras models from Python files, notebooks (.ipynb), Keras JSON and .keras archives, without running
them, and prints each layer's output shape and parameter count under the Keras and cuDNN conventions.
--validate builds each model with TensorFlow.js and runs one forward pass to check the shapes and Keras counts.
--conversion-code prints a numpy-only Python module converting the recurrent layers' weights between Keras and PyTorch / ONNX.`;

class UsageError extends Error {}

interface Options {
  files: string[];
  convention: ConventionChoice;
  format: 'text' | 'markdown' | 'csv' | 'json';
  kerasVersion: KerasVersion;
  validate: boolean;
  backend: NodeBackend;
  validation: ValidationOptions;
  conversionCode: boolean;
}

function parseArgs(argv: string[]): Options | 'help' {
  const opts: Options = { files: [], convention: 'both', format: 'text', kerasVersion: 3, validate: false, backend: 'cpu', validation: {}, conversionCode: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (allowed: string[]) => {
      const v = inline ?? argv[++i];
      if (v === undefined || !allowed.includes(v)) throw new UsageError(`${flag} takes one of ${allowed.join(', ')}${v === undefined ? '' : `, got '${v}'`}`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--convention':
        opts.convention = value(['keras', 'cudnn', 'both', 'declared']) as ConventionChoice;
        break;
      case '--format':
        opts.format = value(['text', 'markdown', 'csv', 'json']) as Options['format'];
        break;
      case '--keras-version':
        opts.kerasVersion = Number(value(['2', '3'])) as KerasVersion;
        break;
      case '--validate':
        opts.validate = true;
        break;
      case '--conversion-code':
        opts.conversionCode = true;
        break;
      case '--backend':
        opts.backend = value(['cpu', 'wasm']) as NodeBackend;
        break;
      case '--batch-size':
        opts.validation.batchSize = positive(flag, inline ?? argv[++i]);
        break;
      case '--sequence-length':
        opts.validation.sequenceLength = positive(flag, inline ?? argv[++i]);
        break;
      case '--budget-mb':
        opts.validation.budgetBytes = positive(flag, inline ?? argv[++i]) * 1024 * 1024;
        break;
      default:
        if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag}`);
        opts.files.push(arg);
    }
  }
  if (!opts.files.length) throw new UsageError('no input file');
  return opts;
}

function positive(flag: string, text: string | undefined): number {
  const n = Number(text);
  if (!text || !Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} takes a positive integer${text === undefined ? '' : `, got '${text}'`}`);
  return n;
}

function readInput(path: string): Uint8Array {
  try {
    return path === '-' ? readFileSync(0) : readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new UsageError(`cannot read ${path}: ${why}`);
  }
}

type FileReport = { file: string; report: AnalysisReport; validation?: ModelValidation[] };

function render(reports: FileReport[], opts: Options): string {
  if (opts.format === 'json') {
    const doc = (r: FileReport) => {
      const json = toJson(r.report);
      return { ...json, models: json.models.map((m, i) => (r.validation ? { ...m, validation: validationJson(r.validation[i]) } : m)) };
    };
    if (reports.length === 1) return JSON.stringify(doc(reports[0]), null, 2) + '\n';
    return JSON.stringify({ files: reports.map(r => ({ file: r.file, ...doc(r) })) }, null, 2) + '\n';
  }
  const one = (r: FileReport) => {
    const body = opts.format === 'markdown' ? formatMarkdown(r.report, opts.convention) : opts.format === 'csv' ? formatCsv(r.report) : formatText(r.report, opts.convention);
    if (!r.validation || opts.format === 'csv') return body;
    return `${body}\n${r.validation.map((v, i) => `${r.report.models[i].name}:\n${validationText(v)}`).join('\n\n')}\n`;
  };
  if (reports.length === 1) return one(reports[0]);
  return reports.map(r => (opts.format === 'csv' ? one(r) : `==> ${r.file} <==\n${one(r)}`)).join('\n');
}

export async function main(argv: string[]): Promise<number> {
  let opts: Options | 'help';
  try {
    opts = parseArgs(argv);
    if (opts === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    const reports: FileReport[] = opts.files.map(file => {
      const content = readInput(file);
      try {
        return { file, report: analyze({ name: file, content }, { kerasVersion: opts === 'help' ? 3 : opts.kerasVersion }) };
      } catch (e) {
        throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
      }
    });
    if (opts.conversionCode) {
      process.stdout.write(conversionCode(reports));
      return reports.some(r => r.report.diagnostics.some(d => d.severity === 'error')) ? 1 : 0;
    }
    if (opts.validate) {
      const results = await validateReports(reports.map(r => r.report), opts.backend, opts.validation);
      reports.forEach((r, i) => (r.validation = results[i]));
    }
    process.stdout.write(render(reports, opts));
    const failed = reports.some(r => r.report.diagnostics.some(d => d.severity === 'error') || r.validation?.some(v => v.layers.some(l => l.status === 'mismatch') || v.conversions?.some(c => c.status === 'mismatch')));
    return failed ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`model-summary: ${e.message}\n`);
      if (/option|no input|takes (one of|a positive)/.test(e.message)) process.stderr.write(`${USAGE.split('\n')[0]}\n`);
      return 2;
    }
    process.stderr.write(`model-summary: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}

void main(process.argv.slice(2)).then(code => {
  process.exitCode = code;
});
