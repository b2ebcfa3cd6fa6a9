/** Long code is parsed in pieces that end on a top-level statement: the statements are those of one whole parse. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@lezer/python';
import { describe, expect, it } from 'vitest';
import { topLevelStatements } from '../src/core/python/parse';

const whole = (text: string) => {
  const out: string[] = [];
  for (let s = parser.parse(text).topNode.firstChild; s; s = s.nextSibling) out.push(`${s.name}@${s.from}-${s.to}`);
  return out;
};
const chunked = (text: string, chunk: number) =>
  [...topLevelStatements(text, chunk)].map(s => (s === 'too deep' ? s : `${s.name}@${s.from}-${s.to}`));

describe('parsing in pieces', () => {
  const dir = join(__dirname, 'fixtures', 'models');
  const sources = readdirSync(dir)
    .filter(f => f.endsWith('.py'))
    .map(f => readFileSync(join(dir, f), 'utf8'));

  it('gives the statements of one whole parse, whatever the piece size (defs, classes, brackets over lines)', () => {
    for (const text of sources) {
      const expected = whole(text);
      for (const chunk of [40, 300, 2000]) expect(chunked(text, chunk)).toEqual(expected);
    }
  });

  it('reads a model after tens of thousands of data literals in pieces', () => {
    const data = Array.from({ length: 20_000 }, (_, i) => `data_${i} = [${Array.from({ length: 20 }, (_, j) => (i * j) % 997).join(', ')}]`).join(
      '\n'
    );
    const text = `${data}\nimport keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\n`;
    const statements = chunked(text, 100_000);
    expect(statements).toEqual(whole(text));
    expect(statements.length).toBe(20_002);
  });
});
