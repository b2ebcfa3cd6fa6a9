// ESLint as the JupyterLab extension template configures it (typescript-eslint, @jupyter/eslint-plugin,
// Prettier through eslint-plugin-prettier), over src/, test/ and ui-tests/. Each part is type-aware
// against the tsconfig that compiles it.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import prettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import jupyterPlugin from '@jupyter/eslint-plugin';

export default defineConfig([
  {
    ignores: ['node_modules', '**/node_modules', 'dist', 'lib', 'coverage', 'bench', 'scripts', 'jupyterlab_model_summary', '**/*.js', '**/*.mjs', '**/*.cjs', '**/*.d.ts', 'ui-tests/test-results', 'ui-tests/playwright-report']
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  jupyterPlugin.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: {
      jupyter: jupyterPlugin
    },
    languageOptions: {
      globals: {
        ...globals.browser,
        ...globals.es2015,
        ...globals.node
      },
      parserOptions: {
        projectService: false,
        project: ['tsconfig.json', 'test/tsconfig.json', 'ui-tests/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
        sourceType: 'module'
      }
    },
    rules: {
      // The template's I-prefix rule. The renames themselves are one codemod run after all branches merge
      // (a TypeScript rename codemod); until then this rule reports every interface still to be renamed.
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: {
            regex: '^I[A-Z]',
            match: true
          }
        }
      ],
      '@typescript-eslint/no-unused-vars': ['warn', { args: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-use-before-define': 'off',
      quotes: ['error', 'single', { avoidEscape: true, allowTemplateLiterals: true }],
      curly: ['error', 'all'],
      eqeqeq: 'error',
      'prefer-arrow-callback': 'error'
    }
  },
  prettierRecommended
]);
