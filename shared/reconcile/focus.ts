// FOCUS files as invoices (docs/focus.md), pure: who the owner is and which period, how rows make
// lines, how each row is re-checked from its own unit prices, and how the rows' sums compare with
// the invoice totals the provider gave. The core loads and stores (electron/core/jobs/focus.ts).
import { compareText } from '../kinds';
import { D, type DecimalValue, exactMoneyString, exactString, moneyString, roundMoney } from '../money';
import { periodOf } from '../time';
import {
  FOCUS_LINE_KINDS,
  LINE_STATUSES,
  type Dec,
  type EpochMs,
  type FocusLineKind,
  type LineKind,
  type LineStatus,
  type PeriodId,
  type RatedLine,
} from '../types';
import type { ReconciledLine, ReconciliationSummary } from './match';
import { statusOf, toleranceParts, toleranceText, unexplainedStatus, type Tolerance } from './status';
import { lineTotals } from './totals';

/** FOCUS instants are UTC, and so are its periods: the workspace time zone never moves them. */
export const FOCUS_TIME_ZONE = 'UTC';

/** A FOCUS owner is a billing account in one currency. */
export function focusOwnerId(billingAccountId: string, currency: string): string {
  return `${billingAccountId}:${currency}`;
}

/** The account and currency of a FOCUS owner id (the currency is the last three letters). */
export function parseFocusOwnerId(ownerId: string): { billingAccountId: string; currency: string } | null {
  const m = /^([\s\S]+):([A-Z]{3})$/.exec(ownerId);
  return m ? { billingAccountId: m[1]!, currency: m[2]! } : null;
}

/** A FOCUS billing period is the workspace period of its BillingPeriodStart's month in UTC. */
export function focusPeriodOf(billingPeriodStart: EpochMs): PeriodId {
  return periodOf(billingPeriodStart, FOCUS_TIME_ZONE);
}

/** The line kind of a ChargeCategory (Usage → usage). */
export function focusKind(chargeCategory: string): FocusLineKind {
  const k = chargeCategory.toLowerCase();
  const kind = FOCUS_LINE_KINDS.find((x) => x === k);
  if (kind === undefined) throw new Error(`"${chargeCategory}" is not a FOCUS ChargeCategory`);
  return kind;
}

/** The ChargeCategory of a FOCUS line kind (usage → Usage). */
export function focusCategory(kind: LineKind): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}

/**
 * A FOCUS line's key: the rows of one charge category, service and resource. The same string
 * shape as every line key (owner|kind|item|price item), with the service in the last place.
 */
export function focusLineKey(ownerId: string, chargeCategory: string, resourceId: string, serviceName: string): string {
  return `${ownerId}|${focusKind(chargeCategory)}|${resourceId}|${serviceName}`;
}

/** What a row's checks and its line need. */
export interface FocusRowInput {
  file: string;
  sourceRow: string;
  invoiceId: string | null;
  chargeCategory: string;
  chargeClass: string | null;
  serviceName: string;
  resourceId: string;
  skuId: string | null;
  skuPriceId: string | null;
  billedCost: Dec;
  listCost: Dec | null;
  listUnitPrice: Dec | null;
  contractedCost: Dec | null;
  contractedUnitPrice: Dec | null;
  pricingQuantity: Dec | null;
}

export type FocusCheck = 'ListCost' | 'ContractedCost';

/** A row whose cost is not its unit price × PricingQuantity, to the cent. */
export interface RowFlag {
  file: string;
  row: string;
  check: FocusCheck;
  cost: Dec;
  unitPrice: Dec;
  quantity: Dec;
  /** unit price × quantity, exact. */
  expected: Dec;
}

const UNIT_PRICE: Record<FocusCheck, 'listUnitPrice' | 'contractedUnitPrice'> = { ListCost: 'listUnitPrice', ContractedCost: 'contractedUnitPrice' };
const COST: Record<FocusCheck, 'listCost' | 'contractedCost'> = { ListCost: 'listCost', ContractedCost: 'contractedCost' };

const UNIT_PRICE_COLUMN: Record<FocusCheck, string> = { ListCost: 'ListUnitPrice', ContractedCost: 'ContractedUnitPrice' };

/**
 * How a failed check reads, the same in the CLI and the app: "ListCost 9.99 but ListUnitPrice ×
 * PricingQuantity = 0.023" (the figures as the caller writes them).
 */
export function flagSentence(check: FocusCheck, cost: string, expected: string): string {
  return `${check} ${cost} but ${UNIT_PRICE_COLUMN[check]} × PricingQuantity = ${expected}`;
}

/**
 * The row's checks that fail: ListCost = ListUnitPrice × PricingQuantity and ContractedCost =
 * ContractedUnitPrice × PricingQuantity, compared rounded to the currency's minor unit. FOCUS
 * requires them whenever the unit price and quantity are given, except on corrections.
 */
export function rowFlags(r: FocusRowInput, currency: string): RowFlag[] {
  if (r.chargeClass === 'Correction' || r.pricingQuantity === null) return [];
  const out: RowFlag[] = [];
  for (const check of ['ListCost', 'ContractedCost'] as const) {
    const unitPrice = r[UNIT_PRICE[check]];
    const cost = r[COST[check]];
    if (unitPrice === null || cost === null) continue;
    const expected = new D(unitPrice).times(r.pricingQuantity);
    if (!roundMoney(expected, currency).eq(roundMoney(new D(cost), currency))) {
      out.push({ file: r.file, row: r.sourceRow, check, cost, unitPrice, quantity: r.pricingQuantity, expected: exactString(expected) });
    }
  }
  return out;
}

/**
 * What the row should have billed: its BilledCost, corrected by how far its ContractedCost is from
 * ContractedUnitPrice × PricingQuantity when that check fails. The provider's own reductions
 * (ContractedCost − BilledCost: commitments, credits) are taken as given: the file cannot prove them.
 */
export function rowRecomputed(r: FocusRowInput, flags: readonly RowFlag[]): DecimalValue {
  const contracted = flags.find((f) => f.check === 'ContractedCost');
  const billed = new D(r.billedCost);
  return contracted ? billed.plus(contracted.expected).minus(contracted.cost) : billed;
}

/** A line's rows that break their unit prices: how many checks fail, and the first of them. */
export interface LineFlags {
  count: number;
  rows: RowFlag[];
}

/** What a FOCUS period's reconciliation adds to the summary. */
export interface FocusSummary {
  rows: number;
  /** Failed row checks, counted over every line. */
  flaggedRows: number;
  invoices: InvoiceCheck[];
}

/** Flags kept per line (the count is always exact). */
export const MAX_FLAGS_PER_LINE = 100;

export interface FocusLine {
  key: string;
  lineNo: number;
  kind: LineKind;
  /** ResourceId ('' for rows about no resource: taxes, account-level charges). */
  itemId: string;
  /** ServiceName. */
  itemName: string;
  /** The rows' SkuPriceId (else SkuId) when they share one, else how many there are. */
  priceItem: string;
  chargeCategory: string;
  serviceName: string;
  resourceId: string;
  rows: number;
  /** Σ BilledCost, exact. */
  billedExact: Dec;
  /** Σ of the rows' recomputed costs, exact. */
  recomputedExact: Dec;
  flagCount: number;
  flags: RowFlag[];
}

interface Acc {
  first: FocusRowInput;
  rows: number;
  billed: DecimalValue;
  recomputed: DecimalValue;
  skus: Set<string>;
  flagCount: number;
  flags: RowFlag[];
}

/** An invoice id's rows: their count and Σ BilledCost (exact). `''`: rows without an InvoiceId. */
export type InvoiceSums = Map<string, { rows: number; billed: DecimalValue }>;

/** Builds a FOCUS period's lines from its rows (any order), in invoice line order, and its invoices' sums. */
export function focusLines(ownerId: string, currency: string, rows: Iterable<FocusRowInput>): { lines: FocusLine[]; invoices: InvoiceSums } {
  const acc = new Map<string, Acc>();
  const invoices: InvoiceSums = new Map();
  for (const r of rows) {
    const key = focusLineKey(ownerId, r.chargeCategory, r.resourceId, r.serviceName);
    let a = acc.get(key);
    if (a === undefined) {
      a = { first: r, rows: 0, billed: new D(0), recomputed: new D(0), skus: new Set(), flagCount: 0, flags: [] };
      acc.set(key, a);
    }
    const flags = rowFlags(r, currency);
    a.rows++;
    a.billed = a.billed.plus(r.billedCost);
    a.recomputed = a.recomputed.plus(rowRecomputed(r, flags));
    const sku = r.skuPriceId ?? r.skuId;
    if (sku !== null && a.skus.size <= 1) a.skus.add(sku);
    a.flagCount += flags.length;
    for (const f of flags) if (a.flags.length < MAX_FLAGS_PER_LINE) a.flags.push(f);
    const inv = invoices.get(r.invoiceId ?? '') ?? { rows: 0, billed: new D(0) };
    inv.rows++;
    inv.billed = inv.billed.plus(r.billedCost);
    invoices.set(r.invoiceId ?? '', inv);
  }
  const rank = (c: string) => FOCUS_LINE_KINDS.indexOf(focusKind(c));
  const lines = [...acc.entries()]
    .map(([key, a]): Omit<FocusLine, 'lineNo'> => ({
      key,
      kind: focusKind(a.first.chargeCategory),
      itemId: a.first.resourceId,
      itemName: a.first.serviceName,
      priceItem: a.skus.size === 1 ? [...a.skus][0]! : a.skus.size > 1 ? 'several SKUs' : '',
      chargeCategory: a.first.chargeCategory,
      serviceName: a.first.serviceName,
      resourceId: a.first.resourceId,
      rows: a.rows,
      billedExact: exactString(a.billed),
      recomputedExact: exactString(a.recomputed),
      flagCount: a.flagCount,
      flags: a.flags,
    }))
    .sort((x, y) => rank(x.chargeCategory) - rank(y.chargeCategory) || compareText(x.serviceName, y.serviceName) || compareText(x.resourceId, y.resourceId))
    .map((l, i) => ({ ...l, lineNo: i + 1 }));
  return { lines, invoices };
}

/** An invoice total the provider gave (imported or typed in). `invoiceId` '' = the whole account and period. */
export interface InvoiceTotal {
  invoiceId: string;
  amount: Dec;
  /** Where it comes from, as people read it: "totals.csv, row 3" or "typed by Ada". */
  source: string;
}

/** One invoice of a FOCUS period: its total against the sum of its rows. */
export interface InvoiceCheck {
  /** '' = the billing account's whole period. */
  invoiceId: string;
  /** The invoice's total; null when none was given. */
  total: Dec | null;
  source: string | null;
  rows: number;
  /** Σ BilledCost of its rows, rounded to the minor unit. */
  rowsTotal: Dec;
  /** total − rowsTotal; null without a total. */
  difference: Dec | null;
  /** null: nothing to compare with (no total given). */
  status: LineStatus | null;
  sentence: string;
}

function sentenceOf(c: Omit<InvoiceCheck, 'sentence'>, currency: string, tolerance: Tolerance, onlyRowsWithoutId: boolean): string {
  const what = c.invoiceId !== '' ? `Invoice ${c.invoiceId}` : onlyRowsWithoutId ? 'Rows without an InvoiceId' : 'The account’s invoices of the period';
  if (c.total === null) return `${what}: no invoice total given, the FOCUS rows sum to ${c.rowsTotal} (import the invoice totals or type the total in)`;
  const given = `${what}: invoiced ${c.total} (${c.source})`;
  if (c.rows === 0)
    return `${given}, no FOCUS row ${c.invoiceId === '' ? 'of this account and period' : 'names it'}: ${c.status === 'match' ? 'nothing to explain, a match' : 'an unexplained charge'}`;
  const diff = new D(c.difference!);
  const verdict =
    c.status === 'match'
      ? `within the ${toleranceText(tolerance)} tolerance, a match`
      : `${moneyString(diff.abs(), currency)} ${diff.gt(0) ? 'more' : 'less'}, beyond the ${toleranceText(tolerance)} tolerance: ${c.status === 'over_billed' ? 'over-billed' : 'under-billed'}`;
  return `${given}, its ${c.rows} FOCUS row${c.rows === 1 ? '' : 's'} sum to ${c.rowsTotal}: ${verdict}`;
}

/**
 * Reconciliation (a): each invoice total against Σ BilledCost of its rows (by InvoiceId; a total
 * without one against every row of the account and period). The invoice total is the billed side,
 * the rows the recomputed one. Without an account-level total, each InvoiceId (and the rows
 * without one) that no total speaks for is listed unchecked.
 */
export function checkInvoices(invoices: InvoiceSums, totals: readonly InvoiceTotal[], currency: string, tolerance: Tolerance): InvoiceCheck[] {
  const money = (v: DecimalValue) => moneyString(v, currency);
  const none = { rows: 0, billed: new D(0) };
  const all = { rows: 0, billed: new D(0) };
  for (const s of invoices.values()) {
    all.rows += s.rows;
    all.billed = all.billed.plus(s.billed);
  }
  const latest = new Map<string, InvoiceTotal>();
  for (const t of totals) latest.set(t.invoiceId, t);
  const out: Omit<InvoiceCheck, 'sentence'>[] = [];
  for (const t of latest.values()) {
    const sums = t.invoiceId === '' ? all : (invoices.get(t.invoiceId) ?? none);
    const rowsTotal = money(sums.billed);
    const total = money(new D(t.amount));
    const status = sums.rows === 0 ? unexplainedStatus(total, tolerance) : statusOf(rowsTotal, total, tolerance);
    out.push({ invoiceId: t.invoiceId, total, source: t.source, rows: sums.rows, rowsTotal, difference: money(new D(total).minus(rowsTotal)), status });
  }
  if (!latest.has('')) {
    for (const [id, sums] of invoices) {
      if (!latest.has(id))
        out.push({ invoiceId: id, total: null, source: null, rows: sums.rows, rowsTotal: money(sums.billed), difference: null, status: null });
    }
  }
  const withIds = [...invoices.keys()].some((id) => id !== '');
  out.sort((a, b) => compareText(a.invoiceId, b.invoiceId));
  return out.map((c) => ({ ...c, sentence: sentenceOf(c, currency, tolerance, c.total === null && withIds) }));
}

/**
 * Reconciliation (b) at line level: each rated line (recomputed from its rows) against Σ
 * BilledCost of the same rows. Both sides stay exact, as the provider gave them (FOCUS costs are
 * not rounded per line: rounding thousands of sub-cent lines would invent differences); the
 * variance and the billed total are exact too, as for any invoice (docs/rating.md, "Reconciliation").
 */
export function reconcileFocusLines(
  rated: readonly RatedLine[],
  lines: readonly FocusLine[],
  currency: string,
  subtotal: Dec,
  tolerance: Tolerance,
): { summary: Omit<ReconciliationSummary, 'invoiceNumbers' | 'focus'>; lines: ReconciledLine[] } {
  const exact = (v: Dec | DecimalValue) => exactMoneyString(v, currency);
  const byKey = new Map(lines.map((l) => [l.key, l]));
  const counts = Object.fromEntries(LINE_STATUSES.map((st) => [st, 0])) as Record<LineStatus, number>;
  let billedTotal = new D(0);
  const out = rated.map((r): ReconciledLine => {
    const f = byKey.get(r.key);
    const billed = f?.billedExact ?? null;
    if (billed !== null) billedTotal = billedTotal.plus(billed);
    const status = statusOf(r.amountPerSecond, billed, tolerance);
    counts[status]++;
    return {
      key: r.key,
      lineNo: r.lineNo,
      kind: r.kind,
      itemId: r.itemId,
      itemName: r.itemName,
      priceItem: r.priceItem,
      instances: r.instances,
      billableSeconds: r.billableSeconds,
      unitPrice: r.unitPrice,
      amountPerSecond: r.amountPerSecond,
      amountLegacy: r.amountLegacy,
      difference: r.difference,
      credit: r.credit,
      net: r.net,
      billed,
      variance: exact(new D(billed ?? 0).minus(r.amountPerSecond)),
      status,
      ...(f && f.flagCount > 0 ? { flags: { count: f.flagCount, rows: f.flags } } : {}),
    };
  });
  const billedText = exact(billedTotal);
  return {
    summary: {
      currency,
      billedTotal: billedText,
      recomputedTotal: subtotal,
      variance: exact(new D(billedText).minus(subtotal)),
      counts,
      tolerance: toleranceParts(tolerance).amount,
      ...(toleranceParts(tolerance).percent !== null ? { tolerancePercent: toleranceParts(tolerance).percent } : {}),
      lineTotals: lineTotals(
        out.map((l) => [l.amountPerSecond, l.amountLegacy, l.credit, l.net, l.billed, l.variance] as const),
        currency,
      ),
    },
    lines: out,
  };
}
