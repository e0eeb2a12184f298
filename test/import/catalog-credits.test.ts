import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../electron/core/import';
import { expectRefused, FIXTURES, newWorkspace, writeFile } from './helpers';

const T = (s: string) => Date.parse(s);
const catalogText = () => fs.readFileSync(path.join(FIXTURES, 'catalog.json'), 'utf8');

describe('price catalog', () => {
  it('imports runtime and countable prices exactly as written, with record paths', async () => {
    const { db } = newWorkspace();
    const r = await importFile(db, path.join(FIXTURES, 'catalog.json'));
    expect(r).toMatchObject({ format: 'catalog', rowCount: 5, warnings: [] });
    expect(db.prepare('SELECT batch_id, source_row, zone_id, currency, start_date, end_date FROM catalogs').get()).toEqual({
      batch_id: r.batchId,
      source_row: '(root)',
      zone_id: 'par',
      currency: 'EUR',
      start_date: T('2023-12-31T23:00:00Z'),
      end_date: null,
    });
    expect(db.prepare('SELECT source_row, runtime_policy_id, source, flavor, price_per_hour, slug_id FROM catalog_runtime ORDER BY rowid').all()).toEqual([
      { source_row: 'runtime[0]', runtime_policy_id: 'pol-xs', source: 'apps', flavor: 'XS', price_per_hour: '0.0266667', slug_id: 'apps.XS' },
      {
        source_row: 'runtime[1]',
        runtime_policy_id: 'pol-tiny',
        source: 'apps',
        flavor: 'pico',
        price_per_hour: '0.0001234567890123456789',
        slug_id: 'apps.pico',
      },
      { source_row: 'runtime[2]', runtime_policy_id: 'pol-pg', source: 'postgresql-addon', flavor: 'S', price_per_hour: '0.0400000', slug_id: null },
    ]);
    const k = db.prepare('SELECT * FROM catalog_countable').get() as Record<string, unknown>;
    expect(k).toMatchObject({
      source_row: 'countable[0]',
      service: 'cellar.storage',
      data_unit: 'GB',
      secability: 'secable',
      quantity_for_price: '1',
      interval: 'P1M',
      interval_secability: 'secable',
    });
    expect(JSON.parse(k.plans_json as string)).toEqual([
      { planId: 'cellar-storage-free', maxQuantity: '10', price: '0' },
      { planId: 'cellar-storage-tier1', maxQuantity: '1000', price: '0.02' },
      { planId: 'cellar-storage-tier2', maxQuantity: null, price: '0.015' },
    ]);
  });

  it('reads an array of catalogs, each valid over its dates ([i].runtime[j])', async () => {
    const { db, dir } = newWorkspace();
    const one = catalogText();
    const two = one.replace('"start_date": "2024-01-01T00:00:00+01:00"', '"start_date": "2023-01-01"').replace('"end_date": null', '"end_date": "2024-01-01"');
    await importFile(db, writeFile(dir, 'catalogs.json', `[${two},${one}]`), { timeZone: 'Europe/Paris' });
    expect(db.prepare('SELECT source_row, start_date, end_date FROM catalogs ORDER BY id').all()).toEqual([
      { source_row: '[0]', start_date: T('2022-12-31T23:00:00Z'), end_date: T('2023-12-31T23:00:00Z') },
      { source_row: '[1]', start_date: T('2023-12-31T23:00:00Z'), end_date: null },
    ]);
    expect(db.prepare("SELECT count(*) AS n FROM catalog_runtime WHERE source_row = '[1].runtime[2]'").get()).toEqual({ n: 1 });
  });

  const bad: [string, (t: string) => string, string[]][] = [
    [
      'non-numeric price',
      (t) => t.replace('"price": "0.0400000"', '"price": "4 cents"'),
      ['bad-catalog.json, record runtime[2], field price: "4 cents" is not a decimal number'],
    ],
    ['negative price', (t) => t.replace('"price": 0.0266667', '"price": -0.0266667'), ['record runtime[0], field price: "-0.0266667" is negative']],
    ['missing price', (t) => t.replace('"price": 0.0266667, ', ''), ['record runtime[0], field price: is missing']],
    [
      'time unit not per hour',
      (t) => t.replace('"time_unit": "PT1H", "price": 0.0266667', '"time_unit": "PT1M", "price": 0.0266667'),
      ['record runtime[0], field time_unit: "PT1M" is not supported'],
    ],
    ['duplicate policy id', (t) => t.replace('"pol-pg"', '"pol-xs"'), ['record runtime[2], field runtime_policy_id: "pol-xs" is also the id of runtime[0]']],
    [
      'bad plan price',
      (t) => t.replace('"price": 0.02 }', '"price": "2 cts" }'),
      ['record countable[0].price_plans[1], field price: "2 cts" is not a decimal number'],
    ],
    [
      'end before start',
      (t) => t.replace('"end_date": null', '"end_date": "2023-06-01T00:00:00Z"'),
      ['record (root), field end_date: "2023-06-01T00:00:00Z" is not after start_date'],
    ],
    [
      'start without offset',
      (t) => t.replace('"2024-01-01T00:00:00+01:00"', '"2024-01-01T00:00:00"'),
      ['record (root), field start_date: "2024-01-01T00:00:00" has no UTC offset'],
    ],
    ['bad currency', (t) => t.replace('"currency": "EUR"', '"currency": "€"'), ['record (root), field currency: "€" is not a currency code']],
  ];
  for (const [name, mutate, patterns] of bad) {
    it(`refuses: ${name}`, async () => {
      const { db, dir } = newWorkspace();
      const text = mutate(catalogText());
      expect(text).not.toBe(catalogText());
      await expectRefused(db, writeFile(dir, 'bad-catalog.json', text), patterns);
    });
  }
});

const CREDITS_HEADER = 'credit_id,owner_id,kind,amount,currency,granted_at,valid_from,expires_at,scope,description';

describe('credits', () => {
  it('imports a credits CSV: never-expiring grants, scopes normalized, dates alone at midnight in the workspace time zone', async () => {
    const { db, dir } = newWorkspace();
    const csv = [
      CREDITS_HEADER,
      'cr-1,orga_1,free,50.00,EUR,2021-03-01T00:00:00+01:00,2021-03-01T00:00:00+01:00,2021-04-15T00:00:00+02:00,all,Welcome',
      'cr-2,orga_1,Prepaid,200.00,eur,2021-03-01T10:00:00+01:00,,,Application| BUILD |application,"Prepaid, bank transfer"',
      'cr-3,orga_1,free,0.0001234567890123,EUR,2021-03-01,2021-03-01,2021-04-01,addon,',
    ].join('\n');
    const r = await importFile(db, writeFile(dir, 'credits.csv', csv));
    expect(r).toMatchObject({ format: 'credits', rowCount: 3 });
    expect(db.prepare('SELECT * FROM credits ORDER BY credit_id').all()).toEqual([
      {
        credit_id: 'cr-1',
        batch_id: r.batchId,
        source_row: '2',
        owner_id: 'orga_1',
        kind: 'free',
        amount: '50.00',
        currency: 'EUR',
        granted_at: T('2021-02-28T23:00:00Z'),
        valid_from: T('2021-02-28T23:00:00Z'),
        expires_at: T('2021-04-14T22:00:00Z'),
        scope: 'all',
        description: 'Welcome',
      },
      {
        credit_id: 'cr-2',
        batch_id: r.batchId,
        source_row: '3',
        owner_id: 'orga_1',
        kind: 'prepaid',
        amount: '200.00',
        currency: 'EUR',
        granted_at: T('2021-03-01T09:00:00Z'),
        valid_from: T('2021-03-01T09:00:00Z'),
        expires_at: null,
        scope: 'application|build',
        description: 'Prepaid, bank transfer',
      },
      {
        credit_id: 'cr-3',
        batch_id: r.batchId,
        source_row: '4',
        owner_id: 'orga_1',
        kind: 'free',
        amount: '0.0001234567890123',
        currency: 'EUR',
        granted_at: T('2021-02-28T23:00:00Z'),
        valid_from: T('2021-02-28T23:00:00Z'),
        expires_at: T('2021-03-31T22:00:00Z'),
        scope: 'addon',
        description: '',
      },
    ]);
  });

  it('imports credits JSON ({credits: [...]}) with exact JSON numbers', async () => {
    const { db, dir } = newWorkspace();
    const json = `{"credits": [
      {"credit_id": "c-1", "owner_id": "o", "kind": "free", "amount": 10.10, "currency": "EUR", "granted_at": "2021-03-01T00:00:00Z", "valid_from": "2021-03-01T00:00:00Z", "expires_at": null, "scope": "all", "description": "x"},
      {"credit_id": "c-2", "owner_id": "o", "kind": "prepaid", "amount": "0.30000000000000000001", "currency": "EUR", "granted_at": "2021-03-01T00:00:00Z", "valid_from": "2021-03-01T00:00:00Z", "expires_at": "", "scope": "task|countable"}
    ]}`;
    const r = await importFile(db, writeFile(dir, 'grants.json', json));
    expect(r).toMatchObject({ format: 'credits', rowCount: 2 });
    expect(db.prepare('SELECT credit_id, source_row, amount, expires_at, scope, description FROM credits ORDER BY credit_id').all()).toEqual([
      { credit_id: 'c-1', source_row: 'credits[0]', amount: '10.10', expires_at: null, scope: 'all', description: 'x' },
      { credit_id: 'c-2', source_row: 'credits[1]', amount: '0.30000000000000000001', expires_at: null, scope: 'task|countable', description: '' },
    ]);
  });

  const bad: [string, string, string[]][] = [
    ['unknown kind', 'cr-1,o,gift,5,EUR,2021-03-01T00:00:00Z,,,all,', ['bad-credits.csv, row 2, field kind: "gift" is not one of prepaid, free']],
    [
      'unknown scope kind',
      'cr-1,o,free,5,EUR,2021-03-01T00:00:00Z,,,application|apps,',
      ['row 2, field scope: "application|apps" has "apps", which is not a line kind'],
    ],
    ['negative amount', 'cr-1,o,free,-5,EUR,2021-03-01T00:00:00Z,,,all,', ['row 2, field amount: "-5" is negative']],
    ['non-numeric amount', 'cr-1,o,free,five,EUR,2021-03-01T00:00:00Z,,,all,', ['row 2, field amount: "five" is not a decimal number']],
    [
      'expiry before validity',
      'cr-1,o,free,5,EUR,2021-03-01T00:00:00Z,2021-03-10T00:00:00Z,2021-03-05T00:00:00Z,all,',
      ['row 2, field expires_at: "2021-03-05T00:00:00Z" is not after valid_from'],
    ],
    ['date-time without offset', 'cr-1,o,free,5,EUR,2021-03-01T00:00:00,,,all,', ['row 2, field granted_at: "2021-03-01T00:00:00" has no UTC offset']],
    ['bad currency', 'cr-1,o,free,5,E1R,2021-03-01T00:00:00Z,,,all,', ['row 2, field currency: "E1R" is not a currency code']],
    [
      'duplicate id in the file',
      'cr-1,o,free,5,EUR,2021-03-01T00:00:00Z,,,all,\ncr-1,o,free,6,EUR,2021-03-01T00:00:00Z,,,all,',
      ['bad-credits.csv, row 3, field credit_id: credit "cr-1" appears twice (row 2 and row 3)'],
    ],
  ];
  for (const [name, rows, patterns] of bad) {
    it(`refuses: ${name}`, async () => {
      const { db, dir } = newWorkspace();
      await expectRefused(db, writeFile(dir, 'bad-credits.csv', `${CREDITS_HEADER}\n${rows}\n`), patterns);
    });
  }

  it('refuses a credit id already in the workspace, naming where it came from', async () => {
    const { db, dir } = newWorkspace();
    await importFile(db, writeFile(dir, 'a.csv', `${CREDITS_HEADER}\ncr-1,o,free,5,EUR,2021-03-01T00:00:00Z,,,all,\n`));
    await expectRefused(
      db,
      writeFile(dir, 'b.csv', `${CREDITS_HEADER}\ncr-2,o,free,5,EUR,2021-03-01T00:00:00Z,,,all,\ncr-1,o,free,7,EUR,2021-03-01T00:00:00Z,,,all,\n`),
      ['b.csv, row 3, field credit_id: credit "cr-1" already exists in the workspace (row 2 of a.csv, batch 1)'],
    );
  });

  it('refuses a JSON credit with a bad field, naming the record', async () => {
    const { db, dir } = newWorkspace();
    const json =
      '[{"credit_id": "c-1", "owner_id": "o", "kind": "free", "amount": 1, "currency": "EUR", "granted_at": "2021-03-01T00:00:00Z", "scope": "all"}, {"credit_id": "c-2", "owner_id": "o", "kind": "free", "amount": true, "currency": "EUR", "granted_at": "2021-03-01T00:00:00Z", "scope": "all"}]';
    await expectRefused(db, writeFile(dir, 'c.json', json), ['c.json, record [1], field amount: "true" is a boolean, expected a number']);
  });
});
