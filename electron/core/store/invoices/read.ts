// Provider invoices and their billed lines as the rating and the reconciliation read them.
import type { BilledLineInput } from '../../../../shared/reconcile';
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

/** The billed lines of one invoice, in the order they were imported, with their file and row. */
export function billedLinesOf(db: Db, invoiceId: number): BilledLineInput[] {
  const rows = db
    .prepare(
      `SELECT bl.item_type, bl.owner_id, bl.item_id, bl.item_name, bl.price_ref, bl.flavor_name, bl.source_hint, bl.amount,
              bl.batch_id, bl.source_row, b.file_name, i.period_start
       FROM billed_lines bl JOIN import_batches b ON b.id = bl.batch_id JOIN invoices i ON i.id = bl.invoice_id
       WHERE bl.invoice_id = ? ORDER BY bl.id`,
    )
    .all(invoiceId) as (Omit<BilledLineInput, 'source'> & { batch_id: number; source_row: string; file_name: string })[];
  return rows.map(({ batch_id, source_row, file_name, ...r }) => ({ ...r, source: { batchId: batch_id, file: file_name, row: source_row } }));
}
