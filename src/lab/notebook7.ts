/**
 * Notebook 7 shows no sidebar tab bars: its side panels open from the View menu's Right Sidebar submenu, its
 * palette ("Show Model Summary", category View) and a button in each notebook's toolbar. This adds that button,
 * with the panel's icon; JupyterLab has the icon in its right sidebar instead.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { CommandToolbarButton } from '@jupyterlab/apputils';
import type { INotebookTracker } from '@jupyterlab/notebook';

/** The toolbar item's name (the kernel name's neighbour, where Notebook 7 keeps its own side-panel buttons). */
const TOOLBAR_ITEM = 'modelSummary';

export function addNotebookToolbarButtons(tracker: INotebookTracker, commands: JupyterFrontEnd['commands'], command: string): void {
  tracker.widgetAdded.connect((_, panel) => {
    const button = new CommandToolbarButton({ commands, id: command, label: '' });
    button.addClass('jp-ModelSummary-toolbarButton');
    // The toolbar owns the button from here on (disposed with it); one that found no place is disposed now.
    const placed = panel.toolbar.insertBefore('kernelName', TOOLBAR_ITEM, button) || panel.toolbar.addItem(TOOLBAR_ITEM, button);
    if (!placed) button.dispose();
  });
}
