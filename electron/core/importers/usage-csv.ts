// Usage CSV (SPEC 2.2): one row per instance interval (uptime, build), countable quantity or
// custom task (classic). Streamed and inserted row by row inside the import transaction.
// Duplicate or overlapping intervals of one (owner, item, instance) — within the file or
// against usage already in the workspace — are refused, naming both rows.
import type { Db } from '../db/open';
import { USAGE_COLUMNS, USAGE_REQUIRED } from './columns';
import { type DataRow, streamCsvTable } from './csv-stream';
import { ImportError, Loc } from './errors';
import type { ImportCtx } from './types';
import { currencyField, decimalField, enumField, instantField, isoUtc, textField } from './values';

export { USAGE_COLUMNS } from './columns';

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

/** Validates and converts one data row. Throws ImportError naming file, row, field and value. */
export function convertUsageRow(file: string, r: DataRow, decimalComma: boolean): UsageRow {
  const { fields, cols } = r;
  const loc: Loc = new Loc(file, String(r.row));
  const get = (c: string) => cols.get(fields, c);
  const ownerId = textField(loc, 'owner_id', get('owner_id'), true);
  const itemType = enumField(loc, 'item_type', get('item_type'), ITEM_TYPES)!;
  const itemId = textField(loc, 'item_id', get('item_id'), true);
  const start = instantField(loc, 'consumption_start', get('consumption_start'), OFFSET, true);
  const endText = get('consumption_end');
  const end = instantField(loc, 'consumption_end', endText, OFFSET, itemType === 'uptime' || itemType === 'build');
  if (end !== null && end < start) loc.fail('consumption_end', `is before consumption_start (${get('consumption_start').trim()})`, endText.trim());
  const currencyText = get('currency');
  const currency = currencyField(loc, 'currency', currencyText, itemType === 'classic');
  // Values the target table has no column for are kept as attributes, with unknown columns.
  const attrs = (omit: readonly string[]): Record<string, string> | null => {
    let out = cols.extras(fields);
    for (const c of USAGE_COLUMNS) {
      if (omit.includes(c) || !cols.has(c)) continue;
      const v = get(c).trim();
      if (v !== '') (out ??= {})[c] = v;
    }
    return out;
  };
  const itemName = textField(loc, 'item_name', get('item_name'));
  const zoneId = textField(loc, 'zone_id', get('zone_id'));

  if (itemType === 'uptime' || itemType === 'build') {
    const instanceId = textField(loc, 'instance_id', get('instance_id'), true);
    const priceId = textField(loc, 'price_id', get('price_id'));
    const flavorName = textField(loc, 'flavor_name', get('flavor_name'));
    if (priceId === '' && flavorName === '') loc.fail('price_id', `is empty and so is flavor_name: an ${itemType} row needs one of them to be priced`);
    return {
      kind: 'interval', ownerId, itemType, itemId, itemName, instanceId, priceId, flavorName, sourceHint: sourceHintOf(priceId), zoneId, start, end: end!,
      attrs: attrs(['owner_id', 'item_type', 'item_id', 'item_name', 'instance_id', 'price_id', 'flavor_name', 'zone_id', 'consumption_start', 'consumption_end']),
    };
  }
  if (itemType === 'countable') {
    const quantity = decimalField(loc, 'quantity', get('quantity'), { required: true, decimalComma })!;
    // Countable lines are identified by service (SPEC 3, sample README): the service column,
    // else price_id (where Clever Cloud exports put it), else item_id.
    const service = textField(loc, 'service', get('service')) || textField(loc, 'price_id', get('price_id')) || itemId;
    const a = attrs(['owner_id', 'item_type', 'item_name', 'plan_id', 'quantity', 'unit', 'zone_id', 'consumption_start', 'service', ...(service === itemId ? ['item_id'] : [])]);
    return {
      kind: 'countable', ownerId, service, itemId: service, itemName: itemName || service, planId: textField(loc, 'plan_id', get('plan_id')), quantity,
      unit: textField(loc, 'unit', get('unit')), zoneId, start, attrs: a,
    };
  }
  const unitPrice = decimalField(loc, 'unit_price', get('unit_price'), { required: true, decimalComma, allowNegative: true })!;
  const quantity = decimalField(loc, 'quantity', get('quantity'), { required: true, decimalComma })!;
  const priceFactor = decimalField(loc, 'price_factor', get('price_factor'), { decimalComma }) ?? '1';
  const discount = decimalField(loc, 'discount', get('discount'), { decimalComma }) ?? '0';
  return {
    kind: 'classic', ownerId, itemId, description: textField(loc, 'description', get('description')) || itemName, unitPrice, quantity, priceFactor, discount,
    currency, start,
    attrs: attrs(['owner_id', 'item_type', 'item_id', 'description', 'unit_price', 'quantity', 'price_factor', 'discount', 'currency', 'consumption_start']),
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
 */
export function findIntervalConflict(db: Db, batchId: number): IntervalConflict | null {
  const bounds = db.prepare(`SELECT min(start_ms) AS lo, max(end_ms) AS hi FROM usage_intervals WHERE batch_id = ? AND origin = 'usage'`).get(batchId) as {
    lo: number | null;
    hi: number | null;
  };
  if (bounds.lo === null || bounds.hi === null) return null;
  // An earlier interval can reach into the batch's window from at most its longest duration before.
  // (null: no earlier usage at all, only the file itself is checked.)
  const span = (db.prepare(`SELECT max(end_ms - start_ms) AS d FROM usage_intervals WHERE origin = 'usage' AND batch_id <> ?`).get(batchId) as { d: number | null }).d;
  const earlierRows =
    span === null
      ? ''
      : `UNION ALL
         SELECT u.id, u.batch_id, u.source_row, u.owner_id, u.item_id, u.instance_id, u.start_ms, u.end_ms
         FROM pairs p JOIN usage_intervals u INDEXED BY usage_intervals_item
              ON u.owner_id = p.owner_id AND u.item_id = p.item_id AND u.start_ms >= @from AND u.start_ms <= @hi
         WHERE u.origin = 'usage' AND u.batch_id <> @batch`;
  const hit = db
    .prepare(
      `WITH pairs AS (SELECT DISTINCT owner_id, item_id FROM usage_intervals WHERE batch_id = @batch AND origin = 'usage'),
       cand AS (
         SELECT u.id, u.batch_id, u.source_row, u.owner_id, u.item_id, u.instance_id, u.start_ms, u.end_ms
         FROM usage_intervals u WHERE u.batch_id = @batch AND u.origin = 'usage'
         ${earlierRows}
       ),
       seq AS (
         SELECT c.*,
                lag(id) OVER w AS p_id, lag(batch_id) OVER w AS p_batch, lag(source_row) OVER w AS p_row,
                lag(start_ms) OVER w AS p_start, lag(end_ms) OVER w AS p_end
         FROM cand c
         WINDOW w AS (PARTITION BY owner_id, item_id, instance_id ORDER BY start_ms, end_ms, id)
       ),
       conflicts AS (
         SELECT *,
                CASE WHEN batch_id = @batch AND (p_batch <> @batch OR id > p_id) THEN 1 ELSE 0 END AS cur_is_later
         FROM seq
         WHERE p_id IS NOT NULL AND (batch_id = @batch OR p_batch = @batch)
           AND (p_end > start_ms OR (p_start = start_ms AND p_end = end_ms))
       )
       SELECT owner_id AS ownerId, item_id AS itemId, instance_id AS instanceId,
              CASE WHEN cur_is_later = 1 THEN source_row ELSE p_row END AS row,
              CASE WHEN cur_is_later = 1 THEN start_ms ELSE p_start END AS start,
              CASE WHEN cur_is_later = 1 THEN end_ms ELSE p_end END AS "end",
              CASE WHEN cur_is_later = 1 THEN p_row ELSE source_row END AS otherRow,
              CASE WHEN cur_is_later = 1 THEN p_batch ELSE batch_id END AS otherBatch,
              CASE WHEN cur_is_later = 1 THEN p_start ELSE start_ms END AS otherStart,
              CASE WHEN cur_is_later = 1 THEN p_end ELSE end_ms END AS otherEnd
       FROM conflicts
       ORDER BY CAST(row AS INTEGER), CAST(otherRow AS INTEGER)
       LIMIT 1`,
    )
    .get(span === null ? { batch: batchId } : { batch: batchId, from: bounds.lo - span, hi: bounds.hi }) as
    | { ownerId: string; itemId: string; instanceId: string; row: string; start: number; end: number; otherRow: string; otherBatch: number; otherStart: number; otherEnd: number }
    | undefined;
  if (!hit) return null;
  const earlier = hit.otherBatch !== batchId;
  const otherFile = earlier ? ((db.prepare('SELECT file_name AS f FROM import_batches WHERE id = ?').get(hit.otherBatch) as { f: string } | undefined)?.f ?? '?') : null;
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

export async function importUsageCsv(ctx: ImportCtx): Promise<number> {
  const { db, file } = ctx;
  const batchId = ctx.begin();
  const insInterval = db.prepare(
    `INSERT INTO usage_intervals (batch_id, source_row, origin, owner_id, item_type, item_id, item_name, instance_id, price_id, flavor_name, source_hint, zone_id, start_ms, end_ms, attrs_json)
     VALUES (?, ?, 'usage', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insCountable = db.prepare(
    `INSERT INTO usage_countables (batch_id, source_row, origin, owner_id, service, item_id, item_name, plan_id, quantity, unit, zone_id, start_ms, attrs_json)
     VALUES (?, ?, 'usage', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insClassic = db.prepare(
    `INSERT INTO usage_classic (batch_id, source_row, origin, owner_id, item_id, description, unit_price, quantity, price_factor, discount, currency, start_ms, attrs_json)
     VALUES (?, ?, 'usage', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
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
        insInterval.run(batchId, src, u.ownerId, u.itemType, u.itemId, u.itemName, u.instanceId, u.priceId, u.flavorName, u.sourceHint, u.zoneId, u.start, u.end, attrs);
      } else if (u.kind === 'countable') {
        insCountable.run(batchId, src, u.ownerId, u.service, u.itemId, u.itemName, u.planId, u.quantity, u.unit, u.zoneId, u.start, attrs);
      } else {
        insClassic.run(batchId, src, u.ownerId, u.itemId, u.description, u.unitPrice, u.quantity, u.priceFactor, u.discount, u.currency, u.start, attrs);
      }
      rows++;
    },
  );
  const conflict = findIntervalConflict(db, batchId);
  if (conflict) throw conflictError(file, conflict);
  return rows;
}
