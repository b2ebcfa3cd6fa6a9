/** The hand-written parser gives the tree the lezer path gives, or gives up (and the lezer path reads the cell). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastParse } from '../src/core/python/fast-parse';
import { lowerWithLezer } from '../src/core/python/lower';
import { compactSource } from '../src/core/python/compact';
import { blankDeepNesting } from '../src/core/python/nesting';

/** A tree as plain data: functions (a data literal's builder) as their result; the end of compound statements is left out. */
function plain(v: unknown): unknown {
  if (typeof v === 'function') return plain((v as () => unknown)());
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) {
      if (k === 'to' && ['for', 'while', 'if', 'block', 'def', 'class'].includes(o.kind as string)) continue;
      out[k] = plain(o[k]);
    }
    return out;
  }
  return v;
}

function both(source: string): { fast: unknown; lezer: unknown } {
  const text = blankDeepNesting(compactSource(source).text).text;
  const fast = fastParse(text);
  return { fast: fast && plain(fast), lezer: plain(lowerWithLezer(compactSource(source).text, text).statements) };
}

const dirs = ['models', 'scripts'].map(d => join(__dirname, 'fixtures', d));
const files = dirs.flatMap(d =>
  readdirSync(d, { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.py'))
    .map(f => join(d, f))
);

describe('the hand-written parser', () => {
  it('gives the lezer tree for every fixture script it reads, and reads most of them', () => {
    let read = 0;
    for (const f of files) {
      const { fast, lezer } = both(readFileSync(f, 'utf8'));
      if (fast === null) continue;
      read++;
      expect(fast, f).toEqual(lezer);
    }
    expect(read).toBeGreaterThan(files.length / 2);
  });

  it('gives the lezer tree for the constructs it reads', () => {
    const snippets = [
      'import keras\nfrom keras import layers as L, models\nfrom . import x\nfrom a.b import (c, d as e,)\nimport a.b.c as d, e\n',
      'x = y = f(a, *b, c=1, **d)[0].e[1:2, ::3, ...]\nz = -a ** 2 + b * c // d % e @ f - ~g\nw = a and b or not c\n',
      'x = a if b < c else d\nq = a not in b\nr = a is not None\ns = lambda: 1\nt = lambda u, v=2: u + v\n',
      'x = [i * 2 for i, j in z if i for k in j]\ny = (1,)\nz = ()\nw = (a)\nv = [a, *b]\nu = {"a": b, 1: [c]}\n',
      'def f(a, b=1, *args, **kw):\n    """doc"""\n    if a:\n        return b\n    elif b:\n        pass\n    else:\n        return\n\n\nclass C(keras.layers.Layer):\n    def call(self, x):\n        return x\n',
      'for i in range(3):\n    if i == 1:\n        continue\n    break\nwhile x < 3:\n    x += 1\nwith a as b, c:\n    d = 1\n',
      'x = "a" \'b\' r"c\\n" b"d"\ny = 0x1F + 1_000 + .5 + 1e-3\nf(x)\n"""docstring"""\n',
      'filters = [32, 64, 128]\nshape = (28, 28, 1)\nmodel = keras.Sequential([layers.Dense(u) for u in filters])\n'
    ];
    for (const s of snippets) {
      const { fast, lezer } = both(s);
      expect(fast, s).not.toBeNull();
      expect(fast, s).toEqual(lezer);
    }
  });

  it('gives up on what it does not read', () => {
    for (const s of [
      'x = f"{a}"\n',
      '@d\ndef f():\n    pass\n',
      'try:\n    x = 1\nexcept E:\n    pass\n',
      'x = {1, 2}\n',
      'x = a < b < c\n',
      'x = (\n',
      'a; b\n',
      'x: int = 3\n',
      'return a, b\n',
      'del x\n',
      'x = 5.\n',
      'if x: y = 1\n',
      'w = not a and b\n'
    ]) {
      expect(fastParse(s), s).toBeNull();
    }
  });
});
