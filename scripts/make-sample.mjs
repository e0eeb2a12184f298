#!/usr/bin/env node
// Generates the sample workspace in resources/sample/ (and the default catalog in
// resources/catalog/): one Clever Cloud organisation over March, April and May 2021, with a
// price catalog, usage CSVs for March and April, credits, the provider's invoices in Clever
// Cloud's own layout (May's is the only record of that month), a FOCUS file of a second cloud
// account with its invoice totals, deliberate discrepancies, and the figures a correct
// reconciliation must reach (expected.json, README.md).
//
// The figures are computed here, from the rating and reconciliation rules (docs/rating.md), independently of the app's
// rating module (shared/rating): nothing from the application is imported.
//
// Deterministic: a seeded PRNG, no clock, no randomness from the environment. Money and prices
// are decimal.js values from start to end; JavaScript numbers are only used for instants
// (epoch ms) and whole seconds.
//
//   node scripts/make-sample.mjs            writes the files
//   node scripts/make-sample.mjs --check    regenerates in memory and fails if a file differs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Decimal from 'decimal.js';
import { DateTime } from 'luxon';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE_DIR = join(ROOT, 'resources', 'sample');
const CATALOG_DIR = join(ROOT, 'resources', 'catalog');

const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
const TZ = 'Europe/Paris';
const CURRENCY = 'EUR';
const ZONE = 'par';
const VAT_PERCENT = new D(20);
const TOLERANCE = new D('0.01');
const LEGACY_SLICE_SECONDS = 600;
const OWNER = 'orga_4c1d7e2a-8b3f-4e6d-9a21-5f0c7b9e3d14';
/** Months with a usage CSV export. */
const USAGE_PERIODS = ['2021-03', '2021-04'];
/** May has no usage export: its invoice is the only record, and its intervals are what is rated. */
const INVOICE_ONLY = '2021-05';
const PERIODS = [...USAGE_PERIODS, INVOICE_ONLY];
const KIND_ORDER = ['application', 'build', 'addon', 'countable', 'task'];
/** Price item of a custom task line (the app's TASK_PRICE_ITEM). */
const TASK_PRICE_ITEM = '';

// ---------------------------------------------------------------------------------------------
// Small helpers: time, money, PRNG, serialisation
// ---------------------------------------------------------------------------------------------

/** Local wall-clock time in Europe/Paris → epoch ms. `t` is 'YYYY-MM-DDTHH:mm[:ss[.SSS]]'. */
function paris(t) {
  const dt = DateTime.fromISO(t, { zone: TZ });
  if (!dt.isValid) throw new Error(`bad local time ${t}`);
  return dt.toMillis();
}

/** ISO-8601 with the Europe/Paris offset of that instant; milliseconds only when not zero. */
function iso(ms, sub = '') {
  const dt = DateTime.fromMillis(ms, { zone: TZ });
  if (sub === '') return dt.toISO({ suppressMilliseconds: true });
  // Digits below the millisecond, written after the three of the milliseconds.
  return dt.toISO().replace(/(\.\d{3})/, `$1${sub}`);
}

/** The digits of a local time's fraction of a second after the first three ('' for none). */
const subOf = (t) => /\.\d{3}(\d+)$/.exec(t)?.[1] ?? '';

function periodBounds(period) {
  const start = DateTime.fromISO(`${period}-01T00:00:00`, { zone: TZ });
  return { start: start.toMillis(), end: start.plus({ months: 1 }).toMillis() };
}

function periodOf(ms) {
  return DateTime.fromMillis(ms, { zone: TZ }).toFormat('yyyy-MM');
}

/**
 * Billable seconds: any started second counts, to the last digit given. Only ends carry digits
 * below the millisecond in this sample (`endSub`): they start one more second when the
 * milliseconds alone make whole seconds.
 */
const billableSeconds = (startMs, endMs, endSub = '') => Math.ceil((endMs - startMs) / 1000) + (endSub !== '' && (endMs - startMs) % 1000 === 0 ? 1 : 0);
const legacySlices = (seconds) => Math.ceil(seconds / LEGACY_SLICE_SECONDS);
const money = (d) => new D(d).toDecimalPlaces(2, D.ROUND_HALF_UP);
const fmt = (d) => money(d).toFixed(2);
/** A figure from billed amounts: exact, as invoiced, with at least the cents (docs/rating.md, "Reconciliation"). */
const exactFmt = (d) => {
  const v = new D(d);
  return v.toFixed(Math.max(2, v.decimalPlaces()));
};
const sum = (values) => values.reduce((a, v) => a.plus(v), new D(0));

/** mulberry32: small, fast, deterministic. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const hex = (n) => Array.from({ length: n }, () => int(0, 15).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`;
  return { next, int, uuid };
}
const rnd = prng(20210301);
// May's draws come from their own stream, so adding May left March and April as they were.
const rndMay = prng(20210501);
const rngAt = (ms) => (periodOf(ms) === INVOICE_ONLY ? rndMay : rnd);
// The invoice items' own ids (Clever Cloud's item_id), never the application's.
const itemIds = prng(20210401);

/** A JSON number written exactly as the given decimal text (no float round trip). */
class Num {
  constructor(text) {
    this.text = String(text);
    if (!/^-?\d+(\.\d+)?$/.test(this.text)) throw new Error(`not a decimal: ${this.text}`);
  }
}
const num = (d) => new Num(d instanceof D ? d.toFixed() : d);
const numMoney = (d) => new Num(fmt(d));
const moneyObject = (d) => ({ amount: numMoney(d), currency: CURRENCY });

function toJson(value, indent = '') {
  const inner = `${indent}  `;
  if (value === null) return 'null';
  if (value instanceof Num) return value.text;
  if (value instanceof D) throw new Error('wrap decimals in Num');
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`float in JSON output: ${value}`);
    return String(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + toJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${toJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

function csvCell(v) {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const toCsv = (header, rows) => [header, ...rows.map((r) => header.map((h) => csvCell(r[h])))].map((r) => r.join(',')).join('\n') + '\n';

// ---------------------------------------------------------------------------------------------
// 1. Catalog (format: docs/importers.md, Price catalog)
// ---------------------------------------------------------------------------------------------

// runtime_policy_ids are fixed, UUID-like strings. Within a source they sort like the slugs
// (e.g. apps.S before apps.XS), so the line order is the same whichever the app shows.
const RUNTIME = [
  ['apps', 'nano', '0.0100000', '1f0b5c6e-2a71-4d0e-9b3c-6a1d2e3f4a01'],
  ['apps', 'XS', '0.0266667', '1f0b5c6e-2a71-4d0e-9b3c-6a1d2e3f4a06'],
  ['apps', 'S', '0.0533333', '1f0b5c6e-2a71-4d0e-9b3c-6a1d2e3f4a03'],
  ['apps', 'M', '0.1066667', '1f0b5c6e-2a71-4d0e-9b3c-6a1d2e3f4a02'],
  ['apps', 'L', '0.2133333', '1f0b5c6e-2a71-4d0e-9b3c-6a1d2e3f4a00'],
  // Also the flavor of dedicated build instances: 0.40 €/h (the SPEC example's flavor).
  ['apps', 'XL', '0.4000000', '1f0b5c6e-2a71-4d0e-9b3c-6a1d2e3f4a04'],
  ['postgresql-addon', 'XS', '0.0133333', '7c2e9a40-5d18-4b6f-8e07-3b9c0d1e2f11'],
  ['postgresql-addon', 'S', '0.0400000', '7c2e9a40-5d18-4b6f-8e07-3b9c0d1e2f10'],
  ['postgresql-addon', 'M', '0.1333333', '7c2e9a40-5d18-4b6f-8e07-3b9c0d1e2f0f'],
  ['mysql-addon', 'XS', '0.0133333', 'a4d3b2c1-6e5f-4a70-8b91-c2d3e4f50621'],
  ['mysql-addon', 'S', '0.0400000', 'a4d3b2c1-6e5f-4a70-8b91-c2d3e4f50620'],
  ['redis-addon', 'S', '0.0208333', 'e8f7a6b5-9c0d-4e1f-a2b3-d4e5f6a70731'],
  ['redis-addon', 'M', '0.0555556', 'e8f7a6b5-9c0d-4e1f-a2b3-d4e5f6a70730'],
].map(([source, flavor, price, id]) => ({ runtime_policy_id: id, source, flavor, time_unit: 'PT1H', price: new D(price), slug_id: `${source}.${flavor}` }));

const COUNTABLE = [
  {
    service: 'cellar.storage',
    policy_id: '3d9e0f1a-7b2c-4c8d-9e0f-5a6b7c8d9e01',
    data_unit: 'GB',
    data_quantity_for_price: { secability: 'secable', quantity: 1 },
    time_interval_for_price: { secability: 'secable', interval: 'P1M' },
    price_plans: [
      { plan_id: 'cellar-storage-free', max_quantity: '10', price: '0' },
      { plan_id: 'cellar-storage-tier1', max_quantity: '1000', price: '0.02' },
      { plan_id: 'cellar-storage-tier2', max_quantity: null, price: '0.015' },
    ],
  },
  {
    service: 'cellar.traffic',
    policy_id: '3d9e0f1a-7b2c-4c8d-9e0f-5a6b7c8d9e02',
    data_unit: 'GB',
    data_quantity_for_price: { secability: 'secable', quantity: 1 },
    time_interval_for_price: null,
    price_plans: [
      { plan_id: 'cellar-traffic-free', max_quantity: '100', price: '0' },
      { plan_id: 'cellar-traffic-tier1', max_quantity: '10000', price: '0.09' },
      { plan_id: 'cellar-traffic-tier2', max_quantity: null, price: '0.07' },
    ],
  },
];

const runtimeBySlug = new Map(RUNTIME.map((r) => [r.slug_id, r]));
const runtimeById = new Map(RUNTIME.map((r) => [r.runtime_policy_id, r]));
const countableByService = new Map(COUNTABLE.map((c) => [c.service, c]));

function catalogJson() {
  return {
    zone_id: ZONE,
    currency: CURRENCY,
    start_date: '2021-01-01T00:00:00+01:00',
    end_date: null,
    runtime: RUNTIME.map((r) => ({ ...r, price: num(r.price.toFixed(7)) })),
    countable: COUNTABLE.map((c) => ({
      ...c,
      price_plans: c.price_plans.map((p) => ({ plan_id: p.plan_id, max_quantity: p.max_quantity === null ? null : num(p.max_quantity), price: num(p.price) })),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// 2. Usage: what the organisation ran (format: docs/importers.md, Usage CSV)
// ---------------------------------------------------------------------------------------------

// The metering closes every open interval at the end of each month (local midnight) and
// reopens it, same instance, at the start of the next; the exceptions are two marketing-site
// intervals exported uncut: 2021-03-27 → 2021-04-02 (the rater cuts it itself) and
// 2021-04-19 → 2021-05-01 03:00, which spills three hours into May without making May a month
// the usage export covers.
const CHECKPOINTS = [paris('2021-04-01T00:00'), paris('2021-05-01T00:00'), paris('2021-06-01T00:00')];
const HORIZON_END = CHECKPOINTS[CHECKPOINTS.length - 1];

const APPS = [
  {
    name: 'shop-frontend',
    id: 'app_5e0c3f9a-1b2d-4e8f-a7c6-0d9e8f7a6b51',
    runtime: 'node',
    baseInstances: 2,
    created: '2021-03-01T09:41:17',
    flavorChanges: [['2021-03-01T00:00', 'apps.XS']],
    buildFlavor: 'apps.XL',
    randomDeploys: { '2021-03': 19, '2021-04': 20, '2021-05': 18 },
    // Autoscaling during the spring sales: one more instance.
    scaleWindows: [
      ['2021-03-12T08:00', '2021-03-16T20:00:00.250'],
      ['2021-04-09T07:30', '2021-04-12T22:15:41'],
    ],
  },
  {
    name: 'billing-api',
    id: 'app_8a1f2b3c-4d5e-4f60-9172-83a4b5c6d7e8',
    runtime: 'java',
    baseInstances: 2,
    created: '2021-03-01T11:05:52',
    // Vertical scaling: XS until the deployment of 2021-03-15 09:30, S after.
    flavorChanges: [
      ['2021-03-01T00:00', 'apps.XS'],
      ['2021-03-15T09:30', 'apps.S'],
    ],
    fixedDeploys: ['2021-03-15T09:30'],
    buildFlavor: 'apps.M',
    randomDeploys: { '2021-03': 11, '2021-04': 12, '2021-05': 10 },
    scaleWindows: [],
  },
  {
    name: 'worker-queue',
    id: 'app_c3d4e5f6-0718-4a29-b3c4-d5e6f708192a',
    runtime: 'python',
    baseInstances: 1,
    created: '2021-03-02T14:22:08',
    flavorChanges: [['2021-03-01T00:00', 'apps.S']],
    buildFlavor: 'apps.XL',
    randomDeploys: { '2021-03': 8, '2021-04': 9, '2021-05': 7 },
    // Queue backlog: a second worker, twice a month (once in May).
    scaleWindows: [
      ['2021-03-05T02:00', '2021-03-05T06:30:12.250'],
      ['2021-03-22T01:15:30', '2021-03-23T04:02:59'],
      ['2021-04-06T02:00', '2021-04-06T07:44:18.500'],
      ['2021-04-26T01:10', '2021-04-27T03:33:33'],
      // Its end is written to the microsecond: 125 µs past a whole second, a started second.
      ['2021-05-11T01:40', '2021-05-12T09:05:27.000125'],
    ],
  },
  {
    name: 'marketing-site',
    id: 'app_f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9',
    runtime: 'static',
    baseInstances: 1,
    created: null,
    flavorChanges: [['2021-03-01T00:00', 'apps.nano']],
    buildFlavor: 'apps.XL',
    // Hand-written: builds run on the app's own instance (no build line), except the one
    // deployment of 2021-03-27 that used a dedicated build instance for exactly 762 s.
    scriptedDeploys: [
      { newStart: '2021-03-01T10:20:05' },
      { newStart: '2021-03-09T16:48:31.750', prevEnd: '2021-03-09T16:48:52' },
      { build: ['2021-03-27T21:46:38', '2021-03-27T21:59:20'], newStart: '2021-03-27T22:00', prevEnd: '2021-03-27T22:00:07.250' },
      { newStart: '2021-04-02T09:59:38.500', prevEnd: '2021-04-02T10:00' },
      { newStart: '2021-04-19T15:12:09', prevEnd: '2021-04-19T15:12:40.125' },
      // A nightly scheduled deployment, just after the April export was cut.
      { newStart: '2021-05-01T03:00:12', prevEnd: '2021-05-01T03:00:40.500' },
    ],
    uncutIntervals: ['2021-03-27T22:00', '2021-04-19T15:12:09'],
    scaleWindows: [],
  },
];

const ADDONS = [
  {
    name: 'shop-db',
    id: 'addon_2b7c9d1e-3f40-4a51-b627-38c94d0ea1f2',
    slug: 'postgresql-addon.S',
    provider: 'postgresql-addon',
    intervals: [['2021-03-01T10:02:37', null]],
  },
  {
    name: 'billing-db',
    id: 'addon_6d8e0f1a-2b3c-4d4e-85f6-07a8b9c0d1e2',
    slug: 'mysql-addon.XS',
    provider: 'mysql-addon',
    intervals: [['2021-03-03T16:41:09', '2021-04-20T11:27:45.500']],
  },
];

/** The Redis add-on the provider bills in March although the organisation never had it. */
const PHANTOM_ADDON = {
  id: 'addon_9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  slug: 'redis-addon.S',
  provider: 'redis-addon',
  instanceId: 'b0c1d2e3-f4a5-4b67-8c90-1d2e3f4a5b6c',
  start: '2021-03-04T13:37:00',
};

/** The Cellar add-on holding the bucket: the item of the countables, in the usage and on the invoice (app_id). */
const CELLAR = { id: 'addon_0e7d5c4b-3a29-4f18-9e07-c6b5a4938271', name: 'shop-assets', bucket: 'cellar-bucket-assets' };
const STORAGE_GB = { '2021-03': '1250.5', '2021-04': '1430.25', '2021-05': '1512.75' };
/** Daily outbound traffic in MB: March and May go past the 100 GB free tier, April stays inside it. */
const TRAFFIC_MB_RANGE = { '2021-03': [4000, 7600], '2021-04': [2200, 4000], '2021-05': [3100, 5200] };

const TASKS = [
  {
    id: 'task_2021_03_0017',
    start: '2021-03-17T14:00',
    end: '2021-03-17T17:00',
    quantity: '3',
    unitPrice: '90.00',
    description: 'Database migration assistance',
    subDescription: 'PostgreSQL 9.6 to 13 upgrade of shop-db, done by Clever Cloud support',
  },
  {
    id: 'task_2021_04_0042',
    start: '2021-04-22T10:30',
    end: '2021-04-22T12:00',
    quantity: '1.5',
    unitPrice: '90.00',
    description: 'Query tuning, PostgreSQL (remote session)',
    subDescription: 'Index review of shop-db with the shop-frontend team',
  },
  {
    // May: on the invoice only, with a goodwill discount.
    id: 'task_2021_05_0023',
    start: '2021-05-18T09:00',
    end: '2021-05-18T11:00',
    quantity: '2',
    unitPrice: '90.00',
    discount: '30.00',
    description: 'Incident review, shop-frontend outage of 2021-05-17',
    subDescription: 'Post-mortem with Clever Cloud support; 30.00 goodwill discount',
  },
];

/** Random deployment instants in a month: distinct days, office hours, odd seconds. */
function randomDeployTimes(period, count) {
  const r = period === INVOICE_ONLY ? rndMay : rnd;
  const { start, end } = periodBounds(period);
  const days = DateTime.fromMillis(start, { zone: TZ }).daysInMonth;
  const picked = new Set();
  while (picked.size < count) picked.add(r.int(2, days - 1));
  return [...picked]
    .sort((a, b) => a - b)
    .map((day) => {
      const t = DateTime.fromObject(
        { year: +period.slice(0, 4), month: +period.slice(5), day, hour: r.int(8, 18), minute: r.int(0, 59), second: r.int(0, 59) },
        { zone: TZ },
      );
      return t.toMillis();
    })
    .filter((ms) => ms > start && ms < end);
}

/** A deployment: optional dedicated build, new instances start, previous ones drain and stop. */
function makeDeploy(app, at, withBuild) {
  const r = rngAt(at);
  const buildSeconds = withBuild ? r.int(200, 880) : 0;
  const buildMs = r.int(0, 3) === 0 ? 250 * r.int(1, 3) : 0;
  const buildEnd = at + buildSeconds * 1000 + (withBuild ? buildMs : 0);
  const newStart = buildEnd + r.int(3, 25) * 1000;
  const drainMs = r.int(4, 45) * 1000 + (r.int(0, 2) === 0 ? 250 : 0);
  return { build: withBuild ? [at, buildEnd] : null, newStart, prevEnd: newStart + drainMs };
}

function deploysOf(app) {
  if (app.scriptedDeploys) {
    return app.scriptedDeploys.map((d) => ({
      build: d.build ? d.build.map(paris) : null,
      newStart: paris(d.newStart),
      prevEnd: d.prevEnd ? paris(d.prevEnd) : null,
    }));
  }
  const fixed = (app.fixedDeploys ?? []).map(paris);
  const random = PERIODS.flatMap((p) => randomDeployTimes(p, app.randomDeploys[p]));
  const created = paris(app.created);
  // Deployments after the creation, at least two hours apart (and from the fixed ones), so that
  // a deployment's drain never reaches the next one.
  const farFromFixed = (t) => fixed.every((f) => Math.abs(t - f) > 2 * 3600_000);
  const candidates = [created, ...fixed, ...random.filter((t) => t > created && farFromFixed(t))].sort((a, b) => a - b);
  const kept = [];
  for (const t of candidates) if (kept.length === 0 || t - kept[kept.length - 1] > 2 * 3600_000) kept.push(t);
  return kept.map((at) => makeDeploy(app, at, true));
}

function flavorAt(app, ms) {
  let slug = null;
  for (const [from, s] of app.flavorChanges) if (paris(from) <= ms) slug = s;
  return slug;
}

/** Split an interval at the metering checkpoints (unless exported uncut). */
function cutAtCheckpoints(iv) {
  if (iv.uncut) return [iv];
  const parts = [];
  let start = iv.start;
  for (const c of CHECKPOINTS) {
    if (c > start && c < iv.end) {
      parts.push({ ...iv, start, end: c });
      start = c;
    }
  }
  parts.push({ ...iv, start });
  return parts;
}

function appIntervals(app) {
  const deploys = deploysOf(app);
  const intervals = [];
  const base = { itemId: app.id, itemName: app.name };
  deploys.forEach((d, k) => {
    if (d.build) {
      intervals.push({ ...base, itemType: 'build', instanceId: rngAt(d.build[0]).uuid(), slug: app.buildFlavor, start: d.build[0], end: d.build[1] });
    }
    const next = deploys[k + 1];
    const segStart = d.newStart;
    const segEnd = next ? next.prevEnd : HORIZON_END;
    const slug = flavorAt(app, segStart);
    const uncut = (app.uncutIntervals ?? []).some((t) => paris(t) === segStart);
    for (let i = 0; i < app.baseInstances; i++) {
      intervals.push({ ...base, itemType: 'uptime', instanceId: rngAt(segStart).uuid(), slug, start: segStart, end: segEnd, uncut });
    }
    for (const [a, b, bSub] of app.scaleWindows.map(([x, y]) => [paris(x), paris(y), subOf(y)])) {
      const start = Math.max(a, segStart);
      const end = Math.min(b, segEnd);
      const endSub = end === b ? bSub : '';
      if (start < end) intervals.push({ ...base, itemType: 'uptime', instanceId: rngAt(start).uuid(), slug, start, end, endSub, scaled: true });
    }
  });
  return intervals.flatMap(cutAtCheckpoints);
}

function addonIntervals(addon) {
  return addon.intervals.flatMap(([s, e]) =>
    cutAtCheckpoints({
      itemType: 'uptime',
      itemId: addon.id,
      itemName: addon.name,
      instanceId: addon.id.replace('addon_', ''),
      slug: addon.slug,
      start: paris(s),
      end: e ? paris(e) : HORIZON_END,
    }),
  );
}

function countableRows(period) {
  const { start, end } = periodBounds(period);
  const rows = [{ service: 'cellar.storage', itemId: CELLAR.id, quantity: new D(STORAGE_GB[period]), start, end }];
  const [lo, hi] = TRAFFIC_MB_RANGE[period];
  for (let day = DateTime.fromMillis(start, { zone: TZ }); day.toMillis() < end; day = day.plus({ days: 1 })) {
    const mb = rngAt(start).int(lo, hi);
    rows.push({ service: 'cellar.traffic', itemId: CELLAR.id, quantity: new D(mb).div(1000), start: day.toMillis(), end: day.plus({ days: 1 }).toMillis() });
  }
  return rows;
}

const USAGE_HEADER = [
  'owner_id',
  'item_type',
  'item_id',
  'item_name',
  'instance_id',
  'price_id',
  'flavor_name',
  'zone_id',
  'consumption_start',
  'consumption_end',
  'quantity',
  'unit',
  'plan_id',
  'description',
  'unit_price',
  'currency',
];

function intervalCsvRow(iv) {
  const rt = runtimeBySlug.get(iv.slug);
  return {
    owner_id: OWNER,
    item_type: iv.itemType,
    item_id: iv.itemId,
    item_name: iv.itemName,
    instance_id: iv.instanceId,
    price_id: iv.slug,
    flavor_name: rt.flavor,
    zone_id: ZONE,
    consumption_start: iso(iv.start),
    consumption_end: iso(iv.end),
  };
}

function countableCsvRow(c) {
  return {
    owner_id: OWNER,
    item_type: 'countable',
    item_id: c.itemId,
    item_name: c.service,
    price_id: c.service,
    zone_id: ZONE,
    consumption_start: iso(c.start),
    consumption_end: iso(c.end),
    quantity: c.quantity.toFixed(),
    unit: countableByService.get(c.service).data_unit,
  };
}

function taskCsvRow(t) {
  return {
    owner_id: OWNER,
    item_type: 'classic',
    item_id: t.id,
    item_name: 'Clever Cloud support',
    zone_id: ZONE,
    consumption_start: iso(paris(t.start)),
    consumption_end: iso(paris(t.end)),
    quantity: t.quantity,
    unit: 'hour',
    description: t.description,
    unit_price: t.unitPrice,
    currency: CURRENCY,
  };
}

function buildUsage() {
  const intervals = [...APPS.flatMap(appIntervals), ...ADDONS.flatMap(addonIntervals)];
  const countables = PERIODS.flatMap(countableRows);
  const tasks = TASKS.map((t) => ({ ...t, startMs: paris(t.start) }));
  // Files: a row goes to the export of the month its consumption_start is in; May has none.
  const files = {};
  for (const p of USAGE_PERIODS) {
    const rows = [
      ...intervals.filter((iv) => periodOf(iv.start) === p).map((iv) => ({ sortKey: iv.start, row: intervalCsvRow(iv), iv })),
      ...countables.filter((c) => periodOf(c.start) === p).map((c) => ({ sortKey: c.start, row: countableCsvRow(c) })),
      ...tasks.filter((t) => periodOf(t.startMs) === p).map((t) => ({ sortKey: t.startMs, row: taskCsvRow(t) })),
    ];
    rows.sort(
      (a, b) =>
        a.sortKey - b.sortKey ||
        a.row.item_type.localeCompare(b.row.item_type) ||
        a.row.item_id.localeCompare(b.row.item_id) ||
        (a.row.instance_id ?? '').localeCompare(b.row.instance_id ?? ''),
    );
    rows.forEach((r, i) => {
      if (r.iv) r.iv.sourceRow = `usage-${p}.csv row ${i + 2}`;
    });
    files[p] = rows.map((r) => r.row);
  }
  return { intervals, countables, tasks, files };
}

// ---------------------------------------------------------------------------------------------
// 3. Rating (rules: docs/rating.md), written here independently of the app
// ---------------------------------------------------------------------------------------------

/** The part of an interval inside a period, or null. */
function partIn(iv, period) {
  const { start, end } = periodBounds(period);
  const s = Math.max(iv.start, start);
  const e = Math.min(iv.end, end);
  return s < e ? { ...iv, start: s, end: e, endSub: e === iv.end ? (iv.endSub ?? '') : '', cut: s !== iv.start || e !== iv.end } : null;
}

function compareLines(a, b) {
  const cmp = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
  return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || cmp(a.itemName, b.itemName) || cmp(a.itemId, b.itemId) || cmp(a.priceItem, b.priceItem);
}

function rateTimeLines(intervals, period) {
  const groups = new Map();
  for (const iv of intervals) {
    const part = partIn(iv, period);
    if (!part) continue;
    const rt = runtimeBySlug.get(iv.slug);
    const kind = iv.itemType === 'build' ? 'build' : rt.source === 'apps' ? 'application' : 'addon';
    const key = `${kind}|${iv.itemId}|${iv.slug}`;
    if (!groups.has(key))
      groups.set(key, {
        kind,
        itemId: iv.itemId,
        itemName: iv.itemName,
        priceItem: iv.slug,
        runtimePolicyId: rt.runtime_policy_id,
        price: rt.price,
        parts: [],
      });
    const seconds = billableSeconds(part.start, part.end, part.endSub);
    groups.get(key).parts.push({ ...part, seconds, exact: new D(seconds).times(rt.price).div(3600) });
  }
  return [...groups.values()].map((g) => {
    const seconds = g.parts.reduce((a, p) => a + p.seconds, 0);
    const slices = g.parts.reduce((a, p) => a + legacySlices(p.seconds), 0);
    const exact = new D(seconds).times(g.price).div(3600);
    const exactLegacy = new D(slices).times(g.price).div(6);
    return {
      ...g,
      instances: new Set(g.parts.map((p) => p.instanceId)).size,
      billableSeconds: seconds,
      unitPrice: g.price,
      exact,
      amountPerSecond: money(exact),
      amountLegacy: money(exactLegacy),
    };
  });
}

/** Graduated tiers: the period's total quantity fills each plan up to its max_quantity. */
function tierSplit(service, total) {
  const cat = countableByService.get(service);
  const per = new D(cat.data_quantity_for_price.quantity);
  const out = [];
  let floor = new D(0);
  for (const plan of cat.price_plans) {
    if (total.lte(floor)) break;
    const ceiling = plan.max_quantity === null ? total : D.min(total, plan.max_quantity);
    const qty = ceiling.minus(floor);
    out.push({ plan, quantity: qty, exact: qty.div(per).times(plan.price) });
    floor = ceiling;
  }
  return out;
}

function rateCountableLines(countables, period) {
  const totals = new Map();
  for (const c of countables.filter((x) => periodOf(x.start) === period)) totals.set(c.service, (totals.get(c.service) ?? new D(0)).plus(c.quantity));
  return [...totals].flatMap(([service, total]) =>
    tierSplit(service, total).map((t) => ({
      kind: 'countable',
      itemId: service,
      itemName: service,
      usageItemId: CELLAR.id,
      priceItem: t.plan.plan_id,
      runtimePolicyId: null,
      policyId: countableByService.get(service).policy_id,
      instances: 0,
      billableSeconds: 0,
      unitPrice: new D(t.plan.price),
      quantity: t.quantity,
      totalQuantity: total,
      exact: t.exact,
      amountPerSecond: money(t.exact),
      amountLegacy: money(t.exact),
    })),
  );
}

function rateTaskLines(tasks, period) {
  return tasks
    .filter((t) => periodOf(t.startMs) === period)
    .map((t) => {
      // price_factor 1: no task of the sample has another; the discount only on the invoice-only May.
      const exact = new D(t.unitPrice)
        .times(t.quantity)
        .times(1)
        .minus(t.discount ?? 0);
      return {
        kind: 'task',
        itemId: t.id,
        itemName: t.description,
        priceItem: TASK_PRICE_ITEM,
        runtimePolicyId: null,
        instances: 0,
        billableSeconds: 0,
        unitPrice: new D(t.unitPrice),
        quantity: new D(t.quantity),
        task: t,
        exact,
        amountPerSecond: money(exact),
        amountLegacy: money(exact),
      };
    });
}

/**
 * What is rated for a period (docs/rating.md, "Which usage is rated"): the usage export's rows
 * when one of them starts in the period; otherwise the period's invoice's own rows: its details
 * (the parts of the intervals inside the month, with no application name: the invoice has
 * none), its countables (one quantity per plan, added up again per service) and classic items.
 */
function ratedRows(usage, period) {
  const exported = (ms) => USAGE_PERIODS.includes(periodOf(ms));
  if (USAGE_PERIODS.includes(period))
    return {
      intervals: usage.intervals.filter((iv) => exported(iv.start)),
      countables: usage.countables.filter((c) => exported(c.start)),
      tasks: usage.tasks.filter((t) => exported(t.startMs)),
    };
  const { start, end } = periodBounds(period);
  const totals = new Map();
  for (const c of usage.countables.filter((x) => periodOf(x.start) === period)) totals.set(c.service, (totals.get(c.service) ?? new D(0)).plus(c.quantity));
  return {
    intervals: usage.intervals
      .map((iv) => partIn(iv, period))
      .filter(Boolean)
      .map((p) => ({ ...p, itemName: '' })),
    countables: [...totals].flatMap(([service, total]) =>
      tierSplit(service, total).map((t) => ({ service, itemId: CELLAR.id, quantity: t.quantity, start, end })),
    ),
    tasks: usage.tasks.filter((t) => periodOf(t.startMs) === period),
  };
}

function ratePeriod(usage, period) {
  const rows = ratedRows(usage, period);
  const lines = [...rateTimeLines(rows.intervals, period), ...rateCountableLines(rows.countables, period), ...rateTaskLines(rows.tasks, period)].sort(
    compareLines,
  );
  lines.forEach((l, i) => (l.lineNo = i + 1));
  return lines;
}

// ---------------------------------------------------------------------------------------------
// 4. Credits (docs/rating.md, Credits): free before prepaid, soonest expiry, scope, carry-over
// ---------------------------------------------------------------------------------------------

const CREDITS = [
  {
    credit_id: 'cr-2021-0001-welcome',
    kind: 'free',
    amount: '50.00',
    granted_at: '2021-03-01T00:00',
    valid_from: '2021-03-01T00:00',
    expires_at: '2021-04-15T00:00',
    scope: 'all',
    description: 'Welcome offer for new organisations',
  },
  {
    credit_id: 'cr-2021-0002-prepaid',
    kind: 'prepaid',
    amount: '200.00',
    granted_at: '2021-03-01T10:00',
    valid_from: '2021-03-01T10:00',
    expires_at: null,
    scope: 'application|build',
    description: 'Prepaid credit, bank transfer of 2021-03-01',
  },
  {
    credit_id: 'cr-2021-0003-addons',
    kind: 'free',
    amount: '60.00',
    granted_at: '2021-03-01T00:00',
    valid_from: '2021-03-01T00:00',
    expires_at: '2021-03-31T23:59:59',
    scope: 'addon',
    description: 'Add-on discovery offer, March 2021',
  },
  {
    credit_id: 'cr-2021-0004-prepaid',
    kind: 'prepaid',
    amount: '400.00',
    granted_at: '2021-05-10T09:00',
    valid_from: '2021-05-10T09:00',
    expires_at: null,
    scope: 'all',
    description: 'Prepaid credit, bank transfer of 2021-05-10',
  },
].map((c) => ({ ...c, grantedAt: paris(c.granted_at), validFrom: paris(c.valid_from), expiresAt: c.expires_at ? paris(c.expires_at) : null }));

const CREDIT_HEADER = ['credit_id', 'owner_id', 'kind', 'amount', 'currency', 'granted_at', 'valid_from', 'expires_at', 'scope', 'description'];

function creditCsvRows() {
  return CREDITS.map((c) => ({
    credit_id: c.credit_id,
    owner_id: OWNER,
    kind: c.kind,
    amount: c.amount,
    currency: CURRENCY,
    granted_at: iso(c.grantedAt),
    valid_from: iso(c.validFrom),
    expires_at: c.expiresAt === null ? '' : iso(c.expiresAt),
    scope: c.scope,
    description: c.description,
  }));
}

function creditOrder(a, b) {
  const rank = (c) => (c.kind === 'free' ? 0 : 1);
  const exp = (c) => (c.expiresAt === null ? Infinity : c.expiresAt);
  return rank(a) - rank(b) || exp(a) - exp(b) || a.grantedAt - b.grantedAt || (a.credit_id < b.credit_id ? -1 : 1);
}

const inScope = (credit, kind) => credit.scope === 'all' || credit.scope.split('|').includes(kind);

/** Applies the grants to one period's lines; `state` carries closing balances to the next. */
function applyCredits(lines, period, state) {
  const { start, end } = periodBounds(period);
  for (const l of lines) {
    l.credit = new D(0);
    l.remaining = l.amountPerSecond;
  }
  const balances = [];
  const allocations = [];
  for (const c of [...CREDITS].sort(creditOrder)) {
    const opening = state.get(c.credit_id) ?? new D(0);
    const isNew = !state.has(c.credit_id) && c.validFrom < end;
    const granted = isNew ? new D(c.amount) : new D(0);
    let available = opening.plus(granted);
    let used = new D(0);
    const usable = c.validFrom < end && (c.expiresAt === null || c.expiresAt > start);
    if (usable) {
      for (const l of lines) {
        if (available.isZero()) break;
        if (!inScope(c, l.kind) || l.remaining.isZero()) continue;
        const take = D.min(available, l.remaining);
        l.credit = l.credit.plus(take);
        l.remaining = l.remaining.minus(take);
        available = available.minus(take);
        used = used.plus(take);
        allocations.push({ creditId: c.credit_id, lineNo: l.lineNo, kind: l.kind, itemId: l.itemId, priceItem: l.priceItem, amount: fmt(take) });
      }
    }
    const expired = c.expiresAt !== null && c.expiresAt < end ? available : new D(0);
    const closing = available.minus(expired);
    if (isNew || state.has(c.credit_id)) state.set(c.credit_id, closing);
    if (!opening.plus(granted).minus(used).minus(expired).eq(closing)) throw new Error('credit balance does not add up');
    // A period lists the grants usable in it, and those still holding a balance.
    if (!usable && opening.isZero()) continue;
    balances.push({
      creditId: c.credit_id,
      kind: c.kind,
      scope: c.scope,
      expiresAt: c.expiresAt === null ? null : iso(c.expiresAt),
      opening: fmt(opening),
      granted: fmt(granted),
      used: fmt(used),
      expired: fmt(expired),
      closing: fmt(closing),
    });
  }
  for (const l of lines) l.net = l.amountPerSecond.minus(l.credit);
  return { balances, allocations };
}

// ---------------------------------------------------------------------------------------------
// 5. The provider's invoices (docs/importers.md, Clever Cloud v4 invoice), in Clever Cloud's own
//    layout, honest except for the deliberate discrepancies
// ---------------------------------------------------------------------------------------------

const INVOICES = {
  '2021-03': {
    number: 'FR-2021-03-0004812',
    emission: '2021-04-02T06:00',
    status: 'PAID',
    pay: '2021-04-06T10:14:32',
    transaction: 'pi_1IcB7d2eZvKYlo2C5f0a9d71',
  },
  '2021-04': {
    number: 'FR-2021-04-0005339',
    emission: '2021-05-02T06:00',
    status: 'PAID',
    pay: '2021-05-05T09:02:11',
    transaction: 'pi_1ImQ4e2eZvKYlo2C8b61e0c4',
  },
  // Emitted, not yet paid: no payment date nor transaction.
  '2021-05': { number: 'FR-2021-05-0005871', emission: '2021-06-02T06:00', status: 'PENDING', pay: null, transaction: null },
};

/** The organisation's billing address, as the invoice's `address` carries it. */
const ADDRESS = {
  address_id: 'addr_3b8e1f40-9c2d-4a7e-b615-0d4c9e8f7a23',
  name: 'Service comptabilité fournisseurs',
  company: 'Atelier Lumen SAS',
  address: '12 rue de la Charité',
  city: 'Lyon',
  zipcode: '69002',
  country_alpha2: 'FR',
  vat_number: 'FR52823456789',
  vat_percent: num(VAT_PERCENT),
  customer_cost_center: 'IT-OPS',
  customer_purchase_order: 'PO-2021-0117',
};

/** One instance that the provider could not start in April: listed as unusable, never billed. */
const UNUSABLE = {
  '2021-04': [{ flavor_name: 'S', host: 'hv-par-2c-117', image_type: 'docker', start: '2021-04-14T16:02:51', end: '2021-04-14T16:09:03' }],
};

const DISCREPANCIES = {
  // March: billing-api's S line, 3.00 € too much on its last detail.
  overBilled: { period: '2021-03', kind: 'application', itemId: APPS[1].id, priceItem: 'apps.S', extra: new D('3.00') },
  // March: a Redis add-on the organisation never had is billed for the rest of the month.
  unexplained: { period: '2021-03', ...PHANTOM_ADDON },
  // April: worker-queue's dedicated builds are not billed at all.
  missing: { period: '2021-04', kind: 'build', itemId: APPS[2].id, priceItem: 'apps.XL' },
  // May (invoice only): worker-queue's autoscaled instance of 2021-05-11, an apps.S detail,
  // priced at the apps.XS hourly price.
  underBilled: { period: '2021-05', kind: 'application', itemId: APPS[2].id, priceItem: 'apps.S', pricedAs: 'apps.XS' },
};

/**
 * Detail prices of one line: each detail's exact amount rounded down to the cent, and the cents
 * the line still needs (line amount = round_half_up(Σ exact)) go to the details with the largest
 * remainders (ties: earlier detail first). Σ details = the correctly rounded line amount.
 */
function distributeCents(line) {
  const floors = line.parts.map((p) => p.exact.times(100).floor());
  const target = line.amountPerSecond.times(100);
  let missing = target.minus(sum(floors)).toNumber();
  const order = line.parts.map((p, i) => ({ i, rest: p.exact.times(100).minus(floors[i]) })).sort((a, b) => b.rest.cmp(a.rest) || a.i - b.i);
  const cents = [...floors];
  for (const { i } of order) {
    if (missing <= 0) break;
    cents[i] = cents[i].plus(1);
    missing--;
  }
  if (missing !== 0) throw new Error('cent distribution failed');
  return cents.map((c) => c.div(100));
}

const isLine = (l, d) => l.kind === d.kind && l.itemId === d.itemId && l.priceItem === d.priceItem;

/** The detail of the under-billed line that carries the wrong price: its autoscaled instance. */
const underBilledPart = (line) => line.parts.find((p) => p.scaled);

function uptimeItems(lines, period) {
  const items = new Map();
  for (const line of lines.filter((l) => l.kind === 'application' || l.kind === 'build' || l.kind === 'addon')) {
    if (period === DISCREPANCIES.missing.period && isLine(line, DISCREPANCIES.missing)) continue;
    const prices = distributeCents(line);
    if (period === DISCREPANCIES.overBilled.period && isLine(line, DISCREPANCIES.overBilled))
      prices[prices.length - 1] = prices[prices.length - 1].plus(DISCREPANCIES.overBilled.extra);
    if (period === DISCREPANCIES.underBilled.period && isLine(line, DISCREPANCIES.underBilled)) {
      const i = line.parts.indexOf(underBilledPart(line));
      prices[i] = money(new D(line.parts[i].seconds).times(runtimeBySlug.get(DISCREPANCIES.underBilled.pricedAs).price).div(3600));
    }
    const category = line.kind === 'application' ? 'app' : line.kind;
    const key = `${category}|${line.itemId}`;
    if (!items.has(key)) items.set(key, { line, category, subCategory: subCategoryOf(line), details: [] });
    line.parts.forEach((p, i) => items.get(key).details.push({ part: p, line, price: prices[i] }));
  }
  return [...items.values()];
}

/** An uptime item: its own id (`item_id`), the application or add-on it bills (`app_id`). */
function uptimeJson(item, useMoneyObjects) {
  const details = [...item.details].sort((a, b) => a.part.start - b.part.start || (a.part.instanceId < b.part.instanceId ? -1 : 1));
  const total = sum(details.map((d) => d.price));
  return {
    item_id: itemIds.uuid(),
    price: useMoneyObjects ? moneyObject(total) : numMoney(total),
    app_id: item.line.itemId,
    owner_id: OWNER,
    category: item.category,
    sub_category: item.subCategory,
    details: details.map((d) => {
      const rt = runtimeBySlug.get(d.line.priceItem);
      return {
        instance_id: d.part.instanceId,
        flavor_name: rt.flavor,
        zone_id: ZONE,
        runtime_policy_id: rt.runtime_policy_id,
        price: useMoneyObjects ? moneyObject(d.price) : numMoney(d.price),
        consumption_start: iso(d.part.start),
        consumption_end: iso(d.part.end, d.part.endSub),
      };
    }),
  };
}

function phantomItem(period) {
  const p = DISCREPANCIES.unexplained;
  const rt = runtimeBySlug.get(p.slug);
  const { end } = periodBounds(period);
  const start = paris(p.start);
  const seconds = billableSeconds(start, end);
  const price = money(new D(seconds).times(rt.price).div(3600));
  return {
    item_id: itemIds.uuid(),
    price: numMoney(price),
    app_id: p.id,
    owner_id: OWNER,
    category: 'addon',
    sub_category: p.provider,
    details: [
      {
        instance_id: p.instanceId,
        flavor_name: rt.flavor,
        zone_id: ZONE,
        runtime_policy_id: rt.runtime_policy_id,
        price: moneyObject(price),
        consumption_start: iso(start),
        consumption_end: iso(end),
      },
    ],
  };
}

function subCategoryOf(line) {
  if (line.kind === 'addon') return ADDONS.find((a) => a.id === line.itemId).provider;
  return APPS.find((a) => a.id === line.itemId).runtime;
}

function countableJson(l, period) {
  const { start, end } = periodBounds(period);
  const cat = countableByService.get(l.itemId);
  return {
    item_id: itemIds.uuid(),
    price: moneyObject(l.amountPerSecond),
    app_id: CELLAR.id,
    owner_id: OWNER,
    service: l.itemId,
    unit_name: cat.data_unit,
    zone_id: ZONE,
    policy_id: cat.policy_id,
    quantity: num(l.quantity),
    plan_id: l.priceItem,
    duration: cat.time_interval_for_price ? cat.time_interval_for_price.interval : null,
    details_price: moneyObject(l.amountPerSecond),
    details: [
      { consumption_start: iso(start), consumption_end: iso(end), plan_id: l.priceItem, quantity: num(l.quantity), price: numMoney(l.amountPerSecond) },
    ],
    category: 'addon',
    sub_category: 'cellar-addon',
  };
}

function classicJson(l) {
  return {
    item_id: itemIds.uuid(),
    unit_price: moneyObject(l.unitPrice),
    quantity: num(l.quantity),
    price_factor: num('1'),
    discount: numMoney(l.task.discount ?? 0),
    description: l.task.description,
    sub_description: l.task.subDescription,
    classic_billing_item_id: l.itemId,
    owner_id: OWNER,
    category: 'support',
    sub_category: 'consulting',
  };
}

/** The lines a reconciler reads back from the invoice: uptimes by (app_id, price item of the detail's policy). */
function billedLines(json) {
  const billed = [];
  const add = (key, line, amount) => {
    const b = billed.find((x) => x.key === key);
    if (b) b.amount = b.amount.plus(amount);
    else billed.push({ key, ...line, amount });
  };
  const amountOf = (m) => new D(m instanceof Num ? m.text : m.amount.text);
  for (const it of json.uptimes) {
    for (const d of it.details) {
      const rt = runtimeById.get(d.runtime_policy_id);
      const kind = it.category === 'build' ? 'build' : rt.source === 'apps' ? 'application' : 'addon';
      add(
        `${kind}|${it.app_id}|${rt.slug_id}`,
        { kind, itemId: it.app_id, itemRef: it.item_id, priceItem: rt.slug_id, runtimePolicyId: rt.runtime_policy_id },
        amountOf(d.price),
      );
    }
  }
  for (const k of json.countables)
    add(`countable|${k.service}|${k.plan_id}`, { kind: 'countable', itemId: k.service, itemRef: k.item_id, priceItem: k.plan_id }, amountOf(k.details_price));
  for (const c of json.classic) {
    const amount = amountOf(c.unit_price).times(c.quantity.text).times(c.price_factor.text).minus(c.discount.text);
    add(
      `task|${c.classic_billing_item_id}|${TASK_PRICE_ITEM}`,
      { kind: 'task', itemId: c.classic_billing_item_id, itemRef: c.item_id, priceItem: TASK_PRICE_ITEM },
      amount,
    );
  }
  return billed;
}

/** The provider's own credit figures: from the grants' balances at the end of the period. */
function providerCredits(period, credits) {
  const next = PERIODS[PERIODS.indexOf(period) + 1] ?? DateTime.fromISO(`${period}-01`).plus({ months: 1 }).toFormat('yyyy-MM');
  const { start: nStart, end: nEnd } = periodBounds(next);
  const grant = (id) => CREDITS.find((c) => c.credit_id === id);
  const prepaid = credits.balances.filter((b) => b.kind === 'prepaid');
  const free = credits.balances.filter((b) => b.kind === 'free');
  const usableNext = (c) => c.validFrom < nEnd && (c.expiresAt === null || c.expiresAt > nStart);
  return {
    credit_balance_at_emission: moneyObject(sum(prepaid.map((b) => b.closing))),
    free_credits_available_this_period: free.map((b) => ({ name: grant(b.creditId).description, remaining: moneyObject(b.closing) })),
    free_credits_available_next_period: free
      .filter((b) => usableNext(grant(b.creditId)))
      .map((b) => ({ name: grant(b.creditId).description, remaining: numMoney(b.closing) })),
    total_pending_upfront_before_emission: moneyObject(0),
    upfront_credit_amount: moneyObject(sum(prepaid.map((b) => b.used))),
  };
}

function buildInvoice(period, lines, credits) {
  const { start, end } = periodBounds(period);
  const inv = INVOICES[period];
  const uptimes = uptimeItems(lines, period).map((it) => uptimeJson(it, it.category === 'addon'));
  if (period === DISCREPANCIES.unexplained.period) uptimes.push(phantomItem(period));
  const countables = lines.filter((l) => l.kind === 'countable').map((l) => countableJson(l, period));
  const classic = lines.filter((l) => l.kind === 'task').map(classicJson);
  const unusable = (UNUSABLE[period] ?? []).map((u) => ({
    item_id: itemIds.uuid(),
    zone_id: ZONE,
    flavor_name: u.flavor_name,
    host: u.host,
    image_type: u.image_type,
    start_date: iso(paris(u.start)),
    end_date: iso(paris(u.end)),
  }));
  const billed = billedLines({ uptimes, countables, classic });
  const totalExcl = sum(billed.map((b) => b.amount));
  const tax = money(totalExcl.times(VAT_PERCENT).div(100));
  const json = {
    invoice_number: inv.number,
    kind: 'INVOICE',
    origin: 'automatic',
    address: ADDRESS,
    emission_date: iso(paris(inv.emission)),
    pay_date: inv.pay ? iso(paris(inv.pay)) : undefined,
    status: inv.status,
    consumption_begin_date: iso(start),
    consumption_end_date: iso(end),
    currency: CURRENCY,
    kpi_compute_months: 1,
    price_factor: num('1'),
    discount: num('0'),
    vat_percent: num(VAT_PERCENT),
    uptimes,
    countables,
    vendor_consumption: [],
    classic,
    unusable,
    ...providerCredits(period, credits),
    customer_order_id: ADDRESS.customer_purchase_order,
    payment_provider: 'STRIPE',
    payment_method_id: 'pm_1IbWq52eZvKYlo2CkT3m9QxA',
    provider_transaction_id: inv.transaction ?? undefined,
    provider_last_response: inv.transaction ? 'succeeded' : undefined,
    vat_declaration_id: null,
    wannabe_invoice_id: null,
    total_tax_excluded: moneyObject(totalExcl),
    total_tax: period === INVOICE_ONLY ? moneyObject(tax) : numMoney(tax),
  };
  return { json, billed, totalExcl, tax };
}

// ---------------------------------------------------------------------------------------------
// 6. Reconciliation (docs/decisions.md, Reconciliation) and expected figures
// ---------------------------------------------------------------------------------------------

function statusOf(recomputed, billed) {
  if (billed === null) return recomputed.isZero() ? 'match' : 'missing_from_invoice';
  const variance = billed.minus(recomputed);
  if (variance.abs().lte(TOLERANCE)) return 'match';
  return variance.gt(0) ? 'over_billed' : 'under_billed';
}

function reconcile(lines, billed) {
  const byKey = new Map(billed.map((b) => [b.key, b]));
  const rows = lines.map((l) => {
    const b = byKey.get(`${l.kind}|${l.itemId}|${l.priceItem}`) ?? null;
    const billedAmount = b ? new D(b.amount) : null;
    return {
      line: l,
      billedRef: b?.itemRef ?? null,
      billed: billedAmount,
      variance: (billedAmount ?? new D(0)).minus(l.amountPerSecond),
      status: statusOf(l.amountPerSecond, billedAmount),
    };
  });
  const keys = new Set(lines.map((l) => `${l.kind}|${l.itemId}|${l.priceItem}`));
  const unexplained = billed
    .filter((b) => !keys.has(b.key))
    .map((b) => ({
      billedOnly: b,
      billedRef: b.itemRef,
      billed: new D(b.amount),
      variance: new D(b.amount),
      status: new D(b.amount).abs().lte(TOLERANCE) ? 'match' : 'unexplained_charge',
    }));
  return [...rows, ...unexplained];
}

function lineJson(r, lineNo) {
  if (r.billedOnly) {
    const b = r.billedOnly;
    return {
      lineNo,
      kind: b.kind,
      itemId: b.itemId,
      itemName: b.itemName ?? b.itemId,
      priceItem: b.priceItem,
      runtimePolicyId: b.runtimePolicyId ?? null,
      instances: 0,
      billableSeconds: 0,
      unitPrice: null,
      amountPerSecond: '0.00',
      amountLegacy: '0.00',
      difference: '0.00',
      credit: '0.00',
      net: '0.00',
      billedRef: r.billedRef,
      billed: exactFmt(r.billed),
      variance: exactFmt(r.variance),
      status: r.status,
    };
  }
  const l = r.line;
  return {
    lineNo,
    kind: l.kind,
    itemId: l.itemId,
    itemName: l.itemName,
    priceItem: l.priceItem,
    runtimePolicyId: l.runtimePolicyId ?? null,
    ...(l.kind === 'countable' ? { usageItemId: l.bucket, quantity: l.quantity.toFixed() } : {}),
    ...(l.kind === 'task' ? { quantity: l.quantity.toFixed() } : {}),
    instances: l.instances,
    billableSeconds: l.billableSeconds,
    unitPrice: l.unitPrice.toFixed(),
    amountPerSecond: fmt(l.amountPerSecond),
    amountLegacy: fmt(l.amountLegacy),
    difference: fmt(l.amountLegacy.minus(l.amountPerSecond)),
    credit: fmt(l.credit),
    net: fmt(l.net),
    billedRef: r.billedRef,
    billed: r.billed === null ? null : exactFmt(r.billed),
    variance: exactFmt(r.variance),
    status: r.status,
  };
}

function periodResult(usage, period, creditState) {
  const lines = ratePeriod(usage, period);
  const credits = applyCredits(lines, period, creditState);
  const invoice = buildInvoice(period, lines, credits);
  const rows = reconcile(lines, invoice.billed);
  const jsonLines = rows.map((r, i) => lineJson(r, i + 1));
  const subtotal = sum(lines.map((l) => l.amountPerSecond));
  const legacy = sum(lines.map((l) => l.amountLegacy));
  const creditsApplied = sum(lines.map((l) => l.credit));
  const net = subtotal.minus(creditsApplied);
  const vat = money(net.times(VAT_PERCENT).div(100));
  const billedTotal = sum(rows.filter((r) => r.billed !== null).map((r) => r.billed));
  if (!billedTotal.eq(money(invoice.totalExcl))) throw new Error('billed lines do not add up to the invoice total');
  const counts = Object.fromEntries(
    ['match', 'over_billed', 'under_billed', 'missing_from_invoice', 'unexplained_charge'].map((s) => [s, rows.filter((r) => r.status === s).length]),
  );
  const { start, end } = periodBounds(period);
  return {
    invoice,
    expected: {
      periodStart: iso(start),
      periodEnd: iso(end),
      invoiceNumber: invoice.json.invoice_number,
      ratedFrom: USAGE_PERIODS.includes(period) ? 'usage' : 'invoice',
      lines: jsonLines,
      totals: {
        subtotalPerSecond: fmt(subtotal),
        subtotalLegacy: fmt(legacy),
        difference: fmt(legacy.minus(subtotal)),
        creditsApplied: fmt(creditsApplied),
        netBeforeTax: fmt(net),
        vatPercent: VAT_PERCENT.toFixed(),
        vat: fmt(vat),
        total: fmt(net.plus(vat)),
        billedTotal: exactFmt(billedTotal),
        billedTax: fmt(invoice.tax),
        billedTotalWithTax: fmt(billedTotal.plus(invoice.tax)),
        variance: exactFmt(billedTotal.minus(subtotal)),
        counts,
      },
      credits: credits,
      discrepancies: jsonLines
        .filter((l) => l.status !== 'match')
        .map((l) => ({
          period,
          kind: l.kind,
          itemId: l.itemId,
          itemName: l.itemName,
          priceItem: l.priceItem,
          status: l.status,
          billed: l.billed,
          recomputed: l.amountPerSecond,
          variance: l.variance,
        })),
    },
    lines,
  };
}

// ---------------------------------------------------------------------------------------------
// 6b. A second cloud account: an AWS billing account's FOCUS 1.2 export (docs/focus.md) and the
//     totals of its invoices. FOCUS rows are already rated: the checks are each row's own unit
//     prices and each invoice's total against the sum of its rows.
// ---------------------------------------------------------------------------------------------

const FOCUS_TOLERANCE = TOLERANCE;
const FOCUS_ACCOUNT = {
  id: '381492750163',
  name: 'Atelier Lumen data platform',
  type: 'Billing Account',
  currency: 'USD',
  provider: 'AWS',
  issuer: 'Amazon Web Services EMEA SARL',
  subAccount: { id: '704913268551', name: 'lumen-analytics', type: 'Linked Account' },
  region: { id: 'eu-west-3', name: 'Europe (Paris)' },
};
const FOCUS_OWNER = `${FOCUS_ACCOUNT.id}:${FOCUS_ACCOUNT.currency}`;
const FOCUS_PERIODS = ['2021-04', '2021-05'];
const FOCUS_FILE = 'focus-aws-2021-04-05.csv';
const TOTALS_FILE = 'aws-invoice-totals-2021.csv';
/** The AWS invoices of each month; May also has a Marketplace invoice of its own. */
const FOCUS_INVOICES = {
  '2021-04': { aws: 'EUINFR21-1187342' },
  '2021-05': { aws: 'EUINFR21-1320457', marketplace: 'EUINFR21-1320458' },
};
/** Enterprise discount: contracted unit prices are list − 5 %. */
const EDP = new D('0.95');
const FOCUS_VAT = new D('0.20');

/** Resources billed per day (ChargePeriod = one UTC day), each with its hourly list price. */
const FOCUS_DAILY = [
  {
    service: 'Amazon Elastic Compute Cloud',
    category: 'Compute',
    subcategory: 'Virtual Machines',
    resourceId: 'arn:aws:ec2:eu-west-3:704913268551:instance/i-0a1b2c3d4e5f60718',
    resourceName: 'lumen-etl-1',
    resourceType: 'Instance',
    sku: 'JRTCKXETXF',
    skuPrice: 'JRTCKXETXF.6YS6EN2CT7.6YS6EN2CT7',
    meter: 'BoxUsage:t3.medium',
    description: '$0.0456 per On Demand Linux t3.medium Instance Hour',
    listPerHour: '0.0456',
    from: '2021-04-01T00:00:00Z',
  },
  {
    service: 'Amazon Elastic Compute Cloud',
    category: 'Compute',
    subcategory: 'Virtual Machines',
    resourceId: 'arn:aws:ec2:eu-west-3:704913268551:instance/i-0f9e8d7c6b5a40312',
    resourceName: 'lumen-etl-2',
    resourceType: 'Instance',
    sku: 'K9ZMZD5GP6',
    skuPrice: 'K9ZMZD5GP6.6YS6EN2CT7.6YS6EN2CT7',
    meter: 'BoxUsage:t3.large',
    description: '$0.0912 per On Demand Linux t3.large Instance Hour',
    listPerHour: '0.0912',
    // Launched mid-April: its first day is 10.5 hours.
    from: '2021-04-12T13:30:00Z',
  },
  {
    service: 'Amazon Relational Database Service',
    category: 'Databases',
    subcategory: 'Relational Databases',
    resourceId: 'arn:aws:rds:eu-west-3:704913268551:db:lumen-warehouse',
    resourceName: 'lumen-warehouse',
    resourceType: 'DBInstance',
    sku: 'VV4CB6DQ8G',
    skuPrice: 'VV4CB6DQ8G.JRTCKXETXF.6YS6EN2CT7',
    meter: 'InstanceUsage:db.m5.large',
    description: '$0.197 per RDS db.m5.large instance hour (or partial hour) running PostgreSQL',
    listPerHour: '0.197',
    from: '2021-04-01T00:00:00Z',
  },
];

/** Monthly rows: storage and traffic (quantity per month), the credit, the Marketplace subscription. */
const FOCUS_MONTHLY = {
  storage: {
    service: 'Amazon Simple Storage Service',
    category: 'Storage',
    subcategory: 'Object Storage',
    resourceId: 'arn:aws:s3:::lumen-exports',
    resourceName: 'lumen-exports',
    resourceType: 'Bucket',
    sku: 'D7M8Y9QQFE',
    skuPrice: 'D7M8Y9QQFE.JRTCKXETXF.PGHJ3S3EYE',
    meter: 'TimedStorage-ByteHrs',
    unit: 'GB-Mo',
    description: '$0.024 per GB - first 50 TB / month of storage used',
    listUnitPrice: '0.024',
    quantity: { '2021-04': '812.4', '2021-05': '905.75' },
  },
  transfer: {
    service: 'AWS Data Transfer',
    category: 'Networking',
    subcategory: 'Network Traffic',
    resourceId: 'arn:aws:ec2:eu-west-3:704913268551:instance/i-0a1b2c3d4e5f60718',
    resourceName: 'lumen-etl-1',
    resourceType: 'Instance',
    sku: 'N8ZQ3TJZ4Q',
    skuPrice: 'N8ZQ3TJZ4Q.JRTCKXETXF.VXGXPS6MN6',
    meter: 'EU-DataTransfer-Out-Bytes',
    unit: 'GB',
    description: '$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier',
    listUnitPrice: '0.09',
    // The enterprise discount does not apply to data transfer.
    noDiscount: true,
    quantity: { '2021-04': '143.2', '2021-05': '171.05' },
  },
};
const FOCUS_CREDIT = { '2021-04': '-25.00', '2021-05': '-25.00' };
const MARKETPLACE = {
  period: '2021-05',
  service: 'Metabase Cloud',
  publisher: 'Metabase, Inc.',
  issuer: 'Metabase, Inc.',
  sku: 'prod-6zq3metabase',
  skuPrice: 'prod-6zq3metabase.starter-monthly',
  description: 'Metabase Cloud Starter, monthly subscription',
  price: '85.00',
};

const FOCUS_DISCREPANCIES = {
  // A row whose ListCost is not ListUnitPrice × PricingQuantity: two digits swapped.
  brokenListCost: { period: '2021-05', resource: 0, day: '2021-05-14', listCost: '1.9944' },
  // The May AWS invoice says 3.20 more than its FOCUS rows sum to.
  invoiceTotal: { period: '2021-05', invoice: 'aws', extra: new D('3.20') },
};

const FOCUS_HEADER = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingAccountType',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'CapacityReservationId',
  'CapacityReservationStatus',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountQuantity',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'CommitmentDiscountUnit',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceId',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingCurrency',
  'PricingCurrencyContractedUnitPrice',
  'PricingCurrencyEffectiveCost',
  'PricingCurrencyListUnitPrice',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'ServiceSubcategory',
  'SkuId',
  'SkuMeter',
  'SkuPriceDetails',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'SubAccountType',
  'Tags',
];

const utc = (t) => DateTime.fromISO(t, { zone: 'UTC' });
const utcIso = (dt) => dt.toUTC().toISO({ suppressMilliseconds: true }).replace('.000', '');
const dec = (d) => new D(d).toFixed();

/** One FOCUS row with its figures kept as decimals for the expected results. */
function focusRow(period, invoiceId, issuer, f) {
  const start = utc(`${period}-01T00:00:00`);
  const listCost = f.listUnitPrice && f.quantity ? new D(f.listUnitPrice).times(f.quantity) : null;
  const contractedUnit = f.listUnitPrice ? (f.noDiscount ? new D(f.listUnitPrice) : new D(f.listUnitPrice).times(EDP)) : null;
  const contractedCost = contractedUnit && f.quantity ? contractedUnit.times(f.quantity) : null;
  const billed = f.billed ?? contractedCost;
  return {
    period,
    invoiceId,
    category: f.chargeCategory ?? 'Usage',
    service: f.service ?? null,
    resourceId: f.resourceId ?? null,
    skuPriceId: f.skuPrice ?? null,
    skuId: f.sku ?? null,
    billed,
    listCost: f.listCostWritten ? new D(f.listCostWritten) : listCost,
    listUnitPrice: f.listUnitPrice ? new D(f.listUnitPrice) : null,
    quantity: f.quantity ? new D(f.quantity) : null,
    csv: {
      AvailabilityZone: f.resourceType === 'Instance' || f.resourceType === 'DBInstance' ? 'eu-west-3a' : null,
      BilledCost: dec(billed),
      BillingAccountId: FOCUS_ACCOUNT.id,
      BillingAccountName: FOCUS_ACCOUNT.name,
      BillingAccountType: FOCUS_ACCOUNT.type,
      BillingCurrency: FOCUS_ACCOUNT.currency,
      BillingPeriodEnd: utcIso(start.plus({ months: 1 })),
      BillingPeriodStart: utcIso(start),
      CapacityReservationId: null,
      CapacityReservationStatus: null,
      ChargeCategory: f.chargeCategory ?? 'Usage',
      ChargeClass: null,
      ChargeDescription: f.description,
      ChargeFrequency: f.frequency ?? 'Usage-Based',
      ChargePeriodEnd: utcIso(f.end ?? start.plus({ months: 1 })),
      ChargePeriodStart: utcIso(f.start ?? start),
      CommitmentDiscountCategory: null,
      CommitmentDiscountId: null,
      CommitmentDiscountName: null,
      CommitmentDiscountQuantity: null,
      CommitmentDiscountStatus: null,
      CommitmentDiscountType: null,
      CommitmentDiscountUnit: null,
      ConsumedQuantity: f.quantity ? dec(f.quantity) : null,
      ConsumedUnit: f.unit ?? null,
      ContractedCost: contractedCost ? dec(contractedCost) : f.billed ? dec(f.billed) : null,
      ContractedUnitPrice: contractedUnit ? dec(contractedUnit) : null,
      EffectiveCost: dec(billed),
      InvoiceId: invoiceId,
      InvoiceIssuerName: issuer,
      ListCost: f.listCostWritten ?? (listCost ? dec(listCost) : f.billed ? dec(f.billed) : null),
      ListUnitPrice: f.listUnitPrice ?? null,
      PricingCategory: f.listUnitPrice ? 'Standard' : null,
      PricingCurrency: f.listUnitPrice ? FOCUS_ACCOUNT.currency : null,
      PricingCurrencyContractedUnitPrice: contractedUnit ? dec(contractedUnit) : null,
      PricingCurrencyEffectiveCost: f.listUnitPrice ? dec(billed) : null,
      PricingCurrencyListUnitPrice: f.listUnitPrice ?? null,
      PricingQuantity: f.quantity ? dec(f.quantity) : null,
      PricingUnit: f.unit ?? null,
      ProviderName: FOCUS_ACCOUNT.provider,
      PublisherName: f.publisher ?? (f.service ? FOCUS_ACCOUNT.provider : null),
      RegionId: f.service ? FOCUS_ACCOUNT.region.id : null,
      RegionName: f.service ? FOCUS_ACCOUNT.region.name : null,
      ResourceId: f.resourceId ?? null,
      ResourceName: f.resourceName ?? null,
      ResourceType: f.resourceType ?? null,
      ServiceCategory: f.category ?? null,
      ServiceName: f.service ?? null,
      ServiceSubcategory: f.subcategory ?? null,
      SkuId: f.sku ?? null,
      SkuMeter: f.meter ?? null,
      SkuPriceDetails: null,
      SkuPriceId: f.skuPrice ?? null,
      SubAccountId: FOCUS_ACCOUNT.subAccount.id,
      SubAccountName: FOCUS_ACCOUNT.subAccount.name,
      SubAccountType: FOCUS_ACCOUNT.subAccount.type,
      Tags: f.resourceId ? JSON.stringify({ project: 'data-platform', env: 'prod' }) : null,
    },
  };
}

function buildFocus() {
  const rows = [];
  for (const period of FOCUS_PERIODS) {
    const inv = FOCUS_INVOICES[period];
    const awsRows = [];
    const start = utc(`${period}-01T00:00:00`);
    const end = start.plus({ months: 1 });
    for (let day = start; day < end; day = day.plus({ days: 1 })) {
      FOCUS_DAILY.forEach((r, i) => {
        const from = DateTime.max(day, utc(r.from));
        const to = day.plus({ days: 1 });
        if (from >= to) return;
        const hours = new D(to.diff(from, 'minutes').minutes).div(60);
        const b = FOCUS_DISCREPANCIES.brokenListCost;
        const broken = period === b.period && i === b.resource && day.toISODate() === b.day;
        awsRows.push(
          focusRow(period, inv.aws, FOCUS_ACCOUNT.issuer, {
            ...r,
            unit: 'Hours',
            listUnitPrice: r.listPerHour,
            quantity: hours,
            start: from,
            end: to,
            listCostWritten: broken ? b.listCost : undefined,
          }),
        );
      });
    }
    for (const m of Object.values(FOCUS_MONTHLY)) awsRows.push(focusRow(period, inv.aws, FOCUS_ACCOUNT.issuer, { ...m, quantity: m.quantity[period] }));
    awsRows.push(
      focusRow(period, inv.aws, FOCUS_ACCOUNT.issuer, {
        chargeCategory: 'Credit',
        service: 'Amazon Elastic Compute Cloud',
        category: 'Compute',
        description: 'AWS Activate credit',
        frequency: 'One-Time',
        billed: new D(FOCUS_CREDIT[period]),
      }),
    );
    // VAT on the invoice's other rows, to the cent.
    const vat = money(sum(awsRows.map((r) => r.billed)).times(FOCUS_VAT));
    awsRows.push(focusRow(period, inv.aws, FOCUS_ACCOUNT.issuer, { chargeCategory: 'Tax', description: 'VAT 20 % (FR)', frequency: 'One-Time', billed: vat }));
    rows.push(...awsRows);
    if (period === MARKETPLACE.period) {
      rows.push(
        focusRow(period, inv.marketplace, MARKETPLACE.issuer, {
          chargeCategory: 'Purchase',
          service: MARKETPLACE.service,
          category: 'Analytics',
          subcategory: 'Business Intelligence',
          publisher: MARKETPLACE.publisher,
          sku: MARKETPLACE.sku,
          skuPrice: MARKETPLACE.skuPrice,
          description: MARKETPLACE.description,
          frequency: 'Recurring',
          unit: 'Subscription',
          listUnitPrice: MARKETPLACE.price,
          noDiscount: true,
          quantity: '1',
        }),
      );
    }
  }
  rows.forEach((r, i) => (r.sourceRow = String(i + 2)));
  return rows;
}

/** Line order of a FOCUS period: kind, then service, then resource (case-insensitive first). */
const FOCUS_KINDS = ['usage', 'purchase', 'credit', 'adjustment', 'tax'];
function compareText(a, b) {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The row's failed checks: ListCost against ListUnitPrice × PricingQuantity, to the cent. */
function focusFlags(r) {
  if (r.listUnitPrice === null || r.quantity === null || r.listCost === null) return [];
  const expected = r.listUnitPrice.times(r.quantity);
  return money(expected).eq(money(r.listCost))
    ? []
    : [{ file: FOCUS_FILE, row: r.sourceRow, check: 'ListCost', cost: dec(r.listCost), expected: dec(expected) }];
}

function focusPeriodResult(rows, period, totals) {
  const mine = rows.filter((r) => r.period === period);
  const groups = new Map();
  for (const r of mine) {
    const kind = r.category.toLowerCase();
    const key = `${FOCUS_OWNER}|${kind}|${r.resourceId ?? ''}|${r.service ?? ''}`;
    if (!groups.has(key)) groups.set(key, { key, kind, itemId: r.resourceId ?? '', itemName: r.service ?? '', rows: [], skus: new Set() });
    const g = groups.get(key);
    g.rows.push(r);
    const sku = r.skuPriceId ?? r.skuId;
    if (sku !== null) g.skus.add(sku);
  }
  const lines = [...groups.values()]
    .sort((a, b) => FOCUS_KINDS.indexOf(a.kind) - FOCUS_KINDS.indexOf(b.kind) || compareText(a.itemName, b.itemName) || compareText(a.itemId, b.itemId))
    .map((g, i) => {
      const billed = sum(g.rows.map((r) => r.billed));
      // Only a broken ContractedCost would change what the row should have cost: none here.
      const recomputed = billed;
      const flags = g.rows.flatMap(focusFlags);
      return {
        lineNo: i + 1,
        kind: g.kind,
        itemId: g.itemId,
        itemName: g.itemName,
        priceItem: g.skus.size === 1 ? [...g.skus][0] : g.skus.size > 1 ? 'several SKUs' : '',
        rows: g.rows.length,
        amountPerSecond: dec(recomputed),
        billed: dec(billed),
        variance: exactFmt(billed.minus(recomputed)),
        status: billed.minus(recomputed).abs().lte(FOCUS_TOLERANCE) ? 'match' : billed.gt(recomputed) ? 'over_billed' : 'under_billed',
        flaggedRows: flags,
      };
    });
  const byInvoice = new Map();
  for (const r of mine) byInvoice.set(r.invoiceId, (byInvoice.get(r.invoiceId) ?? []).concat(r));
  const invoiceChecks = totals
    .filter((t) => t.period === period)
    .map((t) => {
      const its = byInvoice.get(t.invoiceId) ?? [];
      const rowsTotal = money(sum(its.map((r) => r.billed)));
      const difference = t.amount.minus(rowsTotal);
      const status = difference.abs().lte(FOCUS_TOLERANCE) ? 'match' : difference.gt(0) ? 'over_billed' : 'under_billed';
      return {
        period,
        invoiceId: t.invoiceId,
        total: fmt(t.amount),
        source: `${TOTALS_FILE}, row ${t.sourceRow}`,
        rows: its.length,
        rowsTotal: fmt(rowsTotal),
        difference: fmt(difference),
        status,
      };
    })
    .sort((a, b) => compareText(a.invoiceId, b.invoiceId));
  const billedTotal = sum(lines.map((l) => new D(l.billed)));
  // The provider's costs are exact and so is their sum: no FOCUS figure is rounded (docs/focus.md).
  const subtotal = sum(lines.map((l) => new D(l.amountPerSecond)));
  const counts = Object.fromEntries(
    ['match', 'over_billed', 'under_billed', 'missing_from_invoice', 'unexplained_charge'].map((s) => [s, lines.filter((l) => l.status === s).length]),
  );
  return {
    rows: mine.length,
    lines,
    totals: { subtotalPerSecond: exactFmt(subtotal), billedTotal: exactFmt(billedTotal), variance: exactFmt(billedTotal.minus(subtotal)), counts },
    invoiceChecks,
    flaggedRows: lines.flatMap((l) => l.flaggedRows.map((f) => ({ period, lineNo: l.lineNo, itemId: l.itemId, ...f }))),
  };
}

/** The invoice totals CSV: one total per InvoiceId, as the invoices (PDF) state them. */
function focusTotals(rows) {
  const out = [];
  for (const period of FOCUS_PERIODS) {
    for (const [which, invoiceId] of Object.entries(FOCUS_INVOICES[period])) {
      const its = rows.filter((r) => r.invoiceId === invoiceId);
      const d = FOCUS_DISCREPANCIES.invoiceTotal;
      const extra = period === d.period && which === d.invoice ? d.extra : new D(0);
      out.push({ period, invoiceId, amount: money(sum(its.map((r) => r.billed))).plus(extra), sourceRow: String(out.length + 2) });
    }
  }
  return out;
}

const TOTALS_HEADER = ['invoice_id', 'billing_account_id', 'billing_period_start', 'currency', 'amount'];
const totalsCsvRows = (totals) =>
  totals.map((t) => ({
    invoice_id: t.invoiceId,
    billing_account_id: FOCUS_ACCOUNT.id,
    billing_period_start: utcIso(utc(`${t.period}-01T00:00:00`)),
    currency: FOCUS_ACCOUNT.currency,
    amount: fmt(t.amount),
  }));

function focusResults() {
  const rows = buildFocus();
  const totals = focusTotals(rows);
  const periods = Object.fromEntries(FOCUS_PERIODS.map((p) => [p, focusPeriodResult(rows, p, totals)]));
  return { rows, totals, periods };
}

// ---------------------------------------------------------------------------------------------
// 7. Sanity checks on the generated data (fail loudly rather than ship a wrong sample)
// ---------------------------------------------------------------------------------------------

function assert(cond, msg) {
  if (!cond) throw new Error(`sample check failed: ${msg}`);
}

function checkSample(usage, results, focus) {
  for (const p of USAGE_PERIODS) assert(usage.files[p].length >= 150 && usage.files[p].length <= 400, `${p}: ${usage.files[p].length} usage rows`);
  const [cross, spill] = usage.intervals.filter((iv) => iv.uncut);
  assert(cross && iso(cross.start) === '2021-03-27T22:00:00+01:00' && iso(cross.end) === '2021-04-02T10:00:00+02:00', 'the cross-boundary interval');
  assert(spill && periodOf(spill.start) === '2021-04' && periodOf(spill.end) === INVOICE_ONLY && spill.sourceRow, 'an April row spills into May');
  assert(!usage.intervals.some((iv) => iv.sourceRow && periodOf(iv.start) === INVOICE_ONLY), 'no usage row starts in May');
  const spec = usage.intervals.filter((iv) => iv.itemType === 'build' && billableSeconds(iv.start, iv.end) === 762 && iv.slug === 'apps.XL');
  assert(spec.length >= 1, 'a 762 s build on the 0.40 €/h flavor');
  const march = results['2021-03'].lines;
  const mBuild = march.find((l) => l.kind === 'build' && l.itemName === 'marketing-site');
  assert(mBuild && fmt(mBuild.amountPerSecond) === '0.08' && fmt(mBuild.amountLegacy) === '0.13', 'SPEC example: 762 s → 0.08 / 0.13');
  assert(march.filter((l) => l.kind === 'application' && l.itemName === 'billing-api').length === 2, 'billing-api has two flavor lines in March');
  const want = { '2021-03': ['over_billed', 'unexplained_charge'], '2021-04': ['missing_from_invoice'], '2021-05': ['under_billed'] };
  for (const p of PERIODS) {
    const d = results[p].expected.discrepancies;
    assert(JSON.stringify(d.map((x) => x.status).sort()) === JSON.stringify(want[p].sort()), `${p}: discrepancies ${d.map((x) => x.status)}`);
    for (const u of [...results[p].invoice.json.uptimes, ...results[p].invoice.json.countables]) assert(u.item_id !== u.app_id, `${p}: item_id = app_id`);
  }
  const under = results[INVOICE_ONLY].lines.find((l) => isLine(l, DISCREPANCIES.underBilled));
  assert(under && underBilledPart(under), 'the under-billed line has its autoscaled detail');
  const traffic = (p) => sum(usage.countables.filter((c) => c.service === 'cellar.traffic' && periodOf(c.start) === p).map((c) => c.quantity));
  assert(traffic('2021-03').gt(100) && traffic('2021-04').lt(100) && traffic('2021-05').gt(100), 'traffic: March and May past the free tier, April inside it');
  const prepaid = results['2021-03'].expected.credits.balances.find((b) => b.creditId === 'cr-2021-0002-prepaid');
  assert(new D(prepaid.closing).gt(0) && new D(prepaid.closing).lt(200), 'prepaid balance carries over to April');
  const may = results[INVOICE_ONLY].expected.credits.balances.find((b) => b.creditId === 'cr-2021-0004-prepaid');
  assert(new D(may.closing).gt(0) && new D(may.used).gt(0), 'the May top-up is partly used');
  const flagged = FOCUS_PERIODS.flatMap((p) => focus.periods[p].flaggedRows);
  assert(flagged.length === 1 && flagged[0].period === FOCUS_DISCREPANCIES.brokenListCost.period, `FOCUS: one broken row, found ${flagged.length}`);
  const checks = FOCUS_PERIODS.flatMap((p) => focus.periods[p].invoiceChecks);
  assert(checks.length === 3 && checks.filter((c) => c.status !== 'match').length === 1, 'FOCUS: one invoice total differs from its rows');
  assert(
    FOCUS_PERIODS.every((p) => focus.periods[p].lines.every((l) => l.status === 'match')),
    'FOCUS: every line holds',
  );
  assert(
    focus.rows.every((r) => r.invoiceId),
    'FOCUS 1.2: every row names its invoice',
  );
}

// ---------------------------------------------------------------------------------------------
// 8. README
// ---------------------------------------------------------------------------------------------

/** A Markdown table cell: a literal `|` must not end the cell. */
const mdCell = (s) => String(s).replace(/\|/g, '\\|');

/** The name the organisation knows an item by (the invoice-rated May lines have none). */
const knownName = (id) => [...APPS, ...ADDONS, CELLAR].find((x) => x.id === id)?.name ?? null;

function itemCell(name, id) {
  if (name && name !== id) return `${name} (\`${id}\`)`;
  const known = knownName(id);
  return known ? `\`${id}\` (${known}, unnamed on the invoice)` : `\`${id}\``;
}

function readme(usage, results, focus) {
  const rowsOf = (p) => usage.files[p].length;
  const [cross, spill] = usage.intervals.filter((iv) => iv.uncut);
  const crossSeconds = USAGE_PERIODS.map((p) => billableSeconds(partIn(cross, p).start, partIn(cross, p).end));
  const spillPart = partIn(spill, INVOICE_ONLY);
  const spec = usage.intervals.find((iv) => iv.itemType === 'build' && iv.itemName === 'marketing-site');
  const countOf = (pred) => usage.intervals.filter(pred).length;
  const mayParts = (pred) => usage.intervals.filter((iv) => pred(iv) && partIn(iv, INVOICE_ONLY)).length;
  const appRows = APPS.map((a) => {
    const flav = [...new Set(a.flavorChanges.map(([, s]) => s))].join(' → ');
    const n = countOf((iv) => iv.itemId === a.id && iv.itemType === 'uptime' && iv.sourceRow);
    const b = countOf((iv) => iv.itemId === a.id && iv.itemType === 'build' && iv.sourceRow);
    const m = mayParts((iv) => iv.itemId === a.id);
    const scale = a.scaleWindows.length ? `${a.baseInstances}, +1 during ${a.scaleWindows.length} autoscaling windows` : String(a.baseInstances);
    return `| ${a.name} | \`${a.id}\` | ${a.runtime} | ${flav} | ${scale} | ${n} | ${b ? `${b} on ${a.buildFlavor}` : '—'} | ${m} |`;
  });
  const discRows = PERIODS.flatMap((p) =>
    results[p].expected.discrepancies.map(
      (d) =>
        `| ${p} | ${d.kind} | ${itemCell(d.itemName, d.itemId)} | ${d.priceItem} | \`${d.status}\` | ${d.billed ?? '— (not billed)'} | ${d.recomputed} | ${d.variance} |`,
    ),
  );
  const t = (p) => results[p].expected.totals;
  const totalsRow = (label, key) => `| ${label} | ${PERIODS.map((p) => t(p)[key]).join(' | ')} |`;
  const balanceRows = PERIODS.flatMap((p) =>
    results[p].expected.credits.balances.map(
      (b) =>
        `| ${p} | ${b.creditId} | ${b.kind} | ${mdCell(b.scope)} | ${b.expiresAt ?? 'never'} | ${b.opening} | ${b.granted} | ${b.used} | ${b.expired} | ${b.closing} |`,
    ),
  );
  const amountText = (m) => (m instanceof Num ? m.text : m.amount.text);
  const providerRows = PERIODS.map((p) => {
    const j = results[p].invoice.json;
    const coupons = (list) => (list.length ? list.map((c) => `${c.name}: ${amountText(c.remaining)}`).join('; ') : '—');
    return `| ${p} | ${j.invoice_number} | ${j.status} | ${amountText(j.credit_balance_at_emission)} | ${amountText(j.upfront_credit_amount)} | ${coupons(j.free_credits_available_this_period)} | ${coupons(j.free_credits_available_next_period)} |`;
  });
  const under = results[INVOICE_ONLY].lines.find((l) => isLine(l, DISCREPANCIES.underBilled));
  const underPart = underBilledPart(under);
  const underTask = TASKS.find((x) => periodOf(paris(x.start)) === INVOICE_ONLY);
  const lineRows = (p) =>
    results[p].expected.lines.map(
      (l) =>
        `| ${l.lineNo} | ${l.kind} | ${l.itemName || `(${knownName(l.itemId)})`} | ${l.priceItem === '' ? '(task)' : l.priceItem} | ${l.billableSeconds || ''} | ${l.amountPerSecond} | ${l.amountLegacy} | ${l.credit} | ${l.net} | ${l.billed ?? '—'} | ${l.status} |`,
    );
  const files = [
    ['catalog-2021.json', 'Clever Cloud price system, zone `par`, EUR, valid from 2021-01-01. Same content as `resources/catalog/default-catalog.json`.'],
    ...USAGE_PERIODS.map((p) => [`usage-${p}.csv`, `Usage export for ${DateTime.fromISO(`${p}-01`).toFormat('LLLL')}: ${rowsOf(p)} rows.`]),
    ['credits.csv', `${CREDITS.length} credit grants.`],
    ...PERIODS.map((p) => [
      `invoice-${p}.json`,
      `The provider's ${DateTime.fromISO(`${p}-01`).toFormat('LLLL')} invoice, Clever Cloud v4 JSON in Clever Cloud's own layout, ${INVOICES[p].number}${p === INVOICE_ONLY ? ' — the only record of May: no usage export' : ''}.`,
    ]),
    [
      FOCUS_FILE,
      `A second cloud account: AWS billing account ${FOCUS_ACCOUNT.id}'s FOCUS 1.2 export for ${FOCUS_PERIODS.join(' and ')}, ${focus.rows.length} rows, with InvoiceIds.`,
    ],
    [TOTALS_FILE, `The totals of that account's ${focus.totals.length} invoices, as their PDFs state them (invoice-totals CSV).`],
    ['expected.json', 'Lines, credits, totals and discrepancies a correct rating + reconciliation must produce.'],
  ];
  const fp = (p) => focus.periods[p];
  const focusLineRows = (p) =>
    fp(p).lines.map(
      (l) =>
        `| ${l.lineNo} | ${l.kind} | ${l.itemName || '(none)'} | ${l.itemId ? `\`${l.itemId}\`` : '(none)'} | ${l.priceItem || '—'} | ${l.rows} | ${l.billed} | ${l.amountPerSecond} | ${l.flaggedRows.length || ''} | ${l.status} |`,
    );
  const checkRows = FOCUS_PERIODS.flatMap((p) =>
    fp(p).invoiceChecks.map((c) => `| ${p} | ${c.invoiceId} | ${c.total} (${c.source}) | ${c.rows} | ${c.rowsTotal} | ${c.difference} | \`${c.status}\` |`),
  );
  const flagged = FOCUS_PERIODS.flatMap((p) => fp(p).flaggedRows);
  const brokenRow = focus.rows.find((r) => r.sourceRow === flagged[0].row);
  const badCheck = FOCUS_PERIODS.flatMap((p) => fp(p).invoiceChecks).find((c) => c.status !== 'match');
  return `# Sample workspace: one organisation, March to May 2021, and a second cloud account

Generated by \`node scripts/make-sample.mjs\` (deterministic; edit the script, not these files;
\`node scripts/make-sample.mjs --check\` fails when a file here is out of date).
Every figure below was computed by the generator itself, from the rating and reconciliation rules, with
decimal.js and luxon, **independently of the app's rating module** (\`shared/rating\` is not
imported). \`expected.json\` holds the same figures in machine-readable form for tests, and
\`npm run demo\` checks that the discrepancies it finds are exactly its list.

## Files

| File | What |
|---|---|
${files.map(([f, w]) => `| \`${f}\` | ${w} |`).join('\n')}

Import all the files, then rate and reconcile ${PERIODS.join(', ')} with the defaults (time zone
Europe/Paris, tolerance 0.01, legacy slices of 600 s). April needs the March usage file too: one
March row runs into April.

**Which usage is rated** (docs/rating.md, "Which usage is rated"): March and April are rated from
the usage CSVs (rows of the owner start in them); the invoices are what was billed. **May has no
usage export**: no usage row starts in May, so May is rated from its invoice's own rows — the
details' intervals, the countables' quantities, the classic items — and compared with the prices
the same invoice gives them. The April file's ${spill.sourceRow.replace(/^usage-2021-04\.csv /, '')} (marketing-site, \`${iso(spill.start)}\` →
\`${iso(spill.end)}\`) spills ${billableSeconds(spillPart.start, spillPart.end)} s into May: that does not make May a month the
usage export covers, and its May part is not added to the invoice's (the invoice lists the same
part, cut at \`${iso(spillPart.start)}\`). The invoice names no application, so the lines rated from it have no
item name: they are ordered by item id (the names in parentheses below are for the reader).

## The organisation

Owner \`${OWNER}\` (${ADDRESS.company}, ${ADDRESS.city}), zone \`par\`, currency EUR, VAT 20 %. Created on 2021-03-01.

### Applications (line kind \`application\`, catalog source \`apps\`)

| Name | Item id | Runtime | Flavor | Instances | Uptime rows (usage CSVs) | Dedicated builds (usage CSVs) | May invoice details |
|---|---|---|---|---|---|---|---|
${appRows.join('\n')}

- Prices per hour (catalog): nano 0.0100000, XS 0.0266667, S 0.0533333, M 0.1066667, L 0.2133333, XL 0.4000000
  (XL is also the dedicated build instance flavor, 0.40 €/h as in the SPEC example).
- Each deployment starts new instances, and the previous ones stop a few seconds later (drain),
  so intervals overlap; some ends have sub-second parts (\`.250\`, \`.500\`, \`.750\`, \`.125\`), which
  round up to the next whole second.
- **Flavor change**: billing-api runs XS until the deployment of 2021-03-15 09:30 (Paris), S after:
  two March lines (\`apps.XS\`, \`apps.S\`).
- **Metering**: the provider closes open intervals at each local month end and reopens them, same
  instance id, at the start of the next month (\`…T00:00:00+02:00\` rows in April, details in May).
- **Cross-boundary and DST interval**: marketing-site's instance \`${cross.instanceId}\`,
  \`${iso(cross.start)}\` → \`${iso(cross.end)}\`, is exported uncut in the March file
  (${cross.sourceRow}). It spans the DST change of 2021-03-28 (02:00 → 03:00) and the month end:
  the rater must cut it at \`2021-04-01T00:00:00+02:00\`: ${crossSeconds[0]} s (97 h, not 98) in March and
  ${crossSeconds[1]} s (34 h) in April.
- **Spill into May**: marketing-site's instance \`${spill.instanceId}\`, \`${iso(spill.start)}\` →
  \`${iso(spill.end)}\` (${spill.sourceRow}), exported uncut too, runs until the nightly deployment of
  May 1st: ${billableSeconds(partIn(spill, '2021-04').start, partIn(spill, '2021-04').end)} s in April; its ${billableSeconds(spillPart.start, spillPart.end)} s in May are rated from the May invoice's detail.
- **Builds** (line kind \`build\`, one line per application and build flavor): shop-frontend and
  worker-queue build on XL, billing-api on M. marketing-site builds on its own instance except once:
  the dedicated build \`${iso(spec.start)}\` → \`${iso(spec.end)}\` (${spec.sourceRow}) lasts exactly
  762 s on XL, the SPEC example: 0.08 € per second, 0.13 € in 10-minute slices — it is the whole
  marketing-site build line in March.

### Add-ons (line kind \`addon\`)

| Name | Item id | Price item | Runs |
|---|---|---|---|
${ADDONS.map((a) => `| ${a.name} | \`${a.id}\` | ${a.slug} (${runtimeBySlug.get(a.slug).price.toFixed(7)} €/h) | ${a.intervals.map(([s, e]) => `${iso(paris(s))} → ${e ? iso(paris(e)) : 'still running'}`).join(', ')} |`).join('\n')}

### Countables (line kind \`countable\`)

Cellar add-on ${CELLAR.name} (\`${CELLAR.id}\`), bucket \`${CELLAR.bucket}\`: storage (one row per month:
${PERIODS.map((p) => `${STORAGE_GB[p]} GB in ${DateTime.fromISO(`${p}-01`).toFormat('LLLL')}`).join(', ')}) and outbound traffic
(one row per day). In the usage CSV, \`item_type\` is \`countable\`, \`item_id\` is the Cellar add-on
(the invoice's \`app_id\`), the **service is given in \`price_id\`** (and repeated in \`item_name\`),
\`quantity\` + \`unit\` hold the amount, \`plan_id\` is empty (the rater picks the tiers). A countable
row belongs to the period of its \`consumption_start\`. The quantities of a service in a period are
summed, then fill the catalog's graduated tiers in order (each tier up to its \`max_quantity\`,
cumulative); each tier used is one line, price item = \`plan_id\`, amount = round_half_up(tier
quantity / data_quantity_for_price.quantity × price). Storage is priced per \`P1M\` and measured
over the whole month, so its factor is exactly 1. Tiers: storage 10 GB free, up to 1000 GB at
0.02, beyond at 0.015; traffic 100 GB free, up to 10000 GB at 0.09, beyond at 0.07. March and May
traffic pass the free tier; April stays inside it (one free line at 0.00).

Countable lines are identified by **service** and plan on both sides (item id = item name =
service, price item = plan id); the invoice's \`countables[]\` carry one quantity per plan, which May's
rating adds up again per service before filling the tiers. \`expected.json\` keeps the Cellar add-on as
\`usageItemId\`.

### Custom tasks (line kind \`task\`)

${TASKS.map((x) => `- ${x.start.slice(0, 10)}: "${x.description}", ${x.quantity} h × ${x.unitPrice} €${x.discount ? ` − ${x.discount} € discount, on the invoice only` : ''} (item id \`${x.id}\`).`).join('\n')}

In the CSV: \`item_type\` \`classic\`, \`unit_price\`, \`quantity\`, \`currency\`; no price_factor/discount
columns, so factor 1 and discount 0. In the invoice, \`classic[].classic_billing_item_id\` is the
task id (what is matched); the item's own \`item_id\` is its reference. Task lines have an empty
price item; amount = unit_price × quantity × price_factor − discount.

### Credits (\`credits.csv\`)

| Credit | Kind | Amount | Valid from | Expires | Scope |
|---|---|---|---|---|---|
${CREDITS.map((c) => `| ${c.credit_id} | ${c.kind} | ${c.amount} | ${iso(c.validFrom)} | ${c.expiresAt ? iso(c.expiresAt) : 'never'} | ${mdCell(c.scope)} |`).join('\n')}

Order of use: free before prepaid, soonest expiry first → add-on offer, welcome offer,
prepaid. Each grant is consumed against the lines of its scope in line order. The add-on offer's
remainder expires at the end of March; the March prepaid balance carries over to April; the May
top-up pays for May and its remainder carries over to June. A period lists the grants usable in
it and those still holding a balance.

| Period | Credit | Kind | Scope | Expires | Opening | Granted | Used | Expired | Closing |
|---|---|---|---|---|---|---|---|---|---|
${balanceRows.join('\n')}

## The second cloud account (FOCUS 1.2)

\`${FOCUS_FILE}\` is AWS billing account \`${FOCUS_ACCOUNT.id}\` ("${FOCUS_ACCOUNT.name}", linked account
\`${FOCUS_ACCOUNT.subAccount.id}\` ${FOCUS_ACCOUNT.subAccount.name}, region ${FOCUS_ACCOUNT.region.id}), billed in ${FOCUS_ACCOUNT.currency}, exported in FOCUS 1.2
columns (\`InvoiceId\`, \`BillingAccountType\`, \`PricingCurrency…\`, \`SubAccountType\`…). In the
workspace it is the owner \`${FOCUS_OWNER}\` with the periods ${FOCUS_PERIODS.join(' and ')} (months of \`BillingPeriodStart\` in UTC),
beside the Clever Cloud organisation's (docs/focus.md).

- Rows: three resources billed per UTC day (two EC2 instances — \`lumen-etl-2\` launched on
  2021-04-12 at 13:30 Z, so its first day is 10.5 h — and an RDS PostgreSQL instance), S3 storage and data
  transfer per month, a \`Credit\` (−25.00) and the VAT (\`Tax\`, 20 % of the invoice's other rows) per
  invoice; in May, a Marketplace subscription (\`Purchase\`, ${MARKETPLACE.service}) on an invoice of its own.
- Prices: \`ListCost\` = \`ListUnitPrice\` × \`PricingQuantity\` and \`ContractedCost\` =
  \`ContractedUnitPrice\` × \`PricingQuantity\` on every row, with an enterprise discount of 5 % in the
  contracted prices (not on data transfer nor the subscription); \`BilledCost\` = \`ContractedCost\`.
  **Except one row**: ${FOCUS_FILE} row ${brokenRow.sourceRow} (lumen-etl-1, ${brokenRow.csv.ChargePeriodStart}) writes
  \`ListCost\` ${flagged[0].cost} where ${brokenRow.csv.ListUnitPrice} × ${brokenRow.csv.PricingQuantity} = ${flagged[0].expected} (two digits swapped). It is
  flagged with its row; its billed cost is right, so its line still matches.
- Lines: the rows grouped by charge category, service and resource; billed = the exact Σ
  \`BilledCost\`, recomputed from the rows' unit prices (only a broken \`ContractedCost\` would change it).
  No workspace credit or VAT applies: credits and taxes are rows of their own.
- \`${TOTALS_FILE}\`: each invoice's total as its PDF states it
  (\`invoice_id, billing_account_id, billing_period_start, currency, amount\`), checked against the Σ
  \`BilledCost\` of the rows with that \`InvoiceId\`. **One differs**: ${badCheck.invoiceId} states
  ${badCheck.total}, ${badCheck.difference} more than its ${badCheck.rows} rows sum to (${badCheck.rowsTotal}): a charge the export does not carry.

| Period | Invoice | Total (source) | Rows | Σ BilledCost | Difference | Status |
|---|---|---|---|---|---|---|
${checkRows.join('\n')}

${FOCUS_PERIODS.map(
  (p) => `### ${FOCUS_OWNER} ${p}: ${fp(p).rows} rows, billed ${fp(p).totals.billedTotal} ${FOCUS_ACCOUNT.currency}

| # | Kind | Service | Resource | Price item | Rows | Billed (Σ BilledCost) | Recomputed | Rows flagged | Status |
|---|---|---|---|---|---|---|---|---|---|
${focusLineRows(p).join('\n')}`,
).join('\n\n')}

## The provider's invoices

Clever Cloud v4 JSON, **in Clever Cloud's own layout** (every key its JavaScript client reads:
\`invoice_number\`, \`kind\`, \`origin\`, \`address\`, \`emission_date\`, \`pay_date\`, \`status\`,
\`consumption_begin_date\`/\`_end_date\`, \`currency\`, \`kpi_compute_months\`, \`price_factor\`,
\`discount\`, \`vat_percent\`, \`uptimes\`, \`countables\`, \`vendor_consumption\`, \`classic\`,
\`unusable\`, the credit figures, the payment references, \`total_tax_excluded\`, \`total_tax\`).
There is no top-level \`owner_id\`: the owner is on the items.

- **Identities.** One \`uptimes[]\` item per application (category \`app\`), per application's builds
  (category \`build\`) and per add-on (category \`addon\`). Its \`item_id\` is the invoice item's own
  id (a UUID, new on every invoice) and its **\`app_id\` the application or add-on it bills — the
  usage CSV's \`item_id\`**: \`item_id\` ≠ \`app_id\` everywhere. Billed line identity: (\`app_id\`, price
  item of the detail's \`runtime_policy_id\`); \`item_id\` is kept as the billed line's reference
  (\`billedRef\` in \`expected.json\`). Countables have their own \`item_id\` and the Cellar add-on as
  \`app_id\`; classic items their own \`item_id\` and the task id as \`classic_billing_item_id\`.
- **Details.** One detail per usage interval (the part inside the month, so the cross-boundary
  interval appears in both the March and April invoices, cut at \`2021-04-01T00:00:00+02:00\`),
  with the catalog's \`runtime_policy_id\`.
- **Honest detail prices**: each detail's exact per-second amount rounded down to the cent, then the
  cents the line still needs to reach round_half_up(Σ exact) go to the details with the largest
  remainders. So the details of every honest line add up exactly to the recomputed line amount.
- **Totals.** \`total_tax_excluded\` = Σ of all billed prices (uptime details, countables'
  \`details_price\`, classic unit_price × quantity × price_factor − discount), **before credits**.
  \`total_tax\` = round_half_up(total_tax_excluded × 20 / 100). The invoice-level \`price_factor\` (1)
  and \`discount\` (0) are shown, not applied: the item prices are what was billed. Money appears
  both as plain numbers and as \`{amount, currency}\` objects (add-on items and details,
  countables, classic unit prices, the credit figures, \`total_tax_excluded\`; \`total_tax\` in May).
- **The provider's own credit figures**, shown beside the recomputed credits (never applied):
  \`credit_balance_at_emission\` = what is left of the prepaid grants after the period,
  \`upfront_credit_amount\` = prepaid credit used in the period, \`free_credits_available_this_period\`
  = each free grant of the period and what is left of it, \`…_next_period\` = those still usable the
  next month, \`total_pending_upfront_before_emission\` 0.00:

| Period | Invoice | Status | Credit balance at emission | Upfront credit | Free credits this period (left) | Free credits next period |
|---|---|---|---|---|---|---|
${providerRows.join('\n')}

- \`vendor_consumption\` is empty; April's \`unusable\` lists one instance the provider could not
  start (not billed). May's invoice is \`PENDING\`: no \`pay_date\` nor transaction yet.

## Discrepancies a correct reconciliation must find

Everything else matches exactly (variance 0.00). Variance = billed − recomputed (per second).

| Period | Kind | Line (item) | Price item | Status | Billed | Recomputed | Variance |
|---|---|---|---|---|---|---|---|
${discRows.join('\n')}

- March over-billing: the last detail of billing-api's \`apps.S\` line carries 3.00 € too much.
- March unexplained charge: a \`redis-addon\` item (\`app_id\` \`${PHANTOM_ADDON.id}\`, no name in the
  invoice) with no usage at all.
- April missing line: worker-queue's dedicated builds are in the usage but not on the invoice.
- May under-billing (rated from the invoice itself): worker-queue's autoscaled instance
  \`${underPart.instanceId}\`, \`${iso(underPart.start)}\` → \`${iso(underPart.end, underPart.endSub)}\` (${underPart.seconds} s on
  \`apps.S\`), is priced at the \`apps.XS\` hourly price: its detail says
  ${fmt(new D(underPart.seconds).times(runtimeBySlug.get('apps.XS').price).div(3600))}, the interval it lists is worth ${fmt(underPart.exact)} at
  ${runtimeBySlug.get('apps.S').price.toFixed(7)} €/h.${
    underPart.endSub
      ? ` Its end is written to the microsecond (\`.000${underPart.endSub}\`): the ${underPart.endSub} µs past the whole second start one more second, counted (truncated to the millisecond, it would bill ${underPart.seconds - 1} s).`
      : ''
  }
- May's "${underTask.description}" matches: ${underTask.quantity} × ${underTask.unitPrice} − ${underTask.discount} discount.

And for the second cloud account (\`${FOCUS_OWNER}\`), whose lines all match:

| Period | Check | Where | Figures | Status |
|---|---|---|---|---|
| ${badCheck.period} | invoice total | ${badCheck.invoiceId} (${badCheck.source}) | invoiced ${badCheck.total}, its ${badCheck.rows} rows sum to ${badCheck.rowsTotal}: ${badCheck.difference} more | \`${badCheck.status}\` |
${flagged.map((f) => `| ${f.period} | row unit price | ${f.file} row ${f.row} (line ${f.lineNo}) | ${f.check} ${f.cost} but ListUnitPrice × PricingQuantity = ${f.expected} | flagged |`).join('\n')}

## Expected totals

Recomputed per second, credits applied in SPEC order, VAT 20 % on the net; "billed" is the
provider's total before tax.

| | ${PERIODS.join(' | ')} |
|---|${PERIODS.map(() => '---').join('|')}|
${totalsRow('Rated from', 'ratedFrom')}
${totalsRow('Subtotal (per second)', 'subtotalPerSecond')}
${totalsRow('Subtotal (10-minute slices)', 'subtotalLegacy')}
${totalsRow('Difference (slices − per second)', 'difference')}
${totalsRow('Credits applied', 'creditsApplied')}
${totalsRow('Net before tax', 'netBeforeTax')}
${totalsRow('VAT 20 %', 'vat')}
${totalsRow('Total', 'total')}
${totalsRow('Billed total (provider, before tax)', 'billedTotal')}
${totalsRow('Billed VAT (provider)', 'billedTax')}
${totalsRow('Variance (billed − recomputed subtotal)', 'variance')}
| Lines match / over / under / missing / unexplained | ${PERIODS.map((p) => Object.values(t(p).counts).join(' / ')).join(' | ')} |

## Expected lines

Line order: kind (application, build, addon, countable, task), item name, item id, then price item
(the SPEC leaves ties open; billing-api's two March lines are in \`apps.S\`, \`apps.XS\` order, which is
also the order of their runtime_policy_ids). Unexplained charges come after the recomputed lines.
May's uptime lines have no name (rated from the invoice), so they follow their item ids.

${PERIODS.map(
  (p) => `### ${p}

| # | Kind | Item | Price item | Seconds | Per second | 10-min slices | Credit | Net | Billed | Status |
|---|---|---|---|---|---|---|---|---|---|---|
${lineRows(p).join('\n')}`,
).join('\n\n')}

## Interpretations made by this sample

- Billing periods are calendar months in Europe/Paris, \`[start, end)\`; invoices'
  \`consumption_end_date\` is the exclusive end (next month's first instant).
- Billable seconds are computed per interval part (after the cut), then summed per line; the line
  amount is rounded once: round_half_up(Σ seconds × price / 3600, 2). Legacy: Σ ceil(seconds / 600)
  per part × price / 6, rounded once.
- Countables: service in \`price_id\`; lines identified by service and plan; tiers applied to the
  period's total per service.
- Credits: a grant is "granted" in the first period in which it is usable; its remainder is expired
  in the period during which \`expires_at\` falls. Credits apply to the per-second amounts.
- The invoice total is before credits; the variance compares it with the recomputed subtotal.
`;
}

// ---------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------

function generate() {
  const usage = buildUsage();
  const creditState = new Map();
  const results = {};
  for (const p of PERIODS) results[p] = periodResult(usage, p, creditState);
  const focus = focusResults();
  checkSample(usage, results, focus);
  const catalog = `${toJson(catalogJson())}\n`;
  const expected = {
    description:
      'Figures computed by scripts/make-sample.mjs from the rating and reconciliation rules (docs/rating.md), independently of the app rating module.',
    ownerId: OWNER,
    timeZone: TZ,
    currency: CURRENCY,
    tolerance: TOLERANCE.toFixed(2),
    legacyGranularitySeconds: LEGACY_SLICE_SECONDS,
    files: [
      'catalog-2021.json',
      ...USAGE_PERIODS.map((p) => `usage-${p}.csv`),
      'credits.csv',
      ...PERIODS.map((p) => `invoice-${p}.json`),
      FOCUS_FILE,
      TOTALS_FILE,
    ],
    periods: Object.fromEntries(PERIODS.map((p) => [p, results[p].expected])),
    discrepancies: PERIODS.flatMap((p) => results[p].expected.discrepancies),
    focus: {
      ownerId: FOCUS_OWNER,
      accountName: FOCUS_ACCOUNT.name,
      currency: FOCUS_ACCOUNT.currency,
      timeZone: 'UTC',
      files: [FOCUS_FILE, TOTALS_FILE],
      periods: Object.fromEntries(
        FOCUS_PERIODS.map((p) => {
          const { rows, lines, totals } = focus.periods[p];
          return [p, { rows, lines: lines.map((l) => ({ ...l, flaggedRows: l.flaggedRows.length })), totals }];
        }),
      ),
      /** Reconciliation (a): each invoice total against the sum of its rows. */
      invoiceChecks: FOCUS_PERIODS.flatMap((p) => focus.periods[p].invoiceChecks),
      /** Reconciliation (b): the rows that break ListCost = ListUnitPrice × PricingQuantity. */
      flaggedRows: FOCUS_PERIODS.flatMap((p) => focus.periods[p].flaggedRows),
    },
  };
  return {
    [join(SAMPLE_DIR, 'catalog-2021.json')]: catalog,
    [join(CATALOG_DIR, 'default-catalog.json')]: catalog,
    ...Object.fromEntries(USAGE_PERIODS.map((p) => [join(SAMPLE_DIR, `usage-${p}.csv`), toCsv(USAGE_HEADER, usage.files[p])])),
    [join(SAMPLE_DIR, 'credits.csv')]: toCsv(CREDIT_HEADER, creditCsvRows()),
    ...Object.fromEntries(PERIODS.map((p) => [join(SAMPLE_DIR, `invoice-${p}.json`), `${toJson(results[p].invoice.json)}\n`])),
    [join(SAMPLE_DIR, FOCUS_FILE)]: toCsv(
      FOCUS_HEADER,
      focus.rows.map((r) => r.csv),
    ),
    [join(SAMPLE_DIR, TOTALS_FILE)]: toCsv(TOTALS_HEADER, totalsCsvRows(focus.totals)),
    [join(SAMPLE_DIR, 'expected.json')]: `${JSON.stringify(expected, null, 2)}\n`,
    [join(SAMPLE_DIR, 'README.md')]: readme(usage, results, focus),
  };
}

function main() {
  const files = generate();
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [path, content] of Object.entries(files)) {
    if (check) {
      let current = null;
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        /* missing */
      }
      if (current !== content) {
        stale++;
        console.error(`out of date: ${path}`);
      }
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      console.log(`wrote ${path.slice(ROOT.length + 1)}`);
    }
  }
  if (check && stale) process.exit(1);
}

main();
