// Provider invoices as the rating and the reconciliation read them.
import { periodBounds } from '../../../../shared/time';
import type { PeriodId } from '../../../../shared/types';
import type { Db } from '../open';

interface InvoiceHeader {
  id: number;
  currency: string;
  vatPercent: string;
  invoiceNumber: string;
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
