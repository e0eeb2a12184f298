import { describe, expect, it } from 'vitest';
import { kindChartData, periodChartData, toChartNumber } from '../../renderer/src/lib/chartData';

describe('chart data', () => {
  it('keeps the exact strings next to the drawing numbers', () => {
    const d = kindChartData([
      { kind: 'application', lines: 5, amountPerSecond: '148.78', amountLegacy: '149.05', billed: '151.78', net: '0.00' },
      { kind: 'task', lines: 0, amountPerSecond: '0.00', amountLegacy: '0.00', billed: '0.00', net: '0.00' },
    ]);
    expect(d).toEqual([
      {
        name: 'Application',
        kind: 'application',
        perSecond: 148.78,
        legacy: 149.05,
        billed: 151.78,
        perSecondText: '148.78',
        legacyText: '149.05',
        billedText: '151.78',
      },
    ]);
  });
  it('draws periods oldest first, only reconciled ones', () => {
    const p = (period: string, reconciledAt: number | null) => ({
      ownerId: 'o',
      owner: null,
      period,
      currency: 'EUR',
      hasUsage: true,
      hasInvoice: true,
      ratedAt: 1,
      reconciledAt,
      subtotalPerSecond: '1.00',
      subtotalLegacy: '1.10',
      creditsApplied: '0.00',
      netBeforeTax: '1.00',
      total: '1.20',
      billedTotal: '2.00',
      variance: '1.00',
      counts: null,
      reviewed: 0,
      changedSinceReview: 0,
      lineCount: 1,
      unreviewed: 1,
      stale: false,
      closed: null,
      focus: null,
      warnings: [],
    });
    const d = periodChartData([p('2021-04', 2), p('2021-03', 1), p('2021-05', null)], 'o', 'en');
    expect(d.map((x) => x.period)).toEqual(['2021-03', '2021-04']);
    // The axis shows months in the locale, never ISO months.
    expect(d.map((x) => x.name)).toEqual(['Mar 2021', 'Apr 2021']);
    expect(periodChartData([p('2021-03', 1)], 'o', 'fr').map((x) => x.name)).toEqual(['mars 2021']);
    expect(d[0]?.recomputedText).toBe('1.00');
  });
  it('toChartNumber is lenient', () => {
    expect(toChartNumber(null)).toBe(0);
    expect(toChartNumber('abc')).toBe(0);
    expect(toChartNumber('-0.55')).toBe(-0.55);
  });
});
