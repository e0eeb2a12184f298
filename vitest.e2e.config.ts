// End-to-end suite: the built renderer in Debian's Chromium (playwright-core), against the real
// browser bridge (dist/web.cjs) and core on a temporary workspace. Run: node scripts/e2e.mjs
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
