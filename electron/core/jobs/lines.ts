// Invoice lines as shown and exported: the stored reconciliation joined with review state.
import type { LineRow, ParsedReq, InvoiceTotals } from '../../../shared/contract/api';
import type { PeriodId, RatedLine } from '../../../shared/types';
import type { Db } from '../store/open';
import { ApiError } from '../api/dispatch';
import { storedRun } from './rate';
import { type LineAmounts, type LineTotals, lineTotals } from '../../../shared/reconcile';
import { storedReconciliation } from '../store/reconciliations';

const SORT_SQL: Record<ParsedReq<'lines.list'>['sort'], string> = {
  lineNo: 'rl.line_no',
  kind: "CASE rl.kind WHEN 'application' THEN 1 WHEN 'build' THEN 2 WHEN 'addon' THEN 3 WHEN 'countable' THEN 4 ELSE 5 END",
  itemName: 'rl.item_name COLLATE NOCASE',
  priceItem: 'rl.price_item',
  billableSeconds: 'rl.billable_seconds',
  // Ordering only: a REAL cast never feeds a figure anyone sees.
  amountPerSecond: 'CAST(rl.amount_per_second AS REAL)',
  amountLegacy: 'CAST(rl.amount_legacy AS REAL)',
  difference: 'CAST(rl.difference AS REAL)',
  credit: 'CAST(rl.credit AS REAL)',
  net: 'CAST(rl.net AS REAL)',
  billed: 'CAST(rl.billed AS REAL)',
  variance: 'CAST(rl.variance AS REAL)',
  status: 'rl.status',
  review: 'review',
};

const ROW_SELECT = `SELECT rl.line_key AS key, rl.line_no AS lineNo, rl.kind, rl.item_id AS itemId, rl.item_name AS itemName, rl.price_item AS priceItem,
  rl.instances, rl.billable_seconds AS billableSeconds, rl.unit_price AS unitPrice, rl.amount_per_second AS amountPerSecond,
  rl.amount_legacy AS amountLegacy, rl.difference, rl.credit, rl.net, rl.billed, rl.variance, rl.status,
  coalesce(rv.state, 'unreviewed') AS review,
  (SELECT count(*) FROM annotations a WHERE a.owner_id = @owner AND a.period = @period AND a.line_key = rl.line_key) AS annotationCount
  FROM reconciled_lines rl
  LEFT JOIN reviews rv ON rv.owner_id = @owner AND rv.period = @period AND rv.line_key = rl.line_key`;

export function requireReconciliation(db: Db, ownerId: string, period: PeriodId) {
  const rec = storedReconciliation(db, ownerId, period);
  const run = storedRun(db, ownerId, period);
  if (!rec || !run) throw new ApiError('not_found', `${ownerId} ${period} has not been rated and reconciled yet`);
  return { rec, run };
}

export function invoiceTotals(db: Db, ownerId: string, period: PeriodId): InvoiceTotals {
  const { rec, run } = requireReconciliation(db, ownerId, period);
  const i = run.invoice;
  return {
    currency: i.currency,
    subtotalPerSecond: i.subtotalPerSecond,
    subtotalLegacy: i.subtotalLegacy,
    difference: i.difference,
    creditsApplied: i.creditsApplied,
    netBeforeTax: i.netBeforeTax,
    vatPercent: i.vatPercent,
    vat: i.vat,
    total: i.total,
    billedTotal: rec.summary.billedTotal,
    variance: rec.summary.variance,
  };
}

const UNFILTERED = 'rl.reconciliation_id = @rec';

function where(req: Pick<ParsedReq<'lines.list'>, 'kinds' | 'statuses' | 'reviews' | 'search'>, params: Record<string, unknown>): string {
  const parts = [UNFILTERED];
  const inList = (col: string, name: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    const names = values.map((v, i) => {
      params[`${name}${i}`] = v;
      return `@${name}${i}`;
    });
    parts.push(`${col} IN (${names.join(', ')})`);
  };
  inList('rl.kind', 'k', req.kinds);
  inList('rl.status', 's', req.statuses);
  inList("coalesce(rv.state, 'unreviewed')", 'r', req.reviews);
  if (req.search && req.search.trim()) {
    params.q = `%${req.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push("(rl.item_name LIKE @q ESCAPE '\\' OR rl.item_id LIKE @q ESCAPE '\\' OR rl.price_item LIKE @q ESCAPE '\\')");
  }
  return parts.join(' AND ');
}

// Scrolling asks for page after page of one query: its count and exact sums are computed once.
// The key holds everything they depend on: the reconciliation run, the review states (through the
// audit head), the filter.
const aggregates = new Map<string, LineTotals>();
const MAX_CACHED = 64;

function filteredAggregate(db: Db, cond: string, params: Record<string, unknown>, key: string, currency: string): LineTotals {
  const hit = aggregates.get(key);
  if (hit) return hit;
  const rows = db
    .prepare(
      `SELECT rl.amount_per_second, rl.amount_legacy, rl.credit, rl.net, rl.billed, rl.variance FROM reconciled_lines rl
      LEFT JOIN reviews rv ON rv.owner_id = @owner AND rv.period = @period AND rv.line_key = rl.line_key WHERE ${cond}`,
    )
    .raw()
    .iterate(params) as IterableIterator<LineAmounts>;
  const agg = lineTotals(rows, currency);
  if (aggregates.size >= MAX_CACHED) aggregates.delete(aggregates.keys().next().value!);
  aggregates.set(key, agg);
  return agg;
}

export function listLines(db: Db, req: ParsedReq<'lines.list'>) {
  const { rec } = requireReconciliation(db, req.ownerId, req.period);
  const params: Record<string, unknown> = { owner: req.ownerId, period: req.period, rec: rec.id };
  const cond = where(req, params);
  const invoice = invoiceTotals(db, req.ownerId, req.period);
  // Every review change and reconciliation appends to the audit log: its head is a version.
  const version = (db.prepare('SELECT coalesce(max(seq), 0) AS v FROM audit_log').get() as { v: number }).v;
  const key = JSON.stringify([db.name, rec.id, version, req.kinds, req.statuses, req.reviews, req.search]);
  // Unfiltered: the totals the reconciliation stored (the same exact sums of the same stored lines).
  const stored = rec.summary.lineTotals;
  const agg = cond === UNFILTERED && stored ? stored : filteredAggregate(db, cond, params, key, invoice.currency);
  const rows = db
    .prepare(`${ROW_SELECT} WHERE ${cond} ORDER BY ${SORT_SQL[req.sort]} ${req.dir === 'desc' ? 'DESC' : 'ASC'}, rl.line_no LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: req.limit, offset: req.offset }) as LineRow[];
  const { lines: total, ...filtered } = agg;
  return { total, rows, invoice, filtered };
}

/** Every line in line order (export, CLI). */
export function allLines(db: Db, ownerId: string, period: PeriodId): LineRow[] {
  const { rec } = requireReconciliation(db, ownerId, period);
  return db.prepare(`${ROW_SELECT} WHERE rl.reconciliation_id = @rec ORDER BY rl.line_no`).all({ owner: ownerId, period, rec: rec.id }) as LineRow[];
}

export function getLine(db: Db, ownerId: string, period: PeriodId, key: string): LineRow {
  const { rec } = requireReconciliation(db, ownerId, period);
  const row = db.prepare(`${ROW_SELECT} WHERE rl.reconciliation_id = @rec AND rl.line_key = @key`).get({ owner: ownerId, period, rec: rec.id, key }) as
    LineRow | undefined;
  if (!row) throw new ApiError('not_found', `No line "${key}" in ${ownerId} ${period}`);
  return row;
}

export function ratedLine(db: Db, runId: number, key: string): RatedLine | undefined {
  const r = db.prepare('SELECT line_json FROM rated_lines WHERE run_id = ? AND line_key = ?').get(runId, key) as { line_json: string } | undefined;
  return r && (JSON.parse(r.line_json) as RatedLine);
}
