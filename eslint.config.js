// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { traydropPlugin } from './scripts/eslint/layering-rule.ts';

/**
 * Layering, the way VS Code keeps its layers honest: `traydrop/layers` checks every import against one
 * whitelist, scripts/eslint/layers.ts (which folder may import which, and where `electron` and Node built-ins
 * may be used; docs/architecture.md shows it). Only the Electron glue (main/app/) and preload/ import
 * `electron`; the client core, the CLI and the server run under plain Node; common/ and renderer/ use no Node
 * built-ins. Import cycles are kept out by test/unit/import-cycles.test.ts.
 */
export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    plugins: { traydrop: traydropPlugin },
    rules: {
      'traydrop/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // renderer code runs in a sandboxed page
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
