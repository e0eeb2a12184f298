// Migration 003 on a workspace made before it: catalog secabilities lower-cased, countable
// usage ends recovered from what the earlier importers kept (a usage row's consumption_end
// attribute; an invoice's period for a countable without a duration).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { importFile } from '../../electron/core/import';
import { openWorkspace } from '../../electron/core/store/open';

const FIXTURES = path.resolve(__dirname, '../fixtures/importers');

it('003 fills the spans of countables imported before it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-db-'));
  const file = path.join(dir, 'w.sqlite');
  const db = openWorkspace(file);
  await importFile(db, path.join(FIXTURES, 'catalog.json'));
  await importFile(db, path.join(FIXTURES, 'invoice-v4.json'), { timeZone: 'Europe/Paris' });
  const csv = path.join(dir, 'u.csv');
  fs.writeFileSync(
    csv,
    [
      'owner_id,item_type,item_id,item_name,price_id,zone_id,consumption_start,consumption_end,quantity,unit',
      'o,countable,b,cellar.storage,cellar.storage,par,2021-03-01T00:00:00+01:00,2021-04-01T00:00:00.125+02:00,5,GB',
      'o,countable,b,cellar.traffic,cellar.traffic,par,2021-03-01T00:00:00+01:00,,7,GB',
    ].join('\n'),
  );
  await importFile(db, csv);
  // As the importers of migration 002 left it: no columns, the end as an attribute, secability as written.
  db.exec(`
    ALTER TABLE usage_countables DROP COLUMN end_ms;
    ALTER TABLE catalog_countable DROP COLUMN interval_secability;
    UPDATE catalog_countable SET secability = 'SECABLE';
    UPDATE usage_countables SET attrs_json = json_set(coalesce(attrs_json, '{}'), '$.consumption_end', '2021-04-01T00:00:00.125+02:00')
      WHERE origin = 'usage' AND service = 'cellar.storage';
    DELETE FROM schema_migrations WHERE id = 3;`);
  db.close();

  const reopened = openWorkspace(file);
  expect(reopened.prepare('SELECT secability, interval, interval_secability FROM catalog_countable').get()).toEqual({
    secability: 'secable',
    interval: 'P1M',
    interval_secability: null, // unknown: the rating asks for the catalog to be imported again
  });
  expect(reopened.prepare('SELECT origin, source_row, end_ms FROM usage_countables ORDER BY id').all()).toEqual([
    { origin: 'invoice', source_row: 'countables[0]', end_ms: null }, // "duration": "P1M": a calendar step SQL cannot take
    { origin: 'invoice', source_row: 'countables[1]', end_ms: Date.parse('2024-04-01T00:00:00+02:00') }, // no duration: the invoice's period
    { origin: 'usage', source_row: '2', end_ms: Date.parse('2021-03-31T22:00:00.125Z') },
    { origin: 'usage', source_row: '3', end_ms: null },
  ]);
  reopened.close();
});
