/**
 * The compaction before parsing: blank and comment-only lines and the indentation of lines inside brackets
 * are removed, what Python reads is kept exactly, and every offset maps back to its place in the source.
 */
import { describe, expect, it } from 'vitest';
import { compactSource, sourceOffset } from '../src/core/python/compact';

/** The compacted text, checked character by character against the source it maps back to. */
function compacted(source: string): string {
  const c = compactSource(source);
  for (let offset = 0; offset < c.text.length; offset++) expect(source[sourceOffset(c, offset)]).toBe(c.text[offset]);
  return c.text;
}

describe('compactSource', () => {
  it('drops the indentation of lines inside brackets, and keeps it outside them', () => {
    const source = ['model = keras.Sequential(', '    [', '        layers.Dense(32),', '    ],', ')', 'if x:', '    y = 1', ''].join('\n');
    expect(compacted(source)).toBe(['model = keras.Sequential(', '[', 'layers.Dense(32),', '],', ')', 'if x:', '    y = 1', ''].join('\n'));
  });

  it('counts no bracket inside a string or a comment', () => {
    const source = ['a = "(["  # {', 'if a:', '    b = (1,', '         2)', '    c = 3', ''].join('\n');
    expect(compacted(source)).toBe(['a = "(["  # {', 'if a:', '    b = (1,', '2)', '    c = 3', ''].join('\n'));
  });

  it('keeps the text of strings that span lines inside brackets', () => {
    const triple = ['f(', '    """a', '    b""",', '    "c\\', '    d",', ')', ''].join('\n');
    // The triple-quoted string's second line and the line a backslash continues are the string's own text.
    expect(compacted(triple)).toBe(['f(', '"""a', '    b""",', '"c\\', '    d",', ')', ''].join('\n'));
  });

  it('reads a string that a backslash continues as a string: its brackets and quotes leave the indentation after it alone', () => {
    // Python: s is 'abcd ( e', and y = 1 and z = 2 stay in the if block.
    const source = ['if x:', '    s = "abc\\', 'd ( e"', '    y = 1', '    z = 2', ''].join('\n');
    expect(compacted(source)).toBe(source);
    expect(compactSource(source).deepest).toBe(0);
    const crlf = source.replace(/\n/g, '\r\n');
    expect(compacted(crlf)).toBe(crlf);
    // A string continued twice, and one whose backslash is escaped (it ends with its line, unterminated).
    const twice = ['f(', "    'a\\", 'b [ \\', "c',", '    2)', 'if x:', '    y = "d\\\\', '    z = 1', ''].join('\n');
    expect(compacted(twice)).toBe(['f(', "'a\\", 'b [ \\', "c',", '2)', 'if x:', '    y = "d\\\\', '    z = 1', ''].join('\n'));
  });

  it('keeps every indentation of a source with a bracket that never closes (a cell being typed)', () => {
    const source = ['model = keras.Sequential([', '    layers.Dense(10),', '', 'def build():', '    x = (1,', '         2)', '    return x', ''].join(
      '\n'
    );
    expect(compacted(source)).toBe(source.replace('\n\n', '\n'));
  });

  it('drops blank and comment lines inside brackets and maps the rest back', () => {
    const source = ['x = [', '', '    # a comment', '\t1,', '  \f 2]', 'y = x', ''].join('\n');
    expect(compacted(source)).toBe(['x = [', '1,', '2]', 'y = x', ''].join('\n'));
  });

  it('does not go below depth 0 on a closing bracket without an opening one', () => {
    const source = [')', 'x = (1,', '     2)', 'if x:', '    y = 1', ''].join('\n');
    expect(compacted(source)).toBe([')', 'x = (1,', '2)', 'if x:', '    y = 1', ''].join('\n'));
  });
});

describe('compactSource: deepest nesting', () => {
  it('counts the deepest bracket nesting outside strings and comments', () => {
    expect(compactSource('x = [(1, {2: [3]})]\n').deepest).toBe(4);
    expect(compactSource('x = "((((("  # [[[[\ny = (1,\n     (2))\n').deepest).toBe(2);
    expect(compactSource('s = """\n((((\n"""\n').deepest).toBe(0);
    expect(compactSource(`x = ${'['.repeat(250)}${']'.repeat(250)}\n`).deepest).toBe(250);
  });
});
