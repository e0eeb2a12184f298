// The invoice screen's reads: a period's lines (filtered, sorted, paged, with their totals), one
// line with its detail, every line for the workbook. All from the stored run and reconciliation.
import type { InvoiceTotals, LineRow, ParsedReq, Res } from '../../../shared/contract/api';
import { ApiError } from '../../../shared/contract/errors';
import { isTimeSliced } from '../../../shared/kinds';
import type { PeriodId } from '../../../shared/types';
import { auditHead } from '../store/audit';
import { loadCatalogs } from '../store/catalogs/read';
import { allLineRows, isFiltered, lineAmounts, linePage, lineRow, type LineFilter, type LinesOf } from '../store/lines';
import type { Db } from '../store/open';
import { annotationsOf, lineHistory, reviewOf } from '../store/reviews';
import { ratedLine, storedRun } from '../store/runs';
import { DetailRater } from './details';
import { type LineTotals, lineTotals, storedTolerance } from '../../../shared/reconcile';
import { storedReconciliation } from '../store/reconciliations';
import { billedGroups } from './reconcile';
import { focusLineOf, focusLineRows, isFocusOwner } from './focus';
import { providerInvoicesFor } from '../store/invoices/read';

export function requireReconciliation(db: Db, ownerId: string, period: PeriodId) {
  const rec = storedReconciliation(db, ownerId, period);
  const run = storedRun(db, ownerId, period);
  if (!rec || !run) throw new ApiError('not_found', `${ownerId} ${period} has not been rated and reconciled yet`);
  return { rec, run, lines: { recId: rec.id, ownerId, period } satisfies LinesOf };
}

function invoiceTotals(db: Db, { rec, run, lines }: ReturnType<typeof requireReconciliation>): InvoiceTotals {
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
    // As the run compared them: attached to the period in its time zone.
    invoices: providerInvoicesFor(db, lines.ownerId, lines.period, i.timeZone),
  };
}

// Scrolling asks for page after page of one query: its count and exact sums are computed once.
// The key holds everything they depend on: the reconciliation run, the review states (through the
// audit head), the filter.
const aggregates = new Map<string, LineTotals>();
const MAX_CACHED = 64;

function filteredTotals(db: Db, of: LinesOf, f: LineFilter, currency: string): LineTotals {
  // Every review change and reconciliation appends to the audit log: its head is a version.
  const key = JSON.stringify([db.name, of.recId, auditHead(db), f.kinds, f.statuses, f.reviews, f.search, f.flagged, f.changed]);
  const hit = aggregates.get(key);
  if (hit) return hit;
  const agg = lineTotals(lineAmounts(db, of, f), currency);
  if (aggregates.size >= MAX_CACHED) aggregates.delete(aggregates.keys().next().value!);
  aggregates.set(key, agg);
  return agg;
}

export function listLines(db: Db, req: ParsedReq<'lines.list'>): Res<'lines.list'> {
  const found = requireReconciliation(db, req.ownerId, req.period);
  const invoice = invoiceTotals(db, found);
  // Unfiltered: the totals the reconciliation stored (the same exact sums of the same stored lines).
  const stored = found.rec.summary.lineTotals;
  const agg = !isFiltered(req) && stored ? stored : filteredTotals(db, found.lines, req, invoice.currency);
  const rows = linePage(db, found.lines, req, req);
  const { lines: total, ...filtered } = agg;
  return { total, rows, invoice, filtered };
}

/** Every line in line order (export, CLI). */
export function allLines(db: Db, ownerId: string, period: PeriodId): LineRow[] {
  return allLineRows(db, requireReconciliation(db, ownerId, period).lines);
}

function getLine(db: Db, of: LinesOf, key: string): LineRow {
  const row = lineRow(db, of, key);
  if (!row) throw new ApiError('not_found', `No line "${key}" in ${of.ownerId} ${of.period}`);
  return row;
}

/** Refuses a key that is not a line of the period. */
export function requireLine(db: Db, ownerId: string, period: PeriodId, key: string): void {
  getLine(db, requireReconciliation(db, ownerId, period).lines, key);
}

/** Interval details or FOCUS rows a line's detail shows at most. */
const MAX_DETAILS = 5000;

/** At most `max` rows, the differing ones first, kept in their order. */
function differingFirst<T extends { differs: boolean }>(rows: T[], max: number): T[] {
  if (rows.length <= max) return rows;
  const keep = new Set([...rows.filter((r) => r.differs), ...rows.filter((r) => !r.differs)].slice(0, max));
  return rows.filter((r) => keep.has(r));
}

/** One line as the detail panel shows it; its interval details are rated from the stored run, its FOCUS rows read from the rows it rated. */
export function lineDetail(db: Db, req: ParsedReq<'lines.detail'>): Res<'lines.detail'> {
  const { rec, run, lines } = requireReconciliation(db, req.ownerId, req.period);
  const row = getLine(db, lines, req.lineKey);
  const rated = ratedLine(db, run.runId, req.lineKey);
  const timed = isTimeSliced(row.kind);
  const rater = timed || row.kind === 'countable' || row.kind === 'task' ? new DetailRater(db, run) : null;
  const details = rater && rated && timed ? (rater.detailsOf(rated.itemId).get(req.lineKey) ?? []) : [];
  // A billed line with no usage has its details too: all of them billed, none recomputed.
  const comparison = rater && timed ? rater.intervalComparison({ key: req.lineKey, itemId: row.itemId }, details, storedTolerance(rec.summary)) : null;
  const sourceRows = rater?.sourceRowsOf(row) ?? [];
  const focus = isFocusOwner(db, req.ownerId) ? focusLineRows(db, run, focusLineOf(row), MAX_DETAILS) : { rows: [], total: 0 };
  // Billed sources as the run's reconciliation grouped them: in its time zone, with its catalogs.
  const billed = focus.total
    ? undefined
    : billedGroups(db, req.ownerId, req.period, run.invoice.timeZone, loadCatalogs(db, run.invoice.inputsVersion)).get(req.lineKey);
  return {
    row,
    explanation: rated?.explanation ?? [
      {
        label: 'Billed by the provider',
        formula: 'no usage found for this item and price item',
        value: row.billed ?? '0',
        code: 'billedOnly',
        params: { billed: row.billed ?? '0' },
      },
    ],
    tolerance: rec.summary.tolerance,
    tolerancePercent: rec.summary.tolerancePercent ?? null,
    details: details.slice(0, MAX_DETAILS),
    detailsTotal: details.length,
    intervalComparison: comparison && { ...comparison, rows: differingFirst(comparison.rows, MAX_DETAILS) },
    sourceRows: sourceRows.slice(0, MAX_DETAILS),
    sourceRowsTotal: sourceRows.length,
    billedSources: billed?.sources ?? focus.rows.map((r) => ({ amount: r.billedCost, source: r.source, itemRef: r.invoiceId ?? '' })),
    focusRows: focus.rows,
    focusRowsTotal: focus.total,
    allocations: run.invoice.allocations.filter((a) => a.lineKey === req.lineKey).map((a) => ({ creditId: a.creditId, amount: a.amount })),
    annotations: annotationsOf(db, req.ownerId, req.period, req.lineKey),
    review: reviewOf(db, req.ownerId, req.period, req.lineKey),
    history: lineHistory(db, req.ownerId, req.period, req.lineKey),
  };
}
