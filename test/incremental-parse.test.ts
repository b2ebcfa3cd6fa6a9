/**
 * An edited text is parsed from the tree of its previous version (lezer's incremental parse): the
 * statements and every node in them must be those of a parse from scratch, whatever the edit (one that
 * breaks the syntax, one that mends it, one inside brackets or an indented block).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@lezer/python';
import { Tree, TreeBuffer, type SyntaxNode } from '@lezer/common';
import { afterEach, describe, expect, it } from 'vitest';
import { forgetRecentTrees, topLevelStatements } from '../src/core/python/parse';

/** Each top-level statement with its whole subtree, positions included. */
function statements(text: string): string[] {
  return [...topLevelStatements(text)].map(s => {
    if (s === 'too deep') return s;
    if ('kind' in s) return JSON.stringify(s);
    const nodes: string[] = [];
    s.toTree().iterate({ enter: n => void nodes.push(`${n.name}@${n.from + s.from}-${n.to + s.from}`) });
    return nodes.join(' ');
  });
}

/** The tree buffers under the top-level statements: a reused node is the same object as before. */
function buffers(text: string): Set<TreeBuffer> {
  const out = new Set<TreeBuffer>();
  const visit = (t: Tree | TreeBuffer) => {
    if (t instanceof TreeBuffer) out.add(t);
    else t.children.forEach(visit);
  };
  for (const s of topLevelStatements(text)) {
    // A small statement is a node inside a buffer (no tree of its own); the model's statement has one.
    const tree = s !== 'too deep' && !('kind' in s) ? (s as SyntaxNode & { tree: Tree | null }).tree : null;
    if (tree) visit(tree);
  }
  return out;
}

function fromScratch(text: string): string[] {
  expect(parser.parse(text).length).toBe(text.length);
  forgetRecentTrees();
  const out = statements(text);
  forgetRecentTrees();
  return out;
}

/** A small deterministic generator (the same edits on every run). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['(', ')', '[', ']', ',', ':', '\n', '    ', 'x', 'Dense(4)', '"', '#', '\\', 'def f():\n    ', '1.5', ' = ', '\t'];

function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const removed = next() < 0.5 ? Math.floor(next() * 8) : 0;
  const inserted = next() < 0.7 ? PIECES[Math.floor(next() * PIECES.length)] : '';
  return text.slice(0, at) + inserted + text.slice(at + removed);
}

describe('incremental reparse of an edited text', () => {
  afterEach(() => forgetRecentTrees());

  const dir = join(__dirname, 'fixtures', 'models');
  const sources = readdirSync(dir)
    .filter(f => f.endsWith('.py'))
    .sort()
    .slice(0, 24)
    .map(f => readFileSync(join(dir, f), 'utf8'));

  it('gives the tree of a parse from scratch after every edit of a chain of random edits', () => {
    const next = random(8);
    let edits = 0;
    for (const source of sources) {
      forgetRecentTrees();
      let text = source;
      statements(text);
      for (let i = 0; i < 12; i++) {
        text = edit(text, next);
        const incremental = statements(text);
        expect(incremental).toEqual(fromScratch(text));
        // fromScratch forgot the trees: parse again so that the next edit starts from this text's tree.
        statements(text);
        edits++;
      }
    }
    expect(edits).toBe(sources.length * 12);
  });

  it('an edit of one layer in a thousand reuses the rest (the same statements as a parse from scratch)', () => {
    const lines = ['import keras', 'model = keras.Sequential([', '    keras.Input(shape=(32,)),'];
    for (let i = 0; i < 1000; i++) lines.push('    keras.layers.Dense(32, activation="relu"),');
    lines.push('])');
    const before = lines.join('\n') + '\n';
    const after = before.replace('activation="relu"),\n    keras.layers.Dense(32, activation="relu"),\n])', 'activation="tanh"),\n])');
    expect(after).not.toBe(before);
    const old = buffers(before);
    const reused = [...buffers(after)].filter(b => old.has(b)).length;
    expect(reused).toBeGreaterThan(0.8 * old.size);
    expect(statements(after)).toEqual(fromScratch(after));
    // Forgotten: parsed from scratch, nothing reused.
    const fresh = [...buffers(after)].filter(b => old.has(b)).length;
    expect(fresh).toBe(0);
    statements(before);
    statements(before);
    const middle = before.slice(0, before.length >> 1) + 'keras.layers.Dropout(0.5), ' + before.slice(before.length >> 1);
    expect(statements(middle)).toEqual(fromScratch(middle));
  });
});
