// Builders for rating tests. Prices are chosen so hand computations stay short.
import type { Catalog, CatalogRuntime, ClassicUsage, CountableUsage, CreditGrant, UsageInterval } from '../../shared/types';
import type { RateInvoiceInput } from '../../shared/rating';

/** Epoch ms of an ISO instant with offset. */
export const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant ${iso}`);
  return ms;
};

export const SRC = { batchId: 1, file: 'usage.csv', row: '2' };

export const RUNTIME: CatalogRuntime[] = [
  { runtimePolicyId: 'rp-xs', source: 'apps', flavor: 'XS', pricePerHour: '0.40', slugId: 'apps.XS' },
  { runtimePolicyId: 'rp-s', source: 'apps', flavor: 'S', pricePerHour: '0.80', slugId: 'apps.S' },
  { runtimePolicyId: 'rp-one', source: 'apps', flavor: 'ONE', pricePerHour: '1.00', slugId: 'apps.ONE' },
  { runtimePolicyId: 'rp-pico', source: 'apps', flavor: 'PICO', pricePerHour: '0.01', slugId: null },
  { runtimePolicyId: 'rp-pg', source: 'postgresql-addon', flavor: 'XS_SML', pricePerHour: '0.09', slugId: 'postgresql-addon.XS_SML' },
  { runtimePolicyId: 'rp-redis', source: 'redis-addon', flavor: 'S', pricePerHour: '0.36', slugId: 'redis-addon.S' },
];

export function catalog(over: Partial<Catalog> = {}): Catalog {
  return {
    id: 1,
    zoneId: 'par',
    currency: 'EUR',
    startDate: null,
    endDate: null,
    runtime: RUNTIME,
    countable: [
      {
        service: 'cellar.storage',
        dataUnit: 'GB',
        secability: 'secable',
        quantityForPrice: '1',
        interval: null,
        plans: [
          // Deliberately unsorted: tiers are sorted by max quantity, unbounded last.
          { planId: 'st-3', maxQuantity: null, price: '0.01' },
          { planId: 'st-1', maxQuantity: '100', price: '0' },
          { planId: 'st-2', maxQuantity: '1000', price: '0.02' },
        ],
      },
      {
        service: 'cellar.outbound',
        dataUnit: 'B',
        secability: 'secable',
        quantityForPrice: '1000000000',
        interval: null,
        plans: [{ planId: 'out-1', maxQuantity: null, price: '0.09' }],
      },
    ],
    ...over,
  };
}

let nextId = 1;

export function iv(over: Partial<UsageInterval> & { start: number; end: number }): UsageInterval {
  const id = over.id ?? nextId++;
  return {
    id,
    ownerId: 'orga_1',
    itemType: 'uptime',
    itemId: 'app_1',
    itemName: 'web',
    instanceId: 'i-1',
    priceId: 'apps.XS',
    flavorName: 'XS',
    sourceHint: 'apps',
    zoneId: 'par',
    source: { batchId: 1, file: 'usage.csv', row: String(id + 1) },
    ...over,
  };
}

export function countable(over: Partial<CountableUsage> & { start: number; quantity: string }): CountableUsage {
  const id = over.id ?? nextId++;
  return {
    id,
    ownerId: 'orga_1',
    service: 'cellar.storage',
    itemId: 'cellar_1',
    itemName: 'bucket',
    planId: '',
    unit: 'GB',
    zoneId: 'par',
    end: null,
    source: { batchId: 1, file: 'usage.csv', row: String(id + 1) },
    ...over,
  };
}

export function task(over: Partial<ClassicUsage> & { start: number }): ClassicUsage {
  const id = over.id ?? nextId++;
  return {
    id,
    ownerId: 'orga_1',
    itemId: 'task_1',
    description: 'Migration support',
    unitPrice: '100',
    quantity: '1',
    priceFactor: '1',
    discount: '0',
    currency: 'EUR',
    source: { batchId: 2, file: 'tasks.csv', row: String(id + 1) },
    ...over,
  };
}

export function grant(over: Partial<CreditGrant> & { creditId: string; amount: string; validFrom: number }): CreditGrant {
  return {
    ownerId: 'orga_1',
    kind: 'prepaid',
    currency: 'EUR',
    grantedAt: over.validFrom,
    expiresAt: null,
    scope: 'all',
    description: '',
    source: { batchId: 3, file: 'credits.csv', row: '2' },
    ...over,
  };
}

export function input(over: Partial<RateInvoiceInput> = {}): RateInvoiceInput {
  return {
    ownerId: 'orga_1',
    period: '2021-03',
    timeZone: 'Europe/Paris',
    granularitySeconds: 600,
    currency: 'EUR',
    vatPercent: '20',
    catalogs: [catalog()],
    intervals: [],
    countables: [],
    tasks: [],
    credits: [],
    ...over,
  };
}
