// `npm run demo`: the product end to end without the desktop app, through the real CLI.
// Imports resources/sample into a fresh workspace, rates and reconciles every period of
// expected.json, writes each owner's workbook, and checks that the discrepancies found are
// exactly the list of expected.json (the sample generator's, computed independently of the app):
// a missing or an extra one fails the demo.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'demo-output'));
const db = path.join(outDir, 'demo-workspace.sqlite');
const sample = path.join(root, 'resources', 'sample');
const expected = JSON.parse(fs.readFileSync(path.join(sample, 'expected.json'), 'utf8'));

fs.mkdirSync(outDir, { recursive: true });
for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });

function slicewise(args, { capture = false } = {}) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'slicewise.cjs'), ...args, '--db', db], {
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    console.error(`demo: "slicewise ${args.join(' ')}" failed`);
    process.exit(r.status ?? 1);
  }
  return r.stdout;
}

const files = fs
  .readdirSync(sample)
  .filter((f) => /\.(csv|json)$/.test(f) && f !== 'expected.json')
  .sort((a, b) => (a.startsWith('catalog') ? -1 : b.startsWith('catalog') ? 1 : a.localeCompare(b)))
  .map((f) => path.join(sample, f));
console.log(`Workspace: ${db}\n`);
slicewise(['import', ...files]);

const periods = Object.keys(expected.periods).sort();
const found = [];
for (const period of periods) {
  console.log('');
  slicewise(['rate', '--period', period]);
  slicewise(['reconcile', '--period', period]);
  const { owners } = JSON.parse(slicewise(['reconcile', '--period', period, '--json'], { capture: true }));
  for (const o of owners) {
    for (const l of o.discrepancies)
      found.push({
        period,
        kind: l.kind,
        itemId: l.itemId,
        priceItem: l.priceItem,
        status: l.status,
        billed: l.billed,
        recomputed: l.amountPerSecond,
        variance: l.variance,
      });
    const name = owners.length === 1 ? `slicewise-${period}.xlsx` : `slicewise-${period}-${o.ownerId.replace(/[^A-Za-z0-9.-]+/g, '_')}.xlsx`;
    slicewise(['export', '--period', period, '--owner', o.ownerId, '--out', path.join(outDir, name)]);
  }
}
slicewise(['audit', 'verify']);
console.log(`\nWorkbooks written to ${outDir}`);

// The check: found = expected, in the same order (periods, then owners, then line order).
const key = (d) => JSON.stringify([d.period, d.kind, d.itemId, d.priceItem, d.status, d.billed, d.recomputed, d.variance]);
const want = expected.discrepancies.map(key);
const got = found.map(key);
const missing = want.filter((k) => !got.includes(k));
const extra = got.filter((k) => !want.includes(k));
if (missing.length || extra.length || want.join('\n') !== got.join('\n')) {
  console.error('\ndemo: the discrepancies found are not those of resources/sample/expected.json');
  for (const k of missing) console.error(`  not found: ${k}`);
  for (const k of extra) console.error(`  not expected: ${k}`);
  if (!missing.length && !extra.length) console.error('  (same discrepancies, in another order)');
  process.exit(1);
}
console.log(`\nFound exactly the ${want.length} discrepancies of resources/sample/expected.json:`);
for (const d of expected.discrepancies)
  console.log(`  ${d.period}  ${d.status.padEnd(20)} ${d.kind.padEnd(11)} ${d.itemName || d.itemId}  ${d.priceItem}  variance ${d.variance}`);
