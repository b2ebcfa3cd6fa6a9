/**
 * keras.applications builders are a chunk of their own (their code is as large as the rest of the
 * engine): fetched only when a notebook's code names `applications`, before the (synchronous)
 * analysis that needs them. Part of the engine chunk (engine-entry.ts re-exports it), so that
 * JupyterLab's start-up glue does not grow.
 */

/** `keras.applications.ResNet50`, `from tensorflow.keras.applications import …`, `from keras import applications`. */
const USES_APPLICATIONS = /\bapplications\b/;

export function usesApplications(sources: readonly string[]): boolean {
  return sources.some(s => USES_APPLICATIONS.test(s));
}

let loaded: Promise<void> | null = null;

/** Fetches the builders and installs them into the reader (once). */
export function loadApplications(): Promise<void> {
  return (loaded ??= import('./applications-entry').then(m => m.install()));
}
