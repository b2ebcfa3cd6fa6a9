/**
 * The kernel side end to end, against a real ipykernel with Keras (the oracle's venv): the magic cell
 * runs in the kernel (its models exist in the next cell), live models in the panel equal real Keras
 * (`count_params()` printed by the kernel), cuDNN totals follow the engine's rules, ✓ where static and
 * live agree, and `%load_ext jupyterlab_model_summary` in JupyterLab does not handle a cell twice.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { MIME_TYPE, openNotebook, savedNotebook, showPanel } from './helpers';

const SEED = [
  '%%model_summary',
  'import keras',
  'from keras import layers',
  'model = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), layers.Embedding(640, 300),',
  '                          layers.Bidirectional(layers.LSTM(300, return_sequences=True))])'
].join('\n');

const CELLS = [
  SEED,
  'print(model.count_params())',
  // Transfer learning: the static reader cannot know an application's layers.
  [
    'base = keras.applications.MobileNetV2(input_shape=(96, 96, 3), weights=None, include_top=False)',
    'base.trainable = False',
    'inputs = keras.Input((96, 96, 3))',
    'head = layers.Dense(5)(layers.GlobalAveragePooling2D()(base(inputs)))',
    'transfer = keras.Model(inputs, head, name="transfer")',
    'print(transfer.count_params(), sum(int(w.numpy().size) for w in transfer.trainable_weights))'
  ].join('\n'),
  // Data-dependent shapes and a count read from data.
  [
    'import numpy as np',
    'x_train = np.zeros((64, 28, 28), dtype="float32")',
    'class_names = ["a", "b", "c", "d", "e", "f", "g"]',
    'data_model = keras.Sequential([keras.Input(shape=x_train.shape[1:]), layers.Flatten(), layers.Dense(len(class_names))], name="data_model")',
    'print(data_model.count_params())'
  ].join('\n'),
  // A custom layer: its weights exist only once Keras built it.
  [
    'class Scale(layers.Layer):',
    '    def build(self, input_shape):',
    '        self.w = self.add_weight(shape=(input_shape[-1], 3), initializer="zeros")',
    '        self.b = self.add_weight(shape=(3,), initializer="zeros", trainable=False)',
    '    def call(self, x):',
    '        return x @ self.w + self.b',
    'custom = keras.Sequential([keras.Input((11,)), Scale(), layers.Dense(2)], name="custom")',
    'print(custom.count_params())'
  ].join('\n'),
  // load_model of a .keras file the test writes.
  [
    'keras.Sequential([keras.Input((None, 8)), layers.LSTM(16), layers.Dense(1)], name="saved").save("saved.keras")',
    'loaded = keras.models.load_model("saved.keras")',
    'print(loaded.count_params())'
  ].join('\n')
];

async function printed(page: any, index: number): Promise<string> {
  const output = (await page.notebook.getCellOutputLocator(index))!;
  await expect(output).toContainText(/\d/);
  return (await output.innerText()).trim();
}

function totals(model: Locator): Locator {
  return model.locator('table.jp-ModelSummary-totals tbody tr').filter({ hasText: 'Total params' }).locator('td');
}

const fmt = (n: string | number) => Number(n).toLocaleString('en-US');

test.describe('the kernel side', () => {
  test.setTimeout(300_000);

  test('magic runs in the kernel; live models in the panel equal real Keras', async ({ page, tmpPath, request }) => {
    const file = await openNotebook(page, tmpPath, 'kernel.ipynb', CELLS);
    const panel = await showPanel(page);

    // The magic cell: the static summary at once, the code in the kernel (an execution count), the model there.
    expect(await page.notebook.runCell(0)).toBe(true);
    const magic = (await page.notebook.getCellLocator(0))!;
    await expect(magic.locator('.jp-InputArea-prompt')).toHaveText('[1]:');
    const output = magic.locator('.jp-ModelSummary-output');
    await expect(output.locator('tr.jp-ModelSummary-row[data-layer-name="bidirectional"] td.jp-ModelSummary-params')).toHaveText([
      '1,442,400',
      '1,444,800'
    ]);
    // The saved output gained the live cross-check: ✓ in the output's Live column.
    await expect(output.locator('td.jp-ModelSummary-liveCheck[data-status="ok"]')).toHaveCount(2);
    await expect(output.locator('.jp-ModelSummary-live')).toContainText(/live \(Keras 3\.\d+\.\d+, tensorflow\): agrees/);
    expect(await page.notebook.runCell(1)).toBe(true);
    expect(await printed(page, 1)).toBe('1634400');

    // The panel: the seed compared with the kernel's model, ✓ per layer.
    const seed = panel.locator('section[data-model-variable="model"]');
    await expect(seed.locator('.jp-ModelSummary-live')).toContainText('agrees');
    await expect(seed.locator('td.jp-ModelSummary-liveCheck[data-status="ok"]')).toHaveCount(2);
    await expect(totals(seed)).toHaveText(['1,634,400', '1,636,800']);

    // Transfer learning: the static reader builds the application too (keras.applications), and the
    // kernel's model agrees with it, exactly.
    expect(await page.notebook.runCell(2)).toBe(true);
    const [transferTotal, transferTrainable] = (await printed(page, 2)).split(/\s+/);
    const transfer = panel.locator('section[data-model-variable="transfer"]');
    await expect(transfer.locator('.jp-ModelSummary-live[data-live="agrees"]')).toBeVisible({ timeout: 30_000 });
    await expect(totals(transfer)).toHaveText([fmt(transferTotal), fmt(transferTotal)]);
    await expect(transfer.locator('table.jp-ModelSummary-totals tbody tr').filter({ hasText: 'Trainable' }).locator('td').first()).toHaveText(
      fmt(transferTrainable)
    );

    // Data-dependent: live totals equal Keras.
    expect(await page.notebook.runCell(3)).toBe(true);
    const dataCount = await printed(page, 3);
    expect(dataCount).toBe(String(28 * 28 * 7 + 7));
    const data = panel.locator('section[data-model-variable="data_model"]');
    await expect(totals(data)).toHaveText([fmt(dataCount), fmt(dataCount)], { timeout: 30_000 });

    // A custom layer.
    expect(await page.notebook.runCell(4)).toBe(true);
    const customCount = await printed(page, 4);
    const custom = panel.locator('section[data-model-variable="custom"]');
    await expect(totals(custom)).toHaveText([fmt(customCount), fmt(customCount)], { timeout: 30_000 });

    // load_model: live, and cuDNN by the engine's rule (LSTM(16) on 8 features: +4 gates × 16 units).
    expect(await page.notebook.runCell(5)).toBe(true);
    const loadedCount = Number(await printed(page, 5));
    const loaded = panel.locator('section[data-model-variable="loaded"]');
    await expect(totals(loaded)).toHaveText([fmt(loadedCount), fmt(loadedCount + 64)], { timeout: 30_000 });
    await expect(loaded.locator('.jp-ModelSummary-live[data-live="only"]')).toBeVisible();

    // Saved: the magic cell has its execution count, one summary display with the live check.
    expect(await page.notebook.save()).toBe(true);
    const saved = await savedNotebook(request, file);
    expect(saved.cells[0].execution_count).toBe(1);
    const displays = saved.cells[0].outputs.filter((o: any) => o.output_type === 'display_data' && o.data[MIME_TYPE]);
    expect(displays).toHaveLength(1);
    expect(displays[0].data[MIME_TYPE].live.checks[0]).toMatchObject({ variable: 'model', ok: true, totals: { keras: 1634400, cudnn: 1636800 } });
    expect(displays[0].data['text/plain']).toContain('✓ model: live (Keras 3.');
  });

  test('with %load_ext in JupyterLab the cell is handled once; --no-run does not run it', async ({ page, tmpPath }) => {
    await openNotebook(page, tmpPath, 'load-ext.ipynb', [
      '%load_ext jupyterlab_model_summary',
      '%%model_summary\nimport keras\nsmall = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])',
      '%%model_summary --no-run\nnot_run = 1',
      'print(small.count_params(), "not_run" in globals())'
    ]);
    expect(await page.notebook.runCell(0)).toBe(true);
    expect(await page.notebook.runCell(1)).toBe(true);
    const cell = (await page.notebook.getCellLocator(1))!;
    await expect(cell.locator('.jp-ModelSummary-output')).toHaveCount(1);
    await expect(cell.locator('.jp-ModelSummary-output td.jp-ModelSummary-liveCheck[data-status="ok"]')).toHaveCount(1);
    // Summarized only: no execution, so galata has no execution count to wait for.
    await page.notebook.runCell(2, { wait: false });
    const noRun = (await page.notebook.getCellLocator(2))!;
    await expect(noRun.locator('.jp-ModelSummary-output')).toHaveCount(1);
    await expect(noRun.locator('.jp-InputArea-prompt')).toHaveText('[ ]:');
    expect(await page.notebook.runCell(3)).toBe(true);
    expect(await printed(page, 3)).toBe('8 False');
  });
});
