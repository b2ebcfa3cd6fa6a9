/**
 * The panel in Simplified Chinese: JupyterLab's language set to zh_CN (the jupyterlab-language-pack-zh-CN
 * package) loads this extension's catalogue (jupyterlab_model_summary/locale/zh_CN). English stays the
 * default (every other spec).
 */
import * as path from 'path';
import { expect, galata, test } from '@jupyterlab/galata';
import { DEMO, SCREENSHOTS, appReady, setRightSidebarWidth } from './helpers';

test.use({
  viewport: { width: 1400, height: 900 },
  // Playwright reads a fixture's dependencies from its first parameter's destructuring: it must be `{}`.
  // eslint-disable-next-line no-empty-pattern
  waitForApplication: async ({}, use) => use(appReady),
  mockSettings: {
    ...galata.DEFAULT_SETTINGS,
    '@jupyterlab/translation-extension:plugin': { locale: 'zh_CN' },
    '@jupyterlab/docmanager-extension:plugin': { renameUntitledFileOnSave: false },
    '@jupyterlab/apputils-extension:notification': { checkForUpdates: false, fetchNews: 'false' }
  }
});

test('the panel speaks Chinese when JupyterLab does', async ({ page, tmpPath }) => {
  test.setTimeout(120_000);
  // galata's notebook helpers look for English labels: the notebook is opened with a command instead.
  await page.contents.uploadFile(DEMO, `${tmpPath}/demo.ipynb`);
  await page.evaluate(p => (window as any).jupyterapp.commands.execute('docmanager:open', { path: p }), `${tmpPath}/demo.ipynb`);
  await expect(page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell').first()).toBeVisible();
  // galata's sidebar.close goes through the English View menu.
  await page.evaluate(() => (window as any).jupyterapp.commands.execute('application:toggle-left-area'));
  const tab = page.locator('li[data-id="jp-model-summary-panel"]');
  await expect(tab).toHaveAttribute('title', '模型摘要');
  await tab.click();
  const panel = page.locator('#jp-model-summary-panel');
  await expect(panel.locator('.jp-ModelSummary-status')).toContainText('分析耗时');
  await setRightSidebarWidth(page, 500);
  await expect(panel.locator('button[data-convention="both"]')).toHaveText('两者');
  await expect(panel.locator('.jp-ModelSummary-copyLabel')).toHaveText('复制');
  const seed = panel.locator('section.jp-ModelSummary-model[data-model-variable="seed"]');
  await expect(seed.locator('thead th[data-column="layer"]')).toContainText('层（类型）');
  await expect(seed.locator('thead th[data-column="shape"]')).toHaveText('输出形状');
  await expect(seed.locator('thead th[data-column="params:keras"]')).toHaveText('参数量（Keras）');
  await expect(seed.locator('.jp-ModelSummary-totals tbody th').first()).toHaveText('总参数量');
  // The numbers are the same in every language.
  await expect(seed.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"] td.jp-ModelSummary-delta')).toHaveText('+2,400');
  await panel.screenshot({ path: path.join(SCREENSHOTS, 'sidebar-zh-CN.png') });
});
