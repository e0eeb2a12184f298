import { ApiError } from '../../../shared/contract/errors';
import { assertOpen } from '../jobs/close';
import { lineDetail, listLines, requireLine, requireReconciliation } from '../jobs/lines';
import { hasLine } from '../store/lines';
import { addAnnotation, setReview } from '../store/reviews';
import { getSettings } from '../store/settings';
import type { Namespace, Workspace } from './namespace';
import { waitNotice } from './waiting';

export function linesHandlers({ db }: Workspace): Namespace<'lines'> {
  return {
    async 'lines.list'(req) {
      return listLines(db, req);
    },

    async 'lines.detail'(req) {
      return lineDetail(db, req);
    },

    async 'lines.setReview'(req, ctx) {
      const { rec } = requireReconciliation(db, req.ownerId, req.period);
      assertOpen(db, req.ownerId, req.period, 'changing a review'); // and, in its transaction, migration 008's trigger
      for (const key of req.lineKeys) if (!hasLine(db, rec.id, key)) throw new ApiError('not_found', `No line "${key}" in ${req.ownerId} ${req.period}`);
      const review = { state: req.state, reason: req.reason, creditNote: req.creditNote, creditAmount: req.creditAmount };
      return { changed: await setReview(db, req.ownerId, req.period, req.lineKeys, review, getSettings(db).actor, waitNotice(ctx, 'review')) };
    },

    async 'lines.annotate'(req, ctx) {
      requireLine(db, req.ownerId, req.period, req.lineKey);
      assertOpen(db, req.ownerId, req.period, 'annotating a line');
      return addAnnotation(db, req.ownerId, req.period, req.lineKey, req.text, getSettings(db).actor, waitNotice(ctx, 'annotate'));
    },
  };
}
