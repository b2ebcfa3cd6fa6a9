/**
 * Files in, reports out: picks the reader for Python source, notebooks, Keras JSON and .keras
 * archives. (The JupyterLab plugins analyse cells directly and never load the file readers.)
 * A file may be given as text, bytes, or a `ByteSource` (positioned reads): the notebook and archive
 * readers then read only what they need, so a file's weight is not what is decoded.
 */
import { AnalysisError } from './types';
import { formatKerasRelease } from './keras/version';
import { analyzeCells, sessionFor, type IAnalyzeOptions } from './analyze';
import { prepareCell, printedKerasMajor, readNotebook } from './readers/notebook';
import { readKerasJson } from './readers/keras-json';
import { readKerasArchive } from './readers/keras-archive';
import { isByteSource, memorySource, type IByteSource } from './readers/byte-source';
import { summarizeModel, type IAnalysisReport } from './summary/summary';
import { trans, withStrings } from './i18n/current';

export interface ISourceFile {
  name: string;
  content: string | Uint8Array | IByteSource;
}

export type SourceKind = 'python' | 'notebook' | 'keras-json' | 'keras-archive';

export interface IFileOptions extends IAnalyzeOptions {
  /** Bytes of text decoded and analysed from one file (Python source, JSON, a notebook's cells, an archive's config). */
  maxInputBytes?: number;
}

/** 100 MiB: a 50 MB script is read; more text than this is not a model definition a person wrote. */
export const DEFAULT_MAX_INPUT_BYTES = 100 * 1024 * 1024;

/** The file name decides; the content is sniffed only for a name without a known extension (a `.py` starting with `PK` is Python). */
export function detectKind(file: ISourceFile): SourceKind {
  const name = file.name.toLowerCase();
  if (name.endsWith('.ipynb')) return 'notebook';
  if (name.endsWith('.keras') || name.endsWith('.zip')) return 'keras-archive';
  if (name.endsWith('.json')) return 'keras-json';
  if (/\.(py|pyw|pyi|ipy|txt)$/.test(name)) return 'python';
  const head = typeof file.content === 'string' ? null : isByteSource(file.content) ? file.content.read(0, 4) : file.content;
  if (head && head[0] === 0x50 && head[1] === 0x4b) return 'keras-archive';
  return 'python';
}

export function decodeText(content: string | Uint8Array): string {
  return typeof content === 'string' ? content : new TextDecoder('utf-8', { fatal: false }).decode(content);
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024).toLocaleString('en-US')} MB`;

/** The whole content as text, refused past the cap (Python source and Keras JSON are analysed whole). */
function wholeText(content: ISourceFile['content'], max: number, what: string): string {
  if (typeof content === 'string') {
    if (content.length > max)
      throw new AnalysisError(trans.__('the %1 is %2, over the %3 limit (--max-input-mb)', what, mb(content.length), mb(max)));
    return content;
  }
  const source = isByteSource(content) ? content : memorySource(content);
  if (source.size > max) throw new AnalysisError(trans.__('the %1 is %2, over the %3 limit (--max-input-mb)', what, mb(source.size), mb(max)));
  return decodeText(source.read(0, source.size));
}

/** A file's models. It is read once (`readOnce`, unless the options say false): its syntax trees are not kept. */
export function analyze(file: ISourceFile, options: IFileOptions = {}): IAnalysisReport {
  return withStrings(options.strings, () => analyzeNow(file, options));
}

function analyzeNow(file: ISourceFile, options: IFileOptions): IAnalysisReport {
  const kind = detectKind(file);
  const max = options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  switch (kind) {
    case 'notebook':
      // Run top to bottom, a notebook prints what a script does: one entry per summary() call (the panel,
      // which follows a notebook being edited, shows each model once in its latest state instead).
      // Its saved summary tables tell which Keras ran it, when the version is left to the reader.
      return analyzeCells(readNotebook(file.content, max), readAsRun(file.content, options));
    case 'python': {
      const text = wholeText(file.content, max, trans.__('Python source'));
      if (text.slice(0, 8192).includes('\0')) throw new AnalysisError(trans.__('this is a binary file, not Python source'));
      // A script: one entry per summary() call, as running it would print (then the models no call showed). A
      // summary table pasted in a comment or docstring tells which Keras printed it, as a notebook's outputs do.
      return analyzeCells([{ index: null, ...prepareCell(text) }], readAsRun(text, options));
    }
    case 'keras-json':
    case 'keras-archive': {
      const session = sessionFor([], options);
      if (kind === 'keras-json') readKerasJson(file.content, session, max);
      else readKerasJson(readKerasArchive(toSource(file.content), max), session, max);
      const memo = new Map();
      return {
        models: session.models.filter(m => m.variable !== null).map(m => summarizeModel(m, session.version, memo)),
        diagnostics: session.diagnostics,
        kerasVersion: session.version,
        kerasRelease: formatKerasRelease(session.release)
      };
    }
  }
}

/**
 * How a script or notebook file is read, unless the options say otherwise: as running it prints (one entry per
 * summary() call), once (its syntax trees not kept), and, when the version is left to the reader, as the Keras
 * that printed its saved or pasted summary tables.
 */
function readAsRun(content: ISourceFile['content'], options: IFileOptions): IFileOptions {
  const auto = options.kerasVersion === undefined || options.kerasVersion === 'auto';
  return { summaryCalls: 'each', readOnce: true, ...(auto ? { printedKerasMajor: printedKerasMajor(content) } : {}), ...options };
}

function toSource(content: ISourceFile['content']): IByteSource {
  if (typeof content === 'string') throw new AnalysisError(trans.__('a .keras archive must be read as bytes'));
  return isByteSource(content) ? content : memorySource(content);
}
