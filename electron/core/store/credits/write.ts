// Writes credit grants (`credits`), and finds a credit id already in the workspace.
import type { EpochMs } from '../../../../shared/types';
import type { Db } from '../open';

export interface NewCredit {
  creditId: string;
  ownerId: string;
  kind: 'prepaid' | 'free';
  amount: string;
  currency: string;
  grantedAt: EpochMs;
  validFrom: EpochMs;
  expiresAt: EpochMs | null;
  /** 'all', or line kinds joined by '|'. */
  scope: string;
  description: string;
}

/** Writes credits of one batch, one call per credit (prepared once). */
export function creditWriter(db: Db, batchId: number): (sourceRow: string, c: NewCredit) => void {
  const ins = db.prepare(
    `INSERT INTO credits (credit_id, batch_id, source_row, owner_id, kind, amount, currency, granted_at, valid_from, expires_at, scope, description)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (sourceRow, c) =>
    ins.run(c.creditId, batchId, sourceRow, c.ownerId, c.kind, c.amount, c.currency, c.grantedAt, c.validFrom, c.expiresAt, c.scope, c.description);
}

export interface StoredCreditRef {
  row: string;
  file: string;
  batch: number;
}

/** Where a credit id is already stored (row, file, batch), looked up one id at a time (prepared once). */
export function storedCreditLookup(db: Db): (creditId: string) => StoredCreditRef | undefined {
  const find = db.prepare(
    'SELECT c.source_row AS row, b.file_name AS file, b.id AS batch FROM credits c JOIN import_batches b ON b.id = c.batch_id WHERE c.credit_id = ?',
  );
  return (creditId) => find.get(creditId) as StoredCreditRef | undefined;
}
