// ISO-8601 durations (PT1H, PT720H, P1M): the price intervals of catalog countables and the
// `duration` of an invoice's countables. Parsed into integers (no floating point); calendar
// parts (years, months, weeks, days) are stepped in a time zone, so P1M is one calendar month.
import { DateTime } from 'luxon';
import type { EpochMs } from './types';

export interface IsoDuration {
  /** As written, upper-cased and trimmed. */
  text: string;
  years: number;
  months: number;
  weeks: number;
  days: number;
  /** Hours, minutes and seconds, in milliseconds. */
  fixedMs: number;
}

const ISO_DURATION = /^P(?:(\d{1,6})Y)?(?:(\d{1,6})M)?(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,12})(?:\.(\d{1,3}))?S)?)?$/;

/** A positive ISO-8601 duration (integer parts; seconds to the millisecond), or null. */
export function parseIsoDuration(text: string): IsoDuration | null {
  const t = text.trim().toUpperCase();
  const m = ISO_DURATION.exec(t);
  if (m === null || t === 'P' || t.endsWith('T')) return null;
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  const fixedMs = n(5) * 3_600_000 + n(6) * 60_000 + n(7) * 1000 + (m[8] === undefined ? 0 : Number(m[8].padEnd(3, '0')));
  const d: IsoDuration = { text: t, years: n(1), months: n(2), weeks: n(3), days: n(4), fixedMs };
  if (!Number.isSafeInteger(fixedMs)) return null;
  if (d.years + d.months + d.weeks + d.days === 0 && fixedMs === 0) return null;
  return d;
}

function isCalendar(d: IsoDuration): boolean {
  return d.years + d.months + d.weeks + d.days > 0;
}

/** `start` plus `times` × `d`; calendar parts are added to the wall-clock date in `tz`. */
export function addIsoDuration(start: EpochMs, d: IsoDuration, tz: string, times = 1): EpochMs {
  if (!isCalendar(d)) return start + times * d.fixedMs;
  const dt = DateTime.fromMillis(start, { zone: tz }).plus({
    years: d.years * times,
    months: d.months * times,
    weeks: d.weeks * times,
    days: d.days * times,
    milliseconds: d.fixedMs * times,
  });
  if (!dt.isValid) throw new Error(`Cannot add ${d.text} to ${start} in time zone "${tz}"`);
  return dt.toMillis();
}

/**
 * How many `d` the span [start, end) holds: `whole` intervals from `start`, then `partMs` of the
 * next one, which lasts `nextMs`. So the span is whole + partMs / nextMs intervals.
 */
export function countIntervals(start: EpochMs, end: EpochMs, d: IsoDuration, tz: string): { whole: number; partMs: number; nextMs: number } {
  if (end < start) throw new Error(`The span ends (${end}) before it starts (${start})`);
  if (!isCalendar(d)) {
    const whole = Math.floor((end - start) / d.fixedMs);
    return { whole, partMs: end - start - whole * d.fixedMs, nextMs: d.fixedMs };
  }
  // Calendar steps are counted from the start (31 Jan + 1 month = 28 Feb, + 2 months = 31 Mar);
  // a first guess from the first step's length, then corrected one step at a time.
  const firstMs = addIsoDuration(start, d, tz) - start;
  let whole = Math.max(0, Math.floor((end - start) / firstMs) - 1);
  while (whole > 0 && addIsoDuration(start, d, tz, whole) > end) whole--;
  while (addIsoDuration(start, d, tz, whole + 1) <= end) whole++;
  const from = addIsoDuration(start, d, tz, whole);
  return { whole, partMs: end - from, nextMs: addIsoDuration(start, d, tz, whole + 1) - from };
}
