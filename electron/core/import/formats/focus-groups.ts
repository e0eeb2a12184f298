// FOCUS rows as invoice lines: the rows of one BillingAccountId + BillingPeriodStart +
// ServiceName + ResourceId (and currency, so amounts of different currencies are never added).
import { D, type DecimalValue, decString } from '../../../../shared/money';
import { type FocusFilter, focusCosts } from '../../store/focus';
import type { Db } from '../../store/open';

export type { FocusFilter } from '../../store/focus';

export interface FocusGroup {
  billingAccountId: string;
  billingPeriodStart: number;
  serviceName: string;
  resourceId: string;
  currency: string;
  /** Exact sum of BilledCost (summed as decimals, never as floats). */
  billedCost: string;
  rows: number;
}

/**
 * The invoice lines, ordered by their keys. Sums are exact: the TEXT decimals are added with
 * decimal.js, not SQLite SUM() (which adds floats).
 */
export function focusGroups(db: Db, filter: FocusFilter = {}): FocusGroup[] {
  const out: FocusGroup[] = [];
  let cur: (Omit<FocusGroup, 'billedCost'> & { sum: DecimalValue }) | null = null;
  const flush = () => {
    if (cur === null) return;
    const { sum, ...g } = cur;
    out.push({ ...g, billedCost: decString(sum) });
  };
  for (const row of focusCosts(db, filter)) {
    if (
      cur === null ||
      cur.billingAccountId !== row.billingAccountId ||
      cur.billingPeriodStart !== row.billingPeriodStart ||
      cur.serviceName !== row.serviceName ||
      cur.resourceId !== row.resourceId ||
      cur.currency !== row.currency
    ) {
      flush();
      const { billedCost: _cost, ...key } = row;
      cur = { ...key, rows: 0, sum: new D(0) };
    }
    cur.sum = cur.sum.plus(row.billedCost);
    cur.rows++;
  }
  flush();
  return out;
}
