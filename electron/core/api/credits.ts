import { creditsOfRun } from '../jobs/credits';
import { requireReconciliation } from '../jobs/lines';
import type { Namespace, Workspace } from './namespace';

export function creditsHandlers({ db }: Workspace): Namespace<'credits'> {
  return {
    async 'credits.list'(req) {
      const { run } = requireReconciliation(db, req.ownerId, req.period);
      const { balances, allocations } = creditsOfRun(db, run);
      return {
        currency: run.invoice.currency,
        balances: balances.map((b) => ({
          creditId: b.creditId,
          kind: b.kind,
          scope: b.scope === 'all' ? 'all' : b.scope.join('|'),
          description: b.description,
          expiresAt: b.expiresAt,
          opening: b.opening,
          granted: b.granted,
          used: b.used,
          expired: b.expired,
          closing: b.closing,
        })),
        allocations: allocations.map((a) => ({ creditId: a.creditId, lineKey: a.lineKey, lineNo: a.lineNo, itemName: a.itemName, amount: a.amount })),
      };
    },
  };
}
