// `uptimes[]`: instance time. Each detail is an interval billed at its price; the details of an
// item make one billed line per price (runtime policy, else flavor). An item bills the usage of
// its `app_id` (the application or add-on: the usage CSV's item_id); its `item_id` is the invoice
// item's own id, kept as the billed line's reference and never matched on.
import { compareInstants } from '../../../../../shared/instant';
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

/** The paths listed in a warning about items without app_id; the rest are counted. */
const MAX_PATHS_SHOWN = 5;

/** What an item bills: its app_id; its own item_id only when app_id is absent (then `noAppId` gets its path). */
function billedItem(u: Rec, noAppId: string[]): { itemId: string; itemRef: string } {
  const itemRef = u.str('item_id');
  const appId = u.str('app_id');
  if (appId !== '') return { itemId: appId, itemRef };
  if (itemRef === '') u.loc.fail('app_id', 'is missing (and so is item_id): the item billed is unknown');
  noAppId.push(u.path);
  return { itemId: itemRef, itemRef };
}

/**
 * `warnings` receives items whose price differs from the sum of their details (the details are
 * used), and those matched by their item_id for want of an app_id.
 */
export function readUptimes(
  uptimes: readonly Rec[],
  currency: string,
  rule: InstantRule,
  warnings: string[],
): { lines: NewBilledLine[]; intervals: NewInvoiceInterval[] } {
  const lines: NewBilledLine[] = [];
  const intervals: NewInvoiceInterval[] = [];
  const noAppId: string[] = [];
  for (const u of uptimes) {
    const { itemId, itemRef } = billedItem(u, noAppId);
    const category = u.str('category');
    const itemType = category.trim().toLowerCase() === 'build' ? 'build' : 'uptime';
    const sourceHint = sourceHintForCategory(category, u.str('sub_category'));
    const itemName = u.str('item_name') || u.str('name');
    const details = u.records('details');
    if (details.length === 0) {
      const amount = money(u, 'price', currency, { required: true })!;
      lines.push({ path: u.path, itemType, itemId, itemRef, itemName, priceRef: '', flavorName: '', sourceHint, amount });
      continue;
    }
    const groups = new Map<string, NewBilledLine & { sum: DecimalValue }>();
    for (const d of details) {
      const priceId = d.str('runtime_policy_id');
      const flavorName = d.str('flavor_name');
      if (priceId === '' && flavorName === '') d.loc.fail('runtime_policy_id', 'is missing and so is flavor_name: the detail cannot be priced');
      const price = money(d, 'price', currency, { required: true })!;
      const start = d.exactInstant('consumption_start', rule, true)!;
      const end = d.exactInstant('consumption_end', rule, true)!;
      if (compareInstants(end.ms, end.sub, start.ms, start.sub) < 0)
        d.loc.fail('consumption_end', `is before consumption_start (${d.str('consumption_start')})`, d.str('consumption_end'));
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
        start: start.ms,
        end: end.ms,
        startSub: start.sub,
        endSub: end.sub,
        billedPrice: price,
      });
      const key = priceId !== '' ? `p:${priceId}` : `f:${flavorName}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = { path: u.path, itemType, itemId, itemRef, itemName, priceRef: priceId, flavorName, sourceHint, amount: '0', sum: new D(0) };
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
  if (noAppId.length > 0) {
    const more = noAppId.length > MAX_PATHS_SHOWN ? ` and ${noAppId.length - MAX_PATHS_SHOWN} more` : '';
    warnings.push(
      `${uptimes[0]!.loc.file}: ${noAppId.length === 1 ? 'record' : 'records'} ${noAppId.slice(0, MAX_PATHS_SHOWN).join(', ')}${more} ` +
        `${noAppId.length === 1 ? 'has' : 'have'} no app_id: matched with usage by item_id, which in Clever Cloud's invoices is the invoice item's own id, not the application's`,
    );
  }
  return { lines, intervals };
}
