/**
 * keras.applications stay out of the engine's JupyterLab chunk: the builders are bundled only from
 * src/lab/applications-entry.ts, fetched when a notebook names `applications`. Until they are
 * installed, the reader says so and summarizes the rest.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCells } from '../src/core/analyze';
import { loadApplications, usesApplications } from '../src/lab/applications';
import { runMagic } from '../src/lab/magic';

const ROOT = join(__dirname, '..');

/** The source files an entry point loads before any dynamic import() (what those fetch later is not counted). */
async function bundledFiles(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    splitting: true,
    outdir: join(ROOT, 'lib', '.chunks'),
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
    external: ['@jupyterlab/*', '@lumino/*', '@tensorflow/*', '*.css']
  });
  const outputs = result.metafile.outputs;
  const start = Object.keys(outputs).find(o => outputs[o].entryPoint === entry)!;
  const seen = new Set<string>();
  const visit = (out: string) => {
    if (seen.has(out) || !outputs[out]) return;
    seen.add(out);
    for (const i of outputs[out].imports) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(start);
  return [...seen].flatMap(o => Object.keys(outputs[o].inputs));
}

describe('keras.applications as a lazy chunk', () => {
  it("the engine chunk holds the reader's hook only, not the builders", async () => {
    const files = await bundledFiles('src/lab/engine-entry.ts');
    expect(files).toContain('src/core/python/interpreter.ts');
    expect(files.filter(f => f.startsWith('src/core/applications/'))).toEqual(['src/core/applications/hook.ts']);
  });

  it('the start-up glue holds neither: the check and the loader come with the engine', async () => {
    for (const glue of ['src/lab/index.ts', 'src/lab/follower.ts', 'src/lab/executor.ts', 'src/lab/engine.ts']) {
      const files = await bundledFiles(glue);
      // Only small pure modules the magic line and the settings need at start-up: the Keras-version syntax,
      // the option table and the translation helpers (no engine code: they import nothing else of it).
      const START_UP = new Set(['src/core/keras/version.ts', 'src/core/options.ts', 'src/core/i18n/strings.ts', 'src/core/i18n/current.ts']);
      expect(files.filter(f => (f.startsWith('src/core/') && !START_UP.has(f)) || f === 'src/lab/applications.ts')).toEqual([]);
    }
    expect(await bundledFiles('src/lab/engine-entry.ts')).toContain('src/lab/applications.ts');
  });

  it('the applications chunk holds every family', async () => {
    const files = await bundledFiles('src/lab/applications-entry.ts');
    for (const family of [
      'resnet',
      'mobilenet',
      'mobilenet-v3',
      'vgg',
      'efficientnet',
      'efficientnet-v2',
      'inception',
      'inception-resnet',
      'densenet',
      'convnext',
      'nasnet'
    ]) {
      expect(files).toContain(`src/core/applications/${family}.ts`);
    }
  });

  it('is fetched when the code names applications', () => {
    expect(usesApplications(['import keras', 'base = keras.applications.ResNet50()'])).toBe(true);
    expect(usesApplications(['from tensorflow.keras.applications import MobileNetV2'])).toBe(true);
    expect(usesApplications(['from keras import applications as apps'])).toBe(true);
    expect(usesApplications(['import keras', 'model = keras.Sequential()'])).toBe(false);
  });

  it('without the builders, an application is a warning and the rest is summarized', () => {
    const report = analyzeCells(
      [
        { index: 0, source: 'import keras\nbase = keras.applications.ResNet50()\nm = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n' }
      ],
      { kerasVersion: 3 }
    );
    expect(report.diagnostics.map(d => `${d.severity}: ${d.message}`)).toEqual([
      'warning: keras.applications.ResNet50: the application builders are not loaded; its parameters are unknown'
    ]);
    expect(report.models.map(m => m.variable)).toEqual(['m']);
  });

  it('once fetched, the panel and the magic build the application as a nested model', async () => {
    await loadApplications();
    const cells = [
      {
        index: 0,
        source:
          'import keras\nbase = keras.applications.MobileNetV2(input_shape=(96, 96, 3), include_top=False, weights=None)\nbase.trainable = False'
      },
      {
        index: 1,
        source:
          '%%model_summary\nx = keras.Input((96, 96, 3))\nmodel = keras.Model(x, keras.layers.Dense(2)(keras.layers.GlobalAveragePooling2D()(base(x))))'
      }
    ];
    const run = runMagic(cells, { convention: 'both', kerasVersion: '3', validate: false, backend: 'auto' });
    expect(run.success).toBe(true);
    const model = run.report!.models[0];
    const nested = model.rows.find(r => r.name === 'mobilenetv2_1.00_96')!;
    expect(nested.className).toBe('Functional');
    expect(nested.rows?.length).toBe(154);
    expect(model.totals.keras.trainable).toBe(2562n);
  });
});
