// Lint: the recommended JavaScript and TypeScript rules, plus React hooks' rules of use where
// available. Formatting is prettier's job (.prettierrc.json), not the linter's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from './scripts/eslint-boundaries.mjs';

// Globals of the language and the timers, which every room may use.
const LANGUAGE = Object.fromEntries(
  [
    'console',
    'URL',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'performance',
    'TextDecoder',
    'TextEncoder',
    'AbortController',
    'structuredClone',
    'globalThis',
    'queueMicrotask',
  ].map((g) => [g, 'readonly']),
);
const NODE_NAMES = ['process', 'Buffer', 'setImmediate', 'clearImmediate', 'require', 'module', '__dirname', '__filename', 'global'];
const BROWSER_NAMES = [
  'window',
  'document',
  'navigator',
  'location',
  'localStorage',
  'sessionStorage',
  'requestAnimationFrame',
  'fetch',
  'EventSource',
  'XMLHttpRequest',
  'HTMLElement',
  'File',
  'Blob',
  'FormData',
];
const NODE = Object.fromEntries(NODE_NAMES.map((g) => [g, 'readonly']));
const BROWSER = Object.fromEntries(BROWSER_NAMES.map((g) => [g, 'readonly']));
const restricted = (names, why) => names.map((name) => ({ name, message: `${name}: ${why}` }));

// Who may import whom, room by room (docs/architecture.md). A file is in the last room that
// matches it. Tests, bench and scripts reach into any room on purpose and are in none.
// The adapters: the CLI, the browser bridge, the worker host and the Electron shell (main.ts,
// preload.ts and their helpers beside them).
const ADAPTERS = ['electron/cli/**', 'electron/web/**', 'electron/host/**', 'electron/*.ts'];
const room = (files, options, extra = {}) => ({
  files,
  plugins: { slicewise: boundaries },
  ...extra,
  rules: { 'slicewise/imports': ['error', options], ...extra.rules },
});
const rooms = [
  room(
    ['shared/**'],
    { room: 'shared/', allow: ['shared/'], builtins: false },
    {
      languageOptions: { globals: { ...LANGUAGE, ...Object.fromEntries([...NODE_NAMES, ...BROWSER_NAMES].map((g) => [g, 'off'])) } },
      rules: { 'no-restricted-globals': ['error', ...restricted([...NODE_NAMES, ...BROWSER_NAMES], 'shared/ is pure domain code, without Node or the DOM')] },
    },
  ),
  room(
    ['renderer/**'],
    { room: 'renderer/', allow: ['renderer/', 'shared/'], builtins: false },
    {
      languageOptions: { globals: { ...LANGUAGE, ...BROWSER, ...Object.fromEntries(NODE_NAMES.map((g) => [g, 'off'])) } },
      rules: { 'no-restricted-globals': ['error', ...restricted(NODE_NAMES, 'the renderer runs in a sandboxed page without Node')] },
    },
  ),
  room(['electron/core/**'], { room: 'electron/core/', allow: ['electron/core/', 'shared/'] }),
  room(['electron/core/store/**'], { room: 'electron/core/store/', allow: ['electron/core/store/', 'shared/'] }),
  room(ADAPTERS, {
    room: 'an adapter',
    allow: ['electron/', 'shared/'],
    deny: ['electron/core/'],
    except: ['electron/core/index.ts', 'electron/core/api/'],
  }),
  {
    // SQL text only in the store; tests and the bench build their own databases.
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['electron/core/store/**', 'test/**', 'bench/**', 'scripts/bench.mjs'],
    plugins: { slicewise: boundaries },
    rules: { 'slicewise/no-sql': 'error' },
  },
];

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
      globals: { ...LANGUAGE, ...NODE, ...BROWSER },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Non-null assertions are used where an index was just checked; the type checker is strict.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  ...rooms,
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
