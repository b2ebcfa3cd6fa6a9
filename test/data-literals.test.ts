/** Displays of constants are read without the parser (python/data-literal.ts), with the values the parser would give. */
import { describe, expect, it } from 'vitest';
import { PythonReader, LIMITS } from '../src/core/python/interpreter';
import { lowerCell } from '../src/core/python/lower';
import { scanData } from '../src/core/python/data-literal';
import { KerasSession } from '../src/core/keras/objects';
import { errors, HEADER, model, py } from './helpers/analyze';

function globals(source: string) {
  const reader = new PythonReader(new KerasSession(3, { major: 3, minor: null }));
  reader.run(source, null);
  return reader.globals.vars;
}

const LITERALS = [
  '[1, 2, 3]',
  '[[0.1, -0.2, 3e-4], [.5, 5.0, -7]]',
  "('a', \"b\", r'\\n', b'x', '''t''', 'e\\'s')",
  "{'a': 1, 'b': [True, False, None], 3: (4,)}",
  '[0x1F, 0o17, 0b101, 1_000, -0.0, +3]',
  '()',
  '(1,)',
  '{}',
  '[  # a comment\n  1,\n  2,  # another\n]',
  '[[], [[]], ({},)]'
];

describe('data literals', () => {
  it('are read without the parser, with the values the parser gives', () => {
    for (const lit of LITERALS) {
      const lowered = lowerCell(`X = ${lit}\n`);
      expect(
        lowered.statements.map(s => (s.kind === 'assign' ? s.value.kind : s.kind)),
        lit
      ).toEqual(['data']);
      // `[lit][0]` is not a display of constants alone: the parser reads it.
      const viaParser = lowerCell(`Y = [${lit}][0]\n`);
      expect(
        viaParser.statements.map(s => (s.kind === 'assign' ? s.value.kind : s.kind)),
        lit
      ).toEqual(['subscript']);
      const vars = globals(`X = ${lit}\nY = [${lit}][0]\n`);
      expect(vars.get('X'), lit).toEqual(vars.get('Y'));
    }
  });

  it('are counted the same whether their values are built or not (runs of numbers are counted at once)', () => {
    const texts = [
      ...LITERALS,
      '[1j, 2]',
      '[1, 2j]',
      '[1.2.3]',
      '[1e, 2]',
      '[0x1F, -3, + 4, 5_0, .5e-3,]',
      '[1, 2, x]',
      '[[1, 2],\n [3, 4],\n]',
      '(1, 2, 3)'
    ];
    for (const t of texts) {
      const counted = scanData(t, 0, false);
      const built = scanData(t, 0, true);
      expect(counted === null, t).toBe(built === null);
      if (counted && built) expect([counted.end, counted.elements], t).toEqual([built.end, built.elements]);
    }
    expect(scanData('[[1, 2], [3, 4, 5]]', 0, false)?.elements).toBe(2 + 2 + 3);
  });

  it('read `5.` as Python does (lezer takes it for an attribute access)', () => {
    expect(globals('X = [5., 1]\n').get('X')).toEqual({
      kind: 'list',
      items: [
        { kind: 'float', value: 5 },
        { kind: 'int', value: 1n }
      ]
    });
  });

  it('leave to the parser what is not a display of constants', () => {
    for (const code of ['X = [1, y]', 'X = (1)', 'X = {1, 2}', 'X = [1j]', "X = ['a' 'b']", 'X = [1] + [2]', 'X = [f(1)]', "X = [f'{1}']"]) {
      const s = lowerCell(`${code}\n`).statements;
      expect(s.length, code).toBe(1);
      expect(s[0].kind === 'assign' && s[0].value.kind, code).not.toBe('data');
    }
  });

  it('are parsed as code where a data line is inside a string or brackets', () => {
    const report = py(
      `${HEADER}s = """\nX = [1, 2]\n"""\nf = dict(\nX = [1, 2]\n)\nm = keras.Sequential([keras.Input((3,)), layers.Dense(len(s))])\n`
    );
    expect(errors(report)).toEqual([]);
    expect(model(report, 'm').totals.keras.total).toBe(4n * 12n);
  });

  it('make fresh lists on each reading, which the code can change', () => {
    const report = py(
      `${HEADER}def f():\n    return X\nX = [1, 2]\nX.append(3)\nm = keras.Sequential([keras.Input((3,)), layers.Dense(len(f()))])\n`
    );
    expect(model(report, 'm').totals.keras.total).toBe(4n * 3n);
  });

  it('read a script that is mostly data literals, and the model after it, exactly and fast', () => {
    const row = Array.from({ length: 100 }, (_, j) => ((j * 7919) % 1000) / 1000).join(', ');
    const rows = Array.from({ length: 20_000 }, () => `    [${row}],`).join('\n');
    const text = `${HEADER}import numpy as np\nDATA = [\n${rows}\n]\nLABELS = {'a': 0, 'b': 1}\nx = np.array(DATA)\nm = keras.Sequential([keras.Input((100,)), layers.Dense(len(LABELS)), layers.Dense(8)])\n`;
    expect(text.length).toBeGreaterThan(8_000_000);
    const start = performance.now();
    const report = py(text);
    const ms = performance.now() - start;
    expect(errors(report)).toEqual([]);
    expect(model(report, 'm').totals.keras.total).toBe(202n + 24n);
    // ~2 M elements are past the cap on data kept: DATA is unknown, whole, and costs a scan.
    expect(ms).toBeLessThan(4000);
  });

  it('are kept whole or not at all past the cap on data kept', () => {
    const saved = LIMITS.heldElements;
    LIMITS.heldElements = 100;
    try {
      const vars = globals(`A = [${'1, '.repeat(60)}]\nB = [${'2, '.repeat(60)}]\n`);
      expect(vars.get('A')?.kind).toBe('list');
      expect(vars.get('B')).toEqual({ kind: 'unknown', why: 'data literals past 100 elements in one analysis are not kept (a memory cap)' });
    } finally {
      LIMITS.heldElements = saved;
    }
  });
});
