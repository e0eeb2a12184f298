// Reconciles one owner's rated period with the provider's billed lines: loads through the store,
// matches with shared/reconcile, stores the result with its audit entry.
import { type BilledGroup, groupBilledLines, reconcile, type ReconciliationSummary } from '../../../shared/reconcile';
import type { Catalog, PeriodId } from '../../../shared/types';
import type { Settings } from '../../../shared/contract/api';
import { ApiError } from '../../../shared/contract/errors';
import { appendAudit } from '../store/audit';
import { billedLinesOf, invoicesFor } from '../store/invoices/read';
import type { Db } from '../store/open';
import { loadCatalogs } from '../store/catalogs/read';
import { writeReconciliation } from '../store/reconciliations';
import { ratedLinesOf, storedRun } from '../store/runs';
import { assertOpen } from './close';
import { isFocusOwner, reconcileFocus } from './focus';
import { writeTransaction, type WriteIntent } from '../store/write-session';

/** The provider's billed lines for an owner and period, grouped by line identity. */
export function billedGroups(db: Db, ownerId: string, period: PeriodId, tz: string, catalogs: Catalog[] = loadCatalogs(db)): Map<string, BilledGroup> {
  const invoices = invoicesFor(db, ownerId, period, tz).map((inv) => ({ currency: inv.currency, lines: billedLinesOf(db, inv.id) }));
  return groupBilledLines(catalogs, ownerId, invoices);
}

/** Reconciles the stored run and stores the result with its audit entry, in one transaction; reviewed lines it changes are marked (and audited) in it too. Refused for a closed period. */
export async function reconcilePeriod(
  db: Db,
  ownerId: string,
  period: PeriodId,
  settings: Settings,
  opts: { tolerance?: string | undefined; tolerancePercent?: string | null | undefined; onWait?: WriteIntent['onWait'] } = {},
): Promise<ReconciliationSummary & { changedSinceReview: number }> {
  assertOpen(db, ownerId, period, 'reconciling it again');
  // One-off values given replace the workspace's, each on its own (a percentage of null: none).
  const tolerance = {
    amount: opts.tolerance ?? settings.tolerance,
    percent: opts.tolerancePercent !== undefined ? opts.tolerancePercent : settings.tolerancePercent,
  };
  if (tolerance.amount.startsWith('-') || tolerance.percent?.startsWith('-')) throw new ApiError('invalid_request', 'The tolerance cannot be negative');
  const run = storedRun(db, ownerId, period);
  if (!run) throw new Error(`${ownerId} ${period} has not been rated yet: run "rate" first`);
  const { summary, lines } = isFocusOwner(db, ownerId)
    ? reconcileFocus(db, run, tolerance)
    : reconcile({
        rated: ratedLinesOf(db, run.runId),
        billed: billedGroups(db, ownerId, period, settings.timeZone),
        currency: run.invoice.currency,
        subtotalPerSecond: run.invoice.subtotalPerSecond,
        tolerance,
        invoiceNumbers: invoicesFor(db, ownerId, period, settings.timeZone).map((i) => i.invoiceNumber),
      });
  const changedSinceReview = await writeTransaction(db, { what: `reconciliation of ${ownerId} ${period}`, onWait: opts.onWait }, () => {
    // The reconciliation's entry first, then one per reviewed line it changed, at the same instant.
    const at = Date.now();
    appendAudit(db, { actor: settings.actor, action: 'reconcile', subject: `${ownerId} ${period}`, detail: summary, at });
    return writeReconciliation(db, { ownerId, period, summary, lines, actor: settings.actor, at }).changedSinceReview;
  });
  return { ...summary, changedSinceReview };
}
