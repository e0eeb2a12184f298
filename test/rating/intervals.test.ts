// Time arithmetic: started seconds, cutting at month boundaries, DST. Expected values by hand.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { billableSeconds, cutToPeriod, PeriodGrid, rateLines, touchesPeriod, type RateLinesInput } from '../../shared/rating';
import { periodBounds } from '../../shared/time';
import { at, catalog, iv } from './fixtures';

const local = (iso: string, zone = 'Europe/Paris'): number => DateTime.fromISO(iso, { zone }).toMillis();

function linesOf(over: Partial<RateLinesInput>) {
  return rateLines({
    ownerId: 'orga_1',
    period: '2021-03',
    timeZone: 'Europe/Paris',
    granularitySeconds: 600,
    currency: 'EUR',
    catalogs: [catalog()],
    intervals: [],
    countables: [],
    tasks: [],
    ...over,
  });
}

describe('billableSeconds', () => {
  it('counts every started second', () => {
    expect(billableSeconds(0, 762_000)).toBe(762); // 12 min 42 s
    expect(billableSeconds(0, 762_001)).toBe(763); // one more started second
    expect(billableSeconds(0, 1000)).toBe(1);
    expect(billableSeconds(0, 1001)).toBe(2);
  });

  it('zero length is 0 s, sub-second is 1 s', () => {
    expect(billableSeconds(1234, 1234)).toBe(0);
    expect(billableSeconds(1234, 1235)).toBe(1);
    expect(billableSeconds(0, 999)).toBe(1);
  });

  it('is exact on very long intervals (no floating division)', () => {
    // 9007199254740001 ms = 9007199254740 s + 1 ms → 9007199254741 started seconds
    expect(billableSeconds(0, 9_007_199_254_740_001)).toBe(9_007_199_254_741);
    expect(billableSeconds(0, 9_007_199_254_740_000)).toBe(9_007_199_254_740);
  });

  it('refuses an interval that ends before it starts', () => {
    expect(() => billableSeconds(10, 5)).toThrow();
  });

  it('cutting anywhere adds at most the one started second of the cut', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 10 }), fc.integer({ min: 0, max: 10 ** 10 }), fc.integer({ min: 0, max: 10 ** 10 }), (x, y, z) => {
        const [a, c, b] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
        const extra = billableSeconds(a, c) + billableSeconds(c, b) - billableSeconds(a, b);
        expect(extra === 0 || extra === 1).toBe(true);
        // Cutting on a whole second never changes anything.
        const onSecond = a + Math.floor((c - a) / 1000) * 1000;
        expect(billableSeconds(a, onSecond) + billableSeconds(onSecond, b)).toBe(billableSeconds(a, b));
      }),
      { numRuns: 500 },
    );
  });
});

describe('cutToPeriod', () => {
  it('April 2021 starts at 2021-03-31T22:00Z in Paris and at midnight in UTC', () => {
    expect(periodBounds('2021-04', 'Europe/Paris').start).toBe(at('2021-03-31T22:00:00Z'));
    expect(periodBounds('2021-04', 'UTC').start).toBe(at('2021-04-01T00:00:00Z'));
  });

  it('cuts an interval crossing local midnight of April 1 (Paris) at 22:00Z', () => {
    const s = at('2021-03-31T21:00:00Z');
    const e = at('2021-03-31T23:00:00Z');
    const mar = periodBounds('2021-03', 'Europe/Paris');
    const apr = periodBounds('2021-04', 'Europe/Paris');
    expect(cutToPeriod(s, e, mar.start, mar.end)).toEqual({ start: s, startSub: '', end: at('2021-03-31T22:00:00Z'), endSub: '', cut: true });
    expect(cutToPeriod(s, e, apr.start, apr.end)).toEqual({ start: at('2021-03-31T22:00:00Z'), startSub: '', end: e, endSub: '', cut: true });
    const marUtc = periodBounds('2021-03', 'UTC');
    expect(cutToPeriod(s, e, marUtc.start, marUtc.end)).toEqual({ start: s, startSub: '', end: e, endSub: '', cut: false });
  });

  it('returns null outside the period; a zero-length interval belongs to the period holding its instant', () => {
    const apr = periodBounds('2021-04', 'Europe/Paris');
    const mar = periodBounds('2021-03', 'Europe/Paris');
    expect(cutToPeriod(at('2021-03-10T00:00:00Z'), at('2021-03-11T00:00:00Z'), apr.start, apr.end)).toBeNull();
    // An interval ending exactly at the period start has nothing in it.
    expect(cutToPeriod(at('2021-03-31T21:00:00Z'), apr.start, apr.start, apr.end)).toBeNull();
    expect(cutToPeriod(apr.start, apr.start, apr.start, apr.end)).toEqual({ start: apr.start, startSub: '', end: apr.start, endSub: '', cut: false });
    expect(cutToPeriod(apr.start, apr.start, mar.start, mar.end)).toBeNull();
  });
});

describe('month boundaries and DST in rated lines', () => {
  const ONE = { priceId: 'apps.ONE', flavorName: 'ONE' }; // 1.00 EUR/h: euros = hours

  it('an interval crossing April 1 (Paris) is billed half in March, half in April', () => {
    const interval = iv({ ...ONE, start: at('2021-03-31T21:30:00Z'), end: at('2021-03-31T22:30:00Z') });
    const [mar] = linesOf({ intervals: [interval], withDetails: true });
    // 21:30Z → 22:00Z = 1800 s × 1.00 / 3600 = 0.50; legacy 3 slices × 1.00 / 6 = 0.50
    expect(mar!.billableSeconds).toBe(1800);
    expect(mar!.amountPerSecond).toBe('0.50');
    expect(mar!.details![0]!).toMatchObject({ start: at('2021-03-31T21:30:00Z'), end: at('2021-03-31T22:00:00Z'), cut: true, billableSeconds: 1800 });
    const [apr] = linesOf({ period: '2021-04', intervals: [interval], withDetails: true });
    expect(apr!.billableSeconds).toBe(1800);
    expect(apr!.details![0]!).toMatchObject({ start: at('2021-03-31T22:00:00Z'), cut: true });
    // In UTC the whole hour is in March: 3600 s → 1.00
    const [utc] = linesOf({ timeZone: 'UTC', intervals: [interval] });
    expect(utc!.billableSeconds).toBe(3600);
    expect(utc!.amountPerSecond).toBe('1.00');
  });

  it('each part of a cut interval counts its own started second', () => {
    const interval = iv({ ...ONE, start: at('2021-03-31T21:59:59.500Z'), end: at('2021-03-31T22:00:00.500Z') });
    // 500 ms before the cut → 1 s; 500 ms after → 1 s; uncut it is 1 s
    expect(linesOf({ intervals: [interval] })[0]!.billableSeconds).toBe(1);
    expect(linesOf({ period: '2021-04', intervals: [interval] })[0]!.billableSeconds).toBe(1);
    expect(linesOf({ timeZone: 'UTC', intervals: [interval] })[0]!.billableSeconds).toBe(1);
  });

  it('March 2021 in Paris has 31 × 86400 − 3600 seconds (spring forward)', () => {
    const interval = iv({ ...ONE, start: at('2021-02-20T00:00:00Z'), end: at('2021-04-10T00:00:00Z') });
    const [line] = linesOf({ intervals: [interval] });
    // 31 × 86400 − 3600 = 2674800 s = 743 h → 743.00; legacy 2674800 / 600 = 4458 slices / 6 = 743.00
    expect(line!.billableSeconds).toBe(2_674_800);
    expect(line!.amountPerSecond).toBe('743.00');
    expect(line!.amountLegacy).toBe('743.00');
    // UTC: 31 × 86400 = 2678400 s
    expect(linesOf({ timeZone: 'UTC', intervals: [interval] })[0]!.billableSeconds).toBe(2_678_400);
  });

  it('October 2021 in Paris has 31 × 86400 + 3600 seconds (fall back)', () => {
    const interval = iv({ ...ONE, start: at('2021-09-20T00:00:00Z'), end: at('2021-11-10T00:00:00Z') });
    const [line] = linesOf({ period: '2021-10', intervals: [interval] });
    // 2682000 s = 745 h
    expect(line!.billableSeconds).toBe(2_682_000);
    expect(line!.amountPerSecond).toBe('745.00');
  });

  it('a local day has 23 h on 2021-03-28 and 25 h on 2021-10-31 in Paris', () => {
    const spring = iv({ ...ONE, start: local('2021-03-28T00:00'), end: local('2021-03-29T00:00') });
    expect(spring.end - spring.start).toBe(23 * 3600 * 1000);
    expect(linesOf({ intervals: [spring] })[0]!.billableSeconds).toBe(82_800);
    const fall = iv({ ...ONE, start: local('2021-10-31T00:00'), end: local('2021-11-01T00:00') });
    // The day ends exactly where November starts: nothing of it is billed in November.
    expect(linesOf({ period: '2021-10', intervals: [fall] })[0]!.billableSeconds).toBe(90_000);
    expect(linesOf({ period: '2021-11', intervals: [fall] })).toEqual([]);
  });

  it('cutting an interval over several months never loses a second, and adds at most one per cut', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: at('2021-01-01T00:00:00Z'), max: at('2021-06-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 120 * 86_400_000 }),
        fc.constantFrom('Europe/Paris', 'UTC', 'America/New_York'),
        (start, length, timeZone) => {
          const interval = iv({ priceId: 'apps.ONE', start, end: start + length });
          let sum = 0;
          let parts = 0;
          for (const period of ['2020-12', '2021-01', '2021-02', '2021-03', '2021-04', '2021-05', '2021-06', '2021-07', '2021-08', '2021-09', '2021-10']) {
            const lines = linesOf({ period, timeZone, intervals: [interval] });
            if (lines.length > 0) {
              sum += lines[0]!.billableSeconds;
              parts++;
            }
          }
          const whole = billableSeconds(start, start + length);
          expect(parts).toBeGreaterThanOrEqual(1);
          expect(sum - whole).toBeGreaterThanOrEqual(0);
          expect(sum - whole).toBeLessThanOrEqual(parts - 1);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('one rule for the period of an interval (touchesPeriod)', () => {
  const months = ['2021-02', '2021-03', '2021-04', '2021-05'];
  const grid = new PeriodGrid('2021-02', '2021-05', 'Europe/Paris');
  // Instants on and around the month boundaries, so zero-length and boundary cases come often.
  const instant = fc.oneof(
    fc.constantFrom(...grid.bounds).chain((b) => fc.integer({ min: b - 1500, max: b + 1500 })),
    fc.integer({ min: grid.start - 86_400_000, max: grid.end + 86_400_000 }),
  );

  it('sorting into periods, cutting and the rated lines agree, zero-length intervals included', () => {
    fc.assert(
      fc.property(instant, fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 40 * 86_400_000 })), (start, length) => {
        const interval = iv({ priceId: 'apps.ONE', start, end: start + length });
        const [from, to] = grid.spanOf(interval);
        months.forEach((period, k) => {
          const { start: ps, end: pe } = periodBounds(period, 'Europe/Paris');
          const inside = touchesPeriod(interval.start, interval.end, ps, pe);
          expect(k >= from && k < to, `${period} span`).toBe(inside);
          const part = cutToPeriod(interval.start, interval.end, ps, pe);
          expect(part !== null, `${period} cut`).toBe(inside);
          // TimedLines (through rateLines) bills the cut part, with its seconds.
          const lines = linesOf({ period, intervals: [interval], withDetails: true });
          expect(lines.length, `${period} line`).toBe(inside ? 1 : 0);
          if (part) {
            expect(lines[0]!.billableSeconds).toBe(billableSeconds(part.start, part.end));
            expect(lines[0]!.details!.map((d) => [d.start, d.end, d.cut])).toEqual([[part.start, part.end, part.cut]]);
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  it('a zero-length interval on a month boundary belongs to the month it starts', () => {
    const apr = periodBounds('2021-04', 'Europe/Paris');
    const interval = iv({ priceId: 'apps.ONE', start: apr.start, end: apr.start });
    expect(linesOf({ period: '2021-03', intervals: [interval] })).toEqual([]);
    expect(linesOf({ period: '2021-04', intervals: [interval] }).map((l) => l.billableSeconds)).toEqual([0]);
    expect(grid.spanOf(interval)).toEqual([2, 3]);
  });
});
