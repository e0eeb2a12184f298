// The check that no time of one (owner, item, instance) is billed twice: duplicate or overlapping
// origin-'usage' intervals, within a batch or against earlier imports (docs/importers.md, "Usage
// CSV"). Run after the batch's inserts and before COMMIT.
import { compareInstants, type SubMs } from '../../../../shared/instant';
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
  /**
   * Set when the file's own intervals are known not to conflict among themselves (OverlapScreen):
   * only the instances that also have earlier intervals in reach are then sorted and compared.
   */
  fileClear?: boolean;
}

/** Latest interval seen of one (owner, item, instance), while it may still reach later rows. */
interface OpenInterval {
  startMs: number;
  startSub: SubMs;
  endMs: number;
  endSub: SubMs;
}

/** Instances held open at most (beyond it, the screen gives up and the SQL check decides). */
const SCREEN_MAX_OPEN = 250_000;
const SCREEN_SWEEP_EVERY = 32_768;

/**
 * A 52-bit hash of an instance id (two 26-bit FNV-1a-like hashes), an exact double: a Map key that
 * keeps no reference to the CSV chunk the id was cut from, and cheaper to look up than the string.
 */
function instanceKey(id: string): number {
  let a = 0x811c9dc5 | 0;
  let b = 0x01000193 | 0;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 6) * 67108864 + (b >>> 6);
}

/**
 * A screen of the file's intervals, fed in file order while they are written. A file sorted by
 * start (as provider exports are) can be checked in one pass holding only the instances whose
 * latest interval has not ended yet: the screen then proves that no two of the file's intervals
 * conflict, and `findIntervalConflict` need not sort the batch (1M rows: most of the import's
 * check). It only ever proves absence: on any doubt — a row starting before the previous one
 * (file not sorted), two intervals of one bucket with the same start, one starting before the
 * previous one of its bucket ended, too many instances open at once — it gives up (`clear`
 * false) and the SQL check decides, with its exact report. Memory: bounded by SCREEN_MAX_OPEN.
 *
 * Intervals are bucketed by a hash of the instance id alone. Sharing a bucket (same instance id
 * under another owner or item, or a hash collision) can only make the screen give up more often:
 * a bucket's held end is the latest end of all its intervals so far, which is never before that
 * of any one of them.
 *
 * Why absence is proven: the SQL check reports neighbours P, C of one instance, sorted by start,
 * with P's end after C's start, or equal. With the file sorted by start, P came before C (a tie
 * on start gives up, directly or through a bucket-mate in between, whose start is then the same),
 * and P's end is at most the end held for the bucket when C comes, which only ever grows; a bucket
 * is let go only once its end is before a start already seen, so before C's.
 */
export class OverlapScreen {
  clear = true;
  private open = new Map<number, OpenInterval>();
  private lastMs = -Infinity;
  private lastSub: SubMs = '';
  private sinceSweep = 0;

  add(instanceId: string, startMs: number, startSub: SubMs, endMs: number, endSub: SubMs): void {
    if (!this.clear) return;
    const order = startMs !== this.lastMs ? startMs - this.lastMs : compareInstants(startMs, startSub, this.lastMs, this.lastSub);
    if (order < 0) return this.giveUp();
    if (order > 0) {
      this.lastMs = startMs;
      this.lastSub = startSub;
    }
    const key = instanceKey(instanceId);
    const prev = this.open.get(key);
    if (prev !== undefined) {
      if (startMs < prev.endMs || (startMs === prev.endMs && startSub < prev.endSub)) return this.giveUp();
      if (startMs === prev.startMs && startSub === prev.startSub) return this.giveUp();
      prev.startMs = startMs;
      prev.startSub = startSub;
      prev.endMs = endMs;
      prev.endSub = endSub;
    } else {
      this.open.set(key, { startMs, startSub, endMs, endSub });
      if (this.open.size > SCREEN_MAX_OPEN) {
        this.sweep();
        if (this.open.size > SCREEN_MAX_OPEN) return this.giveUp();
      }
    }
    if (++this.sinceSweep >= SCREEN_SWEEP_EVERY) this.sweep();
  }

  /** Lets go of the buckets whose latest interval ended before the latest start seen. */
  private sweep(): void {
    this.sinceSweep = 0;
    for (const [key, o] of this.open) if (compareInstants(o.endMs, o.endSub, this.lastMs, this.lastSub) < 0) this.open.delete(key);
  }

  private giveUp(): void {
    this.clear = false;
    this.open = new Map();
  }
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
 *
 * With `known.fileClear` (the file's own intervals proven free of conflicts), only the instances
 * that have earlier intervals in reach are compared, each with all of its intervals of the batch:
 * the other partitions hold new intervals only, which do not conflict, and the partitions kept are
 * the same as in the full check, so the same conflict is found. Without earlier usage at all
 * (`span` null) there is then nothing to check.
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
  if (known?.fileClear) {
    if (span === null) return null;
    return firstConflict(db, batchId, earlierOnlyCandidates, { batch: batchId, from: bounds.lo - span, lo: bounds.lo, hi: bounds.hi });
  }
  const earlierRows =
    span === null
      ? ''
      : `UNION ALL
         SELECT u.id, 0, u.owner_id, u.item_id, u.instance_id, u.start_ms, u.start_sub, u.end_ms, u.end_sub
         FROM pairs p JOIN usage_intervals u INDEXED BY usage_intervals_item
              ON u.owner_id = p.owner_id AND u.item_id = p.item_id AND u.start_ms >= @from AND u.start_ms <= @hi
         WHERE u.origin = 'usage' AND u.batch_id <> @batch`;
  const cand = `pairs AS (SELECT DISTINCT owner_id, item_id FROM usage_intervals WHERE batch_id = @batch AND origin = 'usage'),
       cand AS (
         SELECT u.id, 1 AS is_new, u.owner_id, u.item_id, u.instance_id, u.start_ms, u.start_sub, u.end_ms, u.end_sub
         FROM usage_intervals u WHERE u.batch_id = @batch AND u.origin = 'usage'
         ${earlierRows}
       )`;
  return firstConflict(db, batchId, cand, span === null ? { batch: batchId } : { batch: batchId, from: bounds.lo - span, hi: bounds.hi });
}

/**
 * Candidates when the file's own intervals do not conflict: the earlier intervals in reach, and
 * every interval of the batch of the same (owner, item, instance) as one of them.
 */
const earlierOnlyCandidates = `pairs AS (SELECT DISTINCT owner_id, item_id FROM usage_intervals WHERE batch_id = @batch AND origin = 'usage'),
       earlier AS MATERIALIZED (
         SELECT u.id, 0 AS is_new, u.owner_id, u.item_id, u.instance_id, u.start_ms, u.start_sub, u.end_ms, u.end_sub
         FROM pairs p JOIN usage_intervals u INDEXED BY usage_intervals_item
              ON u.owner_id = p.owner_id AND u.item_id = p.item_id AND u.start_ms >= @from AND u.start_ms <= @hi
         WHERE u.origin = 'usage' AND u.batch_id <> @batch
       ),
       cand AS (
         SELECT * FROM earlier
         UNION ALL
         SELECT u.id, 1, u.owner_id, u.item_id, u.instance_id, u.start_ms, u.start_sub, u.end_ms, u.end_sub
         FROM (SELECT DISTINCT owner_id, item_id, instance_id FROM earlier) k JOIN usage_intervals u INDEXED BY usage_intervals_item
              ON u.owner_id = k.owner_id AND u.item_id = k.item_id AND u.start_ms >= @lo AND u.start_ms <= @hi
         WHERE u.instance_id = k.instance_id AND u.batch_id = @batch AND u.origin = 'usage'
       )`;

/** The first conflict between neighbours of one instance, among the candidate intervals `cand` (a CTE). */
function firstConflict(db: Db, batchId: number, cand: string, params: Record<string, number>): IntervalConflict | null {
  const hit = db
    .prepare(
      `WITH ${cand},
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
    .get(params) as
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
