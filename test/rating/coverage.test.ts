// The coverage rule on its own (no database): per period, a usage CSV's rows when one starts in
// it, else the period's invoice rows, else the usage parts that fall in it; applied by rateLines
// and by rateInvoice's credit walk, period by period.
import { describe, expect, it } from 'vitest';
import { isRatedIn, rateInvoice, rateLines, ratedSource, type CoverageFacts } from '../../shared/rating';
import { at, catalog, countable, grant, input, iv, task } from './fixtures';

const facts = (usageStarts: string[], invoices: string[]): CoverageFacts => ({ usageStarts: new Set(usageStarts), invoices: new Set(invoices) });

describe('ratedSource / isRatedIn', () => {
  it('usage CSV first, then the invoice, then the usage parts', () => {
    const f = facts(['2021-03', '2021-05'], ['2021-04', '2021-05']);
    expect(['2021-03', '2021-04', '2021-05', '2021-06'].map((p) => ratedSource(p, f))).toEqual(['usage', 'invoice', 'usage', 'usage-parts']);
  });

  it('an invoice row is rated only in its own invoice period, and only when no usage CSV covers it', () => {
    const f = facts(['2021-03'], ['2021-03', '2021-04']);
    expect(isRatedIn('2021-03', f, '2021-03')).toBe(false); // covered: compared, not added
    expect(isRatedIn('2021-04', f, '2021-04')).toBe(true);
    expect(isRatedIn('2021-04', f, '2021-03')).toBe(false); // a neighbouring invoice's row
    expect(isRatedIn('2021-04', f, undefined)).toBe(false); // the invoice's month: no usage parts
    expect(isRatedIn('2021-05', f, undefined)).toBe(true); // neither: usage parts
  });
});

// 0.40 €/h (apps.XS), Paris.
const spill = iv({ id: 1, start: at('2021-03-31T23:00:00+02:00'), end: at('2021-04-01T03:00:00+02:00') });
const billedApril = iv({ id: 2, instanceId: 'i-9', start: at('2021-04-05T10:00:00+02:00'), end: at('2021-04-05T12:00:00+02:00'), invoicePeriod: '2021-04' });
const usageApril = iv({ id: 3, start: at('2021-04-10T10:00:00+02:00'), end: at('2021-04-10T11:00:00+02:00') });
const secondsOf = (lines: { billableSeconds: number }[]) => lines.reduce((s, l) => s + l.billableSeconds, 0);

describe('rateLines with coverage', () => {
  const april = (intervals: ReturnType<typeof iv>[], coverage: CoverageFacts) => rateLines({ ...input({ period: '2021-04', intervals }), intervals, coverage });

  it('a month an interval spills into, with an invoice: the invoice rows, not the spilled part', () => {
    expect(secondsOf(april([spill, billedApril], facts(['2021-03'], ['2021-04'])))).toBe(7200);
  });

  it('a month with usage and invoice: the usage rows (the spilled part included), not the invoice rows', () => {
    expect(secondsOf(april([spill, billedApril, usageApril], facts(['2021-03', '2021-04'], ['2021-04'])))).toBe(3 * 3600 + 3600);
  });

  it('a month with neither: the usage parts that fall in it', () => {
    expect(secondsOf(april([spill, billedApril], facts(['2021-03'], [])))).toBe(3 * 3600);
  });

  it('countables and tasks follow the same rule', () => {
    const rows = {
      countables: [
        countable({ start: at('2021-04-02T00:00:00Z'), quantity: '500' }),
        countable({ start: at('2021-04-02T00:00:00Z'), quantity: '7', invoicePeriod: '2021-04' }),
      ],
      tasks: [
        task({ start: at('2021-04-03T00:00:00Z'), unitPrice: '10' }),
        task({ start: at('2021-04-03T00:00:00Z'), unitPrice: '99', invoicePeriod: '2021-04' }),
      ],
    };
    const rate = (coverage: CoverageFacts) =>
      rateLines({ ...input({ period: '2021-04' }), intervals: [], ...rows, coverage }).map((l) => `${l.kind} ${l.amountPerSecond}`);
    expect(rate(facts(['2021-04'], ['2021-04']))).toEqual(['countable 0.00', 'countable 8.00', 'task 10.00']); // 500 GB: 100 free, 400 × 0.02
    expect(rate(facts([], ['2021-04']))).toEqual(['countable 0.00', 'task 99.00']); // 7 GB in the free tier
  });

  it('without coverage every row given is rated (a caller giving one source)', () => {
    expect(secondsOf(rateLines({ ...input({ period: '2021-04' }), intervals: [spill, billedApril] }))).toBe(3 * 3600 + 7200);
  });
});

describe('rateInvoice with coverage: each period of the credit walk decides for itself', () => {
  it('March rates the usage (spill up to midnight), April its invoice; a credit walks through both', () => {
    const coverage = facts(['2021-03'], ['2021-04']);
    const base = input({
      period: '2021-04',
      intervals: [spill, billedApril],
      credits: [grant({ creditId: 'c1', amount: '0.50', validFrom: at('2021-03-01T00:00:00+01:00') })],
      catalogs: [catalog()],
    });
    const inv = rateInvoice({ ...base, coverage });
    expect(secondsOf(inv.lines)).toBe(7200);
    expect(inv.subtotalPerSecond).toBe('0.80');
    // March used 1 h × 0.40 of the 0.50 credit: 0.10 left for April.
    expect(inv.creditsApplied).toBe('0.10');
  });
});
