// FOCUS as invoices, the pure rules (shared/reconcile/focus.ts): owners and periods, row checks,
// lines, invoice totals.
import { describe, expect, it } from 'vitest';
import {
  checkInvoices,
  focusLines,
  focusOwnerId,
  focusPeriodOf,
  type FocusRowInput,
  parseFocusOwnerId,
  reconcileFocusLines,
  rowFlags,
  rowRecomputed,
} from '../../shared/reconcile';
import { D } from '../../shared/money';
import type { RatedLine } from '../../shared/types';

const row = (o: Partial<FocusRowInput> = {}): FocusRowInput => ({
  file: 'f.csv',
  sourceRow: '2',
  invoiceId: null,
  chargeCategory: 'Usage',
  chargeClass: null,
  serviceName: 'EC2',
  resourceId: 'i-1',
  skuId: null,
  skuPriceId: null,
  billedCost: '10',
  listCost: '12',
  listUnitPrice: '3',
  contractedCost: '10',
  contractedUnitPrice: '2.5',
  pricingQuantity: '4',
  ...o,
});

describe('FOCUS owners and periods', () => {
  it('an owner is a billing account in one currency; account ids with colons read back whole', () => {
    for (const account of ['1234567890123', '/providers/Microsoft.Billing/billingAccounts/8611537:abc_2019-05-31', 'a:b:c']) {
      expect(parseFocusOwnerId(focusOwnerId(account, 'USD'))).toEqual({ billingAccountId: account, currency: 'USD' });
    }
    expect(parseFocusOwnerId('orga_3547a882-d464-4c34-8168-add4b3e0c135')).toBeNull();
  });

  it("a period is BillingPeriodStart's month in UTC, whatever the workspace zone", () => {
    expect(focusPeriodOf(Date.UTC(2025, 3, 1))).toBe('2025-04');
    expect(focusPeriodOf(Date.UTC(2025, 3, 30, 23, 59, 59))).toBe('2025-04');
  });
});

describe('FOCUS row checks: cost = unit price × PricingQuantity, to the cent', () => {
  it('a row that holds has no flag, and is recomputed as billed', () => {
    const r = row();
    expect(rowFlags(r, 'USD')).toEqual([]);
    expect(rowRecomputed(r, []).toFixed()).toBe('10');
  });

  it('compares rounded to the minor unit: a sub-cent difference holds, a cent does not', () => {
    expect(rowFlags(row({ contractedCost: '10.004', billedCost: '10.004' }), 'USD')).toEqual([]);
    expect(rowFlags(row({ contractedCost: '10.01' }), 'USD')).toEqual([
      { file: 'f.csv', row: '2', check: 'ContractedCost', cost: '10.01', unitPrice: '2.5', quantity: '4', expected: '10' },
    ]);
    // JPY has no minor unit: 0.4 of a yen holds.
    expect(rowFlags(row({ contractedCost: '10.4', listCost: '12' }), 'JPY')).toEqual([]);
  });

  it('a broken ListCost is flagged but does not change what the row should have billed', () => {
    const r = row({ listCost: '13' });
    const flags = rowFlags(r, 'USD');
    expect(flags.map((f) => [f.check, f.expected])).toEqual([['ListCost', '12']]);
    expect(rowRecomputed(r, flags).toFixed()).toBe('10');
  });

  it("a broken ContractedCost corrects the row by the gap; the provider's reductions are kept", () => {
    // Billed 7 after a 3.00 commitment on a contracted cost of 10; the contracted cost should be 2.5 × 5 = 12.5.
    const r = row({ billedCost: '7', contractedCost: '10', pricingQuantity: '5', listCost: '15' });
    const flags = rowFlags(r, 'USD');
    expect(flags.map((f) => f.check)).toEqual(['ContractedCost']);
    expect(rowRecomputed(r, flags).toFixed()).toBe('9.5');
  });

  it('does not apply to corrections, nor without a unit price, quantity or cost', () => {
    expect(rowFlags(row({ chargeClass: 'Correction', listCost: '99', contractedCost: '99' }), 'USD')).toEqual([]);
    expect(rowFlags(row({ pricingQuantity: null, listCost: '99' }), 'USD')).toEqual([]);
    expect(rowFlags(row({ listUnitPrice: null, contractedCost: null, listCost: '99' }), 'USD')).toEqual([]);
  });
});

describe('FOCUS lines', () => {
  it('group rows by charge category, service and resource, in category, service, resource order, with exact sums', () => {
    const rows = [
      row({ sourceRow: '2', serviceName: 'S3', resourceId: 'b', billedCost: '0.0000008', listCost: null, contractedCost: null, skuPriceId: 'p1' }),
      row({ sourceRow: '3', chargeCategory: 'Tax', serviceName: 'VAT', resourceId: '', billedCost: '2', listCost: null, contractedCost: null }),
      row({ sourceRow: '4', serviceName: 's3', resourceId: 'a', billedCost: '1.0000001', listCost: null, contractedCost: null }),
      row({ sourceRow: '5', serviceName: 'S3', resourceId: 'b', billedCost: '0.0000002', listCost: null, contractedCost: null, skuPriceId: 'p2' }),
      row({ sourceRow: '6', chargeCategory: 'Credit', serviceName: 'EC2', resourceId: 'i-1', billedCost: '-1', listCost: null, contractedCost: null }),
      row({ sourceRow: '7', invoiceId: 'INV-1', contractedCost: '11' }),
    ];
    const { lines, invoices } = focusLines('A:USD', 'USD', rows);
    expect(lines.map((l) => [l.lineNo, l.kind, l.itemName, l.itemId, l.rows, l.billedExact, l.recomputedExact, l.priceItem, l.flagCount])).toEqual([
      [1, 'usage', 'EC2', 'i-1', 1, '10', '9', '', 1],
      // Service names compare case-insensitively first, then by code units: S3 before s3.
      [2, 'usage', 'S3', 'b', 2, '0.000001', '0.000001', 'several SKUs', 0],
      [3, 'usage', 's3', 'a', 1, '1.0000001', '1.0000001', '', 0],
      [4, 'credit', 'EC2', 'i-1', 1, '-1', '-1', '', 0],
      [5, 'tax', 'VAT', '', 1, '2', '2', '', 0],
    ]);
    expect(lines[0]!.key).toBe('A:USD|usage|i-1|EC2');
    expect(lines[0]!.flags).toEqual([{ file: 'f.csv', row: '7', check: 'ContractedCost', cost: '11', unitPrice: '2.5', quantity: '4', expected: '10' }]);
    expect([...invoices].map(([id, s]) => [id, s.rows, s.billed.toFixed()])).toEqual([
      ['', 5, '2.0000011'],
      ['INV-1', 1, '10'],
    ]);
  });

  it('reconcile exactly: sub-cent costs are not rounded line by line, nor their totals', () => {
    const rows = Array.from({ length: 300 }, (_, i) =>
      row({ sourceRow: String(i + 2), resourceId: `r-${i}`, billedCost: '0.004', listCost: null, contractedCost: null }),
    );
    const { lines } = focusLines('A:USD', 'USD', rows);
    const rated = lines.map((l): RatedLine => ({
      key: l.key,
      lineNo: l.lineNo,
      ownerId: 'A:USD',
      kind: l.kind,
      itemId: l.itemId,
      itemName: l.itemName,
      priceItem: l.priceItem,
      instances: 0,
      billableSeconds: 0,
      unitPrice: null,
      exactPerSecond: l.recomputedExact,
      exactLegacy: l.recomputedExact,
      amountPerSecond: l.recomputedExact,
      amountLegacy: l.recomputedExact,
      difference: '0.00',
      credit: '0.00',
      net: '0.00',
      explanation: [],
    }));
    const r = reconcileFocusLines(rated, lines, 'USD', '1.20', '0.01');
    expect(r.summary).toMatchObject({ billedTotal: '1.20', recomputedTotal: '1.20', variance: '0.00', counts: { match: 300 } });
    expect(r.lines[0]).toMatchObject({ billed: '0.004', amountPerSecond: '0.004', variance: '0.00', status: 'match' });
  });
});

describe('FOCUS invoice totals against the rows (reconciliation a)', () => {
  const sums = new Map([
    ['INV-1', { rows: 3, billed: new D('100.004') }],
    ['INV-2', { rows: 2, billed: new D('50') }],
    ['INV-3', { rows: 1, billed: new D('7') }],
  ]);
  const t = (invoiceId: string, amount: string, source = 'totals.csv, row 2') => ({ invoiceId, amount, source });

  it('by InvoiceId: match, over- and under-billed, an invoice no row names, and invoices without a total', () => {
    const checks = checkInvoices(sums, [t('INV-1', '100.00'), t('INV-2', '55.00'), t('INV-9', '12.00')], 'USD', '0.01');
    expect(checks.map((c) => [c.invoiceId, c.total, c.rowsTotal, c.difference, c.status])).toEqual([
      ['INV-1', '100.00', '100.00', '0.00', 'match'],
      ['INV-2', '55.00', '50.00', '5.00', 'over_billed'],
      ['INV-3', null, '7.00', null, null],
      ['INV-9', '12.00', '0.00', '12.00', 'unexplained_charge'],
    ]);
    expect(checks[1]!.sentence).toBe(
      'Invoice INV-2: invoiced 55.00 (totals.csv, row 2), its 2 FOCUS rows sum to 50.00: 5.00 more, beyond the 0.01 tolerance: over-billed',
    );
    expect(checks[2]!.sentence).toMatch(/^Invoice INV-3: no invoice total given, the FOCUS rows sum to 7.00/);
    expect(checks[3]!.sentence).toMatch(/no FOCUS row names it: an unexplained charge$/);
  });

  it('a total without an InvoiceId is the whole account and period; the latest total of an invoice counts', () => {
    const checks = checkInvoices(sums, [t('', '150'), t('', '157.00', 'typed by Ada on 2025-05-02')], 'USD', '0.01');
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ invoiceId: '', total: '157.00', rows: 6, rowsTotal: '157.00', status: 'match', source: 'typed by Ada on 2025-05-02' });
  });

  it('rows without an InvoiceId and no total: one unchecked entry for the period', () => {
    const checks = checkInvoices(new Map([['', { rows: 4, billed: new D('9.999') }]]), [], 'EUR', '0.01');
    expect(checks).toEqual([
      {
        invoiceId: '',
        total: null,
        source: null,
        rows: 4,
        rowsTotal: '10.00',
        difference: null,
        status: null,
        sentence: 'The account’s invoices of the period: no invoice total given, the FOCUS rows sum to 10.00 (import the invoice totals or type the total in)',
      },
    ]);
  });
});
