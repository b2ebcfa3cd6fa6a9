// The browser half of bench/validate.mjs: the engine and TensorFlow.js in a page, timing the seed's
// validation per backend. Bundled by esbuild; exposes window.benchValidation(backend).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { analyze } from '../src/core/index';
import { validateModel, type TF } from '../src/core/validate/validate';

setWasmPaths('./');

declare global {
  interface Window {
    benchValidation(backend: string, source: string, runs: number): Promise<unknown>;
  }
}

window.benchValidation = async (backend, source, runs) => {
  const ok = await tf.setBackend(backend);
  if (!ok || tf.getBackend() !== backend) return { backend, error: `could not start (running ${tf.getBackend()})` };
  await tf.ready();
  const model = analyze({ name: 'seed.py', content: source }).models[0];
  const times: number[] = [];
  let result = null;
  for (let i = 0; i < runs; i++) {
    const v = await validateModel(tf as unknown as TF, model);
    times.push(v.ms);
    result = { ok: v.ok, backend: v.backend, leaked: v.leakedTensors };
  }
  return { backend, times, result };
};
