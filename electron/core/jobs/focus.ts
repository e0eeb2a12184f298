// FOCUS periods as invoices (docs/focus.md): "rating" one builds its lines from its rows (the
// provider rated them: each row re-checked from its unit prices), reconciling it compares the lines
// with the rows' BilledCost and the invoices' totals with the rows' sums. Pure rules in
// shared/reconcile/focus.ts; here they are fed from the store.
import { exactMoneyString, moneyString, sumDec } from '../../../shared/money';
import {
  checkInvoices,
  FOCUS_TIME_ZONE,
  type FocusLine,
  focusCategory,
  focusLines,
  focusOwnerId,
  focusPeriodOf,
  type InvoiceTotal,
  parseFocusOwnerId,
  reconcileFocusLines,
  type ReconciledLine,
  rowFlags,
  type ReconciliationSummary,
  type Tolerance,
} from '../../../shared/reconcile';
import { periodBounds } from '../../../shared/time';
import type { FocusRowView } from '../../../shared/contract/api';
import type { ExplainStep, LineKind, PeriodId, RatedDetail, RatedInvoice, RatedLine } from '../../../shared/types';
import {
  type FocusLineId,
  type FocusRowRecord,
  type FocusScope,
  focusOwnerPeriods,
  focusPeriodSpan,
  focusRowsOf,
  focusSourceFiles,
  hasFocusData,
} from '../store/focus';
import { appendAudit } from '../store/audit';
import { inputsVersion } from '../store/batches';
import { addTypedTotal, invoiceTotalPeriods, invoiceTotalsOf, invoiceTotalsSourceFiles, type StoredInvoiceTotal } from '../store/invoice-totals';
import type { Db } from '../store/open';
import { writeTransaction, type WriteIntent } from '../store/write-session';
import { ratedLinesOf, type StoredRun } from '../store/runs';

/** Whether the owner is a FOCUS billing account (in one currency) the workspace has rows or totals of. */
export function isFocusOwner(db: Db, ownerId: string): boolean {
  const owner = parseFocusOwnerId(ownerId);
  return owner !== null && hasFocusData(db, owner, ownerId);
}

/** A FOCUS owner's period in the workspace, with the account as the rows name it. */
export interface FocusPeriod {
  ownerId: string;
  period: PeriodId;
  accountName: string | null;
  provider: string | null;
}

/** Every FOCUS owner and period: of its rows (by BillingPeriodStart's month in UTC) and of invoice totals given. */
export function focusPeriods(db: Db): FocusPeriod[] {
  const out = new Map<string, FocusPeriod>();
  for (const r of focusOwnerPeriods(db)) {
    const ownerId = focusOwnerId(r.billingAccountId, r.currency);
    const period = focusPeriodOf(r.billingPeriodStart);
    const k = `${ownerId}|${period}`;
    const cur = out.get(k);
    out.set(k, { ownerId, period, accountName: cur?.accountName ?? r.accountName, provider: cur?.provider ?? r.providerName });
  }
  for (const t of invoiceTotalPeriods(db)) {
    const k = `${t.ownerId}|${t.period}`;
    if (!out.has(k)) out.set(k, { ...t, accountName: null, provider: null });
  }
  return [...out.values()];
}

/** The rows of an owner's period, from batches up to `upToBatch`. */
export function focusScope(ownerId: string, period: PeriodId, upToBatch: number): FocusScope {
  const owner = parseFocusOwnerId(ownerId);
  if (owner === null) throw new Error(`${ownerId} is not a FOCUS billing account`);
  const { start, end } = periodBounds(period, FOCUS_TIME_ZONE);
  return { ...owner, start, end, upToBatch };
}

function explanation(l: FocusLine): ExplainStep[] {
  const shown = l.flags.map((f) => `row ${f.row}`).join(', ');
  return [
    {
      label: 'FOCUS rows',
      formula: `rows of ${l.serviceName || '(no service)'}, ${l.resourceId || 'no resource'}, charge category ${l.chargeCategory}`,
      value: String(l.rows),
      code: 'focusRows',
      params: { rows: l.rows, service: l.serviceName, resource: l.resourceId, category: l.chargeCategory },
    },
    { label: 'Billed by the provider', formula: 'Σ BilledCost of the rows', value: l.billedExact, code: 'focusBilled', params: { billed: l.billedExact } },
    {
      label: 'Unit-price checks',
      formula: 'ListCost = ListUnitPrice × PricingQuantity and ContractedCost = ContractedUnitPrice × PricingQuantity, to the cent',
      value: l.flagCount === 0 ? 'every row holds' : `${l.flagCount} broken: ${shown}${l.flagCount > l.flags.length ? ', …' : ''}`,
      code: 'focusChecks',
      params: { broken: l.flagCount, rowList: l.flags.map((f) => f.row).join(', ') + (l.flagCount > l.flags.length ? ', …' : '') },
    },
    {
      label: 'Recomputed',
      formula: 'Σ BilledCost, each row whose ContractedCost breaks its check corrected by ContractedUnitPrice × PricingQuantity − ContractedCost',
      value: l.recomputedExact,
      code: 'focusRecomputed',
      params: { recomputed: l.recomputedExact },
    },
  ];
}

/** The owner's FOCUS period as a rated invoice: its lines, their amounts recomputed from the rows. No credit or VAT applies (credits and taxes are rows). */
export function focusInvoice(db: Db, ownerId: string, period: PeriodId, upToBatch: number, granularitySeconds: number): RatedInvoice {
  const scope = focusScope(ownerId, period, upToBatch);
  const { currency } = scope;
  const { lines } = focusLines(ownerId, currency, focusRowsOf(db, scope));
  const money = (v: string) => moneyString(v, currency);
  const zero = money('0');
  const rated: RatedLine[] = lines.map((l) => {
    // Exact, as the provider's costs are (reconcileFocusLines), and so are the period's sums below.
    const amount = l.recomputedExact;
    return {
      key: l.key,
      lineNo: l.lineNo,
      ownerId,
      kind: l.kind,
      itemId: l.itemId,
      itemName: l.itemName,
      priceItem: l.priceItem,
      instances: 0,
      billableSeconds: 0,
      unitPrice: null,
      exactPerSecond: l.recomputedExact,
      exactLegacy: l.recomputedExact,
      amountPerSecond: amount,
      amountLegacy: amount,
      difference: zero,
      credit: zero,
      net: amount,
      explanation: explanation(l),
    };
  });
  // The provider rated the rows and gave their costs exactly: no figure of a FOCUS period is
  // rounded, neither its lines nor their sums (docs/focus.md, "Lines"), so a period whose every
  // line matches has a variance of exactly 0. Only the screen and the terminal round for display.
  const subtotal = exactMoneyString(sumDec(rated.map((l) => l.amountPerSecond)), currency);
  const span = focusPeriodSpan(db, scope);
  const bounds = periodBounds(period, FOCUS_TIME_ZONE);
  return {
    ownerId,
    period,
    periodStart: span?.start ?? bounds.start,
    periodEnd: span?.end ?? bounds.end,
    timeZone: FOCUS_TIME_ZONE,
    currency,
    granularitySeconds,
    lines: rated,
    subtotalPerSecond: subtotal,
    subtotalLegacy: subtotal,
    difference: zero,
    creditsApplied: zero,
    netBeforeTax: subtotal,
    vatPercent: '0',
    vat: zero,
    total: subtotal,
    allocations: [],
    balances: [],
  };
}

function totalSource(t: StoredInvoiceTotal): string {
  if (t.file !== null) return `${t.file}, row ${t.sourceRow}`;
  return `typed by ${t.enteredBy ?? 'someone'} on ${new Date(t.enteredAt).toISOString().slice(0, 10)}`;
}

/** The invoice totals given for an owner's period, as the checks read them. */
export function invoiceTotalsFor(db: Db, ownerId: string, period: PeriodId): InvoiceTotal[] {
  return invoiceTotalsOf(db, ownerId, period).map((t) => ({ invoiceId: t.invoiceId, amount: t.amount, source: totalSource(t) }));
}

/**
 * Reconciles a rated FOCUS period: each line's recomputed amount against Σ BilledCost of its rows
 * (the rows the run rated), and each invoice total given against its rows' sum.
 */
export function reconcileFocus(db: Db, run: StoredRun, tolerance: Tolerance): { summary: ReconciliationSummary; lines: ReconciledLine[] } {
  const { ownerId, period, currency, inputsVersion } = run.invoice;
  const { lines, invoices } = focusLines(ownerId, currency, focusRowsOf(db, focusScope(ownerId, period, inputsVersion)));
  const base = reconcileFocusLines(ratedLinesOf(db, run.runId), lines, currency, run.invoice.subtotalPerSecond, tolerance);
  const summary: ReconciliationSummary = {
    ...base.summary,
    invoiceNumbers: [...invoices.keys()].filter((id) => id !== '').sort(),
    focus: {
      rows: lines.reduce((n, l) => n + l.rows, 0),
      flaggedRows: lines.reduce((n, l) => n + l.flagCount, 0),
      invoices: checkInvoices(invoices, invoiceTotalsFor(db, ownerId, period), currency, tolerance),
    },
  };
  return { summary, lines: base.lines };
}

/** Records a typed-in invoice total with its audit entry, in one write transaction. */
export async function recordInvoiceTotal(
  db: Db,
  t: { ownerId: string; period: PeriodId; invoiceId: string; amount: string },
  actor: string,
  onWait?: WriteIntent['onWait'],
): Promise<void> {
  const owner = parseFocusOwnerId(t.ownerId)!;
  await writeTransaction(db, { what: `invoice total of ${t.ownerId} ${t.period}`, ...(onWait ? { onWait } : {}) }, () => {
    const at = Date.now();
    const id = addTypedTotal(db, { ...t, billingAccountId: owner.billingAccountId, currency: owner.currency }, actor, at);
    appendAudit(db, { actor, action: 'invoice-total', subject: `${t.ownerId} ${t.period}`, detail: { id, invoiceId: t.invoiceId, amount: t.amount }, at });
  });
}

/** The invoice checks of an owner's period from its current rows and totals (before any reconciliation). */
export function currentInvoiceChecks(db: Db, ownerId: string, period: PeriodId, tolerance: Tolerance) {
  const scope = focusScope(ownerId, period, inputsVersion(db));
  const { invoices } = focusLines(ownerId, scope.currency, focusRowsOf(db, scope));
  return checkInvoices(invoices, invoiceTotalsFor(db, ownerId, period), scope.currency, tolerance);
}

/** The rows a FOCUS line is made of, from its displayed identity (kind, resource, service). */
export function focusLineOf(l: { kind: LineKind; itemId: string; itemName: string }): FocusLineId {
  return { chargeCategory: focusCategory(l.kind), resourceId: l.itemId, serviceName: l.itemName };
}

function rowView(r: FocusRowRecord, currency: string): FocusRowView {
  return {
    source: { batchId: r.batchId, file: r.file, row: r.sourceRow },
    invoiceId: r.invoiceId,
    chargeClass: r.chargeClass,
    chargeDescription: r.chargeDescription,
    sku: r.skuPriceId ?? r.skuId,
    chargePeriodStart: r.chargePeriodStart,
    chargePeriodEnd: r.chargePeriodEnd,
    chargePeriodStartSub: r.chargePeriodStartSub,
    chargePeriodEndSub: r.chargePeriodEndSub,
    pricingQuantity: r.pricingQuantity,
    pricingUnit: r.pricingUnit,
    listUnitPrice: r.listUnitPrice,
    listCost: r.listCost,
    contractedUnitPrice: r.contractedUnitPrice,
    contractedCost: r.contractedCost,
    billedCost: r.billedCost,
    flags: rowFlags(r, currency).map((f) => ({ check: f.check, cost: f.cost, expected: f.expected })),
  };
}

/** A FOCUS line's rows as its detail shows them (the first `limit`), from the rows the run rated. */
export function focusLineRows(db: Db, run: StoredRun, line: FocusLineId, limit: number): { rows: FocusRowView[]; total: number } {
  const { ownerId, period, currency, inputsVersion } = run.invoice;
  const rows: FocusRowView[] = [];
  let total = 0;
  for (const r of focusRowsOf(db, focusScope(ownerId, period, inputsVersion), line)) {
    if (total++ < limit) rows.push(rowView(r, currency));
  }
  return { rows, total };
}

/** The workbook's Details of a FOCUS period: each line's rows, line by line, with their source row. */
export function* focusDetails(
  db: Db,
  run: StoredRun,
  lines: readonly { lineNo: number; kind: LineKind; itemId: string; itemName: string }[],
): Generator<{ lineNo: number; itemId: string; detail: FocusDetail }> {
  const { ownerId, period, inputsVersion } = run.invoice;
  const scope = focusScope(ownerId, period, inputsVersion);
  for (const l of lines) {
    for (const r of focusRowsOf(db, scope, focusLineOf(l))) {
      yield {
        lineNo: l.lineNo,
        itemId: l.itemId,
        detail: {
          intervalId: r.id,
          instanceId: '',
          priceItem: r.skuPriceId ?? r.skuId ?? '',
          start: r.chargePeriodStart ?? r.billingPeriodStart,
          end: r.chargePeriodEnd ?? r.billingPeriodEnd ?? r.billingPeriodStart,
          startSub: r.chargePeriodStart === null ? '' : r.chargePeriodStartSub,
          endSub: r.chargePeriodEnd === null ? '' : r.chargePeriodEndSub,
          cut: false,
          billableSeconds: null,
          pricePerHour: null,
          exactAmount: r.billedCost,
          legacySlices: 0,
          exactLegacyAmount: r.billedCost,
          source: { batchId: r.batchId, file: r.file, row: r.sourceRow },
        },
      };
    }
  }
}

/** A Details row of a FOCUS line: a row, with no seconds and no hourly price. */
export type FocusDetail = Omit<RatedDetail, 'billableSeconds' | 'pricePerHour'> & { billableSeconds: null; pricePerHour: null };

/** The files a FOCUS period's workbook names: those of the rows it rated, then those of its invoice totals. */
export function focusSourceFilesOf(db: Db, run: StoredRun): { name: string; sha256: string }[] {
  const { ownerId, period, inputsVersion } = run.invoice;
  const files = [...focusSourceFiles(db, focusScope(ownerId, period, inputsVersion)), ...invoiceTotalsSourceFiles(db, ownerId, period)];
  return files.filter((f, i) => files.findIndex((g) => g.batchId === f.batchId) === i).map(({ name, sha256 }) => ({ name, sha256 }));
}
