/**
 * The screenshots in docs/screenshots/ (committed documentation, not snapshot assertions): the side
 * panel on examples/demo.ipynb and a %%model_summary output, in the light and the dark theme.
 */
import * as path from 'path';
import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import { SCREENSHOTS, openDemo, openNotebook, runCellWithKeyboard, setRightSidebarWidth, showPanel } from './helpers';

test.use({ viewport: { width: 1400, height: 900 } });

const THEMES = [
  ['light', 'JupyterLab Light', 'true'],
  ['dark', 'JupyterLab Dark', 'false']
] as const;

async function changeTheme(page: IJupyterLabPageFixture, theme: string, light: string): Promise<void> {
  await page.evaluate(name => (window as any).jupyterapp.commands.execute('apputils:change-theme', { theme: name }), theme);
  await expect(page.locator('body')).toHaveAttribute('data-jp-theme-name', theme);
  await expect(page.locator('body')).toHaveAttribute('data-jp-theme-light', light);
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
}

const MAGIC_CELL = `%%model_summary
classifier = keras.Sequential(
    [
        keras.Input(shape=(None,), dtype="int32"),
        layers.Embedding(640, units),
        layers.Bidirectional(layers.LSTM(units, return_sequences=True)),
        layers.GlobalMaxPooling1D(),
        layers.Dense(10, activation="softmax"),
    ],
    name="classifier",
)`;

test.describe('documentation screenshots', () => {
  test('side panel', async ({ page, tmpPath }) => {
    await openDemo(page, tmpPath);
    await page.sidebar.close('left');
    const panel = await showPanel(page);
    await setRightSidebarWidth(page, 640);
    // The seed cell, under its explanation, next to its summary.
    expect(await page.notebook.selectCells(3)).toBe(true);
    await (await page.notebook.getCellLocator(2))!.evaluate(heading => {
      const scroller = heading.closest('.jp-WindowedPanel-outer')!;
      scroller.scrollTop += heading.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 8;
    });
    await expect((await page.notebook.getCellLocator(3))!).toBeInViewport();
    const seed = panel.locator('section.jp-ModelSummary-model[data-model-variable="seed"]');
    await expect(seed.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"] td.jp-ModelSummary-delta')).toHaveText('+2,400');
    // Every column fits: the table is no wider than its container.
    const wrap = seed.locator('.jp-ModelSummary-tableWrap');
    const [tableWidth, wrapWidth] = await wrap.evaluate(w => [w.querySelector('table')!.scrollWidth, w.clientWidth]);
    expect(tableWidth).toBeLessThanOrEqual(wrapWidth);
    for (const [name, theme, light] of THEMES) {
      await changeTheme(page, theme, light);
      await expect(seed).toBeVisible();
      await page.screenshot({ path: path.join(SCREENSHOTS, `panel-${name}.png`) });
    }
  });

  test('magic output', async ({ page, tmpPath }) => {
    await openNotebook(page, tmpPath, 'magic.ipynb', ['import keras\nfrom keras import layers\n\nunits = 300', MAGIC_CELL]);
    await page.sidebar.close('left');
    // The magic cell runs in the kernel too: the cell above first, so that its names exist there.
    expect(await page.notebook.runCell(0)).toBe(true);
    await runCellWithKeyboard(page, 1);
    const cell = (await page.notebook.getCellLocator(1))!;
    const output = cell.locator('.jp-ModelSummary-output');
    await expect(output.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"] td.jp-ModelSummary-delta')).toHaveText('+2,400');
    expect(await page.notebook.selectCells(1)).toBe(true);
    // The notebook from its toolbar down to the end of the summary.
    const notebook = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)');
    for (const [name, theme, light] of THEMES) {
      await changeTheme(page, theme, light);
      await expect(output).toBeVisible();
      const box = (await notebook.boundingBox())!;
      const end = (await output.boundingBox())!;
      const clip = { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, end.y + end.height + 8 - box.y) };
      await page.screenshot({ path: path.join(SCREENSHOTS, `magic-${name}.png`), clip });
    }
  });
});
