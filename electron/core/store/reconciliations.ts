// Stored reconciliations (tables reconciliations, reconciled_lines): one per owner and period,
// replaced by each run, so the UI, the CLI and the workbook read one and the same answer.
import type { ReconciledLine, ReconciliationSummary } from '../../../shared/reconcile';
import type { PeriodId } from '../../../shared/types';
import { LINE_FIGURE_COLUMNS, LINE_FIGURE_PLACEHOLDERS, lineFigures } from './line-figures';
import type { Db } from './open';
import { markChangedReviews } from './reviews';

export interface StoredReconciliation {
  id: number;
  reconciledAt: number;
  summary: ReconciliationSummary;
}

export function storedReconciliation(db: Db, ownerId: string, period: PeriodId): StoredReconciliation | undefined {
  const r = db.prepare('SELECT id, reconciled_at, summary_json FROM reconciliations WHERE owner_id = ? AND period = ?').get(ownerId, period) as
    { id: number; reconciled_at: number; summary_json: string } | undefined;
  return r && { id: r.id, reconciledAt: r.reconciled_at, summary: JSON.parse(r.summary_json) as ReconciliationSummary };
}

/**
 * Replaces the owner's reconciliation of the period (call inside a transaction, with its audit
 * entry) and marks the reviewed lines whose figures it changed (markChangedReviews, audited by
 * `actor`). Returns its id and how many lines it marked changed since review.
 */
export function writeReconciliation(
  db: Db,
  r: { ownerId: string; period: PeriodId; summary: ReconciliationSummary; lines: readonly ReconciledLine[]; actor: string; at?: number },
): { id: number; changedSinceReview: number } {
  db.prepare('DELETE FROM reconciliations WHERE owner_id = ? AND period = ?').run(r.ownerId, r.period);
  const id = Number(
    db
      .prepare('INSERT INTO reconciliations (owner_id, period, tolerance, reconciled_at, summary_json) VALUES (?, ?, ?, ?, ?)')
      .run(r.ownerId, r.period, r.summary.tolerance, r.at ?? Date.now(), JSON.stringify(r.summary)).lastInsertRowid,
  );
  const ins = db.prepare(
    `INSERT INTO reconciled_lines (reconciliation_id, ${LINE_FIGURE_COLUMNS}, billed, variance, status, flags_json)
     VALUES (?, ${LINE_FIGURE_PLACEHOLDERS}, ?, ?, ?, ?)`,
  );
  for (const l of r.lines) ins.run(id, ...lineFigures(l), l.billed, l.variance, l.status, l.flags ? JSON.stringify(l.flags) : null);
  return { id, changedSinceReview: markChangedReviews(db, r.ownerId, r.period, id, r.actor, r.at) };
}
