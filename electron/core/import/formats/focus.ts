// FOCUS 1.0+ CSV (docs/importers.md, "FOCUS"): rows already rated by the provider. Columns by
// name; literal NULL and empty cells are nulls; dates without offset are UTC (FOCUS says so);
// BilledCost exact.
import { focusRowWriter, type NewFocusRow } from '../../store/focus';
import { FOCUS_COLUMNS, FOCUS_REQUIRED } from '../csv/columns';
import { type DataRow, streamCsvTable } from '../csv/table';
import { Loc } from '../errors';
import type { ImportCtx } from '../types';
import { compareInstants } from '../../../../shared/instant';
import { currencyField, decimalField, enumField, exactInstantField, instantField, textField } from '../values';

export const CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'] as const;
export const CHARGE_CLASSES = ['Correction'] as const;

const UTC = { mode: 'utc' } as const;

export function convertFocusRow(file: string, r: DataRow, decimalComma: boolean): NewFocusRow {
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
  // Charge periods keep every fractional digit; billing periods are months, kept to the millisecond.
  const chargePeriodStart = exactInstantField(loc, 'ChargePeriodStart', get('ChargePeriodStart'), UTC);
  const chargePeriodEnd = exactInstantField(loc, 'ChargePeriodEnd', get('ChargePeriodEnd'), UTC);
  if (
    chargePeriodStart !== null &&
    chargePeriodEnd !== null &&
    compareInstants(chargePeriodEnd.ms, chargePeriodEnd.sub, chargePeriodStart.ms, chargePeriodStart.sub) < 0
  ) {
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
    chargePeriodStart: chargePeriodStart?.ms ?? null,
    chargePeriodEnd: chargePeriodEnd?.ms ?? null,
    chargePeriodStartSub: chargePeriodStart?.sub ?? '',
    chargePeriodEndSub: chargePeriodEnd?.sub ?? '',
    tagsJson: tags,
  };
}

export async function importFocus(ctx: ImportCtx): Promise<number> {
  const { file } = ctx;
  const write = focusRowWriter(ctx.db, ctx.begin());
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
      write(String(r.row), convertFocusRow(file, r, decimalComma));
      rows++;
    },
  );
  return rows;
}
