/** python/ is a Python reader and nothing more: the Keras semantics of classes written in Python are keras/custom-classes.ts's. */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const PYTHON = join(__dirname, '..', 'src', 'core', 'python');

function pythonSources(): Array<[string, string]> {
  return readdirSync(PYTHON)
    .filter(f => f.endsWith('.ts'))
    .map(f => [f, readFileSync(join(PYTHON, f), 'utf8')]);
}

describe('python/ knows no Keras custom-class semantics', () => {
  it('names none of the Keras methods that custom-classes.ts handles', () => {
    const keras = /\b(add_weight|add_variable|compute_output_shape|customOutputs|trackedLayers|setTrainable)\b|'build'|'call'/;
    const hits = pythonSources()
      .filter(([, text]) => keras.test(text))
      .map(([f, text]) => `${f}: ${keras.exec(text)![0]}`);
    expect(hits).toEqual([]);
  });
});
