// ISO-8601 durations of price intervals and invoice countables (shared/duration.ts).
import { describe, expect, it } from 'vitest';
import { addIsoDuration, countIntervals, parseIsoDuration } from '../../shared/duration';
import { at } from './fixtures';

describe('parseIsoDuration', () => {
  it('reads the intervals of the real catalog and calendar ones', () => {
    expect(parseIsoDuration('PT1H')).toMatchObject({ text: 'PT1H', fixedMs: 3_600_000, months: 0 });
    expect(parseIsoDuration('PT720H')).toMatchObject({ fixedMs: 720 * 3_600_000 });
    expect(parseIsoDuration(' p1m ')).toMatchObject({ text: 'P1M', months: 1, fixedMs: 0 });
    expect(parseIsoDuration('P1Y2M3W4DT5H6M7.5S')).toEqual({
      text: 'P1Y2M3W4DT5H6M7.5S',
      years: 1,
      months: 2,
      weeks: 3,
      days: 4,
      fixedMs: 5 * 3_600_000 + 6 * 60_000 + 7500,
    });
  });
  it('refuses what is not a positive duration', () => {
    for (const bad of ['', 'P', 'PT', 'P1DT', 'PT0S', 'P0D', '1H', 'PT1.5H', 'P1.5M', '-PT1H', 'PT1H30', 'hourly', 'PT0.0001S'])
      expect(parseIsoDuration(bad), bad).toBeNull();
  });
});

describe('countIntervals', () => {
  const h = parseIsoDuration('PT1H')!;
  const m = parseIsoDuration('P1M')!;
  const d = parseIsoDuration('P1D')!;
  it('fixed intervals: whole ones and the part of the next, in ms', () => {
    expect(countIntervals(at('2021-03-01T00:00:00Z'), at('2021-03-01T02:30:00Z'), h, 'UTC')).toEqual({ whole: 2, partMs: 1_800_000, nextMs: 3_600_000 });
    expect(countIntervals(5, 5, h, 'UTC')).toEqual({ whole: 0, partMs: 0, nextMs: 3_600_000 });
  });
  it('March 2021 in Paris is 743 h but exactly one P1M; a Paris day across DST is one P1D of 23 h', () => {
    const march = [at('2021-03-01T00:00:00+01:00'), at('2021-04-01T00:00:00+02:00')] as const;
    expect(countIntervals(march[0], march[1], h, 'Europe/Paris').whole).toBe(743);
    expect(countIntervals(march[0], march[1], m, 'Europe/Paris')).toEqual({ whole: 1, partMs: 0, nextMs: 30 * 86_400_000 });
    // The same instants in UTC are not a calendar month: 28 Feb 23:00 + 1 month = 28 Mar 23:00, then 2 days 23 h.
    expect(countIntervals(march[0], march[1], m, 'UTC')).toMatchObject({ whole: 1, partMs: 2 * 86_400_000 + 23 * 3_600_000 });
    const dst = [at('2021-03-28T00:00:00+01:00'), at('2021-03-29T00:00:00+02:00')] as const;
    expect(dst[1] - dst[0]).toBe(23 * 3_600_000);
    expect(countIntervals(dst[0], dst[1], d, 'Europe/Paris')).toMatchObject({ whole: 1, partMs: 0 });
  });
  it('calendar steps count from the start: 31 Jan + 1 month = 28 Feb, + 2 months = 31 Mar', () => {
    expect(addIsoDuration(at('2021-01-31T00:00:00Z'), m, 'UTC')).toBe(at('2021-02-28T00:00:00Z'));
    expect(addIsoDuration(at('2021-01-31T00:00:00Z'), m, 'UTC', 2)).toBe(at('2021-03-31T00:00:00Z'));
    expect(countIntervals(at('2021-01-31T00:00:00Z'), at('2021-03-31T00:00:00Z'), m, 'UTC')).toMatchObject({ whole: 2, partMs: 0 });
    expect(countIntervals(at('2019-01-01T00:00:00Z'), at('2021-01-01T00:00:00Z'), d, 'UTC').whole).toBe(731);
  });
});
