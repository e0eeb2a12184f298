// FOCUS rows (`focus_rows`): written as imported; read back per owner (billing account and
// currency) and period, in invoice-line order.
import type { SubMs } from '../../../shared/instant';
import type { EpochMs } from '../../../shared/types';
import type { Db } from './open';

export interface NewFocusRow {
  billingAccountId: string;
  billingAccountName: string | null;
  billingAccountType: string | null;
  providerName: string | null;
  invoiceId: string | null;
  invoiceIssuerName: string | null;
  billingPeriodStart: EpochMs;
  billingPeriodEnd: EpochMs | null;
  billingCurrency: string;
  serviceName: string;
  resourceId: string;
  resourceName: string | null;
  skuId: string | null;
  skuPriceId: string | null;
  chargeCategory: string;
  chargeClass: string | null;
  chargeDescription: string | null;
  billedCost: string;
  effectiveCost: string | null;
  listCost: string | null;
  listUnitPrice: string | null;
  contractedCost: string | null;
  contractedUnitPrice: string | null;
  pricingQuantity: string | null;
  pricingUnit: string | null;
  pricingCurrency: string | null;
  consumedQuantity: string | null;
  consumedUnit: string | null;
  chargePeriodStart: EpochMs | null;
  chargePeriodEnd: EpochMs | null;
  /** Digits of the charge period's instants below the millisecond (shared/instant.ts). */
  chargePeriodStartSub: SubMs;
  chargePeriodEndSub: SubMs;
  tagsJson: string | null;
  /** The row's other columns (header → value, nulls left out), as JSON; null when none. */
  attrsJson: string | null;
}

const COLUMNS: [keyof NewFocusRow, string][] = [
  ['billingAccountId', 'billing_account_id'],
  ['billingAccountName', 'billing_account_name'],
  ['billingAccountType', 'billing_account_type'],
  ['providerName', 'provider_name'],
  ['invoiceId', 'invoice_id'],
  ['invoiceIssuerName', 'invoice_issuer_name'],
  ['billingPeriodStart', 'billing_period_start'],
  ['billingPeriodEnd', 'billing_period_end'],
  ['billingCurrency', 'billing_currency'],
  ['serviceName', 'service_name'],
  ['resourceId', 'resource_id'],
  ['resourceName', 'resource_name'],
  ['skuId', 'sku_id'],
  ['skuPriceId', 'sku_price_id'],
  ['chargeCategory', 'charge_category'],
  ['chargeClass', 'charge_class'],
  ['chargeDescription', 'charge_description'],
  ['billedCost', 'billed_cost'],
  ['effectiveCost', 'effective_cost'],
  ['listCost', 'list_cost'],
  ['listUnitPrice', 'list_unit_price'],
  ['contractedCost', 'contracted_cost'],
  ['contractedUnitPrice', 'contracted_unit_price'],
  ['pricingQuantity', 'pricing_quantity'],
  ['pricingUnit', 'pricing_unit'],
  ['pricingCurrency', 'pricing_currency'],
  ['consumedQuantity', 'consumed_quantity'],
  ['consumedUnit', 'consumed_unit'],
  ['chargePeriodStart', 'charge_period_start'],
  ['chargePeriodEnd', 'charge_period_end'],
  ['chargePeriodStartSub', 'charge_period_start_sub'],
  ['chargePeriodEndSub', 'charge_period_end_sub'],
  ['tagsJson', 'tags_json'],
  ['attrsJson', 'attrs_json'],
];

/** Writes FOCUS rows of one batch, one call per row (prepared once). */
export function focusRowWriter(db: Db, batchId: number): (sourceRow: string, f: NewFocusRow) => void {
  const ins = db.prepare(
    `INSERT INTO focus_rows (batch_id, source_row, ${COLUMNS.map(([, c]) => c).join(', ')}) VALUES (?, ?, ${COLUMNS.map(() => '?').join(', ')})`,
  );
  return (sourceRow, f) => ins.run(batchId, sourceRow, ...COLUMNS.map(([k]) => f[k]));
}

/** A FOCUS owner's billing periods: one row per distinct BillingPeriodStart. */
export interface FocusOwnerPeriod {
  billingAccountId: string;
  currency: string;
  billingPeriodStart: EpochMs;
  accountName: string | null;
  providerName: string | null;
}

export function focusOwnerPeriods(db: Db): FocusOwnerPeriod[] {
  return db
    .prepare(
      `SELECT billing_account_id AS billingAccountId, billing_currency AS currency, billing_period_start AS billingPeriodStart,
              max(billing_account_name) AS accountName, max(provider_name) AS providerName
       FROM focus_rows GROUP BY billing_account_id, billing_currency, billing_period_start`,
    )
    .all() as FocusOwnerPeriod[];
}

/** One FOCUS row as a line is built from it. */
export interface FocusRowRecord {
  id: number;
  batchId: number;
  file: string;
  sourceRow: string;
  invoiceId: string | null;
  billingPeriodStart: EpochMs;
  billingPeriodEnd: EpochMs | null;
  chargeCategory: string;
  chargeClass: string | null;
  chargeDescription: string | null;
  serviceName: string;
  resourceId: string;
  resourceName: string | null;
  skuId: string | null;
  skuPriceId: string | null;
  billedCost: string;
  listCost: string | null;
  listUnitPrice: string | null;
  contractedCost: string | null;
  contractedUnitPrice: string | null;
  pricingQuantity: string | null;
  pricingUnit: string | null;
  chargePeriodStart: EpochMs | null;
  chargePeriodEnd: EpochMs | null;
  chargePeriodStartSub: SubMs;
  chargePeriodEndSub: SubMs;
}

/** Which rows: one owner's (billing account and currency), billing periods starting in [start, end), batches up to `upToBatch`. */
export interface FocusScope {
  billingAccountId: string;
  currency: string;
  start: EpochMs;
  end: EpochMs;
  upToBatch: number;
}

const SCOPE_SQL = `f.billing_account_id = @account AND f.billing_currency = @currency AND f.billing_period_start >= @start
  AND f.billing_period_start < @end AND f.batch_id <= @upTo`;

const scopeParams = (s: FocusScope) => ({ account: s.billingAccountId, currency: s.currency, start: s.start, end: s.end, upTo: s.upToBatch });

/** One line of a FOCUS period: its rows share service, resource and charge category. */
export interface FocusLineId {
  serviceName: string;
  resourceId: string;
  chargeCategory: string;
}

/** The owner's rows of the period (or of one of its lines), ordered by service, resource, category, then file and row. */
export function focusRowsOf(db: Db, scope: FocusScope, line?: FocusLineId): IterableIterator<FocusRowRecord> {
  const lineSql = line ? 'AND f.service_name = @service AND f.resource_id = @resource AND f.charge_category = @category' : '';
  const params = { ...scopeParams(scope), ...(line ? { service: line.serviceName, resource: line.resourceId, category: line.chargeCategory } : {}) };
  return db
    .prepare(
      `SELECT f.id, f.batch_id AS batchId, b.file_name AS file, f.source_row AS sourceRow, f.invoice_id AS invoiceId,
              f.billing_period_start AS billingPeriodStart, f.billing_period_end AS billingPeriodEnd, f.charge_category AS chargeCategory,
              f.charge_class AS chargeClass, f.charge_description AS chargeDescription, f.service_name AS serviceName, f.resource_id AS resourceId,
              f.resource_name AS resourceName, f.sku_id AS skuId, f.sku_price_id AS skuPriceId, f.billed_cost AS billedCost, f.list_cost AS listCost,
              f.list_unit_price AS listUnitPrice, f.contracted_cost AS contractedCost, f.contracted_unit_price AS contractedUnitPrice,
              f.pricing_quantity AS pricingQuantity, f.pricing_unit AS pricingUnit, f.charge_period_start AS chargePeriodStart,
              f.charge_period_end AS chargePeriodEnd, f.charge_period_start_sub AS chargePeriodStartSub, f.charge_period_end_sub AS chargePeriodEndSub
       FROM focus_rows f JOIN import_batches b ON b.id = f.batch_id
       WHERE ${SCOPE_SQL} ${lineSql}
       ORDER BY f.service_name, f.resource_id, f.charge_category, f.batch_id, f.id`,
    )
    .iterate(params) as IterableIterator<FocusRowRecord>;
}

/** The period's span as the rows give it: earliest BillingPeriodStart, latest BillingPeriodEnd. */
export function focusPeriodSpan(db: Db, scope: FocusScope): { start: EpochMs; end: EpochMs | null; accountName: string | null } | undefined {
  const r = db
    .prepare(
      `SELECT min(f.billing_period_start) AS start, max(f.billing_period_end) AS end, max(f.billing_account_name) AS accountName
       FROM focus_rows f WHERE ${SCOPE_SQL}`,
    )
    .get(scopeParams(scope)) as { start: EpochMs | null; end: EpochMs | null; accountName: string | null };
  return r.start === null ? undefined : { start: r.start, end: r.end, accountName: r.accountName };
}

/** The files the owner's rows of the period come from. */
export function focusSourceFiles(db: Db, scope: FocusScope): { batchId: number; name: string; sha256: string }[] {
  return db
    .prepare(
      `SELECT b.id AS batchId, b.file_name AS name, b.sha256 FROM import_batches b
       WHERE EXISTS (SELECT 1 FROM focus_rows f WHERE f.batch_id = b.id AND ${SCOPE_SQL}) ORDER BY b.id`,
    )
    .all(scopeParams(scope)) as { batchId: number; name: string; sha256: string }[];
}

/** Whether the workspace has FOCUS rows of the account in this currency, or invoice totals of the owner. */
export function hasFocusData(db: Db, owner: { billingAccountId: string; currency: string }, ownerId: string): boolean {
  const r = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM focus_rows WHERE billing_account_id = ? AND billing_currency = ?)
           OR EXISTS (SELECT 1 FROM invoice_totals WHERE owner_id = ?) AS yes`,
    )
    .get(owner.billingAccountId, owner.currency, ownerId) as { yes: number };
  return r.yes === 1;
}
