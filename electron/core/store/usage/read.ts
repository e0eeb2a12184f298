// One owner's usage as the rating reads it: intervals (streamed), countables and tasks, each of an
// invoice's own rows with its invoice's period; the rating decides per period which are rated
// (shared/rating/coverage: usage CSV and invoice are compared, never added). Only rows of batches
// up to a version are read, so a stored run's details read exactly the rows its rating read.
import { type CoverageFacts, isRatedIn, timeCountedOnce } from '../../../../shared/rating';
import type { ClassicUsage, CountableUsage, PeriodId, UsageInterval } from '../../../../shared/types';
import { invoicePeriods } from '../invoices/read';
import type { Db } from '../open';
import { usageStartPeriods } from '../periods';
import { type SourceCols, sourceRef } from '../source-ref';

/** Which of an owner's rows a rating reads. */
export interface UsageScope {
  ownerId: string;
  /** Rows of import batches up to this id (a run's inputsVersion). */
  upToBatch: number;
  /** Invoice id → the period it is attached to: carried by the invoice's own rows. */
  invoicePeriods: ReadonlyMap<number, PeriodId>;
  /** Which usage is rated: an invoice's rows that no period rates (a usage CSV covers theirs) are not read. */
  coverage: CoverageFacts;
}

/** The scope of one owner's rating of periods `from`..`to` (in `tz`), and what decides which usage it rates. */
export function usageScope(
  db: Db,
  ownerId: string,
  tz: string,
  upToBatch: number,
  from: PeriodId,
  to: PeriodId,
): { scope: UsageScope; coverage: CoverageFacts } {
  const periods = invoicePeriods(db, ownerId, tz, upToBatch);
  const coverage = { usageStarts: usageStartPeriods(db, ownerId, from, to, tz, upToBatch), invoices: new Set(periods.values()) };
  return { scope: { ownerId, upToBatch, invoicePeriods: periods, coverage }, coverage };
}

/** [start, end) in epoch ms. */
export interface Window {
  start: number;
  end: number;
}

/** Intervals of one item and item type: they make the lines of one item and kind class. */
export interface IntervalGroup {
  itemId: string;
  itemType: UsageInterval['itemType'];
}

/** The columns of an IntervalRow, in its order. */
const INTERVAL_COLUMNS = `u.id, u.origin, u.invoice_id, u.item_type, u.item_id, u.item_name, u.instance_id, u.price_id, u.flavor_name, u.source_hint,
  u.zone_id, u.start_ms, u.end_ms, u.batch_id, u.source_row, u.start_sub, u.end_sub`;

/** A usage_intervals row as read (raw, in INTERVAL_COLUMNS order). */
type IntervalRow = [
  number,
  string,
  number | null,
  'uptime' | 'build',
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  number,
  number,
  number,
  string,
  string,
  string,
];

/**
 * Reads one owner's intervals, optionally restricted to one item and a time window, as they are
 * iterated (nothing is held: a month of millions streams into the rating). An invoice's own
 * details come last, with time they list twice counted once (timeCountedOnce), and only for
 * periods no usage CSV covers. One reader serves many reads (a workbook reads item by item):
 * its statements and lookups are made once.
 */
export class IntervalReader {
  private readonly files: Map<number, string>;
  private readonly stmts = new Map<string, ReturnType<Db['prepare']>>();

  constructor(
    private readonly db: Db,
    private readonly scope: UsageScope,
  ) {
    // Batch id → file name: a small map instead of a join per row.
    this.files = new Map(db.prepare('SELECT id, file_name FROM import_batches').raw().all() as [number, string][]);
  }

  private params(window?: Window, itemId?: string) {
    return { owner: this.scope.ownerId, upTo: this.scope.upToBatch, item: itemId ?? null, wstart: window?.start ?? 0, wend: window?.end ?? 0 };
  }

  private statement(itemId: string | undefined, window: Window | undefined, byInstance: boolean) {
    // One item: its index gives time order. A whole owner: table order (a sequential scan), or by
    // instance (SQLite's sorter, bounded memory) to number the instances; the rating module does
    // not depend on the order of its input.
    const order = itemId !== undefined ? 'ORDER BY u.start_ms, u.id' : byInstance ? 'ORDER BY u.instance_id, u.start_ms, u.id' : '';
    const sql = `SELECT ${INTERVAL_COLUMNS} FROM usage_intervals u WHERE u.owner_id = @owner AND u.batch_id <= @upTo
       ${itemId !== undefined ? 'AND u.item_id = @item' : ''} ${window ? 'AND u.start_ms < @wend AND u.end_ms >= @wstart' : ''}
       ${order}`;
    let st = this.stmts.get(sql);
    if (st === undefined) this.stmts.set(sql, (st = this.db.prepare(sql).raw()));
    return st;
  }

  /** A stored row as a rating input; null for an invoice's row that no period rates. */
  private interval(r: IntervalRow): { iv: UsageInterval; usage: boolean } | null {
    const [id, origin, invoiceId, itemType, itemId, itemName, instanceId, priceId, flavorName, sourceHint, zoneId, start, end, batchId, row, startSub, endSub] =
      r;
    const usage = origin === 'usage';
    const invoicePeriod = usage ? undefined : this.invoicePeriod(invoiceId);
    if (invoicePeriod !== undefined && !isRatedIn(invoicePeriod, this.scope.coverage, invoicePeriod)) return null;
    const iv: UsageInterval = {
      id,
      ownerId: this.scope.ownerId,
      itemType,
      itemId,
      itemName,
      instanceId,
      priceId,
      // A usage row that names its price item must find exactly that one: the flavor fallback is
      // for invoice details and rows without a price_id, never a silent substitute.
      flavorName: usage && priceId !== '' ? '' : flavorName,
      sourceHint,
      zoneId,
      start,
      end,
      startSub,
      endSub,
      source: { batchId, file: this.files.get(batchId) ?? '', row },
    };
    if (invoicePeriod !== undefined) iv.invoicePeriod = invoicePeriod;
    return { iv, usage };
  }

  /** The period of the invoice a row comes from ('' for none known: then never rated). */
  private invoicePeriod(invoiceId: number | null): PeriodId {
    return (invoiceId !== null ? this.scope.invoicePeriods.get(invoiceId) : undefined) ?? '';
  }

  /**
   * The owner's intervals (or one item's) overlapping the window (or any time). With
   * `instanceKeys`, read in instance order and each interval given `instanceKey`, a small integer
   * per distinct instance id of this read (docs/performance.md §1d): the rating then counts a
   * line's instances in a set of integers instead of holding every instance id string of the
   * month (956 MB at 10M intervals). Only the previous id is held here.
   */
  *read(opts: { itemId?: string; window?: Window; instanceKeys?: boolean } = {}): Generator<UsageInterval> {
    const fromInvoices: UsageInterval[] = [];
    const keyed = opts.instanceKeys === true && opts.itemId === undefined;
    let lastInstance: string | null = null;
    let key = 0;
    for (const r of this.statement(opts.itemId, opts.window, keyed).iterate(this.params(opts.window, opts.itemId)) as IterableIterator<IntervalRow>) {
      const x = this.interval(r);
      if (x === null) continue;
      if (keyed) {
        if (x.iv.instanceId !== lastInstance) {
          lastInstance = x.iv.instanceId;
          key++;
        }
        x.iv.instanceKey = key;
      }
      if (x.usage) yield x.iv;
      else fromInvoices.push(x.iv);
    }
    yield* timeCountedOnce(fromInvoices);
  }

  /**
   * The intervals in a window, in groups of one item and item type (uptime or build), in the
   * order given (groups not listed are left out), each group's in time order. One sequential scan
   * sorted by SQLite (bounded memory), instead of one indexed read per item, whose random access
   * into the table is several times slower.
   */
  *readGroups(groups: readonly IntervalGroup[], window: Window): Generator<IntervalGroup & { intervals: UsageInterval[] }> {
    const db = this.db;
    db.exec(
      'CREATE TEMP TABLE IF NOT EXISTS interval_group_order (item_id TEXT NOT NULL, item_type TEXT NOT NULL, rank INTEGER NOT NULL, PRIMARY KEY (item_id, item_type))',
    );
    db.exec('DELETE FROM temp.interval_group_order');
    const ins = db.prepare('INSERT OR IGNORE INTO temp.interval_group_order (item_id, item_type, rank) VALUES (?, ?, ?)');
    db.transaction(() => groups.forEach((g, rank) => ins.run(g.itemId, g.itemType, rank)))();
    const rows = db
      .prepare(
        `SELECT ${INTERVAL_COLUMNS} FROM usage_intervals u NOT INDEXED JOIN temp.interval_group_order o ON o.item_id = u.item_id AND o.item_type = u.item_type
         WHERE u.owner_id = @owner AND u.batch_id <= @upTo AND u.start_ms < @wend AND u.end_ms >= @wstart
         ORDER BY o.rank, u.start_ms, u.id`,
      )
      .raw()
      .iterate(this.params(window)) as IterableIterator<IntervalRow>;
    let current: IntervalGroup | null = null;
    let usage: UsageInterval[] = [];
    let fromInvoices: UsageInterval[] = [];
    const group = () => ({ ...current!, intervals: fromInvoices.length === 0 ? usage : [...usage, ...timeCountedOnce(fromInvoices)] });
    for (const r of rows) {
      if (current === null || r[4] !== current.itemId || r[3] !== current.itemType) {
        if (current !== null) yield group();
        current = { itemId: r[4], itemType: r[3] };
        usage = [];
        fromInvoices = [];
      }
      const x = this.interval(r);
      if (x !== null) (x.usage ? usage : fromInvoices).push(x.iv);
    }
    if (current !== null) yield group();
    db.exec('DELETE FROM temp.interval_group_order');
  }
}

interface FromInvoice {
  origin: string;
  invoice_id: number | null;
}

/** The owner's countable and task rows starting in the window (its intervals stream: IntervalReader). */
export function countablesAndTasks(db: Db, scope: UsageScope, window: Window): { countables: CountableUsage[]; tasks: ClassicUsage[] } {
  // An invoice's own row carries its invoice's period ('' for none known: then never rated).
  const fromInvoice = (r: FromInvoice): { invoicePeriod?: PeriodId } =>
    r.origin === 'usage' ? {} : { invoicePeriod: (r.invoice_id !== null ? scope.invoicePeriods.get(r.invoice_id) : undefined) ?? '' };
  const rowsOf = (table: 'usage_countables' | 'usage_classic') =>
    db
      .prepare(
        `SELECT u.*, b.file_name FROM ${table} u JOIN import_batches b ON b.id = u.batch_id
         WHERE u.owner_id = @owner AND u.batch_id <= @upTo AND u.start_ms >= @wstart AND u.start_ms < @wend ORDER BY u.start_ms, u.id`,
      )
      .iterate({ owner: scope.ownerId, upTo: scope.upToBatch, wstart: window.start, wend: window.end });

  const countables: CountableUsage[] = [];
  for (const r of rowsOf('usage_countables') as IterableIterator<
    SourceCols &
      FromInvoice & {
        id: number;
        owner_id: string;
        service: string;
        plan_id: string;
        quantity: string;
        unit: string;
        zone_id: string;
        start_ms: number;
        end_ms: number | null;
      }
  >) {
    // A countable line is a service × plan; the CSV's item id (e.g. a bucket) stays in the source row.
    countables.push({
      id: r.id,
      ownerId: r.owner_id,
      service: r.service,
      itemId: r.service,
      itemName: r.service,
      planId: r.plan_id,
      quantity: r.quantity,
      unit: r.unit,
      zoneId: r.zone_id,
      start: r.start_ms,
      end: r.end_ms,
      source: sourceRef(r),
      ...fromInvoice(r),
    });
  }

  const tasks: ClassicUsage[] = [];
  for (const r of rowsOf('usage_classic') as IterableIterator<
    SourceCols &
      FromInvoice & {
        id: number;
        owner_id: string;
        item_id: string;
        description: string;
        unit_price: string;
        quantity: string;
        price_factor: string;
        discount: string;
        currency: string;
        start_ms: number;
      }
  >) {
    tasks.push({
      id: r.id,
      ownerId: r.owner_id,
      itemId: r.item_id,
      description: r.description,
      unitPrice: r.unit_price,
      quantity: r.quantity,
      priceFactor: r.price_factor,
      discount: r.discount,
      currency: r.currency,
      start: r.start_ms,
      source: sourceRef(r),
      ...fromInvoice(r),
    });
  }
  return { countables, tasks };
}
