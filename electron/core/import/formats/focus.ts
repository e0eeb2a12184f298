// FOCUS 1.0–1.3 CSV (docs/importers.md, "FOCUS"): rows already rated by the provider. Columns by
// name; literal NULL and empty cells are nulls; dates without offset are UTC (FOCUS says so), and
// a spreadsheet's short dates are read only in the format the user stated (focus-values.ts).
// Money exact. Columns Slicewise does not use are kept as the row's attributes.
import type { DateFormat } from '../../../../shared/types';
import { focusRowWriter, type NewFocusRow } from '../../store/focus';
import { FOCUS_COLUMNS, FOCUS_REQUIRED } from '../csv/columns';
import { type DataRow, streamCsvTable } from '../csv/table';
import { Loc } from '../errors';
import type { CsvOptions, ImportCtx } from '../types';
import { currencyField, enumField, textField } from '../values';
import { compareInstants } from '../../../../shared/instant';
import { focusDecimal, focusExactInstant, focusInstant, type FocusValueOptions } from './focus-values';

export const CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'] as const;
export const CHARGE_CLASSES = ['Correction'] as const;

/** FOCUS nulls: the literal NULL (any case: the specification's own examples write `null`) and empty cells. */
const isNull = (v: string) => v === '' || v.toUpperCase() === 'NULL';

export function focusValueOptions(csv: CsvOptions): FocusValueOptions {
  return { decimalComma: csv.decimalComma ?? false, dateFormat: csv.dateFormat as DateFormat | undefined };
}

export function convertFocusRow(file: string, r: DataRow, o: FocusValueOptions): NewFocusRow {
  const loc: Loc = new Loc(file, String(r.row));
  const get = (c: string): string => {
    const v = r.cols.get(r.fields, c).trim();
    return isNull(v) ? '' : v;
  };
  const opt = (c: string): string | null => {
    const v = get(c);
    return v === '' ? null : v;
  };
  const num = (c: string, required = false) => focusDecimal(loc, c, get(c), o, required);
  const instant = (c: string) => focusInstant(loc, c, get(c), o);
  const billingPeriodStart = focusInstant(loc, 'BillingPeriodStart', get('BillingPeriodStart'), o, true);
  const billingPeriodEnd = instant('BillingPeriodEnd');
  if (billingPeriodEnd !== null && billingPeriodEnd <= billingPeriodStart)
    loc.fail('BillingPeriodEnd', `is not after BillingPeriodStart (${get('BillingPeriodStart')})`, get('BillingPeriodEnd'));
  // Charge periods keep every fractional digit; billing periods are months, kept to the millisecond.
  const chargePeriodStart = focusExactInstant(loc, 'ChargePeriodStart', get('ChargePeriodStart'), o);
  const chargePeriodEnd = focusExactInstant(loc, 'ChargePeriodEnd', get('ChargePeriodEnd'), o);
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
  const attrs: Record<string, string> = {};
  for (const { name, index } of r.cols.extra) {
    const v = (r.fields[index] ?? '').trim();
    if (!isNull(v)) attrs[name] = v;
  }
  return {
    billingAccountId: textField(loc, 'BillingAccountId', get('BillingAccountId'), true),
    billingAccountName: opt('BillingAccountName'),
    billingAccountType: opt('BillingAccountType'),
    providerName: opt('ProviderName') ?? opt('ServiceProviderName'),
    invoiceId: opt('InvoiceId'),
    invoiceIssuerName: opt('InvoiceIssuerName'),
    billingPeriodStart,
    billingPeriodEnd,
    billingCurrency: currencyField(loc, 'BillingCurrency', get('BillingCurrency')),
    serviceName: get('ServiceName'),
    resourceId: get('ResourceId'),
    resourceName: opt('ResourceName'),
    skuId: opt('SkuId'),
    skuPriceId: opt('SkuPriceId'),
    chargeCategory: enumField(loc, 'ChargeCategory', get('ChargeCategory'), CHARGE_CATEGORIES)!,
    chargeClass: enumField(loc, 'ChargeClass', get('ChargeClass'), CHARGE_CLASSES, false),
    chargeDescription: opt('ChargeDescription'),
    billedCost: num('BilledCost', true)!,
    effectiveCost: num('EffectiveCost'),
    listCost: num('ListCost'),
    listUnitPrice: num('ListUnitPrice'),
    contractedCost: num('ContractedCost'),
    contractedUnitPrice: num('ContractedUnitPrice'),
    pricingQuantity: num('PricingQuantity'),
    pricingUnit: opt('PricingUnit'),
    // Prices may be in a virtual currency ("Token"): kept as written, not checked as ISO 4217.
    pricingCurrency: opt('PricingCurrency'),
    consumedQuantity: num('ConsumedQuantity'),
    consumedUnit: opt('ConsumedUnit'),
    chargePeriodStart: chargePeriodStart?.ms ?? null,
    chargePeriodEnd: chargePeriodEnd?.ms ?? null,
    chargePeriodStartSub: chargePeriodStart?.sub ?? '',
    chargePeriodEndSub: chargePeriodEnd?.sub ?? '',
    tagsJson: tags,
    attrsJson: Object.keys(attrs).length > 0 ? JSON.stringify(attrs) : null,
  };
}

export async function importFocus(ctx: ImportCtx): Promise<number> {
  const { file } = ctx;
  const write = focusRowWriter(ctx.db, ctx.begin());
  const o = focusValueOptions(ctx.csv);
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
      write(String(r.row), convertFocusRow(file, r, o));
      rows++;
    },
  );
  return rows;
}
