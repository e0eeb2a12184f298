import { ApiError } from '../../../shared/contract/errors';
import { assertOpen } from '../jobs/close';
import { ownersIn } from '../jobs/periods';
import { currentInvoiceChecks, isFocusOwner, recordInvoiceTotal } from '../jobs/focus';
import { reconcilePeriod } from '../jobs/reconcile';
import { storedReconciliation } from '../store/reconciliations';
import { storedRun } from '../store/runs';
import { getSettings } from '../store/settings';
import type { Namespace, Workspace } from './namespace';
import { waitNotice } from './waiting';

export function focusHandlers({ db }: Workspace): Namespace<'focus'> {
  return {
    async 'focus.setInvoiceTotal'(req, ctx) {
      const settings = getSettings(db);
      if (!isFocusOwner(db, req.ownerId)) throw new ApiError('not_found', `${req.ownerId} is not a FOCUS billing account of this workspace`);
      ownersIn(db, settings, req.period, req.ownerId);
      assertOpen(db, req.ownerId, req.period, 'changing its invoice total');
      const onWait = waitNotice(ctx, `invoice-total:${req.ownerId}:${req.period}`);
      await recordInvoiceTotal(db, { ownerId: req.ownerId, period: req.period, invoiceId: req.invoiceId ?? '', amount: req.amount }, settings.actor, onWait);
      // The checks are part of the stored reconciliation: run it again, with the tolerance it had.
      const rec = storedReconciliation(db, req.ownerId, req.period);
      if (rec && storedRun(db, req.ownerId, req.period)) {
        const summary = await reconcilePeriod(db, req.ownerId, req.period, settings, {
          tolerance: rec.summary.tolerance,
          tolerancePercent: rec.summary.tolerancePercent ?? null,
          onWait,
        });
        return { invoices: summary.focus?.invoices ?? [], reconciled: true };
      }
      return {
        invoices: currentInvoiceChecks(db, req.ownerId, req.period, { amount: settings.tolerance, percent: settings.tolerancePercent }),
        reconciled: false,
      };
    },
  };
}
