// Bundles TypeScript modules of this repository as one plain ESM file and imports it (the benchmarks run
// the engine's sources, not a published build).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `contents`: an ES module of re-exports, resolved from the repository root; `outfile`: where the bundle goes. */
export async function importBundle(contents, outfile) {
  await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'error'
  });
  return import(pathToFileURL(outfile).href);
}
