/**
 * The panel at sidebar widths (250, 300, 500, 900 px, light and dark): no horizontal scrolling, no word
 * broken, totals never clipped, the share bar; what it remembers across reloads; its command, its
 * main-area view. Screenshots go to test-results/screenshots (docs/screenshots with UPDATE_SCREENSHOTS=1).
 */
import * as path from 'path';
import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { PANEL_ID, SCREENSHOTS, appReady, openDemo, setRightSidebarWidth, showPanel } from './helpers';

// Playwright reads a fixture's dependencies from its first parameter's destructuring: it must be `{}`.
// eslint-disable-next-line no-empty-pattern
test.use({ viewport: { width: 1400, height: 900 }, waitForApplication: async ({}, use) => use(appReady) });

const WIDTHS = [250, 300, 500, 900];
const THEMES = [
  ['light', 'JupyterLab Light', 'true'],
  ['dark', 'JupyterLab Dark', 'false']
] as const;

async function changeTheme(page: IJupyterLabPageFixture, theme: string, light: string): Promise<void> {
  await page.evaluate(name => (window as any).jupyterapp.commands.execute('apputils:change-theme', { theme: name }), theme);
  await expect(page.locator('body')).toHaveAttribute('data-jp-theme-light', light);
}

/** Every table fits its container, no text is clipped or overflows, and no layer name wraps. */
async function expectReadable(panel: Locator): Promise<void> {
  const problems = await panel.evaluate(root => {
    const out: string[] = [];
    for (const wrap of Array.from(root.querySelectorAll('.jp-ModelSummary-tableWrap'))) {
      const table = wrap.querySelector('table')!;
      if (table.scrollWidth > wrap.clientWidth + 1) out.push(`table ${table.scrollWidth} > ${wrap.clientWidth}`);
    }
    const body = root.querySelector('.jp-ModelSummary-body')!;
    if (body.scrollWidth > body.clientWidth + 1) {
      const right = body.getBoundingClientRect().right;
      const wide = Array.from(body.querySelectorAll<HTMLElement>('*')).filter(
        e => e.offsetParent !== null && e.getBoundingClientRect().right > right + 1
      );
      out.push(
        `body scrolls sideways: ${body.scrollWidth} > ${body.clientWidth}: ${wide
          .slice(0, 3)
          .map(e => `${e.tagName}.${e.className} "${(e.textContent ?? '').slice(0, 40)}"`)
          .join('; ')}`
      );
    }
    const lines = (el: Element) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set(
        Array.from(range.getClientRects())
          .filter(r => r.width > 0)
          .map(r => Math.round(r.top))
      ).size;
    };
    for (const cell of Array.from(
      root.querySelectorAll<HTMLElement>('.jp-ModelSummary-totals td, td.jp-ModelSummary-num, .jp-ModelSummary-layerName')
    )) {
      if (cell.offsetParent === null || !cell.textContent) continue;
      // A name may end in an ellipsis (it says so on hover); a number may not be cut, nor wrap.
      if (!cell.classList.contains('jp-ModelSummary-layerName') && cell.scrollWidth > cell.clientWidth + 1) out.push(`clipped: ${cell.textContent}`);
      if (lines(cell) > 1) out.push(`wraps: ${cell.textContent}`);
    }
    for (const dim of Array.from(root.querySelectorAll<HTMLElement>('.jp-ModelSummary-dim'))) {
      if (dim.offsetParent !== null && dim.getClientRects().length > 1) out.push(`dimension broken: ${dim.textContent}`);
    }
    return out;
  });
  expect(problems).toEqual([]);
}

test.describe('the panel at sidebar widths', () => {
  test('reads well from 250 px up, in the light and dark themes', async ({ page, tmpPath }) => {
    // Four widths, two themes, eight screenshots.
    test.setTimeout(300_000);
    await openDemo(page, tmpPath);
    await page.sidebar.close('left');
    const panel = await showPanel(page);
    const seed = panel.locator('section.jp-ModelSummary-model[data-model-variable="seed"]');
    const bidi = seed.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"]');
    for (const width of WIDTHS) {
      await setRightSidebarWidth(page, width);
      await expect(bidi.locator('td.jp-ModelSummary-delta')).toHaveText('+2,400');
      await expect(bidi.locator('td[data-column="params:keras"]')).toBeVisible();
      // The second convention: a column when there is room, under the caret when not.
      await expect(bidi.locator('td[data-column="params:cudnn"]')).toBeVisible({ visible: width >= 500 });
      // The share bar: the LSTM holds 88 % of the seed's parameters.
      const fill = await bidi
        .locator('.jp-ModelSummary-barFill')
        .evaluate(el => el.getBoundingClientRect().width / el.parentElement!.getBoundingClientRect().width);
      expect(fill).toBeCloseTo(0.8825, 2);
      // Each screenshot is of a state the checks passed in: both themes are checked, not only photographed.
      for (const [name, theme, light] of THEMES) {
        await changeTheme(page, theme, light);
        await expectReadable(panel);
        await page.locator(`#${PANEL_ID}`).screenshot({ path: path.join(SCREENSHOTS, `sidebar-${width}-${name}.png`) });
      }
      await changeTheme(page, 'JupyterLab Light', 'true');
    }
    // At 250 px the cuDNN count is one caret away.
    await setRightSidebarWidth(page, 250);
    await bidi.locator('button.jp-ModelSummary-expand').click();
    const key = await bidi.getAttribute('data-key');
    await expect(seed.locator(`tr[data-parent="${key}"] .jp-ModelSummary-narrowValue[data-column="params:cudnn"]`)).toHaveText(
      'Params (cuDNN): 1,444,800'
    );
  });

  test('remembers the convention, the open rows and the scroll position across a reload; one palette entry; the main area', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(180_000);
    await openDemo(page, tmpPath);
    let panel = await showPanel(page);
    await setRightSidebarWidth(page, 500);
    await panel.locator('button[data-convention="cudnn"]').click();
    const nested = () => panel.locator('section[data-model-name="scorer"] tr.jp-ModelSummary-row[data-layer-name="feature_extractor"]');
    await nested().locator('button.jp-ModelSummary-expand').click();
    await expect(nested().locator('button.jp-ModelSummary-expand')).toHaveAttribute('aria-expanded', 'true');
    // Scrolled down towards the scorer: the reload must bring the view back to the same place, not to the top.
    const body = () => panel.locator('.jp-ModelSummary-body');
    const scorerTop = () =>
      body().evaluate(el => el.querySelector('section[data-model-name="scorer"]')!.getBoundingClientRect().top - el.getBoundingClientRect().top);
    const scrolled = await body().evaluate(el => {
      const target = el.querySelector<HTMLElement>('section[data-model-name="scorer"]')!;
      el.scrollTop += target.getBoundingClientRect().top - el.getBoundingClientRect().top;
      return el.scrollTop;
    });
    expect(scrolled).toBeGreaterThan(200);
    const scorerBefore = await scorerTop();
    // The state database writes after the change.
    await page.waitForTimeout(1000);
    await page.reload();
    await page.notebook.activate('demo.ipynb');
    // The layout restorer reopens the panel; a click on its tab would close it.
    panel = page.locator(`#${PANEL_ID}.jp-ModelSummary`);
    if (!(await panel.isVisible())) await page.locator(`li[data-id="${PANEL_ID}"]`).click();
    await expect(panel.locator('.jp-ModelSummary-status')).toContainText('analysed in');
    await expect(panel.locator('button[data-convention="cudnn"]')).toHaveAttribute('aria-pressed', 'true');
    await expect(nested().locator('button.jp-ModelSummary-expand')).toHaveAttribute('aria-expanded', 'true');
    await expect.poll(() => body().evaluate(el => el.scrollTop)).toBeCloseTo(scrolled, 0);
    expect(await scorerTop()).toBeCloseTo(scorerBefore, 0);

    // "Show Model Summary" once in the palette, never "Show Show …".
    await page.keyboard.press('Control+Shift+C');
    await page.locator('#modal-command-palette input').fill('Model Summary');
    const labels = await page.locator('#modal-command-palette .lm-CommandPalette-itemLabel').allInnerTexts();
    expect(labels.filter(l => l === 'Show Model Summary')).toHaveLength(1);
    expect(labels.filter(l => /Show Show/.test(l))).toEqual([]);
    await page.keyboard.press('Escape');

    // The same view in the main area, following the notebook.
    await page.evaluate(() => (window as any).jupyterapp.commands.execute('model-summary:open-main-area'));
    const main = page.locator('#jp-model-summary-main .jp-ModelSummary');
    const seed = main.locator('section.jp-ModelSummary-model[data-model-variable="seed"]');
    await expect(seed.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"] td[data-column="params:cudnn"]')).toHaveText('1,444,800');
  });
});
