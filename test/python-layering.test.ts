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
    const keras = /\b(add_weight|add_variable|compute_output_shape|customOutputs|trackedLayers|setTrainable)\b/;
    const hits = pythonSources()
      .filter(([, text]) => keras.test(text))
      .map(([f, text]) => `${f}: ${keras.exec(text)![0]}`);
    expect(hits).toEqual([]);
  });
});

describe('lezer stays in the lowering', () => {
  const CORE = join(__dirname, '..', 'src', 'core');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap(e =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []
    );

  it('no file of src/core but python/parse.ts and python/lower.ts imports @lezer/*', () => {
    const allowed = new Set([join(CORE, 'python', 'parse.ts'), join(CORE, 'python', 'lower.ts')]);
    const importers = files(CORE).filter(
      f => !allowed.has(f) && /from\s+'@lezer\/|import\('@lezer\/|require\('@lezer\//.test(readFileSync(f, 'utf8'))
    );
    expect(importers.map(f => f.slice(CORE.length + 1))).toEqual([]);
  });

  it('the interpreter evaluates the typed tree only: no syntax node, no source text of its own', () => {
    const text = readFileSync(join(PYTHON, 'interpreter.ts'), 'utf8');
    expect(text).not.toMatch(/SyntaxNode|\.firstChild|\.getChild\(|compactSource|topLevelStatements/);
  });
});
