// Month-end close (SPEC 5; docs/audit.md, "Month-end close"): an (owner, period) whose every line is
// reviewed is signed off and locked; reopening it takes a reason. Both are audited in the
// transaction of the change. While it is closed, its rating, reconciliation, review states,
// annotations and the imports that fall in it are refused (`assertOpen` here, the importer's
// check, and migration 008's triggers inside the database).
import type { Settings } from '../../../shared/contract/api';
import { ApiError } from '../../../shared/contract/errors';
import { closedRefusal, lockSentence, lockTime, type PeriodLock } from '../../../shared/close';
import type { PeriodId } from '../../../shared/types';
import { appendAudit, chainHead, periodSubject } from '../store/audit';
import type { Db } from '../store/open';
import { deleteLock, insertLock, lockOf, reviewCounts, unreviewedLines } from '../store/period-locks';
import { storedReconciliation } from '../store/reconciliations';
import { storedRun } from '../store/runs';
import { writeTransaction, type WriteIntent } from '../store/write-session';
import { staleReason } from './staleness';

/** The lock of a closed period, or null. */
export function closedLock(db: Db, ownerId: string, period: PeriodId): PeriodLock | null {
  const l = lockOf(db, ownerId, period);
  return l ? { ownerId: l.ownerId, period: l.period, closedBy: l.closedBy, closedAt: l.closedAt } : null;
}

/** Refuses `what` ("rating") when the period is closed, naming the lock and how to reopen it. */
export function assertOpen(db: Db, ownerId: string, period: PeriodId, what: string): void {
  const l = closedLock(db, ownerId, period);
  if (l) throw new ApiError('period_closed', closedRefusal(l, what));
}

export interface CloseResult extends PeriodLock {
  lines: number;
  auditSeq: number;
}

/**
 * Signs off a period: refused when it is already closed, was never rated and reconciled, its
 * stored result is out of date, or any of its lines is unreviewed (how many, in the message).
 */
export function closePeriod(db: Db, ownerId: string, period: PeriodId, settings: Settings, onWait?: WriteIntent['onWait']): Promise<CloseResult> {
  return writeTransaction(db, { what: `sign-off of ${ownerId} ${period}`, onWait }, () => {
    const held = closedLock(db, ownerId, period);
    if (held) throw new ApiError('period_closed', `${lockSentence(held)} already`);
    const run = storedRun(db, ownerId, period);
    const rec = storedReconciliation(db, ownerId, period);
    if (!run || !rec) throw new ApiError('not_found', `${ownerId} ${period} has not been rated and reconciled yet: it cannot be signed off`);
    const stale = staleReason(db, ownerId, period, settings);
    if (stale !== null)
      throw new ApiError('invalid_request', `${ownerId} ${period} cannot be signed off: its result is out of date (${stale}); rate it again first`);
    const counts = reviewCounts(db, rec.id, ownerId, period);
    const lines = Object.values(counts).reduce((a, b) => a + b, 0);
    const unreviewed = unreviewedLines(db, rec.id, ownerId, period);
    if (unreviewed > 0)
      throw new ApiError(
        'invalid_request',
        `${ownerId} ${period} cannot be signed off: ${unreviewed} of its ${lines} line${lines === 1 ? ' is' : 's are'} unreviewed or changed since review; approve or dispute every line first`,
      );
    const closedAt = Date.now();
    // The lock first, then its entry (the next in the chain), in one transaction (test/robustness/audit-crash).
    const auditSeq = chainHead(db).entries + 1;
    insertLock(db, {
      ownerId,
      period,
      closedBy: settings.actor,
      closedAt,
      timeZone: run.invoice.timeZone,
      periodStart: run.invoice.periodStart,
      periodEnd: run.invoice.periodEnd,
      auditSeq,
    });
    const entry = appendAudit(db, {
      actor: settings.actor,
      action: 'close',
      subject: periodSubject(ownerId, period),
      at: closedAt,
      detail: {
        lines,
        reviews: counts,
        total: run.invoice.total,
        billedTotal: rec.summary.billedTotal,
        variance: rec.summary.variance,
        ratedAt: run.ratedAt,
        reconciledAt: rec.reconciledAt,
      },
    });
    if (entry.seq !== auditSeq) throw new Error(`sign-off of ${ownerId} ${period}: its entry is ${entry.seq}, not ${auditSeq}`);
    return { ownerId, period, closedBy: settings.actor, closedAt, lines, auditSeq: entry.seq };
  });
}

/** Reopens a closed period: the reason is required and kept in the audit entry with the lock it lifts. */
export function reopenPeriod(
  db: Db,
  ownerId: string,
  period: PeriodId,
  reason: string,
  settings: Settings,
  onWait?: WriteIntent['onWait'],
): Promise<{ reopenedBy: string; reopenedAt: number; auditSeq: number }> {
  const why = reason.trim();
  if (!why) return Promise.reject(new ApiError('invalid_request', `Reopening ${ownerId} ${period} needs a reason`));
  return writeTransaction(db, { what: `reopening of ${ownerId} ${period}`, onWait }, () => {
    const held = lockOf(db, ownerId, period);
    if (!held) throw new ApiError('invalid_request', `${ownerId} ${period} is not closed: there is nothing to reopen`);
    const at = Date.now();
    deleteLock(db, ownerId, period); // the change first, then its entry: one transaction (test/robustness/audit-crash)
    const entry = appendAudit(db, {
      actor: settings.actor,
      action: 'reopen',
      subject: periodSubject(ownerId, period),
      at,
      detail: { reason: why, closedBy: held.closedBy, closedAt: held.closedAt, closedAtText: lockTime(held.closedAt), closeEntry: held.auditSeq },
    });
    return { reopenedBy: settings.actor, reopenedAt: at, auditSeq: entry.seq };
  });
}
