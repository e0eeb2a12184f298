#!/usr/bin/env node
// End-to-end tests: builds what they need (Node side into dist/, renderer into dist-renderer/),
// then runs test/e2e with vitest.e2e.config.ts. `--no-build` reuses the existing builds.
// Chromium: /usr/bin/chromium by default, SLICEWISE_CHROMIUM overrides.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const rest = args.filter((a) => a !== '--no-build');

function run(name, cmd, cmdArgs) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${cmdArgs.join(' ')}\n`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    process.stdout.write(`\n${name} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status || 1);
  }
}

if (build) {
  run('build (node side)', process.execPath, ['scripts/build-node.mjs', '--quiet']);
  run('build (renderer)', 'npx', ['vite', 'build', '--logLevel', 'warn']);
}
run('end-to-end tests (Chromium)', 'npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...rest]);
