// What every part of a period's rating needs to know.
import type { Catalog, LineKind } from '../types';
import { PriceResolver } from './catalog';

export interface RatingContext {
  ownerId: string;
  currency: string;
  timeZone: string;
  granularitySeconds: number;
  withDetails: boolean;
  /** Catalogs of the invoice currency only. */
  catalogs: Catalog[];
  resolver: PriceResolver;
}

/** Stable line identity: `${ownerId}|${kind}|${itemId}|${priceItem}`. */
export function lineKey(ownerId: string, kind: LineKind, itemId: string, priceItem: string): string {
  return `${ownerId}|${kind}|${itemId}|${priceItem}`;
}
