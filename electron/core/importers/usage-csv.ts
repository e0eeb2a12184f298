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
  /** The later row (the one reported). */
  row: number;
  otherRow: number;
  ownerId: string;
  itemId: string;
  instanceId: string;
  start: number;
  end: number;
  otherStart: number;
  otherEnd: number;
}

/**
 * Intervals per (owner, item, instance), kept as flat number triples [start, end, row] so
 * memory stays small; checked once, at the end of the file.
 */
export class IntervalTracker {
  private readonly byKey = new Map<string, number[]>();

  add(ownerId: string, itemId: string, instanceId: string, start: number, end: number, row: number): void {
    const key = `${ownerId}\u0000${itemId}\u0000${instanceId}`;
    let list = this.byKey.get(key);
    if (list === undefined) this.byKey.set(key, (list = []));
    list.push(start, end, row);
  }

  /** The conflict whose later row comes first in the file, or null. */
  firstConflict(): IntervalConflict | null {
    let best: IntervalConflict | null = null;
    for (const [key, list] of this.byKey) {
      const n = list.length / 3;
      if (n < 2) continue;
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => list[a * 3]! - list[b * 3]! || list[a * 3 + 1]! - list[b * 3 + 1]! || list[a * 3 + 2]! - list[b * 3 + 2]!);
      let m = order[0]!; // interval with the latest end so far
      let prev = m;
      for (let k = 1; k < n; k++) {
        const i = order[k]!;
        const s = list[i * 3]!, e = list[i * 3 + 1]!;
        let other = -1;
        let kind: IntervalConflict['kind'] = 'overlap';
        if (s === list[prev * 3] && e === list[prev * 3 + 1]) {
          other = prev;
          kind = 'duplicate';
        } else if (list[m * 3]! < e && s < list[m * 3 + 1]!) {
          other = m;
        }
        if (other >= 0) {
          const [ri, ro] = [list[i * 3 + 2]!, list[other * 3 + 2]!];
          const later = ri > ro ? i : other;
          const earlier = later === i ? other : i;
          const row = list[later * 3 + 2]!;
          if (best === null || row < best.row) {
            const [ownerId, itemId, instanceId] = key.split('\u0000') as [string, string, string];
            best = {
              kind, row, otherRow: list[earlier * 3 + 2]!, ownerId, itemId, instanceId,
              start: list[later * 3]!, end: list[later * 3 + 1]!, otherStart: list[earlier * 3]!, otherEnd: list[earlier * 3 + 1]!,
            };
          }
          break; // one conflict per key is enough
        }
        if (e > list[m * 3 + 1]!) m = i;
        prev = i;
      }
    }
    return best;
  }
}

function conflictError(file: string, c: IntervalConflict, otherWhere: string): ImportError {
  const what = `interval ${isoUtc(c.start)} → ${isoUtc(c.end)} of owner ${c.ownerId}, item ${c.itemId}, instance ${c.instanceId}`;
  const other = `${otherWhere} (${isoUtc(c.otherStart)} → ${isoUtc(c.otherEnd)})`;
  const problem =
    c.kind === 'duplicate'
      ? `${what} duplicates ${other}: the same interval would be billed twice`
      : `${what} overlaps ${other}: the overlapping time would be billed twice`;
  return new ImportError(file, problem, { row: String(c.row), field: 'consumption_start' });
}

/** Overlap of this batch's intervals with usage intervals of earlier batches (SQL, index-driven). */
function overlapWithWorkspace(db: Db, file: string, batchId: number): void {
  const span = db.prepare(`SELECT max(end_ms - start_ms) AS d FROM usage_intervals WHERE origin = 'usage' AND batch_id <> ?`).get(batchId) as { d: number | null };
  if (span.d === null) return;
  const hit = db
    .prepare(
      `SELECT n.source_row AS row, o.source_row AS otherRow, b.file_name AS otherFile, b.id AS otherBatch,
              n.owner_id AS ownerId, n.item_id AS itemId, n.instance_id AS instanceId,
              n.start_ms AS start, n.end_ms AS "end", o.start_ms AS otherStart, o.end_ms AS otherEnd
       FROM usage_intervals n
       JOIN usage_intervals o ON o.owner_id = n.owner_id AND o.item_id = n.item_id
            AND o.start_ms >= n.start_ms - @span AND o.start_ms <= n.end_ms
            AND o.instance_id = n.instance_id AND o.origin = 'usage' AND o.batch_id <> n.batch_id
            AND ((o.start_ms < n.end_ms AND n.start_ms < o.end_ms) OR (o.start_ms = n.start_ms AND o.end_ms = n.end_ms))
       JOIN import_batches b ON b.id = o.batch_id
       WHERE n.batch_id = @batch AND n.origin = 'usage'
       ORDER BY CAST(n.source_row AS INTEGER) LIMIT 1`,
    )
    .get({ span: span.d, batch: batchId }) as
    | { row: string; otherRow: string; otherFile: string; otherBatch: number; ownerId: string; itemId: string; instanceId: string; start: number; end: number; otherStart: number; otherEnd: number }
    | undefined;
  if (!hit) return;
  const kind = hit.start === hit.otherStart && hit.end === hit.otherEnd ? 'duplicate' : 'overlap';
  throw conflictError(file, { ...hit, kind, row: Number(hit.row), otherRow: Number(hit.otherRow) }, `row ${hit.otherRow} of ${hit.otherFile} (batch ${hit.otherBatch}, already imported)`);
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
  const tracker = new IntervalTracker();
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
        tracker.add(u.ownerId, u.itemId, u.instanceId, u.start, u.end, r.row);
      } else if (u.kind === 'countable') {
        insCountable.run(batchId, src, u.ownerId, u.service, u.itemId, u.itemName, u.planId, u.quantity, u.unit, u.zoneId, u.start, attrs);
      } else {
        insClassic.run(batchId, src, u.ownerId, u.itemId, u.description, u.unitPrice, u.quantity, u.priceFactor, u.discount, u.currency, u.start, attrs);
      }
      rows++;
    },
  );
  const conflict = tracker.firstConflict();
  if (conflict) throw conflictError(file, conflict, `row ${conflict.otherRow}`);
  overlapWithWorkspace(db, file, batchId);
  return rows;
}
