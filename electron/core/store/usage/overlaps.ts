// The check that no time of one (owner, item, instance) is billed twice: duplicate or overlapping
// origin-'usage' intervals, within a batch or against earlier imports (docs/importers.md, "Usage
// CSV"). Run after the batch's inserts and before COMMIT.
import type { SubMs } from '../../../../shared/instant';
import type { EpochMs } from '../../../../shared/types';
import { batchFileName } from '../batches';
import type { Db } from '../open';

export interface IntervalConflict {
  kind: 'duplicate' | 'overlap';
  /** Row reported: the later one of the file (or the file's row, against an earlier import). */
  row: number;
  otherRow: string;
  /** Set when the other interval comes from an earlier import. */
  otherFile: string | null;
  otherBatch: number | null;
  ownerId: string;
  itemId: string;
  instanceId: string;
  start: EpochMs;
  end: EpochMs;
  otherStart: EpochMs;
  otherEnd: EpochMs;
  /** Digits of the four instants below the millisecond. */
  startSub: SubMs;
  endSub: SubMs;
  otherStartSub: SubMs;
  otherEndSub: SubMs;
}

/** What the importer knows about a batch when it checks it (saves scanning for it again). */
export interface BatchSpan {
  /** Earliest start and latest end of the batch's intervals (null: the batch has none). */
  lo: number | null;
  hi: number | null;
  /** Longest origin-'usage' interval of earlier imports (null: there is none). */
  span: number | null;
}

/** Longest origin-'usage' interval in the workspace (null when there is none). */
export function longestUsageInterval(db: Db, exceptBatch = -1): number | null {
  return (
    db.prepare(`SELECT max(end_ms - start_ms) AS d FROM usage_intervals WHERE origin = 'usage' AND batch_id <> ?`).get(exceptBatch) as { d: number | null }
  ).d;
}

/**
 * Duplicate or overlapping intervals of one (owner, item, instance) involving this batch: within
 * the file, or against origin-'usage' intervals of earlier imports. Intervals are [start, end).
 *
 * Done in SQL so memory stays bounded whatever the file size (SQLite sorts, spilling to disk): the
 * candidate intervals (this batch's, plus earlier ones of the same owner and item in the time
 * window the batch could reach) are ordered per (owner, item, instance) by start, end, id, and
 * each one is compared with the previous one (`lag`). Sorted so, a set of intervals overlaps
 * somewhere if and only if two neighbours do; earlier imports never overlap among themselves
 * (each was checked), so every conflict shows between neighbours of which one at least is new. Of
 * the conflicts, the one whose reported row comes first is returned.
 *
 * The sort carries only what the comparison needs (ids, a new/earlier flag, times); rows and
 * batches are looked up for the conflicts alone. Partitions are keyed instance first: the same
 * partitions, but keys that differ in their first bytes (owner and item ids share long prefixes).
 * `known` passes what the importer already knows (bounds of the batch, longest earlier interval).
 */
export function findIntervalConflict(db: Db, batchId: number, known?: BatchSpan): IntervalConflict | null {
  const bounds =
    known ??
    (db.prepare(`SELECT min(start_ms) AS lo, max(end_ms) AS hi FROM usage_intervals WHERE batch_id = ? AND origin = 'usage'`).get(batchId) as {
      lo: number | null;
      hi: number | null;
    });
  if (bounds.lo === null || bounds.hi === null) return null;
  // An earlier interval can reach into the batch's window from at most its longest duration before.
  // (null: no earlier usage at all, only the file itself is checked.)
  const span = known ? known.span : longestUsageInterval(db, batchId);
  const earlierRows =
    span === null
      ? ''
      : `UNION ALL
         SELECT u.id, 0, u.owner_id, u.item_id, u.instance_id, u.start_ms, u.start_sub, u.end_ms, u.end_sub
         FROM pairs p JOIN usage_intervals u INDEXED BY usage_intervals_item
              ON u.owner_id = p.owner_id AND u.item_id = p.item_id AND u.start_ms >= @from AND u.start_ms <= @hi
         WHERE u.origin = 'usage' AND u.batch_id <> @batch`;
  const hit = db
    .prepare(
      `WITH pairs AS (SELECT DISTINCT owner_id, item_id FROM usage_intervals WHERE batch_id = @batch AND origin = 'usage'),
       cand AS (
         SELECT u.id, 1 AS is_new, u.owner_id, u.item_id, u.instance_id, u.start_ms, u.start_sub, u.end_ms, u.end_sub
         FROM usage_intervals u WHERE u.batch_id = @batch AND u.origin = 'usage'
         ${earlierRows}
       ),
       seq AS (
         SELECT id, is_new, start_ms, start_sub, end_ms, end_sub,
                lag(id) OVER w AS p_id, lag(is_new) OVER w AS p_new, lag(start_ms) OVER w AS p_start, lag(start_sub) OVER w AS p_start_sub,
                lag(end_ms) OVER w AS p_end, lag(end_sub) OVER w AS p_end_sub
         FROM cand
         WINDOW w AS (PARTITION BY instance_id, item_id, owner_id ORDER BY start_ms, start_sub, end_ms, end_sub, id)
       ),
       conflicts AS (
         SELECT CASE WHEN cur_is_later = 1 THEN id ELSE p_id END AS rid, CASE WHEN cur_is_later = 1 THEN p_id ELSE id END AS oid
         FROM (SELECT *, CASE WHEN is_new = 1 AND (p_new = 0 OR id > p_id) THEN 1 ELSE 0 END AS cur_is_later
               FROM seq
               WHERE p_id IS NOT NULL AND (is_new = 1 OR p_new = 1)
                 AND ((p_end, p_end_sub) > (start_ms, start_sub) OR (p_start = start_ms AND p_start_sub = start_sub AND p_end = end_ms AND p_end_sub = end_sub)))
       )
       SELECT r.owner_id AS ownerId, r.item_id AS itemId, r.instance_id AS instanceId,
              r.source_row AS row, r.start_ms AS start, r.end_ms AS "end", r.start_sub AS startSub, r.end_sub AS endSub,
              o.source_row AS otherRow, o.batch_id AS otherBatch, o.start_ms AS otherStart, o.end_ms AS otherEnd,
              o.start_sub AS otherStartSub, o.end_sub AS otherEndSub
       FROM conflicts c JOIN usage_intervals r ON r.id = c.rid JOIN usage_intervals o ON o.id = c.oid
       ORDER BY CAST(r.source_row AS INTEGER), CAST(o.source_row AS INTEGER)
       LIMIT 1`,
    )
    .get(span === null ? { batch: batchId } : { batch: batchId, from: bounds.lo - span, hi: bounds.hi }) as
    | {
        ownerId: string;
        itemId: string;
        instanceId: string;
        row: string;
        start: number;
        end: number;
        otherRow: string;
        otherBatch: number;
        otherStart: number;
        otherEnd: number;
        startSub: SubMs;
        endSub: SubMs;
        otherStartSub: SubMs;
        otherEndSub: SubMs;
      }
    | undefined;
  if (!hit) return null;
  const earlier = hit.otherBatch !== batchId;
  const otherFile = earlier ? (batchFileName(db, hit.otherBatch) ?? '?') : null;
  return {
    kind:
      hit.start === hit.otherStart && hit.startSub === hit.otherStartSub && hit.end === hit.otherEnd && hit.endSub === hit.otherEndSub
        ? 'duplicate'
        : 'overlap',
    row: Number(hit.row),
    otherRow: hit.otherRow,
    otherFile,
    otherBatch: earlier ? hit.otherBatch : null,
    ownerId: hit.ownerId,
    itemId: hit.itemId,
    instanceId: hit.instanceId,
    start: hit.start,
    end: hit.end,
    otherStart: hit.otherStart,
    otherEnd: hit.otherEnd,
    startSub: hit.startSub,
    endSub: hit.endSub,
    otherStartSub: hit.otherStartSub,
    otherEndSub: hit.otherEndSub,
  };
}
