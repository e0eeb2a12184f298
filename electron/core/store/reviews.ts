// Review states and annotations, keyed by stable line identity so they survive re-imports
// and re-ratings. Each change is audited in the same transaction.
import { ApiError } from '../../../shared/contract/errors';
import { D } from '../../../shared/money';
import type { Dec, LineStatus, PeriodId, ReviewState } from '../../../shared/types';
import { appendAudit, auditOfSubject, type AuditEntry } from './audit';
import type { Db } from './open';
import { writeTransaction, type WriteIntent } from './write-session';

const lineSubject = (ownerId: string, period: PeriodId, key: string) => `${ownerId} ${period} ${key}`;

/** The figures a review was given on, as the line showed them (exact decimal text). */
export interface ReviewFigures {
  /** The per-second amount. */
  recomputed: Dec;
  net: Dec;
  /** Null: nothing billed for the line. */
  billed: Dec | null;
  variance: Dec;
  status: LineStatus;
  runId: number | null;
  reconciliationId: number | null;
}

/** What a review records beside its state: a dispute's reason, a resolution's credit note. */
export interface ReviewInput {
  state: ReviewState;
  reason?: string | undefined;
  creditNote?: string | undefined;
  creditAmount?: string | undefined;
}

export interface StoredReview {
  state: ReviewState;
  actor: string;
  at: number;
  reason: string | null;
  creditNote: string | null;
  creditAmount: Dec | null;
  /** Null for a review from before figures were kept with it, that no reconciliation saw since. */
  figures: ReviewFigures | null;
  /** Set once a reconciliation changed the figures the review was given on; cleared by the next review. */
  changed: { at: number; from: ReviewFigures | null; to: ReviewFigures | null } | null;
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** The review asked for, checked: a dispute needs a reason, a resolution the provider's credit note and its amount. */
function checkedReview(r: ReviewInput): { state: ReviewState; reason: string | null; creditNote: string | null; creditAmount: string | null } {
  const reason = r.reason?.trim() || null;
  const creditNote = r.creditNote?.trim() || null;
  const creditAmount = r.creditAmount?.trim() || null;
  if (r.state === 'disputed' && !reason) throw new ApiError('invalid_request', 'A dispute needs a reason: say what is wrong with the line');
  if (r.state === 'resolved') {
    if (!creditNote || !creditAmount)
      throw new ApiError('invalid_request', "Resolving a dispute records the provider's answer: give its credit note number and amount");
    if (!DECIMAL.test(creditAmount)) throw new ApiError('invalid_request', `The credit note amount "${creditAmount}" is not a decimal number such as 12.50`);
  }
  if (r.state !== 'disputed' && r.state !== 'resolved' && reason)
    throw new ApiError('invalid_request', 'Only a dispute takes a reason (add an annotation instead)');
  if (r.state !== 'resolved' && (creditNote || creditAmount)) throw new ApiError('invalid_request', 'A credit note is recorded when a dispute is resolved');
  return { state: r.state, reason, creditNote, creditAmount };
}

const FIGURES_SQL = `SELECT rl.line_key AS key, rl.amount_per_second AS recomputed, rl.net, rl.billed, rl.variance, rl.status, r.id AS reconciliationId,
  (SELECT rr.id FROM rating_runs rr WHERE rr.owner_id = r.owner_id AND rr.period = r.period) AS runId
  FROM reconciliations r JOIN reconciled_lines rl ON rl.reconciliation_id = r.id`;

/** A line's figures in the owner's current reconciliation of the period. */
function currentFigures(db: Db, ownerId: string, period: PeriodId, key: string): ReviewFigures | null {
  const r = db.prepare(`${FIGURES_SQL} WHERE r.owner_id = ? AND r.period = ? AND rl.line_key = ?`).get(ownerId, period, key) as
    (ReviewFigures & { key: string }) | undefined;
  if (!r) return null;
  const { key: _key, ...figures } = r;
  return figures;
}

const sameDec = (a: Dec | null, b: Dec | null) => (a === null || b === null ? a === b : new D(a).eq(new D(b)));

/** Whether two sets of figures say the same to a reviewer: recomputed, billed, variance and status (run ids aside). */
export function sameFigures(a: ReviewFigures | null, b: ReviewFigures | null): boolean {
  if (!a || !b) return a === b;
  return sameDec(a.recomputed, b.recomputed) && sameDec(a.billed, b.billed) && sameDec(a.variance, b.variance) && a.status === b.status;
}

type ReviewDbRow = {
  state: ReviewState;
  actor: string;
  updated_at: number;
  reason: string | null;
  credit_note: string | null;
  credit_amount: string | null;
  figures_json: string | null;
  changed_json: string | null;
};

const REVIEW_SELECT = 'SELECT state, actor, updated_at, reason, credit_note, credit_amount, figures_json, changed_json FROM reviews';

function toStored(r: ReviewDbRow): StoredReview {
  return {
    state: r.state,
    actor: r.actor,
    at: r.updated_at,
    reason: r.reason,
    creditNote: r.credit_note,
    creditAmount: r.credit_amount,
    figures: r.figures_json ? (JSON.parse(r.figures_json) as ReviewFigures) : null,
    changed: r.changed_json ? (JSON.parse(r.changed_json) as StoredReview['changed']) : null,
  };
}

/** A line's review, or null when it was never reviewed. */
export function reviewOf(db: Db, ownerId: string, period: PeriodId, key: string): StoredReview | null {
  const r = db.prepare(`${REVIEW_SELECT} WHERE owner_id = ? AND period = ? AND line_key = ?`).get(ownerId, period, key) as ReviewDbRow | undefined;
  return r ? toStored(r) : null;
}

/** Every review of a period other than unreviewed, by line key. */
export function reviewsOf(db: Db, ownerId: string, period: PeriodId): Map<string, StoredReview> {
  const out = new Map<string, StoredReview>();
  for (const r of db
    .prepare(`SELECT line_key, ${REVIEW_SELECT.slice('SELECT '.length)} WHERE owner_id = ? AND period = ? AND state <> 'unreviewed'`)
    .iterate(ownerId, period) as IterableIterator<ReviewDbRow & { line_key: string }>)
    out.set(r.line_key, toStored(r));
  return out;
}

/**
 * Sets the review of lines, each with the figures it is given on (the line's in the current
 * reconciliation, read under the write lock), and its audit entry, in one transaction. A dispute
 * needs a reason; a resolution (of a disputed line) the provider's credit note number and amount.
 * A line whose figures changed since its review can be given the same state again: that is its
 * new review. Returns how many lines changed.
 */
export function setReview(
  db: Db,
  ownerId: string,
  period: PeriodId,
  keys: string[],
  review: ReviewInput,
  actor: string,
  onWait?: WriteIntent['onWait'],
): Promise<number> {
  const asked = checkedReview(review);
  const put = db.prepare(
    `INSERT INTO reviews (owner_id, period, line_key, state, actor, updated_at, figures_json, changed_json, reason, credit_note, credit_amount)
     VALUES (@owner, @period, @key, @state, @actor, @at, @figures, NULL, @reason, @creditNote, @creditAmount)
     ON CONFLICT(owner_id, period, line_key) DO UPDATE SET state = excluded.state, actor = excluded.actor, updated_at = excluded.updated_at,
       figures_json = excluded.figures_json, changed_json = NULL, reason = excluded.reason, credit_note = excluded.credit_note, credit_amount = excluded.credit_amount`,
  );
  return writeTransaction(db, { what: `review of ${ownerId} ${period}`, onWait }, () => {
    let changed = 0;
    const now = Date.now();
    for (const key of new Set(keys)) {
      const before = reviewOf(db, ownerId, period, key);
      const from = before?.state ?? 'unreviewed';
      if (asked.state === 'resolved' && from !== 'disputed' && from !== 'resolved')
        throw new ApiError('invalid_request', `Only a disputed line can be resolved; line "${key}" is ${from}`);
      const figures = asked.state === 'unreviewed' ? null : currentFigures(db, ownerId, period, key);
      const same =
        before !== null &&
        from === asked.state &&
        !before.changed &&
        before.reason === asked.reason &&
        before.creditNote === asked.creditNote &&
        before.creditAmount === asked.creditAmount;
      if (same || (!before && asked.state === 'unreviewed')) continue;
      put.run({ owner: ownerId, period, key, ...asked, actor, at: now, figures: figures && JSON.stringify(figures) });
      const detail: Record<string, unknown> = { from, to: asked.state };
      if (asked.reason) detail.reason = asked.reason;
      if (asked.creditNote) detail.creditNote = asked.creditNote;
      if (asked.creditAmount) detail.creditAmount = asked.creditAmount;
      if (figures) detail.figures = figures;
      if (before?.changed) detail.changedSinceReview = true;
      appendAudit(db, { actor, action: 'review', subject: lineSubject(ownerId, period, key), detail, at: now });
      changed++;
    }
    return changed;
  });
}

/**
 * After a reconciliation stored `reconciliationId` (in its transaction): every reviewed line of the
 * period whose figures differ from those its review was given on is marked changed since review,
 * with an audit entry ("review-changed"). A line already marked gets a new entry only when its
 * figures changed again. Returns the lines marked by this reconciliation.
 */
export function markChangedReviews(db: Db, ownerId: string, period: PeriodId, reconciliationId: number, actor: string, at = Date.now()): number {
  const reviews = reviewsOf(db, ownerId, period);
  if (reviews.size === 0) return 0;
  const now = new Map<string, ReviewFigures>();
  for (const r of db.prepare(`${FIGURES_SQL} WHERE r.id = ?`).iterate(reconciliationId) as IterableIterator<ReviewFigures & { key: string }>) {
    const { key, ...figures } = r;
    if (reviews.has(key)) now.set(key, figures);
  }
  const mark = db.prepare('UPDATE reviews SET changed_json = ? WHERE owner_id = ? AND period = ? AND line_key = ?');
  let marked = 0;
  for (const [key, review] of reviews) {
    const to = now.get(key) ?? null;
    const given = review.figures;
    if (review.changed ? sameFigures(review.changed.to, to) : given === null || sameFigures(given, to)) continue;
    mark.run(JSON.stringify({ at, from: given, to }), ownerId, period, key);
    appendAudit(db, {
      actor,
      action: 'review-changed',
      subject: lineSubject(ownerId, period, key),
      detail: { state: review.state, reviewedBy: review.actor, from: given, to, reconciliationId },
      at,
    });
    marked++;
  }
  return marked;
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

/** How many lines of a period are reviewed: a state other than unreviewed, on figures that did not change since. */
export function reviewedCount(db: Db, ownerId: string, period: PeriodId): number {
  return (
    db
      .prepare("SELECT count(*) AS n FROM reviews WHERE owner_id = ? AND period = ? AND state <> 'unreviewed' AND changed_json IS NULL")
      .get(ownerId, period) as {
      n: number;
    }
  ).n;
}

/** How many reviewed lines of a period changed since their review (they need review again). */
export function changedSinceReviewCount(db: Db, ownerId: string, period: PeriodId): number {
  return (
    db
      .prepare("SELECT count(*) AS n FROM reviews WHERE owner_id = ? AND period = ? AND state <> 'unreviewed' AND changed_json IS NOT NULL")
      .get(ownerId, period) as {
      n: number;
    }
  ).n;
}
