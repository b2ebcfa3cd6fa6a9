/** The code the panel sends to the kernel is the inspector the IPython extension imports, and it goes as data. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INSPECTOR_SOURCE } from '../src/lab/kernel-script';
import { candidateNames, inspectionCode } from '../src/lab/kernel-inspect';

describe('kernel script', () => {
  it('is jupyterlab_model_summary/inspector.py, byte for byte (run scripts/kernel-script.mjs after editing it)', () => {
    expect(INSPECTOR_SOURCE).toBe(readFileSync(join(__dirname, '..', 'jupyterlab_model_summary', 'inspector.py'), 'utf8'));
  });

  it('sends names only as data, and only identifiers', () => {
    const code = inspectionCode(['units', 'x_train', "__import__('os').system('x')", 'a b', '']);
    const last = code.split('\n').pop()!;
    expect(last).toBe(`_jupyterlab_model_summary['publish'](globals(), ${JSON.stringify(JSON.stringify({ names: ['units', 'x_train'] }))})`);
    expect(code).not.toContain("system('x')");
  });

  it('candidate names are the identifiers of the code, capped', () => {
    expect(candidateNames(['model = keras.Sequential([layers.Dense(num_classes)])'])).toEqual([
      'model',
      'keras',
      'Sequential',
      'layers',
      'Dense',
      'num_classes'
    ]);
    expect(candidateNames([Array.from({ length: 3000 }, (_, i) => `v${i}`).join(' ')])).toHaveLength(2000);
  });
});
