/**
 * The one place the reader meets keras.applications. The builders are a chunk of their own: the CLI
 * and the tests install them with the engine (core/index.ts), JupyterLab only once a notebook uses an
 * application (lab/applications.ts). Until then `applications()` is null and the reader says so.
 */
import type { ILocation } from '../types';
import type { KerasSession, Model } from '../keras/objects';
import type { ICallArgs } from '../keras/construct';

export interface IApplicationBuilders {
  /**
   * Builds `keras.applications.<name>(...)` as Keras does; throws AnalysisError on what Keras rejects.
   * 'unknown': not an application the builders know; 'failed': a layer of it failed, already reported.
   */
  build(session: KerasSession, name: string, args: ICallArgs, location: ILocation | null): Model | 'unknown' | 'failed';
  names: readonly string[];
}

let installed: IApplicationBuilders | null = null;

export function installApplications(builders: IApplicationBuilders): void {
  installed = builders;
}

export function applications(): IApplicationBuilders | null {
  return installed;
}
