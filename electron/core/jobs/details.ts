// Interval details of a stored run's lines, rated again by the same rating module from what that
// run saw: its time zone, granularity and currency, and the catalogs and usage of the batches it
// read. Settings changed or files imported since cannot make the details disagree with the lines.
import { isRatedIn, rateLines, taskItemId } from '../../../shared/rating';
import type { CoverageFacts } from '../../../shared/rating';
import { billedDetailsByLine, compareIntervals, type IntervalComparison, type Tolerance } from '../../../shared/reconcile';
import type { Catalog, Dec, LineKind, PeriodId, RatedDetail, SourceRef, UsageInterval } from '../../../shared/types';
import { loadCatalogs } from '../store/catalogs/read';
import { invoiceDetailsOf, invoicesFor } from '../store/invoices/read';
import type { Db } from '../store/open';
import type { StoredRun } from '../store/runs';
import { countablesAndTasks, type IntervalGroup, IntervalReader, type UsageScope, type Window, usageScope } from '../store/usage/read';

/** A countable or task row a line was rated from: a usage-CSV row or one of the invoice's own. */
export interface SourceRow {
  source: SourceRef;
  start: number;
  quantity: Dec;
  unit: string;
  /** Countables: the row's plan; '' for tasks. */
  planId: string;
  /** Tasks: the description; '' for countables. */
  description: string;
  /** Tasks: the unit price; null for countables (priced by the catalog's tiers). */
  unitPrice: Dec | null;
}

/** One item at a time (bounded memory): one item's (`detailsOf`), or every line's in line order (`detailsInOrder`). */
export class DetailRater {
  private readonly catalogs: Catalog[];
  private readonly reader: IntervalReader;
  private readonly coverage: CoverageFacts;
  private readonly scope: UsageScope;
  private readonly bounds: Window;

  constructor(
    private readonly db: Db,
    private readonly run: StoredRun,
  ) {
    const { ownerId, timeZone, inputsVersion, period } = run.invoice;
    this.catalogs = loadCatalogs(db, inputsVersion);
    const { scope, coverage } = usageScope(db, ownerId, timeZone, inputsVersion, period, period);
    this.reader = new IntervalReader(db, scope);
    this.scope = scope;
    this.coverage = coverage;
    this.bounds = { start: run.invoice.periodStart, end: run.invoice.periodEnd };
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

  /** The rows a countable or task line was rated from, in time order (the rating's choice of rows: usage CSV or invoice). */
  sourceRowsOf(line: { kind: LineKind; itemId: string }): SourceRow[] {
    if (line.kind !== 'countable' && line.kind !== 'task') return [];
    const { countables, tasks } = countablesAndTasks(this.db, this.scope, this.bounds);
    const rated = (r: { invoicePeriod?: PeriodId }) => isRatedIn(this.run.invoice.period, this.coverage, r.invoicePeriod);
    if (line.kind === 'countable') {
      return countables
        .filter((c) => c.itemId === line.itemId && rated(c))
        .map((c) => ({ source: c.source, start: c.start, quantity: c.quantity, unit: c.unit, planId: c.planId, description: '', unitPrice: null }));
    }
    return tasks
      .filter((t) => taskItemId(t) === line.itemId && rated(t))
      .map((t) => ({ source: t.source, start: t.start, quantity: t.quantity, unit: '', planId: '', description: t.description, unitPrice: t.unitPrice }));
  }

  /**
   * The line's recomputed intervals beside the invoice details that billed them, or null when the
   * run's invoices list no detail for the line. Invoices of batches the run did not read are left
   * out; `tolerance` is the stored reconciliation's.
   */
  intervalComparison(line: { key: string; itemId: string }, recomputed: readonly RatedDetail[], tolerance: Tolerance): IntervalComparison | null {
    const { ownerId, period, timeZone, inputsVersion, currency, periodStart } = this.run.invoice;
    const invoices = invoicesFor(this.db, ownerId, period, timeZone)
      .filter((i) => i.batchId <= inputsVersion)
      .map((i) => ({ currency: i.currency, details: invoiceDetailsOf(this.db, i.id, ownerId, line.itemId) }));
    const billed = billedDetailsByLine(this.catalogs, ownerId, invoices).get(line.key);
    return billed ? compareIntervals(recomputed, billed, { periodStart, tolerance, currency }) : null;
  }

  private rateItem(intervals: UsageInterval[]): Map<string, RatedDetail[]> {
    const i = this.run.invoice;
    const lines = rateLines({
      ownerId: i.ownerId,
      period: i.period,
      timeZone: i.timeZone,
      granularitySeconds: i.granularitySeconds,
      currency: i.currency,
      catalogs: this.catalogs,
      intervals,
      countables: [],
      tasks: [],
      withDetails: true,
      coverage: this.coverage,
    });
    return new Map(lines.map((l) => [l.key, l.details ?? []]));
  }
}
