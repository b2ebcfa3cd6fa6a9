/**
 * Translatable text without JupyterLab: the same two calls as JupyterLab's `TranslationBundle`
 * (`trans.__` and `trans._n`, `%1`-style arguments), so the JupyterLab plugins pass their bundle for the
 * domain `jupyterlab_model_summary` and everything else (the CLI, the tests) gets English.
 *
 * Extraction (`make pot`, jupyterlab-translate) finds only literal strings in calls on a variable named
 * `trans`: write `trans.__('Total params')`, never `trans.__(label)`.
 */
export interface IStrings {
  __(msgid: string, ...args: unknown[]): string;
  _n(msgid: string, msgidPlural: string, n: number, ...args: unknown[]): string;
}

/** The translation domain: the Python package name, as JupyterLab's language server looks it up. */
export const DOMAIN = 'jupyterlab_model_summary';

/** Replaces %1, %2, … with the arguments, as JupyterLab's gettext does. */
export function substitute(text: string, args: unknown[]): string {
  return text.replace(/%(\d+)/g, (whole, i: string) => (Number(i) >= 1 && Number(i) <= args.length ? String(args[Number(i) - 1]) : whole));
}

/** English: the message ids themselves. */
export const english: IStrings = {
  __: (msgid, ...args) => substitute(msgid, args),
  _n: (msgid, plural, n, ...args) => substitute(n === 1 ? msgid : plural, [n, ...args])
};
