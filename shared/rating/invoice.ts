// rateInvoice: the owner's invoice for one period, with credits carried over from earlier periods.
import { periodOf } from '../time';
import type { CreditGrant, Dec, PeriodId, RatedInvoice, UsageInterval } from '../types';
import { isRatedIn } from './coverage';
import { applyCredits, isGrantUsable, sameCurrency, type CreditPeriodInput } from './credits';
import { D, decString, moneyString } from '../money';
import { invalidInput, parseDec } from './errors';
import { PeriodGrid, checkInterval } from './intervals';
import { type RateLinesInput, checkInstant, makeContext, periodBoundsChecked, periodLines } from './lines';
import { TimedLines } from './timed';

export interface RateInvoiceInput extends Omit<RateLinesInput, 'intervals'> {
  /**
   * The owner's intervals, any period (cut to the periods here). Iterated once: a generator
   * reading them from storage lets a month of millions stream through without being held.
   */
  intervals: Iterable<UsageInterval>;
  granularitySeconds: number;
  vatPercent: Dec;
  /** This owner's credit grants (other owners and currencies are ignored). */
  credits: CreditGrant[];
}

/**
 * First period of the credit walk: the period of the earliest validFrom among the grants
 * usable up to the target, so a grant's history never depends on which period is asked for.
 */
export function creditWalkStart(grants: readonly CreditGrant[], target: PeriodId, targetEnd: number, timeZone: string): PeriodId {
  let first = target;
  for (const g of grants) {
    if (g.validFrom >= targetEnd) continue;
    const p = periodOf(g.validFrom, timeZone);
    if (p < first) first = p;
  }
  return first;
}

export function rateInvoice(input: RateInvoiceInput): RatedInvoice {
  const ctx = makeContext(input);
  const cur = ctx.currency;
  const vatPercent = parseDec(input.vatPercent, 'VAT percent');
  const target = periodBoundsChecked(input.period, input.timeZone);
  const grants = input.credits.filter((g) => g.ownerId === ctx.ownerId && sameCurrency(g.currency, cur));
  for (const g of grants) {
    if (!Number.isSafeInteger(g.validFrom)) throw invalidInput(`Credit ${g.creditId} has an invalid valid_from`, g.source);
  }

  const grid = new PeriodGrid(creditWalkStart(grants, input.period, target.end, input.timeZone), input.period, input.timeZone);
  const last = grid.periods.length - 1;
  // Per period, whether usage-CSV rows are rated (else its invoices' own rows are).
  const coverage = input.coverage;
  const usageRated = grid.periods.map((p) => coverage === undefined || isRatedIn(p, coverage, undefined));
  const rated = (k: number, invoicePeriod: PeriodId | undefined) =>
    invoicePeriod === undefined ? usageRated[k]! : coverage === undefined || isRatedIn(grid.periods[k]!, coverage, invoicePeriod);
  const bucketRows = <T extends { ownerId: string; start: number; id: number; source: CreditGrant['source']; invoicePeriod?: PeriodId }>(
    rows: readonly T[],
    what: string,
  ): T[][] => {
    const out: T[][] = grid.periods.map(() => []);
    for (const r of rows) {
      if (r.ownerId !== ctx.ownerId) continue;
      checkInstant(r.start, `${what} ${r.id}`, r.source);
      const k = grid.indexOf(r.start);
      if (k >= 0 && rated(k, r.invoicePeriod)) out[k]!.push(r);
    }
    return out;
  };
  const countableBuckets = bucketRows(input.countables, 'Countable');
  const taskBuckets = bucketRows(input.tasks, 'Task');
  const quietCtx = { ...ctx, withDetails: false };

  // Earlier periods only matter for the credits they consume.
  const timed = grid.periods.map((_, k) => {
    const needed = k === last || grants.some((g) => isGrantUsable(g, grid.bounds[k]!, grid.bounds[k + 1]!));
    return needed ? new TimedLines(k === last ? ctx : quietCtx, grid.bounds[k]!, grid.bounds[k + 1]!) : null;
  });
  for (const iv of input.intervals) {
    if (iv.ownerId !== ctx.ownerId) continue;
    checkInterval(iv);
    const [from, to] = grid.spanOf(iv);
    for (let k = from; k < to; k++) {
      const t = timed[k];
      if (t && rated(k, iv.invoicePeriod)) t.add(iv);
    }
  }
  const periods: CreditPeriodInput[] = grid.periods.map((period, k) => {
    const t = timed[k];
    const lines = t ? periodLines(k === last ? ctx : quietCtx, t.finish(), countableBuckets[k]!, taskBuckets[k]!) : [];
    return { period, start: grid.bounds[k]!, end: grid.bounds[k + 1]!, lines };
  });
  const credited = applyCredits(grants, periods, cur)[last]!;

  let perSecond = new D(0);
  let legacy = new D(0);
  for (const line of credited.lines) {
    perSecond = perSecond.plus(line.amountPerSecond);
    legacy = legacy.plus(line.amountLegacy);
  }
  const creditsApplied = new D(credited.creditsApplied);
  const netBeforeTax = perSecond.minus(creditsApplied);
  const vat = netBeforeTax.times(vatPercent).div(100);
  const vatRounded = new D(moneyString(vat, cur));
  return {
    ownerId: ctx.ownerId,
    period: input.period,
    periodStart: target.start,
    periodEnd: target.end,
    timeZone: input.timeZone,
    currency: cur,
    granularitySeconds: ctx.granularitySeconds,
    lines: credited.lines,
    subtotalPerSecond: moneyString(perSecond, cur),
    subtotalLegacy: moneyString(legacy, cur),
    difference: moneyString(legacy.minus(perSecond), cur),
    creditsApplied: moneyString(creditsApplied, cur),
    netBeforeTax: moneyString(netBeforeTax, cur),
    vatPercent: decString(vatPercent),
    vat: moneyString(vatRounded, cur),
    total: moneyString(netBeforeTax.plus(vatRounded), cur),
    allocations: credited.allocations,
    balances: credited.balances,
  };
}
