// Countable lines: quantities summed per (item, service) over the period, priced by the
// catalog's graduated tiers; one line per tier that received a quantity.
import type { CatalogPlan, CountableUsage, Dec, RatedLine } from '../types';
import { formatInstant } from '../time';
import { resolveCountable } from './catalog';
import type { RatingContext } from './context';
import { lineKey } from './context';
import { D, type DecimalValue, decString, displayDec, exactString, moneyString } from '../money';
import { describeSource, invalidInput, parseDec, RatingError } from './errors';
import { explainCountable } from './explain';

interface CountableGroup {
  itemId: string;
  service: string;
  itemName: string;
  unit: string;
  total: DecimalValue;
  records: number;
  earliest: CountableUsage;
}

/** Lines of countable usage records already selected for the period (owner filtered). */
export function rateCountableLines(ctx: RatingContext, usages: readonly CountableUsage[]): RatedLine[] {
  const groups = new Map<string, CountableGroup>();
  for (const u of usages) {
    if (!Number.isSafeInteger(u.start)) throw invalidInput(`Countable ${u.id} has an invalid start instant`, u.source);
    const qty = parseDec(u.quantity, `Quantity of countable ${u.service}`, u.source);
    const key = `${u.itemId}\u0000${u.service}`;
    const g = groups.get(key);
    if (g === undefined) {
      groups.set(key, { itemId: u.itemId, service: u.service, itemName: u.itemName, unit: u.unit, total: qty, records: 1, earliest: u });
    } else {
      g.total = g.total.plus(qty);
      g.records++;
      if (g.itemName === '' && u.itemName !== '') g.itemName = u.itemName;
      if (g.unit === '' && u.unit !== '') g.unit = u.unit;
      if (u.start < g.earliest.start || (u.start === g.earliest.start && u.id < g.earliest.id)) g.earliest = u;
    }
  }
  const lines: RatedLine[] = [];
  for (const g of groups.values()) lines.push(...tierLines(ctx, g));
  return lines;
}

/** Plans sorted by maxQuantity ascending, unbounded (null) last; stable otherwise. */
function sortedPlans(plans: readonly CatalogPlan[], service: string): { plan: CatalogPlan; max: DecimalValue | null; price: DecimalValue }[] {
  return plans
    .map((plan, i) => ({
      plan,
      i,
      max: plan.maxQuantity === null ? null : parseDec(plan.maxQuantity, `max_quantity of plan ${plan.planId} of ${service}`),
      price: parseDec(plan.price, `price of plan ${plan.planId} of ${service}`),
    }))
    .sort((a, b) => {
      if (a.max === null || b.max === null) return (a.max === null ? 1 : 0) - (b.max === null ? 1 : 0) || a.i - b.i;
      return a.max.comparedTo(b.max) || a.i - b.i;
    });
}

function tierLines(ctx: RatingContext, g: CountableGroup): RatedLine[] {
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
  const qfp = parseDec(countable.quantityForPrice, `quantity for price of ${what}`);
  if (!qfp.gt(0)) throw invalidInput(`The quantity for price of ${what} must be positive`);
  if (countable.plans.length === 0) throw invalidInput(`The ${what} has no price plans`);
  if (g.total.isNeg()) throw invalidInput(`The total quantity of ${g.service} for item "${g.itemId}" is negative (${decString(g.total)})`, first.source);
  if (g.total.isZero()) return [];

  const plans = sortedPlans(countable.plans, g.service);
  const lines: RatedLine[] = [];
  let from = new D(0);
  for (let i = 0; i < plans.length && from.lt(g.total); i++) {
    const { plan, max, price } = plans[i]!;
    const last = i === plans.length - 1;
    // The last tier takes whatever is above the previous bound, even beyond its own max.
    const upper = last || max === null ? g.total : D.min(g.total, max);
    const tierQty = upper.minus(from);
    if (tierQty.gt(0)) {
      const exact = tierQty.times(price).div(qfp);
      const exactStr = exactString(exact);
      const amount = moneyString(exact, cur);
      const unitPrice: Dec = displayDec(plan.price, price);
      lines.push({
        key: lineKey(ctx.ownerId, 'countable', g.itemId, plan.planId),
        lineNo: 0,
        ownerId: ctx.ownerId,
        kind: 'countable',
        itemId: g.itemId,
        itemName: g.itemName !== '' ? g.itemName : g.service,
        priceItem: plan.planId,
        instances: 0,
        billableSeconds: 0,
        unitPrice,
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
          records: g.records,
          totalQuantity: decString(g.total),
          planId: plan.planId,
          tierFrom: decString(from),
          tierTo: last || max === null ? null : decString(max),
          tierQuantity: decString(tierQty),
          quantityForPrice: decString(qfp),
          price: unitPrice,
          exact: exactStr,
          amount,
        }),
      });
    }
    if (last || max === null) break;
    if (max.gt(from)) from = max;
  }
  return lines;
}
