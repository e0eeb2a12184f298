// Invoice totals (`invoice_totals`): what the provider's invoices say a FOCUS owner's period
// totals, imported from an invoice-totals CSV or typed in, to reconcile the FOCUS rows against.
import type { EpochMs, PeriodId } from '../../../shared/types';
import type { Db } from './open';

export interface NewInvoiceTotal {
  ownerId: string;
  period: PeriodId;
  billingAccountId: string;
  currency: string;
  /** '' = the whole billing account and period. */
  invoiceId: string;
  amount: string;
}

/** Writes the totals of one imported batch, one call per row (prepared once). */
export function invoiceTotalWriter(db: Db, batchId: number): (sourceRow: string, t: NewInvoiceTotal) => void {
  const ins = db.prepare(
    `INSERT INTO invoice_totals (batch_id, source_row, owner_id, period, billing_account_id, currency, invoice_id, amount, entered_by, entered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
  );
  const at = Date.now();
  return (row, t) => ins.run(batchId, row, t.ownerId, t.period, t.billingAccountId, t.currency, t.invoiceId, t.amount, at);
}

/** Records a total typed in by `actor` (call inside a transaction, with its audit entry). */
export function addTypedTotal(db: Db, t: NewInvoiceTotal, actor: string, at: EpochMs): number {
  return Number(
    db
      .prepare(
        `INSERT INTO invoice_totals (batch_id, source_row, owner_id, period, billing_account_id, currency, invoice_id, amount, entered_by, entered_at)
         VALUES (NULL, '', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(t.ownerId, t.period, t.billingAccountId, t.currency, t.invoiceId, t.amount, actor, at).lastInsertRowid,
  );
}

export interface StoredInvoiceTotal {
  id: number;
  invoiceId: string;
  amount: string;
  /** The file and row it was imported from, or null when typed in. */
  file: string | null;
  sourceRow: string;
  enteredBy: string | null;
  enteredAt: EpochMs;
}

/** An owner's totals of a period, oldest first (a later one for the same invoice replaces it). */
export function invoiceTotalsOf(db: Db, ownerId: string, period: PeriodId): StoredInvoiceTotal[] {
  return db
    .prepare(
      `SELECT t.id, t.invoice_id AS invoiceId, t.amount, b.file_name AS file, t.source_row AS sourceRow, t.entered_by AS enteredBy, t.entered_at AS enteredAt
       FROM invoice_totals t LEFT JOIN import_batches b ON b.id = t.batch_id
       WHERE t.owner_id = ? AND t.period = ? ORDER BY t.id`,
    )
    .all(ownerId, period) as StoredInvoiceTotal[];
}

/** The owner-periods invoice totals were given for. */
export function invoiceTotalPeriods(db: Db): { ownerId: string; period: PeriodId }[] {
  return db.prepare('SELECT DISTINCT owner_id AS ownerId, period FROM invoice_totals').all() as { ownerId: string; period: PeriodId }[];
}

/** The files an owner's totals of a period were imported from. */
export function invoiceTotalsSourceFiles(db: Db, ownerId: string, period: PeriodId): { batchId: number; name: string; sha256: string }[] {
  return db
    .prepare(
      `SELECT b.id AS batchId, b.file_name AS name, b.sha256 FROM import_batches b
       WHERE EXISTS (SELECT 1 FROM invoice_totals t WHERE t.batch_id = b.id AND t.owner_id = ? AND t.period = ?) ORDER BY b.id`,
    )
    .all(ownerId, period) as { batchId: number; name: string; sha256: string }[];
}
