/** The translation catalogues: every string the code translates has a Simplified Chinese translation, with the same placeholders. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { english, substitute } from '../src/core/i18n/strings';
import { catalogueLookup, translateSchema } from '../src/lab/settings-schema';
import { catalogueStrings, pluralRule, type Catalogue } from '../src/core/i18n/catalogue';
import { withStrings } from '../src/core/i18n/current';
import { analyze, formatText } from '../src/core/index';
import { handle, type WorkerMessage } from '../src/lab/engine-worker';
import { loadCatalogue } from '../src/lab/language';
import { localeCandidates } from '../src/cli/language';
import { HEADER } from './helpers/analyze';

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

const ZH_STRINGS = catalogueStrings(ZH as unknown as Catalogue);
const SEED = `${HEADER}model = keras.Sequential([keras.Input((None,)), layers.Embedding(640, 300), layers.Bidirectional(layers.LSTM(300, return_sequences=True))])
bad = layers.Dense(units=-4)
`;

describe('a catalogue as strings (the worker and the CLI)', () => {
  it('looks up translations, substitutes arguments and falls back to the msgid', () => {
    const s = catalogueStrings({
      '': { plural_forms: 'nplurals=2; plural=(n > 1);' },
      'Total params': ['Paramètres'],
      '%1 model': ['%1 modèle', '%1 modèles']
    });
    expect(s.__('Total params')).toBe('Paramètres');
    expect(s.__('not translated %1', 'x')).toBe('not translated x');
    // French: 0 and 1 are singular.
    expect([0, 1, 2].map(n => s._n('%1 model', '%1 models', n))).toEqual(['0 modèle', '1 modèle', '2 modèles']);
    expect(s._n('%1 layer', '%1 layers', 2)).toBe('2 layers');
  });

  it('reads the plural rules of gettext headers without eval', () => {
    const russian = pluralRule('nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);');
    expect([1, 2, 5, 11, 21, 22, 25, 111].map(russian)).toEqual([0, 1, 2, 2, 0, 1, 2, 2]);
    expect(pluralRule('nplurals=1; plural=0;')(7)).toBe(0);
    expect(pluralRule('nplurals=2; plural=(n != 1);')(1)).toBe(0);
    // Unreadable: English's rule, never a crash.
    expect(pluralRule('nplurals=2; plural=alert(1);')(2)).toBe(1);
    expect(pluralRule(undefined)(1)).toBe(0);
  });
});

describe('the engine in Chinese', () => {
  it('writes diagnostics and Δ reasons in the language of the analysis, and English again after it', () => {
    const zh = analyze({ name: 's.py', content: SEED }, { kerasVersion: 3, strings: ZH_STRINGS });
    const lstm = zh.models[0].rows.find(r => r.className === 'Bidirectional')!;
    expect(lstm.params).toMatchObject({ keras: 1_442_400n, cudnn: 1_444_800n });
    expect(lstm.note).toBe('cuDNN 分别保存输入偏置和循环偏置：+2 个方向 × 4 个门 × 300 个单元 = 2,400');
    // The layer's name and class lead the message, once (the class the message starts with is not repeated).
    expect(zh.diagnostics.map(d => d.message)).toEqual(['dense（Dense）：units 必须是正整数，实际为 -4 (int)']);
    const en = analyze({ name: 's.py', content: SEED }, { kerasVersion: 3 });
    expect(en.models[0].rows.find(r => r.className === 'Bidirectional')!.note).toBe(
      'cuDNN keeps input and recurrent biases: +2 directions × 4 gates × 300 units = 2,400'
    );
  });

  it('still tells a size only the kernel knows (info) from a mistake (error) in Chinese', () => {
    const source = `${HEADER}tv = layers.TextVectorization(max_tokens=20000, output_sequence_length=100)
tv.adapt(texts)
x = keras.Input((1,), dtype='string')
h = layers.Embedding(tv.vocabulary_size(), 64)(tv(x))
`;
    const r = analyze({ name: 's.py', content: source }, { kerasVersion: 3, strings: ZH_STRINGS });
    expect(r.diagnostics.map(d => d.severity)).toEqual(['info']);
    expect(r.diagnostics[0].message).toContain('需要运行中的内核');
  });

  it('renders the formats in the language in force', () => {
    const report = analyze({ name: 's.py', content: SEED }, { kerasVersion: 3 });
    const text = withStrings(ZH_STRINGS, () => formatText(report, 'both'));
    expect(text).toContain('总参数量');
    expect(formatText(report, 'both')).toContain('Total params');
    // Chinese characters take two columns: the header row is as wide as the rules around it.
    const lines = text.split('\n');
    const header = lines.find(l => l.startsWith('┃'))!;
    const columns = (s: string) => [...s].reduce((n, ch) => n + (/[\u4e00-\u9fff\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
    expect(columns(header)).toBe(columns(lines.find(l => l.startsWith('┏'))!));
  });

  it('in the worker: the page sends its catalogue, and the magic saves Chinese text/plain and text/html', () => {
    const messages: WorkerMessage[] = [];
    const cells = [{ index: 0, source: `%%model_summary\n${SEED}` }];
    const defaults = { convention: 'both', kerasVersion: '3', validate: false, backend: 'auto' } as const;
    handle({ id: 1, kind: 'magic', cells, defaults, skip: [], catalogue: structuredClone(ZH) as unknown as Catalogue }, m => messages.push(m));
    const run = (messages.at(-1) as { result: { outputs: Array<{ output_type: string; data?: Record<string, string>; evalue?: string }> } }).result;
    const display = run.outputs[0].data!;
    expect(display['text/plain']).toContain('总参数量');
    expect(display['text/plain']).toContain('cuDNN 分别保存输入偏置和循环偏置');
    expect(display['text/html']).toContain('总参数量');
    expect(run.outputs[1].evalue).toContain('必须是正整数');
    // The next request without a catalogue is English again.
    const english: WorkerMessage[] = [];
    handle({ id: 2, kind: 'cells', cells: [{ index: 0, source: SEED }], kerasVersion: 3, skip: [] }, m => english.push(m));
    const json = JSON.parse((english.at(-1) as { result: { jsonText: string } }).result.jsonText);
    expect(json.diagnostics[0].message).toContain('must be a positive integer');
  });
});

describe("the page's catalogue for the worker", () => {
  const translator = (languageCode: string, domainData?: Record<string, unknown>) =>
    ({ languageCode, load: () => english, ...(domainData ? { _domainData: domainData } : {}) }) as never;

  it('is none in English', async () => {
    expect(await loadCatalogue(translator('en'), () => Promise.reject(new Error('not asked')))).toBeNull();
  });

  it('comes from the translations data the page loaded, else from the translations API (locale as zh_CN)', async () => {
    expect(await loadCatalogue(translator('zh-CN', { jupyterlab_model_summary: ZH }))).toBe(ZH);
    const asked: string[] = [];
    const fetched = await loadCatalogue(translator('zh-CN'), locale => {
      asked.push(locale);
      return Promise.resolve({ data: { jupyterlab_model_summary: ZH as unknown as Catalogue } });
    });
    expect(asked).toEqual(['zh_CN']);
    expect(fetched).toBe(ZH);
    expect(await loadCatalogue(translator('zh-CN'), () => Promise.reject(new Error('offline')))).toBeNull();
  });
});

describe('the CLI in the environment’s language', () => {
  it('reads LANGUAGE, LC_ALL, LC_MESSAGES and LANG as gettext does', () => {
    expect(localeCandidates({ LANG: 'zh_CN.UTF-8' })).toEqual(['zh_CN', 'zh']);
    expect(localeCandidates({ LANGUAGE: 'fr:zh_CN', LANG: 'de_DE.UTF-8' })).toEqual(['fr', 'zh_CN', 'zh', 'de_DE', 'de']);
    expect(localeCandidates({ LANGUAGE: 'zh_CN', LC_ALL: 'C' })).toEqual([]);
    expect(localeCandidates({})).toEqual([]);
  });

  it('prints its messages in Chinese under LANG=zh_CN.UTF-8 and in English otherwise', () => {
    // A bundle of its own (cli.test.ts rebuilds dist/ at the same time), laid out as shipped: <dir>/dist beside the package.
    const dir = mkdtempSync(join(tmpdir(), 'model-summary-i18n-'));
    symlinkSync(join(ROOT, 'jupyterlab_model_summary'), join(dir, 'jupyterlab_model_summary'));
    const bundle = join(dir, 'dist', 'model-summary.cjs');
    execFileSync(
      join(ROOT, 'node_modules/.bin/esbuild'),
      ['src/cli/main.ts', '--bundle', '--platform=node', '--external:@tensorflow/*', `--outfile=${bundle}`],
      {
        cwd: ROOT,
        stdio: 'ignore'
      }
    );
    const cli = (env: Record<string, string>) =>
      spawnSync('node', [bundle, '--convention', 'nope', 'x.py'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } }).stderr;
    try {
      expect(cli({ LANG: 'zh_CN.UTF-8' })).toBe(
        "model-summary: --convention 的取值为 keras, cudnn, both, declared 之一，实际为 'nope'（参见 model-summary --help）\n"
      );
      expect(cli({ LANG: 'C.UTF-8' })).toBe(
        "model-summary: --convention takes one of keras, cudnn, both, declared, got 'nope' (see model-summary --help)\n"
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the settings schema in Chinese', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schema/plugin.json'), 'utf8'));

  it('names our domain, so a language pack with its .mo translates it on the server', () => {
    expect(schema['jupyter.lab.internationalization']).toEqual({ domain: 'jupyterlab_model_summary' });
  });

  it('is translated in the page from our own catalogue, with the contexts jupyterlab-translate extracts', () => {
    const zh = translateSchema(schema, catalogueLookup(ZH as unknown as Catalogue));
    expect(zh.title).toBe('模型摘要');
    expect(zh['jupyter.lab.setting-icon-label']).toBe('模型摘要');
    expect(zh.properties!.defaultConvention.title).toBe('默认统计口径');
    expect(zh.properties!.kerasVersion.description).toMatch(/^采用哪个版本的默认行为/);
    expect(zh.description).toContain('%%model_summary');
    // Every title and description of the schema has a translation.
    const untranslated = [
      ['schema', schema.title],
      ['schema', schema.description],
      ...Object.values(schema.properties as Record<string, { title: string; description: string }>).flatMap(p => [
        ['settings', p.title],
        ['settings', p.description]
      ])
    ].filter(([context, text]) => !ZH[`${context}\u0004${text}`]?.[0]);
    expect(untranslated).toEqual([]);
    // English: unchanged.
    expect(translateSchema(schema, catalogueLookup(null))).toEqual(schema);
  });
});
