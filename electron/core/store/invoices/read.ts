// Provider invoices as the rating and the reconciliation read them.
import { periodBounds, periodOf } from '../../../../shared/time';
import type { PeriodId } from '../../../../shared/types';
import type { Db } from '../open';

interface InvoiceHeader {
  id: number;
  currency: string;
  vatPercent: string;
  invoiceNumber: string;
}

/**
 * Invoice id → the period each of the owner's invoices (of batches up to `upToBatch`) is attached
 * to: the one its consumption period starts in, as `invoicesFor` selects them.
 */
export function invoicePeriods(db: Db, ownerId: string, tz: string, upToBatch: number): Map<number, PeriodId> {
  const rows = db.prepare('SELECT id, period_start FROM invoices WHERE owner_id = ? AND batch_id <= ?').raw().all(ownerId, upToBatch) as [number, number][];
  return new Map(rows.map(([id, start]) => [id, periodOf(start, tz)]));
}

/** The provider invoices of an owner whose consumption period starts in `period`. */
export function invoicesFor(db: Db, ownerId: string, period: PeriodId, tz: string): InvoiceHeader[] {
  const { start, end } = periodBounds(period, tz);
  return db
    .prepare(
      `SELECT id, currency, vat_percent AS vatPercent, invoice_number AS invoiceNumber FROM invoices
       WHERE owner_id = ? AND period_start >= ? AND period_start < ? ORDER BY id`,
    )
    .all(ownerId, start, end) as InvoiceHeader[];
}
