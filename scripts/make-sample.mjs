#!/usr/bin/env node
// Generates the sample workspace in resources/sample/ (and the default catalog in
// resources/catalog/): one Clever Cloud organisation over March and April 2021, with a price
// catalog, usage CSVs, credits, the provider's invoices (with three deliberate discrepancies)
// and the figures a correct reconciliation must reach (expected.json, README.md).
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
const PERIODS = ['2021-03', '2021-04'];
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
function iso(ms) {
  return DateTime.fromMillis(ms, { zone: TZ }).toISO({ suppressMilliseconds: true });
}

function periodBounds(period) {
  const start = DateTime.fromISO(`${period}-01T00:00:00`, { zone: TZ });
  return { start: start.toMillis(), end: start.plus({ months: 1 }).toMillis() };
}

function periodOf(ms) {
  return DateTime.fromMillis(ms, { zone: TZ }).toFormat('yyyy-MM');
}

/** Billable seconds: any started second counts. */
const billableSeconds = (startMs, endMs) => Math.ceil((endMs - startMs) / 1000);
const legacySlices = (seconds) => Math.ceil(seconds / LEGACY_SLICE_SECONDS);
const money = (d) => new D(d).toDecimalPlaces(2, D.ROUND_HALF_UP);
const fmt = (d) => money(d).toFixed(2);
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
// reopens it, same instance, at the start of the next; the one exception is marketing-site's
// interval of 2021-03-27 → 2021-04-02, exported uncut, which the rater has to cut itself.
const CHECKPOINTS = [paris('2021-04-01T00:00'), paris('2021-05-01T00:00')];
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
    randomDeploys: { '2021-03': 19, '2021-04': 20 },
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
    randomDeploys: { '2021-03': 11, '2021-04': 12 },
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
    randomDeploys: { '2021-03': 8, '2021-04': 9 },
    // Queue backlog: a second worker, twice a month.
    scaleWindows: [
      ['2021-03-05T02:00', '2021-03-05T06:30:12.250'],
      ['2021-03-22T01:15:30', '2021-03-23T04:02:59'],
      ['2021-04-06T02:00', '2021-04-06T07:44:18.500'],
      ['2021-04-26T01:10', '2021-04-27T03:33:33'],
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
    ],
    uncutInterval: '2021-03-27T22:00',
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

const BUCKET = 'cellar-bucket-assets';
const STORAGE_GB = { '2021-03': '1250.5', '2021-04': '1430.25' };
/** Daily outbound traffic in MB: March goes past the 100 GB free tier, April stays inside it. */
const TRAFFIC_MB_RANGE = { '2021-03': [4000, 7600], '2021-04': [2200, 4000] };

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
];

/** Random deployment instants in a month: distinct days, office hours, odd seconds. */
function randomDeployTimes(period, count) {
  const { start, end } = periodBounds(period);
  const days = DateTime.fromMillis(start, { zone: TZ }).daysInMonth;
  const picked = new Set();
  while (picked.size < count) picked.add(rnd.int(2, days - 1));
  return [...picked]
    .sort((a, b) => a - b)
    .map((day) => {
      const t = DateTime.fromObject(
        { year: +period.slice(0, 4), month: +period.slice(5), day, hour: rnd.int(8, 18), minute: rnd.int(0, 59), second: rnd.int(0, 59) },
        { zone: TZ },
      );
      return t.toMillis();
    })
    .filter((ms) => ms > start && ms < end);
}

/** A deployment: optional dedicated build, new instances start, previous ones drain and stop. */
function makeDeploy(app, at, withBuild) {
  const buildSeconds = withBuild ? rnd.int(200, 880) : 0;
  const buildMs = rnd.int(0, 3) === 0 ? 250 * rnd.int(1, 3) : 0;
  const buildEnd = at + buildSeconds * 1000 + (withBuild ? buildMs : 0);
  const newStart = buildEnd + rnd.int(3, 25) * 1000;
  const drainMs = rnd.int(4, 45) * 1000 + (rnd.int(0, 2) === 0 ? 250 : 0);
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
      intervals.push({ ...base, itemType: 'build', instanceId: rnd.uuid(), slug: app.buildFlavor, start: d.build[0], end: d.build[1] });
    }
    const next = deploys[k + 1];
    const segStart = d.newStart;
    const segEnd = next ? next.prevEnd : HORIZON_END;
    const slug = flavorAt(app, segStart);
    const uncut = app.uncutInterval && paris(app.uncutInterval) === segStart;
    for (let i = 0; i < app.baseInstances; i++) {
      intervals.push({ ...base, itemType: 'uptime', instanceId: rnd.uuid(), slug, start: segStart, end: segEnd, uncut });
    }
    for (const [a, b] of app.scaleWindows.map(([x, y]) => [paris(x), paris(y)])) {
      const start = Math.max(a, segStart);
      const end = Math.min(b, segEnd);
      if (start < end) intervals.push({ ...base, itemType: 'uptime', instanceId: rnd.uuid(), slug, start, end });
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
  const rows = [{ service: 'cellar.storage', itemId: BUCKET, quantity: new D(STORAGE_GB[period]), start, end }];
  const [lo, hi] = TRAFFIC_MB_RANGE[period];
  for (let day = DateTime.fromMillis(start, { zone: TZ }); day.toMillis() < end; day = day.plus({ days: 1 })) {
    const mb = rnd.int(lo, hi);
    rows.push({ service: 'cellar.traffic', itemId: BUCKET, quantity: new D(mb).div(1000), start: day.toMillis(), end: day.plus({ days: 1 }).toMillis() });
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
  // Files: a row goes to the export of the month its consumption_start is in.
  const files = {};
  for (const p of PERIODS) {
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
  return s < e ? { ...iv, start: s, end: e, cut: s !== iv.start || e !== iv.end } : null;
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
    const seconds = billableSeconds(part.start, part.end);
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
      bucket: BUCKET,
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
      // price_factor 1 and discount 0: the usage CSV's base header has neither column.
      const exact = new D(t.unitPrice).times(t.quantity).times(1).minus(0);
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

function ratePeriod(usage, period) {
  const lines = [...rateTimeLines(usage.intervals, period), ...rateCountableLines(usage.countables, period), ...rateTaskLines(usage.tasks, period)].sort(
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
// 5. The provider's invoices (docs/importers.md, Clever Cloud v4 invoice), honest except for the deliberate discrepancies
// ---------------------------------------------------------------------------------------------

const INVOICES = {
  '2021-03': { number: 'FR-2021-03-0004812', emission: '2021-04-02T06:00' },
  '2021-04': { number: 'FR-2021-04-0005339', emission: '2021-05-02T06:00' },
};

const DISCREPANCIES = {
  // March: billing-api's S line, 3.00 € too much on its last detail.
  overBilled: { period: '2021-03', kind: 'application', itemId: APPS[1].id, priceItem: 'apps.S', extra: new D('3.00') },
  // March: a Redis add-on the organisation never had is billed for the rest of the month.
  unexplained: { period: '2021-03', ...PHANTOM_ADDON },
  // April: worker-queue's dedicated builds are not billed at all.
  missing: { period: '2021-04', kind: 'build', itemId: APPS[2].id, priceItem: 'apps.XL' },
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

function uptimeItems(lines, period, appCategoryOf) {
  const items = new Map();
  for (const line of lines.filter((l) => l.kind === 'application' || l.kind === 'build' || l.kind === 'addon')) {
    if (period === DISCREPANCIES.missing.period && isLine(line, DISCREPANCIES.missing)) continue;
    const prices = distributeCents(line);
    if (period === DISCREPANCIES.overBilled.period && isLine(line, DISCREPANCIES.overBilled))
      prices[prices.length - 1] = prices[prices.length - 1].plus(DISCREPANCIES.overBilled.extra);
    const category = line.kind === 'application' ? 'app' : line.kind;
    const key = `${category}|${line.itemId}`;
    if (!items.has(key)) items.set(key, { line, category, subCategory: appCategoryOf(line), details: [] });
    line.parts.forEach((p, i) => items.get(key).details.push({ part: p, line, price: prices[i] }));
  }
  return [...items.values()];
}

function uptimeJson(item, useMoneyObjects) {
  const details = [...item.details].sort((a, b) => a.part.start - b.part.start || (a.part.instanceId < b.part.instanceId ? -1 : 1));
  const total = sum(details.map((d) => d.price));
  return {
    item_id: item.line.itemId,
    app_id: item.line.itemId,
    owner_id: OWNER,
    price: numMoney(total),
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
        consumption_end: iso(d.part.end),
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
    json: {
      item_id: p.id,
      app_id: p.id,
      owner_id: OWNER,
      price: numMoney(price),
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
    },
    billed: { kind: 'addon', itemId: p.id, itemName: p.id, priceItem: p.slug, runtimePolicyId: rt.runtime_policy_id, amount: price, seconds },
  };
}

function subCategoryOf(line) {
  if (line.kind === 'addon') return ADDONS.find((a) => a.id === line.itemId).provider;
  return APPS.find((a) => a.id === line.itemId).runtime;
}

function buildInvoice(period, lines) {
  const { start, end } = periodBounds(period);
  const items = uptimeItems(lines, period, subCategoryOf).map((it) => uptimeJson(it, it.category === 'addon'));
  const billed = [];
  // Billed lines, read back from the invoice as a reconciler would: (item_id, price item of runtime_policy_id).
  for (const it of items) {
    for (const d of it.details) {
      const rt = runtimeById.get(d.runtime_policy_id);
      const kind = it.category === 'build' ? 'build' : rt.source === 'apps' ? 'application' : 'addon';
      const amount = new D(d.price instanceof Num ? d.price.text : d.price.amount.text);
      const key = `${kind}|${it.item_id}|${rt.slug_id}`;
      const b = billed.find((x) => x.key === key);
      if (b) b.amount = b.amount.plus(amount);
      else billed.push({ key, kind, itemId: it.item_id, priceItem: rt.slug_id, runtimePolicyId: rt.runtime_policy_id, amount });
    }
  }
  if (period === DISCREPANCIES.unexplained.period) {
    const ph = phantomItem(period);
    items.push(ph.json);
    billed.push({ key: `addon|${ph.billed.itemId}|${ph.billed.priceItem}`, ...ph.billed });
  }
  const countables = lines
    .filter((l) => l.kind === 'countable')
    .map((l) => {
      const cat = countableByService.get(l.itemId);
      billed.push({ key: `countable|${l.itemId}|${l.priceItem}`, kind: 'countable', itemId: l.itemId, priceItem: l.priceItem, amount: l.amountPerSecond });
      return {
        service: l.itemId,
        unit_name: cat.data_unit,
        zone_id: ZONE,
        policy_id: cat.policy_id,
        quantity: num(l.quantity),
        plan_id: l.priceItem,
        duration: cat.time_interval_for_price ? cat.time_interval_for_price.interval : null,
        details_price: moneyObject(l.amountPerSecond),
        details: [],
      };
    });
  const classic = lines
    .filter((l) => l.kind === 'task')
    .map((l) => {
      billed.push({ key: `task|${l.itemId}|${l.priceItem}`, kind: 'task', itemId: l.itemId, priceItem: l.priceItem, amount: l.amountPerSecond });
      return {
        unit_price: moneyObject(l.unitPrice),
        quantity: num(l.quantity),
        price_factor: num('1'),
        discount: numMoney(0),
        description: l.task.description,
        sub_description: l.task.subDescription,
        classic_billing_item_id: l.itemId,
      };
    });
  const totalExcl = sum(billed.map((b) => b.amount));
  const tax = money(totalExcl.times(VAT_PERCENT).div(100));
  const json = {
    invoice_number: INVOICES[period].number,
    status: 'PAID',
    emission_date: iso(paris(INVOICES[period].emission)),
    consumption_begin_date: iso(start),
    consumption_end_date: iso(end),
    currency: CURRENCY,
    vat_percent: num(VAT_PERCENT),
    total_tax_excluded: moneyObject(totalExcl),
    total_tax: numMoney(tax),
    owner_id: OWNER,
    uptimes: items,
    countables,
    classic,
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
    const billedAmount = b ? money(b.amount) : null;
    return { line: l, billed: billedAmount, variance: (billedAmount ?? new D(0)).minus(l.amountPerSecond), status: statusOf(l.amountPerSecond, billedAmount) };
  });
  const keys = new Set(lines.map((l) => `${l.kind}|${l.itemId}|${l.priceItem}`));
  const unexplained = billed
    .filter((b) => !keys.has(b.key))
    .map((b) => ({
      billedOnly: b,
      billed: money(b.amount),
      variance: money(b.amount),
      status: money(b.amount).abs().lte(TOLERANCE) ? 'match' : 'unexplained_charge',
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
      billed: fmt(r.billed),
      variance: fmt(r.variance),
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
    billed: r.billed === null ? null : fmt(r.billed),
    variance: fmt(r.variance),
    status: r.status,
  };
}

function periodResult(usage, period, creditState) {
  const lines = ratePeriod(usage, period);
  const credits = applyCredits(lines, period, creditState);
  const invoice = buildInvoice(period, lines);
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
        billedTotal: fmt(billedTotal),
        billedTax: fmt(invoice.tax),
        billedTotalWithTax: fmt(billedTotal.plus(invoice.tax)),
        variance: fmt(billedTotal.minus(subtotal)),
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
// 7. Sanity checks on the generated data (fail loudly rather than ship a wrong sample)
// ---------------------------------------------------------------------------------------------

function assert(cond, msg) {
  if (!cond) throw new Error(`sample check failed: ${msg}`);
}

function checkSample(usage, results) {
  for (const p of PERIODS) assert(usage.files[p].length >= 150 && usage.files[p].length <= 400, `${p}: ${usage.files[p].length} usage rows`);
  const cross = usage.intervals.find((iv) => iv.uncut);
  assert(cross && iso(cross.start) === '2021-03-27T22:00:00+01:00' && iso(cross.end) === '2021-04-02T10:00:00+02:00', 'the cross-boundary interval');
  const spec = usage.intervals.filter((iv) => iv.itemType === 'build' && billableSeconds(iv.start, iv.end) === 762 && iv.slug === 'apps.XL');
  assert(spec.length >= 1, 'a 762 s build on the 0.40 €/h flavor');
  const march = results['2021-03'].lines;
  const mBuild = march.find((l) => l.kind === 'build' && l.itemName === 'marketing-site');
  assert(mBuild && fmt(mBuild.amountPerSecond) === '0.08' && fmt(mBuild.amountLegacy) === '0.13', 'SPEC example: 762 s → 0.08 / 0.13');
  assert(march.filter((l) => l.kind === 'application' && l.itemName === 'billing-api').length === 2, 'billing-api has two flavor lines in March');
  for (const p of PERIODS) {
    const d = results[p].expected.discrepancies;
    const want = p === '2021-03' ? ['over_billed', 'unexplained_charge'] : ['missing_from_invoice'];
    assert(JSON.stringify(d.map((x) => x.status).sort()) === JSON.stringify(want.sort()), `${p}: discrepancies ${d.map((x) => x.status)}`);
  }
  const traffic = (p) => sum(usage.countables.filter((c) => c.service === 'cellar.traffic' && periodOf(c.start) === p).map((c) => c.quantity));
  assert(traffic('2021-03').gt(100) && traffic('2021-04').lt(100), 'traffic: March past the free tier, April inside it');
  const prepaid = results['2021-03'].expected.credits.balances.find((b) => b.creditId === 'cr-2021-0002-prepaid');
  assert(new D(prepaid.closing).gt(0) && new D(prepaid.closing).lt(200), 'prepaid balance carries over to April');
}

// ---------------------------------------------------------------------------------------------
// 8. README
// ---------------------------------------------------------------------------------------------

/** A Markdown table cell: a literal `|` must not end the cell. */
const mdCell = (s) => String(s).replace(/\|/g, '\\|');

function readme(usage, results) {
  const rowsOf = (p) => usage.files[p].length;
  const cross = usage.intervals.find((iv) => iv.uncut);
  const crossSeconds = PERIODS.map((p) => billableSeconds(partIn(cross, p).start, partIn(cross, p).end));
  const spec = usage.intervals.find((iv) => iv.itemType === 'build' && iv.itemName === 'marketing-site');
  const countOf = (pred) => usage.intervals.filter(pred).length;
  const appRows = APPS.map((a) => {
    const flav = [...new Set(a.flavorChanges.map(([, s]) => s))].join(' → ');
    const n = countOf((iv) => iv.itemId === a.id && iv.itemType === 'uptime');
    const b = countOf((iv) => iv.itemId === a.id && iv.itemType === 'build');
    const scale = a.scaleWindows.length ? `${a.baseInstances}, +1 during ${a.scaleWindows.length} autoscaling windows` : String(a.baseInstances);
    return `| ${a.name} | \`${a.id}\` | ${a.runtime} | ${flav} | ${scale} | ${n} | ${b ? `${b} on ${a.buildFlavor}` : '—'} |`;
  });
  const discRows = PERIODS.flatMap((p) =>
    results[p].expected.discrepancies.map(
      (d) =>
        `| ${p} | ${d.kind} | ${d.itemName === d.itemId ? `\`${d.itemId}\`` : `${d.itemName} (\`${d.itemId}\`)`} | ${d.priceItem} | \`${d.status}\` | ${d.billed ?? '— (not billed)'} | ${d.recomputed} | ${d.variance} |`,
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
  const lineRows = (p) =>
    results[p].expected.lines.map(
      (l) =>
        `| ${l.lineNo} | ${l.kind} | ${l.itemName} | ${l.priceItem === '' ? '(task)' : l.priceItem} | ${l.billableSeconds || ''} | ${l.amountPerSecond} | ${l.amountLegacy} | ${l.credit} | ${l.net} | ${l.billed ?? '—'} | ${l.status} |`,
    );
  return `# Sample workspace: one organisation, March and April 2021

Generated by \`node scripts/make-sample.mjs\` (deterministic; edit the script, not these files;
\`node scripts/make-sample.mjs --check\` fails when a file here is out of date).
Every figure below was computed by the generator itself, from the rating and reconciliation rules, with
decimal.js and luxon, **independently of the app's rating module** (\`shared/rating\` is not
imported). \`expected.json\` holds the same figures in machine-readable form for tests.

## Files

| File | What |
|---|---|
| \`catalog-2021.json\` | Clever Cloud price system, zone \`par\`, EUR, valid from 2021-01-01. Same content as \`resources/catalog/default-catalog.json\`. |
| \`usage-2021-03.csv\` | Usage export for March: ${rowsOf('2021-03')} rows. |
| \`usage-2021-04.csv\` | Usage export for April: ${rowsOf('2021-04')} rows. |
| \`credits.csv\` | Three credit grants. |
| \`invoice-2021-03.json\` | The provider's March invoice, Clever Cloud v4 JSON, ${INVOICES['2021-03'].number}. |
| \`invoice-2021-04.json\` | The provider's April invoice, ${INVOICES['2021-04'].number}. |
| \`expected.json\` | Lines, credits, totals and discrepancies a correct rating + reconciliation must produce. |

Import all seven files (catalog, both usage CSVs, credits, both invoices), then rate and reconcile
2021-03 and 2021-04 with the defaults (time zone Europe/Paris, tolerance 0.01, legacy slices of 600 s).
April needs the March usage file too: one March row runs into April.

## The organisation

Owner \`${OWNER}\`, zone \`par\`, currency EUR, VAT 20 %. Created on 2021-03-01.

### Applications (line kind \`application\`, catalog source \`apps\`)

| Name | Item id | Runtime | Flavor | Instances | Uptime rows | Dedicated builds |
|---|---|---|---|---|---|---|
${appRows.join('\n')}

- Prices per hour (catalog): nano 0.0100000, XS 0.0266667, S 0.0533333, M 0.1066667, L 0.2133333, XL 0.4000000
  (XL is also the dedicated build instance flavor, 0.40 €/h as in the SPEC example).
- Each deployment starts new instances, and the previous ones stop a few seconds later (drain),
  so intervals overlap; some ends have sub-second parts (\`.250\`, \`.500\`, \`.750\`, \`.125\`), which
  round up to the next whole second.
- **Flavor change**: billing-api runs XS until the deployment of 2021-03-15 09:30 (Paris), S after:
  two March lines (\`apps.XS\`, \`apps.S\`).
- **Metering**: the provider closes open intervals at each local month end and reopens them, same
  instance id, at the start of the next month (\`…T00:00:00+02:00\` rows in April).
- **Cross-boundary and DST interval**: marketing-site's instance \`${cross.instanceId}\`,
  \`${iso(cross.start)}\` → \`${iso(cross.end)}\`, is exported uncut in the March file
  (${cross.sourceRow}). It spans the DST change of 2021-03-28 (02:00 → 03:00) and the month end:
  the rater must cut it at \`2021-04-01T00:00:00+02:00\`: ${crossSeconds[0]} s (97 h, not 98) in March and
  ${crossSeconds[1]} s (34 h) in April.
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

Cellar bucket \`${BUCKET}\`: storage (one row per month: ${STORAGE_GB['2021-03']} GB in March, ${STORAGE_GB['2021-04']} GB in April) and
outbound traffic (one row per day). In the usage CSV, \`item_type\` is \`countable\`, \`item_id\` is the
bucket, the **service is given in \`price_id\`** (and repeated in \`item_name\`), \`quantity\` + \`unit\` hold the
amount, \`plan_id\` is empty (the rater picks the tiers). A countable row belongs to the period of its
\`consumption_start\`. The quantities of a service in a period are summed, then fill the catalog's
graduated tiers in order (each tier up to its \`max_quantity\`, cumulative); each tier used is one line,
price item = \`plan_id\`, amount = round_half_up(tier quantity / data_quantity_for_price.quantity × price).
Tiers: storage 10 GB free, up to 1000 GB at 0.02, beyond at 0.015; traffic 100 GB free, up to
10000 GB at 0.09, beyond at 0.07. March traffic passes the free tier; April stays inside it (one
free line at 0.00).

The invoice's \`countables[]\` entries carry no item id, only \`service\` and \`plan_id\`; so countable
lines are identified by **service** (item id = item name = service, price item = plan id) on both
sides. \`expected.json\` keeps the bucket as \`usageItemId\`.

### Custom tasks (line kind \`task\`)

${TASKS.map((t) => `- ${t.start.slice(0, 10)}: "${t.description}", ${t.quantity} h × ${t.unitPrice} € (item id \`${t.id}\`).`).join('\n')}

In the CSV: \`item_type\` \`classic\`, \`unit_price\`, \`quantity\`, \`currency\`; no price_factor/discount
columns, so factor 1 and discount 0. In the invoice, \`classic[].classic_billing_item_id\` is the
same id. Task lines have an empty price item.

### Credits (\`credits.csv\`)

| Credit | Kind | Amount | Valid from | Expires | Scope |
|---|---|---|---|---|---|
${CREDITS.map((c) => `| ${c.credit_id} | ${c.kind} | ${c.amount} | ${iso(c.validFrom)} | ${c.expiresAt ? iso(c.expiresAt) : 'never'} | ${mdCell(c.scope)} |`).join('\n')}

Order of use: free before prepaid, soonest expiry first → add-on offer, welcome offer,
prepaid. Each grant is consumed against the lines of its scope in line order. The add-on offer's
remainder expires at the end of March; the prepaid balance carries over to April.

| Period | Credit | Kind | Scope | Expires | Opening | Granted | Used | Expired | Closing |
|---|---|---|---|---|---|---|---|---|---|
${balanceRows.join('\n')}

## The provider's invoices

Clever Cloud v4 JSON. One \`uptimes[]\` item per application (category \`app\`), per application's
builds (category \`build\`) and per add-on (category \`addon\`); \`item_id\` = \`app_id\` = the usage
item id; one detail per usage interval (the part inside the month, so the cross-boundary interval
appears in both invoices, cut at \`2021-04-01T00:00:00+02:00\`), with the catalog's
\`runtime_policy_id\`. Billed line identity: (item_id, price item of the detail's runtime_policy_id).

Honest detail prices: each detail's exact per-second amount rounded down to the cent, then the
cents the line still needs to reach round_half_up(Σ exact) go to the details with the largest
remainders. So the details of every honest line add up exactly to the recomputed line amount.

\`total_tax_excluded\` = Σ of all billed prices (uptime details, countables' \`details_price\`,
classic unit_price × quantity × price_factor − discount), **before credits**: credits are not on the
provider's invoice. \`total_tax\` = round_half_up(total_tax_excluded × 20 / 100). Money appears both
as plain numbers and as \`{amount, currency}\` objects (add-on details, countables, classic unit
prices, total_tax_excluded).

The figures in this README assume the usage CSVs are imported: they are what gets rated, and the
invoices are only what was billed. With the invoices alone, their details would be rated instead
and the expected figures here would not apply.

## Discrepancies a correct reconciliation must find

Everything else matches exactly (variance 0.00). Variance = billed − recomputed (per second).

| Period | Kind | Line (item) | Price item | Status | Billed | Recomputed | Variance |
|---|---|---|---|---|---|---|---|
${discRows.join('\n')}

- March over-billing: the last detail of billing-api's \`apps.S\` line carries 3.00 € too much.
- March unexplained charge: a \`redis-addon\` item (\`${PHANTOM_ADDON.id}\`, no name in the
  invoice) with no usage at all.
- April missing line: worker-queue's dedicated builds are in the usage but not on the invoice.

## Expected totals

Recomputed per second, credits applied in SPEC order, VAT 20 % on the net; "billed" is the
provider's total before tax.

| | ${PERIODS.join(' | ')} |
|---|---|---|
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
  checkSample(usage, results);
  const catalog = `${toJson(catalogJson())}\n`;
  const expected = {
    description:
      'Figures computed by scripts/make-sample.mjs from the rating and reconciliation rules (docs/rating.md), independently of the app rating module.',
    ownerId: OWNER,
    timeZone: TZ,
    currency: CURRENCY,
    tolerance: TOLERANCE.toFixed(2),
    legacyGranularitySeconds: LEGACY_SLICE_SECONDS,
    files: ['catalog-2021.json', 'usage-2021-03.csv', 'usage-2021-04.csv', 'credits.csv', 'invoice-2021-03.json', 'invoice-2021-04.json'],
    periods: Object.fromEntries(PERIODS.map((p) => [p, results[p].expected])),
    discrepancies: PERIODS.flatMap((p) => results[p].expected.discrepancies),
  };
  return {
    [join(SAMPLE_DIR, 'catalog-2021.json')]: catalog,
    [join(CATALOG_DIR, 'default-catalog.json')]: catalog,
    [join(SAMPLE_DIR, 'usage-2021-03.csv')]: toCsv(USAGE_HEADER, usage.files['2021-03']),
    [join(SAMPLE_DIR, 'usage-2021-04.csv')]: toCsv(USAGE_HEADER, usage.files['2021-04']),
    [join(SAMPLE_DIR, 'credits.csv')]: toCsv(CREDIT_HEADER, creditCsvRows()),
    [join(SAMPLE_DIR, 'invoice-2021-03.json')]: `${toJson(results['2021-03'].invoice.json)}\n`,
    [join(SAMPLE_DIR, 'invoice-2021-04.json')]: `${toJson(results['2021-04'].invoice.json)}\n`,
    [join(SAMPLE_DIR, 'expected.json')]: `${JSON.stringify(expected, null, 2)}\n`,
    [join(SAMPLE_DIR, 'README.md')]: readme(usage, results),
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
