/**
 * `--validate` in Node: TensorFlow.js (imported only when asked for, kept out of the CLI bundle) builds
 * each model and runs one forward pass on the CPU or WASM backend.
 */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { AnalysisReport } from '../core/index';
import type { NODE_BACKENDS } from '../core/options';
import { validateModel, type IModelValidation, type TF, type IValidationOptions } from '../core/validate/validate';
import { trans } from '../core/i18n/current';

/** The TensorFlow.js backends Node has. */
export type NodeBackend = (typeof NODE_BACKENDS)[number];

async function loadTf(backend: NodeBackend): Promise<TF> {
  // require, not import(): the bin runs the bundle from V8's code cache (code-cache.ts), whose functions lose
  // Node's import() callback in Node 20; TensorFlow.js ships CommonJS builds for Node.
  const require = createRequire(__filename);
  const tf = require('@tensorflow/tfjs') as TF;
  if (backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    // In Node the .wasm binaries are read from the package's dist folder.
    wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
  }
  const ok = await tf.setBackend(backend);
  if (!ok || tf.getBackend() !== backend)
    throw new Error(trans.__('the %1 backend of TensorFlow.js could not start (running %2)', backend, tf.getBackend()));
  await tf.ready();
  return tf;
}

/** One result per model of each report, in order. */
export async function validateReports(
  reports: AnalysisReport[],
  backend: NodeBackend,
  options: IValidationOptions = {}
): Promise<IModelValidation[][]> {
  // tfjs prints advice about tfjs-node on first use; the CLI's output is the report alone.
  const { log, warn } = console;
  console.log = console.warn = () => {};
  try {
    const tf = await loadTf(backend);
    const out: IModelValidation[][] = [];
    for (const report of reports) {
      const results: IModelValidation[] = [];
      for (const model of report.models) results.push(await validateModel(tf, model, options));
      out.push(results);
    }
    return out;
  } finally {
    console.log = log;
    console.warn = warn;
  }
}
