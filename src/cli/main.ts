/**
 * `model-summary FILE… [--convention keras|cudnn|both] [--format text|markdown|csv|json] [--keras-version 2|3]`
 * Exit 0: ok. 1: a diagnostic of severity error. 2: unreadable file or bad usage (one line on stderr).
 */
import { readFileSync } from 'node:fs';
import { analyze, formatCsv, formatJson, formatMarkdown, formatText, toJson, type AnalysisReport, type ConventionChoice, type KerasVersion } from '../core/index';

const USAGE = `usage: model-summary FILE… [--convention keras|cudnn|both] [--format text|markdown|csv|json] [--keras-version 2|3]

Reads Keras models from Python files, notebooks (.ipynb), Keras JSON and .keras archives, without running
them, and prints each layer's output shape and parameter count under the Keras and cuDNN conventions.`;

class UsageError extends Error {}

interface Options {
  files: string[];
  convention: ConventionChoice;
  format: 'text' | 'markdown' | 'csv' | 'json';
  kerasVersion: KerasVersion;
}

function parseArgs(argv: string[]): Options | 'help' {
  const opts: Options = { files: [], convention: 'both', format: 'text', kerasVersion: 3 };
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
      default:
        if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag}`);
        opts.files.push(arg);
    }
  }
  if (!opts.files.length) throw new UsageError('no input file');
  return opts;
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

function render(reports: Array<{ file: string; report: AnalysisReport }>, opts: Options): string {
  if (opts.format === 'json') {
    if (reports.length === 1) return formatJson(reports[0].report);
    return JSON.stringify({ files: reports.map(r => ({ file: r.file, ...toJson(r.report) })) }, null, 2) + '\n';
  }
  const one = (r: AnalysisReport) =>
    opts.format === 'markdown' ? formatMarkdown(r, opts.convention) : opts.format === 'csv' ? formatCsv(r) : formatText(r, opts.convention);
  if (reports.length === 1) return one(reports[0].report);
  return reports.map(r => (opts.format === 'csv' ? one(r.report) : `==> ${r.file} <==\n${one(r.report)}`)).join('\n');
}

export function main(argv: string[]): number {
  let opts: Options | 'help';
  try {
    opts = parseArgs(argv);
    if (opts === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    const reports = opts.files.map(file => {
      const content = readInput(file);
      try {
        return { file, report: analyze({ name: file, content }, { kerasVersion: opts === 'help' ? 3 : opts.kerasVersion }) };
      } catch (e) {
        throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
      }
    });
    process.stdout.write(render(reports, opts));
    return reports.some(r => r.report.diagnostics.some(d => d.severity === 'error')) ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`model-summary: ${e.message}\n`);
      if (/option|no input|takes one of/.test(e.message)) process.stderr.write(`${USAGE.split('\n')[0]}\n`);
      return 2;
    }
    process.stderr.write(`model-summary: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
