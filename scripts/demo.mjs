// `npm run demo`: the product end to end without the desktop app, through the real CLI.
// Imports resources/sample into a fresh workspace, rates and reconciles March and April 2021,
// writes both workbooks, and lists the discrepancies found.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'demo-output'));
const db = path.join(outDir, 'demo-workspace.sqlite');
const sample = path.join(root, 'resources', 'sample');

fs.mkdirSync(outDir, { recursive: true });
for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });

function slicewise(...args) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'slicewise.cjs'), ...args, '--db', db], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`demo: "slicewise ${args.join(' ')}" failed`);
    process.exit(r.status ?? 1);
  }
}

const files = fs
  .readdirSync(sample)
  .filter((f) => /\.(csv|json)$/.test(f) && f !== 'expected.json')
  .sort((a, b) => (a.startsWith('catalog') ? -1 : b.startsWith('catalog') ? 1 : a.localeCompare(b)))
  .map((f) => path.join(sample, f));
console.log(`Workspace: ${db}\n`);
slicewise('import', ...files);
for (const period of ['2021-03', '2021-04']) {
  console.log('');
  slicewise('rate', '--period', period);
  slicewise('reconcile', '--period', period);
  slicewise('export', '--period', period, '--out', path.join(outDir, `slicewise-${period}.xlsx`));
}
slicewise('audit', 'verify');
console.log(`\nWorkbooks written to ${outDir}`);
