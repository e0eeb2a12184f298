// The repository's sample workspace (resources/sample) imports cleanly, format detected from
// content, with the row counts and identities the rest of the app relies on.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile, previewFile } from '../../electron/core/import';
import { newWorkspace } from './helpers';

const SAMPLE = path.resolve(__dirname, '../../resources/sample');

describe('resources/sample', () => {
  it('imports every file', async () => {
    expect(fs.existsSync(SAMPLE), `the sample workspace is missing: looked in ${SAMPLE}`).toBe(true);
    const { db } = newWorkspace();
    // Invoices: details + countables + classic items + billed lines + the invoice.
    const expected: [string, string, number][] = [
      ['catalog-2021.json', 'catalog', 16],
      ['usage-2021-03.csv', 'usage-csv', 163],
      ['usage-2021-04.csv', 'usage-csv', 162],
      ['credits.csv', 'credits', 4],
      ['invoice-2021-03.json', 'cc-invoice', 156],
      ['invoice-2021-04.json', 'cc-invoice', 141],
      ['invoice-2021-05.json', 'cc-invoice', 128],
      ['focus-aws-2021-04-05.csv', 'focus', 181],
      ['aws-invoice-totals-2021.csv', 'invoice-totals', 3],
    ];
    const files = fs.readdirSync(SAMPLE).filter((f) => /\.(csv|json)$/.test(f) && f !== 'expected.json');
    expect(files.sort()).toEqual(expected.map(([f]) => f).sort());
    for (const [file, format, rows] of expected) {
      const p = path.join(SAMPLE, file);
      expect((await previewFile(p)).format).toBe(format);
      const r = await importFile(db, p);
      expect([r.format, r.rowCount, r.warnings]).toEqual([format, rows, []]);
    }
    // The cross-boundary, DST-spanning interval of the README is row 143, uncut.
    expect(db.prepare("SELECT start_ms, end_ms FROM usage_intervals WHERE batch_id = 2 AND source_row = '143'").get()).toEqual({
      start_ms: Date.parse('2021-03-27T21:00:00Z'),
      end_ms: Date.parse('2021-04-02T08:00:00Z'),
    });
    // April's row 111 spills into May, where no usage row starts: May is the invoice's alone.
    expect(db.prepare("SELECT start_ms, end_ms FROM usage_intervals WHERE batch_id = 3 AND source_row = '111'").get()).toEqual({
      start_ms: Date.parse('2021-04-19T13:12:09Z'),
      end_ms: Date.parse('2021-05-01T01:00:40.500Z'),
    });
    expect(db.prepare("SELECT count(*) AS n FROM usage_intervals WHERE origin = 'usage' AND start_ms >= ?").get(Date.parse('2021-04-30T22:00:00Z'))).toEqual({
      n: 0,
    });
    // Countables are identified by service on both sides (the Cellar add-on is kept as an attribute).
    const usage = db.prepare("SELECT DISTINCT item_id, service FROM usage_countables WHERE origin = 'usage' ORDER BY 1").all();
    expect(usage).toEqual([
      { item_id: 'cellar.storage', service: 'cellar.storage' },
      { item_id: 'cellar.traffic', service: 'cellar.traffic' },
    ]);
    const billed = db.prepare("SELECT DISTINCT item_id FROM billed_lines WHERE item_type = 'countable' ORDER BY 1").all();
    expect(billed).toEqual([{ item_id: 'cellar.storage' }, { item_id: 'cellar.traffic' }]);
    // Clever Cloud's layout: every billed line keeps the invoice item's own id, never the app_id it bills.
    const refs = db.prepare('SELECT item_type, item_id, item_ref FROM billed_lines').all() as { item_type: string; item_id: string; item_ref: string }[];
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) {
      expect(r.item_ref).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.item_ref).not.toBe(r.item_id);
    }
    // March invoice: billed lines add up to total_tax_excluded exactly.
    const inv = db.prepare("SELECT id, total_tax_excluded FROM invoices WHERE invoice_number = 'FR-2021-03-0004812'").get() as {
      id: number;
      total_tax_excluded: string;
    };
    expect(inv.total_tax_excluded).toBe('506.48');
  });
});
