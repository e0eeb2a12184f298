// Provider invoices and their billed lines as the rating and the reconciliation read them.
import { type ProviderFigures, type ProviderInvoice } from '../../../../shared/contract/api';
import { attachInvoice, invoicePeriod } from '../../../../shared/invoices';
import type { BilledLineInput } from '../../../../shared/reconcile';
import type { PeriodId } from '../../../../shared/types';
import type { Db } from '../open';

interface InvoiceHeader {
  id: number;
  currency: string;
  vatPercent: string;
  invoiceNumber: string;
  periodStart: number;
  periodEnd: number;
  /** Its consumption span is not exactly the month (shared/invoices). */
  warning: string | null;
}

/**
 * Invoice id → the period each of the owner's invoices (of batches up to `upToBatch`) is attached
 * to: the month holding the middle of its consumption span (shared/invoices), as `invoicesFor`
 * selects them.
 */
export function invoicePeriods(db: Db, ownerId: string, tz: string, upToBatch: number): Map<number, PeriodId> {
  const rows = db.prepare('SELECT id, period_start, period_end FROM invoices WHERE owner_id = ? AND batch_id <= ?').raw().all(ownerId, upToBatch) as [
    number,
    number,
    number,
  ][];
  return new Map(rows.map(([id, start, end]) => [id, invoicePeriod({ start, end }, tz)]));
}

/**
 * The provider invoices of an owner attached to `period` in `tz`: those whose consumption span has
 * its middle in the month (shared/invoices), each with its alignment warning.
 */
export function invoicesFor(db: Db, ownerId: string, period: PeriodId, tz: string): InvoiceHeader[] {
  const rows = db
    .prepare(
      `SELECT id, currency, vat_percent AS vatPercent, invoice_number AS invoiceNumber, period_start AS periodStart, period_end AS periodEnd
       FROM invoices WHERE owner_id = ? ORDER BY id`,
    )
    .all(ownerId) as Omit<InvoiceHeader, 'warning'>[];
  const out: InvoiceHeader[] = [];
  for (const r of rows) {
    const a = attachInvoice({ invoiceNumber: r.invoiceNumber, start: r.periodStart, end: r.periodEnd }, tz);
    if (a.period === period) out.push({ ...r, warning: a.warning });
  }
  return out;
}

type AsBilled = Pick<ProviderInvoice, 'status' | 'emissionDate' | 'totalTaxExcluded' | 'totalTax' | 'file'>;

/** The provider invoices of an owner and period as billed, with the provider's own figures. */
export function providerInvoicesFor(db: Db, ownerId: string, period: PeriodId, tz: string): ProviderInvoice[] {
  const get = db.prepare(
    `SELECT i.status, i.emission_date AS emissionDate, i.total_tax_excluded AS totalTaxExcluded, i.total_tax AS totalTax, i.provider_json, b.file_name AS file
     FROM invoices i JOIN import_batches b ON b.id = i.batch_id WHERE i.id = ?`,
  );
  return invoicesFor(db, ownerId, period, tz).map((h) => {
    const { provider_json, ...r } = get.get(h.id) as AsBilled & { provider_json: string | null };
    const { invoiceNumber, periodStart, periodEnd, currency, vatPercent, warning } = h;
    const provider = provider_json === null ? null : (JSON.parse(provider_json) as ProviderFigures);
    return { invoiceNumber, ...r, periodStart, periodEnd, currency, vatPercent, warning, provider };
  });
}

/** The billed lines of one invoice, in the order they were imported, with their file and row. */
export function billedLinesOf(db: Db, invoiceId: number): BilledLineInput[] {
  const rows = db
    .prepare(
      `SELECT bl.item_type, bl.owner_id, bl.item_id, bl.item_ref, bl.item_name, bl.price_ref, bl.flavor_name, bl.source_hint, bl.amount,
              bl.batch_id, bl.source_row, b.file_name, i.period_start
       FROM billed_lines bl JOIN import_batches b ON b.id = bl.batch_id JOIN invoices i ON i.id = bl.invoice_id
       WHERE bl.invoice_id = ? ORDER BY bl.id`,
    )
    .all(invoiceId) as (Omit<BilledLineInput, 'source'> & { batch_id: number; source_row: string; file_name: string })[];
  return rows.map(({ batch_id, source_row, file_name, ...r }) => ({ ...r, source: { batchId: batch_id, file: file_name, row: source_row } }));
}
