/**
 * The side panel on examples/demo.ipynb: counts under both conventions, the convention toggle,
 * expandable rows, live updates while editing, and navigation from rows and diagnostics.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';
import { notebookState, openDemo, selectCell, showPanel } from './helpers';

/** Line 5 of the seed cell (cell index 3), as examples/demo.ipynb has it. */
const SEED_LSTM_LINE = '        layers.Bidirectional(layers.LSTM(300, return_sequences=True)),';

/** Replaces `from` by `to` on a line of a cell's editor, with the keyboard (End, arrows, Backspace). */
async function retype(page: Page, line: Locator, text: string, from: string, to: string): Promise<void> {
  const at = text.indexOf(from);
  expect(at).toBeGreaterThanOrEqual(0);
  await line.click();
  await page.keyboard.press('End');
  for (let i = 0; i < text.length - (at + from.length); i++) await page.keyboard.press('ArrowLeft');
  for (let i = 0; i < from.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(to);
  await expect(line).toHaveText(text.replace(from, to));
}

test.describe('side panel on the demo notebook', () => {
  test('shows the seed model under the Keras and cuDNN conventions; the toggle hides and shows columns', async ({ page, tmpPath }) => {
    await openDemo(page, tmpPath);
    const panel = await showPanel(page);
    await expect(panel.locator('.jp-ModelSummary-status')).toHaveText(/^demo\.ipynb: 6 models · 6 code cells · analysed in [\d.]+ ms$/);
    await expect(panel.locator('section.jp-ModelSummary-model')).toHaveCount(6);

    const seed = panel.locator('section.jp-ModelSummary-model[data-model-variable="seed"]');
    await expect(seed).toHaveAttribute('data-model-name', 'seed');
    // The layer's header also holds the shape's, shown under it in narrow panels; the share bar has a column of its own.
    const head = seed.locator('table.jp-ModelSummary-table thead th');
    const row = seed.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"]');
    const keras = row.locator('td.jp-ModelSummary-params[data-convention="keras"]');
    const cudnn = row.locator('td.jp-ModelSummary-params[data-convention="cudnn"]');
    const delta = row.locator('td.jp-ModelSummary-delta');
    const note = seed.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"] + tr.jp-ModelSummary-note');
    const totals = seed.locator('table.jp-ModelSummary-totals tbody tr').filter({ hasText: 'Total params' });

    // Both conventions side by side (the default).
    const buttons = panel.locator('.jp-ModelSummary-toolbar .jp-ModelSummary-convention button');
    await expect(buttons).toHaveText(['Keras', 'cuDNN', 'Both']);
    await expect(panel.locator('.jp-ModelSummary-convention button[aria-pressed="true"]')).toHaveAttribute('data-convention', 'both');
    await expect(head).toHaveText([/^Layer \(type\)/, 'Output shape', 'Params (Keras)', 'Params (cuDNN)', 'Δ', 'Share']);
    await expect(row.locator('.jp-ModelSummary-layer')).toHaveText(/bidirectional\s*\(Bidirectional\)/);
    await expect(row.locator('.jp-ModelSummary-shape')).toHaveText('(None, None, 600)');
    await expect(keras).toHaveText('1,442,400');
    await expect(cudnn).toHaveText('1,444,800');
    await expect(delta).toHaveText('+2,400');
    await expect(note).toBeVisible();
    await expect(note).toHaveText('Δ cuDNN keeps input and recurrent biases: +2 directions × 4 gates × 300 units = 2,400');
    await expect(row).toHaveAttribute('data-cell', '3');
    await expect(row).toHaveAttribute('data-line', '5');
    await expect(row).toHaveAttribute('data-column', '9');
    // The embedding has the same count under both: no Δ, no note.
    const embedding = seed.locator('tr.jp-ModelSummary-row[data-layer-name="embedding"]');
    await expect(embedding.locator('td.jp-ModelSummary-params')).toHaveText(['192,000', '192,000']);
    await expect(embedding.locator('td.jp-ModelSummary-delta')).toHaveText('');
    await expect(seed.locator('tr.jp-ModelSummary-row[data-layer-name="embedding"] + tr.jp-ModelSummary-note')).toHaveCount(0);
    await expect(totals.locator('td')).toHaveText(['1,634,400', '1,636,800']);

    // Keras only: no cuDNN column, no Δ column, no note.
    await panel.locator('.jp-ModelSummary-convention button[data-convention="keras"]').click();
    await expect(panel.locator('.jp-ModelSummary-convention button[data-convention="keras"]')).toHaveAttribute('aria-pressed', 'true');
    await expect(panel.locator('.jp-ModelSummary-convention button[data-convention="both"]')).toHaveAttribute('aria-pressed', 'false');
    await expect(head).toHaveText([/^Layer \(type\)/, 'Output shape', 'Params (Keras)', 'Share']);
    await expect(keras).toHaveText('1,442,400');
    await expect(cudnn).toHaveCount(0);
    await expect(delta).toHaveCount(0);
    await expect(seed.locator('tr.jp-ModelSummary-note')).toHaveCount(0);
    await expect(totals.locator('td')).toHaveText(['1,634,400']);

    // cuDNN only: the note explains the count.
    await panel.locator('.jp-ModelSummary-convention button[data-convention="cudnn"]').click();
    await expect(panel.locator('.jp-ModelSummary-convention button[data-convention="cudnn"]')).toHaveAttribute('aria-pressed', 'true');
    await expect(head).toHaveText([/^Layer \(type\)/, 'Output shape', 'Params (cuDNN)', 'Share']);
    await expect(cudnn).toHaveText('1,444,800');
    await expect(keras).toHaveCount(0);
    await expect(delta).toHaveCount(0);
    await expect(note).toBeVisible();
    await expect(totals.locator('td')).toHaveText(['1,636,800']);

    // Back to both.
    await panel.locator('.jp-ModelSummary-convention button[data-convention="both"]').click();
    await expect(head).toHaveText([/^Layer \(type\)/, 'Output shape', 'Params (Keras)', 'Params (cuDNN)', 'Δ', 'Share']);
    await expect(delta).toHaveText('+2,400');

    // The caret unfolds the weights under both layouts (the cuDNN bias is twice as long), without navigating.
    const caret = row.locator('button.jp-ModelSummary-expand');
    const weights = seed.locator('tr.jp-ModelSummary-weights[data-parent="' + (await row.getAttribute('data-key')) + '"]');
    await expect(caret).toHaveAttribute('aria-expanded', 'false');
    await expect(weights).toBeHidden();
    await caret.click();
    await expect(caret).toHaveAttribute('aria-expanded', 'true');
    await expect(weights).toBeVisible();
    await expect(weights.locator('.jp-ModelSummary-weightList[data-convention="keras"]')).toContainText('bias (1200,)');
    await expect(weights.locator('.jp-ModelSummary-weightList[data-convention="cudnn"]')).toContainText('bias (2400,)');
    expect((await notebookState(page)).activeCellIndex).toBe(0);
    await caret.click();
    await expect(weights).toBeHidden();

    // A model used as a layer unfolds into its own layers.
    const scorer = panel.locator('section.jp-ModelSummary-model[data-model-variable="scorer"]');
    const inner = scorer.locator('tr.jp-ModelSummary-row[data-layer-name="feature_extractor"]');
    const nested = scorer.locator('tr.jp-ModelSummary-row[data-depth="1"]');
    await expect(inner.locator('td.jp-ModelSummary-params')).toHaveText(['3,424', '3,424']);
    await expect(nested).toHaveCount(2);
    await expect(nested.first()).toBeHidden();
    await inner.locator('button.jp-ModelSummary-expand').click();
    await expect(nested.locator('.jp-ModelSummary-layerName')).toHaveText(['dense_4', 'dense_5']);
    await expect(nested.first()).toBeVisible();
    await expect(nested.locator('td.jp-ModelSummary-params[data-convention="keras"]')).toHaveText(['1,344', '2,080']);
  });

  test('follows edits, and a click on a row puts the cursor on the defining line', async ({ page, tmpPath }) => {
    await openDemo(page, tmpPath);
    const panel = await showPanel(page);
    const seed = panel.locator('section.jp-ModelSummary-model[data-model-variable="seed"]');
    const row = seed.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"]');
    const params = row.locator('td.jp-ModelSummary-params');
    await expect(params).toHaveText(['1,442,400', '1,444,800']);

    // LSTM(300) → LSTM(200), typed in the seed cell (cell index 3, line 5).
    const cell = (await page.notebook.getCellLocator(3))!;
    const line = cell.locator('.cm-line').nth(4);
    await expect(line).toHaveText(SEED_LSTM_LINE);
    await retype(page, line, SEED_LSTM_LINE, 'LSTM(300', 'LSTM(200');

    // 2 × 4·200·(300 + 200 + 1) = 801,600 (Keras); 2 × 4·200·(300 + 200 + 2) = 803,200 (cuDNN).
    await expect(params).toHaveText(['801,600', '803,200']);
    await expect(row.locator('td.jp-ModelSummary-delta')).toHaveText('+1,600');
    await expect(row.locator('.jp-ModelSummary-shape')).toHaveText('(None, None, 400)');
    await expect(seed.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"] + tr.jp-ModelSummary-note')).toHaveText(
      'Δ cuDNN keeps input and recurrent biases: +2 directions × 4 gates × 200 units = 1,600'
    );
    await expect(seed.locator('table.jp-ModelSummary-totals tbody tr').filter({ hasText: 'Total params' }).locator('td')).toHaveText([
      '993,600',
      '995,200'
    ]);

    // Select another cell, then click the row (not its caret): cell 3, line 5, column 9.
    await selectCell(page, 11);
    expect(await notebookState(page)).toMatchObject({ activeCellIndex: 11, mode: 'command' });
    // (The shape column is not shown at the sidebar's default width: the row's count is.)
    await row.locator('td.jp-ModelSummary-params').first().click();
    await expect
      .poll(() => notebookState(page))
      .toMatchObject({
        activeCellIndex: 3,
        mode: 'edit',
        cursor: { line: 4, column: 8 },
        editorFocused: true
      });
    await expect(cell).toHaveClass(/jp-mod-active/);
    await expect(cell).toBeInViewport();

    // A row of another model, further down: the CNN's first Dense (cell 5, line 7).
    const dense = panel.locator('section.jp-ModelSummary-model[data-model-variable="cnn"] tr.jp-ModelSummary-row[data-layer-name="dense"]');
    await expect(dense).toHaveAttribute('data-line', '7');
    await dense.locator('.jp-ModelSummary-layerName').click();
    await expect.poll(() => notebookState(page)).toMatchObject({ activeCellIndex: 5, mode: 'edit', cursor: { line: 6 } });
  });

  test('lists the shape error with its cell and line; a click goes there', async ({ page, tmpPath }) => {
    await openDemo(page, tmpPath);
    const panel = await showPanel(page);
    const diagnostics = panel.locator('li.jp-ModelSummary-diagnostic');
    await expect(diagnostics).toHaveCount(1);
    const error = diagnostics.first();
    await expect(error).toHaveAttribute('data-severity', 'error');
    await expect(error.locator('.jp-ModelSummary-where')).toHaveText('cell 12, line 5, column 9');
    await expect(error.locator('.jp-ModelSummary-message')).toHaveText(
      'lstm_1 (LSTM): expects input of rank 3 (batch included), got rank 2: (None, 32)'
    );

    await selectCell(page, 3);
    await error.click();
    await expect
      .poll(() => notebookState(page))
      .toMatchObject({
        activeCellIndex: 11,
        mode: 'edit',
        cursor: { line: 4, column: 8 },
        editorFocused: true
      });

    // The cursor is where the error is: typing the fix there clears it.
    const line = (await page.notebook.getCellLocator(11))!.locator('.cm-line').nth(4);
    await page.keyboard.type('layers.Reshape((4, 8)), ');
    await expect(line).toHaveText('        layers.Reshape((4, 8)), layers.LSTM(8),  # expects (batch, timesteps, features); Dense gives (batch, 32)');
    await expect(diagnostics).toHaveCount(0);
    // LSTM(8) on (4, 8): 4·8·(8 + 8 + 1) = 544 (Keras), 4·8·(8 + 8 + 2) = 576 (cuDNN).
    const broken = panel.locator('section.jp-ModelSummary-model[data-model-variable="broken"]');
    await expect(broken.locator('tr.jp-ModelSummary-row[data-layer-name="lstm_1"] td.jp-ModelSummary-params')).toHaveText(['544', '576']);
  });
});
