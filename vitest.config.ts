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
    // The tests' workspaces name their actor the way the CLI's users do (SLICEWISE_ACTOR, read by
    // the CLI's call context and inherited by the commands the tests spawn); the tests of a write
    // with nobody named remove it (test/cli/actor.test.ts). The app's worker never reads it.
    env: { SLICEWISE_ACTOR: 'tester' },
  },
});
