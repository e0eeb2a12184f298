// Writes provider invoices: the `invoices` row, its billed lines (what the provider charged) and
// the usage it was billed for (intervals, countables, classic items, origin 'invoice').
import type { ProviderFigures } from '../../../../shared/contract/api';
import type { SubMs } from '../../../../shared/instant';
import type { EpochMs } from '../../../../shared/types';
import type { Db } from '../open';
import type { Attrs } from '../usage/write';

/** Every row below keeps `path`, its JSON record path, as its source row. */
export interface NewBilledLine {
  path: string;
  itemType: 'uptime' | 'build' | 'countable' | 'classic';
  /** What it bills (matched with the rated line's item). */
  itemId: string;
  /** The invoice item's own id (`item_id`): its reference, never matched on. */
  itemRef: string;
  itemName: string;
  priceRef: string;
  flavorName: string;
  sourceHint: string;
  amount: string;
}

export interface NewInvoiceInterval {
  path: string;
  itemType: 'uptime' | 'build';
  itemId: string;
  itemName: string;
  instanceId: string;
  priceId: string;
  flavorName: string;
  sourceHint: string;
  zoneId: string;
  start: EpochMs;
  end: EpochMs;
  /** Digits of start and end below the millisecond (shared/instant.ts). */
  startSub: SubMs;
  endSub: SubMs;
  billedPrice: string;
}

export interface NewInvoiceCountable {
  path: string;
  service: string;
  planId: string;
  quantity: string;
  unit: string;
  zoneId: string;
  /** The span measured: the invoice's consumption start plus `duration`, else its whole consumption period. */
  end: EpochMs;
  attrs: Attrs;
}

export interface NewInvoiceClassic {
  path: string;
  itemId: string;
  description: string;
  unitPrice: string;
  quantity: string;
  priceFactor: string;
  discount: string;
  attrs: Attrs;
}

export interface NewInvoice {
  path: string;
  invoiceNumber: string;
  ownerId: string;
  status: string;
  emissionDate: EpochMs | null;
  periodStart: EpochMs;
  periodEnd: EpochMs;
  currency: string;
  vatPercent: string;
  totalTaxExcluded: string;
  totalTax: string;
  provider: ProviderFigures;
  lines: NewBilledLine[];
  intervals: NewInvoiceInterval[];
  countables: NewInvoiceCountable[];
  classics: NewInvoiceClassic[];
}

/** Where an invoice (owner and number) was imported before, if it was. */
export function importedInvoice(db: Db, ownerId: string, invoiceNumber: string): { row: string; file: string; batch: number } | undefined {
  return db
    .prepare(
      `SELECT i.source_row AS row, b.file_name AS file, b.id AS batch FROM invoices i JOIN import_batches b ON b.id = i.batch_id
       WHERE i.invoice_number = ? AND i.owner_id = ? LIMIT 1`,
    )
    .get(invoiceNumber, ownerId) as { row: string; file: string; batch: number } | undefined;
}

/**
 * Writes the invoices of one batch with their lines and usage. Countables and classic items
 * start at the invoice's period start (the invoice gives them no instant of their own).
 */
export function writeInvoices(db: Db, batchId: number, invoices: readonly NewInvoice[]): void {
  const insInvoice = db.prepare(
    `INSERT INTO invoices (batch_id, source_row, invoice_number, owner_id, status, emission_date, period_start, period_end, currency, vat_percent, total_tax_excluded, total_tax, provider_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insLine = db.prepare(
    `INSERT INTO billed_lines (invoice_id, batch_id, source_row, item_type, owner_id, item_id, item_ref, item_name, price_ref, flavor_name, source_hint, amount)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insInterval = db.prepare(
    `INSERT INTO usage_intervals (batch_id, source_row, origin, invoice_id, owner_id, item_type, item_id, item_name, instance_id, price_id, flavor_name, source_hint, zone_id, start_ms, end_ms, start_sub, end_sub, billed_price)
     VALUES (?, ?, 'invoice', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insCountable = db.prepare(
    `INSERT INTO usage_countables (batch_id, source_row, origin, invoice_id, owner_id, service, item_id, item_name, plan_id, quantity, unit, zone_id, start_ms, end_ms, attrs_json)
     VALUES (?, ?, 'invoice', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insClassic = db.prepare(
    `INSERT INTO usage_classic (batch_id, source_row, origin, invoice_id, owner_id, item_id, description, unit_price, quantity, price_factor, discount, currency, start_ms, attrs_json)
     VALUES (?, ?, 'invoice', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const p of invoices) {
    const id = Number(
      insInvoice.run(
        batchId,
        p.path,
        p.invoiceNumber,
        p.ownerId,
        p.status,
        p.emissionDate,
        p.periodStart,
        p.periodEnd,
        p.currency,
        p.vatPercent,
        p.totalTaxExcluded,
        p.totalTax,
        JSON.stringify(p.provider),
      ).lastInsertRowid,
    );
    for (const l of p.lines)
      insLine.run(id, batchId, l.path, l.itemType, p.ownerId, l.itemId, l.itemRef, l.itemName, l.priceRef, l.flavorName, l.sourceHint, l.amount);
    for (const v of p.intervals) {
      insInterval.run(
        batchId,
        v.path,
        id,
        p.ownerId,
        v.itemType,
        v.itemId,
        v.itemName,
        v.instanceId,
        v.priceId,
        v.flavorName,
        v.sourceHint,
        v.zoneId,
        v.start,
        v.end,
        v.startSub,
        v.endSub,
        v.billedPrice,
      );
    }
    for (const k of p.countables) {
      insCountable.run(
        batchId,
        k.path,
        id,
        p.ownerId,
        k.service,
        k.service,
        k.service,
        k.planId,
        k.quantity,
        k.unit,
        k.zoneId,
        p.periodStart,
        k.end,
        k.attrs ? JSON.stringify(k.attrs) : null,
      );
    }
    for (const c of p.classics) {
      insClassic.run(
        batchId,
        c.path,
        id,
        p.ownerId,
        c.itemId,
        c.description,
        c.unitPrice,
        c.quantity,
        c.priceFactor,
        c.discount,
        p.currency,
        p.periodStart,
        c.attrs ? JSON.stringify(c.attrs) : null,
      );
    }
  }
}
