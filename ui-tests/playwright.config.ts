/**
 * Playwright configuration for the end-to-end tests: galata's base configuration, the system
 * Chromium (Playwright's own browser downloads are impossible here), one worker, and a JupyterLab
 * server started from the repository's venv.
 */
import * as path from 'path';
import { galata } from '@jupyterlab/galata';
import { defineConfig } from '@playwright/test';

// galata's base configuration is a CommonJS module without types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const PORT = Number(process.env.UI_TESTS_PORT ?? 8917);
// Notebook 7 (`jupyter notebook`) for tests/notebook7.e2e.ts, on a port of its own.
const NOTEBOOK_PORT = Number(process.env.UI_TESTS_NOTEBOOK_PORT ?? PORT + 100);
const REPO_ROOT = path.resolve(__dirname, '..');
const VENV_BIN = path.join(REPO_ROOT, '.venv', 'bin');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  ...baseConfig,
  testDir: './tests',
  // *.e2e.ts, not *.spec.ts: the root's `vitest run` (no config, default include) would collect
  // *.spec.ts files here and fail on Playwright's imports.
  testMatch: '**/*.e2e.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    ...baseConfig.use,
    baseURL: `http://localhost:${PORT}`,
    // Video needs Playwright's own ffmpeg (a download); traces need nothing extra.
    video: 'off',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
    },
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      '@jupyterlab/docmanager-extension:plugin': { renameUntitledFileOnSave: false },
      '@jupyterlab/apputils-extension:notification': { checkForUpdates: false, fetchNews: 'false' }
    }
  },
  projects: [
    { name: 'jupyterlab', testIgnore: '**/notebook7.e2e.ts' },
    // Plain Playwright pages (galata's fixtures drive JupyterLab only) against the Notebook 7 server.
    { name: 'notebook7', testMatch: '**/notebook7.e2e.ts', use: { baseURL: `http://localhost:${NOTEBOOK_PORT}` } }
  ],
  webServer: [server('lab', PORT, 'lab'), server('notebook', NOTEBOOK_PORT, 'tree')]
});

/** A Jupyter server (`jupyter lab` or `jupyter notebook`) with the test configuration, on its own port. */
function server(app: 'lab' | 'notebook', port: number, page: string) {
  return {
    // The server's log goes to ui-tests/jupyter-server.log (git-ignored), not into the test report.
    command: `"${path.join(VENV_BIN, 'jupyter')}" ${app} --config jupyter_server_test_config.py > ${app === 'lab' ? 'jupyter-server' : 'jupyter-notebook'}.log 2>&1`,
    cwd: __dirname,
    // PYTHONPATH: the kernels the server starts import this checkout's jupyterlab_model_summary
    // (`%load_ext jupyterlab_model_summary`), whatever is installed in the venv.
    env: {
      ...(process.env as Record<string, string>),
      PATH: `${VENV_BIN}:${process.env.PATH ?? ''}`,
      PYTHONPATH: [REPO_ROOT, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
      TF_CPP_MIN_LOG_LEVEL: '3',
      UI_TESTS_PORT: String(port)
    },
    url: `http://localhost:${port}/${page}`,
    timeout: 120_000,
    reuseExistingServer: !process.env.CI,
    // Let the server shut its kernels down (the default is SIGKILL).
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 5_000 },
    stdout: 'ignore' as const,
    stderr: 'pipe' as const
  };
}
