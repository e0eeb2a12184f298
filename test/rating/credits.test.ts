// Credits: order, scope, validity, expiry, carry-over between periods, VAT. Values by hand.
import { describe, expect, it } from 'vitest';
import { applyCredits, rateInvoice } from '../../shared/rating';
import type { CreditBalance, CreditGrant, RatedInvoice } from '../../shared/types';
import { at, grant, input, iv, task } from './fixtures';

/** `hours` hours of app usage at 1.00 EUR/h (apps.ONE) starting at `iso`: costs `hours` euros. */
const app = (iso: string, hours: number, over: Parameters<typeof iv>[0] | object = {}) =>
  iv({ priceId: 'apps.ONE', start: at(iso), end: at(iso) + Math.round(hours * 3_600_000), ...over });
const build = (iso: string, hours: number) => app(iso, hours, { itemType: 'build' });

const balance = (inv: RatedInvoice, id: string): CreditBalance | undefined => inv.balances.find((b) => b.creditId === id);
const JAN1 = at('2021-01-01T00:00:00+01:00');
const MAR1 = at('2021-03-01T00:00:00+01:00');

describe('credits on one invoice', () => {
  it('a credit larger than the subtotal brings it to zero, and the rest carries over', () => {
    const inv = rateInvoice(input({ intervals: [app('2021-03-10T10:00:00Z', 3)], credits: [grant({ creditId: 'P', amount: '10', validFrom: JAN1 })] }));
    // usage 3.00; grant 10.00 granted in January → March opening 10.00, used 3.00, closing 7.00
    expect(inv.lines[0]).toMatchObject({ amountPerSecond: '3.00', credit: '3.00', net: '0.00' });
    expect(inv).toMatchObject({ subtotalPerSecond: '3.00', creditsApplied: '3.00', netBeforeTax: '0.00', vat: '0.00', total: '0.00' });
    expect(inv.allocations).toEqual([{ creditId: 'P', lineKey: 'orga_1|application|app_1|apps.ONE', lineNo: 1, amount: '3.00' }]);
    expect(balance(inv, 'P')).toMatchObject({ opening: '10.00', granted: '0.00', used: '3.00', expired: '0.00', closing: '7.00' });
    // In January it was granted
    const jan = rateInvoice(input({ period: '2021-01', credits: [grant({ creditId: 'P', amount: '10', validFrom: JAN1 })] }));
    expect(balance(jan, 'P')).toMatchObject({ opening: '0.00', granted: '10.00', used: '0.00', closing: '10.00' });
  });

  it('an expired credit is not used and not listed; one expiring during the period is used, then expires', () => {
    const intervals = [app('2021-03-20T10:00:00Z', 3)];
    const gone = grant({ creditId: 'OLD', kind: 'free', amount: '5', validFrom: JAN1, expiresAt: at('2021-02-01T00:00:00+01:00') });
    const inv = rateInvoice(input({ intervals, credits: [gone] }));
    expect(inv.creditsApplied).toBe('0.00');
    expect(inv.balances).toEqual([]);
    const jan = rateInvoice(input({ period: '2021-01', credits: [gone] }));
    // granted 5.00, nothing used in January, expired 5.00 at its end
    expect(balance(jan, 'OLD')).toMatchObject({ opening: '0.00', granted: '5.00', used: '0.00', expired: '5.00', closing: '0.00' });

    // Usable for March (expires after March starts): covers the whole March invoice, rest expires.
    const mid = grant({ creditId: 'MID', kind: 'free', amount: '5', validFrom: MAR1, expiresAt: at('2021-03-15T00:00:00Z') });
    const inv2 = rateInvoice(input({ intervals, credits: [mid] }));
    expect(balance(inv2, 'MID')).toMatchObject({ opening: '0.00', granted: '5.00', used: '3.00', expired: '2.00', closing: '0.00' });
  });

  it('a credit not yet valid is not used and not listed', () => {
    const intervals = [app('2021-03-10T10:00:00Z', 3)];
    const april = grant({ creditId: 'APR', amount: '5', validFrom: at('2021-04-01T00:00:00+02:00') }); // = March end in Paris
    expect(rateInvoice(input({ intervals, credits: [april] }))).toMatchObject({ creditsApplied: '0.00', balances: [] });
    // one millisecond earlier it is usable for the March invoice
    const lastMs = grant({ creditId: 'LAST', amount: '5', validFrom: at('2021-03-31T21:59:59.999Z') });
    expect(rateInvoice(input({ intervals, credits: [lastMs] })).creditsApplied).toBe('3.00');
  });

  it('a scoped credit only covers its kinds', () => {
    const inv = rateInvoice(
      input({
        intervals: [app('2021-03-10T10:00:00Z', 1), build('2021-03-10T10:00:00Z', 2)],
        tasks: [task({ start: at('2021-03-05T00:00:00Z'), unitPrice: '4' })],
        credits: [
          grant({ creditId: 'B', amount: '10', validFrom: MAR1, scope: ['build'] }),
          grant({ creditId: 'T', amount: '1.5', validFrom: MAR1, scope: ['task', 'countable'] }),
        ],
      }),
    );
    // app 1.00 (no credit), build 2.00 (B: 2.00), task 4.00 (T: 1.50)
    expect(inv.lines.map((l) => [l.kind, l.amountPerSecond, l.credit, l.net])).toEqual([
      ['application', '1.00', '0.00', '1.00'],
      ['build', '2.00', '2.00', '0.00'],
      ['task', '4.00', '1.50', '2.50'],
    ]);
    expect(inv).toMatchObject({ subtotalPerSecond: '7.00', creditsApplied: '3.50', netBeforeTax: '3.50' });
  });

  it('free credits go before prepaid ones, whatever their expiry', () => {
    const inv = rateInvoice(
      input({
        intervals: [app('2021-03-10T10:00:00Z', 3)],
        credits: [
          grant({ creditId: 'PRE', kind: 'prepaid', amount: '2', validFrom: JAN1, expiresAt: at('2021-06-01T00:00:00Z') }),
          grant({ creditId: 'FREE', kind: 'free', amount: '2', validFrom: MAR1 }),
        ],
      }),
    );
    // 3.00: FREE takes 2.00 first, PRE the last 1.00
    expect(inv.allocations.map((a) => [a.creditId, a.amount])).toEqual([
      ['FREE', '2.00'],
      ['PRE', '1.00'],
    ]);
    expect(inv.balances.map((b) => b.creditId)).toEqual(['FREE', 'PRE']);
  });

  it('then soonest expiry (never last), earliest grant, credit id', () => {
    const g = (creditId: string, expiresAt: number | null, grantedAt = JAN1) =>
      grant({ creditId, kind: 'free', amount: '1', validFrom: MAR1, grantedAt, expiresAt });
    const inv = rateInvoice(
      input({
        intervals: [app('2021-03-10T10:00:00Z', 4)],
        credits: [
          g('N-b', null, at('2021-01-05T00:00:00Z')),
          g('DEC', at('2021-12-31T00:00:00Z')),
          g('N-a', null, at('2021-01-05T00:00:00Z')),
          g('N-early', null, at('2021-01-03T00:00:00Z')),
          g('JUN', at('2021-06-30T00:00:00Z')),
        ],
      }),
    );
    // 4.00 of usage, 1.00 each: JUN, DEC, then the never-expiring by grant date then id; N-b gets nothing
    expect(inv.allocations.map((a) => a.creditId)).toEqual(['JUN', 'DEC', 'N-early', 'N-a']);
    expect(balance(inv, 'N-b')).toMatchObject({ used: '0.00', closing: '1.00' });
  });

  it('credits follow line order and a negative line gets none', () => {
    const inv = rateInvoice(
      input({
        intervals: [app('2021-03-10T10:00:00Z', 1), build('2021-03-10T10:00:00Z', 1)],
        tasks: [task({ start: at('2021-03-05T00:00:00Z'), unitPrice: '10', discount: '25' })],
        credits: [grant({ creditId: 'P', amount: '1.25', validFrom: MAR1 })],
      }),
    );
    // app 1.00 (credit 1.00), build 1.00 (credit 0.25), task −15.00 (no credit)
    expect(inv.lines.map((l) => [l.lineNo, l.credit, l.net])).toEqual([
      [1, '1.00', '0.00'],
      [2, '0.25', '0.75'],
      [3, '0.00', '-15.00'],
    ]);
    // subtotal 1 + 1 − 15 = −13.00; credits 1.25; net −14.25; VAT 20 % = −2.85; total −17.10
    expect(inv).toMatchObject({ subtotalPerSecond: '-13.00', creditsApplied: '1.25', netBeforeTax: '-14.25', vat: '-2.85', total: '-17.10' });
  });

  it('ignores grants of other currencies and other owners', () => {
    const inv = rateInvoice(
      input({
        intervals: [app('2021-03-10T10:00:00Z', 1)],
        credits: [
          grant({ creditId: 'USD', currency: 'USD', amount: '5', validFrom: MAR1 }),
          grant({ creditId: 'OTHER', ownerId: 'orga_2', amount: '5', validFrom: MAR1 }),
        ],
      }),
    );
    expect(inv).toMatchObject({ creditsApplied: '0.00', balances: [] });
  });
});

describe('credits over several periods', () => {
  const credit = grant({ creditId: 'P', amount: '5', validFrom: JAN1, expiresAt: at('2021-03-15T00:00:00+01:00') });
  const usage = [app('2021-01-10T10:00:00Z', 2), app('2021-02-10T10:00:00Z', 2), app('2021-03-10T10:00:00Z', 2)];
  const rate = (period: string, intervals = usage) => rateInvoice(input({ period, intervals, credits: [credit] }));

  it('carry balances over: opening + granted = used + expired + closing', () => {
    // Jan: 0 + 5.00 = 2.00 + 0 + 3.00; Feb: 3.00 = 2.00 + 1.00; Mar: 1.00 = 1.00 + 0 (line 2.00 → net 1.00)
    expect(balance(rate('2021-01'), 'P')).toMatchObject({ opening: '0.00', granted: '5.00', used: '2.00', expired: '0.00', closing: '3.00' });
    expect(balance(rate('2021-02'), 'P')).toMatchObject({ opening: '3.00', granted: '0.00', used: '2.00', expired: '0.00', closing: '1.00' });
    const mar = rate('2021-03');
    expect(balance(mar, 'P')).toMatchObject({ opening: '1.00', granted: '0.00', used: '1.00', expired: '0.00', closing: '0.00' });
    expect(mar.lines[0]).toMatchObject({ credit: '1.00', net: '1.00' });
    // Not usable in April (expired mid-March)
    expect(rate('2021-04').balances).toEqual([]);
  });

  it('what is left at expiry is expired in the period that reaches it', () => {
    const small = [app('2021-01-10T10:00:00Z', 2), app('2021-02-10T10:00:00Z', 2), app('2021-03-10T10:00:00Z', 0.5)];
    // Mar: opening 1.00, used 0.50, expired 0.50, closing 0
    expect(balance(rate('2021-03', small), 'P')).toMatchObject({ opening: '1.00', used: '0.50', expired: '0.50', closing: '0.00' });
  });

  it('applyCredits walks consecutive periods directly', () => {
    const line = (amount: string) => ({
      key: 'k',
      lineNo: 1,
      ownerId: 'orga_1',
      kind: 'application' as const,
      itemId: 'a',
      itemName: 'a',
      priceItem: 'p',
      instances: 1,
      billableSeconds: 0,
      unitPrice: null,
      exactPerSecond: amount,
      exactLegacy: amount,
      amountPerSecond: amount,
      amountLegacy: amount,
      difference: '0.00',
      credit: '0.00',
      net: amount,
      explanation: [],
    });
    const grants: CreditGrant[] = [grant({ creditId: 'G', amount: '2.50', validFrom: at('2021-01-15T00:00:00Z'), expiresAt: at('2021-03-01T00:00:00Z') })];
    const res = applyCredits(
      grants,
      [
        { period: '2021-01', start: at('2021-01-01T00:00:00Z'), end: at('2021-02-01T00:00:00Z'), lines: [line('1.00')] },
        { period: '2021-02', start: at('2021-02-01T00:00:00Z'), end: at('2021-03-01T00:00:00Z'), lines: [line('0.75')] },
        { period: '2021-03', start: at('2021-03-01T00:00:00Z'), end: at('2021-04-01T00:00:00Z'), lines: [line('9.00')] },
      ],
      'EUR',
    );
    // Jan: granted 2.50, used 1.00, closing 1.50; Feb: used 0.75, Feb end = expiry → expired 0.75; Mar: not usable
    expect(res.map((r) => r.balances.map((b) => [b.opening, b.granted, b.used, b.expired, b.closing]))).toEqual([
      [['0.00', '2.50', '1.00', '0.00', '1.50']],
      [['1.50', '0.00', '0.75', '0.75', '0.00']],
      [],
    ]);
    expect(res[2]!.lines[0]).toMatchObject({ credit: '0.00', net: '9.00' });
    expect(res[0]!.lines[0]!.explanation.map((s) => s.label)).toEqual(['Credit G (prepaid)', 'Net amount']);
  });
});

describe('VAT', () => {
  it('is rounded half up on net before tax', () => {
    const vatOf = (hours: number, vatPercent: string) => {
      const inv = rateInvoice(input({ vatPercent, intervals: [app('2021-03-10T10:00:00Z', hours)] }));
      return [inv.netBeforeTax, inv.vat, inv.total];
    };
    expect(vatOf(100, '20')).toEqual(['100.00', '20.00', '120.00']);
    // 0.08 × 20 % = 0.016 → 0.02
    expect(vatOf(0.08, '20')).toEqual(['0.08', '0.02', '0.10']);
    // 0.10 × 5.5 % = 0.0055 → 0.01 (half up); 0.09 × 5.5 % = 0.00495 → 0.00
    expect(vatOf(0.1, '5.5')).toEqual(['0.10', '0.01', '0.11']);
    expect(vatOf(0.09, '5.5')).toEqual(['0.09', '0.00', '0.09']);
  });
});
