/**
 * Validation in the browser: TensorFlow.js (its own lazily loaded chunk, never requested at start-up)
 * builds each model and runs one forward pass. The backend is chosen for speed: WebGPU on a hardware
 * adapter, then WebGL on a hardware renderer, then WASM, then CPU; software WebGPU and WebGL (SwiftShader)
 * are slower than WASM, so "auto" passes over them and says so. The backend reported is the one that ran.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { AnalysisReport } from '../core/index';
import { validationJson } from '../core/validate/format';
import { validateModel, type TF, type IValidationOptions } from '../core/validate/validate';
import { trans } from '../core/i18n/current';

export type BackendPreference = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

// The .wasm binaries ship with the extension (webpack emits them as assets next to this chunk).
setWasmPaths({
  'tfjs-backend-wasm.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', import.meta.url).href,
  'tfjs-backend-wasm-simd.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', import.meta.url).href,
  'tfjs-backend-wasm-threaded-simd.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm', import.meta.url).href
});

const ORDER: BackendPreference[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Why "auto" should pass over a backend here, or null when it is worth trying. */
async function softwareOnly(name: BackendPreference): Promise<string | null> {
  if (name === 'webgpu') {
    type Adapter = { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean; architecture?: string } };
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu;
    if (!gpu) return trans.__('WebGPU is not available in this browser');
    const adapter = await gpu.requestAdapter();
    if (!adapter) return trans.__('no WebGPU adapter');
    if (adapter.isFallbackAdapter || adapter.info?.isFallbackAdapter || adapter.info?.architecture === 'swiftshader') {
      return trans.__('the WebGPU adapter is a software fallback, slower than WASM');
    }
    return null;
  }
  if (name === 'webgl') {
    const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    if (!gl) return trans.__('WebGL is not available');
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    if (/swiftshader|llvmpipe|software/i.test(renderer)) return trans.__('WebGL runs on a software renderer (%1), slower than WASM', renderer);
  }
  return null;
}

/** Sets the backend: the preferred one, else the next that starts. Returns what ran and why. */
export async function selectBackend(preference: BackendPreference): Promise<{ backend: string; note: string }> {
  const notes: string[] = [];
  const order = preference === 'auto' ? ORDER : [preference, ...ORDER.filter(b => b !== preference)];
  for (const name of order) {
    if (preference === 'auto' && name !== 'cpu') {
      const why = await softwareOnly(name);
      if (why) {
        notes.push(`${name} skipped: ${why}`);
        continue;
      }
    }
    try {
      // tfjs falls back silently when a backend fails: check what really runs.
      if ((await tf.setBackend(name)) && tf.getBackend() === name) {
        await tf.ready();
        return { backend: name, note: notes.join('; ') };
      }
      notes.push(trans.__('%1 did not start', name));
    } catch (e) {
      notes.push(`${name} failed: ${(e as Error).message}`);
    }
  }
  return { backend: tf.getBackend(), note: notes.join('; ') };
}

export interface IReportValidation {
  backend: string;
  note: string;
  /** Per model name, the JSON form saved with the magic's output. */
  models: Record<string, ReturnType<typeof validationJson>>;
  tensorsBefore: number;
  tensorsAfter: number;
}

export async function validateReport(
  report: AnalysisReport,
  preference: BackendPreference,
  options: IValidationOptions = {}
): Promise<IReportValidation> {
  const { backend, note } = await selectBackend(preference);
  const tensorsBefore = tf.memory().numTensors;
  const models: IReportValidation['models'] = {};
  for (const model of report.models) models[model.name] = validationJson(await validateModel(tf as unknown as TF, model, options));
  return { backend, note, models, tensorsBefore, tensorsAfter: tf.memory().numTensors };
}
