/**
 * The `%%model_summary` cell magic: run in the browser, saved as its own MIME type, rendered again
 * from the saved output, and working in a notebook with no kernel at all.
 */
import { expect, test } from '@jupyterlab/galata';
import { MIME_TYPE, openNotebook, runCellWithKeyboard, savedNotebook, serverKernelIds } from './helpers';

const IMPORTS = 'import keras\nfrom keras import layers';
const BROKEN = 'broken = keras.Sequential([keras.Input(shape=(16,)), layers.Dense(32), layers.LSTM(8)])';
// --no-run: summarized in the browser only (kernel.e2e.ts covers the magic running in the kernel).
const MAGIC_SEED =
  '%%model_summary --no-run\n' +
  'magic_seed = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), layers.Embedding(640, units), layers.Bidirectional(layers.LSTM(units))], name="magic_seed")';

test.describe('%%model_summary', () => {
  test('renders a summary, is saved with its MIME type, and renders again from the saved output', async ({ page, tmpPath, request }) => {
    const file = await openNotebook(page, tmpPath, 'magic.ipynb', [IMPORTS, 'units = 300\nprint(units * 2)', MAGIC_SEED]);

    // An ordinary cell still goes to the kernel (the executor wraps JupyterLab's, it does not replace it).
    expect(await page.notebook.runCell(1)).toBe(true);
    await expect((await page.notebook.getCellOutputLocator(1))!).toHaveText('600');

    // The magic cell: run in the browser; names come from the cells above (units, keras, layers).
    await page.notebook.runCell(2, { wait: false });
    const cell = (await page.notebook.getCellLocator(2))!;
    const output = cell.locator('.jp-OutputArea-output.jp-ModelSummary-output');
    await expect(output).toBeVisible();
    const model = output.locator('section.jp-ModelSummary-model');
    await expect(model).toHaveCount(1);
    await expect(model).toHaveAttribute('data-model-variable', 'magic_seed');
    const row = model.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"]');
    await expect(row.locator('td.jp-ModelSummary-params')).toHaveText(['1,442,400', '1,444,800']);
    await expect(row.locator('td.jp-ModelSummary-delta')).toHaveText('+2,400');
    await expect(model.locator('tr.jp-ModelSummary-row[data-layer-name="embedding"] td.jp-ModelSummary-params')).toHaveText(['192,000', '192,000']);
    // One display_data output, no error, and no execution count: no kernel ran the cell.
    await expect(cell.locator('.jp-OutputArea-output')).toHaveCount(1);
    await expect(cell.locator('.jp-InputArea-prompt')).toHaveText('[ ]:');

    // Its own convention toggle.
    await output.locator('.jp-ModelSummary-convention button[data-convention="keras"]').click();
    await expect(output.locator('.jp-ModelSummary-convention button[data-convention="keras"]')).toHaveAttribute('aria-pressed', 'true');
    await expect(row.locator('td.jp-ModelSummary-params')).toHaveText(['1,442,400']);
    await expect(row.locator('td.jp-ModelSummary-delta')).toHaveCount(0);

    // Saved: the magic's MIME type with its HTML and text fallbacks.
    expect(await page.notebook.save()).toBe(true);
    const saved = await savedNotebook(request, file);
    expect(saved.cells[1].execution_count).toBe(1);
    const magic = saved.cells[2];
    expect(magic.execution_count).toBeNull();
    expect(magic.outputs).toHaveLength(1);
    expect(magic.outputs[0].output_type).toBe('display_data');
    expect(Object.keys(magic.outputs[0].data).sort()).toEqual([MIME_TYPE, 'text/html', 'text/plain'].sort());
    const payload = magic.outputs[0].data[MIME_TYPE];
    expect(payload).toMatchObject({ version: 1, cell: 2, options: { convention: 'both' } });
    expect(payload.report.models.map((m: { name: string }) => m.name)).toEqual(['magic_seed']);
    expect(JSON.stringify(magic.outputs[0].data['text/plain'])).toContain('1,442,400');

    // Closed and opened again: the table comes from the saved output, nothing runs.
    expect(await page.notebook.close()).toBe(true);
    expect(await page.notebook.openByPath(file)).toBe(true);
    await page.notebook.activate('magic.ipynb');
    const reopened = (await page.notebook.getCellLocator(2))!;
    const again = reopened.locator('.jp-ModelSummary-output');
    await expect(again).toBeVisible();
    await expect(again.locator('.jp-ModelSummary-convention button[aria-pressed="true"]')).toHaveAttribute('data-convention', 'both');
    await expect(again.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"] td.jp-ModelSummary-params')).toHaveText([
      '1,442,400',
      '1,444,800'
    ]);
    await expect(reopened.locator('.jp-InputArea-prompt')).toHaveText('[ ]:');
    expect(await page.evaluate(() => (window as any).jupyterapp.shell.currentWidget.content.model.dirty)).toBe(false);
  });

  test('runs in a notebook with no kernel, and reports errors with their line and column', async ({ page, tmpPath, request, kernels }) => {
    const before = await serverKernelIds(request);
    const name = await page.notebook.createNew('no-kernel.ipynb', { kernel: null });
    expect(name).toBe('no-kernel.ipynb');
    await expect(page.locator('#jp-main-statusbar')).toContainText('No Kernel');

    expect(await page.notebook.setCell(0, 'code', `${IMPORTS}\nunits = 300`)).toBe(true);
    expect(await page.notebook.addCell('code', MAGIC_SEED.replace(/magic_seed/g, 'kernel_free').replace(' --no-run', ''))).toBe(true);
    expect(await page.notebook.addCell('code', `%%model_summary --convention keras\n${BROKEN}`)).toBe(true);
    await expect(page.locator('.jp-Notebook .jp-Cell')).toHaveCount(3);

    // Shift+Enter, not galata's runCell: that waits for the kernel status to leave "Initializing",
    // which a new notebook with No Kernel shows forever in JupyterLab 4.6.
    await runCellWithKeyboard(page, 1);
    const cell = (await page.notebook.getCellLocator(1))!;
    const row = cell.locator(
      '.jp-ModelSummary-output section[data-model-variable="kernel_free"] tr.jp-ModelSummary-row[data-layer-name="bidirectional"]'
    );
    await expect(row.locator('td.jp-ModelSummary-params')).toHaveText(['1,442,400', '1,444,800']);
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
    // Said once: no kernel ran it.
    await expect(cell.locator('.jp-ModelSummary-output p.jp-ModelSummary-note')).toHaveText('No kernel: this cell was summarized, not run.');

    // An error in a magic cell: the summary of what could be read, and an error output with line and column.
    await runCellWithKeyboard(page, 2);
    const bad = (await page.notebook.getCellLocator(2))!;
    await expect(bad.locator('.jp-ModelSummary-output .jp-ModelSummary-convention button[aria-pressed="true"]')).toHaveAttribute(
      'data-convention',
      'keras'
    );
    await expect(bad.locator('.jp-ModelSummary-output li.jp-ModelSummary-diagnostic[data-severity="error"]')).toHaveCount(1);
    const column = BROKEN.indexOf('layers.LSTM(8)') + 1;
    const message = `line 2, column ${column}: lstm_1 (LSTM): expects input of rank 3 (batch included), got rank 2: (None, 32)`;
    // JupyterLab shows an error output's traceback (here: the error's name, then the message with its line and column).
    await expect(bad.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')).toHaveText(`ModelSummaryError: ${message}`);
    const outputs = await page.evaluate(() => (window as any).jupyterapp.shell.currentWidget.content.widgets[2].model.outputs.toJSON());
    expect(outputs.map((o: { output_type: string }) => o.output_type)).toEqual(['display_data', 'error']);
    expect(outputs[1]).toMatchObject({ ename: 'ModelSummaryError', evalue: message, traceback: [`ModelSummaryError: ${message}`] });

    // Nothing started a kernel: not this page (galata tracks the kernels it starts), not the server.
    await expect(page.locator('#jp-main-statusbar')).toContainText('No Kernel');
    expect(kernels).not.toBeNull();
    expect(kernels!.size).toBe(0);
    expect(await serverKernelIds(request)).toEqual(before);
    expect(await page.evaluate(() => (window as any).jupyterapp.shell.currentWidget.sessionContext.hasNoKernel)).toBe(true);
  });
});
