// Which owners and periods the workspace has data for (from usage_spans, kept by the importer: a
// few rows instead of a scan of every interval), and which periods an owner's usage CSVs cover
// (shared/rating/coverage decides from it which usage is rated).
import { invoicePeriod } from '../../../shared/invoices';
import { compareText } from '../../../shared/kinds';
import { periodBounds, periodOf, periodRange } from '../../../shared/time';
import type { PeriodId } from '../../../shared/types';
import type { Db } from './open';

interface OwnerPeriod {
  ownerId: string;
  period: PeriodId;
  hasUsage: boolean;
  hasInvoice: boolean;
}

/** The periods (in `tz`) from the one containing `start` to the one reaching `end`. */
function* periodsSpanned(start: number, end: number, tz: string): Generator<PeriodId> {
  for (let p = periodOf(start, tz); ;) {
    yield p;
    const next = periodBounds(p, tz).end;
    if (next >= end) return;
    p = periodOf(next, tz);
  }
}

/**
 * The periods from `from` to `to` (in `tz`) in which at least one of the owner's usage-CSV rows
 * (interval, countable or task) of batches up to `upToBatch` starts: those a usage CSV covers.
 * One index probe per period and table (owner, start), whatever the number of rows.
 */
export function usageStartPeriods(db: Db, ownerId: string, from: PeriodId, to: PeriodId, tz: string, upToBatch: number): Set<PeriodId> {
  const probe = (table: string) =>
    db.prepare(`SELECT 1 FROM ${table} WHERE owner_id = @owner AND start_ms >= @s AND start_ms < @e AND origin = 'usage' AND batch_id <= @upTo LIMIT 1`);
  const probes = ['usage_intervals', 'usage_countables', 'usage_classic'].map(probe);
  const out = new Set<PeriodId>();
  for (const period of periodRange(from, to)) {
    const { start, end } = periodBounds(period, tz);
    const params = { owner: ownerId, s: start, e: end, upTo: upToBatch };
    if (probes.some((st) => st.get(params) !== undefined)) out.add(period);
  }
  return out;
}

/** Owners and the periods their data touches, in the workspace time zone, by owner then period. */
export function listOwnerPeriods(db: Db, tz: string): OwnerPeriod[] {
  const out = new Map<string, OwnerPeriod>();
  const add = (ownerId: string, period: PeriodId, usage: boolean, invoice: boolean) => {
    const k = `${ownerId}|${period}`;
    const cur = out.get(k) ?? { ownerId, period, hasUsage: false, hasInvoice: false };
    cur.hasUsage ||= usage;
    cur.hasInvoice ||= invoice;
    out.set(k, cur);
  };
  const spans = db.prepare('SELECT owner_id, min(start_ms) AS s, max(end_ms) AS e FROM usage_spans GROUP BY owner_id, kind').all() as {
    owner_id: string;
    s: number;
    e: number;
  }[];
  for (const { owner_id, s, e } of spans) for (const p of periodsSpanned(s, e, tz)) add(owner_id, p, true, false);
  for (const r of db.prepare('SELECT DISTINCT owner_id, period_start AS start, period_end AS end FROM invoices').all() as {
    owner_id: string;
    start: number;
    end: number;
  }[]) {
    add(r.owner_id, invoicePeriod(r, tz), false, true);
  }
  return [...out.values()].sort((a, b) => compareText(a.ownerId, b.ownerId) || compareText(a.period, b.period));
}
