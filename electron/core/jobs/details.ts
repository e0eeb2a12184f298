// Interval details of a stored run's lines, rated again by the same rating module from what that
// run saw: its time zone, granularity and currency, and the catalogs and usage of the batches it
// read. Settings changed or files imported since cannot make the details disagree with the lines.
import { rateLines } from '../../../shared/rating';
import type { CoverageFacts } from '../../../shared/rating';
import type { Catalog, RatedDetail, UsageInterval } from '../../../shared/types';
import { loadCatalogs } from '../store/catalogs/read';
import type { Db } from '../store/open';
import type { StoredRun } from '../store/runs';
import { type IntervalGroup, IntervalReader, type Window, usageScope } from '../store/usage/read';

/** One item at a time (bounded memory): one item's (`detailsOf`), or every line's in line order (`detailsInOrder`). */
export class DetailRater {
  private readonly catalogs: Catalog[];
  private readonly reader: IntervalReader;
  private readonly coverage: CoverageFacts;
  private readonly bounds: Window;

  constructor(
    db: Db,
    private readonly run: StoredRun,
  ) {
    const { ownerId, timeZone, inputsVersion, period } = run.invoice;
    this.catalogs = loadCatalogs(db, inputsVersion);
    const { scope, coverage } = usageScope(db, ownerId, timeZone, inputsVersion, period, period);
    this.reader = new IntervalReader(db, scope);
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
