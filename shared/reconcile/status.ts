// A line's reconciliation status from its recomputed and billed amounts (docs/decisions.md, "Reconciliation").
import { D, type DecimalValue } from '../money';
import type { Dec, LineStatus } from '../types';

/** |variance| ≤ tolerance: the amounts agree. */
export function withinTolerance(variance: Dec | DecimalValue, tolerance: Dec): boolean {
  return new D(variance).abs().lte(tolerance);
}

/** Status of a rated line; `billed` null when the invoice has no such line. */
export function statusOf(recomputed: Dec, billed: Dec | null, tolerance: Dec): LineStatus {
  if (billed === null) return new D(recomputed).isZero() ? 'match' : 'missing_from_invoice';
  const variance = new D(billed).minus(recomputed);
  if (withinTolerance(variance, tolerance)) return 'match';
  return variance.gt(0) ? 'over_billed' : 'under_billed';
}

/** Status of a billed line no rated line explains. */
export function unexplainedStatus(billed: Dec, tolerance: Dec): LineStatus {
  return withinTolerance(billed, tolerance) ? 'match' : 'unexplained_charge';
}
