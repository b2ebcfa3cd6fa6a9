/**
 * The engine (the reader, the catalogue, the formats) is fetched on first use, so that JupyterLab's
 * start-up loads only the plugins' glue.
 */
export type Engine = typeof import('./engine-entry');
export type Magic = typeof import('./magic');

let engine: Promise<Engine> | null = null;
let magic: Promise<Magic> | null = null;

export function loadEngine(): Promise<Engine> {
  return (engine ??= import('./engine-entry'));
}

export function loadMagic(): Promise<Magic> {
  return (magic ??= import('./magic'));
}
