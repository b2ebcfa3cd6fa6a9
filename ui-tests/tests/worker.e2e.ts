/**
 * The engine runs in a Web Worker: a cell that is slow to analyse never freezes the page. It is
 * stopped at the time limit (1 s here, through the settings), the worker is replaced, the panel names
 * the cell and why, and the cells around it are still summarized. While the worker works, the page
 * keeps painting frames and typing in a cell lands at once.
 */
import { expect, galata, test } from '@jupyterlab/galata';
import { openNotebook, showPanel } from './helpers';

const HEADER = 'import keras\nfrom keras import layers\n';
// Work the reader follows within its step budget but slowly: 3,000 functional models over a 3,000-layer
// chain (each walks the whole graph, for a few steps each): about 7 s in Node on a 2-CPU machine, far
// past the 1 s time limit set below however fast the machine. (Adding 180,000 layers one by one, as here
// before, now ends at the step budget in about 1 s: too close to the limit.)
const SLOW = `${HEADER}inp = keras.Input((4,))\nx = inp\nfor i in range(3000):\n    x = layers.Dense(4)(x)\nfor j in range(3000):\n    m = keras.Model(inp, x)\n`;

test.use({
  mockSettings: {
    ...galata.DEFAULT_SETTINGS,
    '@jupyterlab/docmanager-extension:plugin': { renameUntitledFileOnSave: false },
    '@jupyterlab/apputils-extension:notification': { checkForUpdates: false, fetchNews: 'false' },
    'jupyterlab-model-summary:plugin': { analysisTimeLimitSeconds: 1, debounceMs: 100 }
  }
});

test('a hostile cell is stopped in the worker, named in the panel, and the page stays fluid', async ({ page, tmpPath }) => {
  await openNotebook(page, tmpPath, 'hostile.ipynb', [
    `${HEADER}a = keras.Sequential([keras.Input((3,)), layers.Dense(2)], name="before")`,
    SLOW,
    `b = keras.Sequential([keras.Input((3,)), layers.Dense(5)], name="after")`
  ]);
  const panel = await showPanel(page);
  const diagnostic = panel.locator('.jp-ModelSummary-diagnostic[data-severity="error"]').filter({ hasText: 'took longer than 1 s' });
  await expect(diagnostic).toBeVisible({ timeout: 30_000 });
  await expect(diagnostic).toContainText('cell 2');
  // The cells before and after the slow one are summarized.
  await expect(panel.locator('section.jp-ModelSummary-model[data-model-name="before"]')).toBeVisible();
  await expect(panel.locator('section.jp-ModelSummary-model[data-model-name="after"]')).toBeVisible();

  // From here on (JupyterLab's own start-up is over), the main thread's longest pause between timer ticks
  // while the worker chews on the slow cell again and the user types.
  await page.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __stop: () => void };
    w.__gaps = [];
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      w.__gaps.push(now - last);
      last = now;
    }, 20);
    w.__stop = () => clearInterval(timer);
  });
  // Typing while the worker chews on the slow cell again: each keystroke shows at once.
  await page.notebook.setCell(2, 'code', 'b = keras.Sequential([keras.Input((3,)), layers.Dense(6)], name="after")');
  const cell = page.locator('.jp-Cell').nth(0).locator('.cm-content');
  await cell.click();
  const start = Date.now();
  await page.keyboard.type('\n# typed while the worker analyses', { delay: 10 });
  const typingMs = Date.now() - start;
  await expect(cell).toContainText('# typed while the worker analyses');
  const maxGap = await page.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __stop: () => void };
    w.__stop();
    return Math.max(...w.__gaps);
  });
  console.log(`longest main-thread pause while the worker ran: ${maxGap.toFixed(0)} ms; 34 keystrokes in ${typingMs} ms`);
  // In the page, the slow cell alone froze it for minutes; now no pause comes near that (the bound is generous
  // for this 2-CPU machine shared with other jobs).
  expect(maxGap).toBeLessThan(1500);
  await expect(
    panel.locator('section.jp-ModelSummary-model[data-model-name="after"] tr.jp-ModelSummary-row td.jp-ModelSummary-params').first()
  ).toHaveText('24', { timeout: 30_000 });
});

test('the cell magic runs in the worker too: a slow cell above it is stopped, the magic still summarizes its own cell', async ({ page, tmpPath }) => {
  await openNotebook(page, tmpPath, 'magic-worker.ipynb', [
    HEADER,
    SLOW,
    '%%model_summary\nm = keras.Sequential([keras.Input((3,)), layers.Dense(2)], name="magic_in_worker")'
  ]);
  await page.notebook.runCell(2, { wait: false });
  const cell = (await page.notebook.getCellLocator(2))!;
  const model = cell.locator('.jp-OutputArea-output.jp-ModelSummary-output section.jp-ModelSummary-model[data-model-name="magic_in_worker"]');
  await expect(model).toBeVisible({ timeout: 30_000 });
  await expect(model.locator('tr.jp-ModelSummary-row td.jp-ModelSummary-params').first()).toHaveText('8');
});
