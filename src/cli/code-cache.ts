/**
 * Loading the CLI's bundle with V8's code cache, as `v8-compile-cache` did for yarn and Node 22's
 * `module.enableCompileCache()` does for modules: a process that starts from the cache skips compiling the
 * bundle and every function the previous run compiled lazily (about a tenth of a 1,000-layer run here).
 * Node 20 has no compile cache of its own, so the launcher keeps one, per bundle content and Node build.
 *
 * The cache is an optimisation only: a missing, stale, corrupt or unwritable cache costs the compile time
 * and nothing else (V8 rejects data from another V8 version or other flags, and the file name holds a hash
 * of the bundle, since V8 checks only the source's length).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** Files of this module's caches start with it; a new one removes the others (from older bundles or Node builds). */
const PREFIX = 'model-summary-';

/**
 * Where the code cache lives: the platform's per-user cache folder, as other tools keep theirs; null when
 * disabled with NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch for its compile cache) or no home is known.
 */
export function cacheDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home = safeHomedir()): string | null {
  if (env.NODE_DISABLE_COMPILE_CACHE) return null;
  const base =
    env.XDG_CACHE_HOME ||
    (platform === 'win32' ? env.LOCALAPPDATA : null) ||
    (home ? (platform === 'darwin' ? join(home, 'Library', 'Caches') : join(home, '.cache')) : null);
  return base ? join(base, 'jupyterlab-model-summary') : null;
}

function safeHomedir(): string | null {
  try {
    return homedir() || null;
  } catch {
    return null;
  }
}

export type CacheState = 'off' | 'none' | 'accepted' | 'rejected';

export interface ICachedScript {
  /** How the compile went: 'accepted' started from the cache; 'none' found none; 'rejected' found one V8 refused. */
  readonly state: CacheState;
  /** Runs the bundle as Node runs a CommonJS module. */
  run(require: NodeJS.Require): void;
  /** Writes the cache when this run did not start from one (call it at exit, so that it holds what the run compiled). */
  save(): void;
}

/** The CommonJS bundle at `file`, compiled from the code cache in `dir` when it holds one for this content. */
export function compileCached(file: string, dir: string | null): ICachedScript {
  const source = readSource(file);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const cacheFile = dir ? cachePath(source, dir) : null;
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  // No `import()` callback: the bundle may not use import(), which functions compiled from a cache lose in Node 20.
  const script = new Script(wrapped, { filename: file, cachedData });
  const state: CacheState = !cacheFile ? 'off' : !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
  return {
    state,
    run(require) {
      const module = { exports: {}, require, filename: file };
      (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, require, module, file, dirname(file));
    },
    save() {
      if (!cacheFile || state === 'accepted') return;
      // Written whole, then renamed: a CLI started meanwhile reads the old file or the new one, never half of one.
      const partial = `${cacheFile}.${process.pid}.tmp`;
      const folder = dirname(cacheFile);
      try {
        mkdirSync(folder, { recursive: true });
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
        for (const name of readdirSync(folder)) {
          if (name.startsWith(PREFIX) && name.endsWith('.v8cache') && join(folder, name) !== cacheFile) unlinkSync(join(folder, name));
        }
      } catch {
        // A read-only or full disk: the next run compiles again, as it would without a cache.
        try {
          unlinkSync(partial);
        } catch {
          // Never written.
        }
      }
    }
  };
}

function readSource(file: string): string {
  const source = readFileSync(file, 'utf8');
  // The bin's `#!` line is for the shell; to V8 it is the start of a comment, as Node's loader treats it.
  return source.startsWith('#!') ? '//' + source.slice(2) : source;
}

/** The cache file of `source`, named by its content and the Node build that compiles it: a cache for anything else is another file. */
function cachePath(source: string, dir: string): string {
  const key = createHash('sha256').update(process.version).update(process.arch).update(source).digest('hex').slice(0, 24);
  return join(dir, `${PREFIX}${key}.v8cache`);
}

/** The file compileCached(file, dir) reads its cache from. */
export function cacheFileOf(file: string, dir: string): string {
  return cachePath(readSource(file), dir);
}
