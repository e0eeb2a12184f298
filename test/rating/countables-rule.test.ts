// The countable rule on small catalogs, amounts by hand: whole batches, per-interval scaling
// (fixed and calendar intervals), spans, and the errors that name what is wrong.
import { describe, expect, it } from 'vitest';
import { RatingError, rateInvoice } from '../../shared/rating';
import type { CatalogCountable } from '../../shared/types';
import { at, catalog, countable, input } from './fixtures';

const svc = (over: Partial<CatalogCountable> = {}): CatalogCountable => ({
  service: 'x',
  dataUnit: 'GB',
  secability: 'secable',
  quantityForPrice: '10',
  interval: null,
  plans: [
    { planId: 'free', maxQuantity: '15', price: '0' },
    { planId: 'paid', maxQuantity: null, price: '3' },
  ],
  ...over,
});
const rate = (k: CatalogCountable, rows: Parameters<typeof countable>[0][], timeZone = 'Europe/Paris') =>
  rateInvoice(input({ timeZone, catalogs: [catalog({ countable: [k] })], countables: rows.map((r) => countable({ service: 'x', itemId: 'x', ...r })) })).lines;
const amounts = (lines: ReturnType<typeof rate>) => lines.map((l) => [l.priceItem, l.exactPerSecond, l.amountPerSecond]);

describe('countables: batches', () => {
  it('secable: the quantity as it is; insecable: rounded up to whole batches before the plans', () => {
    const rows = [{ start: at('2021-03-05T00:00:00Z'), quantity: '21' }];
    // secable: free 15, paid 6 ÷ 10 × 3 = 1.8
    expect(amounts(rate(svc(), rows))).toEqual([
      ['free', '0', '0.00'],
      ['paid', '1.8', '1.80'],
    ]);
    // insecable: ceil(21 ÷ 10) × 10 = 30; free 15, paid 15 ÷ 10 × 3 = 4.5
    expect(amounts(rate(svc({ secability: 'insecable' }), rows))).toEqual([
      ['free', '0', '0.00'],
      ['paid', '4.5', '4.50'],
    ]);
  });

  it('a whole number of batches stays as it is', () => {
    const lines = rate(svc({ secability: 'insecable' }), [{ start: at('2021-03-05T00:00:00Z'), quantity: '20' }]);
    expect(amounts(lines)).toEqual([
      ['free', '0', '0.00'],
      ['paid', '1.5', '1.50'],
    ]);
  });
});

describe('countables: time intervals', () => {
  const hourly = svc({ interval: { duration: 'PT1H', secability: 'secable' } });

  it('the price is per quantity per interval, times the span over the interval (exact, to the millisecond)', () => {
    // 25 GB for 1 h 30 min 0.5 s: paid 10 ÷ 10 × 3 × 5400.5 ÷ 3600 = 4.500416666…
    const lines = rate(hourly, [{ start: at('2021-03-05T00:00:00Z'), end: at('2021-03-05T01:30:00.500Z'), quantity: '25' }]);
    expect(amounts(lines)).toEqual([
      ['free', '0', '0.00'],
      ['paid', '4.50041666666666666667', '4.50'],
    ]);
  });

  it('rows of one span are added before the plans; each span is priced on its own', () => {
    const s1 = { start: at('2021-03-05T00:00:00Z'), end: at('2021-03-05T02:00:00Z') };
    const s2 = { start: at('2021-03-05T02:00:00Z'), end: at('2021-03-05T03:00:00Z') };
    // s1: 10 + 10 = 20 → paid 5 ÷ 10 × 3 × 2 = 3; s2: 12 → paid 0 + ... (12 ≤ 15, free only)
    const lines = rate(hourly, [
      { ...s1, quantity: '10' },
      { ...s1, quantity: '10' },
      { ...s2, quantity: '12' },
    ]);
    expect(amounts(lines)).toEqual([
      ['free', '0', '0.00'],
      ['paid', '3', '3.00'],
    ]);
    const free = lines.find((l) => l.priceItem === 'free')!;
    expect(free.explanation.find((s) => s.label === 'Tier free')!.value).toBe('27'); // 15 + 12
    expect(free.explanation.filter((s) => s.label.startsWith('Span '))).toHaveLength(2);
  });

  it('a calendar interval (P1M) is stepped in the billing time zone: March in Paris is one month, not 743 ÷ 720', () => {
    const monthly = svc({ interval: { duration: 'P1M', secability: 'secable' } });
    const march = { start: at('2021-03-01T00:00:00+01:00'), end: at('2021-04-01T00:00:00+02:00'), quantity: '25' };
    expect(amounts(rate(monthly, [march]))).toEqual([
      ['free', '0', '0.00'],
      ['paid', '3', '3.00'],
    ]);
    // Half of March and April: 1 month + 15 days of the 30 of April = 1.5 months → 4.5
    const longer = { start: at('2021-03-16T00:00:00+01:00'), end: at('2021-05-01T00:00:00+02:00'), quantity: '25' };
    expect(amounts(rate(monthly, [longer]))[1]).toEqual(['paid', '4.5', '4.50']);
  });

  it('the interval secability is kept but the duration is prorated (Clever Cloud prices a month as 720 h)', () => {
    const k = svc({ interval: { duration: 'PT720H', secability: 'insecable' } });
    const lines = rate(k, [{ start: at('2021-03-01T00:00:00+01:00'), end: at('2021-04-01T00:00:00+02:00'), quantity: '25' }]);
    // 743 h ÷ 720 h × 10 ÷ 10 × 3 = 3.0958333…
    expect(amounts(lines)[1]).toEqual(['paid', '3.09583333333333333333', '3.10']);
  });

  it('more than 20 spans: the first 20 are shown, the others summarized', () => {
    const rows = Array.from({ length: 25 }, (_, h) => ({
      start: at('2021-03-05T00:00:00Z') + h * 3_600_000,
      end: at('2021-03-05T01:00:00Z') + h * 3_600_000,
      quantity: '25',
    }));
    const paid = rate(hourly, rows).find((l) => l.priceItem === 'paid')!;
    expect(paid.amountPerSecond).toBe('75.00'); // 25 × 3
    expect(paid.explanation.filter((s) => s.label.startsWith('Span '))).toHaveLength(20);
    expect(paid.explanation.map((s) => s.label)).toContain('5 more spans');
  });
});

describe('countables: errors name what is wrong', () => {
  const row = { start: at('2021-03-05T00:00:00Z'), quantity: '1', source: { batchId: 1, file: 'usage.csv', row: '9' } };
  it('a secability other than secable or insecable (a catalog imported before they were checked)', () => {
    expect(() => rate(svc({ secability: 'continuous' as never }), [row])).toThrow(RatingError);
    expect(() => rate(svc({ secability: 'continuous' as never }), [row])).toThrow(/secability of countable service "x" of catalog 1 is "continuous"/);
    expect(() => rate(svc({ interval: { duration: 'PT1H', secability: '' as never } }), [{ ...row, end: row.start }])).toThrow(
      /time interval secability.*is ""/,
    );
  });
  it('a time interval that is not an ISO-8601 duration', () => {
    expect(() => rate(svc({ interval: { duration: 'hourly', secability: 'secable' } }), [{ ...row, end: row.start }])).toThrow(/time interval.*"hourly"/);
  });
  it('a row counted in another unit than the catalog prices', () => {
    expect(() => rate(svc({ dataUnit: 'B' }), [{ ...row, unit: 'GB' }])).toThrow(
      /counted in "GB" but countable service "x" of catalog 1 is priced in "B".*usage.csv row 9/,
    );
  });
  it('a negative quantity', () => {
    expect(() => rate(svc(), [{ ...row, quantity: '-1' }])).toThrow(/negative.*usage.csv row 9/);
  });
});
