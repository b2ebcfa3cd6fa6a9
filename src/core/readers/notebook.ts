/**
 * Jupyter notebooks: the code cells, in order, each keeping its index for locations. Only what the
 * analysis needs is decoded: outputs and attachments (the bulk of a large notebook) are scanned past.
 */
import { AnalysisError } from '../types';
import { isJsonObject, readJson, type JsonValue } from './json-text';
import { isByteSource, memorySource, type IByteSource } from './byte-source';
import { trans } from '../i18n/current';

export interface ICodeCell {
  index: number;
  source: string;
  /** Why the cell is not read as Python (another language's cell magic), when it is not. */
  note?: string;
}

/** IPython cell magics whose body is Python, run as it is (the magic times or captures it). */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'model_summary']);

/** `%%timeit`'s options: those that take a value, and the flags. */
const TIMEIT_OPTION = /^\s*%%timeit((?:\s+-(?:[nrp]\s*\S+|[tcqo]))*)\s*/;

export interface IPreparedCell {
  source: string;
  note: string | null;
}

/**
 * A cell's source as Python: IPython line magics and shell lines are blanked (not removed) so line
 * numbers stay true; a cell magic whose body is Python keeps its body (`%%timeit`'s setup statement
 * too), any other cell magic (`%%bash`, `%%html`, `%%writefile`) blanks the cell with a note.
 */
export function prepareCell(source: string): IPreparedCell {
  const firstEnd = source.indexOf('\n');
  const first = firstEnd < 0 ? source : source.slice(0, firstEnd);
  const magic = /^\s*%%([A-Za-z_][\w.]*)/.exec(first);
  // One pass over the text (a 50 MB script has a million lines): line magics and shell lines become empty lines.
  const blankMagics = (text: string) => text.replace(/^[ \t]*[%!].*$/gm, '');
  if (magic) {
    const name = magic[1];
    if (!PYTHON_CELL_MAGICS.has(name)) {
      return {
        source: '\n'.repeat(countLines(source) - 1),
        note: trans.__('this cell is a %1 cell, not Python: it is not analysed', `%%${visibleName(name)}`)
      };
    }
    let head = '';
    if (name === 'timeit') {
      // `%%timeit -n 10 x = setup()`: the setup statement runs before the body; it keeps its columns.
      const options = TIMEIT_OPTION.exec(first)!;
      const setup = first.slice(options[0].length);
      if (setup.trim()) head = 'if 1:'.padEnd(options[0].length, ' ') + setup;
    }
    return { source: firstEnd < 0 ? head : head + blankMagics(source.slice(firstEnd)), note: null };
  }
  return { source: blankMagics(source), note: null };
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Magic and shell lines blanked (see prepareCell). */
export function stripIPython(source: string): string {
  return prepareCell(source).source;
}

const visibleName = (s: string) => s.slice(0, 40);

/** Reads the code cells of a notebook (text, bytes or a byte source); at most `maxKeptBytes` of text is decoded. */
export function readNotebook(input: string | Uint8Array | IByteSource, maxKeptBytes?: number): ICodeCell[] {
  // The root object is depth 1, "cells" depth 2, a cell depth 3: its outputs and attachments are skipped.
  const nb = readJson(input, {
    what: 'notebook',
    invalid: trans.__('not a valid notebook'),
    maxKeptBytes,
    skip: (depth, key) => depth === 3 && (key === 'outputs' || key === 'attachments')
  });
  if (!isJsonObject(nb)) throw new AnalysisError(trans.__('not a valid notebook: the file holds %1, not a notebook object', describe(nb)));
  const format = nb.get('nbformat');
  if (typeof format === 'bigint' && format < 4n) {
    throw new AnalysisError(
      trans.__('this is an nbformat %1 notebook (IPython 2 or older); open it in Jupyter and save it to convert it to nbformat 4', format)
    );
  }
  const cells = nb.get('cells');
  if (!Array.isArray(cells)) throw new AnalysisError(trans.__('not a valid notebook: it has no "cells" list'));
  const out: ICodeCell[] = [];
  cells.forEach((cell, index) => {
    if (!isJsonObject(cell) || cell.get('cell_type') !== 'code') return;
    const src = cell.get('source');
    const text = Array.isArray(src) ? src.filter(s => typeof s === 'string').join('') : typeof src === 'string' ? src : '';
    const { source, note } = prepareCell(text);
    out.push(note ? { index, source, note } : { index, source });
  });
  return out;
}

function describe(j: JsonValue): string {
  if (j === null) return 'null';
  if (Array.isArray(j)) return trans.__('a list');
  if (typeof j === 'string') return trans.__('a string');
  if (typeof j === 'boolean') return j ? 'true' : 'false';
  return trans.__('a number');
}

/**
 * The Keras major version that printed a notebook's saved `model.summary()` tables, from how they look: Keras 3
 * draws its table with box characters (`┃ Layer (type) ┃`), Keras 2 (standalone and tf.keras) underlines the
 * header with `=`. Null when no table is saved, or tables of both kinds are. Read from the raw file in windows
 * (the outputs the cell reader scans past), a window at a time.
 */
export function printedKerasMajor(input: string | Uint8Array | IByteSource): 2 | 3 | null {
  let keras2 = 0;
  let keras3 = 0;
  // Each table header from `from` (up to `to`) in `text`, judged by the text around it.
  const look = (text: string, boxChars: string[], from = 0, to = text.length) => {
    for (let i = text.indexOf(HEADER, from); i >= 0 && i < to; i = text.indexOf(HEADER, i + 1)) {
      const around = text.slice(Math.max(0, i - 200), i + 400);
      if (boxChars.some(c => around.includes(c))) keras3++;
      else if (/={20}/.test(around)) keras2++;
    }
  };
  const boxChars = ['\u2503', '\\u2503']; // ┃ as written, or as a JSON escape
  if (typeof input === 'string') look(input, boxChars);
  else {
    // In windows of a megabyte, each with the bytes around it, a header counted in the window it starts in (about:
    // offsets are bytes, the text decoded; a header counted twice or missed at an edge leaves the kinds seen as they are).
    const source = isByteSource(input) ? input : memorySource(input);
    const chunk = 1 << 20;
    const utf8 = new TextDecoder('utf-8');
    for (let at = 0; at < source.size; at += chunk) {
      const start = Math.max(0, at - OVERLAP);
      // A character cut at a window's edge decodes as U+FFFD: far from the headers counted in that window.
      const text = utf8.decode(source.read(start, at - start + chunk + OVERLAP));
      look(text, boxChars, at - start, at - start + chunk);
    }
  }
  if (keras2 && !keras3) return 2;
  if (keras3 && !keras2) return 3;
  return null;
}

const HEADER = 'Layer (type)';
const OVERLAP = 1024;
