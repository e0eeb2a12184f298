// A line's reconciliation status from its recomputed and billed amounts (docs/decisions.md, "Reconciliation").
import { D, type DecimalValue } from '../money';
import type { Dec, LineStatus } from '../types';

/**
 * The reconciliation tolerance (SPEC 4): an absolute amount and, optionally, a percentage of the
 * billed amount; a difference is within it when it is within both. A plain decimal is an amount alone.
 */
export type Tolerance = Dec | { amount: Dec; percent: Dec | null };

export function toleranceParts(t: Tolerance): { amount: Dec; percent: Dec | null } {
  return typeof t === 'string' ? { amount: t, percent: null } : t;
}

/** The tolerance in words: "0.01", or "0.01 and 2 % of the billed amount". */
export function toleranceText(t: Tolerance): string {
  const { amount, percent } = toleranceParts(t);
  return percent === null ? amount : `${amount} and ${percent} % of the billed amount`;
}

/**
 * The largest gap the tolerance allows on a line billed `billed`: the amount, or the percentage of
 * |billed| when that is smaller (`by` says which bound decides, for the status sentence).
 */
export function toleranceLimit(tolerance: Tolerance, billed: Dec | DecimalValue | null = null): { limit: DecimalValue; by: 'amount' | 'percent' } {
  const { amount, percent } = toleranceParts(tolerance);
  const byAmount = new D(amount);
  if (percent === null) return { limit: byAmount, by: 'amount' };
  const byPercent = new D(billed ?? 0).abs().times(percent).div(100);
  return byPercent.lt(byAmount) ? { limit: byPercent, by: 'percent' } : { limit: byAmount, by: 'amount' };
}

/** |variance| ≤ the amount, and ≤ the percentage of |billed| when there is one: the amounts agree. */
export function withinTolerance(variance: Dec | DecimalValue, tolerance: Tolerance, billed: Dec | DecimalValue | null = null): boolean {
  return new D(variance).abs().lte(toleranceLimit(tolerance, billed).limit);
}

/** Status of a rated line; `billed` null when the invoice has no such line. */
export function statusOf(recomputed: Dec, billed: Dec | null, tolerance: Tolerance): LineStatus {
  if (billed === null) return new D(recomputed).isZero() ? 'match' : 'missing_from_invoice';
  const variance = new D(billed).minus(recomputed);
  if (withinTolerance(variance, tolerance, billed)) return 'match';
  return variance.gt(0) ? 'over_billed' : 'under_billed';
}

/** Status of a billed line no rated line explains. */
export function unexplainedStatus(billed: Dec, tolerance: Tolerance): LineStatus {
  return withinTolerance(billed, tolerance, billed) ? 'match' : 'unexplained_charge';
}
