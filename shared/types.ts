// Domain types shared by the rating module, the Node core and the renderer.
// Money and prices are exact decimal strings (`Dec`), never JavaScript numbers.
// Instants are epoch milliseconds (UTC), with their digits below the millisecond beside them where
// kept (shared/instant.ts); periods are 'YYYY-MM' in the billing time zone.
import type { SubMs } from './instant';

/** An exact decimal written as a string, e.g. "0.4", "-12.345678901234". */
export type Dec = string;
/** Epoch milliseconds (UTC). Not money, so a number is fine. */
export type EpochMs = number;
/** A billing period, a calendar month in the workspace time zone: 'YYYY-MM'. */
export type PeriodId = string;

/** Kinds of a Clever Cloud invoice's lines (rated by Slicewise), in invoice order. */
export const CC_LINE_KINDS = ['application', 'build', 'addon', 'countable', 'task'] as const;
/** Kinds of a FOCUS invoice's lines: its rows' ChargeCategory (rated by the provider). */
export const FOCUS_LINE_KINDS = ['usage', 'purchase', 'credit', 'adjustment', 'tax'] as const;
export const LINE_KINDS = [...CC_LINE_KINDS, ...FOCUS_LINE_KINDS] as const;
export type LineKind = (typeof LINE_KINDS)[number];
export type CcLineKind = (typeof CC_LINE_KINDS)[number];
export type FocusLineKind = (typeof FOCUS_LINE_KINDS)[number];

/** The importable formats (detected from content; the user can override). */
export const IMPORT_FORMATS = ['cc-invoice', 'usage-csv', 'catalog', 'credits', 'focus', 'invoice-totals'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * How a spreadsheet wrote a file's dates ("5/1/25"), which cannot be told from the dates
 * themselves; the year may have 2 digits (20YY) or 4 whatever the name says.
 */
export const DATE_FORMATS = ['M/D/YYYY', 'D/M/YYYY', 'M/D/YY', 'D/M/YY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export const LEGACY_GRANULARITIES = [1, 60, 600, 3600] as const;

/** Where a row came from: the imported file and its spreadsheet row or JSON record path. */
export interface SourceRef {
  batchId: number;
  file: string;
  /** Spreadsheet row (header = 1, first data row = 2) or JSON path like `uptimes[3].details[7]`. */
  row: string;
}

// ---------- price catalog (docs/importers.md, docs/rating.md) ----------
export interface CatalogRuntime {
  runtimePolicyId: string;
  source: string; // 'apps' => application, anything else => addon
  flavor: string;
  pricePerHour: Dec;
  slugId: string | null;
}

export interface CatalogPlan {
  planId: string;
  /** Upper bound of the plan (cumulative quantity in data units); null = unbounded. */
  maxQuantity: Dec | null;
  /** Price of `quantityForPrice` data units in this plan (per time interval when the countable has one). */
  price: Dec;
}

/** `insecable`: only whole batches (or whole intervals) are billed; `secable`: any part. */
export const SECABILITIES = ['secable', 'insecable'] as const;
export type Secability = (typeof SECABILITIES)[number];

export interface CatalogCountable {
  service: string;
  dataUnit: string;
  /** Of the quantity: `insecable` rounds it up to whole batches of `quantityForPrice`. */
  secability: Secability;
  /** Plan prices are per this many data units (the batch). */
  quantityForPrice: Dec;
  /**
   * Plan prices are per quantity per this ISO-8601 duration (`PT1H`, `PT720H`, `P1M`), scaled
   * by the usage's duration; `insecable`: started intervals count whole. Null: per quantity.
   */
  interval: { duration: string; secability: Secability } | null;
  plans: CatalogPlan[];
}

export interface Catalog {
  id: number;
  zoneId: string;
  currency: string;
  /** Validity start (inclusive); null = since always. */
  startDate: EpochMs | null;
  /** Validity end (exclusive); null = open. */
  endDate: EpochMs | null;
  runtime: CatalogRuntime[];
  countable: CatalogCountable[];
}

// ---------- usage (docs/importers.md) ----------
export interface UsageInterval {
  id: number;
  ownerId: string;
  itemType: 'uptime' | 'build';
  itemId: string;
  itemName: string;
  instanceId: string;
  /**
   * A small integer standing for `instanceId`, equal for equal ids within one read and given to
   * every interval of that read or to none (electron/core/store/usage/read.ts): lets the rating
   * count distinct instances without holding their id strings.
   */
  instanceKey?: number;
  /** runtime_policy_id, slug (e.g. 'apps.XS') or empty; resolved against the catalog. */
  priceId: string;
  flavorName: string;
  /** Catalog source to use with flavorName when priceId is empty (e.g. 'apps'). */
  sourceHint: string;
  zoneId: string;
  start: EpochMs;
  end: EpochMs;
  /** Digits of `start` and `end` below the millisecond (shared/instant.ts); absent = ''. */
  startSub?: SubMs;
  endSub?: SubMs;
  source: SourceRef;
  /** A provider invoice's own row: the period its invoice is attached to. Absent: a usage-CSV row. */
  invoicePeriod?: PeriodId;
}

export interface CountableUsage {
  id: number;
  ownerId: string;
  service: string;
  itemId: string;
  itemName: string;
  planId: string;
  quantity: Dec;
  unit: string;
  zoneId: string;
  start: EpochMs;
  /** End of the span the quantity was measured over (priced per time interval); null: not given. */
  end: EpochMs | null;
  source: SourceRef;
  /** A provider invoice's own row: the period its invoice is attached to. Absent: a usage-CSV row. */
  invoicePeriod?: PeriodId;
}

export interface ClassicUsage {
  id: number;
  ownerId: string;
  itemId: string;
  description: string;
  unitPrice: Dec;
  quantity: Dec;
  priceFactor: Dec;
  discount: Dec;
  currency: string;
  start: EpochMs;
  source: SourceRef;
  /** A provider invoice's own row: the period its invoice is attached to. Absent: a usage-CSV row. */
  invoicePeriod?: PeriodId;
}

// ---------- credits (docs/rating.md, Credits) ----------
export interface CreditGrant {
  creditId: string;
  ownerId: string;
  kind: 'prepaid' | 'free';
  amount: Dec;
  currency: string;
  grantedAt: EpochMs;
  validFrom: EpochMs;
  expiresAt: EpochMs | null;
  /** 'all' or the line kinds it covers. */
  scope: 'all' | LineKind[];
  description: string;
  source: SourceRef;
}

// ---------- rating output (docs/rating.md) ----------
/** One step of an explanation: what was done, to which inputs, with what result. */
export interface ExplainStep {
  label: string;
  formula: string;
  value: string;
  /**
   * What the step is, for a screen that says it in words of its locale (renderer/src/i18n,
   * `calc.<code>`), with its figures exact; label and formula are the exact English form (CLI,
   * tooltips). Absent on steps stored before codes existed.
   */
  code?: string;
  params?: Record<string, ExplainParam>;
}

export type ExplainParam = string | number | Record<string, string | number>[];

/** One usage interval (or the part of it inside the period) as billed. */
export interface RatedDetail {
  intervalId: number;
  instanceId: string;
  priceItem: string;
  start: EpochMs;
  end: EpochMs;
  /** Digits of `start` and `end` below the millisecond (shared/instant.ts); absent = ''. */
  startSub?: SubMs;
  endSub?: SubMs;
  /** True when the interval was cut at a period boundary. */
  cut: boolean;
  billableSeconds: number;
  pricePerHour: Dec;
  /** seconds × price / 3600, unrounded (exact to 20 decimal places). */
  exactAmount: Dec;
  /** Started slices of the legacy granularity. */
  legacySlices: number;
  exactLegacyAmount: Dec;
  source: SourceRef;
}

export interface RatedLine {
  /** Stable identity across re-imports and re-ratings: `${ownerId}|${kind}|${itemId}|${priceItem}`. */
  key: string;
  /** 1-based position in the spec's line order. */
  lineNo: number;
  ownerId: string;
  kind: LineKind;
  itemId: string;
  itemName: string;
  priceItem: string;
  instances: number;
  billableSeconds: number;
  /** Hourly price (time-sliced lines), unit price (tasks, countables' first tier) or null. */
  unitPrice: Dec | null;
  /** Exact, unrounded amounts. */
  exactPerSecond: Dec;
  exactLegacy: Dec;
  /** Rounded half-up to the currency's minor unit. */
  amountPerSecond: Dec;
  amountLegacy: Dec;
  /** amountLegacy − amountPerSecond. */
  difference: Dec;
  credit: Dec;
  /** amountPerSecond − credit. */
  net: Dec;
  explanation: ExplainStep[];
  /** Present only when rating was asked for details. */
  details?: RatedDetail[];
}

export interface CreditAllocation {
  creditId: string;
  lineKey: string;
  lineNo: number;
  amount: Dec;
}

export interface CreditBalance {
  creditId: string;
  kind: 'prepaid' | 'free';
  scope: 'all' | LineKind[];
  expiresAt: EpochMs | null;
  opening: Dec;
  granted: Dec;
  used: Dec;
  expired: Dec;
  closing: Dec;
}

export interface RatedInvoice {
  ownerId: string;
  period: PeriodId;
  periodStart: EpochMs;
  periodEnd: EpochMs;
  timeZone: string;
  currency: string;
  granularitySeconds: number;
  lines: RatedLine[];
  subtotalPerSecond: Dec;
  subtotalLegacy: Dec;
  difference: Dec;
  creditsApplied: Dec;
  netBeforeTax: Dec;
  vatPercent: Dec;
  vat: Dec;
  total: Dec;
  allocations: CreditAllocation[];
  balances: CreditBalance[];
}

// ---------- reconciliation (docs/decisions.md, Reconciliation) ----------
export const LINE_STATUSES = ['match', 'over_billed', 'under_billed', 'missing_from_invoice', 'unexplained_charge'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

export const REVIEW_STATES = ['unreviewed', 'approved', 'disputed', 'resolved'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
