// Which interval is wrong: one line's recomputed intervals paired with the invoice details
// (`uptimes[].details[]`) that billed them, each pair with its own difference and status, plus
// what only one side has. Rules: docs/rating.md, "Reconciliation", "Per interval".
import { compareInstants, type SubMs } from '../instant';
import { compareCodeUnits } from '../kinds';
import { D, exactMoneyString } from '../money';
import type { Catalog, Dec, EpochMs, LineStatus, RatedDetail, SourceRef } from '../types';
import { type BilledRow, billedLineKey } from './billed-items';
import { statusOf, unexplainedStatus, type Tolerance } from './status';

/** One invoice detail: what the provider billed for one instance interval. */
export interface BilledDetail {
  /** Its stored row. When the invoice's own details are what was rated, the recomputed interval of the same id is this detail. */
  intervalId: number;
  instanceId: string;
  start: EpochMs;
  startSub: SubMs;
  end: EpochMs;
  endSub: SubMs;
  /** Exact as the invoice gives it. */
  amount: Dec;
  source: SourceRef;
}

/** A stored detail with what resolves it to a line, as its billed line's row does. */
export interface BilledDetailInput extends BilledRow {
  detail: BilledDetail;
}

/** A recomputed interval (a part of one, for an interval cut at a period bound), as the line detail rates it. */
export type RecomputedInterval = Pick<
  RatedDetail,
  'intervalId' | 'instanceId' | 'start' | 'startSub' | 'end' | 'endSub' | 'cut' | 'billableSeconds' | 'exactAmount' | 'source'
>;

/** One row of the comparison: a pair, or a billed detail with no usage, or a recomputed interval nothing billed. */
export interface IntervalRow {
  instanceId: string;
  recomputed: RecomputedInterval | null;
  billed: BilledDetail | null;
  /** billed − recomputed exact amount (a missing side counts 0), exact. */
  difference: Dec;
  /** The line's rule applied to this interval alone. */
  status: LineStatus;
  /** status is not `match`. */
  differs: boolean;
}

export interface IntervalComparison {
  /** In time order (start, then instance). */
  rows: IntervalRow[];
  paired: number;
  /** Billed, no usage. */
  billedOnly: number;
  /** Usage, not billed. */
  usageOnly: number;
  differing: number;
}

/** The details of an owner's invoices by the key of the line they are billed under (each invoice in its own currency). */
export function billedDetailsByLine(
  catalogs: Catalog[],
  ownerId: string,
  invoices: Iterable<{ currency: string; details: Iterable<BilledDetailInput> }>,
): Map<string, BilledDetail[]> {
  const out = new Map<string, BilledDetail[]>();
  for (const inv of invoices) {
    for (const d of inv.details) {
      const { key } = billedLineKey(catalogs, ownerId, d, inv.currency);
      let list = out.get(key);
      if (list === undefined) out.set(key, (list = []));
      list.push(d.detail);
    }
  }
  return out;
}

/**
 * Pairs one line's recomputed intervals with its billed details: first a detail with the
 * interval rated from it (same stored row: the invoice is the usage rated), then by instance and
 * exact start instant (every fractional digit), in reading order when several share both. A
 * detail starting before the period is paired with the part of its interval cut at the period's
 * start, as the rating cuts the usage. Each row gets the status the line's rule (statusOf, the
 * same tolerance) gives its two amounts.
 */
export function compareIntervals(
  recomputed: readonly RecomputedInterval[],
  billed: readonly BilledDetail[],
  opts: { periodStart: EpochMs; tolerance: Tolerance; currency: string },
): IntervalComparison {
  const exact = (v: InstanceType<typeof D>) => exactMoneyString(v, opts.currency);
  const startKey = (instanceId: string, ms: EpochMs, sub: SubMs) => `${instanceId}\u0000${ms}\u0000${sub}`;
  const billedKey = (b: BilledDetail) =>
    b.start < opts.periodStart ? startKey(b.instanceId, opts.periodStart, '') : startKey(b.instanceId, b.start, b.startSub);

  const unpaired = new Set(billed);
  const byId = new Map(billed.map((b) => [b.intervalId, b]));
  const pairOf = new Map<RecomputedInterval, BilledDetail>();
  for (const r of recomputed) {
    const b = byId.get(r.intervalId);
    if (b !== undefined && unpaired.delete(b)) pairOf.set(r, b);
  }
  const byStart = new Map<string, BilledDetail[]>();
  for (const b of unpaired) {
    const k = billedKey(b);
    const q = byStart.get(k);
    if (q === undefined) byStart.set(k, [b]);
    else q.push(b);
  }
  for (const r of recomputed) {
    if (pairOf.has(r)) continue;
    const b = byStart.get(startKey(r.instanceId, r.start, r.startSub ?? ''))?.shift();
    if (b !== undefined) {
      unpaired.delete(b);
      pairOf.set(r, b);
    }
  }

  const rows: (IntervalRow & { at: { ms: EpochMs; sub: SubMs; id: number } })[] = [];
  for (const r of recomputed) {
    const b = pairOf.get(r) ?? null;
    const difference = new D(b?.amount ?? 0).minus(r.exactAmount);
    const status = statusOf(r.exactAmount, b?.amount ?? null, opts.tolerance);
    rows.push({ instanceId: r.instanceId, recomputed: r, billed: b, difference: exact(difference), status, differs: status !== 'match', at: at(r) });
  }
  for (const b of unpaired) {
    const status = unexplainedStatus(b.amount, opts.tolerance);
    const clipped = b.start < opts.periodStart ? { ...b, start: opts.periodStart, startSub: '' } : b;
    rows.push({
      instanceId: b.instanceId,
      recomputed: null,
      billed: b,
      difference: exact(new D(b.amount)),
      status,
      differs: status !== 'match',
      at: at(clipped),
    });
  }
  rows.sort(
    (x, y) =>
      compareInstants(x.at.ms, x.at.sub, y.at.ms, y.at.sub) ||
      compareCodeUnits(x.instanceId, y.instanceId) ||
      (x.recomputed === null ? 1 : 0) - (y.recomputed === null ? 1 : 0) ||
      x.at.id - y.at.id,
  );
  return {
    rows: rows.map(({ at: _at, ...row }) => row),
    paired: pairOf.size,
    billedOnly: unpaired.size,
    usageOnly: recomputed.length - pairOf.size,
    differing: rows.filter((r) => r.differs).length,
  };
}

function at(x: { start: EpochMs; startSub?: SubMs; intervalId: number }): { ms: EpochMs; sub: SubMs; id: number } {
  return { ms: x.start, sub: x.startSub ?? '', id: x.intervalId };
}
