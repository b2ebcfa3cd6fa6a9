/**
 * The options shared by the CLI flags and the `%%model_summary` flags, as one table: each flag, the
 * values it takes (per front end where they differ), and what it sets. Both parsers and both usage lines
 * are derived from it, so a flag added here is known to both.
 */
import type { IStrings } from './i18n/strings';
import { trans, withStrings } from './i18n/current';
import { formatKerasRelease, parseKerasVersion } from './keras/version';

/** Which counts a view shows: one convention, or Keras and cuDNN side by side. */
export type ConventionChoice = 'keras' | 'cudnn' | 'both' | 'declared';
/** The conventions the JupyterLab views (toggle, settings, magic) offer. */
export const VIEW_CONVENTIONS = ['keras', 'cudnn', 'both'] as const satisfies readonly ConventionChoice[];

/** A TensorFlow.js backend for the validation pass; `auto` picks the best one available. */
export type Backend = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const satisfies readonly Backend[];
/** The backends TensorFlow.js has in Node. */
export const NODE_BACKENDS = ['cpu', 'wasm'] as const satisfies readonly Backend[];

export type OutputFormat = 'text' | 'markdown' | 'csv' | 'json';

export type FrontEnd = 'cli' | 'magic';

/** What the flags set (each front end reads the fields it has). */
export interface ISummaryOptions {
  convention: ConventionChoice;
  format: OutputFormat;
  /** `auto`, or a release as written back by formatKerasRelease (`2`, `3`, `2.3`, `2.15`). */
  kerasVersion: string;
  validate: boolean;
  backend: Backend;
  batchSize?: number;
  sequenceLength?: number;
  budgetMB?: number;
  /** CLI: list the rows of nested models even where the summary() call shown does not (`expand_nested=False`). */
  expandNested?: boolean;
  /** CLI: print the weight-conversion module instead of the tables. */
  conversionCode?: boolean;
  /** CLI: the text decoded and analysed from one file, in MB; and how long standard input may stay silent, in s. */
  maxInputMB?: number;
  stdinTimeoutS?: number;
  /** Magic: summarize only; the kernel does not run the cell. */
  noRun?: boolean;
}

interface IOptionSpec {
  flag: string;
  key: keyof ISummaryOptions;
  /** `switch`: no value; `choice`: one of `values`; `positive`: a positive integer; `version`: auto, 2, 3 or major.minor. */
  kind: 'switch' | 'choice' | 'positive' | 'version';
  values?: Partial<Record<FrontEnd, readonly string[]>>;
  frontEnds: readonly FrontEnd[];
  /** Shown in usage lines in place of the values. */
  placeholder?: string;
  /** Written in the usage line inside the brackets of this flag (`--validate [--backend …]`). */
  under?: string;
}

/** What `--keras-version` takes, as usage and messages write it (any major.minor is read). */
const KERAS_VERSIONS = ['auto', '2', '3', 'MAJOR.MINOR'] as const;

export const OPTION_TABLE: readonly IOptionSpec[] = [
  {
    flag: '--convention',
    key: 'convention',
    kind: 'choice',
    values: { cli: ['keras', 'cudnn', 'both', 'declared'], magic: VIEW_CONVENTIONS },
    frontEnds: ['cli', 'magic']
  },
  { flag: '--format', key: 'format', kind: 'choice', values: { cli: ['text', 'markdown', 'csv', 'json'] }, frontEnds: ['cli'] },
  {
    flag: '--keras-version',
    key: 'kerasVersion',
    kind: 'version',
    values: { cli: KERAS_VERSIONS, magic: KERAS_VERSIONS },
    frontEnds: ['cli', 'magic']
  },
  { flag: '--max-input-mb', key: 'maxInputMB', kind: 'positive', frontEnds: ['cli'], placeholder: 'N' },
  { flag: '--stdin-timeout-s', key: 'stdinTimeoutS', kind: 'positive', frontEnds: ['cli'], placeholder: 'N' },
  { flag: '--validate', key: 'validate', kind: 'switch', frontEnds: ['cli', 'magic'] },
  {
    flag: '--backend',
    key: 'backend',
    kind: 'choice',
    values: { cli: NODE_BACKENDS, magic: BACKENDS },
    frontEnds: ['cli', 'magic'],
    under: '--validate'
  },
  { flag: '--batch-size', key: 'batchSize', kind: 'positive', frontEnds: ['cli'], placeholder: 'N', under: '--validate' },
  { flag: '--sequence-length', key: 'sequenceLength', kind: 'positive', frontEnds: ['cli'], placeholder: 'N', under: '--validate' },
  { flag: '--budget-mb', key: 'budgetMB', kind: 'positive', frontEnds: ['cli'], placeholder: 'N', under: '--validate' },
  { flag: '--expand-nested', key: 'expandNested', kind: 'switch', frontEnds: ['cli'] },
  { flag: '--conversion-code', key: 'conversionCode', kind: 'switch', frontEnds: ['cli'] },
  { flag: '--no-run', key: 'noRun', kind: 'switch', frontEnds: ['magic'] }
];

function specsOf(frontEnd: FrontEnd): IOptionSpec[] {
  return OPTION_TABLE.filter(o => o.frontEnds.includes(frontEnd));
}

/** `[--convention keras|cudnn|both] … [--validate [--backend …]]` for one front end. */
export function usageFlags(frontEnd: FrontEnd): string {
  const specs = specsOf(frontEnd);
  const one = (o: IOptionSpec) => (o.kind === 'switch' ? o.flag : `${o.flag} ${o.placeholder ?? o.values![frontEnd]!.join('|')}`);
  return specs
    .filter(o => !o.under)
    .map(o => {
      const nested = specs.filter(n => n.under === o.flag).map(n => `[${one(n)}]`);
      return `[${one(o)}${nested.length ? ` ${nested.join(' ')}` : ''}]`;
    })
    .join(' ');
}

/** A flag the user got wrong: `reason` says how, in words the front end shows as it likes. */
export class OptionError extends Error {
  constructor(
    readonly flag: string,
    readonly reason: 'unknown' | 'missing' | 'choice' | 'positive' | 'version',
    readonly given: string | undefined,
    readonly allowed: readonly string[] = []
  ) {
    super(optionErrorText(flag, reason, given, allowed));
  }
}

/** The message of an OptionError, in the language of the analysis (or of `strings` where given). */
export function optionErrorText(
  flag: string,
  reason: OptionError['reason'],
  given: string | undefined,
  allowed: readonly string[],
  strings?: IStrings
): string {
  if (strings) return withStrings(strings, () => optionErrorText(flag, reason, given, allowed));
  switch (reason) {
    case 'unknown':
      return trans.__('unknown option %1', flag);
    case 'missing':
      return allowed.length ? trans.__('%1 takes one of %2', flag, allowed.join(', ')) : trans.__('%1 takes a positive integer', flag);
    case 'choice':
      return trans.__("%1 takes one of %2, got '%3'", flag, allowed.join(', '), given);
    case 'positive':
      return trans.__("%1 takes a positive integer, got '%2'", flag, given);
    case 'version':
      return trans.__("%1 takes auto, 2, 3 or major.minor (2.2, 2.3, 2.15, 3.x), got '%2'", flag, given);
  }
}

/**
 * Reads flags (`--flag value` or `--flag=value`) into `into`; anything that is not a flag is returned
 * as a positional argument (the CLI's files; the magic has none). Throws OptionError.
 */
export function parseFlags(words: readonly string[], frontEnd: FrontEnd, into: ISummaryOptions): string[] {
  const specs = specsOf(frontEnd);
  const positional: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    // `--` ends the options: every later word is positional, even one named like an option.
    if (word === '--') {
      positional.push(...words.slice(i + 1));
      break;
    }
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
    const spec = specs.find(o => o.flag === flag);
    if (!spec) {
      if (flag.startsWith('-') && flag !== '-') throw new OptionError(flag, 'unknown', undefined);
      positional.push(word);
      continue;
    }
    const options = into as unknown as Record<string, unknown>;
    if (spec.kind === 'switch') {
      if (inline !== undefined) throw new OptionError(flag, 'unknown', word);
      options[spec.key] = true;
      continue;
    }
    const value = inline ?? words[++i];
    const allowed = spec.values?.[frontEnd] ?? [];
    if (value === undefined) throw new OptionError(flag, 'missing', undefined, allowed);
    if (spec.kind === 'choice') {
      if (!allowed.includes(value)) throw new OptionError(flag, 'choice', value, allowed);
      options[spec.key] = value;
    } else if (spec.kind === 'version') {
      const release = value === 'auto' ? null : parseKerasVersion(value);
      if (value !== 'auto' && !release) throw new OptionError(flag, 'version', value, allowed);
      options[spec.key] = release ? formatKerasRelease(release) : 'auto';
    } else {
      const n = Number(value);
      if (!value || !Number.isInteger(n) || n <= 0 || n > 1e9) throw new OptionError(flag, 'positive', value);
      options[spec.key] = n;
    }
  }
  return positional;
}
