/**
 * The `%%model_summary` cell magic, without JupyterLab: parse its options, analyse the cell with the
 * code cells above it, and build the outputs saved in the notebook. Pure (no DOM), tested in Node.
 */
import type { AnalysisReport } from '../core/index';
import type { IStrings } from '../core/i18n/strings';
import { trans as engineStrings } from '../core/i18n/current';
import { OptionError, parseFlags, usageFlags, type ISummaryOptions } from '../core/options';
import { analyzeCells, stripIPython, toJson } from './engine-entry';
import { formatHtml, formatText } from './formats-entry';
import { escapeHtml } from '../core/format/html';
import { oneLine } from '../core/format/safe-text';
import {
  MAGIC,
  MIME_TYPE,
  type ICodeCellSource,
  type IMagicOptions,
  type IMagicPayload,
  type ISavedLive,
  type ISavedValidation
} from './magic-syntax';
import { trans } from '../core/i18n/current';

/** nbformat outputs, as plain JSON (no JupyterLab types). */
export type MagicOutput =
  | { output_type: 'display_data'; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

/** `%%model_summary [--convention …] [--keras-version auto|2|3|MAJOR.MINOR] [--validate [--backend …]]` (the option table), or a usage message. */
export function parseMagicLine(line: string, defaults: IMagicOptions, trans: IStrings = engineStrings): IMagicOptions | string {
  const words = line.trim().split(/\s+/).slice(1);
  const options: ISummaryOptions = { ...defaults, format: 'text' };
  let positional: string[];
  try {
    positional = parseFlags(words, 'magic', options);
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    const shown = words.find(w => w.startsWith(`${e.flag}=`)) ?? (e.given === undefined ? e.flag : `${e.flag} ${e.given}`);
    return usageError(shown, trans);
  }
  if (positional.length) return usageError(positional[0], trans);
  const parsed: IMagicOptions = {
    convention: options.convention,
    kerasVersion: options.kerasVersion,
    validate: options.validate,
    backend: options.backend
  };
  if (options.noRun) parsed.noRun = true;
  return parsed;
}

function usageError(shown: string, trans: IStrings): string {
  return trans.__('%1: unknown or incomplete option `%2`. Usage: %3', MAGIC, shown, `${MAGIC} ${usageFlags('magic')}`);
}

/** Only what the magic cell itself defines, and its own problems. */
function ofCell(report: AnalysisReport, cell: number): AnalysisReport {
  return {
    kerasVersion: report.kerasVersion,
    kerasRelease: report.kerasRelease,
    models: report.models.filter(m => m.location?.cell === cell),
    diagnostics: report.diagnostics.filter(d => d.location?.cell === cell)
  };
}

/**
 * Runs the magic in `cells[cells.length - 1]`, reading the cells above it for names they define.
 * Returns the outputs to save and whether the cell succeeded (no error diagnostics).
 */
export interface IMagicRun {
  outputs: MagicOutput[];
  success: boolean;
  options: IMagicOptions | null;
  /** What the cell defines (for the TensorFlow.js check); null after a usage error. */
  report: AnalysisReport | null;
}

export function runMagic(cells: ICodeCellSource[], defaults: IMagicOptions, trans: IStrings = engineStrings): IMagicRun {
  const magic = cells[cells.length - 1];
  const firstLine = magic.source.split('\n', 1)[0];
  const options = parseMagicLine(firstLine, defaults, trans);
  if (typeof options === 'string') {
    return {
      outputs: [{ output_type: 'error', ename: 'UsageError', evalue: options, traceback: [`UsageError: ${options}`] }],
      success: false,
      options: null,
      report: null
    };
  }
  const full = analyzeCells(
    cells.map(c => ({ index: c.index, source: stripIPython(c.source) })),
    { kerasVersion: options.kerasVersion }
  );
  const report = ofCell(full, magic.index);
  const payload: IMagicPayload = { version: 1, options, cell: magic.index, report: toJson(report) };
  const outputs: MagicOutput[] = [
    {
      output_type: 'display_data',
      data: {
        [MIME_TYPE]: payload as unknown as Record<string, unknown>,
        'text/html': formatHtml(report, options.convention, trans),
        'text/plain': formatText(report, options.convention, trans)
      },
      metadata: {}
    }
  ];
  const errors = report.diagnostics.filter(d => d.severity === 'error');
  if (errors.length) {
    // JupyterLab renders ANSI escapes in a traceback: messages quoting names go through oneLine.
    const lines = errors.map(d =>
      oneLine(d.location ? trans.__('line %1, column %2: %3', d.location.line, d.location.column, d.message) : d.message)
    );
    // JupyterLab shows an error output's traceback, not its name: the traceback says both.
    outputs.push({
      output_type: 'error',
      ename: 'ModelSummaryError',
      evalue: lines[0],
      traceback: [`ModelSummaryError: ${lines[0]}`, ...lines.slice(1)]
    });
  }
  return { outputs, success: errors.length === 0, options, report };
}

/** Adds validation results to the magic's saved outputs (the payload, and a line in each fallback). */
export function attachValidation(run: IMagicRun, validation: ISavedValidation, trans: IStrings = engineStrings): void {
  const display = run.outputs[0];
  if (display?.output_type !== 'display_data') return;
  const payload = display.data[MIME_TYPE] as unknown as IMagicPayload;
  payload.validation = validation;
  const lines = Object.entries(validation.models).map(([name, v]) =>
    trans.__(
      '%1: TensorFlow.js on %2, %3',
      name,
      v.backend,
      v.ok ? trans.__('shapes and Keras counts agree') : (v.message ?? trans.__('mismatches found'))
    )
  );
  display.data['text/plain'] = `${String(display.data['text/plain'])}\n${lines.join('\n')}\n`;
  display.data['text/html'] = `${String(display.data['text/html'])}<ul>${lines.map(l => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`;
}

function display(run: IMagicRun): (MagicOutput & { output_type: 'display_data' }) | null {
  const d = run.outputs[0];
  return d?.output_type === 'display_data' ? d : null;
}

/** Says one line in the output (payload and both fallbacks): e.g. that no kernel ran the cell. */
export function attachNote(run: IMagicRun, note: string): void {
  const d = display(run);
  if (!d) return;
  (d.data[MIME_TYPE] as unknown as IMagicPayload).note = note;
  d.data['text/plain'] = `${note}\n${String(d.data['text/plain'])}`;
  d.data['text/html'] = `<p><i>${escapeHtml(note)}</i></p>${String(d.data['text/html'])}`;
}

/** Adds the live cross-check (the kernel ran the cell) to the saved outputs: per model ✓ or ✗ with both numbers. */
export function attachLive(run: IMagicRun, live: ISavedLive): void {
  const d = display(run);
  if (!d) return;
  (d.data[MIME_TYPE] as unknown as IMagicPayload).live = live;
  const lines = live.checks.map(c => {
    const bad = c.layers.filter(l => l.status === 'mismatch');
    const totals = `${countWords(c.totals.keras)} Keras / ${countWords(c.totals.cudnn)} cuDNN`;
    return bad.length
      ? trans.__('✗ %1: %2, %3; %4', c.variable, live.label, totals, bad.map(l => `${l.name}: ${l.reason}`).join('; '))
      : trans.__('✓ %1: %2 agrees (%3)', c.variable, live.label, totals);
  });
  for (const m of live.models)
    lines.push(
      trans.__(
        '%1: %2 only, %3 Keras / %4 cuDNN',
        m.variable ?? m.name,
        live.label,
        countWords(m.totals.keras.total),
        countWords(m.totals.cudnn.total)
      )
    );
  if (!lines.length) lines.push(trans.__('%1: no model of this cell in the kernel', live.label));
  d.data['text/plain'] = `${String(d.data['text/plain'])}\n${lines.join('\n')}\n`;
  d.data['text/html'] = `${String(d.data['text/html'])}<ul>${lines.map(l => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`;
}

function countWords(n: number | string | null): string {
  return n === null ? '?' : String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
