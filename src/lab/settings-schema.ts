/**
 * The settings schema in the page's language. jupyterlab_server translates schemas only with `.mo`
 * files inside an installed language pack (TranslationBundle.update_locale looks in
 * `jupyterlab_language_pack_<locale>/locale/`, not at the `jupyterlab.locale` entry point), so our own
 * catalogue, which the page's translator does hold, is applied here to the schema the registry loaded:
 * the same strings and contexts jupyterlab-translate extracts (`schema` for the title and description,
 * `settings` for each property's). A schema the server already translated goes through unchanged.
 * (Not a fetch transform: `jupyter.lab.transform` would hold the plugin back until the transform is
 * registered, and the menus and shortcuts of its schema would then arrive late.)
 */
import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import type { Catalogue } from '../core/i18n/catalogue';

type Schema = ISettingRegistry.ISchema;

/** A string's translation in `context`, or the string. */
export type SchemaLookup = (context: string, text: string) => string;

/**
 * Looks schema strings up in the catalogue itself: JupyterLab's `trans._p` would format them, turning the
 * `%%model_summary` of a description into `%model_summary`.
 */
export function catalogueLookup(catalogue: Catalogue | null): SchemaLookup {
  return (context, text) => {
    const entry = catalogue?.[`${context}\u0004${text}`];
    return Array.isArray(entry) && typeof entry[0] === 'string' && entry[0] ? entry[0] : text;
  };
}

export function translateSchema(schema: Schema, lookup: SchemaLookup): Schema {
  const text = (context: string, value: unknown) => (typeof value === 'string' && value ? lookup(context, value) : value);
  const translated: Schema = { ...schema };
  for (const key of ['title', 'description'] as const) if (schema[key] !== undefined) translated[key] = text('schema', schema[key]) as string;
  if (schema['jupyter.lab.setting-icon-label'] !== undefined)
    translated['jupyter.lab.setting-icon-label'] = text('settings', schema['jupyter.lab.setting-icon-label']) as string;
  if (schema.properties) {
    translated.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => {
        const p = { ...property };
        if (p.title !== undefined) p.title = text('settings', p.title) as string;
        if (p.description !== undefined) p.description = text('settings', p.description) as string;
        return [name, p];
      })
    );
  }
  return translated;
}

/**
 * Translates the loaded schema of `settings` in place (the registry, the settings editor's list and its
 * form read that one object), and again each time the registry loads it anew (after a save).
 */
export function translateLoadedSchema(registry: ISettingRegistry, settings: ISettingRegistry.ISettings, lookup: SchemaLookup): void {
  const apply = () => {
    const plugin = registry.plugins[settings.id];
    if (plugin) Object.assign(plugin.schema, translateSchema(plugin.schema, lookup));
  };
  apply();
  registry.pluginChanged.connect((_, id) => {
    if (id === settings.id) apply();
  });
}
