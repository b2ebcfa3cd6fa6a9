/**
 * Notebook 7 (`jupyter notebook`, the second server of playwright.config.ts): the panel opens from the View
 * menu and from its icon in the notebook's toolbar (Notebook 7 has no sidebar tab bars), and the palette
 * reads "Show Model Summary" once. Plain Playwright: galata's fixtures drive JupyterLab only.
 */
import * as fs from 'fs';
import { expect, test, type Page } from '@playwright/test';
import { DEMO, PANEL_ID } from './helpers';

test.use({ viewport: { width: 1400, height: 900 } });

/** Uploads examples/demo.ipynb under a name of its own (the server's folder is shared by the runs) and opens it. */
async function openDemo(page: Page, name: string): Promise<void> {
  const content = JSON.parse(fs.readFileSync(DEMO, 'utf-8'));
  const response = await page.request.put(`/api/contents/${name}`, { data: { type: 'notebook', format: 'json', content } });
  expect(response.ok()).toBe(true);
  await page.goto(`/notebooks/${name}`);
  await expect(page.locator('.jp-NotebookPanel .jp-Cell').first()).toBeVisible({ timeout: 60_000 });
}

async function expectSeedSummarized(page: Page): Promise<void> {
  const panel = page.locator(`#${PANEL_ID}.jp-ModelSummary`);
  await expect(panel).toBeVisible();
  await expect(panel.locator('.jp-ModelSummary-status')).toContainText('analysed in');
  const seed = panel.locator('section.jp-ModelSummary-model[data-model-variable="seed"]');
  await expect(seed.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"] td.jp-ModelSummary-delta')).toHaveText('+2,400');
}

test('Notebook 7: the View menu entry and the toolbar icon open the panel; one palette entry', async ({ page }) => {
  test.setTimeout(120_000);
  const name = `notebook7-${Date.now()}.ipynb`;
  await openDemo(page, name);
  const panel = page.locator(`#${PANEL_ID}.jp-ModelSummary`);
  await expect(panel).toBeHidden();

  // View → Show Model Summary (the menu's own entry; Notebook's Right Sidebar submenu has another).
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^View$/ }).click();
  const entry = page
    .locator('.lm-Menu')
    .first()
    .locator('.lm-Menu-item', { hasText: /^Show Model Summary/ });
  await expect(entry).toHaveCount(1);
  await entry.click();
  await expectSeedSummarized(page);

  // The icon in the notebook's toolbar, once the panel is closed again.
  await page.evaluate(() => (window as any).jupyterapp.shell.collapseRight());
  await expect(panel).toBeHidden();
  const button = page.locator('.jp-NotebookPanel-toolbar .jp-ModelSummary-toolbarButton');
  await expect(button).toHaveCount(1);
  await expect(button.locator('svg[data-icon="jupyterlab-model-summary:icon"]')).toBeVisible();
  await button.getByRole('button', { name: /Show the Keras model summary/ }).click();
  await expectSeedSummarized(page);

  // Notebook 7 lists the side panel in the palette itself; the extension's own entry would be a second one.
  await page.keyboard.press('Control+Shift+C');
  await page.locator('.lm-CommandPalette-input').first().fill('Model Summary');
  const labels = await page.locator('.lm-CommandPalette-itemLabel').allInnerTexts();
  expect(labels.filter(l => l === 'Show Model Summary')).toHaveLength(1);
  expect(labels).toContain('Open Model Summary in Main Area');
  await page.keyboard.press('Escape');

  await page.request.delete(`/api/contents/${name}`);
});
