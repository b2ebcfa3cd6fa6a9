/**
 * The engine's own messages (diagnostics, Δ reasons, validation and CLI errors) are written where they
 * arise, deep in the reader and the catalogue, far from any translator. They call this module's
 * `trans`, which forwards to the strings of the analysis in progress: `withStrings(bundle, run)` sets
 * them for one synchronous run (the worker and the CLI run one analysis at a time), English otherwise.
 *
 * Write `trans.__('Expected %1 arguments, got %2', n, m)` with a literal message id, so `make i18n`
 * extracts it; never `trans.__(message)`.
 */
import { english, type IStrings } from './strings';

let current: IStrings = english;

export const trans: IStrings = {
  __: (msgid, ...args) => current.__(msgid, ...args),
  _n: (msgid, msgidPlural, n, ...args) => current._n(msgid, msgidPlural, n, ...args)
};

/** Runs `run` with `strings` as the engine's messages (English when undefined), then restores them. */
export function withStrings<T>(strings: IStrings | undefined, run: () => T): T {
  const saved = current;
  current = strings ?? english;
  try {
    return run();
  } finally {
    current = saved;
  }
}
