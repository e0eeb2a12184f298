// One row of a usage CSV, validated and converted: an instance interval (uptime, build), a
// countable quantity or a custom task (classic).
import type { NewClassic, NewCountable, NewInterval } from '../../../store/usage/write';
import type { DataRow } from '../../csv/table';
import { Loc } from '../../errors';
import { compareInstants } from '../../../../../shared/instant';
import { currencyField, decimalField, enumField, exactInstantField, textField } from '../../values';
import { cell, keptAttrs, usagePlan } from './columns';

const ITEM_TYPES = ['uptime', 'build', 'countable', 'classic'] as const;

/** One data row, as the table it goes to stores it. */
export type UsageRow = ({ kind: 'interval' } & NewInterval) | ({ kind: 'countable' } & NewCountable) | ({ kind: 'classic' } & NewClassic);

/** Catalog source hint from a price id: 'apps.XS' → 'apps'; no dot → ''. */
function sourceHintOf(priceId: string): string {
  const dot = priceId.indexOf('.');
  return dot > 0 ? priceId.slice(0, dot) : '';
}

const OFFSET = { mode: 'offset' } as const;

/** Validates and converts one data row. Throws ImportError naming file, row, field and value. */
export function convertUsageRow(file: string, r: DataRow, decimalComma: boolean): UsageRow {
  const { fields, cols } = r;
  const plan = usagePlan(cols);
  const at = plan.at;
  const loc: Loc = new Loc(file, String(r.row));
  const ownerId = textField(loc, 'owner_id', cell(fields, at.owner_id), true);
  const itemType = enumField(loc, 'item_type', cell(fields, at.item_type), ITEM_TYPES)!;
  const itemId = textField(loc, 'item_id', cell(fields, at.item_id), true);
  const start = exactInstantField(loc, 'consumption_start', cell(fields, at.consumption_start), OFFSET, true);
  const endText = cell(fields, at.consumption_end);
  const timed = itemType === 'uptime' || itemType === 'build';
  const end = exactInstantField(loc, 'consumption_end', endText, OFFSET, timed);
  if (end !== null && compareInstants(end.ms, end.sub, start.ms, start.sub) < 0)
    loc.fail('consumption_end', `is before consumption_start (${cell(fields, at.consumption_start).trim()})`, endText.trim());
  const currency = currencyField(loc, 'currency', cell(fields, at.currency), itemType === 'classic');
  const itemName = textField(loc, 'item_name', cell(fields, at.item_name));
  const zoneId = textField(loc, 'zone_id', cell(fields, at.zone_id));

  if (timed) {
    const instanceId = textField(loc, 'instance_id', cell(fields, at.instance_id), true);
    const priceId = textField(loc, 'price_id', cell(fields, at.price_id));
    const flavorName = textField(loc, 'flavor_name', cell(fields, at.flavor_name));
    if (priceId === '' && flavorName === '') loc.fail('price_id', `is empty and so is flavor_name: an ${itemType} row needs one of them to be priced`);
    return {
      kind: 'interval',
      ownerId,
      itemType,
      itemId,
      itemName,
      instanceId,
      priceId,
      flavorName,
      sourceHint: sourceHintOf(priceId),
      zoneId,
      start: start.ms,
      end: end!.ms,
      startSub: start.sub,
      endSub: end!.sub,
      attrs: keptAttrs(cols, fields, plan.intervalAttrs),
    };
  }
  if (itemType === 'countable') {
    const quantity = decimalField(loc, 'quantity', cell(fields, at.quantity), { required: true, decimalComma })!;
    // Countables are identified by service, as on the invoice side (whose countables carry only
    // a service): the service column, else price_id (where Clever Cloud exports put it), else item_id.
    const service = textField(loc, 'service', cell(fields, at.service)) || textField(loc, 'price_id', cell(fields, at.price_id)) || itemId;
    const a = keptAttrs(cols, fields, service === itemId ? plan.countableAttrsNoItem : plan.countableAttrs);
    return {
      kind: 'countable',
      ownerId,
      service,
      itemId: service,
      itemName: itemName || service,
      planId: textField(loc, 'plan_id', cell(fields, at.plan_id)),
      quantity,
      unit: textField(loc, 'unit', cell(fields, at.unit)),
      zoneId,
      start: start.ms,
      end: end?.ms ?? null,
      startSub: start.sub,
      endSub: end?.sub ?? '',
      attrs: a,
    };
  }
  const unitPrice = decimalField(loc, 'unit_price', cell(fields, at.unit_price), { required: true, decimalComma, allowNegative: true })!;
  const quantity = decimalField(loc, 'quantity', cell(fields, at.quantity), { required: true, decimalComma })!;
  const priceFactor = decimalField(loc, 'price_factor', cell(fields, at.price_factor), { decimalComma }) ?? '1';
  const discount = decimalField(loc, 'discount', cell(fields, at.discount), { decimalComma }) ?? '0';
  return {
    kind: 'classic',
    ownerId,
    itemId,
    description: textField(loc, 'description', cell(fields, at.description)) || itemName,
    unitPrice,
    quantity,
    priceFactor,
    discount,
    currency,
    start: start.ms,
    startSub: start.sub,
    attrs: keptAttrs(cols, fields, plan.classicAttrs),
  };
}
