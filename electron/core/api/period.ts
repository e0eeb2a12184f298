import { writerSettings } from './actor';
import { closePeriod, reopenPeriod } from '../jobs/close';
import { ownersIn } from '../jobs/periods';
import type { Namespace, Workspace } from './namespace';
import { waitNotice } from './waiting';

export function periodHandlers({ db }: Workspace): Namespace<'period'> {
  return {
    async 'period.close'(req, ctx) {
      const settings = writerSettings(db, ctx);
      ownersIn(db, settings, req.period, req.ownerId);
      return closePeriod(db, req.ownerId, req.period, settings, waitNotice(ctx, `close:${req.ownerId}:${req.period}`));
    },

    async 'period.reopen'(req, ctx) {
      const settings = writerSettings(db, ctx);
      return reopenPeriod(db, req.ownerId, req.period, req.reason, settings, waitNotice(ctx, `reopen:${req.ownerId}:${req.period}`));
    },
  };
}
