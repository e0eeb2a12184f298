// Turns a billed line's raw price reference into the line identity the rating module uses.
import { resolvePriceItem, TASK_PRICE_ITEM } from '../rating';
import type { Catalog, LineKind } from '../types';

export interface BilledRow {
  item_type: 'uptime' | 'build' | 'countable' | 'classic';
  owner_id: string;
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
