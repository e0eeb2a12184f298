// Matches recomputed lines to the provider's billed lines (SPEC 4) and stores the result,
// so the UI, the CLI and the workbook read one and the same answer.
import { D, minorUnits } from '../../../shared/money';
import { lineKey } from '../../../shared/rating';
import type { Catalog, LineKind, LineStatus, PeriodId, RatedLine, SourceRef } from '../../../shared/types';
import { LINE_KINDS, LINE_STATUSES } from '../../../shared/types';
import type { Settings } from '../../../shared/contract/api';
import { appendAudit } from '../store/audit';
import type { Db } from '../store/open';
import { loadCatalogs } from '../store/catalogs/read';
import { invoicesFor } from '../store/invoices/read';
import { storedRun } from '../store/runs';
import { resolveBilledPriceItem } from '../../../shared/reconcile/billed-items';

export interface BilledGroup {
  key: string;
  kind: LineKind;
  itemId: string;
  itemName: string;
  priceItem: string;
  amount: string;
  sources: { amount: string; source: SourceRef }[];
}

/** The provider's billed lines for an owner and period, grouped by line identity. */
export function billedGroups(db: Db, ownerId: string, period: PeriodId, tz: string, catalogs: Catalog[] = loadCatalogs(db)): Map<string, BilledGroup> {
  const groups = new Map<string, BilledGroup>();
  for (const inv of invoicesFor(db, ownerId, period, tz)) {
    const rows = db
      .prepare(
        `SELECT bl.*, b.file_name, i.period_start FROM billed_lines bl JOIN import_batches b ON b.id = bl.batch_id
         JOIN invoices i ON i.id = bl.invoice_id WHERE bl.invoice_id = ? ORDER BY bl.id`,
      )
      .all(inv.id) as {
      item_type: 'uptime' | 'build' | 'countable' | 'classic';
      owner_id: string;
      item_id: string;
      item_name: string;
      price_ref: string;
      flavor_name: string;
      source_hint: string;
      amount: string;
      batch_id: number;
      source_row: string;
      file_name: string;
      period_start: number;
    }[];
    for (const r of rows) {
      const { kind, priceItem } = resolveBilledPriceItem(catalogs, r, inv.currency);
      const key = lineKey(ownerId, kind, r.item_id, priceItem);
      const g: BilledGroup = groups.get(key) ?? { key, kind, itemId: r.item_id, itemName: r.item_name, priceItem, amount: '0', sources: [] };
      g.amount = new D(g.amount).plus(r.amount).toFixed();
      g.sources.push({ amount: r.amount, source: { batchId: r.batch_id, file: r.file_name, row: r.source_row } });
      groups.set(key, g);
    }
  }
  return groups;
}

export function statusOf(recomputed: string, billed: string | null, tolerance: string): LineStatus {
  if (billed === null) return new D(recomputed).isZero() ? 'match' : 'missing_from_invoice';
  const variance = new D(billed).minus(recomputed);
  if (variance.abs().lte(tolerance)) return 'match';
  return variance.gt(0) ? 'over_billed' : 'under_billed';
}

export interface ReconciliationSummary {
  currency: string;
  billedTotal: string;
  recomputedTotal: string;
  variance: string;
  counts: Record<LineStatus, number>;
  tolerance: string;
  invoiceNumbers: string[];
  /**
   * Count and exact sums of the reconciled lines, column by column: what the invoice screen's
   * totals bar shows unfiltered, read from here instead of summing every line on first open.
   * (Absent from reconciliations stored before it existed.)
   */
  lineTotals?: LineTotals;
}

export interface LineTotals {
  lines: number;
  amountPerSecond: string;
  amountLegacy: string;
  credit: string;
  net: string;
  billed: string;
  variance: string;
}

/** One line's amounts, in LineTotals order: per second, 10-minute, credit, net, billed (null: none), variance. */
export type LineAmounts = readonly [string, string, string, string, string | null, string];

/** Count and exact sums of lines' amounts (stored with a reconciliation; summed for a filter). */
export function lineTotals(rows: Iterable<LineAmounts>, digits: number): LineTotals {
  let lines = 0;
  let [a, l, c, n, b, v] = [new D(0), new D(0), new D(0), new D(0), new D(0), new D(0)];
  for (const r of rows) {
    lines++;
    a = a.plus(r[0]);
    l = l.plus(r[1]);
    c = c.plus(r[2]);
    n = n.plus(r[3]);
    if (r[4] !== null) b = b.plus(r[4]);
    v = v.plus(r[5]);
  }
  const f = (x: InstanceType<typeof D>) => x.toFixed(digits);
  return { lines, amountPerSecond: f(a), amountLegacy: f(l), credit: f(c), net: f(n), billed: f(b), variance: f(v) };
}

export function reconcilePeriod(db: Db, ownerId: string, period: PeriodId, settings: Settings, tolerance = settings.tolerance): ReconciliationSummary {
  const run = storedRun(db, ownerId, period);
  if (!run) throw new Error(`${ownerId} ${period} has not been rated yet: run "rate" first`);
  const currency = run.invoice.currency;
  const rated = (db.prepare('SELECT line_json FROM rated_lines WHERE run_id = ? ORDER BY line_no').all(run.runId) as { line_json: string }[]).map(
    (r) => JSON.parse(r.line_json) as RatedLine,
  );
  const billed = billedGroups(db, ownerId, period, settings.timeZone);
  const counts = Object.fromEntries(LINE_STATUSES.map((s) => [s, 0])) as Record<LineStatus, number>;
  const digits = minorUnits(currency);
  const zero = new D(0).toFixed(digits);
  let billedTotal = new D(0);
  const rows: {
    key: string;
    lineNo: number;
    kind: string;
    itemId: string;
    itemName: string;
    priceItem: string;
    instances: number;
    billableSeconds: number;
    unitPrice: string | null;
    perSecond: string;
    legacy: string;
    difference: string;
    credit: string;
    net: string;
    billed: string | null;
    variance: string;
    status: LineStatus;
  }[] = [];
  for (const l of rated) {
    const b = billed.get(l.key);
    const billedAmount = b ? new D(b.amount).toFixed(digits) : null;
    if (b) billedTotal = billedTotal.plus(b.amount);
    const status = statusOf(l.amountPerSecond, billedAmount, tolerance);
    counts[status]++;
    rows.push({
      key: l.key,
      lineNo: l.lineNo,
      kind: l.kind,
      itemId: l.itemId,
      itemName: l.itemName,
      priceItem: l.priceItem,
      instances: l.instances,
      billableSeconds: l.billableSeconds,
      unitPrice: l.unitPrice,
      perSecond: l.amountPerSecond,
      legacy: l.amountLegacy,
      difference: l.difference,
      credit: l.credit,
      net: l.net,
      billed: billedAmount,
      variance: new D(billedAmount ?? 0).minus(l.amountPerSecond).toFixed(digits),
      status,
    });
  }
  const ratedKeys = new Set(rated.map((l) => l.key));
  const unexplained = [...billed.values()]
    .filter((b) => !ratedKeys.has(b.key))
    .sort((a, b) => LINE_KINDS.indexOf(a.kind) - LINE_KINDS.indexOf(b.kind) || a.itemName.localeCompare(b.itemName) || a.itemId.localeCompare(b.itemId));
  let lineNo = rated.length;
  for (const b of unexplained) {
    billedTotal = billedTotal.plus(b.amount);
    const amount = new D(b.amount).toFixed(digits);
    const status: LineStatus = new D(amount).abs().lte(tolerance) ? 'match' : 'unexplained_charge';
    counts[status]++;
    rows.push({
      key: b.key,
      lineNo: ++lineNo,
      kind: b.kind,
      itemId: b.itemId,
      itemName: b.itemName,
      priceItem: b.priceItem,
      instances: 0,
      billableSeconds: 0,
      unitPrice: null,
      perSecond: zero,
      legacy: zero,
      difference: zero,
      credit: zero,
      net: zero,
      billed: amount,
      variance: amount,
      status,
    });
  }
  const summary: ReconciliationSummary = {
    currency,
    billedTotal: billedTotal.toFixed(digits),
    recomputedTotal: run.invoice.subtotalPerSecond,
    variance: billedTotal.minus(run.invoice.subtotalPerSecond).toFixed(digits),
    counts,
    tolerance,
    invoiceNumbers: invoicesFor(db, ownerId, period, settings.timeZone).map((i) => i.invoiceNumber),
    lineTotals: lineTotals(
      rows.map((r) => [r.perSecond, r.legacy, r.credit, r.net, r.billed, r.variance] as const),
      digits,
    ),
  };
  db.transaction(() => {
    db.prepare('DELETE FROM reconciliations WHERE owner_id = ? AND period = ?').run(ownerId, period);
    const recId = Number(
      db
        .prepare('INSERT INTO reconciliations (owner_id, period, tolerance, reconciled_at, summary_json) VALUES (?, ?, ?, ?, ?)')
        .run(ownerId, period, tolerance, Date.now(), JSON.stringify(summary)).lastInsertRowid,
    );
    const ins = db.prepare(
      `INSERT INTO reconciled_lines (reconciliation_id, line_key, line_no, kind, item_id, item_name, price_item, instances, billable_seconds, unit_price,
         amount_per_second, amount_legacy, difference, credit, net, billed, variance, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of rows) {
      ins.run(
        recId,
        r.key,
        r.lineNo,
        r.kind,
        r.itemId,
        r.itemName,
        r.priceItem,
        r.instances,
        r.billableSeconds,
        r.unitPrice,
        r.perSecond,
        r.legacy,
        r.difference,
        r.credit,
        r.net,
        r.billed,
        r.variance,
        r.status,
      );
    }
    appendAudit(db, { actor: settings.actor, action: 'reconcile', subject: `${ownerId} ${period}`, detail: summary });
  })();
  return summary;
}

export function storedReconciliation(
  db: Db,
  ownerId: string,
  period: PeriodId,
): { id: number; reconciledAt: number; summary: ReconciliationSummary } | undefined {
  const r = db.prepare('SELECT id, reconciled_at, summary_json FROM reconciliations WHERE owner_id = ? AND period = ?').get(ownerId, period) as
    { id: number; reconciled_at: number; summary_json: string } | undefined;
  return r && { id: r.id, reconciledAt: r.reconciled_at, summary: JSON.parse(r.summary_json) };
}
