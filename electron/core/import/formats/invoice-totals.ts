// Invoice totals CSV (docs/focus.md, "Invoice totals"): `invoice_id, billing_account_id,
// billing_period_start, currency, amount`, what the provider's invoices total, to reconcile FOCUS
// rows against. An empty invoice_id is the whole billing account and period. Dates and amounts
// are read as in FOCUS files (focus-values.ts).
import { focusOwnerId, focusPeriodOf } from '../../../../shared/reconcile/focus';
import { invoiceTotalWriter, type NewInvoiceTotal } from '../../store/invoice-totals';
import { INVOICE_TOTAL_COLUMNS, INVOICE_TOTAL_REQUIRED } from '../csv/columns';
import { type DataRow, streamCsvTable } from '../csv/table';
import { Loc } from '../errors';
import type { ImportCtx } from '../types';
import { currencyField, textField } from '../values';
import { focusValueOptions } from './focus';
import { focusDecimal, focusInstant, type FocusValueOptions } from './focus-values';

export function convertInvoiceTotalRow(file: string, r: DataRow, o: FocusValueOptions): NewInvoiceTotal {
  const loc = new Loc(file, String(r.row));
  const get = (c: string) => r.cols.get(r.fields, c).trim();
  const billingAccountId = textField(loc, 'billing_account_id', get('billing_account_id'), true);
  const currency = currencyField(loc, 'currency', get('currency'));
  const start = focusInstant(loc, 'billing_period_start', get('billing_period_start'), o, true);
  return {
    ownerId: focusOwnerId(billingAccountId, currency),
    period: focusPeriodOf(start),
    billingAccountId,
    currency,
    invoiceId: get('invoice_id'),
    amount: focusDecimal(loc, 'amount', get('amount'), o, true)!,
  };
}

export async function importInvoiceTotals(ctx: ImportCtx): Promise<number> {
  const { file } = ctx;
  const write = invoiceTotalWriter(ctx.db, ctx.begin());
  const o = focusValueOptions(ctx.csv);
  const seen = new Map<string, number>();
  let rows = 0;
  await streamCsvTable(
    ctx.path,
    file,
    {
      csv: ctx.csv,
      canonical: INVOICE_TOTAL_COLUMNS,
      required: INVOICE_TOTAL_REQUIRED,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onChunk: (b) => ctx.progress(b, rows),
    },
    (r) => {
      const t = convertInvoiceTotalRow(file, r, o);
      const key = JSON.stringify([t.ownerId, t.period, t.invoiceId]);
      const before = seen.get(key);
      if (before !== undefined) {
        new Loc(file, String(r.row)).fail(
          'invoice_id',
          `gives ${t.invoiceId === '' ? `billing account ${t.billingAccountId}'s ${t.period} (${t.currency})` : `invoice ${t.invoiceId}`} a second total (the first is row ${before})`,
          t.invoiceId || undefined,
        );
      }
      seen.set(key, r.row);
      write(String(r.row), t);
      rows++;
    },
  );
  return rows;
}
