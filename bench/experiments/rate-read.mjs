#!/usr/bin/env node
// Experiment: what does reading a month's intervals out of SQLite cost the rating, before any
// rating rule? Reads the rated workspace of a benchmark run (`npm run bench -- --sizes 1M --keep`)
// the way IntervalReader does, with fewer columns, and as interned integers, to show what limits
// `rate.run` against the SQL aggregation pass (docs/performance.md). Not part of `npm run bench`.
//
//   node bench/experiments/rate-read.mjs bench/data/work-1M-s1.sqlite [repeats]
//
// Variants, each timed (wall and CPU), repeated, in one process on the same file:
//   sql-aggregate   the aggregation of the bench's reference, on the stored integers, in SQLite
//   rating-columns  the 17 columns IntervalReader reads per row (raw arrays), iterated
//   rating-needs    the 12 the rating itself needs (no id, batch, source row, sub-ms digits kept)
//   integers        4 integer columns (start, end, batch, id): the floor of any reader
//   interned        the rating's columns with every text as a small integer (item, instance, price,
//                   name, flavor, zone, hint, origin, type): what interned ids would read
//   js-aggregate    rating-columns, plus per-row Map work like TimedLines.add's (item → price → sums, instance set)
import Database from 'better-sqlite3';

const [file, repeatsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/experiments/rate-read.mjs WORKSPACE.sqlite [repeats]');
  process.exit(2);
}
const repeats = Number(repeatsArg ?? 3);
const db = new Database(file); // writes only to an attached in-memory database

const ALL = `id, origin, invoice_id, item_type, item_id, item_name, instance_id, price_id, flavor_name, source_hint,
  zone_id, start_ms, end_ms, batch_id, source_row, start_sub, end_sub`;
const NEEDS = 'origin, item_type, item_id, item_name, instance_id, price_id, flavor_name, source_hint, zone_id, start_ms, end_ms, start_sub, end_sub';

// Interned copy in memory-backed temp tables: text columns replaced by dense integer ids.
function interned() {
  db.exec(`ATTACH ':memory:' AS x`);
  db.exec(`CREATE TABLE x.names (id INTEGER PRIMARY KEY, s TEXT UNIQUE)`);
  const texts = ['origin', 'item_type', 'item_id', 'item_name', 'instance_id', 'price_id', 'flavor_name', 'source_hint', 'zone_id'];
  for (const c of texts) db.exec(`INSERT OR IGNORE INTO x.names (s) SELECT DISTINCT ${c} FROM usage_intervals`);
  const cols = texts.map((c) => `(SELECT id FROM x.names WHERE s = u.${c}) AS ${c}`).join(', ');
  db.exec(`CREATE TABLE x.iv AS SELECT ${cols}, start_ms, end_ms FROM usage_intervals u`);
}

const variants = {
  'sql-aggregate': () =>
    db
      .prepare(
        `SELECT count(*) FROM (SELECT item_id, price_id, count(*), count(DISTINCT instance_id), sum(end_ms - start_ms) FROM usage_intervals GROUP BY item_id, price_id)`,
      )
      .pluck()
      .get(),
  'rating-columns': () => {
    let n = 0;
    for (const r of db.prepare(`SELECT ${ALL} FROM usage_intervals`).raw().iterate()) n += r[11] > 0 ? 1 : 0;
    return n;
  },
  'rating-needs': () => {
    let n = 0;
    for (const r of db.prepare(`SELECT ${NEEDS} FROM usage_intervals`).raw().iterate()) n += r[9] > 0 ? 1 : 0;
    return n;
  },
  integers: () => {
    let n = 0;
    for (const r of db.prepare('SELECT id, batch_id, start_ms, end_ms FROM usage_intervals').raw().iterate()) n += r[2] > 0 ? 1 : 0;
    return n;
  },
  interned: () => {
    let n = 0;
    for (const r of db.prepare('SELECT * FROM x.iv').raw().iterate()) n += r[9] > 0 ? 1 : 0;
    return n;
  },
  'js-aggregate': () => {
    const items = new Map();
    for (const r of db.prepare(`SELECT ${ALL} FROM usage_intervals`).raw().iterate()) {
      let byPrice = items.get(r[4]);
      if (!byPrice) items.set(r[4], (byPrice = new Map()));
      let acc = byPrice.get(r[7]);
      if (!acc) byPrice.set(r[7], (acc = { instances: new Set(), seconds: 0, parts: 0 }));
      acc.instances.add(r[6]);
      acc.seconds += Math.ceil((r[12] - r[11]) / 1000);
      acc.parts++;
    }
    return items.size;
  },
};

interned();
console.log(
  `${file}: ${db.prepare('SELECT count(*) FROM usage_intervals').pluck().get().toLocaleString('en-US')} intervals, ${repeats} runs each (wall / CPU, best of)`,
);
for (const [name, f] of Object.entries(variants)) {
  const walls = [];
  const cpus = [];
  let result;
  for (let i = 0; i < repeats; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = f();
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  const best = (xs) => `${(Math.min(...xs) / 1000).toFixed(2)} s`;
  console.log(`  ${name.padEnd(15)} ${best(walls).padStart(8)} / ${best(cpus).padStart(8)}   (${result})`);
}
