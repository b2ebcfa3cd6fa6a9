/**
 * The engine's own messages (diagnostics, Δ reasons, validation and CLI errors) are written where they
 * arise, deep in the reader and the catalogue, far from any translator. They call this module's
 * `trans`, which forwards to the strings of the analysis in progress: `withStrings(bundle, run)` sets
 * them for one synchronous run (the worker and the CLI run one analysis at a time); otherwise the
 * thread's default, `setDefaultStrings` (the page's bundle in JupyterLab, the CLI's language), English
 * until set.
 *
 * Write `trans.__('%1 needs an input', name)` with a literal message id, so `make i18n`
 * extracts it; never `trans.__(message)`. A message built at module level is English forever: write a
 * function or a getter there, so it is translated when read.
 */
import { english, type IStrings } from './strings';

let fallback: IStrings = english;
let current: IStrings | null = null;
/** Set while asynchronous runs (validation) are in progress; they share one language (the newest wins). */
let pending: { strings: IStrings; runs: number } | null = null;

export const trans: IStrings = {
  __: (msgid, ...args) => (current ?? pending?.strings ?? fallback).__(msgid, ...args),
  _n: (msgid, msgidPlural, n, ...args) => (current ?? pending?.strings ?? fallback)._n(msgid, msgidPlural, n, ...args)
};

/** Runs `run` with `strings` as the engine's messages (the ones in force when undefined), then restores them. */
export function withStrings<T>(strings: IStrings | undefined, run: () => T): T {
  if (!strings) return run();
  const saved = current;
  current = strings;
  try {
    return run();
  } finally {
    current = saved;
  }
}

/** As withStrings, for an asynchronous run (a validation): in force until it settles, for every message outside a withStrings. */
export async function withStringsAsync<T>(strings: IStrings | undefined, run: () => Promise<T>): Promise<T> {
  if (!strings) return run();
  pending = { strings, runs: (pending?.runs ?? 0) + 1 };
  try {
    return await run();
  } finally {
    if (pending && --pending.runs === 0) pending = null;
  }
}

/**
 * The strings outside any `withStrings`: for a thread where every analysis speaks one language (the
 * JupyterLab page, whose validation is asynchronous; the CLI process). Undefined: English again.
 */
export function setDefaultStrings(strings: IStrings | undefined): void {
  fallback = strings ?? english;
}
