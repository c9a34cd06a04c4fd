import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'tls', 'child_process', 'worker_threads', 'zlib', 'stream', 'url', 'util'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'reports/**', '.stryker-tmp/**', 'node_modules/**', '.electron-native/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  // Layers (see docs/architecture.md): the core and the shared contract never touch Electron.
  {
    files: ['src/core/**', 'src/server/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The core and the headless host run in plain Node: inject what you need instead.' }] }],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src/shared is pure TypeScript.' }],
          patterns: [
            { group: NODE_BUILTINS, message: 'src/shared is pure TypeScript: no Node APIs (it runs in the renderer too).' },
            { group: ['**/core/**', '**/main/**', '**/server/**', '**/renderer/**'], message: 'src/shared depends on nothing else.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The compiler-oriented rules of react-hooks 7 flag ordinary patterns (refs kept in sync,
      // state reset in effects); keep the classic two.
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/immutability': 'off',
      'react-hooks/purity': 'off',
      'react-hooks/static-components': 'off',
      'react-hooks/preserve-manual-memoization': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the host only through lib/api.' }],
          patterns: [
            { group: ['**/core/**', '**/core', '**/main/**', '**/server/**', '**/preload/**'], message: 'The renderer may import src/shared only.' },
            { group: NODE_BUILTINS, message: 'The renderer has no Node APIs.' },
          ],
        },
      ],
    },
  },
  // Links leave the app only through the guard in src/main (isSafeExternalUrl).
  {
    files: ['src/main/**', 'src/preload/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='openExternal']",
          message: 'Open links only through openExternal() in src/main/index.ts, which checks isSafeExternalUrl.',
        },
      ],
    },
  },
);
