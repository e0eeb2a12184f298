// Which owners and periods the workspace has data for, and which periods an owner's usage CSVs
// cover (for those, an invoice's own details are not rated: the two are compared, never added).
// Both read usage_spans (kept by the importer): a few rows instead of a scan of every interval.
import { invoicePeriod } from '../../../shared/invoices';
import { compareText } from '../../../shared/kinds';
import { periodBounds, periodOf } from '../../../shared/time';
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
 * Periods (in `tz`) that this owner's usage-CSV rows, imported in batches up to `upToBatch`,
 * cover: per kind of row, every period from its earliest start to its latest end.
 */
export function usageCoveredPeriods(db: Db, ownerId: string, tz: string, upToBatch: number): Set<PeriodId> {
  const spans = db
    .prepare('SELECT min(start_ms) AS s, max(end_ms) AS e FROM usage_spans WHERE owner_id = ? AND batch_id <= ? GROUP BY kind')
    .all(ownerId, upToBatch) as { s: number | null; e: number | null }[];
  const covered = new Set<PeriodId>();
  for (const { s, e } of spans) if (s !== null && e !== null) for (const p of periodsSpanned(s, e, tz)) covered.add(p);
  return covered;
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
