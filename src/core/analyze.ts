/** The engine's entry point: one source (Python, notebook, Keras JSON or .keras archive) in, a report out. */
import { AnalysisError, type Diagnostic, type KerasVersion } from './types';
import { KerasSession, type Model } from './keras/objects';
import { PythonReader } from './python/interpreter';
import { readNotebook, stripIPython } from './readers/notebook';
import { readKerasJson } from './readers/keras-json';
import { readKerasArchive } from './readers/keras-archive';
import { summarizeModel, type AnalysisReport } from './summary/summary';

export interface AnalyzeOptions {
  /** Keras major version whose defaults apply; 3 unless the source says otherwise. */
  kerasVersion?: KerasVersion;
}

export interface SourceFile {
  name: string;
  content: string | Uint8Array;
}

export type SourceKind = 'python' | 'notebook' | 'keras-json' | 'keras-archive';

export function detectKind(file: SourceFile): SourceKind {
  const name = file.name.toLowerCase();
  if (name.endsWith('.ipynb')) return 'notebook';
  if (name.endsWith('.keras') || name.endsWith('.zip')) return 'keras-archive';
  if (name.endsWith('.json')) return 'keras-json';
  if (typeof file.content !== 'string' && file.content[0] === 0x50 && file.content[1] === 0x4b) return 'keras-archive';
  return 'python';
}

export function decodeText(content: string | Uint8Array): string {
  return typeof content === 'string' ? content : new TextDecoder('utf-8', { fatal: false }).decode(content);
}

/** Analyse Python source or notebook cells, in order, sharing one namespace. */
export function analyzeCells(cells: Array<{ index: number | null; source: string }>, options: AnalyzeOptions = {}): AnalysisReport {
  const session = new KerasSession(options.kerasVersion ?? 3);
  const reader = new PythonReader(session);
  for (const cell of cells) reader.run(cell.source, cell.index);
  // Like a Python namespace: models bound to a module-level name, in the order the names were first bound.
  const models = new Set<Model>();
  for (const value of reader.globals.vars.values()) if (value.kind === 'model') models.add(value.model);
  return { models: [...models].map(summarizeModel), diagnostics: sortDiagnostics(session.diagnostics), kerasVersion: session.version };
}

/** Diagnostics in reading order: by cell, line, column (stable for ties). */
function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => [d.location?.cell ?? -1, d.location?.line ?? 0, d.location?.column ?? 0];
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const [x, y] = [key(a.d), key(b.d)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || a.i - b.i;
    })
    .map(e => e.d);
}

export function analyze(file: SourceFile, options: AnalyzeOptions = {}): AnalysisReport {
  const kind = detectKind(file);
  switch (kind) {
    case 'notebook':
      return analyzeCells(readNotebook(decodeText(file.content)), options);
    case 'python': {
      const text = decodeText(file.content);
      if (text.slice(0, 8192).includes('\0')) throw new AnalysisError('this is a binary file, not Python source');
      return analyzeCells([{ index: null, source: stripIPython(text) }], options);
    }
    case 'keras-json':
    case 'keras-archive': {
      const json = kind === 'keras-json' ? decodeText(file.content) : readKerasArchive(toBytes(file.content));
      const session = new KerasSession(options.kerasVersion ?? 3);
      readKerasJson(json, session);
      return { models: session.models.filter(m => m.variable !== null).map(summarizeModel), diagnostics: session.diagnostics, kerasVersion: session.version };
    }
  }
}

function toBytes(content: string | Uint8Array): Uint8Array {
  if (typeof content !== 'string') return content;
  throw new AnalysisError('a .keras archive must be read as bytes');
}
