/**
 * TensorFlow.js on WebGPU: Chromium launched with --enable-unsafe-webgpu gets a (software, SwiftShader)
 * WebGPU adapter. Pinned to webgpu, the validation must really run there and agree with the engine.
 */
import { expect, test } from '@jupyterlab/galata';
import { MIME_TYPE, openNotebook, runCellWithKeyboard, savedNotebook } from './helpers';

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--enable-unsafe-webgpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync'
    ]
  }
});

test('validates on WebGPU when WebGPU is pinned and available', async ({ page, tmpPath, request }) => {
  const adapter = await page.evaluate(async () => {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    return gpu ? (await gpu.requestAdapter()) !== null : false;
  });
  expect(adapter).toBe(true);
  const file = await openNotebook(page, tmpPath, 'webgpu.ipynb', [
    '%%model_summary --validate --backend webgpu\n' +
      'import keras\nfrom keras import layers\n' +
      'seed = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), layers.Embedding(640, 300), layers.Bidirectional(layers.LSTM(300, return_sequences=True))])'
  ]);
  await runCellWithKeyboard(page, 0);
  const output = (await page.notebook.getCellLocator(0))!.locator('.jp-ModelSummary-output');
  const line = output.locator('p.jp-ModelSummary-validation');
  await expect(line).toContainText('shapes and Keras counts agree', { timeout: 120_000 });
  await expect(line).toHaveAttribute('data-backend', 'webgpu');
  await expect(output.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"] td.jp-ModelSummary-check')).toHaveText('✓');

  expect(await page.notebook.save()).toBe(true);
  const payload = (await savedNotebook(request, file)).cells[0].outputs[0].data[MIME_TYPE];
  expect(payload.validation).toMatchObject({ backend: 'webgpu', note: '' });
  expect(
    payload.validation.models.sequential.layers.map((l: { status: string; tfjsParams: number; tfjsShape: number[] }) => [
      l.status,
      l.tfjsParams,
      l.tfjsShape
    ])
  ).toEqual([
    ['ok', 192000, [1, 8, 300]],
    ['ok', 1442400, [1, 8, 600]]
  ]);
});
