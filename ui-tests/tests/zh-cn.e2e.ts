/**
 * The panel in Simplified Chinese: JupyterLab's language set to zh_CN (the jupyterlab-language-pack-zh-CN
 * package) loads this extension's catalogue (jupyterlab_model_summary/locale/zh_CN). English stays the
 * default (every other spec).
 */
import * as path from 'path';
import { expect, galata, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import { DEMO, SCREENSHOTS, appReady, savedNotebook, setRightSidebarWidth } from './helpers';

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

/** A notebook the galata helpers need not open (they look for English labels). */
async function openWithCommand(page: IJupyterLabPageFixture, file: string): Promise<void> {
  await page.evaluate(p => (window as any).jupyterapp.commands.execute('docmanager:open', { path: p }), file);
  await expect(page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell').first()).toBeVisible();
}

test('diagnostics and Δ reasons (made in the worker), the magic’s saved fallbacks and the settings are Chinese too', async ({
  page,
  tmpPath,
  request
}) => {
  test.setTimeout(180_000);
  await page.contents.uploadFile(DEMO, `${tmpPath}/demo.ipynb`);
  await openWithCommand(page, `${tmpPath}/demo.ipynb`);
  await page.evaluate(() => (window as any).jupyterapp.commands.execute('application:toggle-left-area'));
  await page.locator('li[data-id="jp-model-summary-panel"]').click();
  await setRightSidebarWidth(page, 900);
  const panel = page.locator('#jp-model-summary-panel');
  const error = panel.locator('li.jp-ModelSummary-diagnostic').first();
  await expect(error.locator('.jp-ModelSummary-where')).toHaveText('第 12 个单元格，第 5 行，第 9 列');
  await expect(error.locator('.jp-ModelSummary-message')).toHaveText('lstm_1（LSTM）：要求输入的秩为 3（含 batch），实际秩为 2：(None, 32)');
  const seed = panel.locator('section.jp-ModelSummary-model[data-model-variable="seed"]');
  await expect(seed.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"] + tr.jp-ModelSummary-note')).toHaveText(
    'Δ cuDNN 分别保存输入偏置和循环偏置：+2 个方向 × 4 个门 × 300 个单元 = 2,400'
  );

  // The magic, run in the worker: its saved text/plain and text/html (what nbconvert and GitHub show) are Chinese.
  const file = `${tmpPath}/magic-zh.ipynb`;
  const magic = [
    '%%model_summary --no-run',
    'import keras',
    'from keras import layers',
    'magic_seed = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), layers.Embedding(640, 300), layers.Bidirectional(layers.LSTM(300))])',
    'bad = layers.Dense(units=-4)'
  ].join('\n');
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: [{ cell_type: 'code', id: 'magic', metadata: {}, execution_count: null, outputs: [], source: magic }]
  };
  await page.contents.uploadContent(JSON.stringify(notebook), 'text', file);
  await openWithCommand(page, file);
  await page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    app.shell.currentWidget.content.activeCellIndex = 0;
    await app.commands.execute('notebook:run-cell');
  });
  await expect(page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell').first().locator('.jp-ModelSummary-output')).toBeVisible();
  await page.evaluate(() => (window as any).jupyterapp.commands.execute('docmanager:save'));
  await expect.poll(async () => (await savedNotebook(request, file)).cells[0].outputs.length, { timeout: 30_000 }).toBe(2);
  const [display, failure] = (await savedNotebook(request, file)).cells[0].outputs;
  const plain = [display.data['text/plain']].flat().join('');
  expect(plain).toContain('总参数量');
  expect(plain).toContain('cuDNN 分别保存输入偏置和循环偏置：+2 个方向 × 4 个门 × 300 个单元 = 2,400');
  expect(plain).toContain('1,442,400');
  expect([display.data['text/html']].flat().join('')).toContain('总参数量');
  expect(failure.evalue).toContain('必须是正整数');

  // The settings editor shows our schema in Chinese (translated in the page from our own catalogue).
  await page.evaluate(() => (window as any).jupyterapp.commands.execute('settingeditor:open', { query: '模型摘要' }));
  await expect(page.getByText('默认统计口径').first()).toBeVisible({ timeout: 30_000 });
});
