/** The extension's settings (schema/plugin.json), read once and kept current. */
import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import { Signal, type ISignal } from '@lumino/signaling';
import type { KerasVersion } from '../core/index';
import type { MagicConvention } from './magic-syntax';

export const PLUGIN_ID = 'jupyterlab-model-summary:plugin';

export interface Settings {
  defaultConvention: MagicConvention;
  kerasVersion: KerasVersion;
  autoRefresh: boolean;
  debounceMs: number;
  magicEnabled: boolean;
  validationBackend: 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
  autoValidate: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  defaultConvention: 'both',
  kerasVersion: 3,
  autoRefresh: true,
  debounceMs: 300,
  magicEnabled: true,
  validationBackend: 'auto',
  autoValidate: false
};

/** Holds the current settings; works without a registry (tests, Notebook 7 without settings). */
export class SettingsModel {
  private current: Settings = { ...DEFAULT_SETTINGS };
  private readonly changedSignal = new Signal<this, Settings>(this);

  get value(): Readonly<Settings> {
    return this.current;
  }

  get changed(): ISignal<this, Settings> {
    return this.changedSignal;
  }

  async connect(registry: ISettingRegistry | null): Promise<void> {
    if (!registry) return;
    try {
      const settings = await registry.load(PLUGIN_ID);
      const read = () => {
        this.current = { ...DEFAULT_SETTINGS, ...(settings.composite as Partial<Settings>) };
        this.changedSignal.emit(this.current);
      };
      read();
      settings.changed.connect(read);
    } catch (reason) {
      console.warn('jupyterlab-model-summary: settings could not be loaded; using defaults.', reason);
    }
  }
}
