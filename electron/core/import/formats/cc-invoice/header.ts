// The invoice's own fields: number, currency, consumption period, emission date, VAT and owner.
import type { Loc } from '../../errors';
import { isObj, type Rec } from '../../json/reader';
import { currencyField, type InstantRule } from '../../values';

export interface InvoiceHeader {
  invoiceNumber: string;
  currency: string;
  periodStart: number;
  periodEnd: number;
  emissionDate: number | null;
  vatPercent: string;
}

export function readHeader(inv: Rec, rule: InstantRule): InvoiceHeader {
  const loc: Loc = inv.loc;
  const invoiceNumber = inv.str('invoice_number', true);

  // Currency: the invoice's, else the one of total_tax_excluded {amount, currency}.
  let currency = inv.has('currency') ? currencyField(loc, 'currency', inv.str('currency')) : '';
  if (currency === '') {
    const t = inv.raw('total_tax_excluded');
    if (isObj(t) && typeof t.currency === 'string') currency = currencyField(loc, 'total_tax_excluded.currency', t.currency);
  }
  if (currency === '') loc.fail('currency', 'is missing (a currency code like EUR is required)');

  const periodStart = inv.instant('consumption_begin_date', rule, true)!;
  const periodEnd = inv.instant('consumption_end_date', rule, true)!;
  if (periodEnd <= periodStart)
    loc.fail('consumption_end_date', `is not after consumption_begin_date (${inv.str('consumption_begin_date')})`, inv.str('consumption_end_date'));
  const emissionDate = inv.instant('emission_date', rule);
  const vatPercent = inv.dec('vat_percent', { required: true })!;
  return { invoiceNumber, currency, periodStart, periodEnd, emissionDate, vatPercent };
}

/** Owner: the top-level owner_id, else the items' (which must agree: one invoice has one owner). */
export function readOwner(inv: Rec, items: readonly Rec[]): string {
  let ownerId = inv.str('owner_id');
  let ownerFrom = 'owner_id';
  for (const item of items) {
    const o = item.str('owner_id');
    if (o === '') continue;
    if (ownerId === '') {
      ownerId = o;
      ownerFrom = `${item.path}.owner_id`;
    } else if (o !== ownerId) {
      item.loc.fail('owner_id', `differs from the invoice's owner ${JSON.stringify(ownerId)} (${ownerFrom}): one invoice has one owner`, o);
    }
  }
  if (ownerId === '') inv.loc.fail('owner_id', 'is missing, and no uptimes/countables/classic item has one: the invoice owner is unknown');
  return ownerId;
}
