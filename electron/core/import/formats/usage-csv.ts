// Usage CSV (SPEC 2.2): one row per instance interval (uptime, build), countable quantity or
// custom task (classic). Streamed and inserted row by row inside the import transaction.
// Duplicate or overlapping intervals of one (owner, item, instance) — within the file or
// against usage already in the workspace — are refused, naming both rows.
import { batchFileName } from '../../store/batches';
import type { Db } from '../../store/open';
import { USAGE_COLUMNS, USAGE_REQUIRED } from '../csv/columns';
import { type ColumnMap, type DataRow, readHead, streamCsvTable } from '../csv/stream';
import { ImportError, Loc } from '../errors';
import type { ImportCtx } from '../types';
import { currencyField, decimalField, enumField, instantField, isoUtc, textField } from '../values';

export { USAGE_COLUMNS } from '../csv/columns';

export const ITEM_TYPES = ['uptime', 'build', 'countable', 'classic'] as const;

export type UsageRow =
  | {
      kind: 'interval';
      ownerId: string;
      itemType: 'uptime' | 'build';
      itemId: string;
      itemName: string;
      instanceId: string;
      priceId: string;
      flavorName: string;
      sourceHint: string;
      zoneId: string;
      start: number;
      end: number;
      attrs: Record<string, string> | null;
    }
  | {
      kind: 'countable';
      ownerId: string;
      service: string;
      itemId: string;
      itemName: string;
      planId: string;
      quantity: string;
      unit: string;
      zoneId: string;
      start: number;
      end: number | null;
      attrs: Record<string, string> | null;
    }
  | {
      kind: 'classic';
      ownerId: string;
      itemId: string;
      description: string;
      unitPrice: string;
      quantity: string;
      priceFactor: string;
      discount: string;
      currency: string;
      start: number;
      attrs: Record<string, string> | null;
    };

/** Catalog source hint from a price id: 'apps.XS' → 'apps'; no dot → ''. */
export function sourceHintOf(priceId: string): string {
  const dot = priceId.indexOf('.');
  return dot > 0 ? priceId.slice(0, dot) : '';
}

const OFFSET = { mode: 'offset' } as const;

type UsageColumn = (typeof USAGE_COLUMNS)[number];
/** A known column kept in attrs_json: its name and its position in the file. */
type KeptColumn = readonly [name: UsageColumn, index: number];

/**
 * Where each column is, and which known columns each kind of row keeps as attributes, worked out
 * once per file (per header) instead of once per row.
 */
interface UsagePlan {
  at: Record<UsageColumn, number>; // -1: not in the file
  intervalAttrs: readonly KeptColumn[];
  countableAttrs: readonly KeptColumn[];
  countableAttrsNoItem: readonly KeptColumn[]; // when the service is the item id
  classicAttrs: readonly KeptColumn[];
}

const INTERVAL_OMIT: readonly string[] = [
  'owner_id',
  'item_type',
  'item_id',
  'item_name',
  'instance_id',
  'price_id',
  'flavor_name',
  'zone_id',
  'consumption_start',
  'consumption_end',
];
const COUNTABLE_OMIT: readonly string[] = [
  'owner_id',
  'item_type',
  'item_name',
  'plan_id',
  'quantity',
  'unit',
  'zone_id',
  'consumption_start',
  'consumption_end',
  'service',
];
const CLASSIC_OMIT: readonly string[] = [
  'owner_id',
  'item_type',
  'item_id',
  'description',
  'unit_price',
  'quantity',
  'price_factor',
  'discount',
  'currency',
  'consumption_start',
];

const plans = new WeakMap<ColumnMap, UsagePlan>();

function usagePlan(cols: ColumnMap): UsagePlan {
  let plan = plans.get(cols);
  if (plan === undefined) {
    const at = {} as Record<UsageColumn, number>;
    for (const c of USAGE_COLUMNS) at[c] = cols.index.get(c) ?? -1;
    const kept = (omit: readonly string[]): KeptColumn[] => USAGE_COLUMNS.filter((c) => !omit.includes(c) && at[c] >= 0).map((c) => [c, at[c]] as const);
    plan = {
      at,
      intervalAttrs: kept(INTERVAL_OMIT),
      countableAttrs: kept(COUNTABLE_OMIT),
      countableAttrsNoItem: kept([...COUNTABLE_OMIT, 'item_id']),
      classicAttrs: kept(CLASSIC_OMIT),
    };
    plans.set(cols, plan);
  }
  return plan;
}

/** Cell at a position ('' when the column is absent). */
function cell(fields: readonly string[], i: number): string {
  return i < 0 ? '' : (fields[i] ?? '');
}

/**
 * Values the target table has no column for, kept as attributes: the unknown columns (as
 * written), then the known columns the table has no place for (trimmed); only non-empty values.
 */
function keptAttrs(cols: ColumnMap, fields: readonly string[], kept: readonly KeptColumn[]): Record<string, string> | null {
  let out = cols.extra.length > 0 ? cols.extras(fields) : null;
  for (let k = 0; k < kept.length; k++) {
    const [c, i] = kept[k]!;
    const v = (fields[i] ?? '').trim();
    if (v !== '') (out ??= {})[c] = v;
  }
  return out;
}

/** Validates and converts one data row. Throws ImportError naming file, row, field and value. */
export function convertUsageRow(file: string, r: DataRow, decimalComma: boolean): UsageRow {
  const { fields, cols } = r;
  const plan = usagePlan(cols);
  const at = plan.at;
  const loc: Loc = new Loc(file, String(r.row));
  const ownerId = textField(loc, 'owner_id', cell(fields, at.owner_id), true);
  const itemType = enumField(loc, 'item_type', cell(fields, at.item_type), ITEM_TYPES)!;
  const itemId = textField(loc, 'item_id', cell(fields, at.item_id), true);
  const start = instantField(loc, 'consumption_start', cell(fields, at.consumption_start), OFFSET, true);
  const endText = cell(fields, at.consumption_end);
  const timed = itemType === 'uptime' || itemType === 'build';
  const end = instantField(loc, 'consumption_end', endText, OFFSET, timed);
  if (end !== null && end < start) loc.fail('consumption_end', `is before consumption_start (${cell(fields, at.consumption_start).trim()})`, endText.trim());
  const currency = currencyField(loc, 'currency', cell(fields, at.currency), itemType === 'classic');
  const itemName = textField(loc, 'item_name', cell(fields, at.item_name));
  const zoneId = textField(loc, 'zone_id', cell(fields, at.zone_id));

  if (timed) {
    const instanceId = textField(loc, 'instance_id', cell(fields, at.instance_id), true);
    const priceId = textField(loc, 'price_id', cell(fields, at.price_id));
    const flavorName = textField(loc, 'flavor_name', cell(fields, at.flavor_name));
    if (priceId === '' && flavorName === '') loc.fail('price_id', `is empty and so is flavor_name: an ${itemType} row needs one of them to be priced`);
    return {
      kind: 'interval',
      ownerId,
      itemType,
      itemId,
      itemName,
      instanceId,
      priceId,
      flavorName,
      sourceHint: sourceHintOf(priceId),
      zoneId,
      start,
      end: end!,
      attrs: keptAttrs(cols, fields, plan.intervalAttrs),
    };
  }
  if (itemType === 'countable') {
    const quantity = decimalField(loc, 'quantity', cell(fields, at.quantity), { required: true, decimalComma })!;
    // Countable lines are identified by service (SPEC 3, sample README): the service column,
    // else price_id (where Clever Cloud exports put it), else item_id.
    const service = textField(loc, 'service', cell(fields, at.service)) || textField(loc, 'price_id', cell(fields, at.price_id)) || itemId;
    const a = keptAttrs(cols, fields, service === itemId ? plan.countableAttrsNoItem : plan.countableAttrs);
    return {
      kind: 'countable',
      ownerId,
      service,
      itemId: service,
      itemName: itemName || service,
      planId: textField(loc, 'plan_id', cell(fields, at.plan_id)),
      quantity,
      unit: textField(loc, 'unit', cell(fields, at.unit)),
      zoneId,
      start,
      end,
      attrs: a,
    };
  }
  const unitPrice = decimalField(loc, 'unit_price', cell(fields, at.unit_price), { required: true, decimalComma, allowNegative: true })!;
  const quantity = decimalField(loc, 'quantity', cell(fields, at.quantity), { required: true, decimalComma })!;
  const priceFactor = decimalField(loc, 'price_factor', cell(fields, at.price_factor), { decimalComma }) ?? '1';
  const discount = decimalField(loc, 'discount', cell(fields, at.discount), { decimalComma }) ?? '0';
  return {
    kind: 'classic',
    ownerId,
    itemId,
    description: textField(loc, 'description', cell(fields, at.description)) || itemName,
    unitPrice,
    quantity,
    priceFactor,
    discount,
    currency,
    start,
    attrs: keptAttrs(cols, fields, plan.classicAttrs),
  };
}

// ---------- overlap detection ----------

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
  start: number;
  end: number;
  otherStart: number;
  otherEnd: number;
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
 * Done in SQL, after the inserts and before COMMIT, so memory stays bounded whatever the file
 * size (SQLite sorts, spilling to disk): the candidate intervals (this batch's, plus earlier ones of
 * the same owner and item in the time window the batch could reach) are ordered per (owner, item,
 * instance) by start, end, id, and each one is compared with the previous one (`lag`). Sorted so,
 * a set of intervals overlaps somewhere if and only if two neighbours do; earlier imports never
 * overlap among themselves (each was checked), so every conflict shows between neighbours of which
 * one at least is new. Of the conflicts, the one whose reported row comes first is returned.
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
         SELECT u.id, 0, u.owner_id, u.item_id, u.instance_id, u.start_ms, u.end_ms
         FROM pairs p JOIN usage_intervals u INDEXED BY usage_intervals_item
              ON u.owner_id = p.owner_id AND u.item_id = p.item_id AND u.start_ms >= @from AND u.start_ms <= @hi
         WHERE u.origin = 'usage' AND u.batch_id <> @batch`;
  const hit = db
    .prepare(
      `WITH pairs AS (SELECT DISTINCT owner_id, item_id FROM usage_intervals WHERE batch_id = @batch AND origin = 'usage'),
       cand AS (
         SELECT u.id, 1 AS is_new, u.owner_id, u.item_id, u.instance_id, u.start_ms, u.end_ms
         FROM usage_intervals u WHERE u.batch_id = @batch AND u.origin = 'usage'
         ${earlierRows}
       ),
       seq AS (
         SELECT id, is_new, start_ms, end_ms,
                lag(id) OVER w AS p_id, lag(is_new) OVER w AS p_new, lag(start_ms) OVER w AS p_start, lag(end_ms) OVER w AS p_end
         FROM cand
         WINDOW w AS (PARTITION BY instance_id, item_id, owner_id ORDER BY start_ms, end_ms, id)
       ),
       conflicts AS (
         SELECT CASE WHEN cur_is_later = 1 THEN id ELSE p_id END AS rid, CASE WHEN cur_is_later = 1 THEN p_id ELSE id END AS oid
         FROM (SELECT *, CASE WHEN is_new = 1 AND (p_new = 0 OR id > p_id) THEN 1 ELSE 0 END AS cur_is_later
               FROM seq
               WHERE p_id IS NOT NULL AND (is_new = 1 OR p_new = 1)
                 AND (p_end > start_ms OR (p_start = start_ms AND p_end = end_ms)))
       )
       SELECT r.owner_id AS ownerId, r.item_id AS itemId, r.instance_id AS instanceId,
              r.source_row AS row, r.start_ms AS start, r.end_ms AS "end",
              o.source_row AS otherRow, o.batch_id AS otherBatch, o.start_ms AS otherStart, o.end_ms AS otherEnd
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
      }
    | undefined;
  if (!hit) return null;
  const earlier = hit.otherBatch !== batchId;
  const otherFile = earlier ? (batchFileName(db, hit.otherBatch) ?? '?') : null;
  return {
    kind: hit.start === hit.otherStart && hit.end === hit.otherEnd ? 'duplicate' : 'overlap',
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
  };
}

function conflictError(file: string, c: IntervalConflict): ImportError {
  const what = `interval ${isoUtc(c.start)} → ${isoUtc(c.end)} of owner ${c.ownerId}, item ${c.itemId}, instance ${c.instanceId}`;
  const where = c.otherFile === null ? `row ${c.otherRow}` : `row ${c.otherRow} of ${c.otherFile} (batch ${c.otherBatch}, already imported)`;
  const other = `${where} (${isoUtc(c.otherStart)} → ${isoUtc(c.otherEnd)})`;
  const problem =
    c.kind === 'duplicate'
      ? `${what} duplicates ${other}: the same interval would be billed twice`
      : `${what} overlaps ${other}: the overlapping time would be billed twice`;
  return new ImportError(file, problem, { row: String(c.row), field: 'consumption_start' });
}

// ---------- writing ----------

/**
 * Tuning of the usage import (exported for tests). `deferIndexesMinRows`: a file expected to hold
 * at least this many rows — and at least as many as usage_intervals already has — is written with
 * the table's secondary indexes dropped, and they are re-created (same SQL) before the overlap
 * check, in the same transaction. `rowsPerInsert`: intervals written per INSERT statement.
 */
export const usageImportTuning = { deferIndexesMinRows: 50_000, rowsPerInsert: 50 };

/** Data rows a CSV file probably holds, from the line lengths of its first 64 KB. */
async function estimateRows(filePath: string, size: number): Promise<number> {
  const { text, complete } = await readHead(filePath, 65536);
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lines++;
  }
  if (complete) return lines;
  return lines === 0 ? 0 : Math.floor((size * lines) / Buffer.byteLength(text));
}

interface DeferredIndex {
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
function dropIntervalIndexes(db: Db): DeferredIndex[] {
  const list = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'usage_intervals' AND sql IS NOT NULL ORDER BY rowid`)
    .all() as DeferredIndex[];
  const unique = new Set((db.pragma(`index_list('usage_intervals')`) as { name: string; unique: number }[]).filter((i) => i.unique).map((i) => i.name));
  const dropped = list.filter((i) => !unique.has(i.name));
  for (const i of dropped) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
  return dropped;
}

function restoreIndexes(db: Db, dropped: readonly DeferredIndex[]): void {
  for (const i of dropped) db.exec(i.sql);
}

const INTERVAL_PARAMS = 13; // per row; the batch id is written into the statement

export async function importUsageCsv(ctx: ImportCtx): Promise<number> {
  const { db, file } = ctx;
  const expectedRows = await estimateRows(ctx.path, ctx.size);
  const batchId = ctx.begin();
  // Measured before this batch's rows are in, so it scans only earlier usage.
  const span = longestUsageInterval(db);
  const existing = (db.prepare('SELECT max(id) AS n FROM usage_intervals').get() as { n: number | null }).n ?? 0;
  const deferred = expectedRows >= usageImportTuning.deferIndexesMinRows && expectedRows >= existing ? dropIntervalIndexes(db) : [];

  const columns = `(batch_id, source_row, origin, owner_id, item_type, item_id, item_name, instance_id, price_id, flavor_name, source_hint, zone_id, start_ms, end_ms, attrs_json)`;
  const tuple = `(${batchId}, ?, 'usage', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  const perInsert = Math.max(1, Math.floor(usageImportTuning.rowsPerInsert));
  const insInterval = db.prepare(`INSERT INTO usage_intervals ${columns} VALUES ${tuple}`);
  const insIntervals = db.prepare(`INSERT INTO usage_intervals ${columns} VALUES ${new Array<string>(perInsert).fill(tuple).join(', ')}`);
  const insCountable = db.prepare(
    `INSERT INTO usage_countables (batch_id, source_row, origin, owner_id, service, item_id, item_name, plan_id, quantity, unit, zone_id, start_ms, end_ms, attrs_json)
     VALUES (?, ?, 'usage', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insClassic = db.prepare(
    `INSERT INTO usage_classic (batch_id, source_row, origin, owner_id, item_id, description, unit_price, quantity, price_factor, discount, currency, start_ms, attrs_json)
     VALUES (?, ?, 'usage', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Intervals wait here (in file order) until a full multi-row INSERT can be made.
  const pending: unknown[] = new Array<unknown>(perInsert * INTERVAL_PARAMS);
  let pendingRows = 0;
  let lo: number | null = null;
  let hi: number | null = null;
  const decimalComma = ctx.csv.decimalComma ?? false;
  let rows = 0;
  await streamCsvTable(
    ctx.path,
    file,
    {
      csv: ctx.csv,
      canonical: USAGE_COLUMNS,
      required: USAGE_REQUIRED,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onChunk: (bytes) => ctx.progress(bytes, rows),
    },
    (r) => {
      const u = convertUsageRow(file, r, decimalComma);
      const src = String(r.row);
      const attrs = u.attrs ? JSON.stringify(u.attrs) : null;
      if (u.kind === 'interval') {
        let k = pendingRows * INTERVAL_PARAMS;
        pending[k++] = src;
        pending[k++] = u.ownerId;
        pending[k++] = u.itemType;
        pending[k++] = u.itemId;
        pending[k++] = u.itemName;
        pending[k++] = u.instanceId;
        pending[k++] = u.priceId;
        pending[k++] = u.flavorName;
        pending[k++] = u.sourceHint;
        pending[k++] = u.zoneId;
        pending[k++] = u.start;
        pending[k++] = u.end;
        pending[k] = attrs;
        if (lo === null || u.start < lo) lo = u.start;
        if (hi === null || u.end > hi) hi = u.end;
        if (++pendingRows === perInsert) {
          insIntervals.run(pending);
          pendingRows = 0;
        }
      } else if (u.kind === 'countable') {
        insCountable.run(batchId, src, u.ownerId, u.service, u.itemId, u.itemName, u.planId, u.quantity, u.unit, u.zoneId, u.start, u.end, attrs);
      } else {
        insClassic.run(batchId, src, u.ownerId, u.itemId, u.description, u.unitPrice, u.quantity, u.priceFactor, u.discount, u.currency, u.start, attrs);
      }
      rows++;
    },
  );
  for (let r = 0; r < pendingRows; r++) insInterval.run(pending.slice(r * INTERVAL_PARAMS, (r + 1) * INTERVAL_PARAMS));
  if (deferred.length > 0) {
    if (ctx.signal?.aborted) throw new ImportError(file, 'import cancelled');
    restoreIndexes(db, deferred);
  }
  if (ctx.signal?.aborted) throw new ImportError(file, 'import cancelled');
  const conflict = findIntervalConflict(db, batchId, { lo, hi, span });
  if (conflict) throw conflictError(file, conflict);
  return rows;
}
