import { closedRefusal } from '../../../shared/close';
import { closedLock } from '../jobs/close';
import { periodSummaries, periodWarnings, ownersIn } from '../jobs/periods';
import { ratePeriod } from '../jobs/rate';
import { reconcilePeriod } from '../jobs/reconcile';
import { storedRun } from '../store/runs';
import { getSettings } from '../store/settings';
import type { Namespace, Workspace } from './namespace';
import { waitNotice } from './waiting';

export function rateHandlers({ db }: Workspace): Namespace<'rate' | 'reconcile'> {
  /**
   * The owners a call for the whole period works on: a closed one is left as it is and reported.
   * Named alone (`ownerId`), a closed owner is refused by the job instead.
   */
  const openOwners = (owners: string[], period: string, named: boolean, what: string) => {
    const closed: { ownerId: string; message: string }[] = [];
    const open = owners.filter((ownerId) => {
      const lock = named ? null : closedLock(db, ownerId, period);
      if (lock) closed.push({ ownerId, message: closedRefusal(lock, what) });
      return !lock;
    });
    return { open, closed };
  };
  return {
    async 'rate.run'(req, ctx) {
      const settings = getSettings(db);
      const { open: owners, closed } = openOwners(ownersIn(db, settings, req.period, req.ownerId), req.period, !!req.ownerId, 'rating it again');
      const rated = [];
      for (const [i, ownerId] of owners.entries()) {
        ctx.progress({ task: `rate:${req.period}`, phase: 'rate', label: `${ownerId} ${req.period}`, done: i, total: owners.length });
        const onWait = waitNotice(ctx, `rate:${ownerId}:${req.period}`);
        const r = await ratePeriod(db, ownerId, req.period, settings, onWait);
        await reconcilePeriod(db, ownerId, req.period, settings, { onWait });
        const warnings = periodWarnings(db, ownerId, req.period, settings.timeZone);
        rated.push({ ownerId, period: req.period, lines: r.invoice.lines.length, total: r.invoice.total, warnings });
      }
      ctx.progress({ task: `rate:${req.period}`, phase: 'rate', label: req.period, done: owners.length, total: owners.length });
      return { rated, closed };
    },

    async 'reconcile.run'(req, ctx) {
      const settings = getSettings(db);
      const { open: owners } = openOwners(ownersIn(db, settings, req.period, req.ownerId), req.period, !!req.ownerId, 'reconciling it again');
      for (const [i, ownerId] of owners.entries()) {
        ctx.progress({ task: `reconcile:${req.period}`, phase: 'reconcile', label: `${ownerId} ${req.period}`, done: i, total: owners.length });
        const onWait = waitNotice(ctx, `reconcile:${ownerId}:${req.period}`);
        if (!storedRun(db, ownerId, req.period)) await ratePeriod(db, ownerId, req.period, settings, onWait);
        await reconcilePeriod(db, ownerId, req.period, settings, { tolerance: req.tolerance, tolerancePercent: req.tolerancePercent, onWait });
      }
      return { summaries: periodSummaries(db, settings, { period: req.period, ...(req.ownerId ? { ownerId: req.ownerId } : {}) }) };
    },
  };
}
