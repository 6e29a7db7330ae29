// Layer rules from docs/ARCHITECTURE.md: a wrong import fails lint, not review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'url', 'stream', 'zlib', 'util', 'events', 'buffer'];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'tests/artifacts/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain JS entry points (CLI shim, launchers, build scripts) run in Node.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['core/common/**'],
    rules: {
      ...restrict(
        ['electron', 'electron/*', 'react', 'react-dom', 'react/*', 'react-dom/*', 'better-sqlite3', 'ws', '**/node/**', '**/server/**', '**/renderer/**', '**/electron/**', ...nodeBuiltins],
        'core/common is platform-free: no Node, Electron, DOM or React imports (see docs/ARCHITECTURE.md).',
      ),
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['core/node/**', 'core/server/**'],
    rules: restrict(
      ['electron', 'electron/*', 'react', 'react-dom', 'react/*', 'react-dom/*', '**/renderer/**', '**/electron/**'],
      'core never imports Electron, React or the renderer (see docs/ARCHITECTURE.md).',
    ),
  },
  {
    files: ['renderer/**'],
    ignores: ['renderer/vite.config.ts'],
    rules: restrict(
      ['electron', 'electron/*', 'better-sqlite3', 'ws', '**/core/node/**', '**/core/server/**', '**/electron/**', ...nodeBuiltins],
      'The renderer talks only to CoreClient; it may import core/common, never core/node, core/server or Electron.',
    ),
  },
);
