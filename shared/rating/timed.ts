// Time-sliced lines (applications, builds, add-ons) from usage intervals cut to one period.
// Per interval only integer work; Decimal arithmetic happens once per (line, price).
import type { Dec, EpochMs, LineKind, RatedDetail, RatedLine, UsageInterval } from '../types';
import type { ResolvedPrice } from './catalog';
import type { RatingContext } from './context';
import { lineKey } from './context';
import { compareInstants } from '../instant';
import { D, type DecimalValue, exactString, moneyString } from '../money';
import { explainTimed } from './explain';
import { type IntervalPart, billableSeconds, cutToPeriod, legacySlices } from './intervals';

interface PriceGroup {
  pricePerHour: Dec;
  price: DecimalValue;
  seconds: number;
  slices: number;
}

interface TimedAcc {
  kind: LineKind;
  itemId: string;
  itemName: string;
  priceItem: string;
  /** Distinct instances: their instanceKey when the read gives one (integers, small), else their id. */
  instances: Set<string | number>;
  parts: number;
  cutParts: number;
  seconds: number;
  slices: number;
  groups: Map<Dec, PriceGroup>;
  details: RatedDetail[] | null;
}

const HOUR = new D(3600);

function detailOf(iv: UsageInterval, r: ResolvedPrice, part: IntervalPart, seconds: number, slices: number, g: number): RatedDetail {
  return {
    intervalId: iv.id,
    instanceId: iv.instanceId,
    priceItem: r.priceItem,
    start: part.start,
    startSub: part.startSub,
    end: part.end,
    endSub: part.endSub,
    cut: part.cut,
    billableSeconds: seconds,
    pricePerHour: r.pricePerHour,
    exactAmount: r.hourly.of(seconds),
    legacySlices: slices,
    exactLegacyAmount: r.hourly.of(slices * g),
    source: iv.source,
  };
}

/**
 * Lines of one period [periodStart, periodEnd), fed one interval at a time (all of the context
 * owner's, already validated; any order, each at most once): each is cut to the period. Nothing
 * of an interval is kept but its integers (and, with details, its detail), so a month of
 * millions of intervals can stream through. Credit is 0 and net = per-second amount.
 */
export class TimedLines {
  /** item id → `${kind}|${priceItem}` → line accumulator. */
  private readonly accs = new Map<string, Map<string, TimedAcc>>();

  constructor(
    private readonly ctx: RatingContext,
    private readonly periodStart: EpochMs,
    private readonly periodEnd: EpochMs,
  ) {}

  add(iv: UsageInterval): void {
    const { ctx, periodStart, periodEnd } = this;
    const g = ctx.granularitySeconds;
    const part = cutToPeriod(iv.start, iv.end, periodStart, periodEnd, iv.startSub, iv.endSub);
    if (part === null) return; // no part in this period
    const seconds = billableSeconds(part.start, part.end, part.startSub, part.endSub);
    const slices = legacySlices(seconds, g);
    const r = ctx.resolver.resolve(iv);
    let byLine = this.accs.get(iv.itemId);
    if (byLine === undefined) this.accs.set(iv.itemId, (byLine = new Map()));
    let acc = byLine.get(r.lineKind);
    if (acc === undefined) {
      acc = {
        kind: r.kind,
        itemId: iv.itemId,
        itemName: iv.itemName,
        priceItem: r.priceItem,
        instances: new Set(),
        parts: 0,
        cutParts: 0,
        seconds: 0,
        slices: 0,
        groups: new Map(),
        details: ctx.withDetails ? [] : null,
      };
      byLine.set(r.lineKind, acc);
    } else if (acc.itemName === '' && iv.itemName !== '') {
      acc.itemName = iv.itemName;
    }
    acc.instances.add(iv.instanceKey ?? iv.instanceId);
    acc.parts++;
    if (part.cut) acc.cutParts++;
    acc.seconds += seconds;
    acc.slices += slices;
    let grp = acc.groups.get(r.priceKey);
    if (grp === undefined) {
      grp = { pricePerHour: r.pricePerHour, price: r.price, seconds: 0, slices: 0 };
      acc.groups.set(r.priceKey, grp);
    }
    grp.seconds += seconds;
    grp.slices += slices;
    if (acc.details) acc.details.push(detailOf(iv, r, part, seconds, slices, g));
  }

  finish(): RatedLine[] {
    const lines: RatedLine[] = [];
    for (const byLine of this.accs.values()) for (const acc of byLine.values()) lines.push(finishLine(this.ctx, acc));
    return lines;
  }
}

/** Lines of the intervals listed by `indices`, each cut to [periodStart, periodEnd) (see TimedLines). */
export function rateTimedLines(
  ctx: RatingContext,
  intervals: readonly UsageInterval[],
  indices: Iterable<number>,
  periodStart: EpochMs,
  periodEnd: EpochMs,
): RatedLine[] {
  const lines = new TimedLines(ctx, periodStart, periodEnd);
  for (const i of indices) lines.add(intervals[i]!);
  return lines.finish();
}

function finishLine(ctx: RatingContext, acc: TimedAcc): RatedLine {
  const cur = ctx.currency;
  const g = ctx.granularitySeconds;
  if (!Number.isSafeInteger(acc.seconds) || !Number.isSafeInteger(acc.slices * g)) {
    throw new RangeError(`Too many seconds on line ${acc.itemId}`);
  }
  const groups = [...acc.groups.values()].sort((a, b) => a.price.comparedTo(b.price));
  // Σ seconds × price per distinct price (exact), then one division, rounded right after.
  let secTimesPrice = new D(0);
  let legacyTimesPrice = new D(0);
  for (const grp of groups) {
    secTimesPrice = secTimesPrice.plus(grp.price.times(grp.seconds));
    legacyTimesPrice = legacyTimesPrice.plus(grp.price.times(grp.slices * g));
  }
  const exactPerSecond = secTimesPrice.div(HOUR);
  const exactLegacy = legacyTimesPrice.div(HOUR);
  const amountPerSecond = moneyString(exactPerSecond, cur);
  const amountLegacy = moneyString(exactLegacy, cur);
  const difference = moneyString(new D(amountLegacy).minus(amountPerSecond), cur);
  const exactPS = exactString(exactPerSecond);
  const exactLG = exactString(exactLegacy);
  const line: RatedLine = {
    key: lineKey(ctx.ownerId, acc.kind, acc.itemId, acc.priceItem),
    lineNo: 0,
    ownerId: ctx.ownerId,
    kind: acc.kind,
    itemId: acc.itemId,
    itemName: acc.itemName,
    priceItem: acc.priceItem,
    instances: acc.instances.size,
    billableSeconds: acc.seconds,
    unitPrice: groups.length === 1 ? groups[0]!.pricePerHour : null,
    exactPerSecond: exactPS,
    exactLegacy: exactLG,
    amountPerSecond,
    amountLegacy,
    difference,
    credit: moneyString(new D(0), cur),
    net: amountPerSecond,
    explanation: explainTimed({
      currency: cur,
      granularitySeconds: g,
      parts: acc.parts,
      cutParts: acc.cutParts,
      instances: acc.instances.size,
      seconds: acc.seconds,
      slices: acc.slices,
      groups: groups.map((x) => ({ pricePerHour: x.pricePerHour, seconds: x.seconds, slices: x.slices })),
      exactPerSecond: exactPS,
      amountPerSecond,
      exactLegacy: exactLG,
      amountLegacy,
      difference,
    }),
  };
  if (acc.details) {
    line.details = acc.details.sort((a, b) => compareInstants(a.start, a.startSub ?? '', b.start, b.startSub ?? '') || a.intervalId - b.intervalId);
  }
  return line;
}
