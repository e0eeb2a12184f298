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
// Every change is recorded with a named author, never the system's user name.
slicewise(['settings', '--actor', 'Slicewise demo']);
slicewise(['import', ...files]);

const periods = [...new Set([...Object.keys(expected.periods), ...Object.keys(expected.focus.periods)])].sort();
const found = [];
const foundChecks = [];
const foundFlagged = [];
for (const period of periods) {
  console.log('');
  slicewise(['rate', '--period', period]);
  slicewise(['reconcile', '--period', period]);
  const { owners } = JSON.parse(slicewise(['reconcile', '--period', period, '--json'], { capture: true }));
  for (const o of owners) {
    for (const c of o.focus?.invoices ?? [])
      if (c.status !== 'match')
        foundChecks.push({ period, invoiceId: c.invoiceId, total: c.total, rowsTotal: c.rowsTotal, difference: c.difference, status: c.status });
    for (const f of o.flaggedRows ?? []) foundFlagged.push({ period, file: f.file, row: f.row, check: f.check, cost: f.cost, expected: f.expected });
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
    const name = o.ownerId === expected.ownerId ? `slicewise-${period}.xlsx` : `slicewise-${period}-${o.ownerId.replace(/[^A-Za-z0-9.-]+/g, '_')}.xlsx`;
    slicewise(['export', '--period', period, '--owner', o.ownerId, '--out', path.join(outDir, name)]);
  }
}
slicewise(['audit', 'verify']);
console.log(`\nWorkbooks written to ${outDir}`);

// The check: found = expected, in the same order (periods, then owners, then line order).
function compare(what, want, got) {
  const missing = want.filter((k) => !got.includes(k));
  const extra = got.filter((k) => !want.includes(k));
  if (!missing.length && !extra.length && want.join('\n') === got.join('\n')) return true;
  console.error(`\ndemo: the ${what} found are not those of resources/sample/expected.json`);
  for (const k of missing) console.error(`  not found: ${k}`);
  for (const k of extra) console.error(`  not expected: ${k}`);
  if (!missing.length && !extra.length) console.error('  (the same, in another order)');
  return false;
}
const lineKey = (d) => JSON.stringify([d.period, d.kind, d.itemId, d.priceItem, d.status, d.billed, d.recomputed, d.variance]);
const checkKey = (c) => JSON.stringify([c.period, c.invoiceId, c.total, c.rowsTotal, c.difference, c.status]);
const flagKey = (f) => JSON.stringify([f.period, f.file, f.row, f.check, f.cost, f.expected]);
const focusWant = expected.focus;
const ok = [
  compare('line discrepancies', expected.discrepancies.map(lineKey), found.map(lineKey)),
  compare('FOCUS invoice totals off', focusWant.invoiceChecks.filter((c) => c.status !== 'match').map(checkKey), foundChecks.map(checkKey)),
  compare('FOCUS rows breaking their unit prices', focusWant.flaggedRows.map(flagKey), foundFlagged.map(flagKey)),
].every(Boolean);
if (!ok) process.exit(1);
console.log(`\nFound exactly the discrepancies of resources/sample/expected.json:`);
for (const d of expected.discrepancies)
  console.log(`  ${d.period}  ${d.status.padEnd(20)} ${d.kind.padEnd(11)} ${d.itemName || d.itemId}  ${d.priceItem}  variance ${d.variance}`);
for (const c of foundChecks)
  console.log(`  ${c.period}  ${c.status.padEnd(20)} FOCUS invoice ${c.invoiceId}: invoiced ${c.total}, its rows sum to ${c.rowsTotal}`);
for (const f of foundFlagged)
  console.log(`  ${f.period}  ${'flagged row'.padEnd(20)} ${f.file} row ${f.row}: ${f.check} ${f.cost}, unit price × quantity = ${f.expected}`);
