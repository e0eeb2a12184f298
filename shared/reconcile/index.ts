// Reconciliation (pure): the provider's billed lines matched with the rated lines, statuses and
// totals. The core loads and stores (electron/core/jobs/reconcile.ts); nothing here touches a database.
export { billedLineKey, groupBilledLines, resolveBilledPriceItem, type BilledGroup, type BilledLineInput, type BilledRow } from './billed-items';
export {
  billedDetailsByLine,
  compareIntervals,
  type BilledDetail,
  type BilledDetailInput,
  type IntervalComparison,
  type IntervalRow,
  type RecomputedInterval,
} from './intervals';
export { reconcile, storedTolerance, unexplainedGroups, type ReconcileInput, type ReconciledLine, type ReconciliationSummary } from './match';
export { statusOf, toleranceLimit, toleranceParts, toleranceText, unexplainedStatus, withinTolerance, type Tolerance } from './status';
export { lineTotals, type LineAmounts, type LineTotals } from './totals';
export {
  checkInvoices,
  FOCUS_TIME_ZONE,
  focusCategory,
  focusKind,
  focusLineKey,
  focusLines,
  focusOwnerId,
  focusPeriodOf,
  parseFocusOwnerId,
  reconcileFocusLines,
  rowFlags,
  rowRecomputed,
  type FocusLine,
  type FocusRowInput,
  type FocusSummary,
  type InvoiceCheck,
  type InvoiceTotal,
  type LineFlags,
  type RowFlag,
} from './focus';
