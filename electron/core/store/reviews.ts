// Review states and annotations, keyed by stable line identity so they survive re-imports
// and re-ratings. Each change is audited in the same transaction.
import type { PeriodId, ReviewState } from '../../../shared/types';
import { appendAudit, auditOfSubject, type AuditEntry } from './audit';
import type { Db } from './open';
import { writeTransaction, type WriteIntent } from './write-session';

const lineSubject = (ownerId: string, period: PeriodId, key: string) => `${ownerId} ${period} ${key}`;

export function setReview(
  db: Db,
  ownerId: string,
  period: PeriodId,
  keys: string[],
  state: ReviewState,
  actor: string,
  onWait?: WriteIntent['onWait'],
): Promise<number> {
  const get = db.prepare('SELECT state FROM reviews WHERE owner_id = ? AND period = ? AND line_key = ?');
  const put = db.prepare(
    `INSERT INTO reviews (owner_id, period, line_key, state, actor, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(owner_id, period, line_key) DO UPDATE SET state = excluded.state, actor = excluded.actor, updated_at = excluded.updated_at`,
  );
  return writeTransaction(db, { what: `review of ${ownerId} ${period}`, onWait }, () => {
    let changed = 0;
    const now = Date.now();
    for (const key of new Set(keys)) {
      const before = (get.get(ownerId, period, key) as { state: ReviewState } | undefined)?.state ?? 'unreviewed';
      if (before === state) continue;
      put.run(ownerId, period, key, state, actor, now);
      appendAudit(db, { actor, action: 'review', subject: lineSubject(ownerId, period, key), detail: { from: before, to: state }, at: now });
      changed++;
    }
    return changed;
  });
}

export function addAnnotation(db: Db, ownerId: string, period: PeriodId, key: string, text: string, author: string, onWait?: WriteIntent['onWait']) {
  return writeTransaction(db, { what: `annotation on ${ownerId} ${period}`, onWait }, () => {
    const createdAt = Date.now();
    const id = Number(
      db
        .prepare('INSERT INTO annotations (owner_id, period, line_key, author, created_at, text) VALUES (?, ?, ?, ?, ?, ?)')
        .run(ownerId, period, key, author, createdAt, text).lastInsertRowid,
    );
    appendAudit(db, { actor: author, action: 'annotate', subject: lineSubject(ownerId, period, key), detail: { annotationId: id, text }, at: createdAt });
    return { id, author, createdAt, text };
  });
}

export function annotationsOf(db: Db, ownerId: string, period: PeriodId, key: string) {
  return db
    .prepare('SELECT id, author, created_at AS createdAt, text FROM annotations WHERE owner_id = ? AND period = ? AND line_key = ? ORDER BY created_at, id')
    .all(ownerId, period, key) as { id: number; author: string; createdAt: number; text: string }[];
}

/** All annotations of a period, by line key (for the workbook). */
export function annotationsByLine(db: Db, ownerId: string, period: PeriodId): Map<string, { author: string; createdAt: number; text: string }[]> {
  const out = new Map<string, { author: string; createdAt: number; text: string }[]>();
  for (const r of db
    .prepare('SELECT line_key, author, created_at AS createdAt, text FROM annotations WHERE owner_id = ? AND period = ? ORDER BY created_at, id')
    .iterate(ownerId, period) as IterableIterator<{ line_key: string; author: string; createdAt: number; text: string }>) {
    const list = out.get(r.line_key) ?? [];
    list.push({ author: r.author, createdAt: r.createdAt, text: r.text });
    out.set(r.line_key, list);
  }
  return out;
}

/** A line's reviews and annotations, as the audit log recorded them. */
export function lineHistory(db: Db, ownerId: string, period: PeriodId, key: string): AuditEntry[] {
  return auditOfSubject(db, lineSubject(ownerId, period, key));
}

/** How many lines of a period have a review state other than unreviewed. */
export function reviewedCount(db: Db, ownerId: string, period: PeriodId): number {
  return (db.prepare("SELECT count(*) AS n FROM reviews WHERE owner_id = ? AND period = ? AND state <> 'unreviewed'").get(ownerId, period) as { n: number }).n;
}
