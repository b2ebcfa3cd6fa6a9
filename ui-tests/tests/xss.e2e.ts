/**
 * Layer and model names are user text: they must render as text, never as HTML, in the side panel,
 * in the magic's output and in the saved HTML fallback.
 */
import { expect, test } from '@jupyterlab/galata';
import { MIME_TYPE, openNotebook, runCellWithKeyboard, savedNotebook, showPanel } from './helpers';

const IMG_PANEL = '<img src=x onerror=alert(1)>';
const IMG_DIAGNOSTIC = '<img src=x onerror=alert(2)>';
const IMG_MAGIC = '<img src=x onerror=alert(3)>';
const SCRIPT_MODEL = '<script>alert(4)</script>';

test('names that look like HTML render as text in the panel and in the magic output', async ({ page, tmpPath, request }) => {
  const dialogs: string[] = [];
  page.on('dialog', dialog => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });

  const file = await openNotebook(page, tmpPath, 'xss.ipynb', [
    'import keras\nfrom keras import layers',
    `xss = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(4, name="${IMG_PANEL}")], name="<b>bold</b>")\n` +
      `bad = keras.Sequential([keras.Input(shape=(8,)), layers.LSTM(4, name="${IMG_DIAGNOSTIC}")])`,
    `%%model_summary\nxss_magic = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(4, name="${IMG_MAGIC}")], name="${SCRIPT_MODEL}")`
  ]);

  // The side panel.
  const panel = await showPanel(page);
  const xss = panel.locator('section.jp-ModelSummary-model[data-model-variable="xss"]');
  await expect(xss).toHaveAttribute('data-model-name', '<b>bold</b>');
  await expect(xss.locator('.jp-ModelSummary-modelName')).toHaveText('<b>bold</b>');
  const layerName = xss.locator('tr.jp-ModelSummary-row .jp-ModelSummary-layerName');
  await expect(layerName).toHaveText(IMG_PANEL);
  await expect(layerName).toBeVisible();
  await expect(panel.getByText(IMG_PANEL, { exact: true })).toBeVisible();
  await expect(xss.locator('tr.jp-ModelSummary-row td.jp-ModelSummary-params')).toHaveText(['36', '36']);
  // The LSTM on a 2-D input: a diagnostic whose message names the layer.
  await expect(panel.locator('li.jp-ModelSummary-diagnostic .jp-ModelSummary-message')).toContainText(IMG_DIAGNOSTIC);
  await expect(panel.locator('.jp-ModelSummary-modelName').filter({ hasText: SCRIPT_MODEL })).toHaveText(SCRIPT_MODEL);

  // The magic output.
  await runCellWithKeyboard(page, 2);
  const output = (await page.notebook.getCellLocator(2))!.locator('.jp-ModelSummary-output');
  await expect(output.locator('.jp-ModelSummary-modelName')).toHaveText(SCRIPT_MODEL);
  await expect(output.locator('tr.jp-ModelSummary-row .jp-ModelSummary-layerName')).toHaveText(IMG_MAGIC);
  await expect(output.getByText(IMG_MAGIC, { exact: true })).toBeVisible();

  // No element was made from the names, anywhere.
  for (const selector of ['.jp-ModelSummary img', '.jp-ModelSummary script', '.jp-ModelSummary b', 'img[src="x"]']) {
    await expect(page.locator(selector), selector).toHaveCount(0);
  }

  // The saved HTML fallback (what GitHub or nbviewer would show) escapes them too.
  expect(await page.notebook.save()).toBe(true);
  const data = (await savedNotebook(request, file)).cells[2].outputs[0].data;
  expect(data[MIME_TYPE].report.models[0].name).toBe(SCRIPT_MODEL);
  const html = Array.isArray(data['text/html']) ? data['text/html'].join('') : data['text/html'];
  expect(html).not.toMatch(/<img|<script/i);
  expect(html).toContain('&lt;img src=x onerror=alert(3)&gt;');
  expect(html).toContain('&lt;script&gt;alert(4)&lt;/script&gt;');

  expect(dialogs).toEqual([]);
});
