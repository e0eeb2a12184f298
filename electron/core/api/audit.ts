import { auditCount, auditPage, verifyAudit } from '../store/audit';
import type { Namespace, Workspace } from './namespace';

export function auditHandlers({ db }: Workspace): Namespace<'audit'> {
  return {
    async 'audit.list'(req) {
      return { total: auditCount(db), entries: auditPage(db, req.limit, req.offset) };
    },

    async 'audit.verify'() {
      return verifyAudit(db);
    },
  };
}
