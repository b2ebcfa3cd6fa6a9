/**
 * What start-up code needs to know about the `%%model_summary` magic and its saved output, without
 * loading the engine: the magic's first line, the MIME type, and the payload's shape.
 */
import type { JsonReport } from '../core/index';
import { formatKerasRelease, parseKerasVersion } from '../core/keras/version';
import { VIEW_CONVENTIONS, type Backend, type ConventionChoice } from '../core/options';
import type { IValidationJson } from '../core/validate/format';
import type { IJsonModel } from '../core/format/json';
import type { ILiveModelCheck } from '../core/readers/live';

export const MAGIC = '%%model_summary';
export const MIME_TYPE = 'application/vnd.jupyter.model-summary+json';

export interface IMagicOptions {
  convention: ConventionChoice;
  /** `auto` (inferred from the code), or a Keras version as written: `2`, `3`, `2.3`, `2.15`. */
  kerasVersion: string;
  /** Run the TensorFlow.js check too. */
  validate: boolean;
  backend: Backend;
  /** `--no-run`: summarize only; the kernel does not run the cell. */
  noRun?: boolean;
}

/** The live cross-check saved with the output once the kernel ran the cell (issue 11). */
export interface ISavedLive {
  /** "live (Keras 3.15.1, tensorflow)", or why there is none. */
  label: string;
  /** Models static and live both know, compared layer by layer. */
  checks: ILiveModelCheck[];
  /** Models only the kernel could summarize (the static reader did not know them), as JSON report models. */
  models: IJsonModel[];
}

/** Validation results saved with the output: which backend ran, why, and each model's result. */
export interface ISavedValidation {
  backend: string;
  note: string;
  models: Record<string, IValidationJson>;
}

/** What the MIME renderer reads back from a saved output. */
export interface IMagicPayload {
  version: 1;
  options: IMagicOptions;
  cell: number;
  report: JsonReport;
  validation?: ISavedValidation;
  live?: ISavedLive;
  /** A line said once in the output (e.g. no kernel: summarized, not run). */
  note?: string;
}

export interface ICodeCellSource {
  index: number;
  source: string;
}

/** A Keras version setting as stored (a number in older settings and outputs), normalized; `auto` when unreadable. */
export function kerasVersionSetting(value: unknown): string {
  const release = typeof value === 'string' || typeof value === 'number' ? parseKerasVersion(value) : null;
  return release ? formatKerasRelease(release) : 'auto';
}

export function isMagicCell(source: string): boolean {
  const first = source.replace(/^\s*\n/, '').split('\n', 1)[0] ?? '';
  return /^\s*%%model_summary(\s|$)/.test(first);
}

/** A saved payload, checked before it is rendered (outputs come from files anyone can edit). */
export function readPayload(data: unknown): IMagicPayload | null {
  if (!data || typeof data !== 'object') return null;
  const p = data as Partial<IMagicPayload>;
  const r = p.report as Partial<JsonReport> | undefined;
  if (p.version !== 1 || !r || !Array.isArray(r.models) || !Array.isArray(r.diagnostics)) return null;
  const convention = p.options?.convention;
  return {
    version: 1,
    cell: typeof p.cell === 'number' ? p.cell : -1,
    options: {
      convention: VIEW_CONVENTIONS.find(c => c === convention) ?? 'both',
      kerasVersion: kerasVersionSetting(p.options?.kerasVersion),
      validate: p.options?.validate === true,
      backend: 'auto'
    },
    report: { kerasVersion: r.kerasVersion === 2 ? 2 : 3, models: r.models, diagnostics: r.diagnostics },
    ...(p.live && typeof p.live === 'object' && Array.isArray(p.live.checks) && Array.isArray(p.live.models)
      ? { live: { label: String(p.live.label ?? 'live'), checks: p.live.checks, models: p.live.models } }
      : {}),
    ...(typeof p.note === 'string' ? { note: p.note } : {}),
    ...(p.validation &&
    typeof p.validation === 'object' &&
    typeof p.validation.backend === 'string' &&
    p.validation.models &&
    typeof p.validation.models === 'object'
      ? { validation: { backend: p.validation.backend, note: String(p.validation.note ?? ''), models: p.validation.models } }
      : {})
  };
}
