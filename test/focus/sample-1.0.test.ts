// The real FOCUS 1.0 sample (1,000 anonymized rows of AWS, Microsoft and Oracle) as invoices: each
// billing account's periods listed, rated, reconciled and exported, every figure checked against an
// independent computation of the CSV (papaparse + decimal.js).
import Decimal from 'decimal.js';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, tempDir, type TestCore } from '../api/helpers';
import { sharedSample } from '../import/helpers';
import { LABELS } from '../../shared/i18n/labels';
import { readWorkbook, rowValues, sheet, summaryRows } from '../export/xlsx-helpers';

const Dx = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_UP });
type Row = Record<string, string>;
const nul = (v: string | undefined) => (v === undefined || v.toUpperCase() === 'NULL' ? '' : v);
const month = (s: string) => s.slice(0, 7);

describe('FOCUS 1.0 sample: each billing account is an owner, each billing period a period', () => {
  const SAMPLE = sharedSample('focus-1.0/focus_sample.csv');
  const rows = Papa.parse<Row>(fs.readFileSync(SAMPLE, 'utf8'), { header: true, skipEmptyLines: true }).data;
  const ownerOf = (r: Row) => `${r.BillingAccountId}:${r.BillingCurrency}`;
  let core: TestCore;

  beforeAll(async () => {
    expect(rows).toHaveLength(1000);
    core = openTestCore();
    const r = await core.call('import.commit', { files: [SAMPLE] });
    expect(r.results[0]).toMatchObject({ ok: true, format: 'focus', rowCount: 1000 });
    for (const p of (await core.call('workspace.overview', {})).periods) await core.call('rate.run', { period: p.period, ownerId: p.ownerId });
  });

  it('lists every (account, currency, period) of the file, FOCUS ones, with the account named', async () => {
    const want = [...new Set(rows.map((r) => `${ownerOf(r)} ${month(r.BillingPeriodStart!)}`))].sort();
    const { periods } = await core.call('workspace.overview', {});
    expect(periods.map((p) => `${p.ownerId} ${p.period}`).sort()).toEqual(want);
    const aws = periods.find((p) => p.ownerId === '1234567890123:USD')!;
    expect(aws).toMatchObject({ currency: 'USD', hasInvoice: true, stale: false, focus: { accountName: 'SunBird', provider: 'AWS', rows: 942 } });
  });

  it("every account's billed sum, and every line's, equals the independent exact sum of BilledCost", async () => {
    const byPeriod = new Map<string, InstanceType<typeof Dx>>();
    const byLine = new Map<string, InstanceType<typeof Dx>>();
    for (const r of rows) {
      const p = `${ownerOf(r)} ${month(r.BillingPeriodStart!)}`;
      byPeriod.set(p, (byPeriod.get(p) ?? new Dx(0)).plus(r.BilledCost!));
      const l = `${p}|${r.ChargeCategory!.toLowerCase()}|${nul(r.ResourceId)}|${nul(r.ServiceName)}`;
      byLine.set(l, (byLine.get(l) ?? new Dx(0)).plus(r.BilledCost!));
    }
    const { periods } = await core.call('workspace.overview', {});
    // The billed side is exact, as the provider gives it (at least the cents' two digits).
    const exact = (d: InstanceType<typeof Dx>) => d.toFixed(Math.max(2, d.decimalPlaces()));
    let lines = 0;
    for (const p of periods) {
      const want = byPeriod.get(`${p.ownerId} ${p.period}`)!;
      expect(p.billedTotal, `${p.ownerId} ${p.period}`).toBe(exact(want));
      expect(p.focus!.invoices).toEqual([expect.objectContaining({ invoiceId: '', rowsTotal: want.toFixed(2), status: null })]);
      const list = await core.call('lines.list', { period: p.period, ownerId: p.ownerId, limit: 5000 });
      expect(list.filtered.billed).toBe(exact(want));
      for (const l of list.rows) {
        const w = byLine.get(`${p.ownerId} ${p.period}|${l.kind}|${l.itemId}|${l.itemName}`);
        expect(w, l.key).toBeDefined();
        expect(new Dx(l.billed!).eq(w!), `${l.key}: ${l.billed} vs ${w!.toFixed()}`).toBe(true);
      }
      lines += list.total;
    }
    expect(lines).toBe(byLine.size);
  });

  it("every account's recomputed total is the exact sum of its rows, and its variance exact: 0 where every line matches", async () => {
    // Independently: a row's recomputed cost is its BilledCost, corrected by ContractedUnitPrice ×
    // PricingQuantity − ContractedCost when that product is not its ContractedCost to the cent.
    const cents = (v: InstanceType<typeof Dx>) => v.toDecimalPlaces(2).toFixed(2);
    const billed = new Map<string, InstanceType<typeof Dx>>();
    const recomputed = new Map<string, InstanceType<typeof Dx>>();
    for (const r of rows) {
      const p = `${ownerOf(r)} ${month(r.BillingPeriodStart!)}`;
      let cost = new Dx(r.BilledCost!);
      const [q, cup, cc] = [nul(r.PricingQuantity), nul(r.ContractedUnitPrice), nul(r.ContractedCost)];
      if (nul(r.ChargeClass) !== 'Correction' && q !== '' && cup !== '' && cc !== '') {
        const expected = new Dx(cup).times(q);
        if (cents(expected) !== cents(new Dx(cc))) cost = cost.plus(expected).minus(cc);
      }
      billed.set(p, (billed.get(p) ?? new Dx(0)).plus(r.BilledCost!));
      recomputed.set(p, (recomputed.get(p) ?? new Dx(0)).plus(cost));
    }
    const { periods } = await core.call('workspace.overview', {});
    const { summaries } = await core.call('reconcile.run', { period: '2024-09' });
    expect(summaries.map((s) => s.ownerId).sort()).toEqual(
      periods
        .filter((p) => p.period === '2024-09')
        .map((p) => p.ownerId)
        .sort(),
    );
    const exactZero: string[] = [];
    for (const p of (await core.call('workspace.overview', {})).periods) {
      const what = `${p.ownerId} ${p.period}`;
      const want = recomputed.get(what)!;
      // Exact: no rounding to the cent of the provider's sub-cent costs, nor of their sum.
      expect(new Dx(p.subtotalPerSecond!).eq(want), `${what} subtotal ${p.subtotalPerSecond} vs ${want.toFixed()}`).toBe(true);
      expect(new Dx(p.total!).eq(want), `${what} total`).toBe(true);
      expect(new Dx(p.variance!).eq(billed.get(what)!.minus(want)), `${what} variance ${p.variance}`).toBe(true);
      const list = await core.call('lines.list', { period: p.period, ownerId: p.ownerId, limit: 5000 });
      expect(list.invoice).toMatchObject({
        subtotalPerSecond: p.subtotalPerSecond,
        netBeforeTax: p.subtotalPerSecond,
        total: p.subtotalPerSecond,
        variance: p.variance,
      });
      expect(list.filtered.variance, what).toBe(p.variance);
      if (list.rows.every((l) => l.status === 'match')) {
        expect(p.variance, what).toBe('0.00');
        exactZero.push(what);
      }
    }
    // Microsoft's account (sub-cent rows summing to 1.97651418586) and both of Oracle's periods
    // match line by line: their variance is 0, not the −0.0035 a total rounded to the cent left.
    expect(exactZero.sort()).toEqual(['/providers/Microsoft.Billing/billingAccounts/8611537:USD 2024-09', '20209880:USD 2024-09', '20209880:USD 2024-10']);
    const microsoft = periods.find((p) => p.ownerId.startsWith('/providers/Microsoft'))!;
    expect([microsoft.subtotalPerSecond, microsoft.billedTotal, microsoft.variance]).toEqual(['1.97651418586', '1.97651418586', '0.00']);
  });

  it('flags exactly the rows whose ListCost or ContractedCost is not unit price × PricingQuantity, to the cent', async () => {
    const cents = (v: string) => new Dx(v).toDecimalPlaces(2).toFixed(2);
    const want = new Map<string, string[]>();
    for (const [i, r] of rows.entries()) {
      if (nul(r.ChargeClass) === 'Correction' || nul(r.PricingQuantity) === '') continue;
      for (const [cost, price] of [
        ['ListCost', 'ListUnitPrice'],
        ['ContractedCost', 'ContractedUnitPrice'],
      ] as const) {
        if (nul(r[cost]) === '' || nul(r[price]) === '') continue;
        if (cents(new Dx(r[price]!).times(r.PricingQuantity!).toFixed()) !== cents(r[cost]!)) {
          const owner = ownerOf(r);
          want.set(owner, [...(want.get(owner) ?? []), `${i + 2} ${cost}`]);
        }
      }
    }
    expect([...want.values()].flat().length).toBeGreaterThan(0); // the anonymized sample has such rows
    const { periods } = await core.call('workspace.overview', {});
    for (const p of periods) {
      const got: string[] = [];
      const flagged = await core.call('lines.list', { period: p.period, ownerId: p.ownerId, flagged: true, limit: 5000 });
      for (const l of flagged.rows) {
        const d = await core.call('lines.detail', { period: p.period, ownerId: p.ownerId, lineKey: l.key });
        const fromRows = d.focusRows.flatMap((r) => r.flags.map((f) => `${r.source.row} ${f.check}`));
        expect(fromRows).toHaveLength(l.flaggedRows);
        got.push(...fromRows);
      }
      expect(got.sort(), p.ownerId).toEqual((want.get(p.ownerId) ?? []).sort());
      expect(p.focus!.flaggedRows).toBe(got.length);
    }
  });

  it('a line detail shows its rows with file and row, the calculation, and the flags', async () => {
    const list = await core.call('lines.list', { period: '2024-09', ownerId: '1234567890123:USD', flagged: true, limit: 1 });
    const d = await core.call('lines.detail', { period: '2024-09', ownerId: '1234567890123:USD', lineKey: list.rows[0]!.key });
    expect(d.focusRowsTotal).toBe(d.focusRows.length);
    expect(d.billedSources.map((s) => s.source)).toEqual(d.focusRows.map((r) => r.source));
    for (const r of d.focusRows) expect(rows[Number(r.source.row) - 2]!.BilledCost).toBe(r.billedCost);
    expect(d.explanation.map((e) => e.label)).toEqual(['FOCUS rows', 'Billed by the provider', 'Unit-price checks', 'Recomputed']);
    expect(d.explanation[2]!.value).toMatch(/^1 broken: row \d+$/);
  });

  it('exports a workbook: Lines are the groups, Details the rows with their source row', async () => {
    const out = path.join(tempDir('slicewise-focus-'), 'aws.xlsx');
    await core.call('export.workbook', { period: '2024-09', ownerId: '1234567890123:USD', out });
    const wb = await readWorkbook(out);
    const list = await core.call('lines.list', { period: '2024-09', ownerId: '1234567890123:USD', limit: 5000 });
    const linesWs = sheet(wb, 'Lines');
    expect(linesWs.rowCount - 1).toBe(list.total);
    expect(rowValues(linesWs, 2).slice(0, 5)).toEqual([
      1,
      LABELS.en.kind[list.rows[0]!.kind],
      list.rows[0]!.itemId,
      list.rows[0]!.itemName,
      list.rows[0]!.priceItem,
    ]);
    const details = sheet(wb, 'Details');
    const awsRows = rows.map((r, i) => ({ r, row: i + 2 })).filter(({ r }) => r.BillingAccountId === '1234567890123');
    expect(details.rowCount - 1).toBe(awsRows.length);
    const seen = new Map<number, { line: number; amount: number }>();
    for (let n = 2; n <= details.rowCount; n++) {
      const v = rowValues(details, n);
      expect(v[9]).toBe('focus_sample.csv');
      seen.set(v[10] as number, { line: v[0] as number, amount: v[8] as number });
    }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(awsRows.map((x) => x.row));
    for (const { r, row } of awsRows) expect(seen.get(row)!.amount).toBeCloseTo(Number(r.BilledCost), 12);
    const summary = summaryRows(sheet(wb, 'Summary'));
    expect(summary.get('Time zone')!.cell.value).toBe('UTC');
    expect(summary.get('Currency')!.cell.value).toBe('USD');
    const billed = summary.get('Billed total (provider)')!.cell.value as { result: number };
    expect(billed.result).toBe(Number(list.invoice.billedTotal));
  });
});
