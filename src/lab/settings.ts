/**
 * The extension's settings (schema/plugin.json), read once and kept current. One model for every plugin:
 * `settingsPlugin` provides it under the `IModelSummarySettings` token, the panel and the cell executor
 * require it.
 */
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { PromiseDelegate, Token } from '@lumino/coreutils';
import { Signal, type ISignal } from '@lumino/signaling';
import { kerasVersionSetting } from './magic-syntax';
import type { Backend, ConventionChoice } from '../core/options';
import { DOMAIN } from '../core/i18n/strings';
import type { Catalogue } from '../core/i18n/catalogue';
import { languageCatalogue, useLanguage } from './language';
import { catalogueLookup, translateLoadedSchema } from './settings-schema';

export const PLUGIN_ID = 'jupyterlab-model-summary:plugin';

export interface ISettings {
  defaultConvention: ConventionChoice;
  /** `auto`, or a Keras version: `2`, `3`, `2.3`, `2.15`, `3.x`. */
  kerasVersion: string;
  autoRefresh: boolean;
  debounceMs: number;
  magicEnabled: boolean;
  validationBackend: Backend;
  validationBatchSize: number;
  validationSequenceLength: number;
  validationBudgetMB: number;
  validationTimeLimitSeconds: number;
  autoValidate: boolean;
  /** Ask the kernel for its live models after each execution (issue 11). */
  liveReading: boolean;
  /** An analysis running longer is stopped (its worker replaced) and the slow cell named. */
  analysisTimeLimitSeconds: number;
  /** Cell text analysed at most, in MB. */
  maxInputMB: number;
}

export const DEFAULT_SETTINGS: ISettings = {
  defaultConvention: 'both',
  kerasVersion: 'auto',
  autoRefresh: true,
  debounceMs: 300,
  magicEnabled: true,
  validationBackend: 'auto',
  validationBatchSize: 1,
  validationSequenceLength: 8,
  validationBudgetMB: 512,
  validationTimeLimitSeconds: 30,
  autoValidate: false,
  liveReading: true,
  analysisTimeLimitSeconds: 10,
  maxInputMB: 100
};

/** The validation options the settings ask for. */
export function validationOptions(s: ISettings): { batchSize: number; sequenceLength: number; budgetBytes: number; timeLimitMs: number } {
  return {
    batchSize: s.validationBatchSize,
    sequenceLength: s.validationSequenceLength,
    budgetBytes: s.validationBudgetMB * 1024 * 1024,
    timeLimitMs: s.validationTimeLimitSeconds * 1000
  };
}

/** Holds the current settings; works without a registry (tests, Notebook 7 without settings). */
export class SettingsModel {
  private current: ISettings = { ...DEFAULT_SETTINGS };
  private readonly changedSignal = new Signal<this, ISettings>(this);
  private readonly readyDelegate = new PromiseDelegate<void>();

  get value(): Readonly<ISettings> {
    return this.current;
  }

  /** Resolves once the registry was read (or could not be). */
  get ready(): Promise<void> {
    return this.readyDelegate.promise;
  }

  get changed(): ISignal<this, ISettings> {
    return this.changedSignal;
  }

  async connect(registry: ISettingRegistry | null, catalogue?: Promise<Catalogue | null>): Promise<void> {
    try {
      if (!registry) return;
      const settings = await registry.load(PLUGIN_ID);
      // The settings editor shows the schema in the page's language (see settings-schema.ts).
      if (catalogue) translateLoadedSchema(registry, settings, catalogueLookup(await catalogue));
      const read = () => {
        const composite = settings.composite as Partial<ISettings>;
        this.current = { ...DEFAULT_SETTINGS, ...composite, kerasVersion: kerasVersionSetting(composite.kerasVersion) };
        this.changedSignal.emit(this.current);
      };
      read();
      settings.changed.connect(read);
    } catch (reason) {
      console.warn('jupyterlab-model-summary: settings could not be loaded; using defaults.', reason);
    } finally {
      this.readyDelegate.resolve();
    }
  }
}

/** The one settings model the plugins share. */
export const IModelSummarySettings = new Token<SettingsModel>(
  'jupyterlab-model-summary:settings',
  'The Model Summary settings, read once for every plugin.'
);

export const settingsPlugin: JupyterFrontEndPlugin<SettingsModel> = {
  id: 'jupyterlab-model-summary:settings',
  description: 'Reads the Model Summary settings once and shares them with the other plugins.',
  autoStart: true,
  provides: IModelSummarySettings,
  optional: [ISettingRegistry, ITranslator],
  activate: (_app, registry: ISettingRegistry | null, translator: ITranslator | null) => {
    const settings = new SettingsModel();
    // The first plugin to start sets the engine's language (the panel and the executor require this one).
    useLanguage(translator, (translator ?? nullTranslator).load(DOMAIN));
    void settings.connect(registry, languageCatalogue());
    return settings;
  }
};
