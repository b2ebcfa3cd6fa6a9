/**
 * The engine (the reader, the catalogue, the formats) is fetched on first use, so that JupyterLab's
 * start-up loads only the plugins' glue.
 */
export type Engine = typeof import('./engine-entry');
export type Formats = typeof import('./formats-entry');
export type View = typeof import('./view/report-view');
export type Magic = typeof import('./magic');
export type Validation = typeof import('./validation');

let engine: Promise<Engine> | null = null;
let formats: Promise<Formats> | null = null;
let view: Promise<View> | null = null;
let magic: Promise<Magic> | null = null;
let validation: Promise<Validation> | null = null;

export function loadEngine(): Promise<Engine> {
  return (engine ??= import('./engine-entry'));
}

/** The report view (tables as DOM): shared by the panel and saved outputs, fetched when first shown. */
export function loadView(): Promise<View> {
  return (view ??= import('./view/report-view'));
}

export function loadFormats(): Promise<Formats> {
  return (formats ??= import('./formats-entry'));
}

export function loadMagic(): Promise<Magic> {
  return (magic ??= import('./magic'));
}

/** TensorFlow.js and the validator: a chunk of its own, fetched on the first validation only. */
export function loadValidation(): Promise<Validation> {
  return (validation ??= import('./validation'));
}
