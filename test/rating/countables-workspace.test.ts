// Clever Cloud's real price system imported through the catalog importer into a real SQLite
// workspace, then countable usage (a usage CSV, and an invoice's countables with a duration)
// rated by the workspace's own rate job. Amounts worked out by hand from the rule.
import Decimal from 'decimal.js';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, tempDir, type TestCore } from '../api/helpers';
import { realCatalogPath } from './real-catalog';

const X = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
const money = (v: Decimal): string => v.toDecimalPlaces(2).toFixed(2);

const HEADER =
  'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency';
const MARCH = ['2021-03-01T00:00:00+01:00', '2021-04-01T00:00:00+02:00'];
const USAGE = [
  HEADER,
  // Two buckets over March (743 h in Paris), added before the plans.
  `orga_csv,countable,bucket-a,cellar.storage,,cellar.storage,,par,${MARCH[0]},${MARCH[1]},1000000000000,B,,,,`,
  `orga_csv,countable,bucket-b,cellar.storage,,cellar.storage,,par,${MARCH[0]},${MARCH[1]},500000000000,B,,,,`,
  // Outbound traffic, no interval: the month's rows summed.
  'orga_csv,countable,bucket-a,cellar.outbound,,cellar.outbound,,par,2021-03-03T00:00:00+01:00,2021-03-04T00:00:00+01:00,4000000000000,B,,,,',
  'orga_csv,countable,bucket-a,cellar.outbound,,cellar.outbound,,par,2021-03-04T00:00:00+01:00,2021-03-05T00:00:00+01:00,4000000000000,B,,,,',
  'orga_csv,countable,bucket-b,cellar.outbound,,cellar.outbound,,par,2021-03-05T00:00:00+01:00,2021-03-06T00:00:00+01:00,4000000000123,B,,,,',
  // 250 active public users for exactly 720 h: insecable by 100 → 300.
  'orga_csv,countable,forge,heptapod.public_active_users,,heptapod.public_active_users,,par,2021-03-01T00:00:00Z,2021-03-31T00:00:00Z,250,User,,,,',
].join('\n');

/** A provider invoice whose countables are already split by plan, as Clever Cloud bills them; duration P1M. */
const INVOICE = {
  invoice_number: 'FR-2021-03-REAL',
  status: 'PAID',
  emission_date: '2021-04-02T06:00:00+02:00',
  consumption_begin_date: MARCH[0],
  consumption_end_date: MARCH[1],
  currency: 'EUR',
  vat_percent: 20,
  total_tax_excluded: 29.06,
  total_tax: 5.81,
  owner_id: 'orga_inv',
  uptimes: [],
  countables: [
    ['299c906d-02ec-48f7-aeac-34d28e6beab2', 100000000, 0],
    ['c6135924-dc2d-4fa9-bdc4-3977a948e926', 999900000000, 21.13],
    ['c249bdd9-a9f9-4ef6-a84d-12101c4d0fd6', 500000000000, 7.93],
  ].map(([plan, quantity, price]) => ({
    service: 'cellar.storage',
    unit_name: 'B',
    zone_id: 'par',
    policy_id: '0d48199e-4236-430c-955c-680f5e6ba755',
    quantity,
    plan_id: plan,
    duration: 'P1M',
    details_price: { amount: price, currency: 'EUR' },
    details: [],
  })),
  classic: [],
};

/** cellar.storage, 1.5 TB over March in Paris: (1e12 − 1e8) B and 5e11 B in plans 2 and 3, per GB per hour, 743 h. */
const STORAGE = {
  '299c906d-02ec-48f7-aeac-34d28e6beab2': '0.00',
  'c6135924-dc2d-4fa9-bdc4-3977a948e926': money(new X('999.9').times('0.0000284444444444444').times(743)),
  'c249bdd9-a9f9-4ef6-a84d-12101c4d0fd6': money(new X(500).times('0.0000213333333333333').times(743)),
};

describe('the real price system in a workspace', () => {
  let core: TestCore;
  beforeAll(async () => {
    core = openTestCore();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'usage-2021-03.csv'), USAGE);
    fs.writeFileSync(path.join(dir, 'invoice-2021-03.json'), JSON.stringify(INVOICE));
    const r = await core.call('import.commit', { files: [realCatalogPath(), path.join(dir, 'usage-2021-03.csv'), path.join(dir, 'invoice-2021-03.json')] });
    const failed = r.results.filter((x) => !x.ok);
    if (failed.length) throw new Error(failed.map((f) => `${f.fileName}: ${f.error}`).join('\n'));
    await core.call('rate.run', { period: '2021-03' });
  });
  afterAll(() => core?.close());

  it('keeps what every countable price means: secability, batch, interval and its secability', () => {
    const rows = core.db
      .prepare('SELECT service, data_unit, secability, quantity_for_price, interval, interval_secability FROM catalog_countable ORDER BY source_row')
      .all() as Record<string, string | null>[];
    expect(rows).toHaveLength(13);
    const by = Object.fromEntries(rows.map((r) => [r.service, [r.data_unit, r.secability, r.quantity_for_price, r.interval, r.interval_secability]]));
    expect(by['cellar.storage']).toEqual(['B', 'secable', '1000000000', 'PT1H', 'secable']);
    expect(by['cellar.outbound']).toEqual(['B', 'secable', '1000000000', null, null]);
    expect(by['heptapod.public_active_users']).toEqual(['User', 'insecable', '100', 'PT720H', 'insecable']);
    expect(by['heptapod.private_active_users']).toEqual(['User', 'insecable', '1', 'PT720H', 'insecable']);
    expect(new Set(rows.map((r) => r.interval))).toEqual(new Set(['PT1H', 'PT720H', null]));
  });

  it('rates the usage CSV: storage per span and hour, traffic summed, users in whole batches', async () => {
    const got = await core.call('lines.list', { period: '2021-03', ownerId: 'orga_csv', limit: 100 });
    const amounts = Object.fromEntries(got.rows.map((r) => [`${r.itemId} ${r.priceItem}`, r.amountPerSecond]));
    expect(amounts).toEqual({
      ...Object.fromEntries(Object.entries(STORAGE).map(([plan, a]) => [`cellar.storage ${plan}`, a])),
      'cellar.outbound 9aca4e75-e4aa-4596-9a3a-b9627ff7a72a': money(new X(10000).times('0.09')),
      'cellar.outbound 69e8dab7-9a60-460e-bcc9-4bdceb09b8f7': money(new X('2000.000000123').times('0.07')),
      'heptapod.public_active_users c38fe22c-937e-48fb-8f53-6388df909116': '0.00',
      'heptapod.public_active_users f7ad3e3b-3507-47b5-9196-37a574116c9b': money(new X(199).div(100).times(8)),
    });
    expect(got.invoice.subtotalPerSecond).toBe('1084.98'); // 21.13 + 7.93 + 900.00 + 140.00 + 15.92 (+ 0.00 × 2)
  });

  it("rates an invoice's own countables over their duration (P1M from the consumption start: 743 h) and finds them billed right", async () => {
    const got = await core.call('lines.list', { period: '2021-03', ownerId: 'orga_inv', limit: 100 });
    expect(Object.fromEntries(got.rows.map((r) => [r.priceItem, [r.amountPerSecond, r.billed, r.status]]))).toEqual(
      Object.fromEntries(Object.entries(STORAGE).map(([plan, a]) => [plan, [a, a, 'match']])),
    );
  });
});
