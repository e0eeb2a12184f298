// FOCUS rows (`focus_rows`): written as imported, read back in invoice-line order.
import type { SubMs } from '../../../shared/instant';
import type { EpochMs } from '../../../shared/types';
import type { Db } from './open';

export interface NewFocusRow {
  billingAccountId: string;
  billingAccountName: string | null;
  providerName: string | null;
  billingPeriodStart: EpochMs;
  billingPeriodEnd: EpochMs | null;
  billingCurrency: string;
  serviceName: string;
  resourceId: string;
  chargeCategory: string;
  chargeClass: string | null;
  chargeDescription: string | null;
  billedCost: string;
  effectiveCost: string | null;
  listCost: string | null;
  consumedQuantity: string | null;
  consumedUnit: string | null;
  chargePeriodStart: EpochMs | null;
  chargePeriodEnd: EpochMs | null;
  /** Digits of the charge period's instants below the millisecond (shared/instant.ts). */
  chargePeriodStartSub: SubMs;
  chargePeriodEndSub: SubMs;
  tagsJson: string | null;
}

/** Writes FOCUS rows of one batch, one call per row (prepared once). */
export function focusRowWriter(db: Db, batchId: number): (sourceRow: string, f: NewFocusRow) => void {
  const ins = db.prepare(
    `INSERT INTO focus_rows (batch_id, source_row, billing_account_id, billing_account_name, provider_name, billing_period_start, billing_period_end,
       billing_currency, service_name, resource_id, charge_category, charge_class, charge_description, billed_cost, effective_cost, list_cost,
       consumed_quantity, consumed_unit, charge_period_start, charge_period_end, charge_period_start_sub, charge_period_end_sub, tags_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (sourceRow, f) =>
    ins.run(
      batchId,
      sourceRow,
      f.billingAccountId,
      f.billingAccountName,
      f.providerName,
      f.billingPeriodStart,
      f.billingPeriodEnd,
      f.billingCurrency,
      f.serviceName,
      f.resourceId,
      f.chargeCategory,
      f.chargeClass,
      f.chargeDescription,
      f.billedCost,
      f.effectiveCost,
      f.listCost,
      f.consumedQuantity,
      f.consumedUnit,
      f.chargePeriodStart,
      f.chargePeriodEnd,
      f.chargePeriodStartSub,
      f.chargePeriodEndSub,
      f.tagsJson,
    );
}

export interface FocusFilter {
  billingAccountId?: string;
  billingPeriodStart?: number;
  batchId?: number;
}

/** The cost of one FOCUS row with its invoice-line key (BilledCost as the TEXT decimal stored). */
export interface FocusCost {
  billingAccountId: string;
  billingPeriodStart: EpochMs;
  serviceName: string;
  resourceId: string;
  currency: string;
  billedCost: string;
}

/**
 * The FOCUS rows' costs, ordered by account, billing period, service, resource and currency: rows
 * of one invoice line come one after the other.
 */
export function focusCosts(db: Db, filter: FocusFilter = {}): IterableIterator<FocusCost> {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.billingAccountId !== undefined) {
    where.push('billing_account_id = @account');
    params.account = filter.billingAccountId;
  }
  if (filter.billingPeriodStart !== undefined) {
    where.push('billing_period_start = @period');
    params.period = filter.billingPeriodStart;
  }
  if (filter.batchId !== undefined) {
    where.push('batch_id = @batch');
    params.batch = filter.batchId;
  }
  return db
    .prepare(
      `SELECT billing_account_id AS billingAccountId, billing_period_start AS billingPeriodStart, service_name AS serviceName,
              resource_id AS resourceId, billing_currency AS currency, billed_cost AS billedCost
       FROM focus_rows ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY billing_account_id, billing_period_start, service_name, resource_id, billing_currency`,
    )
    .iterate(params) as IterableIterator<FocusCost>;
}
