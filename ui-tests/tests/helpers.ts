/**
 * Shared steps of the end-to-end tests: notebooks written into the test's temporary folder through
 * the contents API, the side panel, and the notebook state read from the running application.
 */
import * as path from 'path';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

export const REPO = path.resolve(__dirname, '..', '..');
export const DEMO = path.join(REPO, 'examples', 'demo.ipynb');
/** The README's screenshots are rewritten only when asked (UPDATE_SCREENSHOTS=1); else they go to test-results. */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? path.join(REPO, 'docs', 'screenshots')
  : path.join(__dirname, '..', 'test-results', 'screenshots');

export const PANEL_ID = 'jp-model-summary-panel';

/**
 * The application is ready for a test: the splash screen is gone and the file browser shows the folder the
 * page was opened on (`/lab/tree/<folder>`, or a file's folder). JupyterLab moves the file browser there only
 * after the layout is restored, up to a second after the splash is gone; galata's file-browser steps
 * (`notebook.openByPath`) taken before that click Home, are moved back into the folder, and then wait forever
 * for the folder's entry in the Home listing. galata's own readiness check (a tab named
 * "Launcher" active) cannot serve in Chinese (启动页), nor after a reload, where the restored notebook is active.
 */
export async function appReady(page: Page): Promise<void> {
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  const folder = await page.evaluate(async () => {
    const galata = (window as any).galata;
    // The tree resolver holds the path of the URL the page was opened with (null: no /tree/ in it).
    const resolver = await galata.getPlugin('@jupyterlab/application-extension:tree-resolver');
    const paths: { browser: string; file: string } | null = resolver ? await resolver.paths : null;
    const target = (paths?.file || paths?.browser || '').replace(/^\/+|\/+$/g, '');
    if (!target) return null;
    (window as any).__modelSummaryFileBrowser = await galata.getPlugin('@jupyterlab/filebrowser-extension:default-file-browser');
    const model = await (window as any).jupyterapp.serviceManager.contents.get(target, { content: false }).catch(() => null);
    // A file opens in the main area, and the file browser shows its folder.
    return model && model.type !== 'directory' ? target.slice(0, Math.max(0, target.lastIndexOf('/'))) : target;
  });
  if (folder === null) return;
  // Not an async predicate: waitForFunction takes the promise it returns for a truthy answer.
  await page.waitForFunction(expected => (window as any).__modelSummaryFileBrowser.model.path === expected, folder);
}
export const MIME_TYPE = 'application/vnd.jupyter.model-summary+json';

/** Uploads examples/demo.ipynb into the test's folder and opens it. */
export async function openDemo(page: IJupyterLabPageFixture, tmpPath: string, name = 'demo.ipynb'): Promise<string> {
  const target = `${tmpPath}/${name}`;
  await page.contents.uploadFile(DEMO, target);
  expect(await page.notebook.openByPath(target)).toBe(true);
  await page.notebook.activate(name);
  return target;
}

/** A notebook (nbformat 4) with these code cells; no kernelspec when `kernel` is false. */
export function notebookJson(cells: string[], kernel = true): string {
  return JSON.stringify({
    cells: cells.map(source => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source })),
    metadata: kernel
      ? { kernelspec: { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' }, language_info: { name: 'python' } }
      : {},
    nbformat: 4,
    nbformat_minor: 5
  });
}

/** Writes a notebook with these code cells into the test's folder and opens it. */
export async function openNotebook(page: IJupyterLabPageFixture, tmpPath: string, name: string, cells: string[], kernel = true): Promise<string> {
  const target = `${tmpPath}/${name}`;
  expect(await page.contents.uploadContent(notebookJson(cells, kernel), 'text', target)).toBe(true);
  expect(await page.notebook.openByPath(target)).toBe(true);
  await page.notebook.activate(name);
  return target;
}

/** Opens the side panel from its tab in the right sidebar and waits for an analysis. */
export async function showPanel(page: Page): Promise<Locator> {
  const tab = page.locator(`li[data-id="${PANEL_ID}"]`);
  await expect(tab).toHaveAttribute('title', /Model Summary/);
  await tab.click();
  const panel = page.locator(`#${PANEL_ID}.jp-ModelSummary`);
  await expect(panel).toBeVisible();
  await expect(panel.locator('.jp-ModelSummary-status')).toContainText('analysed in');
  return panel;
}

/** Drags the handle of the right sidebar so that the panel is `width` pixels wide. */
export async function setRightSidebarWidth(page: IJupyterLabPageFixture, width: number): Promise<void> {
  expect(await page.sidebar.setWidth(width, 'right')).toBe(true);
}

export interface INotebookState {
  path: string;
  activeCellIndex: number;
  mode: string;
  /** 0-based, as CodeMirror reports it. */
  cursor: { line: number; column: number } | null;
  /** Whether the keyboard focus is in the active cell's editor. */
  editorFocused: boolean;
}

/** The active notebook's selection, read from the application (`window.jupyterapp`). */
export async function notebookState(page: Page): Promise<INotebookState> {
  return page.evaluate(() => {
    const app = (window as any).jupyterapp;
    const panel = app.shell.currentWidget;
    const notebook = panel.content;
    const cell = notebook.activeCell;
    const editor = cell?.editor ?? null;
    return {
      path: panel.context.path,
      activeCellIndex: notebook.activeCellIndex,
      mode: notebook.mode,
      cursor: editor ? editor.getCursorPosition() : null,
      editorFocused: !!editor && editor.hasFocus()
    };
  });
}

/** The ids of the kernels the server runs (the server itself, not galata's in-page mock). */
export async function serverKernelIds(request: APIRequestContext): Promise<string[]> {
  const response = await request.get('/api/kernels');
  expect(response.ok()).toBe(true);
  return ((await response.json()) as Array<{ id: string }>).map(k => k.id).sort();
}

/** A saved notebook, read back through the contents API. */
export async function savedNotebook(request: APIRequestContext, filePath: string): Promise<any> {
  const response = await request.get(`/api/contents/${filePath.split('/').map(encodeURIComponent).join('/')}?content=1&type=notebook`);
  expect(response.ok()).toBe(true);
  return (await response.json()).content;
}

/** Selects cell `index` and runs it with Shift+Enter. */
export async function runCellWithKeyboard(page: IJupyterLabPageFixture, index: number): Promise<void> {
  expect(await page.notebook.selectCells(index)).toBe(true);
  await expect.poll(async () => (await notebookState(page)).activeCellIndex).toBe(index);
  await page.keyboard.press('Shift+Enter');
}

/** Selects cell `index` of the active notebook in command mode, the way a click on its prompt does. */
export async function selectCell(page: IJupyterLabPageFixture, index: number): Promise<void> {
  const cell = await page.notebook.getCellLocator(index);
  await cell!.locator('.jp-InputPrompt').click();
  await expect.poll(async () => (await notebookState(page)).activeCellIndex).toBe(index);
}
