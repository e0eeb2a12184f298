// Matching an owner's rated lines of a period with the provider's billed lines: one reconciled
// line per rated line (billed or not), then the billed lines no rated line explains, in invoice
// line order; and the invoice-level summary. Rules: docs/decisions.md, "Reconciliation".
import { compareLineOrder } from '../kinds';
import { D, exactMoneyString, moneyString } from '../money';
import { LINE_STATUSES, type Dec, type LineKind, type LineStatus, type RatedLine } from '../types';
import type { BilledGroup } from './billed-items';
import type { FocusSummary, LineFlags } from './focus';
import { statusOf, toleranceParts, unexplainedStatus, type Tolerance } from './status';
import { type LineTotals, lineTotals } from './totals';

/** A line as stored by a reconciliation (the invoice screen's and the workbook's row, before review). */
export interface ReconciledLine {
  key: string;
  lineNo: number;
  kind: LineKind;
  itemId: string;
  itemName: string;
  priceItem: string;
  instances: number;
  billableSeconds: number;
  unitPrice: Dec | null;
  amountPerSecond: Dec;
  amountLegacy: Dec;
  difference: Dec;
  credit: Dec;
  net: Dec;
  /** Exact as the invoice gives it (at least the minor unit's digits); null when nothing is billed for the line. */
  billed: Dec | null;
  /** billed − per-second amount, exact. */
  variance: Dec;
  status: LineStatus;
  /** FOCUS: the line's rows that break their own unit prices (absent: none). */
  flags?: LineFlags;
}

export interface ReconciliationSummary {
  currency: string;
  billedTotal: Dec;
  recomputedTotal: Dec;
  variance: Dec;
  counts: Record<LineStatus, number>;
  /** The tolerance's amount, and its percentage of the billed amount (null or absent: none). */
  tolerance: Dec;
  tolerancePercent?: Dec | null;
  invoiceNumbers: string[];
  /**
   * Count and exact sums of the reconciled lines, column by column: what the invoice screen's
   * totals bar shows unfiltered, read from here instead of summing every line on first open.
   * (Absent from reconciliations stored before it existed.)
   */
  lineTotals?: LineTotals;
  /** FOCUS periods: the rows' checks and the invoice totals' (docs/focus.md). */
  focus?: FocusSummary;
}

export interface ReconcileInput {
  /** The stored run's lines, in line order (numbered 1..n). */
  rated: readonly RatedLine[];
  /** The provider's billed lines by line key (groupBilledLines). */
  billed: ReadonlyMap<string, BilledGroup>;
  currency: string;
  /** The run's subtotal per second: the recomputed total. */
  subtotalPerSecond: Dec;
  tolerance: Tolerance;
  invoiceNumbers: string[];
}

/** Billed lines with no rated line, in invoice line order (the rating's, locale-independent). */
export function unexplainedGroups(rated: readonly { key: string }[], billed: ReadonlyMap<string, BilledGroup>): BilledGroup[] {
  const ratedKeys = new Set(rated.map((l) => l.key));
  return [...billed.values()].filter((b) => !ratedKeys.has(b.key)).sort(compareLineOrder);
}

/** The tolerance a stored reconciliation was made with. */
export function storedTolerance(summary: Pick<ReconciliationSummary, 'tolerance' | 'tolerancePercent'>): { amount: Dec; percent: Dec | null } {
  return { amount: summary.tolerance, percent: summary.tolerancePercent ?? null };
}

export function reconcile(input: ReconcileInput): { summary: ReconciliationSummary; lines: ReconciledLine[] } {
  const { rated, billed, currency, tolerance } = input;
  // Billed amounts keep the invoice's digits: the tolerance, not a rounding, decides the status.
  const exact = (v: Dec | InstanceType<typeof D>) => exactMoneyString(v, currency);
  const zero = moneyString('0', currency);
  const counts = Object.fromEntries(LINE_STATUSES.map((s) => [s, 0])) as Record<LineStatus, number>;
  // Σ of the exact billed amounts.
  let billedTotal = new D(0);
  const lines: ReconciledLine[] = [];
  for (const l of rated) {
    const b = billed.get(l.key);
    const billedAmount = b ? exact(b.amount) : null;
    if (b) billedTotal = billedTotal.plus(b.amount);
    const status = statusOf(l.amountPerSecond, billedAmount, tolerance);
    counts[status]++;
    lines.push({
      key: l.key,
      lineNo: l.lineNo,
      kind: l.kind,
      itemId: l.itemId,
      itemName: l.itemName,
      priceItem: l.priceItem,
      instances: l.instances,
      billableSeconds: l.billableSeconds,
      unitPrice: l.unitPrice,
      amountPerSecond: l.amountPerSecond,
      amountLegacy: l.amountLegacy,
      difference: l.difference,
      credit: l.credit,
      net: l.net,
      billed: billedAmount,
      variance: exact(new D(billedAmount ?? 0).minus(l.amountPerSecond)),
      status,
    });
  }
  let lineNo = rated.length;
  for (const b of unexplainedGroups(rated, billed)) {
    billedTotal = billedTotal.plus(b.amount);
    const amount = exact(b.amount);
    const status = unexplainedStatus(amount, tolerance);
    counts[status]++;
    lines.push({
      key: b.key,
      lineNo: ++lineNo,
      kind: b.kind,
      itemId: b.itemId,
      itemName: b.itemName,
      priceItem: b.priceItem,
      instances: 0,
      billableSeconds: 0,
      unitPrice: null,
      amountPerSecond: zero,
      amountLegacy: zero,
      difference: zero,
      credit: zero,
      net: zero,
      billed: amount,
      variance: amount,
      status,
    });
  }
  const summary: ReconciliationSummary = {
    currency,
    billedTotal: exact(billedTotal),
    recomputedTotal: input.subtotalPerSecond,
    variance: exact(billedTotal.minus(input.subtotalPerSecond)),
    counts,
    tolerance: toleranceParts(tolerance).amount,
    ...(toleranceParts(tolerance).percent !== null ? { tolerancePercent: toleranceParts(tolerance).percent } : {}),
    invoiceNumbers: input.invoiceNumbers,
    lineTotals: lineTotals(
      lines.map((r) => [r.amountPerSecond, r.amountLegacy, r.credit, r.net, r.billed, r.variance] as const),
      currency,
    ),
  };
  return { summary, lines };
}
