/**
 * Weights across layouts in the panel (issue 13): the row's caret shows the seed's Keras → cuDNN /
 * PyTorch / ONNX mapping, Validate proves it with a forward pass ("✓ b = b_i + b_r, verified
 * numerically" under the Bidirectional row), and Copy → Conversion code copies the Python module.
 */
import { expect, test } from '@jupyterlab/galata';
import { openDemo, showPanel } from './helpers';

test.describe('weight conversion', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('shows the mapping behind the caret, proves it on Validate, and copies the module', async ({ page, tmpPath }) => {
    await openDemo(page, tmpPath);
    const panel = await showPanel(page);
    const seed = panel.locator('section.jp-ModelSummary-model[data-model-name="seed"]');
    const row = seed.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"]');
    await row.locator('button.jp-ModelSummary-expand').click();
    const detail = seed.locator('tr.jp-ModelSummary-weights .jp-ModelSummary-conversion').first();
    await expect(detail).toBeVisible();
    await expect(detail.locator('[data-target="pytorch"]')).toContainText('torch.nn.LSTM(300, 300, batch_first=True, bidirectional=True)');
    await expect(detail.locator('[data-target="pytorch"]')).toContainText('weight_ih_l0_reverse (1200, 300)');
    await expect(detail.locator('[data-target="pytorch"]')).toContainText('b_i = b, b_r = 0; back to Keras: b = b_i + b_r');
    await expect(detail.locator('[data-target="onnx"]')).toContainText('gates i,f,c,o → i,o,f,c');

    await panel.locator('button.jp-ModelSummary-validate').click();
    const proof = seed.locator('tr.jp-ModelSummary-conversionCheck');
    await expect(proof).toContainText('✓ b = b_i + b_r, verified numerically', { timeout: 90_000 });
    await expect(proof).toHaveAttribute('data-status', 'ok');

    await page.evaluate(() => navigator.clipboard.writeText(''));
    await panel.locator('button.jp-ModelSummary-copy[data-format="conversion"]').click();
    await expect(panel.locator('.jp-ModelSummary-status')).toContainText('Copied the summary as Conversion code');
    const code = await page.evaluate(() => navigator.clipboard.readText());
    expect(code).toContain('def keras_to_torch(model, layers=None):');
    expect(code).toContain('def onnx_to_keras(arrays, model):');
    expect(code).toContain('"torch": "torch.nn.LSTM(300, 300, batch_first=True, bidirectional=True)"');
    expect(code).not.toMatch(/^import (torch|tensorflow|keras)/m);
  });
});
