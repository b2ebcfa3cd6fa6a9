/**
 * Copying the summary (Markdown, CSV, JSON, Keras text), and a 300 px wide panel that stays readable:
 * every column visible, nothing cut off.
 */
import { expect, test } from '@jupyterlab/galata';
import { openDemo, setRightSidebarWidth, showPanel } from './helpers';

test.describe('side panel', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('copies the summary in four formats', async ({ page, tmpPath }) => {
    await openDemo(page, tmpPath);
    const panel = await showPanel(page);
    const copied = async (format: string) => {
      await page.evaluate(() => navigator.clipboard.writeText(''));
      await panel.locator(`button.jp-ModelSummary-copy[data-format="${format}"]`).click();
      await expect(panel.locator('.jp-ModelSummary-status')).toContainText('Copied the summary');
      return page.evaluate(() => navigator.clipboard.readText());
    };
    expect(await copied('markdown')).toContain('| bidirectional (Bidirectional) | (None, None, 600) | 1,442,400 | 1,444,800 | +2,400 |');
    expect(await copied('csv')).toMatch(/^model,layer,class,depth,output_shape,params_keras,params_cudnn/);
    const json = JSON.parse(await copied('json'));
    expect(json.models.find((m: { name: string }) => m.name === 'seed').totals.cudnn.total).toBe(1636800);
    expect(await copied('text')).toContain('Total params [Keras]: 1,634,400 (6.23 MB)');
  });

  test('is readable 300 px wide: every column of the table fits', async ({ page, tmpPath }) => {
    await openDemo(page, tmpPath);
    const panel = await showPanel(page);
    await setRightSidebarWidth(page, 300);
    const seed = panel.locator('section.jp-ModelSummary-model[data-model-name="seed"]');
    await expect(seed).toBeVisible();
    const fit = await seed.evaluate(section => {
      const wrap = section.querySelector('.jp-ModelSummary-tableWrap') as HTMLElement;
      const table = section.querySelector('table.jp-ModelSummary-table') as HTMLElement;
      return { panel: section.getBoundingClientRect().width, wrap: wrap.clientWidth, table: table.scrollWidth };
    });
    expect(fit.panel).toBeLessThanOrEqual(300);
    expect(fit.table).toBeLessThanOrEqual(fit.wrap + 1);
    await expect(seed.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"] td.jp-ModelSummary-params')).toHaveText([
      '1,442,400',
      '1,444,800'
    ]);
  });
});
