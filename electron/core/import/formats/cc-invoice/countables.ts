// `countables[]`: quantities of a service (storage, traffic…), one billed line each, matched by
// service and plan (a countable line is a service × plan: docs/rating.md, "Countables"); its
// `item_id` (the invoice item's own id) is the line's reference, its `app_id` kept with the row.
import { D, decString } from '../../../../../shared/money';
import { addIsoDuration, parseIsoDuration } from '../../../../../shared/duration';
import type { NewBilledLine, NewInvoiceCountable } from '../../../store/invoices/write';
import type { Rec } from '../../json/reader';
import { attrsOf, money } from './fields';

/** The invoice's consumption period, from which a countable's `duration` is counted. */
export interface ConsumptionPeriod {
  start: number;
  end: number;
  timeZone: string;
}

/** End of the span a countable's quantity was measured over, from the invoice's consumption start. */
function countableEnd(k: Rec, period: ConsumptionPeriod): number {
  const text = k.optStr('duration');
  if (text === null || text === '') return period.end;
  const duration = parseIsoDuration(text);
  if (duration === null) return k.loc.fail('duration', 'is not a positive ISO-8601 duration (e.g. P1M, PT720H)', text);
  return addIsoDuration(period.start, duration, period.timeZone);
}

export function readCountables(
  countables: readonly Rec[],
  currency: string,
  period: ConsumptionPeriod,
): { lines: NewBilledLine[]; countables: NewInvoiceCountable[] } {
  const lines: NewBilledLine[] = [];
  const out: NewInvoiceCountable[] = [];
  for (const k of countables) {
    const service = k.str('service', true);
    const planId = k.str('plan_id');
    const quantity = k.dec('quantity', { required: true })!;
    // Billed amount: details_price, else the sum of the details' prices, else price.
    let amount: string;
    const details = k.records('details');
    if (k.has('details_price')) amount = money(k, 'details_price', currency, { required: true })!;
    else if (details.length > 0) amount = decString(details.reduce((s, d) => s.plus(money(d, 'price', currency, { required: true })!), new D(0)));
    else if (k.has('price')) amount = money(k, 'price', currency, { required: true })!;
    else return k.loc.fail('details_price', 'is missing (and there are no details nor price): the billed amount is unknown');
    lines.push({
      path: k.path,
      itemType: 'countable',
      itemId: service,
      itemRef: k.str('item_id'),
      itemName: service,
      priceRef: planId,
      flavorName: '',
      sourceHint: '',
      amount,
    });
    out.push({
      path: k.path,
      service,
      planId,
      quantity,
      unit: k.str('unit_name'),
      zoneId: k.str('zone_id'),
      end: countableEnd(k, period),
      attrs: attrsOf(k, ['item_id', 'app_id', 'policy_id', 'duration', 'category', 'sub_category']),
    });
  }
  return { lines, countables: out };
}
