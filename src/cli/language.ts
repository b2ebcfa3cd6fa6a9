/**
 * The CLI's language: English, unless the environment asks for one whose catalogue ships with the
 * package (`jupyterlab_model_summary/locale/<lang>/LC_MESSAGES/jupyterlab_model_summary.json`, next to
 * `dist/`). As gettext reads it: LANGUAGE (a colon-separated list) unless the locale is C/POSIX, then
 * LC_ALL, LC_MESSAGES, LANG; `zh_CN.UTF-8` tries zh_CN, then zh.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueStrings, type Catalogue } from '../core/i18n/catalogue';
import { DOMAIN, type IStrings } from '../core/i18n/strings';

export function localeCandidates(env: NodeJS.ProcessEnv): string[] {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const base = locale.replace(/[.@].*$/, '');
  if (base === 'C' || base === 'POSIX') return [];
  const wanted = [...(env.LANGUAGE ? env.LANGUAGE.split(':') : []), locale];
  const names: string[] = [];
  for (const w of wanted) {
    const name = w.replace(/[.@].*$/, '').replace('-', '_');
    if (!/^[A-Za-z]{2,3}(_[A-Za-z0-9]{2,3})?$/.test(name)) continue;
    for (const n of [name, name.split('_')[0]]) if (!names.includes(n)) names.push(n);
  }
  return names;
}

/** The strings for the environment's language, or null for English (or when its catalogue cannot be read). */
export function environmentStrings(env: NodeJS.ProcessEnv, localeDir = join(__dirname, '..', DOMAIN, 'locale')): IStrings | null {
  for (const name of localeCandidates(env)) {
    if (name === 'en' || name.startsWith('en_')) return null;
    const file = join(localeDir, name, 'LC_MESSAGES', `${DOMAIN}.json`);
    if (!existsSync(file)) continue;
    try {
      return catalogueStrings(JSON.parse(readFileSync(file, 'utf8')) as Catalogue);
    } catch {
      return null;
    }
  }
  return null;
}
