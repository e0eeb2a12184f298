// Lint: the recommended JavaScript and TypeScript rules, plus React hooks' rules of use where
// available. Formatting is prettier's job (.prettierrc.json), not the linter's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-renderer/',
      'release/',
      'bench/.build/',
      'bench/data/',
      'bench/profiles/',
      'test/artifacts/',
      'demo-output/',
      '.tmp/',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        performance: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        AbortController: 'readonly',
        structuredClone: 'readonly',
        fetch: 'readonly',
        window: 'readonly',
        document: 'readonly',
        requestAnimationFrame: 'readonly',
        globalThis: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Non-null assertions are used where an index was just checked; the type checker is strict.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['bench/ui/probe.js'],
    languageOptions: { globals: { MessageChannel: 'readonly', MutationObserver: 'readonly', PerformanceObserver: 'readonly' } },
  },
  {
    // Tests poke at loosely typed things (fake Electron modules, parsed JSON) on purpose.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
