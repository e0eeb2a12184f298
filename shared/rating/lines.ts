// The lines of one period (before credits): time-sliced, countable and task lines, in the
// spec's order and numbered.
import { isPeriodId, isValidTimeZone, periodBounds } from '../time';
import { LEGACY_GRANULARITIES } from '../types';
import { compareLineOrder } from '../kinds';
import type { Catalog, ClassicUsage, CountableUsage, EpochMs, PeriodId, RatedLine, UsageInterval } from '../types';
import { PriceResolver, catalogsInCurrency } from './catalog';
import type { RatingContext } from './context';
import { rateCountableLines } from './countables';
import { invalidInput } from './errors';
import { type CoverageFacts, isRatedIn } from './coverage';
import { checkInterval, touchesPeriod } from './intervals';
import { rateTaskLines } from './tasks';
import { rateTimedLines } from './timed';

export interface RateLinesInput {
  ownerId: string;
  /** Period 'YYYY-MM'. */
  period: PeriodId;
  /** IANA time zone of the billing period, e.g. 'Europe/Paris' or 'UTC'. */
  timeZone: string;
  /** Legacy slice in seconds: 1, 60, 600 (default) or 3600. */
  granularitySeconds?: number;
  currency: string;
  catalogs: Catalog[];
  /** The owner's intervals, any period: they are cut to the period here. */
  intervals: UsageInterval[];
  countables: CountableUsage[];
  tasks: ClassicUsage[];
  /** Fill RatedLine.details (one per interval part). */
  withDetails?: boolean;
  /**
   * Which usage is rated per period (usage CSV, else invoice rows, else usage parts). Absent:
   * every row given is rated (a caller giving rows of one source only).
   */
  coverage?: CoverageFacts;
}

/** Spec order: kind (application, build, addon, countable, task), item name, item id, price item. */
export function compareLines(a: RatedLine, b: RatedLine): number {
  return compareLineOrder(a, b);
}

/** Sorts in place, numbers the lines 1..n and refuses two lines with the same key. */
export function orderLines(lines: RatedLine[]): RatedLine[] {
  lines.sort(compareLines);
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (seen.has(line.key)) throw invalidInput(`Two lines have the same key "${line.key}" (duplicate plan or price item ids)`);
    seen.add(line.key);
    line.lineNo = i + 1;
  });
  return lines;
}

/** [start, end) of the period; a bad period or time zone is an invalid_input RatingError. */
export function periodBoundsChecked(period: PeriodId, timeZone: string): { start: EpochMs; end: EpochMs } {
  if (!isPeriodId(period)) throw invalidInput(`Invalid period "${period}" (expected YYYY-MM)`);
  if (!isValidTimeZone(timeZone)) throw invalidInput(`Unknown time zone "${timeZone}"`);
  return periodBounds(period, timeZone);
}

export function checkGranularity(g: number): number {
  if (!(LEGACY_GRANULARITIES as readonly number[]).includes(g)) {
    throw invalidInput(`Legacy granularity ${g} s is not one of ${LEGACY_GRANULARITIES.join(', ')}`);
  }
  return g;
}

export function makeContext(input: {
  ownerId: string;
  currency: string;
  timeZone: string;
  granularitySeconds?: number;
  catalogs: Catalog[];
  withDetails?: boolean;
}): RatingContext {
  if (input.currency.trim() === '') throw invalidInput('The invoice currency is empty');
  const currency = input.currency.trim().toUpperCase();
  const catalogs = catalogsInCurrency(input.catalogs, currency);
  return {
    ownerId: input.ownerId,
    currency,
    timeZone: input.timeZone,
    granularitySeconds: checkGranularity(input.granularitySeconds ?? 600),
    withDetails: input.withDetails === true,
    catalogs,
    resolver: new PriceResolver(catalogs, currency),
  };
}

export function checkInstant(value: EpochMs, what: string, source: UsageInterval['source']): void {
  if (!Number.isSafeInteger(value)) throw invalidInput(`${what} has an invalid start instant`, source);
}

/**
 * Lines of one period from pre-selected usage: `indices` of the intervals having a part in
 * [start, end), the countables and tasks whose start is in it.
 */
export function ratePeriodLines(
  ctx: RatingContext,
  bounds: { start: EpochMs; end: EpochMs },
  intervals: readonly UsageInterval[],
  indices: Iterable<number>,
  countables: readonly CountableUsage[],
  tasks: readonly ClassicUsage[],
): RatedLine[] {
  return periodLines(ctx, rateTimedLines(ctx, intervals, indices, bounds.start, bounds.end), countables, tasks);
}

/** A period's time-sliced lines (already rated) with its countable and task lines, ordered and numbered. */
export function periodLines(ctx: RatingContext, timed: RatedLine[], countables: readonly CountableUsage[], tasks: readonly ClassicUsage[]): RatedLine[] {
  return orderLines([...timed, ...rateCountableLines(ctx, countables), ...rateTaskLines(ctx, tasks)]);
}

/** The owner's lines of one period, without credits (credit 0, net = per-second amount). */
export function rateLines(input: RateLinesInput): RatedLine[] {
  const ctx = makeContext(input);
  const bounds = periodBoundsChecked(input.period, input.timeZone);
  const { coverage, period } = input;
  const rated = (r: { invoicePeriod?: PeriodId }) => coverage === undefined || isRatedIn(period, coverage, r.invoicePeriod);
  const indices: number[] = [];
  input.intervals.forEach((iv, i) => {
    if (iv.ownerId !== ctx.ownerId) return;
    checkInterval(iv);
    if (rated(iv) && touchesPeriod(iv.start, iv.end, bounds.start, bounds.end, iv.startSub, iv.endSub)) indices.push(i);
  });
  const inPeriod = <T extends { ownerId: string; start: EpochMs; id: number; source: UsageInterval['source']; invoicePeriod?: PeriodId }>(
    rows: readonly T[],
    what: string,
  ): T[] =>
    rows.filter((r) => {
      if (r.ownerId !== ctx.ownerId) return false;
      checkInstant(r.start, `${what} ${r.id}`, r.source);
      return r.start >= bounds.start && r.start < bounds.end && rated(r);
    });
  return ratePeriodLines(ctx, bounds, input.intervals, indices, inPeriod(input.countables, 'Countable'), inPeriod(input.tasks, 'Task'));
}
