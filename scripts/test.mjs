// `npm test`: type check, lint, format check, unit/integration suites (plain Node), then the end-to-end suite
// in Debian's Chromium against the real backend. Exits non-zero on the first failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const steps = [
  ['type check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['lint', 'npx', ['eslint', '.']],
  ['format check', 'npx', ['prettier', '--check', '.']],
  ['build', 'npm', ['run', 'build', '--silent']],
  ['unit and integration tests', 'npx', ['vitest', 'run']],
];
if (fs.existsSync('vitest.e2e.config.ts')) steps.push(['end-to-end tests (Chromium)', 'npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts']]);

for (const [name, cmd, args] of steps) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    process.stdout.write(`\n${name} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status || 1);
  }
}
