/**
 * `model-summary FILE… [--convention keras|cudnn|both] [--format text|markdown|csv|json] [--keras-version 2|3]`
 * Exit 0: ok. 1: a diagnostic of severity error. 2: unreadable file or bad usage (one line on stderr).
 */
import { readFileSync } from 'node:fs';
import { analyze, formatCsv, formatMarkdown, formatText, toJson, type AnalysisReport } from '../core/index';
import { OptionError, parseFlags, usageFlags, type SummaryOptions } from '../core/options';
import { validationJson, validationText } from '../core/validate/format';
import type { ModelValidation, ValidationOptions } from '../core/validate/validate';
import { validateReports, type NodeBackend } from './validate';

const USAGE = `usage: model-summary FILE… ${usageFlags('cli')}

Reads Keras models from Python files, notebooks (.ipynb), Keras JSON and .keras archives, without running
them, and prints each layer's output shape and parameter count under the Keras and cuDNN conventions.
--validate builds each model with TensorFlow.js and runs one forward pass to check the shapes and Keras counts.`;

class UsageError extends Error {}

interface Options {
  files: string[];
  summary: SummaryOptions;
  validation: ValidationOptions;
}

function parseArgs(argv: string[]): Options | 'help' {
  if (argv.some(a => a === '-h' || a === '--help')) return 'help';
  const summary: SummaryOptions = { convention: 'both', format: 'text', kerasVersion: 3, validate: false, backend: 'cpu' };
  let files: string[];
  try {
    files = parseFlags(argv, 'cli', summary);
  } catch (e) {
    if (e instanceof OptionError) throw new UsageError(e.message);
    throw e;
  }
  if (!files.length) throw new UsageError('no input file');
  const validation: ValidationOptions = {};
  if (summary.batchSize !== undefined) validation.batchSize = summary.batchSize;
  if (summary.sequenceLength !== undefined) validation.sequenceLength = summary.sequenceLength;
  if (summary.budgetMB !== undefined) validation.budgetBytes = summary.budgetMB * 1024 * 1024;
  return { files, summary, validation };
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
  if (opts.summary.format === 'json') {
    const doc = (r: FileReport) => {
      const json = toJson(r.report);
      return { ...json, models: json.models.map((m, i) => (r.validation ? { ...m, validation: validationJson(r.validation[i]) } : m)) };
    };
    if (reports.length === 1) return JSON.stringify(doc(reports[0]), null, 2) + '\n';
    return JSON.stringify({ files: reports.map(r => ({ file: r.file, ...doc(r) })) }, null, 2) + '\n';
  }
  const one = (r: FileReport) => {
    const body = opts.summary.format === 'markdown' ? formatMarkdown(r.report, opts.summary.convention) : opts.summary.format === 'csv' ? formatCsv(r.report) : formatText(r.report, opts.summary.convention);
    if (!r.validation || opts.summary.format === 'csv') return body;
    return `${body}\n${r.validation.map((v, i) => `${r.report.models[i].name}:\n${validationText(v)}`).join('\n\n')}\n`;
  };
  if (reports.length === 1) return one(reports[0]);
  return reports.map(r => (opts.summary.format === 'csv' ? one(r) : `==> ${r.file} <==\n${one(r)}`)).join('\n');
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
        return { file, report: analyze({ name: file, content }, { kerasVersion: opts === 'help' ? 3 : opts.summary.kerasVersion }) };
      } catch (e) {
        throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
      }
    });
    if (opts.summary.validate) {
      const results = await validateReports(reports.map(r => r.report), opts.summary.backend as NodeBackend, opts.validation);
      reports.forEach((r, i) => (r.validation = results[i]));
    }
    process.stdout.write(render(reports, opts));
    const failed = reports.some(r => r.report.diagnostics.some(d => d.severity === 'error') || r.validation?.some(v => v.layers.some(l => l.status === 'mismatch')));
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
