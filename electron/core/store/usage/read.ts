// One owner's usage as the rating reads it: intervals (streamed), countables and tasks. Usage-CSV
// rows win over an invoice's own rows for any period they cover: the two are compared, never
// added. Only rows of batches up to a version are read, so a stored run's details read exactly
// the rows its rating read.
import { timeCountedOnce } from '../../../../shared/rating';
import { invoicePeriod } from '../../../../shared/invoices';
import type { ClassicUsage, CountableUsage, PeriodId, UsageInterval } from '../../../../shared/types';
import type { Db } from '../open';
import { type SourceCols, sourceRef } from '../source-ref';

/** Which of an owner's rows a rating reads. */
export interface UsageScope {
  ownerId: string;
  /** Billing time zone: which period an invoice's rows belong to. */
  timeZone: string;
  /** Rows of import batches up to this id (a run's inputsVersion). */
  upToBatch: number;
  /** Periods usage CSVs cover (usageCoveredPeriods): an invoice's own rows there are left out. */
  covered: Set<PeriodId>;
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
  u.zone_id, u.start_ms, u.end_ms, u.batch_id, u.source_row`;

/** A usage_intervals row as read (raw, in INTERVAL_COLUMNS order). */
type IntervalRow = [number, string, number | null, 'uptime' | 'build', string, string, string, string, string, string, string, number, number, number, string];

/**
 * Reads one owner's intervals, optionally restricted to one item and a time window, as they are
 * iterated (nothing is held: a month of millions streams into the rating). An invoice's own
 * details come last, with time they list twice counted once (timeCountedOnce), and only for
 * periods no usage CSV covers. One reader serves many reads (a workbook reads item by item):
 * its statements and lookups are made once.
 */
export class IntervalReader {
  private readonly files: Map<number, string>;
  private readonly invoiceSpans: Map<number, { start: number; end: number }>;
  private readonly stmts = new Map<string, ReturnType<Db['prepare']>>();
  private readonly invoiceKept = new Map<number, boolean>();

  constructor(
    private readonly db: Db,
    private readonly scope: UsageScope,
  ) {
    // Batch id → file name, invoice id → consumption span: small maps instead of a join per row.
    this.files = new Map(db.prepare('SELECT id, file_name FROM import_batches').raw().all() as [number, string][]);
    const spans = db.prepare('SELECT id, period_start, period_end FROM invoices').raw().all() as [number, number, number][];
    this.invoiceSpans = new Map(spans.map(([id, start, end]) => [id, { start, end }]));
  }

  private params(window?: Window, itemId?: string) {
    return { owner: this.scope.ownerId, upTo: this.scope.upToBatch, item: itemId ?? null, wstart: window?.start ?? 0, wend: window?.end ?? 0 };
  }

  private statement(itemId: string | undefined, window: Window | undefined) {
    // One item: its index gives time order. A whole owner: table order (a sequential scan); the
    // rating module does not depend on the order of its input.
    const sql = `SELECT ${INTERVAL_COLUMNS} FROM usage_intervals u WHERE u.owner_id = @owner AND u.batch_id <= @upTo
       ${itemId !== undefined ? 'AND u.item_id = @item' : ''} ${window ? 'AND u.start_ms < @wend AND u.end_ms >= @wstart' : ''}
       ${itemId !== undefined ? 'ORDER BY u.start_ms, u.id' : ''}`;
    let st = this.stmts.get(sql);
    if (st === undefined) this.stmts.set(sql, (st = this.db.prepare(sql).raw()));
    return st;
  }

  /** Whether an invoice's own details are rated: not when usage CSV rows cover its period. */
  private keepInvoice(invoiceId: number | null): boolean {
    if (invoiceId === null) return true;
    let keep = this.invoiceKept.get(invoiceId);
    if (keep === undefined) {
      const span = this.invoiceSpans.get(invoiceId);
      keep = span === undefined || !this.scope.covered.has(invoicePeriod(span, this.scope.timeZone));
      this.invoiceKept.set(invoiceId, keep);
    }
    return keep;
  }

  /** A stored row as a rating input; null for an invoice's detail that usage CSV rows replace. */
  private interval(r: IntervalRow): { iv: UsageInterval; usage: boolean } | null {
    const [id, origin, invoiceId, itemType, itemId, itemName, instanceId, priceId, flavorName, sourceHint, zoneId, start, end, batchId, row] = r;
    const usage = origin === 'usage';
    if (!usage && !this.keepInvoice(invoiceId)) return null; // usage CSV rows win
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
      source: { batchId, file: this.files.get(batchId) ?? '', row },
    };
    return { iv, usage };
  }

  /** The owner's intervals (or one item's) overlapping the window (or any time). */
  *read(opts: { itemId?: string; window?: Window } = {}): Generator<UsageInterval> {
    const fromInvoices: UsageInterval[] = [];
    for (const r of this.statement(opts.itemId, opts.window).iterate(this.params(opts.window, opts.itemId)) as IterableIterator<IntervalRow>) {
      const x = this.interval(r);
      if (x === null) continue;
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

/** An invoice's own rows come with the invoice's consumption span. */
interface FromInvoice {
  origin: string;
  inv_start: number | null;
  inv_end: number | null;
}

/** The owner's countable and task rows starting in the window (its intervals stream: IntervalReader). */
export function countablesAndTasks(db: Db, scope: UsageScope, window: Window): { countables: CountableUsage[]; tasks: ClassicUsage[] } {
  const keep = (r: FromInvoice) =>
    r.origin === 'usage' ||
    r.inv_start === null ||
    r.inv_end === null ||
    !scope.covered.has(invoicePeriod({ start: r.inv_start, end: r.inv_end }, scope.timeZone));
  const rowsOf = (table: 'usage_countables' | 'usage_classic') =>
    db
      .prepare(
        `SELECT u.*, b.file_name, i.period_start AS inv_start, i.period_end AS inv_end FROM ${table} u JOIN import_batches b ON b.id = u.batch_id
         LEFT JOIN invoices i ON i.id = u.invoice_id
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
    if (!keep(r)) continue;
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
    if (!keep(r)) continue;
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
    });
  }
  return { countables, tasks };
}
