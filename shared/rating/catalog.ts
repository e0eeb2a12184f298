// Price catalog lookups: which catalog prices an interval (or a countable), and which runtime
// entry of it is the interval's price item.
import type { Catalog, CatalogCountable, CatalogRuntime, Dec, EpochMs, LineKind, UsageInterval } from '../types';
import { formatInstant } from '../time';
import { type DecimalValue, decString, displayDec } from '../money';
import { ExactRate } from './exact-rate';
import { describeSource, parseDec, RatingError } from './errors';

export interface ResolvedPrice {
  catalog: Catalog;
  entry: CatalogRuntime;
  kind: LineKind;
  /** `${kind}|${priceItem}`: the line an interval goes to, with its item id. */
  lineKind: string;
  /** entry.slugId, or `${source}.${flavor}` when the entry has no slug. */
  priceItem: string;
  /** Hourly price as written in the catalog when plain ("0.40"). */
  pricePerHour: Dec;
  /** Normalized hourly price ("0.40" → "0.4"): equal prices have equal keys. */
  priceKey: Dec;
  price: DecimalValue;
  /** seconds → exact seconds × price ÷ 3600 (20 places), for details. */
  hourly: ExactRate;
  /** How the entry was found. */
  matchedBy: 'runtimePolicyId' | 'slugId' | 'source.flavor' | 'flavor';
}

function sameCurrency(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

/** Catalogs of `currency` (all when undefined). */
export function catalogsInCurrency(catalogs: readonly Catalog[], currency: string | undefined): Catalog[] {
  return currency === undefined ? [...catalogs] : catalogs.filter((c) => sameCurrency(c.currency, currency));
}

export function isCatalogValidAt(catalog: Catalog, instant: EpochMs): boolean {
  return (catalog.startDate === null || catalog.startDate <= instant) && (catalog.endDate === null || instant < catalog.endDate);
}

/**
 * Catalogs valid at `instant`, most preferred first: same zone as `zoneId` first, then the
 * latest startDate (null = oldest), then the highest id (the last loaded).
 */
export function catalogsValidAt(catalogs: readonly Catalog[], instant: EpochMs, zoneId: string): Catalog[] {
  const valid = catalogs.filter((c) => isCatalogValidAt(c, instant));
  const zoneRank = (c: Catalog): number => (zoneId !== '' && c.zoneId === zoneId ? 0 : 1);
  const start = (c: Catalog): number => (c.startDate === null ? -Infinity : c.startDate);
  return valid.sort((a, b) => zoneRank(a) - zoneRank(b) || start(b) - start(a) || b.id - a.id);
}

export function runtimePriceItem(entry: CatalogRuntime): string {
  return entry.slugId !== null && entry.slugId !== '' ? entry.slugId : `${entry.source}.${entry.flavor}`;
}

export function kindOf(itemType: UsageInterval['itemType'], entry: CatalogRuntime): LineKind {
  if (itemType === 'build') return 'build';
  return entry.source === 'apps' ? 'application' : 'addon';
}

function findByPriceId(catalog: Catalog, priceId: string): [CatalogRuntime, ResolvedPrice['matchedBy']] | null {
  const rt = catalog.runtime;
  for (const e of rt) if (e.runtimePolicyId === priceId) return [e, 'runtimePolicyId'];
  for (const e of rt) if (e.slugId !== null && e.slugId === priceId) return [e, 'slugId'];
  for (const e of rt) if (`${e.source}.${e.flavor}` === priceId) return [e, 'source.flavor'];
  return null;
}

/** By flavor (and source hint). Without a hint the flavor must belong to a single source. */
function findByFlavor(catalog: Catalog, flavor: string, sourceHint: string): CatalogRuntime | 'ambiguous' | null {
  if (flavor === '') return null;
  if (sourceHint !== '') return catalog.runtime.find((e) => e.source === sourceHint && e.flavor === flavor) ?? null;
  const found = catalog.runtime.filter((e) => e.flavor === flavor);
  if (found.length === 0) return null;
  return new Set(found.map((e) => e.source)).size === 1 ? found[0]! : 'ambiguous';
}

function missing(interval: UsageInterval, currency: string | undefined, ambiguous: boolean, candidates: number): RatingError {
  const what = interval.priceId !== '' ? `price item "${interval.priceId}"` : `flavor "${interval.flavorName}"`;
  const extra = [
    interval.priceId !== '' && interval.flavorName !== '' ? `flavor "${interval.flavorName}"` : '',
    interval.sourceHint !== '' ? `source "${interval.sourceHint}"` : '',
    interval.zoneId !== '' ? `zone "${interval.zoneId}"` : '',
  ].filter(Boolean);
  const at = Number.isFinite(interval.start) ? formatInstant(interval.start, 'UTC') : String(interval.start);
  const why = ambiguous ? ' (the flavor exists for several sources and no source was given)' : '';
  const cur = currency ? `${currency} ` : '';
  const where = candidates === 0 ? `no ${cur}catalog is valid at ${at}` : `not in any ${cur}catalog valid at ${at}${why}`;
  return new RatingError(
    'missing_price_item',
    `Missing ${what}${extra.length ? ` (${extra.join(', ')})` : ''}: ${where}; interval ${interval.id} of item "${interval.itemId}", ${describeSource(interval.source)}`,
    { source: interval.source, priceId: interval.priceId !== '' ? interval.priceId : interval.flavorName, intervalId: interval.id },
  );
}

function resolved(catalog: Catalog, entry: CatalogRuntime, interval: UsageInterval, matchedBy: ResolvedPrice['matchedBy']): ResolvedPrice {
  const price = parseDec(entry.pricePerHour, `Hourly price of "${runtimePriceItem(entry)}" in catalog ${catalog.id}`);
  const kind = kindOf(interval.itemType, entry);
  const priceItem = runtimePriceItem(entry);
  return {
    catalog,
    entry,
    kind,
    lineKind: `${kind}|${priceItem}`,
    priceItem,
    pricePerHour: displayDec(entry.pricePerHour, price),
    priceKey: decString(price),
    price,
    hourly: new ExactRate(price, 3600),
    matchedBy,
  };
}

/**
 * The catalog runtime entry pricing an interval, from the catalogs valid at the interval's start
 * (preferring the interval's zone, then the newest catalog). Matching: runtimePolicyId, slugId,
 * `${source}.${flavor}` equal to priceId (first catalog that has one); else, when priceId is
 * empty or unmatched everywhere, source = sourceHint and flavor = flavorName.
 * Throws a `missing_price_item` RatingError naming the price item, file and row.
 * `currency`, when given, keeps only the catalogs of that currency.
 */
export function resolvePriceItem(catalogs: readonly Catalog[], interval: UsageInterval, currency?: string): ResolvedPrice {
  const candidates = catalogsValidAt(catalogsInCurrency(catalogs, currency), interval.start, interval.zoneId);
  if (interval.priceId !== '') {
    for (const c of candidates) {
      const hit = findByPriceId(c, interval.priceId);
      if (hit) return resolved(c, hit[0], interval, hit[1]);
    }
  }
  let ambiguous = false;
  for (const c of candidates) {
    const hit = findByFlavor(c, interval.flavorName, interval.sourceHint);
    if (hit === 'ambiguous') ambiguous = true;
    else if (hit) return resolved(c, hit, interval, 'flavor');
  }
  throw missing(interval, currency, ambiguous, candidates.length);
}

/**
 * resolvePriceItem with a cache: the set of valid catalogs only changes at catalog start/end
 * dates, so one lookup per (validity segment, zone, price id, flavor, source hint, item type).
 */
export class PriceResolver {
  private readonly catalogs: Catalog[];
  private readonly edges: number[];
  /** segment → zone → price id → flavor → source hint → [uptime, build]. */
  private readonly cache = new Map<number, Map<string, Map<string, Map<string, Map<string, [ResolvedPrice | undefined, ResolvedPrice | undefined]>>>>>();

  constructor(
    catalogs: readonly Catalog[],
    private readonly currency?: string,
  ) {
    this.catalogs = catalogsInCurrency(catalogs, currency);
    const edges = new Set<number>();
    for (const c of this.catalogs) {
      if (c.startDate !== null) edges.add(c.startDate);
      if (c.endDate !== null) edges.add(c.endDate);
    }
    this.edges = [...edges].sort((a, b) => a - b);
  }

  /** Number of catalog edges ≤ instant: constant over a segment where validity does not change. */
  private segment(instant: EpochMs): number {
    const e = this.edges;
    let lo = 0;
    let hi = e.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (e[mid]! <= instant) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  resolve(interval: UsageInterval): ResolvedPrice {
    // Nested maps of existing strings: no key string is built per interval.
    const seg = this.edges.length === 0 ? 0 : this.segment(interval.start);
    let m1 = this.cache.get(seg);
    if (m1 === undefined) this.cache.set(seg, (m1 = new Map()));
    let m2 = m1.get(interval.zoneId);
    if (m2 === undefined) m1.set(interval.zoneId, (m2 = new Map()));
    let m3 = m2.get(interval.priceId);
    if (m3 === undefined) m2.set(interval.priceId, (m3 = new Map()));
    let m4 = m3.get(interval.flavorName);
    if (m4 === undefined) m3.set(interval.flavorName, (m4 = new Map()));
    let pair = m4.get(interval.sourceHint);
    if (pair === undefined) m4.set(interval.sourceHint, (pair = [undefined, undefined]));
    const slot = interval.itemType === 'build' ? 1 : 0;
    let hit = pair[slot];
    if (hit === undefined) {
      hit = resolvePriceItem(this.catalogs, interval, this.currency);
      pair[slot] = hit;
    }
    return hit;
  }
}

/** The catalog countable of `service` valid at `instant` (zone preferred, newest first), or null. */
export function resolveCountable(
  catalogs: readonly Catalog[],
  service: string,
  instant: EpochMs,
  zoneId: string,
  currency?: string,
): { catalog: Catalog; countable: CatalogCountable } | null {
  for (const c of catalogsValidAt(catalogsInCurrency(catalogs, currency), instant, zoneId)) {
    const countable = c.countable.find((x) => x.service === service);
    if (countable) return { catalog: c, countable };
  }
  return null;
}
