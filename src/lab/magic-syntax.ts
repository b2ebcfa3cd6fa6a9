/**
 * What start-up code needs to know about the `%%model_summary` magic and its saved output, without
 * loading the engine: the magic's first line, the MIME type, and the payload's shape.
 */
import type { JsonReport, KerasVersion } from '../core/index';
import { VIEW_CONVENTIONS, type Backend, type ConventionChoice } from '../core/options';
import type { ValidationJson } from '../core/validate/format';

export const MAGIC = '%%model_summary';
export const MIME_TYPE = 'application/vnd.jupyter.model-summary+json';

export interface MagicOptions {
  convention: ConventionChoice;
  kerasVersion: KerasVersion;
  /** Run the TensorFlow.js check too. */
  validate: boolean;
  backend: Backend;
}

/** Validation results saved with the output: which backend ran, why, and each model's result. */
export interface SavedValidation {
  backend: string;
  note: string;
  models: Record<string, ValidationJson>;
}

/** What the MIME renderer reads back from a saved output. */
export interface MagicPayload {
  version: 1;
  options: MagicOptions;
  cell: number;
  report: JsonReport;
  validation?: SavedValidation;
}

export interface CodeCellSource {
  index: number;
  source: string;
}

export function isMagicCell(source: string): boolean {
  const first = source.replace(/^\s*\n/, '').split('\n', 1)[0] ?? '';
  return /^\s*%%model_summary(\s|$)/.test(first);
}

/** A saved payload, checked before it is rendered (outputs come from files anyone can edit). */
export function readPayload(data: unknown): MagicPayload | null {
  if (!data || typeof data !== 'object') return null;
  const p = data as Partial<MagicPayload>;
  const r = p.report as Partial<JsonReport> | undefined;
  if (p.version !== 1 || !r || !Array.isArray(r.models) || !Array.isArray(r.diagnostics)) return null;
  const convention = p.options?.convention;
  return {
    version: 1,
    cell: typeof p.cell === 'number' ? p.cell : -1,
    options: {
      convention: VIEW_CONVENTIONS.find(c => c === convention) ?? 'both',
      kerasVersion: p.options?.kerasVersion === 2 ? 2 : 3,
      validate: p.options?.validate === true,
      backend: 'auto'
    },
    report: { kerasVersion: r.kerasVersion === 2 ? 2 : 3, models: r.models, diagnostics: r.diagnostics },
    ...(p.validation && typeof p.validation === 'object' && typeof p.validation.backend === 'string' && p.validation.models && typeof p.validation.models === 'object'
      ? { validation: { backend: p.validation.backend, note: String(p.validation.note ?? ''), models: p.validation.models } }
      : {})
  };
}
