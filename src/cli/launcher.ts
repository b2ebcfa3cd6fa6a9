/**
 * The `model-summary` bin: runs the CLI's bundle (`model-summary-main.cjs`, beside this file) from V8's
 * code cache (code-cache.ts). Nothing else is loaded first, so the bin starts as fast as the cache allows.
 */
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { cacheDirectory, compileCached } from './code-cache';

const main = join(__dirname, 'model-summary-main.cjs');
// With the cache turned off (no folder) this compiles the bundle as a plain require would, and saves nothing.
const script = compileCached(main, cacheDirectory(process.env));
// At exit, so that the cache holds every function this run compiled, not only the bundle's top level.
process.on('exit', () => script.save());
script.run(createRequire(main));
