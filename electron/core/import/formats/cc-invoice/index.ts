// Clever Cloud v4 invoice JSON (docs/importers.md, "Clever Cloud v4 invoice"): one invoice object
// or an array of them. Read whole and validated first; then written in one go.
import { importedInvoice, type NewInvoice, writeInvoices } from '../../../store/invoices/write';
import type { Db } from '../../../store/open';
import { ImportError } from '../../errors';
import { readJsonFile } from '../../json/reader';
import type { ImportCtx } from '../../types';
import { invoiceRowCount, readInvoices } from './invoice';

/** The same invoice (owner and number) imported twice would bill its lines twice. */
function refuseKnownInvoice(db: Db, file: string, plan: NewInvoice): void {
  const old = importedInvoice(db, plan.ownerId, plan.invoiceNumber);
  if (old) {
    throw new ImportError(
      file,
      `invoice ${plan.invoiceNumber} of ${plan.ownerId} was already imported from ${old.file} (batch ${old.batch}); importing it again would bill its lines twice`,
      { row: plan.path, field: 'invoice_number' },
    );
  }
}

export async function importCcInvoice(ctx: ImportCtx): Promise<number> {
  const doc = await readJsonFile(ctx.path, ctx.file);
  ctx.progress(ctx.size, 0);
  const plans = readInvoices(ctx.file, doc, ctx.timeZone, ctx.warnings, ctx.locale);
  const batchId = ctx.begin();
  for (const p of plans) refuseKnownInvoice(ctx.db, ctx.file, p);
  writeInvoices(ctx.db, batchId, plans);
  return invoiceRowCount(plans);
}
