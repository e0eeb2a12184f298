// FOCUS 1.0+ CSV (SPEC 2.5): rows already rated by the provider. Columns by name; literal NULL
// and empty cells are nulls; dates without offset are UTC (FOCUS says so); BilledCost exact.
import type { Db } from '../../store/open';
import { FOCUS_COLUMNS, FOCUS_REQUIRED } from '../csv/columns';
import { type DataRow, streamCsvTable } from '../csv/stream';
import { Loc } from '../errors';
import type { ImportCtx } from '../types';
import { D, type DecimalValue, decString } from '../../../../shared/money';
import { currencyField, decimalField, enumField, instantField, textField } from '../values';

export const CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'] as const;
export const CHARGE_CLASSES = ['Correction'] as const;

export interface FocusRow {
  billingAccountId: string;
  billingAccountName: string | null;
  providerName: string | null;
  billingPeriodStart: number;
  billingPeriodEnd: number | null;
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
  chargePeriodStart: number | null;
  chargePeriodEnd: number | null;
  tagsJson: string | null;
}

const UTC = { mode: 'utc' } as const;

export function convertFocusRow(file: string, r: DataRow, decimalComma: boolean): FocusRow {
  const loc: Loc = new Loc(file, String(r.row));
  // FOCUS nulls: the literal NULL (unquoted in real files, but a quoted "NULL" reads the same) and empty cells.
  const get = (c: string): string => {
    const v = r.cols.get(r.fields, c).trim();
    return v === 'NULL' ? '' : v;
  };
  const opt = (c: string): string | null => {
    const v = get(c);
    return v === '' ? null : v;
  };
  const num = (c: string, required = false) => decimalField(loc, c, get(c), { required, decimalComma, allowNegative: true, allowExponent: true });
  const billingPeriodStart = instantField(loc, 'BillingPeriodStart', get('BillingPeriodStart'), UTC, true);
  const billingPeriodEnd = instantField(loc, 'BillingPeriodEnd', get('BillingPeriodEnd'), UTC);
  if (billingPeriodEnd !== null && billingPeriodEnd <= billingPeriodStart)
    loc.fail('BillingPeriodEnd', `is not after BillingPeriodStart (${get('BillingPeriodStart')})`, get('BillingPeriodEnd'));
  const chargePeriodStart = instantField(loc, 'ChargePeriodStart', get('ChargePeriodStart'), UTC);
  const chargePeriodEnd = instantField(loc, 'ChargePeriodEnd', get('ChargePeriodEnd'), UTC);
  if (chargePeriodStart !== null && chargePeriodEnd !== null && chargePeriodEnd < chargePeriodStart) {
    loc.fail('ChargePeriodEnd', `is before ChargePeriodStart (${get('ChargePeriodStart')})`, get('ChargePeriodEnd'));
  }
  const tags = opt('Tags');
  if (tags !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(tags);
    } catch {
      loc.fail('Tags', 'is not valid JSON', tags);
    }
    if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) loc.fail('Tags', 'is not a JSON object of tag names and values', tags);
  }
  const quantity = num('ConsumedQuantity');
  return {
    billingAccountId: textField(loc, 'BillingAccountId', get('BillingAccountId'), true),
    billingAccountName: opt('BillingAccountName'),
    providerName: opt('ProviderName') ?? opt('ServiceProviderName'),
    billingPeriodStart,
    billingPeriodEnd,
    billingCurrency: currencyField(loc, 'BillingCurrency', get('BillingCurrency')),
    serviceName: get('ServiceName'),
    resourceId: get('ResourceId'),
    chargeCategory: enumField(loc, 'ChargeCategory', get('ChargeCategory'), CHARGE_CATEGORIES)!,
    chargeClass: enumField(loc, 'ChargeClass', get('ChargeClass'), CHARGE_CLASSES, false),
    chargeDescription: opt('ChargeDescription'),
    billedCost: num('BilledCost', true)!,
    effectiveCost: num('EffectiveCost'),
    listCost: num('ListCost'),
    consumedQuantity: quantity,
    consumedUnit: opt('ConsumedUnit'),
    chargePeriodStart,
    chargePeriodEnd,
    tagsJson: tags,
  };
}

export async function importFocus(ctx: ImportCtx): Promise<number> {
  const { db, file } = ctx;
  const batchId = ctx.begin();
  const ins = db.prepare(
    `INSERT INTO focus_rows (batch_id, source_row, billing_account_id, billing_account_name, provider_name, billing_period_start, billing_period_end,
       billing_currency, service_name, resource_id, charge_category, charge_class, charge_description, billed_cost, effective_cost, list_cost,
       consumed_quantity, consumed_unit, charge_period_start, charge_period_end, tags_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const decimalComma = ctx.csv.decimalComma ?? false;
  let rows = 0;
  await streamCsvTable(
    ctx.path,
    file,
    {
      csv: ctx.csv,
      canonical: FOCUS_COLUMNS,
      required: FOCUS_REQUIRED,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onChunk: (b) => ctx.progress(b, rows),
    },
    (r) => {
      const f = convertFocusRow(file, r, decimalComma);
      ins.run(
        batchId,
        String(r.row),
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
        f.tagsJson,
      );
      rows++;
    },
  );
  return rows;
}

export interface FocusGroup {
  billingAccountId: string;
  billingPeriodStart: number;
  serviceName: string;
  resourceId: string;
  currency: string;
  /** Exact sum of BilledCost (summed as decimals, never as floats). */
  billedCost: string;
  rows: number;
}

export interface FocusFilter {
  billingAccountId?: string;
  billingPeriodStart?: number;
  batchId?: number;
}

/**
 * FOCUS rows grouped into invoice lines: BillingAccountId + BillingPeriodStart + ServiceName +
 * ResourceId (and currency, so amounts of different currencies are never added). Ordered by
 * those keys. Sums are exact: the TEXT decimals are added with decimal.js, not SQLite SUM().
 */
export function focusGroups(db: Db, filter: FocusFilter = {}): FocusGroup[] {
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
  const rows = db
    .prepare(
      `SELECT billing_account_id AS a, billing_period_start AS p, service_name AS s, resource_id AS r, billing_currency AS c, billed_cost AS cost
       FROM focus_rows ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY billing_account_id, billing_period_start, service_name, resource_id, billing_currency`,
    )
    .iterate(params) as IterableIterator<{ a: string; p: number; s: string; r: string; c: string; cost: string }>;
  const out: FocusGroup[] = [];
  let cur: (Omit<FocusGroup, 'billedCost'> & { sum: DecimalValue }) | null = null;
  const flush = () => {
    if (cur === null) return;
    const { sum, ...g } = cur;
    out.push({ ...g, billedCost: decString(sum) });
  };
  for (const row of rows) {
    if (
      cur === null ||
      cur.billingAccountId !== row.a ||
      cur.billingPeriodStart !== row.p ||
      cur.serviceName !== row.s ||
      cur.resourceId !== row.r ||
      cur.currency !== row.c
    ) {
      flush();
      cur = { billingAccountId: row.a, billingPeriodStart: row.p, serviceName: row.s, resourceId: row.r, currency: row.c, rows: 0, sum: new D(0) };
    }
    cur.sum = cur.sum.plus(row.cost);
    cur.rows++;
  }
  flush();
  return out;
}
