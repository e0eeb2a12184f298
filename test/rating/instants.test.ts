// Instants finer than the millisecond (no database): epoch ms plus the digits below them, and the
// rating's arithmetic on them exact at any precision.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareInstants, isoUtcExact, secondFraction, splitFraction } from '../../shared/instant';
import { billableSeconds, cutToPeriod, rateLines, timeCountedOnce } from '../../shared/rating';
import { periodBounds } from '../../shared/time';
import { at, input, iv } from './fixtures';

describe('shared/instant', () => {
  it('splits a fraction of a second into whole milliseconds and the digits below, trailing zeros dropped', () => {
    expect(splitFraction('')).toEqual({ ms: 0, sub: '' });
    expect(splitFraction('5')).toEqual({ ms: 500, sub: '' });
    expect(splitFraction('123456')).toEqual({ ms: 123, sub: '456' });
    expect(splitFraction('000000001')).toEqual({ ms: 0, sub: '000001' });
    expect(splitFraction('999999999000')).toEqual({ ms: 999, sub: '999999' });
    expect(splitFraction('00000000000000000001')).toEqual({ ms: 0, sub: '00000000000000001' });
  });

  it('compares instants as the numbers they write', () => {
    expect(compareInstants(5, '', 5, '')).toBe(0);
    expect(compareInstants(5, '', 5, '000001')).toBe(-1);
    expect(compareInstants(5, '5', 5, '49')).toBe(1); // 0.5 > 0.49
    expect(compareInstants(4, '999', 5, '')).toBe(-1);
  });

  it('writes an instant with every digit it has', () => {
    const t = at('2024-03-31T22:00:00Z');
    expect(isoUtcExact(t)).toBe('2024-03-31T22:00:00Z');
    expect(isoUtcExact(t + 500)).toBe('2024-03-31T22:00:00.5Z');
    expect(isoUtcExact(t, '000001')).toBe('2024-03-31T22:00:00.000000001Z');
    expect(isoUtcExact(t - 1, '999999')).toBe('2024-03-31T21:59:59.999999999Z');
    expect(secondFraction(t + 20, '0001')).toBe('0200001');
    expect(secondFraction(t)).toBe('');
  });
});

describe('billable seconds of exact instants', () => {
  it('1.000000001 s bills 2 s; 0.999999999 s bills 1 s; equal instants 0 s', () => {
    expect(billableSeconds(0, 1000, '', '000001')).toBe(2);
    expect(billableSeconds(0, 999, '', '999999')).toBe(1);
    expect(billableSeconds(7, 7, '25', '25')).toBe(0);
    // Any number of digits: 1 s and 10^-20 s.
    expect(billableSeconds(0, 1000, '', '00000000000000001')).toBe(2);
    // The end's digits smaller than the start's borrow a millisecond: 0.999 ms + … is still a started second.
    expect(billableSeconds(1000, 2000, '5', '')).toBe(1);
    expect(billableSeconds(1000, 2001, '5', '')).toBe(2);
    expect(() => billableSeconds(1000, 1000, '5', '')).toThrow(RangeError);
  });

  it('equals the ceiling of the exact difference (BigInt nanoseconds), property', () => {
    const ns = fc.bigInt({ min: 946_684_800_000_000_000n, max: 4_102_444_800_000_000_000n });
    fc.assert(
      fc.property(ns, fc.bigInt({ min: 0n, max: 10_000_000_000_000n }), (a, len) => {
        const b = a + len;
        const parts = (x: bigint) => {
          const digits = String(x % 1_000_000n).padStart(6, '0');
          return { ms: Number(x / 1_000_000n), sub: digits.replace(/0+$/, '') };
        };
        const s = parts(a);
        const e = parts(b);
        const want = Number((len + 999_999_999n) / 1_000_000_000n);
        expect(billableSeconds(s.ms, e.ms, s.sub, e.sub)).toBe(want);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('cutting exact instants at a period boundary', () => {
  const mar = periodBounds('2024-03', 'Europe/Paris');
  const apr = periodBounds('2024-04', 'Europe/Paris');

  it('an interval ending 1 ns after the month boundary has a part in the next month', () => {
    const start = mar.end - 3_600_000;
    expect(cutToPeriod(start, mar.end, mar.start, mar.end, '', '000001')).toEqual({ start, startSub: '', end: mar.end, endSub: '', cut: true });
    expect(cutToPeriod(start, mar.end, apr.start, apr.end, '', '000001')).toEqual({
      start: apr.start,
      startSub: '',
      end: apr.start,
      endSub: '000001',
      cut: true,
    });
    // Ending exactly at the boundary: nothing in April.
    expect(cutToPeriod(start, mar.end, apr.start, apr.end)).toBeNull();
  });

  it('rated: 3600 s in March, 1 s in April', () => {
    const i = iv({ start: mar.end - 3_600_000, end: mar.end, endSub: '000001', priceId: 'apps.ONE' });
    const rate = (period: string) => rateLines({ ...input({ period, timeZone: 'Europe/Paris' }), intervals: [i], withDetails: true });
    expect(rate('2024-03')[0]!.billableSeconds).toBe(3600);
    const april = rate('2024-04')[0]!;
    expect(april.billableSeconds).toBe(1);
    expect(april.details![0]).toMatchObject({ start: apr.start, startSub: '', end: apr.start, endSub: '000001', cut: true, billableSeconds: 1 });
  });

  it('a detail keeps the digits of an interval inside the period', () => {
    const i = iv({ start: at('2024-03-10T10:00:00Z'), startSub: '000123', end: at('2024-03-10T10:00:01Z'), endSub: '000123001', priceId: 'apps.ONE' });
    const line = rateLines({ ...input({ period: '2024-03', timeZone: 'Europe/Paris' }), intervals: [i], withDetails: true })[0]!;
    expect(line.billableSeconds).toBe(2);
    expect(line.details![0]).toMatchObject({ startSub: '000123', endSub: '000123001', cut: false });
  });
});

describe('time listed twice, counted once, to the nanosecond', () => {
  it('an overlap of 1 ns starts the later detail where the earlier ended; touching details stay whole', () => {
    const base = at('2024-03-10T10:00:00Z');
    const a = iv({ id: 1, start: base, end: base + 1000, endSub: '000001', invoicePeriod: '2024-03' });
    const b = iv({ id: 2, start: base + 1000, end: base + 2000, invoicePeriod: '2024-03' });
    const c = iv({ id: 3, start: base + 2000, end: base + 3000, invoicePeriod: '2024-03' });
    const out = timeCountedOnce([c, b, a]);
    expect(out.map((x) => [x.id, x.start - base, x.startSub ?? ''])).toEqual([
      [1, 0, ''],
      [2, 1000, '000001'],
      [3, 2000, ''],
    ]);
  });
});
