/** The engine's layers import one way: python/ → keras/ → catalogue/ → config/, with no cycle. */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const CORE = join(__dirname, '..', 'src', 'core');
const LAYERS = ['python', 'keras', 'catalogue', 'config'];

interface IEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function edges(): IEdge[] {
  const out: IEdge[] = [];
  for (const dir of LAYERS) {
    for (const file of readdirSync(join(CORE, dir)).filter(f => f.endsWith('.ts'))) {
      const path = join(CORE, dir, file);
      const text = readFileSync(path, 'utf8');
      for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^'"]*?from\s+'(\.[^']+)'/gm)) {
        const to = normalize(join(dirname(path), m[3])) + '.ts';
        out.push({ from: relative(CORE, path), to: relative(CORE, to), typeOnly: !!m[2] });
      }
      for (const m of text.matchAll(/import\('(\.[^']+)'\)/g)) {
        out.push({ from: relative(CORE, path), to: relative(CORE, normalize(join(dirname(path), m[1])) + '.ts'), typeOnly: true });
      }
    }
  }
  return out;
}

describe('engine layers', () => {
  it('keras/, catalogue/ and config/ never import python/ (Python values stay in the reader)', () => {
    const bad = edges().filter(e => !e.from.startsWith('python/') && e.to.startsWith('python/'));
    expect(bad).toEqual([]);
  });

  it('catalogue/ and config/ never import the Python reader or the Keras runtime', () => {
    const bad = edges().filter(
      e =>
        (e.from.startsWith('catalogue/') || e.from.startsWith('config/')) &&
        !e.typeOnly &&
        /^(python|keras\/(runtime|objects|construct|symbols))/.test(e.to)
    );
    expect(bad).toEqual([]);
  });

  it('has no import cycle between files (type-only imports are erased and cannot cycle at run time)', () => {
    const graph = new Map<string, string[]>();
    for (const e of edges()) if (!e.typeOnly) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[][] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f]);
        return;
      }
      state.set(f, 'open');
      for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
