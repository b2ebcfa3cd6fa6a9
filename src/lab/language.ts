/**
 * The page's language, for the engine: the plugins' bundle becomes the default strings of the engine
 * code that runs in the page (validation, the analyses where no worker runs, the formats), and the
 * engine's Web Worker, which JupyterLab's translator cannot reach, is sent the catalogue of our domain
 * for the current language (read once from the translations API data the page loaded, else fetched
 * from that API), from which it builds a bundle with the same plural rule (core/i18n/catalogue.ts).
 */
import { requestTranslationsAPI, type ITranslator } from '@jupyterlab/translation';
import type { Catalogue } from '../core/i18n/catalogue';
import { setDefaultStrings } from '../core/i18n/current';
import { DOMAIN, type IStrings } from '../core/i18n/strings';

let catalogue: Promise<Catalogue | null> = Promise.resolve(null);
let configured: ITranslator | null = null;

/** Called by each plugin with JupyterLab's translator (the first call wins; they share one). */
export function useLanguage(translator: ITranslator | null, trans: IStrings): void {
  if (!translator || configured) return;
  configured = translator;
  setDefaultStrings(trans);
  catalogue = loadCatalogue(translator);
}

/** The catalogue the worker gets with each request: null for English or when none could be read. */
export function languageCatalogue(): Promise<Catalogue | null> {
  return catalogue;
}

interface ITranslationsReply {
  data?: Record<string, Catalogue>;
}

export async function loadCatalogue(
  translator: ITranslator,
  fetchTranslations: (locale: string) => Promise<ITranslationsReply> = locale => requestTranslationsAPI<ITranslationsReply>('', locale)
): Promise<Catalogue | null> {
  const code = translator.languageCode ?? 'en';
  if (code === 'en' || code.startsWith('en-')) return null;
  // JupyterLab 4's TranslationManager keeps the translations API's reply for every domain (not public API).
  const loaded = (translator as { _domainData?: Record<string, Catalogue> })._domainData;
  if (loaded && typeof loaded === 'object') return loaded[DOMAIN] ?? null;
  try {
    // The API takes the settings' spelling of the locale (zh_CN); the translator reports it as zh-CN.
    return (await fetchTranslations(code.replace('-', '_'))).data?.[DOMAIN] ?? null;
  } catch (reason) {
    console.warn('jupyterlab-model-summary: translations could not be loaded for the engine worker; its messages stay English.', reason);
    return null;
  }
}
