// FOCUS 1.2 files generated here, with InvoiceIds (several invoices per account, a row breaking
// ListCost, one breaking ContractedCost), reconciled against an imported invoice-totals CSV and a
// typed-in total; reviewed, annotated, exported and driven from the CLI like any other period.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../electron/cli/main';
import { openTestCore, sampleFiles, tempDir, type TestCore } from '../api/helpers';
import { readWorkbook, rowValues, sheet, summaryRows } from '../export/xlsx-helpers';
import { expectRefused, newWorkspace } from '../import/helpers';
import { APRIL_FOCUS as april, APRIL_TOTALS as TOTALS, MAY_FOCUS as may } from './fixtures';

describe('FOCUS 1.2 invoices, reconciled against their totals', () => {
  const dir = tempDir('slicewise-focus-inv-');
  const file = (name: string, content: string) => {
    fs.writeFileSync(path.join(dir, name), content);
    return path.join(dir, name);
  };
  let core: TestCore;
  const A = { period: '2025-04', ownerId: 'acct-1:USD' };

  beforeAll(async () => {
    core = openTestCore(path.join(dir, 'w.sqlite'));
    const r = await core.call('import.commit', { files: [file('focus-2025-04.csv', april), file('totals-2025-04.csv', TOTALS)] });
    expect(r.results.map((x) => [x.fileName, x.ok, x.format, x.rowCount])).toEqual([
      ['focus-2025-04.csv', true, 'focus', 10],
      ['totals-2025-04.csv', true, 'invoice-totals', 4],
    ]);
    await core.call('rate.run', { period: '2025-04' });
  });

  it('lists each account in its currency as an owner of April', async () => {
    const { periods } = await core.call('workspace.overview', {});
    expect(periods.map((p) => [p.ownerId, p.period, p.currency, p.focus?.accountName])).toEqual([
      ['acct-1:USD', '2025-04', 'USD', 'Acme Cloud'],
      ['acct-2:EUR', '2025-04', 'EUR', 'Acme EU'],
    ]);
  });

  it('lines group rows by category, service and resource; each line re-checked from its unit prices', async () => {
    const l = await core.call('lines.list', { ...A, limit: 100 });
    expect(l.rows.map((r) => [r.lineNo, r.kind, r.itemName, r.itemId, r.priceItem, r.amountPerSecond, r.billed, r.variance, r.status, r.flaggedRows])).toEqual([
      [1, 'usage', 'EC2', 'i-1', 'vm.s', '1.2', '1.2', '0.00', 'match', 0],
      [2, 'usage', 'RDS', 'db-1', '', '101.5', '102.5', '1.00', 'over_billed', 1],
      [3, 'usage', 'S3', 'bucket-a', '', '2.02', '2.02', '0.00', 'match', 1],
      [4, 'purchase', 'Support', '', '', '50', '50', '0.00', 'match', 0],
      [5, 'tax', 'Tax', '', '', '20', '20', '0.00', 'match', 0],
    ]);
    expect(l.invoice).toMatchObject({
      subtotalPerSecond: '174.72',
      billedTotal: '175.72',
      variance: '1.00',
      creditsApplied: '0.00',
      vat: '0.00',
      total: '174.72',
    });
    const d = await core.call('lines.detail', { ...A, lineKey: l.rows[1]!.key });
    expect(d.focusRows.map((r) => [r.source.file, r.source.row, r.invoiceId, r.billedCost, r.flags])).toEqual([
      ['focus-2025-04.csv', '6', 'INV-2', '100.00', []],
      ['focus-2025-04.csv', '7', 'INV-2', '2.50', [{ check: 'ContractedCost', cost: '2.50', expected: '1.5' }]],
    ]);
    const s3 = await core.call('lines.detail', { ...A, lineKey: l.rows[2]!.key });
    expect(s3.focusRows[1]!.flags).toEqual([{ check: 'ListCost', cost: '9.99', expected: '0.023' }]);
  });

  it('each invoice total against the sum of its rows; the account-level total of acct-2 against all its rows', async () => {
    const { periods } = await core.call('workspace.overview', {});
    const [a, b] = periods;
    expect(a!.focus).toMatchObject({ rows: 8, flaggedRows: 2 });
    expect(a!.focus!.invoices.map((c) => [c.invoiceId, c.total, c.rowsTotal, c.difference, c.status, c.source])).toEqual([
      ['INV-1', '3.22', '3.22', '0.00', 'match', 'totals-2025-04.csv, row 2'],
      ['INV-2', '127.50', '122.50', '5.00', 'over_billed', 'totals-2025-04.csv, row 3'],
      ['INV-3', null, '50.00', null, null, null],
      ['INV-9', '12.00', '0.00', '12.00', 'unexplained_charge', 'totals-2025-04.csv, row 4'],
    ]);
    expect(b!.focus!.invoices.map((c) => [c.invoiceId, c.total, c.rowsTotal, c.status])).toEqual([['', '85.00', '90.00', 'under_billed']]);
    expect(b!.counts).toMatchObject({ match: 2 });
  });

  it('a typed-in total is audited, reconciles the period again, and names who typed it', async () => {
    const r = await core.call('focus.setInvoiceTotal', { ...A, invoiceId: 'INV-3', amount: '50.00' });
    expect(r.reconciled).toBe(true);
    expect(r.invoices.find((c) => c.invoiceId === 'INV-3')).toMatchObject({
      total: '50.00',
      status: 'match',
      source: expect.stringMatching(/^typed by .+ on \d{4}-\d\d-\d\d$/),
    });
    const { periods } = await core.call('workspace.overview', {});
    expect(periods[0]!.focus!.invoices.find((c) => c.invoiceId === 'INV-3')!.status).toBe('match');
    const audit = await core.call('audit.list', { limit: 1000 });
    expect(audit.entries.some((e) => e.action === 'invoice-total' && e.subject === 'acct-1:USD 2025-04' && e.detail.includes('INV-3'))).toBe(true);
    await expect(core.call('focus.setInvoiceTotal', { period: '2025-04', ownerId: 'orga_x', amount: '1' })).rejects.toThrow(/not a FOCUS billing account/);
  });

  it('reviews and annotations stick to the line through a new import and a new rating', async () => {
    const l = await core.call('lines.list', { ...A, statuses: ['over_billed'] });
    const key = l.rows[0]!.key;
    expect(key).toBe('acct-1:USD|usage|db-1|RDS');
    await core.call('lines.setReview', { ...A, lineKeys: [key], state: 'disputed', reason: 'Billed more than its rows' });
    await core.call('lines.annotate', { ...A, lineKey: key, text: 'Row 7: ContractedCost does not match its unit price' });
    const r = await core.call('import.commit', { files: [file('focus-2025-05.csv', may)] });
    expect(r.results[0]).toMatchObject({ ok: true, rowCount: 1 });
    expect((await core.call('workspace.overview', {})).periods.map((p) => [p.ownerId, p.period, p.stale])).toEqual([
      ['acct-1:USD', '2025-04', true],
      ['acct-1:USD', '2025-05', false],
      ['acct-2:EUR', '2025-04', true],
    ]);
    await core.call('rate.run', A);
    const again = await core.call('lines.list', { ...A, reviews: ['disputed'] });
    expect(again.rows.map((x) => [x.key, x.annotationCount])).toEqual([[key, 1]]);
  });

  it('the workspace time zone never moves a FOCUS period, nor makes it stale', async () => {
    await core.call('settings.update', { timeZone: 'America/New_York' });
    const { periods } = await core.call('workspace.overview', {});
    expect(periods.find((p) => p.ownerId === 'acct-1:USD' && p.period === '2025-04')).toMatchObject({ stale: false });
    expect(periods.some((p) => p.period === '2025-03')).toBe(false);
    await core.call('settings.update', { timeZone: 'Europe/Paris' });
  });

  it('exports the workbook: Lines are the groups, Details the rows with file and row', async () => {
    const out = path.join(dir, 'acct-1.xlsx');
    await core.call('export.workbook', { ...A, out });
    const wb = await readWorkbook(out);
    const lines = sheet(wb, 'Lines');
    expect(lines.rowCount).toBe(6);
    // An empty text is an empty cell.
    expect(rowValues(lines, 3).slice(0, 5)).toEqual([2, 'Usage', 'db-1', 'RDS', undefined]);
    const details = sheet(wb, 'Details');
    const got = [];
    for (let n = 2; n <= details.rowCount; n++) {
      const v = rowValues(details, n);
      got.push([v[0], v[1], v[3], v[8], v[9], v[10]]);
    }
    expect(got).toEqual([
      [1, 'i-1', 'vm.s', 0.8, 'focus-2025-04.csv', 2],
      [1, 'i-1', 'vm.s', 0.4, 'focus-2025-04.csv', 3],
      [2, 'db-1', undefined, 100, 'focus-2025-04.csv', 6],
      [2, 'db-1', undefined, 2.5, 'focus-2025-04.csv', 7],
      [3, 'bucket-a', undefined, 2, 'focus-2025-04.csv', 4],
      [3, 'bucket-a', undefined, 0.02, 'focus-2025-04.csv', 5],
      [4, undefined, undefined, 50, 'focus-2025-04.csv', 9],
      [5, undefined, undefined, 20, 'focus-2025-04.csv', 8],
    ]);
    const summary = summaryRows(sheet(wb, 'Summary'));
    expect((summary.get('Billed total (provider)')!.cell.value as { result: number }).result).toBe(175.72);
    const sources: string[] = [];
    sheet(wb, 'Summary').eachRow((r) => {
      if (r.getCell(1).value === 'Source file') sources.push(String(r.getCell(2).value).split(' — ')[0]!);
    });
    expect(sources).toEqual(['focus-2025-04.csv', 'totals-2025-04.csv']);
  });

  it('the CLI rates, reconciles and exports a FOCUS owner', async () => {
    const db = path.join(dir, 'w.sqlite');
    const out: string[] = [];
    const say = (s: string) => out.push(s);
    expect(await run(['rate', '--period', '2025-04', '--owner', 'acct-1:USD', '--db', db], say)).toBe(0);
    // Every command that writes ends with the audit head it left.
    expect(out.join('\n')).toMatch(/^rated acct-1:USD 2025-04: 5 lines, total 174\.72\naudit head \d+:[0-9a-f]{64}$/);
    out.length = 0;
    expect(await run(['reconcile', '--period', '2025-04', '--owner', 'acct-1:USD', '--db', db], say)).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('FOCUS Acme Cloud (acct-1:USD) 2025-04: 8 rows, 2 row checks failed');
    expect(text).toContain(
      'over_billed: Invoice INV-2: invoiced 127.50 (totals-2025-04.csv, row 3), its 3 FOCUS rows sum to 122.50: 5.00 more, beyond the 0.01 tolerance: over-billed',
    );
    expect(text).toMatch(/Discrepancies for Acme Cloud \(acct-1:USD\) 2025-04:[\s\S]*RDS\s+101\.5\s+102\.5\s+1\.00\s+over_billed/);
    expect(text).toContain('focus-2025-04.csv row 7: ContractedCost 2.50 but ContractedUnitPrice × PricingQuantity = 1.5');
    expect(text).toContain('focus-2025-04.csv row 5: ListCost 9.99 but ListUnitPrice × PricingQuantity = 0.023');
    out.length = 0;
    const xlsx = path.join(dir, 'cli.xlsx');
    expect(await run(['export', '--period', '2025-04', '--owner', 'acct-1:USD', '--out', xlsx, '--db', db], say)).toBe(0);
    expect(out.join('\n')).toMatch(/^wrote .*cli\.xlsx \(5 lines, \d+ bytes\)\naudit head \d+:[0-9a-f]{64}$/);
  });
});

describe("the sample workspace's FOCUS account on the CLI", () => {
  it('prints exact totals: every line matches, so the variance is 0 (not the −0.00456 of a total rounded to the cent)', async () => {
    const dir = tempDir('slicewise-focus-cli-');
    const db = path.join(dir, 'w.sqlite');
    const out: string[] = [];
    const say = (s: string) => out.push(s);
    expect(await run(['import', ...sampleFiles(), '--db', db], say)).toBe(0);
    out.length = 0;
    expect(await run(['rate', '--period', '2021-05', '--db', db], say)).toBe(0);
    expect(out).toContain('rated 381492750163:USD 2021-05: 8 lines, total 381.37544');
    out.length = 0;
    expect(await run(['reconcile', '--period', '2021-05', '--db', db], say)).toBe(0);
    const row = out
      .join('\n')
      .split('\n')
      .find((l) => l.startsWith('381492750163:USD'))!;
    // Owner, name (its BillingAccountName), period, currency, per second, 10-min, credits, total, billed, variance, match, over, under, missing, unexplained.
    expect(row.split(/\s{2,}/)).toEqual([
      '381492750163:USD',
      'Atelier Lumen data platform',
      '2021-05',
      'USD',
      '381.37544',
      '381.37544',
      '0.00',
      '381.37544',
      '381.37544',
      '0.00',
      '8',
      '0',
      '0',
      '0',
      '0',
    ]);
    out.length = 0;
    expect(await run(['reconcile', '--period', '2021-05', '--owner', '381492750163:USD', '--json', '--db', db], say)).toBe(0);
    const [owner] = (JSON.parse(out.join('\n')) as { owners: { subtotalPerSecond: string; total: string; billedTotal: string; variance: string }[] }).owners;
    expect(owner).toMatchObject({ subtotalPerSecond: '381.37544', total: '381.37544', billedTotal: '381.37544', variance: '0.00' });
  });
});

describe('Invoice totals CSV', () => {
  it('refuses a second total for the same invoice, naming both rows, and changes nothing', async () => {
    const { db, dir } = newWorkspace();
    const p = path.join(dir, 'totals.csv');
    fs.writeFileSync(p, 'invoice_id,billing_account_id,billing_period_start,currency,amount\nINV-1,a,2025-04-01,USD,1\nINV-1,a,2025-04-01,USD,2\n');
    await expectRefused(db, p, ['totals.csv, row 3, field invoice_id: "INV-1" gives invoice INV-1 a second total (the first is row 2)']);
  });

  it('refuses a bad amount or date with the row and field', async () => {
    const { db, dir } = newWorkspace();
    const p = path.join(dir, 't.csv');
    fs.writeFileSync(p, 'billing_account_id,billing_period_start,currency,amount\na,4/1/25,USD,1\n');
    await expectRefused(db, p, ['t.csv, row 2, field billing_period_start: "4/1/25" is a spreadsheet-formatted date']);
    fs.writeFileSync(p, 'billing_account_id,billing_period_start,currency,amount\na,2025-04-01,USD,abc\n');
    await expectRefused(db, p, ['t.csv, row 2, field amount: "abc" is not a decimal number']);
  });
});
