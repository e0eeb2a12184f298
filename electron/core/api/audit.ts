import { verifyAuditLog } from '../jobs/audit';
import { auditCount, auditPage, chainHead } from '../store/audit';
import type { Namespace, Workspace } from './namespace';

export function auditHandlers({ db }: Workspace): Namespace<'audit'> {
  return {
    async 'audit.list'(req) {
      return { total: auditCount(db), entries: auditPage(db, req.limit, req.offset) };
    },

    async 'audit.verify'(req, ctx) {
      const workbook = req.against === undefined ? undefined : { path: ctx.resolveInput(req.against), name: ctx.displayName(req.against) };
      return verifyAuditLog(db, { head: req.head, workbook });
    },

    async 'audit.head'() {
      return chainHead(db);
    },
  };
}
