#!/usr/bin/env node
// Experiment: what does loading a usage CSV into the workspace schema cost, without the importer?
// Isolates SQLite's share of the import (issue #5 target: ≤ 1.5 × sqlite3 .import) and measures the
// effect of the fixes proposed in docs/performance.md. Not part of `npm run bench`.
//
//   node bench/experiments/insert.mjs bench/data/usage-1M-s1.csv [variant...]
//
// Variants (each on a fresh workspace file, one transaction, the real migration):
//   baseline     the schema as is, default page cache (2 MB), WAL, synchronous=NORMAL
//   cache64      PRAGMA cache_size = -65536 (64 MB) on the import connection
//   cache256     PRAGMA cache_size = -262144
//   late-index   the three usage_intervals indexes dropped before, re-created after, same transaction
//   late-index+cache64
//   parse-only   read + split + Date.parse, no database (the floor of a JS importer)
//   memory       the same inserts into an in-memory database without the three indexes: what a JS
//                loader does against the `sqlite3 :memory: .import` reference (issue #12)
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const schema = fs.readFileSync(path.join(ROOT, 'electron/core/store/migrations/001_init.sql'), 'utf8');
const [csvFile, ...variants] = process.argv.slice(2);
if (!csvFile) {
  console.error('usage: node bench/experiments/insert.mjs FILE.csv [variant...]');
  process.exit(2);
}

const INDEXES = [
  'CREATE INDEX usage_intervals_owner_time ON usage_intervals(owner_id, start_ms)',
  'CREATE INDEX usage_intervals_batch ON usage_intervals(batch_id)',
  'CREATE INDEX usage_intervals_item ON usage_intervals(owner_id, item_id, start_ms)',
];

async function run(variant) {
  const dbFile = path.join(ROOT, 'bench/data', `experiment-${variant}.sqlite`);
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
  const noDb = variant === 'parse-only';
  const db = noDb ? null : new Database(variant === 'memory' ? ':memory:' : dbFile);
  if (db) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(schema);
    if (variant.includes('cache64')) db.pragma('cache_size = -65536');
    if (variant.includes('cache256')) db.pragma('cache_size = -262144');
  }
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let ins;
  if (db) {
    db.exec('BEGIN IMMEDIATE');
    db.prepare(
      "INSERT INTO import_batches (id, file_name, sha256, format, row_count, size_bytes, imported_at) VALUES (1, 'x', 'x', 'usage-csv', 0, 0, 0)",
    ).run();
    if (variant.includes('late-index') || variant === 'memory')
      for (const name of ['usage_intervals_owner_time', 'usage_intervals_batch', 'usage_intervals_item']) db.exec(`DROP INDEX ${name}`);
    ins = db.prepare(
      `INSERT INTO usage_intervals (batch_id, source_row, origin, owner_id, item_type, item_id, item_name, instance_id, price_id, flavor_name, source_hint, zone_id, start_ms, end_ms, attrs_json)
       VALUES (1, ?, 'usage', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    );
  }
  const rl = readline.createInterface({ input: fs.createReadStream(csvFile, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let row = 0;
  let n = 0;
  for await (const line of rl) {
    row++;
    if (row === 1) continue;
    const f = line.split(',');
    if (f[1] !== 'uptime' && f[1] !== 'build') continue;
    const s = Date.parse(f[8]);
    const e = Date.parse(f[9]);
    if (ins) ins.run(String(row), f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[5].split('.')[0], f[7], s, e);
    n++;
  }
  let indexMs = 0;
  if (db) {
    if (variant.includes('late-index')) {
      const ti = performance.now();
      for (const sql of INDEXES) db.exec(sql);
      indexMs = performance.now() - ti;
    }
    db.exec('COMMIT');
    db.close();
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
  return {
    variant,
    rows: n,
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    indexMs: Math.round(indexMs),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

const list = variants.length ? variants : ['parse-only', 'baseline', 'cache64', 'late-index', 'late-index+cache64'];
if (list.length === 1) {
  console.log(JSON.stringify(await run(list[0])));
} else {
  // Each variant in its own process (own RSS high-water mark).
  const { spawnSync } = await import('node:child_process');
  for (const v of list) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), csvFile, v], { encoding: 'utf8' });
    console.log(r.stdout.trim() || r.stderr.trim());
  }
}
