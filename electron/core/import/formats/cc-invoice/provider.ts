// The invoice's keys beyond those rated and matched: the provider's own credit and tax figures,
// its address, vendor consumption, unusable instances, references… Kept as the invoice gives
// them (amounts checked and exact), so nothing of a real invoice is silently dropped, and shown
// beside the recomputed figures.
import type { ProviderFigures } from '../../../../../shared/contract/api';
import { isObj, JNum, type JVal, type Rec } from '../../json/reader';
import { money } from './fields';

/** Keys the other sections read (header, totals, owner, items). */
const READ_ELSEWHERE = new Set([
  'invoice_number',
  'status',
  'emission_date',
  'consumption_begin_date',
  'consumption_end_date',
  'currency',
  'vat_percent',
  'total_tax_excluded',
  'total_tax',
  'owner_id',
  'uptimes',
  'countables',
  'classic',
]);

const MONEY = {
  credit_balance_at_emission: 'creditBalanceAtEmission',
  upfront_credit_amount: 'upfrontCreditAmount',
  total_pending_upfront_before_emission: 'totalPendingUpfrontBeforeEmission',
} as const;

const COUPONS = { free_credits_available_this_period: 'freeCreditsThisPeriod', free_credits_available_next_period: 'freeCreditsNextPeriod' } as const;

/** JSON text with every number exactly as written. */
function exactJson(v: JVal): string {
  if (v instanceof JNum) return v.raw;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(exactJson).join(',')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${JSON.stringify(k)}:${exactJson(x)}`)
    .join(',')}}`;
}

/** A scalar as written (text trimmed), or null for an object or array. */
function scalarText(v: JVal): string | null {
  if (v instanceof JNum) return v.raw;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'boolean') return String(v);
  return null;
}

/** The keys of an object with a value, as text (objects and arrays as exact JSON). */
function textRecord(obj: Record<string, JVal>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== null) out[k] = scalarText(v) ?? exactJson(v);
  return out;
}

export function readProvider(inv: Rec, currency: string): ProviderFigures {
  const out: ProviderFigures = {
    creditBalanceAtEmission: null,
    upfrontCreditAmount: null,
    totalPendingUpfrontBeforeEmission: null,
    freeCreditsThisPeriod: [],
    freeCreditsNextPeriod: [],
    vendorConsumption: [],
    unusable: [],
    address: {},
    fields: {},
    other: {},
  };
  for (const [key, v] of Object.entries(inv.obj)) {
    if (READ_ELSEWHERE.has(key) || v === null) continue;
    if (key in MONEY) out[MONEY[key as keyof typeof MONEY]] = money(inv, key, currency, { allowNegative: true });
    else if (key in COUPONS) {
      out[COUPONS[key as keyof typeof COUPONS]] = inv.records(key).map((c) => ({
        name: c.str('name'),
        remaining: money(c, 'remaining', currency, { required: true, allowNegative: true })!,
      }));
    } else if (key === 'vendor_consumption') {
      out.vendorConsumption = inv.records(key).map((r) => ({
        itemId: r.str('item_id'),
        appId: r.str('app_id'),
        vendorId: r.str('vendor_id'),
        ownerId: r.str('owner_id'),
        price: money(r, 'price', currency, { required: true, allowNegative: true })!,
      }));
    } else if (key === 'unusable') out.unusable = inv.records(key).map((r) => textRecord(r.obj));
    else if (key === 'address' && isObj(v)) out.address = textRecord(v);
    else {
      const text = scalarText(v);
      if (text !== null) out.fields[key] = text;
      else out.other[key] = exactJson(v);
    }
  }
  return out;
}
