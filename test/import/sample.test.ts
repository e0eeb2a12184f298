// The repository's sample workspace (resources/sample) imports cleanly, format detected from
// content, with the row counts and identities the rest of the app relies on.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile, previewFile } from '../../electron/core/import';
import { newWorkspace } from './helpers';

const SAMPLE = path.resolve(__dirname, '../../resources/sample');

describe('resources/sample', () => {
  it('imports all six files', async () => {
    expect(fs.existsSync(SAMPLE), `the sample workspace is missing: looked in ${SAMPLE}`).toBe(true);
    const { db } = newWorkspace();
    const expected: [string, string, number][] = [
      ['catalog-2021.json', 'catalog', 16],
      ['usage-2021-03.csv', 'usage-csv', 163],
      ['usage-2021-04.csv', 'usage-csv', 162],
      ['credits.csv', 'credits', 3],
      ['invoice-2021-03.json', 'cc-invoice', 156],
      ['invoice-2021-04.json', 'cc-invoice', 141],
    ];
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
    // Countables are identified by service on both sides (the bucket is kept as an attribute).
    const usage = db.prepare("SELECT DISTINCT item_id, service FROM usage_countables WHERE origin = 'usage' ORDER BY 1").all();
    expect(usage).toEqual([
      { item_id: 'cellar.storage', service: 'cellar.storage' },
      { item_id: 'cellar.traffic', service: 'cellar.traffic' },
    ]);
    const billed = db.prepare("SELECT DISTINCT item_id FROM billed_lines WHERE item_type = 'countable' ORDER BY 1").all();
    expect(billed).toEqual([{ item_id: 'cellar.storage' }, { item_id: 'cellar.traffic' }]);
    // March invoice: billed lines add up to total_tax_excluded exactly.
    const inv = db.prepare("SELECT id, total_tax_excluded FROM invoices WHERE invoice_number = 'FR-2021-03-0004812'").get() as {
      id: number;
      total_tax_excluded: string;
    };
    expect(inv.total_tax_excluded).toBe('506.48');
  });
});
