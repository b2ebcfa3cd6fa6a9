/**
 * keras.applications in JupyterLab: examples/transfer_learning.ipynb in the side panel (the builders'
 * chunk fetched for it, the base as a nested row that expands, Keras's counts and trainable split),
 * and an application in a `%%model_summary` cell. The figures are real Keras's
 * (test/fixtures/golden/transfer_learning.json, written by scripts/oracle/oracle.py).
 */
import * as path from 'path';
import { expect, test } from '@jupyterlab/galata';
import { openNotebook, REPO, showPanel } from './helpers';

const EXAMPLE = path.join(REPO, 'examples', 'transfer_learning.ipynb');

test.describe('keras.applications', () => {
  test('the transfer-learning example: a nested MobileNetV2 row, the fine-tuning split, the chunk fetched on use', async ({ page, tmpPath }) => {
    const chunks: string[] = [];
    page.on('request', r => {
      const m = /\/jupyterlab-model-summary\/static\/([^?]+\.js)/.exec(r.url());
      if (m) chunks.push(m[1]);
    });
    await page.contents.uploadFile(EXAMPLE, `${tmpPath}/transfer_learning.ipynb`);
    expect(await page.notebook.openByPath(`${tmpPath}/transfer_learning.ipynb`)).toBe(true);
    await page.notebook.activate('transfer_learning.ipynb');
    const before = chunks.length;
    const panel = await showPanel(page);
    // The panel brought the engine and the builders (at least two chunks more than start-up).
    expect(chunks.length).toBeGreaterThanOrEqual(before + 2);

    const model = panel.locator('section.jp-ModelSummary-model[data-model-variable="model"]');
    const base = model.locator('tr.jp-ModelSummary-row[data-layer-name="mobilenetv2_1.00_160"]');
    await expect(base.locator('.jp-ModelSummary-layer')).toHaveText(/mobilenetv2_1\.00_160\s*\(Functional\)/);
    await expect(base.locator('.jp-ModelSummary-shape')).toHaveText('(None, 5, 5, 1280)');
    await expect(base.locator('td.jp-ModelSummary-params')).toHaveText(['2,257,984', '2,257,984']);
    const totals = model.locator('table.jp-ModelSummary-totals tbody tr');
    await expect(totals.filter({ hasText: 'Total params' }).locator('td')).toHaveText(['2,259,265', '2,259,265']);
    await expect(totals.filter({ hasText: /^Trainable/ }).locator('td')).toHaveText(['1,862,721', '1,862,721']);
    await expect(totals.filter({ hasText: 'Non-trainable' }).locator('td')).toHaveText(['396,544', '396,544']);

    // The base's 154 layers unfold under its row.
    const nested = model.locator('tr.jp-ModelSummary-row[data-depth="1"]');
    await expect(nested).toHaveCount(154);
    await expect(nested.first()).toBeHidden();
    await base.locator('button.jp-ModelSummary-expand').click();
    await expect(nested.first()).toBeVisible();
    const project = model.locator('tr.jp-ModelSummary-row[data-depth="1"][data-layer-name="block_16_project"]');
    await expect(project.locator('.jp-ModelSummary-shape')).toHaveText('(None, 5, 5, 320)');
    await expect(project.locator('td.jp-ModelSummary-params')).toHaveText(['307,200', '307,200']);
    await expect(panel.locator('.jp-ModelSummary-diagnostic[data-severity="error"]')).toHaveCount(0);
  });

  test('an application in a %%model_summary cell', async ({ page, tmpPath }) => {
    await openNotebook(page, tmpPath, 'apps-magic.ipynb', [
      'import keras\nbase = keras.applications.ResNet50(include_top=False, weights="imagenet", input_shape=(96, 96, 3))\nbase.trainable = False',
      '%%model_summary\ninputs = keras.Input(shape=(96, 96, 3))\nx = keras.layers.GlobalAveragePooling2D()(base(inputs, training=False))\nfrozen = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))'
    ]);
    await page.notebook.runCell(1, { wait: false });
    const output = (await page.notebook.getCellLocator(1))!.locator('.jp-OutputArea-output.jp-ModelSummary-output');
    await expect(output).toBeVisible();
    const model = output.locator('section.jp-ModelSummary-model[data-model-variable="frozen"]');
    await expect(model.locator('tr.jp-ModelSummary-row[data-layer-name="resnet50"] td.jp-ModelSummary-params')).toHaveText([
      '23,587,712',
      '23,587,712'
    ]);
    const totals = model.locator('table.jp-ModelSummary-totals tbody tr');
    await expect(totals.filter({ hasText: 'Total params' }).locator('td')).toHaveText(['23,608,202', '23,608,202']);
    await expect(totals.filter({ hasText: /^Trainable/ }).locator('td')).toHaveText(['20,490', '20,490']);
  });
});
