// Loads one owner's rating inputs from the workspace. Usage CSV rows win over an invoice's
// own intervals for any period they cover (SPEC 2.1): the two are compared, never added.
import type {
  Catalog,
  CatalogCountable,
  CatalogRuntime,
  ClassicUsage,
  CountableUsage,
  CreditGrant,
  LineKind,
  PeriodId,
  Secability,
  UsageInterval,
} from '../../../shared/types';
import { periodBounds, periodOf } from '../../../shared/time';
import type { Db } from './open';

interface SourceCols {
  batch_id: number;
  source_row: string;
  file_name: string;
}
const src = (r: SourceCols) => ({ batchId: r.batch_id, file: r.file_name, row: r.source_row });

export function loadCatalogs(db: Db): Catalog[] {
  const cats = db.prepare('SELECT id, zone_id, currency, start_date, end_date FROM catalogs ORDER BY id').all() as {
    id: number;
    zone_id: string;
    currency: string;
    start_date: number | null;
    end_date: number | null;
  }[];
  const runtime = db.prepare('SELECT runtime_policy_id, source, flavor, price_per_hour, slug_id FROM catalog_runtime WHERE catalog_id = ?');
  const countable = db.prepare(
    'SELECT service, data_unit, secability, quantity_for_price, interval, interval_secability, plans_json FROM catalog_countable WHERE catalog_id = ?',
  );
  return cats.map((c) => ({
    id: c.id,
    zoneId: c.zone_id,
    currency: c.currency,
    startDate: c.start_date,
    endDate: c.end_date,
    runtime: (runtime.all(c.id) as { runtime_policy_id: string; source: string; flavor: string; price_per_hour: string; slug_id: string | null }[]).map(
      (r): CatalogRuntime => ({ runtimePolicyId: r.runtime_policy_id, source: r.source, flavor: r.flavor, pricePerHour: r.price_per_hour, slugId: r.slug_id }),
    ),
    countable: (
      countable.all(c.id) as {
        service: string;
        data_unit: string;
        secability: string;
        quantity_for_price: string;
        interval: string | null;
        interval_secability: string | null;
        plans_json: string;
      }[]
    ).map((r): CatalogCountable => ({
      service: r.service,
      dataUnit: r.data_unit,
      // Checked by the importer; the rating refuses anything else (e.g. a catalog imported before the column existed).
      secability: r.secability as Secability,
      quantityForPrice: r.quantity_for_price,
      interval: r.interval === null ? null : { duration: r.interval, secability: (r.interval_secability ?? '') as Secability },
      plans: JSON.parse(r.plans_json),
    })),
  }));
}

export function loadCredits(db: Db, ownerId: string): CreditGrant[] {
  const rows = db
    .prepare(`SELECT c.*, b.file_name FROM credits c JOIN import_batches b ON b.id = c.batch_id WHERE c.owner_id = ? ORDER BY c.credit_id`)
    .all(ownerId) as (SourceCols & {
    credit_id: string;
    owner_id: string;
    kind: 'prepaid' | 'free';
    amount: string;
    currency: string;
    granted_at: number;
    valid_from: number;
    expires_at: number | null;
    scope: string;
    description: string;
  })[];
  return rows.map((r) => ({
    creditId: r.credit_id,
    ownerId: r.owner_id,
    kind: r.kind,
    amount: r.amount,
    currency: r.currency,
    grantedAt: r.granted_at,
    validFrom: r.valid_from,
    expiresAt: r.expires_at,
    scope: r.scope === 'all' ? 'all' : (r.scope.split('|') as LineKind[]),
    description: r.description,
    source: src(r),
  }));
}

/** One owner's countable and task rows (its intervals are streamed: IntervalReader). */
export interface OwnerRows {
  countables: CountableUsage[];
  tasks: ClassicUsage[];
}

/**
 * Periods (in `tz`) that usage-CSV rows of this owner touch. For those periods the invoice's
 * own intervals are not rated.
 */
export function usageCoveredPeriods(db: Db, ownerId: string, tz: string): Set<PeriodId> {
  const covered = new Set<PeriodId>();
  // Per kind of row, from its earliest start to its latest end (usage_spans, kept by the importer).
  const spans = db.prepare(`SELECT min(start_ms) AS s, max(end_ms) AS e FROM usage_spans WHERE owner_id = ? GROUP BY kind`).all(ownerId) as {
    s: number | null;
    e: number | null;
  }[];
  for (const { s, e } of spans) {
    if (s === null || e === null) continue;
    for (let p = periodOf(s, tz); ;) {
      covered.add(p);
      const { end } = periodBounds(p, tz);
      if (end >= e) break;
      p = periodOf(end, tz);
    }
  }
  return covered;
}

export interface LoadOptions {
  /** Only this item (a line detail, a workbook's details). */
  itemId?: string;
  /** Only rows that can fall in [start, end): intervals overlapping it, others starting in it. */
  window?: { start: number; end: number };
  /** Periods covered by usage CSVs, when the caller already knows them. */
  covered?: Set<PeriodId>;
}

/** Batch id → file name, and invoice id → period start: small maps instead of a join per row. */
function lookups(db: Db) {
  const files = new Map((db.prepare('SELECT id, file_name FROM import_batches').raw().all() as [number, string][]).map(([id, f]) => [id, f]));
  const invoiceStarts = new Map((db.prepare('SELECT id, period_start FROM invoices').raw().all() as [number, number][]).map(([id, s]) => [id, s]));
  return { files, invoiceStarts };
}

/** The columns of an IntervalRow, in its order. */
const INTERVAL_COLUMNS = `u.id, u.origin, u.invoice_id, u.item_type, u.item_id, u.item_name, u.instance_id, u.price_id, u.flavor_name, u.source_hint,
  u.zone_id, u.start_ms, u.end_ms, u.batch_id, u.source_row`;

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
  private readonly invoiceStarts: Map<number, number>;
  private readonly stmts = new Map<string, ReturnType<Db['prepare']>>();
  private readonly invoiceKept = new Map<number, boolean>();

  constructor(
    private readonly db: Db,
    private readonly ownerId: string,
    private readonly tz: string,
    private readonly covered: Set<PeriodId>,
  ) {
    ({ files: this.files, invoiceStarts: this.invoiceStarts } = lookups(db));
  }

  private statement(opts: LoadOptions) {
    // One item: its index gives time order. A whole owner: table order (a sequential scan); the
    // rating module does not depend on the order of its input.
    const sql = `SELECT ${INTERVAL_COLUMNS} FROM usage_intervals u WHERE u.owner_id = @owner ${opts.itemId !== undefined ? 'AND u.item_id = @item' : ''}
       ${opts.window ? 'AND u.start_ms < @wend AND u.end_ms >= @wstart' : ''} ${opts.itemId !== undefined ? 'ORDER BY u.start_ms, u.id' : ''}`;
    let st = this.stmts.get(sql);
    if (st === undefined) this.stmts.set(sql, (st = this.db.prepare(sql).raw()));
    return st;
  }

  /** Whether an invoice's own details are rated: not when usage CSV rows cover its period. */
  private keepInvoice(invoiceId: number | null): boolean {
    if (invoiceId === null) return true;
    let keep = this.invoiceKept.get(invoiceId);
    if (keep === undefined) {
      const start = this.invoiceStarts.get(invoiceId);
      keep = start === undefined || !this.covered.has(periodOf(start, this.tz));
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
      ownerId: this.ownerId,
      itemType,
      itemId,
      itemName,
      instanceId,
      priceId,
      // A usage row that names its price item must find exactly that one: the flavor fallback is
      // for invoice details and rows without a price_id (SPEC 2.1), never a silent substitute.
      flavorName: usage && priceId !== '' ? '' : flavorName,
      sourceHint,
      zoneId,
      start,
      end,
      source: { batchId, file: this.files.get(batchId) ?? '', row },
    };
    return { iv, usage };
  }

  *read(opts: Omit<LoadOptions, 'covered'> = {}): Generator<UsageInterval> {
    const params = { owner: this.ownerId, item: opts.itemId ?? null, wstart: opts.window?.start ?? 0, wend: opts.window?.end ?? 0 };
    const fromInvoices: UsageInterval[] = [];
    for (const r of this.statement(opts).iterate(params) as IterableIterator<IntervalRow>) {
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
  *readGroups(groups: readonly IntervalGroup[], window: { start: number; end: number }): Generator<IntervalGroup & { intervals: UsageInterval[] }> {
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
         WHERE u.owner_id = @owner AND u.start_ms < @wend AND u.end_ms >= @wstart
         ORDER BY o.rank, u.start_ms, u.id`,
      )
      .raw()
      .iterate({ owner: this.ownerId, wstart: window.start, wend: window.end }) as IterableIterator<IntervalRow>;
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

/** Intervals of one item and item type: they make the lines of one item and kind class. */
export interface IntervalGroup {
  itemId: string;
  itemType: UsageInterval['itemType'];
}

/** One owner's intervals, streamed (see IntervalReader). */
export function ownerIntervals(db: Db, ownerId: string, tz: string, opts: LoadOptions = {}): Generator<UsageInterval> {
  return new IntervalReader(db, ownerId, tz, opts.covered ?? usageCoveredPeriods(db, ownerId, tz)).read(opts);
}

/** One owner's countable and task rows (see ownerIntervals for the options). */
export function ownerCountablesAndTasks(db: Db, ownerId: string, tz: string, opts: LoadOptions = {}): OwnerRows {
  const covered = opts.covered ?? usageCoveredPeriods(db, ownerId, tz);
  const keep = (origin: string, invPeriodStart: number | null) => origin === 'usage' || invPeriodStart === null || !covered.has(periodOf(invPeriodStart, tz));
  const itemFilter = opts.itemId !== undefined ? 'AND u.item_id = @item' : '';
  const startFilter = opts.window ? 'AND u.start_ms >= @wstart AND u.start_ms < @wend' : '';
  const params = { owner: ownerId, item: opts.itemId ?? null, wstart: opts.window?.start ?? 0, wend: opts.window?.end ?? 0 };

  const countables: CountableUsage[] = [];
  for (const r of db
    .prepare(
      `SELECT u.*, b.file_name, i.period_start AS inv_period_start FROM usage_countables u JOIN import_batches b ON b.id = u.batch_id
       LEFT JOIN invoices i ON i.id = u.invoice_id WHERE u.owner_id = @owner ${opts.itemId !== undefined ? 'AND u.service = @item' : ''} ${startFilter} ORDER BY u.start_ms, u.id`,
    )
    .iterate(params) as IterableIterator<
    SourceCols & {
      id: number;
      origin: string;
      owner_id: string;
      service: string;
      item_id: string;
      item_name: string;
      plan_id: string;
      quantity: string;
      unit: string;
      zone_id: string;
      start_ms: number;
      end_ms: number | null;
      inv_period_start: number | null;
    }
  >) {
    if (!keep(r.origin, r.inv_period_start)) continue;
    // A countable line is a service × plan (SPEC 3); the CSV's item id (e.g. a bucket) stays in the source row.
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
      source: src(r),
    });
  }

  const tasks: ClassicUsage[] = [];
  for (const r of db
    .prepare(
      `SELECT u.*, b.file_name, i.period_start AS inv_period_start FROM usage_classic u JOIN import_batches b ON b.id = u.batch_id
       LEFT JOIN invoices i ON i.id = u.invoice_id WHERE u.owner_id = @owner ${itemFilter} ${startFilter} ORDER BY u.start_ms, u.id`,
    )
    .iterate(params) as IterableIterator<
    SourceCols & {
      id: number;
      origin: string;
      owner_id: string;
      item_id: string;
      description: string;
      unit_price: string;
      quantity: string;
      price_factor: string;
      discount: string;
      currency: string;
      start_ms: number;
      inv_period_start: number | null;
    }
  >) {
    if (!keep(r.origin, r.inv_period_start)) continue;
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
      source: src(r),
    });
  }
  return { countables, tasks };
}

/**
 * An invoice's own details, with time its details list twice counted once: a duplicated detail
 * is dropped and an overlapping one starts where the previous one of its instance ended. The
 * importer warns about such details (the provider billed that time twice); rating them as listed
 * would make the doubled charge reconcile as a match. Usage-CSV rows never overlap (refused at
 * import), so only invoice details go through here.
 */
export function timeCountedOnce(list: UsageInterval[]): UsageInterval[] {
  const sorted = [...list].sort((a, b) => cmp(a.itemId, b.itemId) || cmp(a.instanceId, b.instanceId) || a.start - b.start || a.end - b.end || a.id - b.id);
  const out: UsageInterval[] = [];
  let prev: UsageInterval | null = null;
  let reach = -Infinity; // latest end so far of the current (item, instance)
  for (const u of sorted) {
    if (prev === null || prev.itemId !== u.itemId || prev.instanceId !== u.instanceId) reach = -Infinity;
    prev = u;
    if (u.start === u.end) {
      out.push(u); // no time to count twice
      continue;
    }
    if (u.end <= reach) continue; // wholly counted already
    out.push(u.start < reach ? { ...u, start: reach } : u);
    reach = Math.max(reach, u.end);
  }
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Owners and the periods their data touches, in the workspace time zone. */
export function listOwnerPeriods(db: Db, tz: string): { ownerId: string; period: PeriodId; hasUsage: boolean; hasInvoice: boolean }[] {
  const out = new Map<string, { ownerId: string; period: PeriodId; hasUsage: boolean; hasInvoice: boolean }>();
  const add = (ownerId: string, period: PeriodId, usage: boolean, invoice: boolean) => {
    const k = `${ownerId}|${period}`;
    const cur = out.get(k) ?? { ownerId, period, hasUsage: false, hasInvoice: false };
    cur.hasUsage ||= usage;
    cur.hasInvoice ||= invoice;
    out.set(k, cur);
  };
  const spans = db.prepare(`SELECT owner_id, min(start_ms) AS s, max(end_ms) AS e FROM usage_spans GROUP BY owner_id, kind`).all() as {
    owner_id: string;
    s: number;
    e: number;
  }[];
  for (const { owner_id, s, e } of spans) {
    for (let p = periodOf(s, tz); ;) {
      add(owner_id, p, true, false);
      const { end } = periodBounds(p, tz);
      if (end >= e) break;
      p = periodOf(end, tz);
    }
  }
  for (const r of db.prepare('SELECT DISTINCT owner_id, period_start FROM invoices').all() as { owner_id: string; period_start: number }[]) {
    add(r.owner_id, periodOf(r.period_start, tz), false, true);
  }
  return [...out.values()].sort((a, b) => a.ownerId.localeCompare(b.ownerId) || a.period.localeCompare(b.period));
}
