// Countable lines, one per service × plan. A service's quantity in the period is priced by the
// catalog's progressive plans (each plan's price on the part of the quantity that falls in it),
// after rounding up to whole batches when the quantity is insecable; a service priced per time
// interval is priced span by span (the rows measured over the same span added together), each
// scaled by its duration over the interval. The rule and worked examples: docs/rating.md.
import { countIntervals, type IsoDuration, parseIsoDuration } from '../duration';
import { formatInstant } from '../time';
import { type CatalogCountable, type CountableUsage, type Dec, type RatedLine, SECABILITIES } from '../types';
import { resolveCountable } from './catalog';
import type { RatingContext } from './context';
import { lineKey } from './context';
import { D, type DecimalValue, decString, displayDec, exactString, moneyString } from '../money';
import { describeSource, invalidInput, parseDec, RatingError } from './errors';
import { type CountableSpanExplain, explainCountable } from './explain';

interface Row {
  usage: CountableUsage;
  quantity: DecimalValue;
}

interface CountableGroup {
  itemId: string;
  service: string;
  itemName: string;
  unit: string;
  rows: Row[];
  earliest: CountableUsage;
}

/** One plan's slice of the quantity scale: (from, to], `to` null = everything above `from`. */
interface Tier {
  planId: string;
  from: DecimalValue;
  to: DecimalValue | null;
  price: DecimalValue;
  unitPrice: Dec;
}

/** A catalog countable, checked and parsed once per line group. */
interface Pricing {
  batch: DecimalValue;
  insecable: boolean;
  interval: IsoDuration | null;
  tiers: Tier[];
}

/** Usage rows priced together: all of the period's (no time interval), or those of one span. */
interface Span {
  start: number;
  end: number | null;
  rows: Row[];
}

/** Lines of countable usage records already selected for the period (owner filtered). */
export function rateCountableLines(ctx: RatingContext, usages: readonly CountableUsage[]): RatedLine[] {
  const groups = new Map<string, CountableGroup>();
  for (const u of usages) {
    if (!Number.isSafeInteger(u.start)) throw invalidInput(`Countable ${u.id} has an invalid start instant`, u.source);
    const quantity = parseDec(u.quantity, `Quantity of countable ${u.service}`, u.source);
    if (quantity.isNeg()) throw invalidInput(`The quantity of countable ${u.service} is negative (${decString(quantity)})`, u.source);
    const key = `${u.itemId}\u0000${u.service}`;
    const g = groups.get(key);
    if (g === undefined) {
      groups.set(key, { itemId: u.itemId, service: u.service, itemName: u.itemName, unit: u.unit, rows: [{ usage: u, quantity }], earliest: u });
    } else {
      g.rows.push({ usage: u, quantity });
      if (g.itemName === '' && u.itemName !== '') g.itemName = u.itemName;
      if (g.unit === '' && u.unit !== '') g.unit = u.unit;
      if (u.start < g.earliest.start || (u.start === g.earliest.start && u.id < g.earliest.id)) g.earliest = u;
    }
  }
  const lines: RatedLine[] = [];
  for (const g of groups.values()) lines.push(...groupLines(ctx, g));
  return lines;
}

function secability(value: string, field: string, what: string): boolean {
  if (!(SECABILITIES as readonly string[]).includes(value)) throw invalidInput(`The ${field} of ${what} is "${value}", expected secable or insecable`);
  return value === 'insecable';
}

/** Plans sorted by max quantity, unbounded last (stable otherwise), as consecutive tiers. */
function pricingOf(countable: CatalogCountable, what: string): Pricing {
  const batch = parseDec(countable.quantityForPrice, `quantity for price of ${what}`);
  if (!batch.gt(0)) throw invalidInput(`The quantity for price of ${what} must be positive`);
  if (countable.plans.length === 0) throw invalidInput(`The ${what} has no price plans`);
  let interval: Pricing['interval'] = null;
  if (countable.interval !== null) {
    secability(countable.interval.secability, 'time interval secability', what);
    interval = parseIsoDuration(countable.interval.duration);
    if (interval === null) throw invalidInput(`The time interval of ${what} is "${countable.interval.duration}", not a positive ISO-8601 duration`);
  }
  const sorted = countable.plans
    .map((plan, i) => ({
      plan,
      i,
      max: plan.maxQuantity === null ? null : parseDec(plan.maxQuantity, `max_quantity of plan ${plan.planId} of ${what}`),
      price: parseDec(plan.price, `price of plan ${plan.planId} of ${what}`),
    }))
    .sort((a, b) => {
      if (a.max === null || b.max === null) return (a.max === null ? 1 : 0) - (b.max === null ? 1 : 0) || a.i - b.i;
      return a.max.comparedTo(b.max) || a.i - b.i;
    });
  const tiers: Tier[] = [];
  let from = new D(0);
  for (let i = 0; i < sorted.length; i++) {
    const { plan, max, price } = sorted[i]!;
    const unitPrice = displayDec(plan.price, price);
    // The last plan takes whatever is above the previous bound, even beyond its own max.
    if (max === null || i === sorted.length - 1) {
      tiers.push({ planId: plan.planId, from, to: null, price, unitPrice });
      break;
    }
    tiers.push({ planId: plan.planId, from, to: max, price, unitPrice });
    if (max.gt(from)) from = max;
  }
  return { batch, insecable: secability(countable.secability, 'secability', what), interval, tiers };
}

/** The spans of a group: one for the whole period, or one per measured [start, end). */
function spansOf(g: CountableGroup, p: Pricing, what: string): Span[] {
  if (p.interval === null) return [{ start: g.earliest.start, end: null, rows: g.rows }];
  const spans = new Map<string, Span>();
  for (const r of g.rows) {
    const { start, end } = r.usage;
    if (end === null)
      throw invalidInput(
        `Countable ${r.usage.id} of ${g.service} has no end: ${what} is priced per ${p.interval.text}, so the span its quantity was measured over is needed (a usage CSV's consumption_end; invoice countables imported before their duration was kept have none)`,
        r.usage.source,
      );
    if (!Number.isSafeInteger(end) || end < start) throw invalidInput(`Countable ${r.usage.id} of ${g.service} has an invalid end instant`, r.usage.source);
    const key = `${start}|${end}`;
    const s = spans.get(key);
    if (s === undefined) spans.set(key, { start, end, rows: [r] });
    else s.rows.push(r);
  }
  return [...spans.values()].sort((a, b) => a.start - b.start || a.end! - b.end!);
}

/**
 * How many price intervals a span holds, as an exact ratio num ÷ den: its duration over the
 * interval, prorated whatever the interval's secability (as Clever Cloud's console does: 720 h
 * is its month). A calendar interval (P1M) is stepped in the billing time zone.
 */
function intervalsOf(ctx: RatingContext, span: Span, d: IsoDuration): { num: DecimalValue; den: DecimalValue; formula: string } {
  const c = countIntervals(span.start, span.end!, d, ctx.timeZone);
  const secs = (ms: number): string => `${decString(new D(ms).div(1000))} s`;
  const num = new D(c.whole).times(c.nextMs).plus(c.partMs);
  const den = new D(c.nextMs);
  const ratio = exactString(num.div(den));
  const fixed = d.years + d.months + d.weeks + d.days === 0;
  const formula = fixed
    ? `${secs(span.end! - span.start)} ÷ ${secs(d.fixedMs)} (${d.text}) = ${ratio} intervals`
    : `${c.whole} × ${d.text}${c.partMs > 0 ? ` + ${secs(c.partMs)} ÷ ${secs(c.nextMs)}` : ''} = ${ratio} intervals`;
  return { num, den, formula };
}

interface TierTotal {
  quantity: DecimalValue;
  exact: DecimalValue;
  spans: CountableSpanExplain[];
}

function groupLines(ctx: RatingContext, g: CountableGroup): RatedLine[] {
  const cur = ctx.currency;
  const first = g.earliest;
  const found = resolveCountable(ctx.catalogs, g.service, first.start, first.zoneId);
  if (!found) {
    throw new RatingError(
      'missing_price_item',
      `Missing countable service "${g.service}" in every ${cur} catalog valid at ${formatInstant(first.start, 'UTC')}: countable ${first.id} of item "${g.itemId}", ${describeSource(first.source)}`,
      { source: first.source, priceId: g.service },
    );
  }
  const { countable, catalog } = found;
  const what = `countable service "${g.service}" of catalog ${catalog.id}`;
  const p = pricingOf(countable, what);
  // Quantities are in the catalog's data unit: a row counted in another unit (GB for B) would be
  // priced a billion times off, so it is refused rather than guessed.
  const unit = countable.dataUnit.trim();
  for (const { usage } of g.rows) {
    if (unit !== '' && usage.unit.trim() !== '' && usage.unit.trim().toLowerCase() !== unit.toLowerCase())
      throw invalidInput(`Countable ${usage.id} of ${g.service} is counted in "${usage.unit}" but ${what} is priced in "${unit}"`, usage.source);
  }

  const totals: (TierTotal | null)[] = p.tiers.map(() => null);
  for (const span of spansOf(g, p, what)) {
    const quantity = span.rows.reduce((s, r) => s.plus(r.quantity), new D(0));
    const billed = p.insecable ? quantity.div(p.batch).ceil().times(p.batch) : quantity;
    const n = p.interval === null ? null : intervalsOf(ctx, span, p.interval);
    p.tiers.forEach((t, i) => {
      const upper = t.to === null ? billed : D.min(billed, t.to);
      const inTier = upper.minus(t.from);
      if (!inTier.gt(0)) return;
      // One division per span and plan: t × price × intervals ÷ batch.
      const exact = n === null ? inTier.times(t.price).div(p.batch) : inTier.times(t.price).times(n.num).div(p.batch.times(n.den));
      const total = (totals[i] ??= { quantity: new D(0), exact: new D(0), spans: [] });
      total.quantity = total.quantity.plus(inTier);
      total.exact = total.exact.plus(exact);
      total.spans.push({
        span: span.end === null ? null : `${formatInstant(span.start, ctx.timeZone)} → ${formatInstant(span.end, ctx.timeZone)}`,
        records: span.rows.length,
        quantity: decString(quantity),
        billed: decString(billed),
        tierQuantity: decString(inTier),
        intervals: n === null ? null : { formula: n.formula, value: exactString(n.num.div(n.den)) },
        exact: exactString(exact),
      });
    });
  }

  const lines: RatedLine[] = [];
  p.tiers.forEach((t, i) => {
    const total = totals[i];
    if (!total) return;
    const exactStr = exactString(total.exact);
    const amount = moneyString(total.exact, cur);
    lines.push({
      key: lineKey(ctx.ownerId, 'countable', g.itemId, t.planId),
      lineNo: 0,
      ownerId: ctx.ownerId,
      kind: 'countable',
      itemId: g.itemId,
      itemName: g.itemName !== '' ? g.itemName : g.service,
      priceItem: t.planId,
      instances: 0,
      billableSeconds: 0,
      unitPrice: t.unitPrice,
      exactPerSecond: exactStr,
      exactLegacy: exactStr,
      amountPerSecond: amount,
      amountLegacy: amount,
      difference: moneyString(new D(0), cur),
      credit: moneyString(new D(0), cur),
      net: amount,
      explanation: explainCountable({
        currency: cur,
        service: g.service,
        unit: g.unit || countable.dataUnit,
        records: g.rows.length,
        totalQuantity: decString(g.rows.reduce((s, r) => s.plus(r.quantity), new D(0))),
        planId: t.planId,
        tierFrom: decString(t.from),
        tierTo: t.to === null ? null : decString(t.to),
        tierQuantity: decString(total.quantity),
        batch: decString(p.batch),
        insecable: p.insecable,
        interval: countable.interval === null ? null : `${p.interval!.text} (${countable.interval.secability})`,
        price: t.unitPrice,
        spans: total.spans,
        exact: exactStr,
        amount,
      }),
    });
  });
  return lines;
}
