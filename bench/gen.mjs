#!/usr/bin/env node
// Deterministic benchmark data for Slicewise (issue #5): one Clever Cloud organisation over one
// month, at a chosen scale, in the input formats of docs/importers.md:
//
//   usage-<size>-s<seed>.csv      usage CSV, `size` data rows, sorted by start
//   catalog-s<seed>.json          price catalog covering every price item used
//   credits-<size>-s<seed>.csv    two credit grants
//   invoice-<size>-s<seed>.json   the provider's v4 invoice for the same month, honest
//                                 except for three deliberate discrepancies (sizes ≤ 100k by default)
//   manifest-<size>-s<seed>.json  what was generated and what a correct rating must find
//
// The mix: ~1000 applications (fewer below 100k rows) with 1–4 instances each, redeployed often
// (a new instance starts, the old one drains a few seconds later, so instances of one application
// overlap, never two intervals of one instance), some stopped and restarted on the same instance,
// some changing flavor during the month; dedicated builds; add-ons; Cellar storage and traffic
// (countables); a few custom tasks (classic). Every interval lies inside the month.
//
// Everything comes from a seeded PRNG (mulberry32): same seed and size → byte-identical files.
// Files are reused when the manifest says they were made by this generator version with the same
// seed and size, and the files are still there with the recorded sizes.
//
//   node bench/gen.mjs --size 100k [--seed 1] [--out bench/data] [--invoice] [--force]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATOR_VERSION = 4;
export const USAGE_HEADER =
  'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency';
export const DEFAULT_OWNER = 'orga_b3f5c2d1-7a8e-4f90-8c1d-2e3f4a5b6c7d';
export const DEFAULT_PERIOD = '2021-03';
const ZONE = 'par';
const CURRENCY = 'EUR';
const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------
// PRNG, ids

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stateless 32-bit hash of (seed, n, k): ids do not depend on generation order. */
function mix(seed, n, k) {
  let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(n + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(k + 0x27d4eb2f, 0x165667b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}
const hex8 = (x) => x.toString(16).padStart(8, '0');
/** A v4-shaped UUID, a pure function of (seed, namespace, n). */
export function uuidOf(seed, ns, n) {
  const a = hex8(mix(seed, n, ns * 4));
  const b = hex8(mix(seed, n, ns * 4 + 1));
  const c = hex8(mix(seed, n, ns * 4 + 2));
  const d = hex8(mix(seed, n, ns * 4 + 3));
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[parseInt(c[0], 16) & 3]}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
}

// ---------------------------------------------------------------------------------------------
// Time: Europe/Paris without a time-zone library (fast enough for millions of instants).
// EU rule: summer time from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.

function lastSundayUtc(year, month /* 0-based */) {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
}
const dstCache = new Map();
function parisOffsetMinutes(ms) {
  const year = new Date(ms).getUTCFullYear();
  let r = dstCache.get(year);
  if (!r) dstCache.set(year, (r = [lastSundayUtc(year, 2), lastSundayUtc(year, 9)]));
  return ms >= r[0] && ms < r[1] ? 120 : 60;
}
/** ISO-8601 with the Europe/Paris offset; milliseconds only when not zero. */
export function isoParis(ms) {
  const off = parisOffsetMinutes(ms);
  let s = new Date(ms + off * 60_000).toISOString(); // 2021-03-01T09:41:17.750Z
  s = s.endsWith('.000Z') ? s.slice(0, 19) : s.slice(0, 23);
  return `${s}+0${off / 60}:00`;
}
/** Local midnight of the first of `YYYY-MM` in Europe/Paris, as epoch ms. */
export function parisMonthStart(period) {
  const [y, m] = period.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, 1) - 60 * 60_000; // +01:00
  return parisOffsetMinutes(guess) === 60 ? guess : Date.UTC(y, m - 1, 1) - 120 * 60_000;
}
export function periodBoundsParis(period) {
  const [y, m] = period.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { start: parisMonthStart(period), end: parisMonthStart(next) };
}

// ---------------------------------------------------------------------------------------------
// Catalog

/** [source, flavor, price per hour (7 decimals)]. */
const RUNTIME = [
  ['apps', 'nano', '0.0100000'],
  ['apps', 'XS', '0.0266667'],
  ['apps', 'S', '0.0533333'],
  ['apps', 'M', '0.1066667'],
  ['apps', 'L', '0.2133333'],
  ['apps', 'XL', '0.4000000'],
  ['apps', '2XL', '0.8000000'],
  ['apps', '3XL', '1.6000000'],
  ['postgresql-addon', 'XS', '0.0133333'],
  ['postgresql-addon', 'S', '0.0400000'],
  ['postgresql-addon', 'M', '0.1333333'],
  ['postgresql-addon', 'L', '0.2666667'],
  ['mysql-addon', 'XS', '0.0133333'],
  ['mysql-addon', 'S', '0.0400000'],
  ['mysql-addon', 'M', '0.1333333'],
  ['redis-addon', 'S', '0.0208333'],
  ['redis-addon', 'M', '0.0555556'],
  ['mongodb-addon', 'S', '0.0416667'],
  ['mongodb-addon', 'M', '0.1250000'],
  ['es-addon', 'S', '0.0625000'],
  ['es-addon', 'M', '0.1875000'],
];
const COUNTABLE_PLANS = {
  'cellar.storage': {
    interval: 'P1M',
    plans: [
      ['cellar-storage-free', '10', '0'],
      ['cellar-storage-tier1', '1000', '0.02'],
      ['cellar-storage-tier2', null, '0.015'],
    ],
  },
  'cellar.traffic': {
    interval: null,
    plans: [
      ['cellar-traffic-free', '100', '0'],
      ['cellar-traffic-tier1', '10000', '0.09'],
      ['cellar-traffic-tier2', null, '0.07'],
    ],
  },
};

function runtimeItems(seed) {
  return RUNTIME.map(([source, flavor, price], i) => ({
    runtime_policy_id: uuidOf(seed, 1, i),
    source,
    flavor,
    price,
    slug: `${source}.${flavor}`,
    /** Price in units of 1e-7 currency per hour (exact integer). */
    pE7: Number(price.replace('.', '')),
  }));
}

function catalogText(seed, runtime) {
  const r = runtime.map(
    (x) =>
      `    {"runtime_policy_id": "${x.runtime_policy_id}", "source": "${x.source}", "flavor": "${x.flavor}", "time_unit": "PT1H", "price": ${x.price}, "slug_id": "${x.slug}"}`,
  );
  const c = Object.entries(COUNTABLE_PLANS).map(([service, { interval, plans }], i) => {
    const pp = plans.map(([id, max, price]) => `{"plan_id": "${id}", "max_quantity": ${max ?? 'null'}, "price": ${price}}`).join(', ');
    return `    {"service": "${service}", "policy_id": "${uuidOf(seed, 2, i)}", "data_unit": "GB", "data_quantity_for_price": {"secability": "secable", "quantity": 1}, "time_interval_for_price": ${interval ? `{"secability": "secable", "interval": "${interval}"}` : 'null'}, "price_plans": [${pp}]}`;
  });
  return `{\n  "zone_id": "${ZONE}",\n  "currency": "${CURRENCY}",\n  "start_date": "2021-01-01T00:00:00+01:00",\n  "end_date": null,\n  "runtime": [\n${r.join(',\n')}\n  ],\n  "countable": [\n${c.join(',\n')}\n  ]\n}\n`;
}

// ---------------------------------------------------------------------------------------------
// Exact money helpers (integers only; every operand stays below 2^53)

/** floor(a / b) for non-negative integers, exactly. */
const idiv = (a, b) => (a - (a % b)) / b;
/** Cents of a per-second amount: Σ seconds × pE7 × 1e-7 / 3600 × 100 = Σ / 3.6e8 (half up). */
const CENT_DIV = 360_000_000;
const roundHalfUpDiv = (a, b) => idiv(2 * a + b, 2 * b);
const centsText = (c) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
/** An exact decimal text ("1250.5") → integer in 1e-3 units. */
const milli = (s) => {
  const [i, f = ''] = s.split('.');
  return Number(i) * 1000 + Number((f + '000').slice(0, 3));
};

// ---------------------------------------------------------------------------------------------
// Buffered writer

class Out {
  constructor(file) {
    this.fd = fs.openSync(file, 'w');
    this.buf = [];
    this.len = 0;
    this.bytes = 0;
  }
  write(s) {
    this.buf.push(s);
    this.len += s.length;
    if (this.len > 1 << 20) this.flush();
  }
  flush() {
    if (!this.buf.length) return;
    const b = Buffer.from(this.buf.join(''), 'utf8');
    fs.writeSync(this.fd, b);
    this.bytes += b.length;
    this.buf = [];
    this.len = 0;
  }
  close() {
    this.flush();
    fs.closeSync(this.fd);
  }
}

// ---------------------------------------------------------------------------------------------
// The organisation

const WORDS_A = [
  'shop',
  'billing',
  'worker',
  'api',
  'front',
  'auth',
  'search',
  'report',
  'media',
  'chat',
  'ledger',
  'cart',
  'queue',
  'cron',
  'admin',
  'mail',
  'feed',
  'sync',
  'geo',
  'pay',
];
const WORDS_B = ['service', 'gateway', 'runner', 'backend', 'web', 'portal', 'engine', 'hub', 'core', 'edge', 'stream', 'batch', 'proxy', 'store', 'bot'];
const RUNTIMES = ['node', 'java', 'python', 'php', 'go', 'ruby', 'static', 'docker', 'rust', 'dotnet'];
const APP_FLAVORS = [
  ['nano', 6],
  ['XS', 30],
  ['S', 30],
  ['M', 20],
  ['L', 9],
  ['XL', 4],
  ['2XL', 1],
];
const ADDON_KINDS = [
  ['postgresql-addon', ['XS', 'S', 'M', 'L']],
  ['mysql-addon', ['XS', 'S', 'M']],
  ['redis-addon', ['S', 'M']],
  ['mongodb-addon', ['S', 'M']],
  ['es-addon', ['S', 'M']],
];

function pickWeighted(rnd, pairs) {
  const total = pairs.reduce((a, [, w]) => a + w, 0);
  let x = rnd() * total;
  for (const [v, w] of pairs) if ((x -= w) < 0) return v;
  return pairs[pairs.length - 1][0];
}

export function sizeLabel(n) {
  return n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n % 1000 === 0 ? `${n / 1000}k` : String(n);
}
export function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(String(s).trim());
  if (!m) throw new Error(`bad size "${s}" (e.g. 10k, 100k, 1M, 2500)`);
  const n = Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1000 : m[2].toLowerCase() === 'm' ? 1_000_000 : 1);
  if (!Number.isInteger(n) || n < 200) throw new Error(`size must be a whole number ≥ 200 (got ${s})`);
  return n;
}

/**
 * Generates the data set in memory-light form and writes it. Returns the manifest.
 * opts: { size, seed=1, out=bench/data, invoice=(size ≤ 100k), force=false, period, ownerId, itemNames? (override list) }
 */
export function generate(opts) {
  const size = typeof opts.size === 'number' ? opts.size : parseSize(opts.size);
  const seed = opts.seed ?? 1;
  const out = path.resolve(opts.out ?? path.join(HERE, 'data'));
  const period = opts.period ?? DEFAULT_PERIOD;
  const owner = opts.ownerId ?? DEFAULT_OWNER;
  const withInvoice = opts.invoice ?? size <= 100_000;
  const tag = `${sizeLabel(size)}-s${seed}${period === DEFAULT_PERIOD ? '' : `-${period}`}`;
  const files = {
    usage: path.join(out, `usage-${tag}.csv`),
    catalog: path.join(out, `catalog-s${seed}.json`),
    credits: path.join(out, `credits-${tag}${owner === DEFAULT_OWNER ? '' : `-${owner.slice(-6)}`}.csv`),
    invoice: withInvoice ? path.join(out, `invoice-${tag}.json`) : null,
  };
  const manifestFile = path.join(out, `manifest-${tag}.json`);
  const params = { version: GENERATOR_VERSION, size, seed, period, owner, invoice: withInvoice };
  if (!opts.force && fs.existsSync(manifestFile)) {
    try {
      const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
      const same = JSON.stringify(m.params) === JSON.stringify(params);
      const present = Object.entries(m.files).every(([k, f]) => f === null || (fs.existsSync(f) && fs.statSync(f).size === m.bytes[k]));
      if (same && present) return { ...m, reused: true };
    } catch {
      /* regenerate */
    }
  }
  fs.mkdirSync(out, { recursive: true });
  const t0 = Date.now();
  const rnd = mulberry32(seed * 2654435761);
  const { start: P0, end: P1 } = periodBoundsParis(period);
  const runtime = runtimeItems(seed);
  const bySlug = new Map(runtime.map((r) => [r.slug, r]));

  // Row budget: countables (2 buckets × (1 storage + one traffic row per day)), 3 tasks, intervals.
  const days = Math.round((P1 - P0) / 86_400_000);
  const countableRows = 2 * (1 + days);
  const taskRows = 3;
  const I = size - countableRows - taskRows;
  const addonRows = Math.max(4, Math.round(I * 0.02));
  const buildRows = Math.round(I * 0.12);
  const uptimeRows = I - addonRows - buildRows;

  // Applications.
  const nApps = Math.max(10, Math.min(1000, Math.round(size / 100)));
  const apps = [];
  const usedNames = new Set();
  for (let a = 0; a < nApps; a++) {
    let name;
    for (let k = 0; ; k++) {
      name = `${WORDS_A[Math.floor(rnd() * WORDS_A.length)]}-${WORDS_B[Math.floor(rnd() * WORDS_B.length)]}${k || rnd() < 0.5 ? `-${Math.floor(rnd() * 100)}` : ''}`;
      if (!usedNames.has(name)) break;
    }
    usedNames.add(name);
    const created = rnd() < 0.9 ? P0 : P0 + Math.floor((rnd() * (P1 - P0) * 0.6) / 1000) * 1000;
    const deleted = rnd() < 0.95 ? P1 : created + Math.floor(((P1 - created) * (0.5 + rnd() * 0.4)) / 1000) * 1000;
    const flavor = pickWeighted(rnd, APP_FLAVORS);
    const changes = rnd() < 0.1;
    const flavor2 = changes
      ? pickWeighted(
          rnd,
          APP_FLAVORS.filter(([f]) => f !== flavor),
        )
      : flavor;
    const changeAt = changes ? created + Math.floor(((deleted - created) * (0.2 + rnd() * 0.6)) / 1000) * 1000 : Infinity;
    const slots = pickWeighted(rnd, [
      [1, 40],
      [2, 30],
      [3, 20],
      [4, 10],
    ]);
    apps.push({
      id: `app_${uuidOf(seed, 3, a)}`,
      name,
      runtime: RUNTIMES[Math.floor(rnd() * RUNTIMES.length)],
      created,
      deleted,
      flavor,
      flavor2,
      changeAt,
      slots,
      buildFlavor: pickWeighted(rnd, [
        ['XL', 60],
        ['M', 25],
        ['L', 15],
      ]),
    });
  }
  const nAddons = Math.max(2, Math.round(nApps / 5));
  const addons = [];
  for (let k = 0; k < nAddons; k++) {
    const [source, flavors] = ADDON_KINDS[Math.floor(rnd() * ADDON_KINDS.length)];
    const app = apps[Math.floor(rnd() * apps.length)];
    addons.push({
      id: `addon_${uuidOf(seed, 4, k)}`,
      name: `${app.name}-${source.replace('-addon', '')}-${k}`,
      source,
      flavor: flavors[Math.floor(rnd() * flavors.length)],
      instance: uuidOf(seed, 5, k),
      created: rnd() < 0.85 ? P0 : P0 + Math.floor((rnd() * (P1 - P0) * 0.5) / 1000) * 1000,
    });
  }

  // Intervals, in typed arrays: start, end (ms), item index, kind, price index, instance number.
  const S = new Float64Array(I);
  const E = new Float64Array(I);
  const ITEM = new Int32Array(I); // ≥ 0: app index; < 0: -(addon index) - 1
  const KIND = new Uint8Array(I); // 0 uptime, 1 build, 2 addon
  const PRICE = new Uint8Array(I);
  const INST = new Int32Array(I); // instance number (uuidOf(seed, 6, n)); addons: -(addon index) - 1
  let n = 0;
  let instanceCounter = 0;
  const frac = () => (rnd() < 0.3 ? [250, 500, 750, 125][Math.floor(rnd() * 4)] : 0);

  // Uptime rows: shared out among instance slots in proportion to their active time (±50 %).
  const slots = [];
  for (const [a, app] of apps.entries()) for (let s = 0; s < app.slots; s++) slots.push({ a, w: (app.deleted - app.created) * (0.5 + rnd()) });
  const wTotal = slots.reduce((x, s) => x + s.w, 0);
  let given = 0;
  for (const s of slots) given += s.k = Math.max(1, Math.floor((uptimeRows * s.w) / wTotal));
  for (let i = 0; given < uptimeRows; i = (i + 1) % slots.length, given++) slots[i].k++;
  for (let i = slots.length - 1; given > uptimeRows; i = (i - 1 + slots.length) % slots.length) {
    if (slots[i].k > 1) {
      slots[i].k--;
      given--;
    }
  }

  for (const slot of slots) {
    const app = apps[slot.a];
    const span = (app.deleted - app.created) / 1000; // seconds
    const K = slot.k;
    const minLen = Math.min(120, Math.floor(span / K / 2));
    const weights = Array.from({ length: K }, () => 0.2 + rnd());
    const wSum = weights.reduce((x, w) => x + w, 0);
    const free = span - K * minLen;
    let t = app.created;
    let inst = -1;
    let prevFlavor = null;
    for (let j = 0; j < K; j++) {
      const len = j === K - 1 ? (app.deleted - t) / 1000 : minLen + Math.floor((free * weights[j]) / wSum);
      const segStart = t;
      const segEnd = j === K - 1 ? app.deleted : t + len * 1000;
      const flavor = segStart >= app.changeAt ? app.flavor2 : app.flavor;
      // Same instance after a stop/start (20 %), else a new instance that started at the boundary
      // while the previous one drained for a few seconds.
      const cont = inst >= 0 && flavor === prevFlavor && rnd() < 0.2;
      let s = segStart;
      if (cont) {
        s = segStart + (1 + Math.floor(rnd() * 30)) * 1000; // the restart takes 1–30 s
        if (s >= segEnd) s = segStart + 1000;
      } else inst = instanceCounter++;
      let e = segEnd;
      if (j < K - 1) {
        // Drain of the outgoing instance: only when the next segment is a new instance; decided
        // here as "probably" and made safe by never exceeding the next segment's own start + 60 s.
        e = segEnd + (rnd() < 0.8 ? Math.floor(rnd() * 20) * 1000 + frac() : 0);
        if (e > app.deleted) e = app.deleted;
      }
      S[n] = s;
      E[n] = Math.max(e, s + 1000);
      ITEM[n] = slot.a;
      KIND[n] = 0;
      PRICE[n] = runtime.indexOf(bySlug.get(`apps.${flavor}`));
      INST[n] = inst;
      n++;
      prevFlavor = flavor;
      t = segEnd;
    }
  }
  // A continuation starts at (boundary + 1–30 s) but the previous interval of the same instance
  // may have drained past the boundary: fix such overlaps by pushing the start after that end.
  {
    const lastEnd = new Map();
    for (let i = 0; i < n; i++) {
      const prev = lastEnd.get(INST[i]);
      if (prev !== undefined && S[i] < prev + 1000) {
        S[i] = Math.ceil((prev + 1000) / 1000) * 1000;
        if (E[i] <= S[i]) E[i] = S[i] + 1000;
      }
      lastEnd.set(INST[i], E[i]);
    }
  }

  // Builds: short dedicated instances at random times of the app's life.
  const buildWeights = apps.map((app) => (app.deleted - app.created) * (0.3 + rnd()));
  const bwTotal = buildWeights.reduce((x, w) => x + w, 0);
  const perApp = buildWeights.map((w) => Math.floor((buildRows * w) / bwTotal));
  for (let i = 0, g = perApp.reduce((x, k) => x + k, 0); g < buildRows; i = (i + 1) % apps.length, g++) perApp[i]++;
  for (const [a, app] of apps.entries()) {
    for (let k = 0; k < perApp[a]; k++) {
      const dur = 60 + Math.floor(rnd() * 1140);
      const s = app.created + Math.floor((rnd() * (app.deleted - app.created - (dur + 2) * 1000)) / 1000) * 1000;
      S[n] = s;
      E[n] = Math.min(app.deleted, s + dur * 1000 + frac());
      ITEM[n] = a;
      KIND[n] = 1;
      PRICE[n] = runtime.indexOf(bySlug.get(`apps.${app.buildFlavor}`));
      INST[n] = instanceCounter++;
      n++;
    }
  }
  // Add-ons: one instance each, stopped and restarted now and then (never overlapping).
  const perAddon = addons.map(() => Math.floor(addonRows / addons.length));
  for (let i = 0, g = perAddon.reduce((x, k) => x + k, 0); g < addonRows; i++, g++) perAddon[i % addons.length]++;
  for (const [k, ad] of addons.entries()) {
    const K = Math.max(1, perAddon[k]);
    const span = (P1 - ad.created) / 1000;
    const seg = Math.floor(span / K);
    for (let j = 0; j < K; j++) {
      const s = ad.created + j * seg * 1000 + (j === 0 ? 0 : 1000 + Math.floor(rnd() * Math.min(300, seg / 4)) * 1000);
      const e = j === K - 1 ? P1 : ad.created + (j + 1) * seg * 1000;
      S[n] = s;
      E[n] = Math.max(e, s + 1000);
      ITEM[n] = -k - 1;
      KIND[n] = 2;
      PRICE[n] = runtime.indexOf(bySlug.get(`${ad.source}.${ad.flavor}`));
      INST[n] = -k - 1;
      n++;
    }
  }
  if (n !== I) throw new Error(`generator bug: ${n} intervals, expected ${I}`);
  checkIntervals(S, E, INST, I, P0, P1);

  // Countables and tasks (kept apart; merged into the sorted output by start time).
  const other = [];
  const buckets = ['cellar-bucket-assets', 'cellar-bucket-backups'];
  const storage = [];
  let traffic = 0; // in 1e-3 GB
  for (const bucket of buckets) {
    const gb = `${1000 + Math.floor(rnd() * 2000)}.${Math.floor(rnd() * 100)}`;
    storage.push(gb);
    other.push({ s: P0, line: `${owner},countable,${bucket},cellar.storage,,cellar.storage,,${ZONE},${isoParis(P0)},${isoParis(P1)},${gb},GB,,,,` });
    for (let d = 0; d < days; d++) {
      // Local midnights (DST-safe: from the local noon of that day and of the next).
      const midnight = localMidnight(P0 + d * 86_400_000 + 12 * 3_600_000);
      const next = d === days - 1 ? P1 : localMidnight(P0 + (d + 1) * 86_400_000 + 12 * 3_600_000);
      const q = `${Math.floor(rnd() * 400)}.${String(Math.floor(rnd() * 1000)).padStart(3, '0')}`;
      traffic += milli(q);
      other.push({
        s: midnight,
        line: `${owner},countable,${bucket},cellar.traffic,,cellar.traffic,,${ZONE},${isoParis(midnight)},${isoParis(next)},${q},GB,,,,`,
      });
    }
  }
  const tasks = [];
  for (let k = 0; k < taskRows; k++) {
    const s = P0 + Math.floor(((k + 1) * (P1 - P0)) / (taskRows + 1) / 3_600_000) * 3_600_000;
    const hours = ['1.5', '3', '0.75'][k % 3];
    const desc = ['Database migration assistance', 'Incident post-mortem, support', 'Query tuning "slow log" review'][k % 3];
    const id = `task_${period.replace('-', '_')}_${String(k + 1).padStart(4, '0')}`;
    tasks.push({ id, desc, hours, unitPrice: '90.00' });
    other.push({
      s,
      line: `${owner},classic,${id},Clever Cloud support,,,,${ZONE},${isoParis(s)},${isoParis(s + Number(hours) * 3_600_000)},${hours},hour,,${csvCell(desc)},90.00,${CURRENCY}`,
    });
  }
  other.sort((x, y) => x.s - y.s);

  // Write the usage CSV, sorted by start (then by generation order).
  const order = new Uint32Array(I);
  for (let i = 0; i < I; i++) order[i] = i;
  const sorted = Array.from(order).sort((x, y) => S[x] - S[y] || x - y);
  const instIds = new Map();
  const instanceId = (i) => {
    const k = INST[i];
    if (k < 0) return addons[-k - 1].instance;
    let id = instIds.get(k);
    if (id === undefined) instIds.set(k, (id = uuidOf(seed, 6, k)));
    return id;
  };
  const csv = new Out(files.usage);
  csv.write(USAGE_HEADER + '\n');
  let oi = 0;
  const itemNames = opts.itemNames; // optional override (e.g. hostile names), cycled over apps
  for (const i of sorted) {
    while (oi < other.length && other[oi].s <= S[i]) csv.write(other[oi++].line + '\n');
    const k = KIND[i];
    const r = runtime[PRICE[i]];
    let itemId, name;
    if (k === 2) {
      const ad = addons[-ITEM[i] - 1];
      itemId = ad.id;
      name = ad.name;
    } else {
      const app = apps[ITEM[i]];
      itemId = app.id;
      name = itemNames ? itemNames[ITEM[i] % itemNames.length] : app.name;
    }
    csv.write(
      `${owner},${k === 1 ? 'build' : 'uptime'},${itemId},${csvCell(name)},${instanceId(i)},${r.slug},${r.flavor},${ZONE},${isoParis(S[i])},${isoParis(E[i])},,,,,,\n`,
    );
  }
  while (oi < other.length) csv.write(other[oi++].line + '\n');
  csv.close();

  fs.writeFileSync(files.catalog, catalogText(seed, runtime));
  fs.writeFileSync(
    files.credits,
    'credit_id,owner_id,kind,amount,currency,granted_at,valid_from,expires_at,scope,description\n' +
      `bench-free-welcome-${period},${owner},free,100.00,EUR,${isoParis(P0 - 86_400_000 * 20)},${isoParis(P0 - 86_400_000 * 20)},${isoParis(P1 + 86_400_000 * 40)},all,Welcome offer\n` +
      `bench-prepaid-${period},${owner},prepaid,5000.00,EUR,${isoParis(P0)},${isoParis(P0)},,application|build,"Prepaid credit, bank transfer"\n`,
  );

  // Expected figures (what a correct rating finds), and the invoice.
  // Lines: (kind, item, price item). Amounts in cents, exact integer arithmetic.
  const lines = new Map();
  const keyOf = (i) => `${KIND[i]}|${KIND[i] === 2 ? -ITEM[i] - 1 : ITEM[i]}|${PRICE[i]}`;
  for (let i = 0; i < I; i++) {
    const key = keyOf(i);
    let l = lines.get(key);
    if (!l)
      lines.set(key, (l = { kind: KIND[i], item: KIND[i] === 2 ? -ITEM[i] - 1 : ITEM[i], price: PRICE[i], exact: 0, legacy: 0, seconds: 0, details: [] }));
    const sec = Math.ceil((E[i] - S[i]) / 1000);
    const p = runtime[PRICE[i]].pE7;
    l.exact += sec * p;
    l.legacy += Math.ceil(sec / 600) * p;
    l.seconds += sec;
    if (withInvoice) l.details.push(i);
  }
  let perSecond = 0;
  let legacy = 0;
  for (const l of lines.values()) {
    l.cents = roundHalfUpDiv(l.exact, CENT_DIV);
    l.legacyCents = roundHalfUpDiv(l.legacy, 600_000); // slices × pE7 / 6 / 1e7 × 100
    perSecond += l.cents;
    legacy += l.legacyCents;
  }
  // Countables: tiers over the period's total per service (1e-3 GB × price (≤ 3 decimals) → 1e-6 → cents).
  const countableLines = [];
  const totals = { 'cellar.storage': storage.reduce((x, g) => x + milli(g), 0), 'cellar.traffic': traffic };
  for (const [service, { plans }] of Object.entries(COUNTABLE_PLANS)) {
    let left = totals[service];
    let prevMax = 0;
    for (const [planId, max, price] of plans) {
      if (left <= 0) break;
      const cap = max === null ? Infinity : milli(max) - prevMax;
      const q = Math.min(left, cap);
      left -= q;
      prevMax = max === null ? prevMax : milli(max);
      const cents = roundHalfUpDiv(q * milli(price), 10_000); // q[1e-3] × price[1e-3] = 1e-6 → cents: /1e4
      countableLines.push({ service, planId, quantity: q, cents });
      perSecond += cents;
      legacy += cents;
    }
  }
  for (const t of tasks) {
    const cents = roundHalfUpDiv(milli(t.hours) * milli(t.unitPrice), 10_000);
    t.cents = cents;
    perSecond += cents;
    legacy += cents;
  }

  // Invoice: honest detail prices (floors + largest remainders), with three discrepancies:
  // one application line over-billed by 3.00, one add-on billed that has no usage, and one
  // application's builds missing from the invoice.
  let invoiceStats = null;
  if (withInvoice) {
    const appLines = [...lines.values()].filter((l) => l.kind === 0).sort((x, y) => x.item - y.item || x.price - y.price);
    const overBilled = appLines[Math.floor(appLines.length / 3)];
    const buildLines = [...lines.values()].filter((l) => l.kind === 1).sort((x, y) => x.item - y.item || x.price - y.price);
    const payable = buildLines.filter((l) => l.cents > 0);
    const missing = payable[Math.floor(payable.length / 2)];
    const priceOf = new Float64Array(I).fill(NaN); // cents per detail
    for (const l of lines.values()) {
      const div = CENT_DIV;
      let sum = 0;
      const rems = [];
      for (const i of l.details) {
        const a = Math.ceil((E[i] - S[i]) / 1000) * runtime[PRICE[i]].pE7;
        const c = idiv(a, div);
        priceOf[i] = c;
        sum += c;
        rems.push([a % div, i]);
      }
      let need = l.cents - sum;
      rems.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
      for (let r = 0; need > 0; r++, need--) priceOf[rems[r % rems.length][1]]++;
      if (l === overBilled) priceOf[l.details[l.details.length - 1]] += 300;
    }
    const inv = new Out(files.invoice);
    let billed = 0;
    const detailText = (i) => {
      const r = runtime[PRICE[i]];
      billed += priceOf[i];
      const price = KIND[i] === 2 ? `{"amount": ${centsText(priceOf[i])}, "currency": "${CURRENCY}"}` : centsText(priceOf[i]);
      return `{"instance_id": "${instanceId(i)}", "flavor_name": "${r.flavor}", "zone_id": "${ZONE}", "runtime_policy_id": "${r.runtime_policy_id}", "price": ${price}, "consumption_start": "${isoParis(S[i])}", "consumption_end": "${isoParis(E[i])}"}`;
    };
    // Group details per uptimes[] item: (app, category app|build) or add-on; details in start order.
    const items = new Map();
    for (const i of sorted) {
      const k = KIND[i];
      const key = `${k}|${ITEM[i]}`;
      let it = items.get(key);
      if (!it) items.set(key, (it = { k, item: ITEM[i], details: [] }));
      if (k === 1 && missing && keyOf(i) === `1|${missing.item}|${missing.price}`) continue;
      it.details.push(i);
    }
    const itemTexts = [];
    for (const it of items.values()) {
      if (it.details.length === 0) continue;
      const cents = it.details.reduce((x, i) => x + priceOf[i], 0);
      const isAddon = it.k === 2;
      const ad = isAddon ? addons[-it.item - 1] : null;
      const app = isAddon ? null : apps[it.item];
      const id = isAddon ? ad.id : app.id;
      const head = `{"item_id": "${id}", "app_id": "${id}", "owner_id": "${owner}", "price": ${centsText(cents)}, "category": "${isAddon ? 'addon' : it.k === 1 ? 'build' : 'app'}", "sub_category": "${isAddon ? ad.source : app.runtime}", "details": [\n`;
      itemTexts.push(head + it.details.map((i) => `        ${detailText(i)}`).join(',\n') + '\n      ]}');
    }
    // The unexplained add-on: billed, no usage at all.
    const redis = runtime.find((r) => r.slug === 'redis-addon.S');
    const ghostStart = P0 + 3 * 86_400_000 + 13 * 3_600_000;
    const ghostCents = roundHalfUpDiv(Math.ceil((P1 - ghostStart) / 1000) * redis.pE7, CENT_DIV);
    billed += ghostCents;
    itemTexts.push(
      `{"item_id": "addon_${uuidOf(seed, 7, 0)}", "app_id": "addon_${uuidOf(seed, 7, 0)}", "owner_id": "${owner}", "price": ${centsText(ghostCents)}, "category": "addon", "sub_category": "redis-addon", "details": [\n` +
        `        {"instance_id": "${uuidOf(seed, 7, 1)}", "flavor_name": "S", "zone_id": "${ZONE}", "runtime_policy_id": "${redis.runtime_policy_id}", "price": {"amount": ${centsText(ghostCents)}, "currency": "${CURRENCY}"}, "consumption_start": "${isoParis(ghostStart)}", "consumption_end": "${isoParis(P1)}"}\n      ]}`,
    );
    const countables = countableLines.map((c) => {
      billed += c.cents;
      const svc = COUNTABLE_PLANS[c.service];
      return `{"service": "${c.service}", "unit_name": "GB", "zone_id": "${ZONE}", "policy_id": "${uuidOf(seed, 2, Object.keys(COUNTABLE_PLANS).indexOf(c.service))}", "quantity": ${c.quantity / 1000}, "plan_id": "${c.planId}", "duration": ${svc.interval ? `"${svc.interval}"` : 'null'}, "details_price": {"amount": ${centsText(c.cents)}, "currency": "${CURRENCY}"}, "details": []}`;
    });
    const classic = tasks.map((t) => {
      billed += t.cents;
      return `{"unit_price": {"amount": ${t.unitPrice}, "currency": "${CURRENCY}"}, "quantity": ${t.hours}, "price_factor": 1, "discount": 0.0, "description": ${JSON.stringify(t.desc)}, "sub_description": "", "classic_billing_item_id": "${t.id}"}`;
    });
    const tax = roundHalfUpDiv(billed * 20, 100);
    inv.write(
      `{\n  "invoice_number": "BENCH-${period}-${sizeLabel(size)}",\n  "status": "PAID",\n  "emission_date": "${isoParis(P1 + 86_400_000 + 6 * 3_600_000)}",\n` +
        `  "consumption_begin_date": "${isoParis(P0)}",\n  "consumption_end_date": "${isoParis(P1)}",\n  "currency": "${CURRENCY}",\n  "vat_percent": 20,\n` +
        `  "total_tax_excluded": {"amount": ${centsText(billed)}, "currency": "${CURRENCY}"},\n  "total_tax": ${centsText(tax)},\n  "owner_id": "${owner}",\n  "uptimes": [\n`,
    );
    for (const [k, t] of itemTexts.entries()) inv.write(`    ${t}${k < itemTexts.length - 1 ? ',' : ''}\n`);
    inv.write(
      `  ],\n  "countables": [\n${countables.map((c) => `    ${c}`).join(',\n')}\n  ],\n  "classic": [\n${classic.map((c) => `    ${c}`).join(',\n')}\n  ]\n}\n`,
    );
    inv.close();
    invoiceStats = {
      billedTotal: centsText(billed),
      details: I - (missing ? missing.details.length : 0) + 1,
      overBilled: overBilled ? { itemId: apps[overBilled.item].id, priceItem: runtime[overBilled.price].slug, by: '3.00' } : null,
      missing: missing ? { itemId: apps[missing.item].id, priceItem: runtime[missing.price].slug, kind: 'build' } : null,
      unexplained: { itemId: `addon_${uuidOf(seed, 7, 0)}`, priceItem: 'redis-addon.S' },
    };
  }

  const bytes = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, f === null ? null : fs.statSync(f).size]));
  const ratedLines = lines.size + countableLines.length + tasks.length;
  const zeroLines = [...lines.values(), ...countableLines, ...tasks].filter((l) => l.cents === 0).length;
  const manifest = {
    params,
    files,
    bytes,
    rows: { total: size, intervals: I, uptime: uptimeRows, build: buildRows, addon: addonRows, countable: countableRows, classic: taskRows },
    apps: nApps,
    addons: nAddons,
    instances: instanceCounter + nAddons,
    period,
    ownerId: owner,
    expected: {
      ratedLines,
      subtotalPerSecond: centsText(perSecond),
      subtotalLegacy: centsText(legacy),
      statusCounts: invoiceStats
        ? { match: ratedLines - 2, over_billed: 1, under_billed: 0, missing_from_invoice: 1, unexplained_charge: 1 }
        : { match: zeroLines, over_billed: 0, under_billed: 0, missing_from_invoice: ratedLines - zeroLines, unexplained_charge: 0 },
      invoice: invoiceStats,
    },
    generatedInMs: Date.now() - t0,
  };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  return { ...manifest, reused: false };
}

/** The generator's promises: every interval inside the month, end > start, no overlap within an instance. */
function checkIntervals(S, E, INST, I, P0, P1) {
  const idx = Array.from({ length: I }, (_, i) => i).sort((x, y) => INST[x] - INST[y] || S[x] - S[y]);
  for (let k = 0; k < I; k++) {
    const i = idx[k];
    if (!(S[i] >= P0 && E[i] <= P1 && E[i] > S[i])) throw new Error(`generator bug: interval ${i} [${S[i]}, ${E[i]}) outside the month or empty`);
    const j = idx[k + 1];
    if (j !== undefined && INST[j] === INST[i] && S[j] < E[i]) throw new Error(`generator bug: intervals ${i} and ${j} of one instance overlap`);
  }
}

/** Local (Europe/Paris) midnight of the day containing `ms`. */
function localMidnight(ms) {
  const off = parisOffsetMinutes(ms);
  const local = ms + off * 60_000;
  const day = local - (((local % 86_400_000) + 86_400_000) % 86_400_000);
  const guess = day - off * 60_000;
  return day - parisOffsetMinutes(guess) * 60_000;
}

function csvCell(s) {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// ---------------------------------------------------------------------------------------------
// CLI

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const get = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const sizes = (get('--size') ?? get('--sizes') ?? '10k').split(',');
  for (const s of sizes) {
    const m = generate({
      size: s,
      seed: Number(get('--seed') ?? 1),
      ...(get('--out') ? { out: get('--out') } : {}),
      ...(args.includes('--invoice') ? { invoice: true } : {}),
      ...(args.includes('--no-invoice') ? { invoice: false } : {}),
      force: args.includes('--force'),
    });
    console.log(
      `${sizeLabel(m.params.size)}: ${m.reused ? 'reused' : `generated in ${m.generatedInMs} ms`} → ${path.relative(process.cwd(), m.files.usage)} (${(m.bytes.usage / 1e6).toFixed(1)} MB)`,
    );
  }
}
