// The workspace of the UI benchmark (bench/ui.mjs): ONE owner, ONE period (March 2021) whose
// invoice has exactly `size` lines — `size` distinct applications (item_id app-000001 …), one
// uptime interval each, priced by the sample catalog (resources/sample/catalog-2021.json).
//
// Built through the real core with the CLI (dist/cli.cjs via bin/slicewise.cjs):
//   slicewise import catalog.json usage.csv --db X && slicewise rate --period 2021-03 --db X
// and cached in bench/data/ (git-ignored) as ui-<size>-v<VERSION>.sqlite, next to a manifest
// ui-<size>-v<VERSION>.json written last (a workspace without its manifest is rebuilt).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../gen.mjs';

export const WORKSPACE_VERSION = 2; // 2: reconciliations store their line totals
export const OWNER = 'orga_5e1ec7ed-0b1e-4c4a-9e11-000000000005';
export const PERIOD = '2021-03';
const HEADER =
  'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DATA = path.join(ROOT, 'bench', 'data');
const CATALOG = path.join(ROOT, 'resources', 'sample', 'catalog-2021.json');
const CLI = path.join(ROOT, 'bin', 'slicewise.cjs');

// Europe/Paris in March 2021: +01:00 until 2021-03-28T01:00Z, +02:00 after.
const DST = Date.UTC(2021, 2, 28, 1);
function isoParis(ms) {
  const off = ms >= DST ? 2 : 1;
  let s = new Date(ms + off * 3_600_000).toISOString();
  s = s.endsWith('.000Z') ? s.slice(0, 19) : s.slice(0, 23);
  return `${s}+0${off}:00`;
}

/** Flavors of the sample catalog's `apps` runtime (price_id apps.<flavor>). */
function appFlavors() {
  const cat = JSON.parse(fs.readFileSync(CATALOG, 'utf8'));
  const list = (cat.runtime ?? []).filter((r) => r.source === 'apps').map((r) => r.flavor);
  if (list.length === 0) throw new Error(`${CATALOG}: no "apps" runtime prices`);
  return list;
}

export function writeUsageCsv(file, size, seed = 5) {
  const rnd = mulberry32(seed);
  const flavors = appFlavors();
  const monthStart = Date.UTC(2021, 1, 28, 23); // 2021-03-01T00:00+01:00
  const monthEnd = Date.UTC(2021, 2, 31, 22); // 2021-04-01T00:00+02:00
  const out = [HEADER];
  for (let i = 1; i <= size; i++) {
    const n = String(i).padStart(6, '0');
    const flavor = flavors[Math.floor(rnd() * flavors.length)];
    // Between 5 minutes and 3 days, sometimes with milliseconds; inside the month.
    const dur = Math.floor(300_000 + rnd() * 3 * 86_400_000) - (rnd() < 0.2 ? Math.floor(rnd() * 1000) : 0);
    const start = monthStart + Math.floor((rnd() * (monthEnd - monthStart - dur)) / 1000) * 1000;
    const inst = `${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}-5e1e-4c00-8000-${n.padStart(12, '0')}`;
    out.push(`${OWNER},uptime,app-${n},bench-app-${n},${inst},apps.${flavor},${flavor},par,${isoParis(start)},${isoParis(start + dur)},,,,,,`);
  }
  fs.writeFileSync(file, out.join('\n') + '\n');
}

function cli(args, log) {
  const t = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`slicewise ${args.join(' ')} failed (${r.status}): ${(r.stderr || r.stdout || '').trim().slice(0, 2000)}`);
  log?.(`slicewise ${args[0]}… ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return r.stdout;
}

/**
 * The cached workspace for `size` lines, built if missing. Returns { db, manifest }.
 * The file is the cache: callers must copy it before opening it with the app.
 */
export function ensureWorkspace(size, { force = false, log = () => {} } = {}) {
  fs.mkdirSync(DATA, { recursive: true });
  const tag = `ui-${size}-v${WORKSPACE_VERSION}`;
  const db = path.join(DATA, `${tag}.sqlite`);
  const manifestFile = path.join(DATA, `${tag}.json`);
  if (!force && fs.existsSync(db) && fs.existsSync(manifestFile)) {
    try {
      const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
      if (m.version === WORKSPACE_VERSION && m.size === size && m.bytes === fs.statSync(db).size) return { db, manifest: m };
    } catch {
      /* rebuilt below */
    }
  }
  log(`building the ${size}-line workspace in ${path.relative(ROOT, db)}`);
  for (const f of [db, `${db}-wal`, `${db}-shm`, manifestFile]) fs.rmSync(f, { force: true });
  const csv = path.join(DATA, `${tag}-usage.csv`);
  const catalog = path.join(DATA, `${tag}-catalog.json`);
  writeUsageCsv(csv, size);
  fs.copyFileSync(CATALOG, catalog);
  const t0 = Date.now();
  cli(['import', catalog, csv, '--db', db], log);
  cli(['rate', '--period', PERIOD, '--db', db], log);
  // The CLI closed the database: everything is in the main file (no -wal left to copy).
  for (const f of [`${db}-wal`, `${db}-shm`]) if (fs.existsSync(f) && fs.statSync(f).size > 0) log(`note: ${path.basename(f)} left behind`);
  const manifest = {
    version: WORKSPACE_VERSION,
    size,
    owner: OWNER,
    period: PERIOD,
    usageCsv: path.relative(ROOT, csv),
    usageBytes: fs.statSync(csv).size,
    bytes: fs.statSync(db).size,
    buildMs: Date.now() - t0,
    builtAt: new Date().toISOString(),
  };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  return { db, manifest };
}

/** Copies the cached workspace (and its -wal, if any) to `dir`; returns the copy's path. */
export function copyWorkspace(db, dir) {
  const to = path.join(dir, 'workspace.sqlite');
  fs.copyFileSync(db, to);
  if (fs.existsSync(`${db}-wal`)) fs.copyFileSync(`${db}-wal`, `${to}-wal`);
  return to;
}
