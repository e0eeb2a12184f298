import Decimal from 'decimal.js';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../electron/core/import';
import { expectRefused, newWorkspace, REPO_ROOT, sharedSample, writeFile } from './helpers';

const utc = (s: string) => Date.parse(`${s.replace(' ', 'T')}Z`);
const Dx = Decimal.clone({ precision: 200 });

describe('FOCUS 1.0: the real sample (1,000 rows, AWS/Google/Microsoft/Oracle)', () => {
  it('is found beside the repository, and its absence is an error naming where it was looked for', () => {
    expect(sharedSample('focus-1.0/focus_sample.csv')).toBe(path.resolve(REPO_ROOT, '../shared/samples/focus-1.0/focus_sample.csv'));
    expect(() => sharedSample('focus-1.0/absent.csv')).toThrow(`looked for ${path.resolve(REPO_ROOT, '../shared/samples/focus-1.0/absent.csv')}`);
  });

  it('imports every row, and its totals equal the exact sums of BilledCost computed independently', async () => {
    const SAMPLE = sharedSample('focus-1.0/focus_sample.csv');
    const { db } = newWorkspace();
    const r = await importFile(db, SAMPLE);
    expect(r).toMatchObject({ format: 'focus', rowCount: 1000, warnings: [] });

    // Independent: the test parses the CSV itself and sums with decimal.js.
    const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(SAMPLE, 'utf8'), { header: true, skipEmptyLines: true });
    expect(parsed.data).toHaveLength(1000);
    const expected = new Map<string, InstanceType<typeof Dx>>();
    for (const row of parsed.data) {
      const k = [row.BillingAccountId, utc(row.BillingPeriodStart!), row.BillingCurrency, row.ServiceName].join('|');
      expected.set(k, (expected.get(k) ?? new Dx(0)).plus(row.BilledCost!));
    }

    // Grouped by SQL, summed as exact decimals (SQLite SUM would add floats).
    const groups = db
      .prepare(
        `SELECT billing_account_id AS a, billing_period_start AS p, billing_currency AS c, service_name AS s, group_concat(billed_cost, ' ') AS costs, count(*) AS n
         FROM focus_rows GROUP BY 1, 2, 3, 4`,
      )
      .all() as { a: string; p: number; c: string; s: string; costs: string; n: number }[];
    expect(groups.length).toBe(expected.size);
    for (const g of groups) {
      const sum = g.costs.split(' ').reduce((t, x) => t.plus(x), new Dx(0));
      const want = expected.get([g.a, g.p, g.c, g.s].join('|'));
      expect(want, `group ${g.a} ${g.p} ${g.s}`).toBeDefined();
      expect(sum.eq(want!), `${g.a} ${g.s}: ${sum.toFixed()} vs ${want!.toFixed()}`).toBe(true);
    }
    const grand = groups.reduce((t, g) => t.plus(g.costs.split(' ').reduce((u, x) => u.plus(x), new Dx(0))), new Dx(0));
    const grandWant = parsed.data.reduce((t, row) => t.plus(row.BilledCost!), new Dx(0));
    expect(grand.toFixed()).toBe(grandWant.toFixed());

    // Row numbers, nulls, quoted numbers and JSON tags as in the file.
    const first = db.prepare("SELECT * FROM focus_rows WHERE source_row = '2'").get() as Record<string, unknown>;
    expect(first).toMatchObject({
      billing_account_id: '1234567890123',
      billing_account_name: 'SunBird',
      provider_name: 'AWS',
      billing_period_start: utc('2024-09-01 00:00:00'),
      billing_period_end: utc('2024-10-01 00:00:00'),
      billing_currency: 'USD',
      service_name: 'Amazon Simple Queue Service',
      charge_category: 'Usage',
      charge_class: null,
      billed_cost: '0.00000080000',
      consumed_quantity: '2.000000000000000',
      charge_period_start: utc('2024-09-18 22:00:00'),
      tags_json: null,
    });
    const tagged = db.prepare("SELECT tags_json FROM focus_rows WHERE source_row = '3'").get() as { tags_json: string };
    expect(JSON.parse(tagged.tags_json)).toEqual({ application: 'BrightLensMatrix', environment: 'dev', business_unit: 'ViennaAI' });
    expect(db.prepare('SELECT max(CAST(source_row AS INTEGER)) AS last, count(DISTINCT provider_name) AS providers FROM focus_rows').get()).toEqual({
      last: 1001,
      providers: 3,
    });
    expect(db.prepare("SELECT count(*) AS n FROM focus_rows WHERE resource_id = ''").get()).toEqual({ n: 75 });
  });
});

const HEADER =
  'BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ChargeClass,ChargePeriodStart,ChargePeriodEnd,ProviderName,ResourceId,ServiceName,Tags,Extra';

describe('FOCUS: synthetic cases', () => {
  it('handles NULL and empty, quoted and exponent numbers, UTC dates with or without Z, several currencies', async () => {
    const { db, dir } = newWorkspace();
    const rows = [
      HEADER,
      '"1.50",A1,NULL,USD,2024-09-01 00:00:00,2024-10-01 00:00:00,Usage,NULL,2024-09-02T00:00:00Z,2024-09-02T01:00:00Z,AWS,r-1,EC2,"{""team"": ""x""}",ignored',
      '-0.25,A1,,USD,2024-09-01T00:00:00Z,,Credit,Correction,,,AWS,r-1,EC2,NULL,',
      '1.2E-7,B2,Acme,eur,2024-09-01 00:00:00,NULL,tax,,NULL,NULL,Azure,NULL,VAT,,',
    ];
    const r = await importFile(db, writeFile(dir, 'focus.csv', rows.join('\r\n')));
    expect(r).toMatchObject({ format: 'focus', rowCount: 3 });
    expect(
      db
        .prepare(
          'SELECT source_row, billed_cost, billing_account_name, billing_currency, billing_period_start, billing_period_end, charge_category, charge_class, resource_id, tags_json FROM focus_rows ORDER BY id',
        )
        .all(),
    ).toEqual([
      {
        source_row: '2',
        billed_cost: '1.50',
        billing_account_name: null,
        billing_currency: 'USD',
        billing_period_start: utc('2024-09-01 00:00:00'),
        billing_period_end: utc('2024-10-01 00:00:00'),
        charge_category: 'Usage',
        charge_class: null,
        resource_id: 'r-1',
        tags_json: '{"team": "x"}',
      },
      {
        source_row: '3',
        billed_cost: '-0.25',
        billing_account_name: null,
        billing_currency: 'USD',
        billing_period_start: utc('2024-09-01 00:00:00'),
        billing_period_end: null,
        charge_category: 'Credit',
        charge_class: 'Correction',
        resource_id: 'r-1',
        tags_json: null,
      },
      {
        source_row: '4',
        billed_cost: '0.00000012',
        billing_account_name: 'Acme',
        billing_currency: 'EUR',
        billing_period_start: utc('2024-09-01 00:00:00'),
        billing_period_end: null,
        charge_category: 'Tax',
        charge_class: null,
        resource_id: '',
        tags_json: null,
      },
    ]);
  });

  const bad: [string, string, string[]][] = [
    [
      'BilledCost not a number',
      'abc,A1,,USD,2024-09-01 00:00:00,,Usage,,,,AWS,r,EC2,,',
      ['bad-focus.csv, row 2, field BilledCost: "abc" is not a decimal number'],
    ],
    ['BilledCost null', 'NULL,A1,,USD,2024-09-01 00:00:00,,Usage,,,,AWS,r,EC2,,', ['row 2, field BilledCost: is missing']],
    [
      'unknown ChargeCategory',
      '1,A1,,USD,2024-09-01 00:00:00,,Refund,,,,AWS,r,EC2,,',
      ['row 2, field ChargeCategory: "Refund" is not one of Usage, Purchase, Tax, Credit, Adjustment'],
    ],
    [
      'bad date',
      '1,A1,,USD,2024-13-01 00:00:00,,Usage,,,,AWS,r,EC2,,',
      ['row 2, field BillingPeriodStart: "2024-13-01 00:00:00" is not an ISO-8601 date-time'],
    ],
    ['Tags not JSON', '1,A1,,USD,2024-09-01 00:00:00,,Usage,,,,AWS,r,EC2,{team: x},', ['row 2, field Tags: "{team: x}" is not valid JSON']],
    ['currency shape', '1,A1,,US$,2024-09-01 00:00:00,,Usage,,,,AWS,r,EC2,,', ['row 2, field BillingCurrency: "US$" is not a currency code']],
    ['account missing', '1,NULL,,USD,2024-09-01 00:00:00,,Usage,,,,AWS,r,EC2,,', ['row 2, field BillingAccountId: is missing']],
  ];
  for (const [name, row, patterns] of bad) {
    it(`refuses: ${name}`, async () => {
      const { db, dir } = newWorkspace();
      const ok = '1,A1,,USD,2024-09-01 00:00:00,,Usage,,,,AWS,r,EC2,,';
      await importFile(db, writeFile(dir, 'ok.csv', `${HEADER}\n${ok}\n`));
      await expectRefused(db, writeFile(dir, 'bad-focus.csv', `${HEADER}\n${row}\n${ok}\n`), patterns);
    });
  }

  it('refuses a FOCUS file without a mandatory column', async () => {
    const { db, dir } = newWorkspace();
    await expectRefused(
      db,
      writeFile(dir, 'nocat.csv', 'BilledCost,BillingAccountId,BillingCurrency,BillingPeriodStart,ServiceName\n1,A,USD,2024-09-01 00:00:00,EC2\n'),
      ['nocat.csv, row 1, field ChargeCategory: required column is missing'],
    );
  });
});
