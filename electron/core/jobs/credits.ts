// A stored run's credits as people read them: each balance with its grant's description, each
// allocation with the name of the line it went to.
import type { CreditAllocation, CreditBalance } from '../../../shared/types';
import { loadCredits } from '../store/credits/read';
import type { Db } from '../store/open';
import { ratedItemNames, type StoredRun } from '../store/runs';

export function creditsOfRun(
  db: Db,
  run: StoredRun,
): { balances: (CreditBalance & { description: string })[]; allocations: (CreditAllocation & { itemName: string })[] } {
  const descriptions = new Map(loadCredits(db, run.invoice.ownerId).map((c) => [c.creditId, c.description]));
  const names = ratedItemNames(db, run.runId);
  return {
    balances: run.invoice.balances.map((b) => ({ ...b, description: descriptions.get(b.creditId) ?? '' })),
    allocations: run.invoice.allocations.map((a) => ({ ...a, itemName: names.get(a.lineKey) ?? '' })),
  };
}
