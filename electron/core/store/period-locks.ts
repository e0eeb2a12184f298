// period_locks: the (owner, period)s signed off (docs/audit.md, "Month-end close"). Triggers of
// migration 008 refuse, inside the database, any write of a closed period's rating,
// reconciliation, review states, annotations or invoice totals; the importer asks
// `closedPeriodsTouched` which closed periods a batch's rows fall in before it commits.
import { invoicePeriod } from '../../../shared/invoices';
import type { PeriodLock } from '../../../shared/close';
import { parseFocusOwnerId } from '../../../shared/reconcile';
import type { PeriodId } from '../../../shared/types';
import type { Db } from './open';

export interface StoredLock extends PeriodLock {
  timeZone: string;
  periodStart: number;
  periodEnd: number;
  auditSeq: number;
}

const LOCK_SELECT = `SELECT owner_id AS ownerId, period, closed_by AS closedBy, closed_at AS closedAt, time_zone AS timeZone,
  period_start AS periodStart, period_end AS periodEnd, audit_seq AS auditSeq FROM period_locks`;

export function lockOf(db: Db, ownerId: string, period: PeriodId): StoredLock | undefined {
  return db.prepare(`${LOCK_SELECT} WHERE owner_id = ? AND period = ?`).get(ownerId, period) as StoredLock | undefined;
}

export function allLocks(db: Db): StoredLock[] {
  return db.prepare(`${LOCK_SELECT} ORDER BY owner_id, period`).all() as StoredLock[];
}

export function insertLock(db: Db, l: StoredLock): void {
  db.prepare(
    'INSERT INTO period_locks (owner_id, period, closed_by, closed_at, time_zone, period_start, period_end, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(l.ownerId, l.period, l.closedBy, l.closedAt, l.timeZone, l.periodStart, l.periodEnd, l.auditSeq);
}

export function deleteLock(db: Db, ownerId: string, period: PeriodId): boolean {
  return db.prepare('DELETE FROM period_locks WHERE owner_id = ? AND period = ?').run(ownerId, period).changes > 0;
}

/** Lines of a stored reconciliation that are not reviewed: unreviewed (no review, or set back to it), or changed since their review (they need review again). */
export function unreviewedLines(db: Db, recId: number, ownerId: string, period: PeriodId): number {
  return (
    db
      .prepare(
        `SELECT count(*) AS n FROM reconciled_lines rl
         LEFT JOIN reviews rv ON rv.owner_id = @owner AND rv.period = @period AND rv.line_key = rl.line_key
         WHERE rl.reconciliation_id = @rec AND (coalesce(rv.state, 'unreviewed') = 'unreviewed' OR rv.changed_json IS NOT NULL)`,
      )
      .get({ owner: ownerId, period, rec: recId }) as { n: number }
  ).n;
}

/** Review states of a reconciliation's lines, counted (for the sign-off's audit entry). */
export function reviewCounts(db: Db, recId: number, ownerId: string, period: PeriodId): Record<string, number> {
  const rows = db
    .prepare(
      `SELECT coalesce(rv.state, 'unreviewed') AS state, count(*) AS n FROM reconciled_lines rl
       LEFT JOIN reviews rv ON rv.owner_id = @owner AND rv.period = @period AND rv.line_key = rl.line_key
       WHERE rl.reconciliation_id = @rec GROUP BY 1 ORDER BY 1`,
    )
    .all({ owner: ownerId, period, rec: recId }) as { state: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/**
 * The closed periods a batch being imported has rows in: usage rows overlapping the period (of the
 * owner), invoices whose month (in the time zone the period was closed in) it is, credits granted
 * or valid before its end (the credit walk would allocate them in it), FOCUS rows of its billing
 * period. Catalogs are shared by every owner and are never refused. Nothing to do when no period
 * is closed.
 */
export function closedPeriodsTouched(db: Db, batchId: number): StoredLock[] {
  const locks = allLocks(db);
  if (locks.length === 0) return [];
  const span = db.prepare('SELECT 1 FROM usage_spans WHERE batch_id = @b AND owner_id = @o AND start_ms < @e AND end_ms > @s LIMIT 1');
  const precise = [
    db.prepare('SELECT 1 FROM usage_intervals WHERE batch_id = @b AND owner_id = @o AND start_ms < @e AND end_ms > @s LIMIT 1'),
    db.prepare('SELECT 1 FROM usage_countables WHERE batch_id = @b AND owner_id = @o AND start_ms < @e AND start_ms >= @s LIMIT 1'),
    db.prepare('SELECT 1 FROM usage_classic WHERE batch_id = @b AND owner_id = @o AND start_ms < @e AND start_ms >= @s LIMIT 1'),
  ];
  const invoices = db.prepare('SELECT period_start AS start, period_end AS end FROM invoices WHERE batch_id = ? AND owner_id = ?');
  const credits = db.prepare('SELECT 1 FROM credits WHERE batch_id = @b AND owner_id = @o AND min(granted_at, valid_from) < @e LIMIT 1');
  const focus = db.prepare(
    'SELECT 1 FROM focus_rows WHERE batch_id = @b AND billing_account_id = @a AND billing_currency = @c AND billing_period_start >= @s AND billing_period_start < @e LIMIT 1',
  );
  return locks.filter((l) => {
    const p = { b: batchId, o: l.ownerId, s: l.periodStart, e: l.periodEnd };
    if (span.get(p) !== undefined && precise.some((st) => st.get(p) !== undefined)) return true;
    if ((invoices.all(batchId, l.ownerId) as { start: number; end: number }[]).some((i) => invoicePeriod(i, l.timeZone) === l.period)) return true;
    if (credits.get(p) !== undefined) return true;
    const f = parseFocusOwnerId(l.ownerId);
    return f !== null && focus.get({ b: batchId, a: f.billingAccountId, c: f.currency, s: l.periodStart, e: l.periodEnd }) !== undefined;
  });
}

const MARK = 'slicewise:period_closed:';

/** The lock a write ran into, when a trigger of migration 008 refused it; else null. */
export function lockRefusal(err: unknown): PeriodLock | null {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e.message !== 'string' || typeof e.code !== 'string' || !e.code.startsWith('SQLITE_CONSTRAINT')) return null;
  const at = e.message.indexOf(MARK);
  if (at < 0) return null;
  try {
    return JSON.parse(e.message.slice(at + MARK.length)) as PeriodLock;
  } catch {
    return null;
  }
}
