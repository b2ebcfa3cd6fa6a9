/**
 * The `%%model_summary` cell magic, without JupyterLab: parse its options, analyse the cell with the
 * code cells above it, and build the outputs saved in the notebook. Pure (no DOM), tested in Node.
 */
import type { AnalysisReport, KerasVersion } from '../core/index';
import { analyzeCells, formatHtml, formatText, stripIPython, toJson } from './engine-entry';
import { MAGIC, MIME_TYPE, type CodeCellSource, type MagicOptions, type MagicPayload } from './magic-syntax';

/** nbformat outputs, as plain JSON (no JupyterLab types). */
export type MagicOutput =
  | { output_type: 'display_data'; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

/** `%%model_summary [--convention keras|cudnn|both] [--keras-version 2|3]`, or a usage message. */
export function parseMagicLine(line: string, defaults: MagicOptions): MagicOptions | string {
  const words = line.trim().split(/\s+/).slice(1);
  const options = { ...defaults };
  for (let i = 0; i < words.length; i++) {
    const written = words[i];
    const [flag, inline] = written.includes('=') ? written.split('=', 2) : [written, undefined];
    const value = inline ?? words[++i];
    if (flag === '--convention' && (value === 'keras' || value === 'cudnn' || value === 'both')) options.convention = value;
    else if (flag === '--keras-version' && (value === '2' || value === '3')) options.kerasVersion = Number(value) as KerasVersion;
    else {
      const shown = inline === undefined && value !== undefined ? `${written} ${value}` : written;
      return `${MAGIC}: unknown or incomplete option \`${shown}\`. Usage: ${MAGIC} [--convention keras|cudnn|both] [--keras-version 2|3]`;
    }
  }
  return options;
}

/** Only what the magic cell itself defines, and its own problems. */
function ofCell(report: AnalysisReport, cell: number): AnalysisReport {
  return {
    kerasVersion: report.kerasVersion,
    models: report.models.filter(m => m.location?.cell === cell),
    diagnostics: report.diagnostics.filter(d => d.location?.cell === cell)
  };
}

/**
 * Runs the magic in `cells[cells.length - 1]`, reading the cells above it for names they define.
 * Returns the outputs to save and whether the cell succeeded (no error diagnostics).
 */
export function runMagic(cells: CodeCellSource[], defaults: MagicOptions): { outputs: MagicOutput[]; success: boolean } {
  const magic = cells[cells.length - 1];
  const firstLine = magic.source.split('\n', 1)[0];
  const options = parseMagicLine(firstLine, defaults);
  if (typeof options === 'string') {
    return { outputs: [{ output_type: 'error', ename: 'UsageError', evalue: options, traceback: [options] }], success: false };
  }
  const full = analyzeCells(cells.map(c => ({ index: c.index, source: stripIPython(c.source) })), { kerasVersion: options.kerasVersion });
  const report = ofCell(full, magic.index);
  const payload: MagicPayload = { version: 1, options, cell: magic.index, report: toJson(report) };
  const outputs: MagicOutput[] = [
    {
      output_type: 'display_data',
      data: {
        [MIME_TYPE]: payload as unknown as Record<string, unknown>,
        'text/html': formatHtml(report, options.convention),
        'text/plain': formatText(report, options.convention)
      },
      metadata: {}
    }
  ];
  const errors = report.diagnostics.filter(d => d.severity === 'error');
  if (errors.length) {
    const lines = errors.map(d => (d.location ? `line ${d.location.line}, column ${d.location.column}: ${d.message}` : d.message));
    outputs.push({ output_type: 'error', ename: 'ModelSummaryError', evalue: lines[0], traceback: lines });
  }
  return { outputs, success: errors.length === 0 };
}
