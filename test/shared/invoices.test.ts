// The invoice-period rule: the month holding the middle of the consumption span, with a warning
// naming both spans whenever the span is not exactly that month.
import { describe, expect, it } from 'vitest';
import { attachInvoice, invoicePeriod } from '../../shared/invoices';

const T = (s: string) => Date.parse(s);
/** Clever Cloud's March 2021 invoice: the Paris month. */
const PARIS_MARCH = { invoiceNumber: 'FR-2021-03-0042', start: T('2021-02-28T23:00:00Z'), end: T('2021-03-31T22:00:00Z') };

describe('invoice period (midpoint of the consumption span)', () => {
  it('a Paris-month invoice in Paris: its month, no warning', () => {
    expect(attachInvoice(PARIS_MARCH, 'Europe/Paris')).toEqual({ period: '2021-03', warning: null });
  });

  it('the same invoice with the workspace zone UTC stays in March (its start is in February UTC) and says why', () => {
    const a = attachInvoice(PARIS_MARCH, 'UTC');
    expect(a.period).toBe('2021-03');
    expect(a.warning).toBe(
      'Invoice FR-2021-03-0042 covers 2021-02-28 23:00 → 2021-03-31 22:00 UTC, not exactly the workspace month 2021-03 ' +
        '(UTC: 2021-03-01 00:00 → 2021-04-01 00:00 UTC); it is compared with 2021-03, the month holding the middle of its span.',
    );
  });

  it('whatever the zone, a monthly invoice keeps its month; a warning comes with every zone that is not the provider’s', () => {
    for (const tz of ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const a = attachInvoice(PARIS_MARCH, tz);
      expect(a.period, tz).toBe('2021-03');
      expect(a.warning === null, tz).toBe(tz === 'Europe/Paris');
    }
  });

  it('a UTC-month invoice in Paris: its month, with a warning naming the Paris month in UTC', () => {
    const a = attachInvoice({ invoiceNumber: 'X', start: T('2021-04-01T00:00:00Z'), end: T('2021-05-01T00:00:00Z') }, 'Europe/Paris');
    expect(a.period).toBe('2021-04');
    expect(a.warning).toContain('covers 2021-04-01 00:00 → 2021-05-01 00:00 UTC');
    expect(a.warning).toContain('(Europe/Paris: 2021-03-31 22:00 → 2021-04-30 22:00 UTC)');
  });

  it('a partial month (an organisation created mid-month) belongs to the month it lies in, with a warning', () => {
    const a = attachInvoice({ invoiceNumber: 'P', start: T('2021-03-15T09:30:00+01:00'), end: T('2021-04-01T00:00:00+02:00') }, 'Europe/Paris');
    expect(a.period).toBe('2021-03');
    expect(a.warning).toContain('covers 2021-03-15 08:30 → 2021-03-31 22:00 UTC');
  });

  it('a span over two months goes to the month holding its middle; seconds and milliseconds are shown when present', () => {
    const a = attachInvoice({ invoiceNumber: 'Q', start: T('2021-03-20T00:00:00.250Z'), end: T('2021-04-20T00:00:30Z') }, 'UTC');
    expect(a.period).toBe('2021-04');
    expect(a.warning).toContain('covers 2021-03-20 00:00:00.250 → 2021-04-20 00:00:30 UTC');
    // The midpoint itself decides, to the millisecond.
    expect(invoicePeriod({ start: T('2021-03-31T00:00:00Z'), end: T('2021-04-01T00:00:00.002Z') }, 'UTC')).toBe('2021-03');
    expect(invoicePeriod({ start: T('2021-03-31T00:00:00Z'), end: T('2021-04-02T00:00:00.002Z') }, 'UTC')).toBe('2021-04');
  });
});
