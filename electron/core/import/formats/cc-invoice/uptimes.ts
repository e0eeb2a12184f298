// `uptimes[]`: instance time. Each detail is an interval billed at its price; the details of an
// item make one billed line per price (runtime policy, else flavor).
import { D, type DecimalValue, decString } from '../../../../../shared/money';
import type { NewBilledLine, NewInvoiceInterval } from '../../../store/invoices/write';
import type { Rec } from '../../json/reader';
import { type InstantRule } from '../../values';
import { money } from './fields';

/** Catalog source of an uptime item from its category, when obvious: apps and builds → 'apps'; `xxx-addon` add-ons → 'xxx-addon'. */
function sourceHintForCategory(category: string, subCategory: string): string {
  const c = category.trim().toLowerCase();
  const s = subCategory.trim().toLowerCase();
  if (['app', 'apps', 'application', 'applications', 'build', 'builds'].includes(c)) return 'apps';
  if (['addon', 'addons', 'add-on', 'add-ons'].includes(c) && /^[a-z0-9][a-z0-9-]*-addon$/.test(s)) return s;
  return '';
}

/** `warnings` receives items whose price differs from the sum of their details (the details are used). */
export function readUptimes(
  uptimes: readonly Rec[],
  currency: string,
  rule: InstantRule,
  warnings: string[],
): { lines: NewBilledLine[]; intervals: NewInvoiceInterval[] } {
  const lines: NewBilledLine[] = [];
  const intervals: NewInvoiceInterval[] = [];
  for (const u of uptimes) {
    const itemId = u.str('item_id') || u.str('app_id');
    if (itemId === '') u.loc.fail('item_id', 'is missing (and so is app_id)');
    const category = u.str('category');
    const itemType = category.trim().toLowerCase() === 'build' ? 'build' : 'uptime';
    const sourceHint = sourceHintForCategory(category, u.str('sub_category'));
    const itemName = u.str('item_name') || u.str('name');
    const details = u.records('details');
    if (details.length === 0) {
      const amount = money(u, 'price', currency, { required: true })!;
      lines.push({ path: u.path, itemType, itemId, itemName, priceRef: '', flavorName: '', sourceHint, amount });
      continue;
    }
    const groups = new Map<string, NewBilledLine & { sum: DecimalValue }>();
    for (const d of details) {
      const priceId = d.str('runtime_policy_id');
      const flavorName = d.str('flavor_name');
      if (priceId === '' && flavorName === '') d.loc.fail('runtime_policy_id', 'is missing and so is flavor_name: the detail cannot be priced');
      const price = money(d, 'price', currency, { required: true })!;
      const start = d.instant('consumption_start', rule, true)!;
      const end = d.instant('consumption_end', rule, true)!;
      if (end < start) d.loc.fail('consumption_end', `is before consumption_start (${d.str('consumption_start')})`, d.str('consumption_end'));
      intervals.push({
        path: d.path,
        itemType,
        itemId,
        itemName,
        instanceId: d.str('instance_id'),
        priceId,
        flavorName,
        sourceHint,
        zoneId: d.str('zone_id'),
        start,
        end,
        billedPrice: price,
      });
      const key = priceId !== '' ? `p:${priceId}` : `f:${flavorName}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = { path: u.path, itemType, itemId, itemName, priceRef: priceId, flavorName, sourceHint, amount: '0', sum: new D(0) };
        groups.set(key, g);
      }
      g.sum = g.sum.plus(price);
    }
    let itemSum = new D(0);
    for (const { sum, ...line } of groups.values()) {
      lines.push({ ...line, amount: decString(sum) });
      itemSum = itemSum.plus(sum);
    }
    const itemPrice = u.has('price') ? money(u, 'price', currency, { allowNegative: true }) : null;
    if (itemPrice !== null && !itemSum.eq(itemPrice)) {
      warnings.push(`${u.loc.file}, record ${u.path}: price ${itemPrice} differs from the sum of its details ${decString(itemSum)}; the details are used`);
    }
  }
  return { lines, intervals };
}
