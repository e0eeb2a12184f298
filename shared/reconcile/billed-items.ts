// The provider's billed lines under the line identity the rating module uses: a billed line's
// raw price reference resolved to a price item, and the lines of an owner's invoices grouped by key.
import { D, decString } from '../money';
import { lineKey, resolvePriceItem, TASK_PRICE_ITEM } from '../rating';
import type { Catalog, Dec, LineKind, SourceRef } from '../types';

export interface BilledRow {
  item_type: 'uptime' | 'build' | 'countable' | 'classic';
  owner_id: string;
  /** What the line bills, the rated line's item: an uptime's app_id, a countable's service, a classic item's classic_billing_item_id. */
  item_id: string;
  item_name: string;
  price_ref: string;
  flavor_name: string;
  source_hint: string;
  period_start: number;
}

export function resolveBilledPriceItem(catalogs: Catalog[], r: BilledRow, currency: string): { kind: LineKind; priceItem: string } {
  if (r.item_type === 'countable') return { kind: 'countable', priceItem: r.price_ref };
  if (r.item_type === 'classic') return { kind: 'task', priceItem: TASK_PRICE_ITEM };
  try {
    const resolved = resolvePriceItem(
      catalogs,
      {
        id: 0,
        ownerId: r.owner_id,
        itemType: r.item_type,
        itemId: r.item_id,
        itemName: r.item_name,
        instanceId: '',
        priceId: r.price_ref,
        flavorName: r.flavor_name,
        sourceHint: r.source_hint,
        zoneId: '',
        start: r.period_start,
        end: r.period_start,
        source: { batchId: 0, file: '', row: '' },
      },
      currency,
    );
    return { kind: r.item_type === 'build' ? 'build' : resolved.kind, priceItem: resolved.priceItem };
  } catch {
    // Not in any catalog: it can only be an unexplained charge; keep the raw reference visible.
    return { kind: r.item_type === 'build' ? 'build' : 'addon', priceItem: r.price_ref || r.flavor_name };
  }
}

/** The line identity a billed row (a billed line, or one of the details it sums) is billed under. */
export function billedLineKey(catalogs: Catalog[], ownerId: string, r: BilledRow, currency: string): { key: string; kind: LineKind; priceItem: string } {
  const { kind, priceItem } = resolveBilledPriceItem(catalogs, r, currency);
  return { key: lineKey(ownerId, kind, r.item_id, priceItem), kind, priceItem };
}

/** A stored billed line: its row, its exact amount as billed, where it was read, and the invoice item's own id (its reference, never matched on). */
export interface BilledLineInput extends BilledRow {
  amount: Dec;
  source: SourceRef;
  item_ref: string;
}

/** The billed lines of one line identity, summed exactly. */
export interface BilledGroup {
  key: string;
  kind: LineKind;
  itemId: string;
  itemName: string;
  priceItem: string;
  amount: Dec;
  sources: { amount: Dec; source: SourceRef; itemRef: string }[];
}

/** An owner's billed lines of a period, invoice by invoice (each priced in its own currency), grouped by line key in reading order. */
export function groupBilledLines(
  catalogs: Catalog[],
  ownerId: string,
  invoices: Iterable<{ currency: string; lines: Iterable<BilledLineInput> }>,
): Map<string, BilledGroup> {
  const groups = new Map<string, BilledGroup>();
  for (const inv of invoices) {
    for (const r of inv.lines) {
      const { key, kind, priceItem } = billedLineKey(catalogs, ownerId, r, inv.currency);
      let g = groups.get(key);
      if (g === undefined) groups.set(key, (g = { key, kind, itemId: r.item_id, itemName: r.item_name, priceItem, amount: '0', sources: [] }));
      g.amount = decString(new D(g.amount).plus(r.amount));
      g.sources.push({ amount: r.amount, source: r.source, itemRef: r.item_ref });
    }
  }
  return groups;
}
