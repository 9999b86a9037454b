// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layering, the way VS Code keeps its layers honest: only the Electron glue folder (main/app/)
 * and preload/ may import `electron`. Everything else in main/ runs under plain Node, and the
 * server, the CLI, common/ and renderer/ never see Electron at all.
 */
const noElectron = {
  paths: [
    { name: 'electron', message: 'Only main/app/ (the Electron glue) and preload/ may import electron.' },
    {
      name: 'electron-store',
      message: 'electron-store loads electron: only main/app/ may use it; elsewhere use conf (main/settings).',
    },
  ],
  patterns: [
    { group: ['electron/*'], message: 'Only main/app/ (the Electron glue) and preload/ may import electron.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', noElectron],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['main/app/**', 'preload/**', 'test/app/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // renderer code runs in a sandboxed page: no Node built-ins either
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectron.paths,
          patterns: [
            ...noElectron.patterns,
            { group: ['node:*'], message: 'The renderer is sandboxed: talk to main through the IPC contract.' },
          ],
        },
      ],
    },
  },
);
