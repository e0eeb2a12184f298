import { defineConfig } from 'vitest/config';
import { sqlText } from './scripts/sql-text-plugin.ts';

export default defineConfig({
  plugins: [sqlText()],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
