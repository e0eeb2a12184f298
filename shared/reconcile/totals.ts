// Count and exact sums of reconciled lines, column by column: stored with a reconciliation (the
// invoice screen's unfiltered totals bar) and summed again for a filter.
import { D, exactMoneyString } from '../money';
import type { Dec } from '../types';

export interface LineTotals {
  lines: number;
  amountPerSecond: Dec;
  amountLegacy: Dec;
  credit: Dec;
  net: Dec;
  billed: Dec;
  variance: Dec;
}

/** One line's amounts, in LineTotals order: per second, 10-minute, credit, net, billed (null: none), variance. */
export type LineAmounts = readonly [Dec, Dec, Dec, Dec, Dec | null, Dec];

export function lineTotals(rows: Iterable<LineAmounts>, currency: string): LineTotals {
  let lines = 0;
  let [a, l, c, n, b, v] = [new D(0), new D(0), new D(0), new D(0), new D(0), new D(0)];
  for (const r of rows) {
    lines++;
    a = a.plus(r[0]);
    l = l.plus(r[1]);
    c = c.plus(r[2]);
    n = n.plus(r[3]);
    if (r[4] !== null) b = b.plus(r[4]);
    v = v.plus(r[5]);
  }
  // Exact sums: the rated columns are already whole minor units, billed amounts keep their digits.
  const f = (x: InstanceType<typeof D>) => exactMoneyString(x, currency);
  return { lines, amountPerSecond: f(a), amountLegacy: f(l), credit: f(c), net: f(n), billed: f(b), variance: f(v) };
}
