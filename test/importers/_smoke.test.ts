import { it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspace } from '../../electron/core/db/open';
import { importFile, detectFormat, previewFile } from '../../electron/core/importers';

it('smoke', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-smoke-'));
  const db = openWorkspace(path.join(dir, 'w.sqlite'));
  const sample = path.resolve('resources/sample');
  for (const f of ['catalog-2021.json', 'usage-2021-03.csv', 'usage-2021-04.csv', 'credits.csv', 'invoice-2021-03.json', 'invoice-2021-04.json']) {
    const p = path.join(sample, f);
    console.log(f, await detectFormat(p));
    const t = Date.now();
    const r = await importFile(db, p);
    console.log(r.format, r.rowCount, r.warnings, Date.now() - t);
  }
  const p = await previewFile('/work/shared/samples/focus-1.0/focus_sample.csv');
  console.log(p.format, p.columns.length, p.rows.length, p.errors, p.totalRowsEstimate);
  const t = Date.now();
  const r = await importFile(db, '/work/shared/samples/focus-1.0/focus_sample.csv');
  console.log(r, Date.now() - t);
  for (const t of ['import_batches','catalogs','catalog_runtime','catalog_countable','usage_intervals','usage_countables','usage_classic','credits','invoices','billed_lines','focus_rows','audit_log'])
    console.log(t, (db.prepare(`select count(*) n from ${t}`).get() as any).n);
  console.log(db.prepare('select * from usage_countables limit 2').all());
  console.log(db.prepare("select * from billed_lines where item_type in ('classic','countable') limit 3").all());
  expect(1).toBe(1);
});

import { ratePeriod } from '../../electron/core/services/rate';
import { reconcilePeriod } from '../../electron/core/services/reconcile';
import { getSettings } from '../../electron/core/settings';
it('sample end to end (sanity)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-smoke-'));
  const db = openWorkspace(path.join(dir, 'w.sqlite'));
  const sample = path.resolve('resources/sample');
  for (const f of ['catalog-2021.json', 'usage-2021-03.csv', 'usage-2021-04.csv', 'credits.csv', 'invoice-2021-03.json', 'invoice-2021-04.json']) await importFile(db, path.join(sample, f));
  const exp = JSON.parse(fs.readFileSync(path.join(sample, 'expected.json'), 'utf8'));
  const s = getSettings(db);
  for (const period of ['2021-03', '2021-04']) {
    const r = ratePeriod(db, exp.ownerId, period, s);
    const rec = reconcilePeriod(db, exp.ownerId, period, s);
    console.log(period, r.invoice.subtotalPerSecond, r.invoice.creditsApplied, r.invoice.total, rec.billedTotal, rec.counts);
    console.log(JSON.stringify(exp.periods[period].totals ?? Object.keys(exp.periods[period])));
  }
});
