// Time arithmetic of usage intervals: billable seconds, legacy slices, cutting at period
// boundaries and sorting intervals into periods. Integers only: no money here.
import { compareInstants, type SubMs } from '../instant';
import { periodBounds, periodRange } from '../time';
import type { EpochMs, PeriodId, UsageInterval } from '../types';
import { invalidInput } from './errors';

/**
 * Billable seconds of [start, end): every started second counts; zero length = 0 s. Each instant
 * is its epoch ms and its digits below the millisecond (shared/instant.ts), so the difference is
 * exact at any precision: 1.000000001 s bills 2 s.
 */
export function billableSeconds(startMs: EpochMs, endMs: EpochMs, startSub: SubMs = '', endSub: SubMs = ''): number {
  let ms = endMs - startMs;
  // Digits below the millisecond: the difference has some unless they are equal, and borrows a
  // millisecond when the end's are smaller.
  const below = startSub !== endSub;
  if (below && endSub < startSub) ms -= 1;
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`Interval ends before it starts (${startMs} → ${endMs})`);
  // Integer ceil division without floating-point division error on large values.
  const rest = ms % 1000;
  return (ms - rest) / 1000 + (rest > 0 || below ? 1 : 0);
}

/** Started slices of `granularity` seconds in `seconds` (0 s → 0 slices). */
export function legacySlices(seconds: number, granularity: number): number {
  const rest = seconds % granularity;
  return (seconds - rest) / granularity + (rest > 0 ? 1 : 0);
}

/**
 * Whether the interval [start, end) has a part in the period [periodStart, periodEnd): they
 * share time, or, for a zero-length interval, the period holds its instant. The one statement of
 * that rule (cutting, sorting into periods, choosing a period's intervals).
 */
export function touchesPeriod(start: EpochMs, end: EpochMs, periodStart: EpochMs, periodEnd: EpochMs, startSub: SubMs = '', endSub: SubMs = ''): boolean {
  // Period bounds are whole milliseconds: an instant is before one when its ms are.
  if (start === end && startSub === endSub) return start >= periodStart && start < periodEnd;
  return start < periodEnd && (end > periodStart || (end === periodStart && endSub !== ''));
}

/** A part of an interval: instants as epoch ms and digits below the millisecond. */
export interface IntervalPart {
  start: EpochMs;
  startSub: SubMs;
  end: EpochMs;
  endSub: SubMs;
  /** Cut at a period bound. */
  cut: boolean;
}

/** The part of [start, end) inside [periodStart, periodEnd) (see touchesPeriod), or null when there is none. */
export function cutToPeriod(
  start: EpochMs,
  end: EpochMs,
  periodStart: EpochMs,
  periodEnd: EpochMs,
  startSub: SubMs = '',
  endSub: SubMs = '',
): IntervalPart | null {
  if (compareInstants(end, endSub, start, startSub) < 0 || !touchesPeriod(start, end, periodStart, periodEnd, startSub, endSub)) return null;
  const cutStart = start < periodStart;
  const cutEnd = end > periodEnd || (end === periodEnd && endSub !== '');
  return {
    start: cutStart ? periodStart : start,
    startSub: cutStart ? '' : startSub,
    end: cutEnd ? periodEnd : end,
    endSub: cutEnd ? '' : endSub,
    cut: cutStart || cutEnd,
  };
}

/** Checks an interval's instants; an invalid_input RatingError names its file and row. */
export function checkInterval(iv: UsageInterval): void {
  if (!Number.isSafeInteger(iv.start) || !Number.isSafeInteger(iv.end)) {
    throw invalidInput(`Interval ${iv.id} has an invalid start or end instant`, iv.source);
  }
  if (compareInstants(iv.end, iv.endSub ?? '', iv.start, iv.startSub ?? '') < 0) {
    throw invalidInput(`Interval ${iv.id} ends before it starts`, iv.source);
  }
}

/** Consecutive periods [from..to] with their boundaries: period i = [bounds[i], bounds[i+1]). */
export class PeriodGrid {
  readonly periods: PeriodId[];
  readonly bounds: EpochMs[];

  constructor(from: PeriodId, to: PeriodId, timeZone: string) {
    this.periods = periodRange(from, to);
    if (this.periods.length === 0) throw invalidInput(`Empty period range ${from}..${to}`);
    this.bounds = this.periods.map((p) => periodBounds(p, timeZone).start);
    this.bounds.push(periodBounds(this.periods[this.periods.length - 1]!, timeZone).end);
  }

  get start(): EpochMs {
    return this.bounds[0]!;
  }

  get end(): EpochMs {
    return this.bounds[this.bounds.length - 1]!;
  }

  /** Index of the period containing the instant, or -1 outside the grid. */
  indexOf(instant: EpochMs): number {
    const b = this.bounds;
    if (!(instant >= b[0]!) || !(instant < b[b.length - 1]!)) return -1;
    let lo = 0;
    let hi = b.length - 1; // invariant: b[lo] <= instant < b[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (b[mid]! <= instant) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** Periods [from, to) of the grid in which a (validated) interval has a part (touchesPeriod); [0, 0) when none. */
  spanOf(iv: UsageInterval): [number, number] {
    const b = this.bounds;
    const n = this.periods.length;
    const from = iv.start < b[0]! ? 0 : this.indexOf(iv.start);
    if (from < 0) return [0, 0];
    let to = from;
    while (to < n && touchesPeriod(iv.start, iv.end, b[to]!, b[to + 1]!, iv.startSub, iv.endSub)) to++;
    return to === from ? [0, 0] : [from, to];
  }
}
