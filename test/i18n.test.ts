/** The translation catalogues: every string the code translates has a Simplified Chinese translation, with the same placeholders. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { english, substitute } from '../src/core/i18n/strings';

const ROOT = join(__dirname, '..');
const ZH = JSON.parse(readFileSync(join(ROOT, 'jupyterlab_model_summary/locale/zh_CN/LC_MESSAGES/jupyterlab_model_summary.json'), 'utf8')) as Record<
  string,
  string[]
>;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The literal first argument of every trans.__ / trans._n call in src/ (what the extractor reads). */
function msgids(): string[] {
  const ids = new Set<string>();
  const call = /\btrans\.(?:__|_n)\(\s*(['"])((?:\\.|(?!\1).)*)\1/g;
  for (const file of sources(join(ROOT, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(call)) ids.add(m[2].replace(/\\(['"\\])/g, '$1'));
  }
  return [...ids];
}

describe('the zh_CN catalogue', () => {
  const ids = msgids();

  it('translates every string the code translates', () => {
    expect(ids.length).toBeGreaterThan(80);
    const missing = ids.filter(id => !ZH[id]?.[0]);
    expect(missing).toEqual([]);
  });

  it('keeps every placeholder of each string', () => {
    const placeholders = (s: string) => (s.match(/%\d/g) ?? []).sort().join(' ');
    const broken = ids.filter(id => ZH[id] && placeholders(ZH[id][0]) !== placeholders(id));
    expect(broken).toEqual([]);
  });

  it('is the one the Python package ships under the domain JupyterLab asks for', () => {
    expect(ZH['']).toMatchObject({ domain: 'jupyterlab_model_summary', language: 'zh-CN', plural_forms: 'nplurals=1; plural=0;' });
    expect(readFileSync(join(ROOT, 'pyproject.toml'), 'utf8')).toMatch(
      /\[project\.entry-points\."jupyterlab\.locale"\]\njupyterlab_model_summary = "jupyterlab_model_summary"/
    );
  });
});

describe('English without JupyterLab', () => {
  it('substitutes %1-style arguments and picks the plural', () => {
    expect(substitute('%1 of %2', ['a', 'b'])).toBe('a of b');
    expect(english._n('%1 model', '%1 models', 1)).toBe('1 model');
    expect(english._n('%1 model', '%1 models', 3)).toBe('3 models');
  });
});
