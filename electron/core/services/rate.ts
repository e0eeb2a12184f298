// Rates one owner's period with the shared rating module and stores the result.
import { rateInvoice } from '../../../shared/rating';
import type { PeriodId, RatedInvoice } from '../../../shared/types';
import { periodBounds } from '../../../shared/time';
import type { Settings } from '../../../shared/api';
import { appendAudit } from '../audit';
import type { Db } from '../db/open';
import { loadCatalogs, loadCredits, loadOwnerInputs } from './inputs';

export interface InvoiceHeader {
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

/** Highest import batch id: a rating older than it may be stale. */
export function inputsVersion(db: Db): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS v FROM import_batches').get() as { v: number }).v;
}

export function computeInvoice(db: Db, ownerId: string, period: PeriodId, settings: Settings, opts: { itemId?: string; withDetails?: boolean } = {}): RatedInvoice {
  const invoices = invoicesFor(db, ownerId, period, settings.timeZone);
  const catalogs = loadCatalogs(db);
  const currency = invoices[0]?.currency ?? catalogs[0]?.currency ?? 'EUR';
  const inputs = loadOwnerInputs(db, ownerId, settings.timeZone, opts.itemId !== undefined ? { itemId: opts.itemId } : {});
  return rateInvoice({
    ownerId,
    period,
    timeZone: settings.timeZone,
    granularitySeconds: settings.granularitySeconds,
    currency,
    vatPercent: invoices[0]?.vatPercent ?? settings.defaultVatPercent,
    catalogs,
    ...inputs,
    credits: loadCredits(db, ownerId),
    withDetails: opts.withDetails ?? false,
  });
}

export interface RateResult {
  runId: number;
  invoice: RatedInvoice;
}

/** Rates and stores (replacing the previous run of the same owner and period) in one transaction. */
export function ratePeriod(db: Db, ownerId: string, period: PeriodId, settings: Settings): RateResult {
  const invoice = computeInvoice(db, ownerId, period, settings);
  const { lines, ...totals } = invoice;
  const store = db.transaction(() => {
    db.prepare('DELETE FROM rating_runs WHERE owner_id = ? AND period = ?').run(ownerId, period);
    const runId = Number(
      db
        .prepare(
          `INSERT INTO rating_runs (owner_id, period, time_zone, granularity_seconds, currency, rated_at, invoice_json)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(ownerId, period, settings.timeZone, settings.granularitySeconds, invoice.currency, Date.now(), JSON.stringify({ ...totals, inputsVersion: inputsVersion(db) }))
        .lastInsertRowid,
    );
    const ins = db.prepare(
      `INSERT INTO rated_lines (run_id, line_key, line_no, kind, item_id, item_name, price_item, instances, billable_seconds, unit_price,
         amount_per_second, amount_legacy, difference, credit, net, line_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const l of lines) {
      const { details: _details, ...rest } = l;
      ins.run(runId, l.key, l.lineNo, l.kind, l.itemId, l.itemName, l.priceItem, l.instances, l.billableSeconds, l.unitPrice,
        l.amountPerSecond, l.amountLegacy, l.difference, l.credit, l.net, JSON.stringify(rest));
    }
    appendAudit(db, {
      actor: settings.actor,
      action: 'rate',
      subject: `${ownerId} ${period}`,
      detail: { lines: lines.length, subtotalPerSecond: invoice.subtotalPerSecond, subtotalLegacy: invoice.subtotalLegacy, creditsApplied: invoice.creditsApplied, total: invoice.total, timeZone: settings.timeZone, granularitySeconds: settings.granularitySeconds },
    });
    return runId;
  });
  return { runId: store(), invoice };
}

export interface StoredRun {
  runId: number;
  ratedAt: number;
  invoice: Omit<RatedInvoice, 'lines'> & { inputsVersion: number };
}

export function storedRun(db: Db, ownerId: string, period: PeriodId): StoredRun | undefined {
  const r = db.prepare('SELECT id, rated_at, invoice_json FROM rating_runs WHERE owner_id = ? AND period = ?').get(ownerId, period) as
    | { id: number; rated_at: number; invoice_json: string }
    | undefined;
  return r && { runId: r.id, ratedAt: r.rated_at, invoice: JSON.parse(r.invoice_json) };
}
