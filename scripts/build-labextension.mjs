#!/usr/bin/env node
// Builds the prebuilt JupyterLab extension into jupyterlab_model_summary/labextension with
// @jupyterlab/builder (webpack 5). Its --core-path wants a folder holding JupyterLab's core
// package.json; @jupyterlab/core-meta ships it as core.package.json, so it is copied into one.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const coreDir = join(root, 'node_modules', '.cache', 'jupyterlab-core');
mkdirSync(coreDir, { recursive: true });
copyFileSync(require.resolve('@jupyterlab/core-meta/core.package.json'), join(coreDir, 'package.json'));

const builder = join(dirname(require.resolve('@jupyterlab/builder/package.json')), 'lib', 'build-labextension.js');
const args = [builder, '--core-path', coreDir, ...process.argv.slice(2), root];
execFileSync(process.execPath, args, { stdio: 'inherit', cwd: root });

// The wheel takes share/jupyter/labextensions/jupyterlab-model-summary from this folder alone
// (pyproject.toml), install.json included.
const outputDir = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).jupyterlab.outputDir;
copyFileSync(join(root, 'install.json'), join(root, outputDir, 'install.json'));
