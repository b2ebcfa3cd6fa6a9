/**
 * TensorFlow.js validation in the browser, without WebGPU (this file: the default Chromium flags):
 * TensorFlow.js is fetched only on the first validation, "auto" reports the backend that ran and why
 * it passed over the others, a pinned WebGPU falls back and says so, and the results are saved with
 * the magic's output.
 */
import { expect, test } from '@jupyterlab/galata';
import { MIME_TYPE, openDemo, openNotebook, runCellWithKeyboard, savedNotebook, showPanel } from './helpers';

const SEED_MAGIC =
  '%%model_summary --validate --backend webgpu\n' +
  'import keras\nfrom keras import layers\n' +
  'seed = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), layers.Embedding(640, 300), layers.Bidirectional(layers.LSTM(300, return_sequences=True))])';

test.describe('validation with TensorFlow.js, no WebGPU', () => {
  test('loads TensorFlow.js only when asked, and reports the backend that ran', async ({ page, tmpPath }) => {
    const fetched: string[] = [];
    page.on('request', r => {
      const m = /\/jupyterlab-model-summary\/static\/([^?]+)/.exec(r.url());
      if (m) fetched.push(m[1]);
    });
    await openDemo(page, tmpPath);
    const panel = await showPanel(page);
    await expect(panel.locator('section.jp-ModelSummary-model[data-model-name="seed"]')).toBeVisible();
    const beforeValidation = [...fetched];
    expect(beforeValidation.filter(f => f.endsWith('.wasm'))).toEqual([]);

    await panel.locator('button.jp-ModelSummary-validate').click();
    const seed = panel.locator('section.jp-ModelSummary-model[data-model-name="seed"]');
    const line = seed.locator('p.jp-ModelSummary-validation');
    await expect(line).toContainText('shapes and Keras counts agree', { timeout: 60_000 });
    // auto: the WebGL here is SwiftShader (software) and there is no WebGPU adapter, so WASM ran.
    await expect(line).toHaveAttribute('data-backend', 'wasm');
    await expect(line).toContainText('TensorFlow.js on wasm');
    await expect(panel.locator('p.jp-ModelSummary-backendNote')).toContainText('webgpu skipped');
    await expect(panel.locator('p.jp-ModelSummary-backendNote')).toContainText('webgl skipped: WebGL runs on a software renderer');
    await expect(seed.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"] td.jp-ModelSummary-check')).toHaveText('✓');
    await expect(seed.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"] td.jp-ModelSummary-check')).toHaveAttribute(
      'title',
      /1,442,400 parameters/
    );
    // A layer TensorFlow.js lacks is marked, with its reason, and the rest of its model is still checked.
    const encoder = panel.locator(
      'section.jp-ModelSummary-model[data-model-name="encoder_block"] tr.jp-ModelSummary-row[data-layer-name="multi_head_attention"] td.jp-ModelSummary-check'
    );
    await expect(encoder).toHaveText('–');
    await expect(encoder).toHaveAttribute('title', /TensorFlow.js has no MultiHeadAttention layer/);

    // TensorFlow.js came with the first validation: its chunk (over 1 MB) and the WASM binary.
    const added = fetched.slice(beforeValidation.length);
    expect(added.some(f => f.endsWith('.wasm'))).toBe(true);
    expect(added.length).toBeGreaterThan(0);
  });

  test('a pinned WebGPU backend that cannot start falls back, and the magic saves what really ran', async ({ page, tmpPath, request }) => {
    const file = await openNotebook(page, tmpPath, 'validate.ipynb', [SEED_MAGIC]);
    await runCellWithKeyboard(page, 0);
    const output = (await page.notebook.getCellLocator(0))!.locator('.jp-ModelSummary-output');
    const line = output.locator('p.jp-ModelSummary-validation');
    await expect(line).toContainText('shapes and Keras counts agree', { timeout: 60_000 });
    const backend = await line.getAttribute('data-backend');
    expect(backend).not.toBe('webgpu');
    await expect(output.locator('p.jp-ModelSummary-backendNote')).toContainText(/webgpu (did not start|failed)/);

    expect(await page.notebook.save()).toBe(true);
    const saved = await savedNotebook(request, file);
    const payload = saved.cells[0].outputs[0].data[MIME_TYPE];
    expect(payload.options).toMatchObject({ validate: true, backend: 'webgpu' });
    expect(payload.validation.backend).toBe(backend);
    expect(payload.validation.models.sequential).toMatchObject({ ok: true, backend });
    expect(payload.validation.models.sequential.layers.map((l: { tfjsParams: number }) => l.tfjsParams)).toEqual([192000, 1442400]);
  });
});
