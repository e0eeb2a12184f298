#!/usr/bin/env node
// Times (and with --profile, CPU-profiles) the core calls behind the invoice screen on the UI
// benchmark's workspace, in fresh Node processes: the server half of bench/ui.mjs's figures.
//
//   node bench/ui/core-probe.mjs [--size 100000] [--runs 3] [--profile]
//   → JSON per run on stdout; profiles in bench/profiles/ui-core-<size>.cpuprofile
//     (summarise with: node bench/profile-top.mjs bench/profiles/ui-core-100000.cpuprofile)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OWNER, PERIOD, copyWorkspace, ensureWorkspace } from './workspace.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = path.join(ROOT, 'bench', '.build', 'ui-core-probe.cjs');
const { values: opt } = parseArgs({
  options: { size: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' }, profile: { type: 'boolean', default: false } },
});
const size = Number(opt.size);

const esbuild = path.join(ROOT, 'node_modules', '.bin', 'esbuild');
const b = spawnSync(
  esbuild,
  [
    path.join(ROOT, 'bench', 'ui', 'core-probe.ts'),
    '--bundle',
    '--platform=node',
    '--format=cjs',
    '--target=node20',
    '--loader:.sql=text',
    '--external:better-sqlite3',
    '--external:exceljs',
    `--outfile=${OUT}`,
    '--log-level=warning',
  ],
  { cwd: ROOT, encoding: 'utf8' },
);
if (b.status !== 0) throw new Error(`esbuild: ${b.stderr}`);

const { db } = ensureWorkspace(size, { log: (s) => process.stderr.write(`${s}\n`) });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-ui-core-'));
try {
  const copy = copyWorkspace(db, tmp);
  for (let i = 0; i < Number(opt.runs); i++) {
    const prof =
      opt.profile && i === 0 ? ['--cpu-prof', '--cpu-prof-dir', path.join(ROOT, 'bench', 'profiles'), '--cpu-prof-name', `ui-core-${size}.cpuprofile`] : [];
    const r = spawnSync(process.execPath, [...prof, OUT, copy, OWNER, PERIOD, String(size)], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    process.stdout.write(r.stdout);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
