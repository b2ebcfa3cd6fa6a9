/** The bin's code cache (src/cli/code-cache.ts): where it lives, when it is used, and that it never changes a result. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheDirectory, cacheFileOf, compileCached } from '../src/cli/code-cache';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'model-summary.cjs');
const SEED = join(ROOT, 'test', 'fixtures', 'models', 'seed_lstm.py');

const caches = (dir: string) => readdirSync(dir).filter(name => name.endsWith('.v8cache'));

describe('cacheDirectory', () => {
  it("is the platform's per-user cache folder", () => {
    expect(cacheDirectory({}, 'linux', '/home/ada')).toBe('/home/ada/.cache/jupyterlab-model-summary');
    expect(cacheDirectory({ XDG_CACHE_HOME: '/var/cache/ada' }, 'linux', '/home/ada')).toBe('/var/cache/ada/jupyterlab-model-summary');
    expect(cacheDirectory({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Caches/jupyterlab-model-summary');
    expect(cacheDirectory({ LOCALAPPDATA: 'C:/Users/ada/AppData/Local' }, 'win32', 'C:/Users/ada')).toBe(
      join('C:/Users/ada/AppData/Local', 'jupyterlab-model-summary')
    );
  });

  it("is none with Node's NODE_DISABLE_COMPILE_CACHE, or without a home", () => {
    expect(cacheDirectory({ NODE_DISABLE_COMPILE_CACHE: '1', XDG_CACHE_HOME: '/c' }, 'linux', '/home/ada')).toBeNull();
    expect(cacheDirectory({}, 'linux', null)).toBeNull();
  });
});

describe('compileCached', () => {
  const req = createRequire(__filename);
  /** A CommonJS bundle that records that it ran, with the module arguments Node gives one. */
  function bundle(dir: string, marker: string): string {
    const file = join(dir, 'bundle.cjs');
    writeFileSync(
      file,
      `#!/usr/bin/env node\nglobalThis.__ran = { marker: ${JSON.stringify(marker)}, sep: require('node:path').sep, file: __filename, dir: __dirname, same: module.exports === exports };\n`
    );
    return file;
  }
  const ran = () => (globalThis as { __ran?: Record<string, unknown> }).__ran;

  it('compiles without a cache, writes one, then starts from it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-cache-'));
    const file = bundle(dir, 'one');
    const cacheDir = join(dir, 'cache');
    const first = compileCached(file, cacheDir);
    expect(first.state).toBe('none');
    first.run(req);
    expect(ran()).toEqual({ marker: 'one', sep: '/', file, dir, same: true });
    first.save();
    expect(caches(cacheDir)).toHaveLength(1);
    const second = compileCached(file, cacheDir);
    expect(second.state).toBe('accepted');
    second.run(req);
    expect(ran()?.marker).toBe('one');
  });

  it('rejects a corrupt cache, still runs, and writes a good one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-cache-'));
    const file = bundle(dir, 'two');
    const cacheDir = join(dir, 'cache');
    // Written before this process compiles the bundle: V8 would answer a second compile from its own memory.
    const cacheFile = cacheFileOf(file, cacheDir);
    const garbage = Buffer.from('not a code cache at all, only bytes');
    mkdirSync(cacheDir);
    writeFileSync(cacheFile, garbage);
    const corrupt = compileCached(file, cacheDir);
    expect(corrupt.state).toBe('rejected');
    corrupt.run(req);
    expect(ran()?.marker).toBe('two');
    corrupt.save();
    expect(caches(cacheDir)).toEqual([basename(cacheFile)]);
    expect(readFileSync(cacheFile).equals(garbage)).toBe(false);
    expect(readFileSync(cacheFile).length).toBeGreaterThan(garbage.length);
  });

  it('keys the cache by content: a bundle of the same length is another file, and replaces the old one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-cache-'));
    const cacheDir = join(dir, 'cache');
    compileCached(bundle(dir, 'aaa'), cacheDir).save();
    const [old] = caches(cacheDir);
    const next = compileCached(bundle(dir, 'bbb'), cacheDir);
    expect(next.state).toBe('none');
    next.run(req);
    expect(ran()?.marker).toBe('bbb');
    next.save();
    expect(caches(cacheDir)).toHaveLength(1);
    expect(caches(cacheDir)[0]).not.toBe(old);
  });

  it('runs and stays quiet when the cache cannot be written, and is off without a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-cache-'));
    const file = bundle(dir, 'three');
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, '');
    const script = compileCached(file, join(blocked, 'cache'));
    script.run(req);
    expect(() => script.save()).not.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['a-file', 'bundle.cjs']);
    expect(compileCached(file, null).state).toBe('off');
  });
});

describe('the model-summary bin with its code cache', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, stdio: 'ignore' });
  });

  function run(cacheHome: string, extraEnv: Record<string, string>, ...args: string[]) {
    const r = spawnSync('node', [CLI, ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome, ...extraEnv } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  it('gives the same output from the cache as without it, --validate included (its import() works)', () => {
    const home = mkdtempSync(join(tmpdir(), 'ms-xdg-'));
    const uncached = run(home, { NODE_DISABLE_COMPILE_CACHE: '1' }, SEED, '--format', 'json');
    expect(readdirSync(home)).toEqual([]);
    const first = run(home, {}, SEED, '--format', 'json');
    const written = caches(join(home, 'jupyterlab-model-summary'));
    expect(written).toHaveLength(1);
    const cacheFile = join(home, 'jupyterlab-model-summary', written[0]);
    const writtenAt = statSync(cacheFile).mtimeMs;
    const second = run(home, {}, SEED, '--format', 'json');
    // V8 took the cache: a rejected one would have been written again at exit.
    expect(statSync(cacheFile).mtimeMs).toBe(writtenAt);
    for (const r of [uncached, first, second]) {
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
    }
    expect(first.out).toBe(uncached.out);
    expect(second.out).toBe(uncached.out);
    expect(JSON.parse(second.out).models[0].totals.keras.total).toBe(1_634_400);
    const validated = run(home, {}, SEED, '--validate');
    expect(validated.code).toBe(0);
    expect(validated.out).toMatch(/Validation \(TensorFlow.js, backend cpu, \d+ ms\): shapes and Keras counts agree/);
  });
});
