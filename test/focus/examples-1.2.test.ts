// The FOCUS 1.2 specification's worked examples, as a spreadsheet saved them (US short dates,
// "$10,000.00 "): refused until the date format is stated, then read exactly; never misread.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../electron/core/import';
import { expectRefused, newWorkspace, sharedSample } from '../import/helpers';
import { openTestCore } from '../api/helpers';

const DIR = path.dirname(sharedSample('focus-1.2-examples/README.md'));
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.csv'));
const text = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');
/** The examples that are whole FOCUS rows (billing account, currency, service), written with short dates. */
const complete = files.filter((f) => /^BilledCost|,BillingAccountId,/.test(text(f).replace(/^\ufeff/, '')) && /,ServiceName/.test(text(f)));
const partial = files.filter((f) => !complete.includes(f));

describe('FOCUS 1.2 examples', () => {
  it('are all there: 15 complete examples, 11 that show only the columns of their point', () => {
    expect(files).toHaveLength(26);
    expect(complete).toHaveLength(15);
  });

  for (const f of complete) {
    it(`${f}: refused without a date format, naming the row, the field and how to state it`, async () => {
      const { db } = newWorkspace();
      await expectRefused(db, path.join(DIR, f), [
        new RegExp(`^${f.replace(/\./g, '\\.')}, row 2, field BillingPeriod(End|Start): "\\d{1,2}/\\d{1,2}/\\d{2}" is a spreadsheet-formatted date`),
        '--date-format M/D/YYYY or D/M/YYYY',
      ]);
    });
  }

  it('imported with M/D/YY: dates are US dates at UTC midnight, amounts with currency signs and thousands separators exact', async () => {
    const { db } = newWorkspace();
    for (const f of complete) {
      const r = await importFile(db, path.join(DIR, f), { csv: { dateFormat: 'M/D/YY' } });
      expect(r.format, f).toBe('focus');
    }
    const row = (file: string, n: number) =>
      db
        .prepare(`SELECT f.* FROM focus_rows f JOIN import_batches b ON b.id = f.batch_id WHERE b.file_name = ? AND f.source_row = ?`)
        .get(file, String(n)) as Record<string, unknown>;
    // 5/1/25 is 1 May 2025 here, not 5 January.
    expect(row('saas_spend_agreements_a1.csv', 2)).toMatchObject({
      billing_period_start: Date.UTC(2025, 3, 1),
      billing_period_end: Date.UTC(2025, 4, 1),
      billed_cost: '48',
      list_unit_price: '15',
      contracted_unit_price: '12',
      pricing_quantity: '4',
      invoice_id: null,
    });
    expect(row('simple_saas_agreements_a1.csv', 2)).toMatchObject({
      billed_cost: '10000.00',
      list_cost: '10000.00',
      charge_period_end: Date.UTC(2026, 3, 1),
    });
    expect(row('simple_saas_agreements_a2.csv', 2)).toMatchObject({ billed_cost: '50000.00', list_unit_price: '100.00', pricing_quantity: '500' });
    // 1.2's PricingCurrency columns: kept, the virtual currency as written.
    const token = row('virtual_currency_pricing_model_a2.csv', 2);
    expect(token).toMatchObject({ pricing_currency: 'Token', billed_cost: '0.00', contracted_cost: '490.00' });
    expect(JSON.parse(token.attrs_json as string)).toMatchObject({
      PricingCurrencyEffectiveCost: '245',
      PricingCurrencyListUnitPrice: '1',
      ChargeFrequency: 'Usage-Based',
    });
  });

  it('a date that is not in the stated format is refused, never read another way', async () => {
    const { db, dir } = newWorkspace();
    const src = text('saas_spend_agreements_a1.csv').split('\n');
    const file = path.join(dir, 'dm.csv');
    fs.writeFileSync(file, [src[0], src[1]!.replace(',5/1/25,4/1/25,', ',5/1/25,4/13/25,')].join('\n'));
    // Day 4 of month 13 under D/M/YY: no such date.
    await expectRefused(db, file, ['dm.csv, row 2, field BillingPeriodStart: "4/13/25" is not a date in the stated format D/M/YY'], {
      csv: { dateFormat: 'D/M/YY' },
    });
  });

  it('the stated date format is saved for the source: the next file of the same name pattern reads alike', async () => {
    const core = openTestCore();
    const first = await core.call('import.commit', { files: [path.join(DIR, 'saas_spend_agreements_a1.csv')], csv: { dateFormat: 'M/D/YY' } });
    expect(first.results[0]).toMatchObject({ ok: true });
    // saas_spend_agreements_a2.csv has the pattern saas_spend_agreements_a#.csv.
    const preview = await core.call('import.preview', { file: path.join(DIR, 'saas_spend_agreements_a2.csv') });
    expect(preview).toMatchObject({ format: 'focus', errors: [] });
    const next = await core.call('import.commit', { files: [path.join(DIR, 'saas_spend_agreements_a2.csv')] });
    expect(next.results[0]).toMatchObject({ ok: true, rowCount: 13 });
    const audit = await core.call('audit.list', { limit: 100 });
    expect(audit.entries.find((e) => e.subject === 'saas_spend_agreements_a1.csv')!.detail).toContain('"savedLayout":"saas_spend_agreements_a#.csv"');
  });

  for (const f of partial) {
    it(`${f}: shows only some columns, refused naming the first mandatory one it lacks`, async () => {
      const { db } = newWorkspace();
      await expectRefused(db, path.join(DIR, f), [`${f}, row 1, field BillingAccountId: required column is missing`], { format: 'focus' });
    });
  }

  it('as invoices: each account and billing period listed in UTC months, the SaaS agreement reconciled line by line', async () => {
    const core = openTestCore();
    const r = await core.call('import.commit', { files: complete.map((f) => path.join(DIR, f)), csv: { dateFormat: 'M/D/YYYY' } });
    expect(r.results.filter((x) => !x.ok)).toEqual([]);
    const periods = (await core.call('workspace.overview', {})).periods.map((p) => `${p.ownerId} ${p.period}`);
    expect(periods).toEqual(expect.arrayContaining(['000-00-000:USD 2025-04', '000-00-000:USD 2026-03', '12345:USD 2025-04', '12345:USD 2025-10']));
    await core.call('rate.run', { period: '2025-04', ownerId: '000-00-000:USD' });
    const lines = await core.call('lines.list', { period: '2025-04', ownerId: '000-00-000:USD', limit: 100 });
    // Every row of these examples holds its unit prices: the lines match what was billed.
    expect(lines.rows.every((l) => l.status === 'match' && l.flaggedRows === 0)).toBe(true);
    expect(lines.invoice).toMatchObject({ currency: 'USD', billedTotal: lines.invoice.subtotalPerSecond });
  });
});
