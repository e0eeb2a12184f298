// What the importers keep for countables: the catalog's secability, batch and time interval
// (refused with file, record and field when wrong), and the span of every countable usage row.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../electron/core/import';
import { expectRefused, FIXTURES, newWorkspace, writeFile } from './helpers';

const T = (s: string) => Date.parse(s);
const catalogText = () => fs.readFileSync(path.join(FIXTURES, 'catalog.json'), 'utf8');
const DQ = '"data_quantity_for_price": { "secability": "SECABLE", "quantity": 1 }';
const TI = '"time_interval_for_price": { "secability": "SECABLE", "interval": "P1M" }';

describe('catalog countables', () => {
  const bad: [string, string, string, string][] = [
    [
      'a secability that is neither secable nor insecable',
      DQ,
      '"data_quantity_for_price": { "secability": "continuous", "quantity": 1 }',
      'record countable[0].data_quantity_for_price, field secability: "continuous" is not one of secable, insecable',
    ],
    ['no secability', DQ, '"data_quantity_for_price": { "quantity": 1 }', 'record countable[0].data_quantity_for_price, field secability: is missing'],
    [
      'no quantity for price',
      DQ,
      '"data_quantity_for_price": null',
      'record countable[0], field data_quantity_for_price: is missing (expected {secability, quantity})',
    ],
    [
      'a zero batch',
      DQ,
      '"data_quantity_for_price": { "secability": "secable", "quantity": 0 }',
      'record countable[0].data_quantity_for_price, field quantity: "0" is zero',
    ],
    [
      'an interval that is not an ISO-8601 duration',
      TI,
      '"time_interval_for_price": { "secability": "secable", "interval": "monthly" }',
      'record countable[0].time_interval_for_price, field interval: "monthly" is not a positive ISO-8601 duration',
    ],
    [
      'a zero interval',
      TI,
      '"time_interval_for_price": { "secability": "secable", "interval": "PT0S" }',
      'record countable[0].time_interval_for_price, field interval: "PT0S" is not a positive',
    ],
    [
      'an interval without its secability',
      TI,
      '"time_interval_for_price": { "interval": "PT1H" }',
      'record countable[0].time_interval_for_price, field secability: is missing',
    ],
    [
      'an interval given as text',
      TI,
      '"time_interval_for_price": "PT1H"',
      'record countable[0], field time_interval_for_price: "PT1H" is a string, expected {secability, interval} or null',
    ],
    [
      'two plans with one id',
      '"plan_id": "cellar-storage-tier1"',
      '"plan_id": "cellar-storage-free"',
      'record countable[0].price_plans[1], field plan_id: "cellar-storage-free" is also the id of countable[0].price_plans[0]',
    ],
  ];
  for (const [name, from, to, message] of bad) {
    it(`refuses ${name}`, async () => {
      const { db, dir } = newWorkspace();
      const text = catalogText().replace(from, to);
      expect(text).not.toBe(catalogText());
      await expectRefused(db, writeFile(dir, 'bad-catalog.json', text), [`bad-catalog.json, ${message}`]);
    });
  }

  it('a null time interval is none; secabilities are stored lower-case', async () => {
    const { db, dir } = newWorkspace();
    await importFile(db, writeFile(dir, 'c.json', catalogText().replace(TI, '"time_interval_for_price": null')));
    expect(db.prepare('SELECT secability, interval, interval_secability FROM catalog_countable').get()).toEqual({
      secability: 'secable',
      interval: null,
      interval_secability: null,
    });
  });
});

describe('countable usage spans', () => {
  it("a usage CSV row's span is consumption_start → consumption_end (end optional)", async () => {
    const { db, dir } = newWorkspace();
    const csv = [
      'owner_id,item_type,item_id,item_name,price_id,zone_id,consumption_start,consumption_end,quantity,unit',
      'o,countable,b,cellar.storage,cellar.storage,par,2021-03-01T00:00:00+01:00,2021-03-01T01:00:00.250+01:00,5,B',
      'o,countable,b,cellar.outbound,cellar.outbound,par,2021-03-01T00:00:00+01:00,,7,B',
    ].join('\n');
    await importFile(db, writeFile(dir, 'u.csv', csv));
    expect(db.prepare('SELECT service, start_ms, end_ms FROM usage_countables ORDER BY id').all()).toEqual([
      { service: 'cellar.storage', start_ms: T('2021-02-28T23:00:00Z'), end_ms: T('2021-03-01T00:00:00.250Z') },
      { service: 'cellar.outbound', start_ms: T('2021-02-28T23:00:00Z'), end_ms: null },
    ]);
  });

  it("an invoice countable spans its duration from the consumption start (P1M in the workspace zone), else the invoice's period", async () => {
    const { db } = newWorkspace();
    await importFile(db, path.join(FIXTURES, 'invoice-v4.json'), { timeZone: 'Europe/Paris' });
    expect(db.prepare('SELECT source_row, start_ms, end_ms FROM usage_countables ORDER BY id').all()).toEqual([
      { source_row: 'countables[0]', start_ms: T('2024-03-01T00:00:00+01:00'), end_ms: T('2024-04-01T00:00:00+02:00') }, // "duration": "P1M"
      { source_row: 'countables[1]', start_ms: T('2024-03-01T00:00:00+01:00'), end_ms: T('2024-04-01T00:00:00+02:00') }, // "duration": null
    ]);
    const { db: db2, dir } = newWorkspace();
    const text = fs.readFileSync(path.join(FIXTURES, 'invoice-v4.json'), 'utf8').replace('"duration": "P1M"', '"duration": "PT360H"');
    await importFile(db2, writeFile(dir, 'half.json', text), { timeZone: 'Europe/Paris' });
    expect(db2.prepare("SELECT end_ms FROM usage_countables WHERE source_row = 'countables[0]'").get()).toEqual({ end_ms: T('2024-03-16T00:00:00+01:00') });
  });

  it('an invoice countable whose duration is not an ISO-8601 duration is refused', async () => {
    const { db, dir } = newWorkspace();
    const text = fs.readFileSync(path.join(FIXTURES, 'invoice-v4.json'), 'utf8').replace('"duration": "P1M"', '"duration": "1 month"');
    await expectRefused(db, writeFile(dir, 'bad-invoice.json', text), [
      'bad-invoice.json, record countables[0], field duration: "1 month" is not a positive ISO-8601 duration',
    ]);
  });
});
