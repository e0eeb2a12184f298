// An owner's credit grants as the rating reads them.
import type { CreditGrant, LineKind } from '../../../../shared/types';
import type { Db } from '../open';
import { type SourceCols, sourceRef } from '../source-ref';

export function loadCredits(db: Db, ownerId: string): CreditGrant[] {
  const rows = db
    .prepare(`SELECT c.*, b.file_name FROM credits c JOIN import_batches b ON b.id = c.batch_id WHERE c.owner_id = ? ORDER BY c.credit_id`)
    .all(ownerId) as (SourceCols & {
    credit_id: string;
    owner_id: string;
    kind: 'prepaid' | 'free';
    amount: string;
    currency: string;
    granted_at: number;
    valid_from: number;
    expires_at: number | null;
    scope: string;
    description: string;
  })[];
  return rows.map((r) => ({
    creditId: r.credit_id,
    ownerId: r.owner_id,
    kind: r.kind,
    amount: r.amount,
    currency: r.currency,
    grantedAt: r.granted_at,
    validFrom: r.valid_from,
    expiresAt: r.expires_at,
    scope: r.scope === 'all' ? 'all' : (r.scope.split('|') as LineKind[]),
    description: r.description,
    source: sourceRef(r),
  }));
}
