// Rates one owner's period with the shared rating module and stores the result.
import { creditWalkStart, rateInvoice, rateLines } from '../../../shared/rating';
import type { PeriodId, RatedDetail, RatedInvoice, UsageInterval } from '../../../shared/types';
import { periodBounds } from '../../../shared/time';
import type { Settings } from '../../../shared/contract/api';
import { appendAudit } from '../store/audit';
import type { Db } from '../store/open';
import { inputsVersion } from '../store/batches';
import {
  type IntervalGroup,
  IntervalReader,
  loadCatalogs,
  loadCredits,
  ownerCountablesAndTasks,
  ownerIntervals,
  usageCoveredPeriods,
} from '../store/rating-inputs';

export interface InvoiceHeader {
  id: number;
  currency: string;
  vatPercent: string;
  invoiceNumber: string;
}

/** The provider invoices of an owner whose consumption period starts in `period`. */
export function invoicesFor(db: Db, ownerId: string, period: PeriodId, tz: string): InvoiceHeader[] {
  const { start, end } = periodBounds(period, tz);
  return db
    .prepare(
      `SELECT id, currency, vat_percent AS vatPercent, invoice_number AS invoiceNumber FROM invoices
       WHERE owner_id = ? AND period_start >= ? AND period_start < ? ORDER BY id`,
    )
    .all(ownerId, start, end) as InvoiceHeader[];
}

export function computeInvoice(db: Db, ownerId: string, period: PeriodId, settings: Settings): RatedInvoice {
  const invoices = invoicesFor(db, ownerId, period, settings.timeZone);
  const catalogs = loadCatalogs(db);
  const currency = invoices[0]?.currency ?? catalogs[0]?.currency ?? 'EUR';
  const credits = loadCredits(db, ownerId);
  // Only the months the credit walk rates (from the earliest grant to this period) are read.
  const { end } = periodBounds(period, settings.timeZone);
  const walkStart = creditWalkStart(
    credits.filter((c) => c.currency.toUpperCase() === currency.toUpperCase()),
    period,
    end,
    settings.timeZone,
  );
  const window = { start: periodBounds(walkStart, settings.timeZone).start, end };
  const covered = usageCoveredPeriods(db, ownerId, settings.timeZone);
  return rateInvoice({
    ownerId,
    period,
    timeZone: settings.timeZone,
    granularitySeconds: settings.granularitySeconds,
    currency,
    vatPercent: invoices[0]?.vatPercent ?? settings.defaultVatPercent,
    catalogs,
    intervals: ownerIntervals(db, ownerId, settings.timeZone, { window, covered }), // streamed, never held
    ...ownerCountablesAndTasks(db, ownerId, settings.timeZone, { window, covered }),
    credits,
  });
}

/**
 * Interval details of lines in a period, by the same rating module, one item at a time (bounded
 * memory): one item's (`detailsOf`, indexed), or every line's in line order (`detailsInOrder`).
 */
export class DetailRater {
  private readonly catalogs;
  private readonly reader: IntervalReader;
  private readonly currency: string;
  private readonly bounds;

  constructor(
    private readonly db: Db,
    private readonly ownerId: string,
    private readonly period: PeriodId,
    private readonly settings: Settings,
  ) {
    this.catalogs = loadCatalogs(db);
    this.reader = new IntervalReader(db, ownerId, settings.timeZone, usageCoveredPeriods(db, ownerId, settings.timeZone));
    this.currency =
      storedRun(db, ownerId, period)?.invoice.currency ??
      invoicesFor(db, ownerId, period, settings.timeZone)[0]?.currency ??
      this.catalogs[0]?.currency ??
      'EUR';
    this.bounds = periodBounds(period, settings.timeZone);
  }

  /** line key → details, for every time-sliced line of the item. */
  detailsOf(itemId: string): Map<string, RatedDetail[]> {
    return this.rateItem([...this.reader.read({ itemId, window: this.bounds })]);
  }

  /**
   * Details of the given lines, line by line in their order. The lines of one item and kind
   * class (builds, or the rest) are adjacent in line order, so their intervals are read in one
   * sorted pass, group after group; a line whose group came earlier (an item both application
   * and add-on, say) has its item read again.
   */
  *detailsInOrder(lines: readonly { key: string; itemId: string; kind: string }[]): Generator<{ line: number; details: RatedDetail[] }> {
    const groupOf = (l: { itemId: string; kind: string }): IntervalGroup => ({ itemId: l.itemId, itemType: l.kind === 'build' ? 'build' : 'uptime' });
    const same = (a: IntervalGroup, b: IntervalGroup) => a.itemId === b.itemId && a.itemType === b.itemType;
    const order: IntervalGroup[] = [];
    for (const l of lines) {
      const g = groupOf(l);
      if (order.length === 0 || !same(order[order.length - 1]!, g)) order.push(g);
    }
    const groups = this.reader.readGroups(order, this.bounds);
    const seen = new Set<string>();
    const id = (g: IntervalGroup) => `${g.itemType}|${g.itemId}`;
    let current = null as { group: IntervalGroup; perKey: Map<string, RatedDetail[]> } | null;
    // The pass holds a statement open on the connection: closed however this generator ends (an
    // export failing mid-way must not leave the connection busy).
    try {
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        const want = groupOf(line);
        if (current === null || !same(current.group, want)) {
          if (seen.has(id(want))) {
            current = { group: want, perKey: this.detailsOf(want.itemId) }; // rare: read that item again
          } else {
            current = null;
            // Groups come in the order of their first line; one without intervals in the period has none.
            for (let g = groups.next(); !g.done; g = groups.next()) {
              seen.add(id(g.value));
              if (same(g.value, want)) {
                current = { group: want, perKey: this.rateItem(g.value.intervals) };
                break;
              }
            }
            seen.add(id(want));
            current ??= { group: want, perKey: new Map() };
          }
        }
        yield { line: i, details: current.perKey.get(line.key) ?? [] };
      }
    } finally {
      groups.return(undefined);
    }
  }

  private rateItem(intervals: UsageInterval[]): Map<string, RatedDetail[]> {
    const lines = rateLines({
      ownerId: this.ownerId,
      period: this.period,
      timeZone: this.settings.timeZone,
      granularitySeconds: this.settings.granularitySeconds,
      currency: this.currency,
      catalogs: this.catalogs,
      intervals,
      countables: [],
      tasks: [],
      withDetails: true,
    });
    return new Map(lines.map((l) => [l.key, l.details ?? []]));
  }
}

export interface RateResult {
  runId: number;
  invoice: RatedInvoice;
}

/** Rates and stores (replacing the previous run of the same owner and period) in one transaction. */
export function ratePeriod(db: Db, ownerId: string, period: PeriodId, settings: Settings): RateResult {
  const invoice = computeInvoice(db, ownerId, period, settings);
  const { lines, ...totals } = invoice;
  const store = db.transaction(() => {
    db.prepare('DELETE FROM rating_runs WHERE owner_id = ? AND period = ?').run(ownerId, period);
    const runId = Number(
      db
        .prepare(
          `INSERT INTO rating_runs (owner_id, period, time_zone, granularity_seconds, currency, rated_at, invoice_json)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          ownerId,
          period,
          settings.timeZone,
          settings.granularitySeconds,
          invoice.currency,
          Date.now(),
          JSON.stringify({ ...totals, inputsVersion: inputsVersion(db) }),
        ).lastInsertRowid,
    );
    const ins = db.prepare(
      `INSERT INTO rated_lines (run_id, line_key, line_no, kind, item_id, item_name, price_item, instances, billable_seconds, unit_price,
         amount_per_second, amount_legacy, difference, credit, net, line_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const l of lines) {
      const { details: _details, ...rest } = l;
      ins.run(
        runId,
        l.key,
        l.lineNo,
        l.kind,
        l.itemId,
        l.itemName,
        l.priceItem,
        l.instances,
        l.billableSeconds,
        l.unitPrice,
        l.amountPerSecond,
        l.amountLegacy,
        l.difference,
        l.credit,
        l.net,
        JSON.stringify(rest),
      );
    }
    appendAudit(db, {
      actor: settings.actor,
      action: 'rate',
      subject: `${ownerId} ${period}`,
      detail: {
        lines: lines.length,
        subtotalPerSecond: invoice.subtotalPerSecond,
        subtotalLegacy: invoice.subtotalLegacy,
        creditsApplied: invoice.creditsApplied,
        total: invoice.total,
        timeZone: settings.timeZone,
        granularitySeconds: settings.granularitySeconds,
      },
    });
    return runId;
  });
  return { runId: store(), invoice };
}

export interface StoredRun {
  runId: number;
  ratedAt: number;
  invoice: Omit<RatedInvoice, 'lines'> & { inputsVersion: number };
}

export function storedRun(db: Db, ownerId: string, period: PeriodId): StoredRun | undefined {
  const r = db.prepare('SELECT id, rated_at, invoice_json FROM rating_runs WHERE owner_id = ? AND period = ?').get(ownerId, period) as
    { id: number; rated_at: number; invoice_json: string } | undefined;
  return r && { runId: r.id, ratedAt: r.rated_at, invoice: JSON.parse(r.invoice_json) };
}
