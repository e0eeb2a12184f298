// Field readers shared by the sections of an invoice.
import { isObj, jsonDecimal, Rec } from '../../json/reader';
import type { Attrs } from '../../../store/usage/write';
import { currencyField, type DecimalOptions } from '../../values';

/** Money: a JSON number, a decimal string, or {amount, currency} (currency must be the invoice's). */
export function money(rec: Rec, field: string, currency: string, opts: DecimalOptions = {}): string | null {
  const v = rec.raw(field);
  if (isObj(v)) {
    const m = new Rec(v, rec.loc);
    const amount = jsonDecimal(rec.loc, `${field}.amount`, v.amount, { ...opts, required: true });
    if (m.has('currency')) {
      const cur = currencyField(rec.loc, `${field}.currency`, m.str('currency'));
      if (currency !== '' && cur !== currency) rec.loc.fail(`${field}.currency`, `differs from the invoice currency ${currency}`, cur);
    }
    return amount;
  }
  return jsonDecimal(rec.loc, field, v, opts);
}

/** The scalar fields among `fields` with a non-empty value, kept as attributes. */
export function attrsOf(rec: Rec, fields: readonly string[]): Attrs {
  let out: Record<string, string> | null = null;
  for (const f of fields) {
    const v = rec.raw(f);
    if (v === undefined || v === null || isObj(v) || Array.isArray(v)) continue;
    const s = rec.str(f);
    if (s !== '') (out ??= {})[f] = s;
  }
  return out;
}
