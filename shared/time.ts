// Billing periods: calendar months in an IANA time zone, as [start, end) in epoch ms.
import { DateTime, IANAZone } from 'luxon';
import type { EpochMs, PeriodId } from './types';

export const DEFAULT_TIME_ZONE = 'Europe/Paris';

// Luxon's zone checks and conversions build Intl objects: answers are memoized (a workbook asks
// for the same period's bounds once per item, the rating for a period once per invoice row).
const validZones = new Map<string, boolean>();
const boundsMemo = new Map<string, { start: EpochMs; end: EpochMs }>();
const MEMO_LIMIT = 10_000;

export function isValidTimeZone(tz: string): boolean {
  let ok = validZones.get(tz);
  if (ok === undefined) {
    ok = IANAZone.isValidZone(tz);
    if (validZones.size >= MEMO_LIMIT) validZones.clear();
    validZones.set(tz, ok);
  }
  return ok;
}

export function isPeriodId(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

/** [start, end) of a period in a time zone. DST-safe: local midnights, converted by tz data. */
export function periodBounds(period: PeriodId, tz: string): { start: EpochMs; end: EpochMs } {
  if (!isPeriodId(period)) throw new Error(`Invalid period "${period}" (expected YYYY-MM)`);
  if (!isValidTimeZone(tz)) throw new Error(`Unknown time zone "${tz}"`);
  const key = `${period}|${tz}`;
  const hit = boundsMemo.get(key);
  if (hit !== undefined) return { ...hit };
  const [y, m] = period.split('-').map(Number) as [number, number];
  const start = DateTime.fromObject({ year: y, month: m, day: 1 }, { zone: tz });
  const end = start.plus({ months: 1 });
  const bounds = { start: start.toMillis(), end: end.toMillis() };
  if (boundsMemo.size >= MEMO_LIMIT) boundsMemo.clear();
  boundsMemo.set(key, bounds);
  return { ...bounds };
}

/** Per time zone, the last period periodOf found, with its bounds: instants come in runs. */
const lastPeriodOf = new Map<string, { period: PeriodId; start: EpochMs; end: EpochMs }>();

/** The period containing an instant. */
export function periodOf(instant: EpochMs, tz: string): PeriodId {
  const last = lastPeriodOf.get(tz);
  if (last !== undefined && instant >= last.start && instant < last.end) return last.period;
  const period = DateTime.fromMillis(instant, { zone: tz }).toFormat('yyyy-MM');
  if (isPeriodId(period) && isValidTimeZone(tz)) {
    if (lastPeriodOf.size >= MEMO_LIMIT) lastPeriodOf.clear();
    lastPeriodOf.set(tz, { period, ...periodBounds(period, tz) });
  }
  return period;
}

export function nextPeriod(period: PeriodId): PeriodId {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Periods from `from` to `to`, both included. */
export function periodRange(from: PeriodId, to: PeriodId): PeriodId[] {
  const out: PeriodId[] = [];
  for (let p = from; p <= to; p = nextPeriod(p)) out.push(p);
  return out;
}

export function formatInstant(ms: EpochMs, tz: string): string {
  return DateTime.fromMillis(ms, { zone: tz }).toISO({ suppressMilliseconds: true }) ?? '';
}
