// Step-by-step explanations of rated lines: each step says what was computed, from what, and the
// result, so a user can redo the number by hand.
import type { Dec, ExplainStep } from '../types';
import { minorUnits } from '../money';

const step = (label: string, formula: string, value: string | number): ExplainStep => ({ label, formula, value: String(value) });

export function roundingLabel(currency: string): string {
  const n = minorUnits(currency);
  return `Rounded (half up, ${n} decimal${n === 1 ? '' : 's'})`;
}

export interface TimedPriceGroup {
  pricePerHour: Dec;
  seconds: number;
  slices: number;
}

export interface TimedExplainData {
  currency: string;
  granularitySeconds: number;
  parts: number;
  cutParts: number;
  instances: number;
  seconds: number;
  slices: number;
  groups: TimedPriceGroup[];
  exactPerSecond: Dec;
  amountPerSecond: Dec;
  exactLegacy: Dec;
  amountLegacy: Dec;
  difference: Dec;
}

export function explainTimed(d: TimedExplainData): ExplainStep[] {
  const cur = d.currency;
  const g = d.granularitySeconds;
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  const steps: ExplainStep[] = [];
  steps.push(
    step(
      'Usage',
      `${plural(d.parts, 'interval part')} of ${plural(d.instances, 'instance')}` + (d.cutParts > 0 ? `, ${d.cutParts} cut at a period boundary` : ''),
      d.parts,
    ),
  );
  steps.push(step('Billable seconds', `Σ ceil(part seconds) over ${plural(d.parts, 'interval')} = ${d.seconds}`, d.seconds));
  const only = d.groups.length === 1 ? d.groups[0]! : null;
  if (only) {
    steps.push(step('Hourly price', `${only.pricePerHour} ${cur}/h`, only.pricePerHour));
    steps.push(step('Per-second amount', `${d.seconds} s × ${only.pricePerHour} ${cur}/h ÷ 3600 = ${d.exactPerSecond}`, d.exactPerSecond));
  } else {
    const terms = d.groups.map((x) => `${x.seconds} s × ${x.pricePerHour}`).join(' + ');
    steps.push(step('Hourly prices', d.groups.map((x) => `${x.pricePerHour} ${cur}/h for ${x.seconds} s`).join('; '), d.groups.length));
    steps.push(step('Per-second amount', `(${terms}) ${cur}/h ÷ 3600 = ${d.exactPerSecond}`, d.exactPerSecond));
  }
  steps.push(step(roundingLabel(cur), `round(${d.exactPerSecond})`, d.amountPerSecond));
  steps.push(step(`Legacy slices (${g} s)`, `Σ ceil(part seconds ÷ ${g}) = ${d.slices}`, d.slices));
  const legacyTerm = (slices: number, price: Dec): string => (g === 600 ? `${slices} slices × ${price}` : `${slices} slices × ${g} s × ${price}`);
  const legacyDiv = g === 600 ? '6' : '3600';
  const legacyFormula = only
    ? `${legacyTerm(only.slices, only.pricePerHour)} ${cur}/h ÷ ${legacyDiv} = ${d.exactLegacy}`
    : `(${d.groups.map((x) => legacyTerm(x.slices, x.pricePerHour)).join(' + ')}) ${cur}/h ÷ ${legacyDiv} = ${d.exactLegacy}`;
  steps.push(step('Legacy amount', legacyFormula, d.exactLegacy));
  steps.push(step(`Legacy ${roundingLabel(cur).toLowerCase()}`, `round(${d.exactLegacy})`, d.amountLegacy));
  steps.push(step('Difference (legacy − per second)', `${d.amountLegacy} − ${d.amountPerSecond}`, d.difference));
  return steps;
}

export interface CountableExplainData {
  currency: string;
  service: string;
  unit: string;
  records: number;
  totalQuantity: Dec;
  planId: string;
  tierFrom: Dec;
  tierTo: Dec | null;
  tierQuantity: Dec;
  quantityForPrice: Dec;
  price: Dec;
  exact: Dec;
  amount: Dec;
}

export function explainCountable(d: CountableExplainData): ExplainStep[] {
  const unit = d.unit ? ` ${d.unit}` : '';
  return [
    step(
      'Quantity',
      `Σ quantity of ${d.records} record${d.records === 1 ? '' : 's'} of ${d.service} in the period = ${d.totalQuantity}${unit}`,
      d.totalQuantity,
    ),
    step(
      `Tier ${d.planId}`,
      `graduated tier from ${d.tierFrom} to ${d.tierTo ?? '∞'}: min(${d.totalQuantity}, ${d.tierTo ?? '∞'}) − ${d.tierFrom} = ${d.tierQuantity}${unit}`,
      d.tierQuantity,
    ),
    step('Amount', `${d.tierQuantity} ÷ ${d.quantityForPrice} × ${d.price} ${d.currency} = ${d.exact}`, d.exact),
    step(roundingLabel(d.currency), `round(${d.exact})`, d.amount),
    step('Legacy amount', 'not time-sliced: same as the per-second amount', d.amount),
  ];
}

export interface TaskRowExplain {
  where: string;
  unitPrice: Dec;
  quantity: Dec;
  priceFactor: Dec;
  discount: Dec;
  exact: Dec;
}

/** At most this many per-row steps; the rest are summarized in one step. */
const MAX_TASK_ROWS = 20;

export function explainTask(currency: string, rows: TaskRowExplain[], exact: Dec, amount: Dec): ExplainStep[] {
  const steps: ExplainStep[] = rows
    .slice(0, MAX_TASK_ROWS)
    .map((r) => step(`Task (${r.where})`, `${r.unitPrice} × ${r.quantity} × ${r.priceFactor} − ${r.discount} = ${r.exact}`, r.exact));
  if (rows.length > MAX_TASK_ROWS)
    steps.push(step(`${rows.length - MAX_TASK_ROWS} more task rows`, 'unit price × quantity × price factor − discount, each', ''));
  if (rows.length > 1) steps.push(step('Total', `Σ over ${rows.length} task rows = ${exact}`, exact));
  steps.push(step(roundingLabel(currency), `round(${exact})`, amount));
  steps.push(step('Legacy amount', 'not time-sliced: same as the per-second amount', amount));
  return steps;
}

export function explainCredit(creditId: string, kind: string, grantBefore: Dec, lineBefore: Dec, applied: Dec): ExplainStep {
  return step(`Credit ${creditId} (${kind})`, `min(grant balance ${grantBefore}, line remaining ${lineBefore}) = ${applied}`, applied);
}

export function explainNet(amount: Dec, credit: Dec, net: Dec): ExplainStep {
  return step('Net amount', `${amount} − ${credit} credit = ${net}`, net);
}
