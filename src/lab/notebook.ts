/** Reading code cells out of a notebook model, and taking the user to a cell and line. */
import type { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import type { ILocation } from '../core/index';
import type { ICodeCellSource } from './magic-syntax';

/** The code cells of a notebook in order, each with its index; up to and including `last` if given. */
export function codeCells(model: INotebookModel, last = Infinity): ICodeCellSource[] {
  const out: ICodeCellSource[] = [];
  const n = Math.min(model.cells.length - 1, last);
  for (let i = 0; i <= n; i++) {
    const cell = model.cells.get(i);
    if (cell.type === 'code') out.push({ index: i, source: cell.sharedModel.getSource() });
  }
  return out;
}

/** Selects the cell, scrolls to it and puts the cursor on the line and column. */
export async function revealLocation(panel: NotebookPanel, location: ILocation): Promise<void> {
  if (location.cell === null) return;
  const notebook = panel.content;
  const cell = notebook.widgets[location.cell];
  if (!cell) return;
  notebook.activeCellIndex = location.cell;
  notebook.deselectAll();
  await notebook.scrollToCell(cell, 'auto');
  notebook.mode = 'edit';
  await cell.ready;
  cell.editor?.setCursorPosition({ line: Math.max(0, location.line - 1), column: Math.max(0, location.column - 1) });
  cell.editor?.focus();
}
