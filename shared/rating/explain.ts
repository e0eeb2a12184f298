// Step-by-step explanations of rated lines: each step says what was computed, from what, and the
// result, so a user can redo the number by hand.
import type { Dec, ExplainParam, ExplainStep } from '../types';
import { minorUnits } from '../money';

// Each step also carries a code and its figures (exact decimal strings and counts), which the
// screen says in words of its locale (renderer/src/i18n, `calc.<code>`).
const step = (label: string, formula: string, value: string | number, code?: string, params?: Record<string, ExplainParam>): ExplainStep => ({
  label,
  formula,
  value: String(value),
  ...(code ? { code } : {}),
  ...(params ? { params } : {}),
});

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
      'usage',
      { parts: d.parts, instances: d.instances, cutParts: d.cutParts },
    ),
  );
  steps.push(
    step('Billable seconds', `Σ ceil(part seconds) over ${plural(d.parts, 'interval')} = ${d.seconds}`, d.seconds, 'seconds', {
      parts: d.parts,
      seconds: d.seconds,
    }),
  );
  const only = d.groups.length === 1 ? d.groups[0]! : null;
  if (only) {
    steps.push(step('Hourly price', `${only.pricePerHour} ${cur}/h`, only.pricePerHour, 'hourlyPrice', { price: only.pricePerHour }));
    steps.push(
      step('Per-second amount', `${d.seconds} s × ${only.pricePerHour} ${cur}/h ÷ 3600 = ${d.exactPerSecond}`, d.exactPerSecond, 'perSecond', {
        seconds: d.seconds,
        price: only.pricePerHour,
        exact: d.exactPerSecond,
      }),
    );
  } else {
    const terms = d.groups.map((x) => `${x.seconds} s × ${x.pricePerHour}`).join(' + ');
    const groups = d.groups.map((x) => ({ price: x.pricePerHour, seconds: x.seconds, slices: x.slices }));
    steps.push(
      step('Hourly prices', d.groups.map((x) => `${x.pricePerHour} ${cur}/h for ${x.seconds} s`).join('; '), d.groups.length, 'hourlyPrices', { groups }),
    );
    steps.push(
      step('Per-second amount', `(${terms}) ${cur}/h ÷ 3600 = ${d.exactPerSecond}`, d.exactPerSecond, 'perSecondMany', { groups, exact: d.exactPerSecond }),
    );
  }
  steps.push(step(roundingLabel(cur), `round(${d.exactPerSecond})`, d.amountPerSecond, 'round', { exact: d.exactPerSecond, amount: d.amountPerSecond }));
  steps.push(step(`Legacy slices (${g} s)`, `Σ ceil(part seconds ÷ ${g}) = ${d.slices}`, d.slices, 'legacySlices', { granularity: g, slices: d.slices }));
  const legacyTerm = (slices: number, price: Dec): string => (g === 600 ? `${slices} slices × ${price}` : `${slices} slices × ${g} s × ${price}`);
  const legacyDiv = g === 600 ? '6' : '3600';
  const legacyFormula = only
    ? `${legacyTerm(only.slices, only.pricePerHour)} ${cur}/h ÷ ${legacyDiv} = ${d.exactLegacy}`
    : `(${d.groups.map((x) => legacyTerm(x.slices, x.pricePerHour)).join(' + ')}) ${cur}/h ÷ ${legacyDiv} = ${d.exactLegacy}`;
  steps.push(
    step(
      'Legacy amount',
      legacyFormula,
      d.exactLegacy,
      only ? 'legacyAmount' : 'legacyAmountMany',
      only
        ? { slices: only.slices, granularity: g, price: only.pricePerHour, exact: d.exactLegacy }
        : { granularity: g, groups: d.groups.map((x) => ({ price: x.pricePerHour, seconds: x.seconds, slices: x.slices })), exact: d.exactLegacy },
    ),
  );
  steps.push(
    step(`Legacy ${roundingLabel(cur).toLowerCase()}`, `round(${d.exactLegacy})`, d.amountLegacy, 'legacyRound', {
      exact: d.exactLegacy,
      amount: d.amountLegacy,
    }),
  );
  steps.push(
    step('Difference (legacy − per second)', `${d.amountLegacy} − ${d.amountPerSecond}`, d.difference, 'difference', {
      legacy: d.amountLegacy,
      perSecond: d.amountPerSecond,
      difference: d.difference,
    }),
  );
  return steps;
}

/** One span's share of a countable tier (the whole period's quantity when not priced per interval). */
export interface CountableSpanExplain {
  /** "start → end" in the billing time zone; null when the price has no time interval. */
  span: string | null;
  records: number;
  quantity: Dec;
  /** The quantity billed: in whole batches when insecable. */
  billed: Dec;
  tierQuantity: Dec;
  /** How many price intervals the span holds. */
  intervals: { formula: string; value: Dec } | null;
  exact: Dec;
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
  /** Σ over the spans of the quantity in this tier. */
  tierQuantity: Dec;
  batch: Dec;
  insecable: boolean;
  /** "PT1H (secable)", or null. */
  interval: string | null;
  price: Dec;
  spans: CountableSpanExplain[];
  exact: Dec;
  amount: Dec;
}

/** At most this many per-span steps; the rest are summarized in one step. */
const MAX_COUNTABLE_SPANS = 20;

export function explainCountable(d: CountableExplainData): ExplainStep[] {
  const unit = d.unit ? ` ${d.unit}` : '';
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  const to = d.tierTo ?? '∞';
  const batches = (s: CountableSpanExplain): string => `insecable: ceil(${s.quantity} ÷ ${d.batch}) × ${d.batch} = ${s.billed}`;
  const per = `${d.price} ${d.currency} per ${d.batch}${unit}${d.interval ? ` per ${d.interval}` : ''}`;
  const steps: ExplainStep[] = [
    step('Quantity', `Σ quantity of ${plural(d.records, 'record')} of ${d.service} in the period = ${d.totalQuantity}${unit}`, d.totalQuantity, 'quantity', {
      records: d.records,
      service: d.service,
      quantity: d.totalQuantity,
      unit: d.unit,
    }),
  ];
  const only = d.interval === null ? d.spans[0] : undefined;
  if (only) {
    if (d.insecable)
      steps.push(
        step('Whole batches', batches(only), only.billed, 'batches', { quantity: only.quantity, batch: d.batch, billedQuantity: only.billed, unit: d.unit }),
      );
    steps.push(
      step(
        `Tier ${d.planId}`,
        `progressive tier from ${d.tierFrom} to ${to}: min(${only.billed}, ${to}) − ${d.tierFrom} = ${d.tierQuantity}${unit}`,
        d.tierQuantity,
        'tier',
        { plan: d.planId, from: d.tierFrom, to: d.tierTo ?? '', billedQuantity: only.billed, tierQuantity: d.tierQuantity, unit: d.unit },
      ),
    );
    steps.push(
      step('Amount', `${d.tierQuantity} ÷ ${d.batch} × ${d.price} ${d.currency} = ${d.exact}`, d.exact, 'countAmount', {
        tierQuantity: d.tierQuantity,
        batch: d.batch,
        price: d.price,
        exact: d.exact,
        unit: d.unit,
      }),
    );
  } else {
    steps.push(
      step(
        `Tier ${d.planId}`,
        `progressive tier from ${d.tierFrom} to ${to}, ${per}: Σ over ${plural(d.spans.length, 'span')} = ${d.tierQuantity}${unit}`,
        d.tierQuantity,
        'tierSpans',
        {
          plan: d.planId,
          from: d.tierFrom,
          to: d.tierTo ?? '',
          price: d.price,
          batch: d.batch,
          interval: d.interval ?? '',
          spans: d.spans.length,
          tierQuantity: d.tierQuantity,
          unit: d.unit,
        },
      ),
    );
    for (const s of d.spans.slice(0, MAX_COUNTABLE_SPANS)) {
      const parts = [
        `${plural(s.records, 'record')}: ${s.quantity}${unit}`,
        ...(d.insecable ? [batches(s)] : []),
        `in tier: min(${s.billed}, ${to}) − ${d.tierFrom} = ${s.tierQuantity}`,
        s.intervals!.formula,
        `${s.tierQuantity} ÷ ${d.batch} × ${d.price} × ${s.intervals!.value} = ${s.exact}`,
      ];
      steps.push(
        step(`Span ${s.span}`, parts.join('; '), s.exact, 'span', {
          span: s.span ?? '',
          records: s.records,
          quantity: s.quantity,
          tierQuantity: s.tierQuantity,
          intervals: s.intervals!.value,
          exact: s.exact,
          unit: d.unit,
        }),
      );
    }
    if (d.spans.length > MAX_COUNTABLE_SPANS)
      steps.push(
        step(`${d.spans.length - MAX_COUNTABLE_SPANS} more spans`, 'tier quantity ÷ batch × price × intervals, each', '', 'moreSpans', {
          more: d.spans.length - MAX_COUNTABLE_SPANS,
        }),
      );
    steps.push(step('Amount', `Σ over ${plural(d.spans.length, 'span')} = ${d.exact}`, d.exact, 'spansTotal', { spans: d.spans.length, exact: d.exact }));
  }
  steps.push(step(roundingLabel(d.currency), `round(${d.exact})`, d.amount, 'round', { exact: d.exact, amount: d.amount }));
  steps.push(step('Legacy amount', 'not time-sliced: same as the per-second amount', d.amount, 'sameLegacy', { amount: d.amount }));
  return steps;
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
  const steps: ExplainStep[] = rows.slice(0, MAX_TASK_ROWS).map((r) =>
    step(`Task (${r.where})`, `${r.unitPrice} × ${r.quantity} × ${r.priceFactor} − ${r.discount} = ${r.exact}`, r.exact, 'task', {
      where: r.where,
      unitPrice: r.unitPrice,
      quantity: r.quantity,
      factor: r.priceFactor,
      discount: r.discount,
      exact: r.exact,
    }),
  );
  if (rows.length > MAX_TASK_ROWS)
    steps.push(
      step(`${rows.length - MAX_TASK_ROWS} more task rows`, 'unit price × quantity × price factor − discount, each', '', 'moreTasks', {
        more: rows.length - MAX_TASK_ROWS,
      }),
    );
  if (rows.length > 1) steps.push(step('Total', `Σ over ${rows.length} task rows = ${exact}`, exact, 'taskTotal', { rows: rows.length, exact }));
  steps.push(step(roundingLabel(currency), `round(${exact})`, amount, 'round', { exact, amount }));
  steps.push(step('Legacy amount', 'not time-sliced: same as the per-second amount', amount, 'sameLegacy', { amount }));
  return steps;
}

export function explainCredit(creditId: string, kind: string, grantBefore: Dec, lineBefore: Dec, applied: Dec): ExplainStep {
  return step(`Credit ${creditId} (${kind})`, `min(grant balance ${grantBefore}, line remaining ${lineBefore}) = ${applied}`, applied, 'credit', {
    creditId,
    kind,
    grant: grantBefore,
    remaining: lineBefore,
    applied,
  });
}

export function explainNet(amount: Dec, credit: Dec, net: Dec): ExplainStep {
  return step('Net amount', `${amount} − ${credit} credit = ${net}`, net, 'net', { amount, credit, net });
}
