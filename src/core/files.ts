/**
 * Files in, reports out: picks the reader for Python source, notebooks, Keras JSON and .keras
 * archives. (The JupyterLab plugins analyse cells directly and never load the file readers.)
 */
import { AnalysisError } from './types';
import { KerasSession } from './keras/objects';
import { analyzeCells, type AnalyzeOptions } from './analyze';
import { readNotebook, stripIPython } from './readers/notebook';
import { readKerasJson } from './readers/keras-json';
import { readKerasArchive } from './readers/keras-archive';
import { summarizeModel, type AnalysisReport } from './summary/summary';

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

export function analyze(file: SourceFile, options: AnalyzeOptions = {}): AnalysisReport {
  const kind = detectKind(file);
  switch (kind) {
    case 'notebook':
      return analyzeCells(readNotebook(decodeText(file.content)), options);
    case 'python': {
      const text = decodeText(file.content);
      if (text.slice(0, 8192).includes('\0')) throw new AnalysisError('this is a binary file, not Python source');
      // A script: one entry per summary() call, as running it would print (then the models no call showed).
      return analyzeCells([{ index: null, source: stripIPython(text) }], { summaryCalls: 'each', ...options });
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
