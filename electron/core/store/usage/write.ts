// Writes usage rows (usage_intervals, usage_countables, usage_classic) and the batch's usage
// spans. Intervals are written several per INSERT, and a large batch may be loaded with the
// table's secondary indexes dropped: the import speed depends on both (docs/performance.md).
import type { SubMs } from '../../../../shared/instant';
import type { EpochMs } from '../../../../shared/types';
import type Database from 'better-sqlite3';
import type { Db } from '../open';

/** Values the table has no column for, kept as attributes (attrs_json); null when none. */
export type Attrs = Record<string, string> | null;

export interface NewInterval {
  ownerId: string;
  itemType: 'uptime' | 'build';
  itemId: string;
  itemName: string;
  instanceId: string;
  priceId: string;
  flavorName: string;
  sourceHint: string;
  zoneId: string;
  start: EpochMs;
  end: EpochMs;
  /** Digits of start and end below the millisecond (shared/instant.ts). */
  startSub: SubMs;
  endSub: SubMs;
  attrs: Attrs;
}

export interface NewCountable {
  ownerId: string;
  service: string;
  itemId: string;
  itemName: string;
  planId: string;
  quantity: string;
  unit: string;
  zoneId: string;
  start: EpochMs;
  /** End of the span the quantity was measured over (null: not given). */
  end: EpochMs | null;
  startSub: SubMs;
  endSub: SubMs;
  attrs: Attrs;
}

export interface NewClassic {
  ownerId: string;
  itemId: string;
  description: string;
  unitPrice: string;
  quantity: string;
  priceFactor: string;
  discount: string;
  currency: string;
  start: EpochMs;
  startSub: SubMs;
  attrs: Attrs;
}

const INTERVAL_PARAMS = 15; // per row; the batch id is written into the statement

type SpanKind = 'interval' | 'countable' | 'classic';

/** Earliest start and latest end of one owner's rows of one kind, as usage_spans records them. */
class OwnerSpans {
  private readonly byOwner = new Map<string, [lo: number, hi: number]>();
  private lastOwner: string | null = null;
  private last: [number, number] | null = null;

  add(ownerId: string, lo: number, hi: number): void {
    let s = ownerId === this.lastOwner ? this.last : this.byOwner.get(ownerId);
    if (s === undefined || s === null) {
      s = [lo, hi];
      this.byOwner.set(ownerId, s);
    } else {
      if (lo < s[0]) s[0] = lo;
      if (hi > s[1]) s[1] = hi;
    }
    this.lastOwner = ownerId;
    this.last = s;
  }

  /** Owners in the order of their ids (as SQLite's GROUP BY gives them). */
  entries(): [string, [number, number]][] {
    return [...this.byOwner].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/**
 * Writes the origin-'usage' rows of one batch, in the order given. Intervals wait in a buffer
 * until a full multi-row INSERT can be made: call `flush()` after the last row.
 */
export class UsageWriter {
  /** Earliest start and latest end of the intervals written (null: none yet). */
  lo: EpochMs | null = null;
  hi: EpochMs | null = null;
  private readonly one: Database.Statement;
  private readonly many: Database.Statement;
  private readonly countables: Database.Statement;
  private readonly classics: Database.Statement;
  private readonly perInsert: number;
  private readonly pending: unknown[];
  private pendingRows = 0;
  private readonly spans: Record<SpanKind, OwnerSpans> = { interval: new OwnerSpans(), countable: new OwnerSpans(), classic: new OwnerSpans() };

  constructor(
    db: Db,
    private readonly batchId: number,
    rowsPerInsert: number,
  ) {
    this.perInsert = Math.max(1, Math.floor(rowsPerInsert));
    this.pending = new Array<unknown>(this.perInsert * INTERVAL_PARAMS);
    const columns = `(batch_id, source_row, origin, owner_id, item_type, item_id, item_name, instance_id, price_id, flavor_name, source_hint, zone_id, start_ms, end_ms, start_sub, end_sub, attrs_json)`;
    const tuple = `(${Number(batchId)}, ?, 'usage', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
    this.one = db.prepare(`INSERT INTO usage_intervals ${columns} VALUES ${tuple}`);
    this.many = db.prepare(`INSERT INTO usage_intervals ${columns} VALUES ${new Array<string>(this.perInsert).fill(tuple).join(', ')}`);
    this.countables = db.prepare(
      `INSERT INTO usage_countables (batch_id, source_row, origin, owner_id, service, item_id, item_name, plan_id, quantity, unit, zone_id, start_ms, end_ms, start_sub, end_sub, attrs_json)
       VALUES (?, ?, 'usage', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.classics = db.prepare(
      `INSERT INTO usage_classic (batch_id, source_row, origin, owner_id, item_id, description, unit_price, quantity, price_factor, discount, currency, start_ms, start_sub, attrs_json)
       VALUES (?, ?, 'usage', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  interval(sourceRow: string, u: NewInterval): void {
    const p = this.pending;
    let k = this.pendingRows * INTERVAL_PARAMS;
    p[k++] = sourceRow;
    p[k++] = u.ownerId;
    p[k++] = u.itemType;
    p[k++] = u.itemId;
    p[k++] = u.itemName;
    p[k++] = u.instanceId;
    p[k++] = u.priceId;
    p[k++] = u.flavorName;
    p[k++] = u.sourceHint;
    p[k++] = u.zoneId;
    p[k++] = u.start;
    p[k++] = u.end;
    p[k++] = u.startSub;
    p[k++] = u.endSub;
    p[k] = u.attrs ? JSON.stringify(u.attrs) : null;
    if (this.lo === null || u.start < this.lo) this.lo = u.start;
    if (this.hi === null || u.end > this.hi) this.hi = u.end;
    this.spans.interval.add(u.ownerId, u.start, u.end);
    if (++this.pendingRows === this.perInsert) {
      this.many.run(p);
      this.pendingRows = 0;
    }
  }

  countable(sourceRow: string, u: NewCountable): void {
    this.spans.countable.add(u.ownerId, u.start, u.start + 1);
    const attrs = u.attrs ? JSON.stringify(u.attrs) : null;
    this.countables.run(
      this.batchId,
      sourceRow,
      u.ownerId,
      u.service,
      u.itemId,
      u.itemName,
      u.planId,
      u.quantity,
      u.unit,
      u.zoneId,
      u.start,
      u.end,
      u.startSub,
      u.endSub,
      attrs,
    );
  }

  classic(sourceRow: string, u: NewClassic): void {
    this.spans.classic.add(u.ownerId, u.start, u.start + 1);
    const attrs = u.attrs ? JSON.stringify(u.attrs) : null;
    this.classics.run(
      this.batchId,
      sourceRow,
      u.ownerId,
      u.itemId,
      u.description,
      u.unitPrice,
      u.quantity,
      u.priceFactor,
      u.discount,
      u.currency,
      u.start,
      u.startSub,
      attrs,
    );
  }

  /** Writes the intervals still waiting in the buffer. */
  flush(): void {
    for (let r = 0; r < this.pendingRows; r++) this.one.run(this.pending.slice(r * INTERVAL_PARAMS, (r + 1) * INTERVAL_PARAMS));
    this.pendingRows = 0;
  }

  /**
   * Records the batch's usage spans from what was written — the rows recordUsageSpans would
   * find, without reading the batch back (1M rows: 0.8 s of CPU, 3 s under load). After flush().
   */
  recordSpans(db: Db): void {
    const insert = db.prepare(`INSERT INTO usage_spans (batch_id, owner_id, kind, start_ms, end_ms) VALUES (?, ?, ?, ?, ?)`);
    for (const kind of ['interval', 'countable', 'classic'] as const)
      for (const [owner, [lo, hi]] of this.spans[kind].entries()) insert.run(this.batchId, owner, kind, lo, hi);
  }
}

/** Highest usage_intervals id (0 when empty): how many rows the table holds, without counting them. */
export function intervalTableSize(db: Db): number {
  return (db.prepare('SELECT max(id) AS n FROM usage_intervals').get() as { n: number | null }).n ?? 0;
}

export interface DeferredIndex {
  name: string;
  sql: string;
}

/**
 * Drops the secondary indexes of usage_intervals (inside the import's transaction) and returns
 * their definitions, read from sqlite_master, to re-create them exactly. Loading a large batch
 * into the bare table and building each index once, sorted, costs much less than updating three
 * B-trees row by row (1M rows: ~3 s less). UNIQUE indexes are kept (they enforce something), and so
 * are indexes SQLite made itself (no SQL). Nothing of this is ever committed on its own: the
 * indexes are back before COMMIT, and a ROLLBACK restores them with everything else.
 */
export function dropIntervalIndexes(db: Db): DeferredIndex[] {
  const list = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'usage_intervals' AND sql IS NOT NULL ORDER BY rowid`)
    .all() as DeferredIndex[];
  const unique = new Set((db.pragma(`index_list('usage_intervals')`) as { name: string; unique: number }[]).filter((i) => i.unique).map((i) => i.name));
  const dropped = list.filter((i) => !unique.has(i.name));
  for (const i of dropped) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
  return dropped;
}

export function restoreIndexes(db: Db, dropped: readonly DeferredIndex[]): void {
  for (const i of dropped) db.exec(i.sql);
}

/**
 * The batch's usage spans (usage_spans, migration 002), whatever importer wrote its rows. Reads
 * the batch's rows through its index: they are contiguous, so this is a sequential read.
 */
export function recordUsageSpans(db: Db, batchId: number): void {
  db.prepare(
    `INSERT INTO usage_spans (batch_id, owner_id, kind, start_ms, end_ms)
     SELECT batch_id, owner_id, 'interval', min(start_ms), max(end_ms) FROM usage_intervals WHERE batch_id = @b AND origin = 'usage' GROUP BY owner_id
     UNION ALL
     SELECT batch_id, owner_id, 'countable', min(start_ms), max(start_ms) + 1 FROM usage_countables WHERE batch_id = @b AND origin = 'usage' GROUP BY owner_id
     UNION ALL
     SELECT batch_id, owner_id, 'classic', min(start_ms), max(start_ms) + 1 FROM usage_classic WHERE batch_id = @b AND origin = 'usage' GROUP BY owner_id`,
  ).run({ b: batchId });
}
