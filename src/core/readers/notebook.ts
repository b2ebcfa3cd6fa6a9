/** Jupyter notebooks: the code cells, in order, each keeping its index for locations. */
import { AnalysisError } from '../types';

export interface CodeCell {
  index: number;
  source: string;
}

/** Magic and shell lines are blanked (not removed) so that line numbers stay true. */
export function stripIPython(source: string): string {
  const lines = source.split('\n');
  if (/^\s*%%/.test(lines[0] ?? '') && !/^\s*%%model_summary\b/.test(lines[0])) return lines.map(() => '').join('\n');
  return lines.map(l => (/^\s*(%|!)/.test(l) ? '' : l)).join('\n');
}

export function readNotebook(text: string): CodeCell[] {
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch (e) {
    throw new AnalysisError(`not a valid notebook: ${(e as Error).message}`);
  }
  const cells = (nb as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) throw new AnalysisError('not a valid notebook: it has no "cells" list');
  const out: CodeCell[] = [];
  cells.forEach((cell, index) => {
    if (!cell || typeof cell !== 'object' || (cell as { cell_type?: unknown }).cell_type !== 'code') return;
    const src = (cell as { source?: unknown }).source;
    const source = Array.isArray(src) ? src.filter(s => typeof s === 'string').join('') : typeof src === 'string' ? src : '';
    out.push({ index, source: stripIPython(source) });
  });
  return out;
}
