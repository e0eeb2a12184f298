// The values of FOCUS files and invoice-totals CSVs: date-times and amounts, as providers write
// them or as a spreadsheet saved them (the FOCUS specification's own examples: "5/1/25",
// "$10,000.00 "). A spreadsheet's short date cannot be read without knowing its day/month order,
// so it is refused until the user states the file's date format; stating it also says the file
// went through a spreadsheet, whose amounts may carry a currency sign and thousands separators.
import type { DateFormat, EpochMs } from '../../../../shared/types';
import type { Loc } from '../errors';
import { checkInstantRange, decimalField, type ExactInstant, exactInstantField, instantField } from '../values';

/** How the user said the file is written (import options). */
export interface FocusValueOptions {
  decimalComma: boolean;
  dateFormat: DateFormat | undefined;
}

const UTC = { mode: 'utc' } as const;

/** `5/1/25`, `05.01.2025`, optionally with a time `13:05` or `1:05:09`. */
const SHORT_DATE = /^(\d{1,2})([/.])(\d{1,2})\2(\d{2}|\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const STATE_FORMAT = 'state the file\'s date format (CLI --date-format M/D/YYYY or D/M/YYYY; "Date format" in the import screen)';

/**
 * A FOCUS date-time: ISO-8601, no offset meaning UTC (as FOCUS specifies); or a spreadsheet's
 * short date in the stated format, at UTC midnight (or the time written). The one place FOCUS
 * dates are read.
 */
export function focusInstant(loc: Loc, field: string, raw: string, o: FocusValueOptions, required: true): EpochMs;
export function focusInstant(loc: Loc, field: string, raw: string, o: FocusValueOptions, required?: boolean): EpochMs | null;
export function focusInstant(loc: Loc, field: string, raw: string, o: FocusValueOptions, required = false): EpochMs | null {
  const text = raw.trim();
  const m = SHORT_DATE.exec(text);
  if (m === null) return instantField(loc, field, text, UTC, required);
  if (o.dateFormat === undefined) {
    return loc.fail(field, `is a spreadsheet-formatted date whose day and month order cannot be told from it: ${STATE_FORMAT}`, text);
  }
  const [a, b] = [Number(m[1]), Number(m[3])];
  const [month, day] = o.dateFormat.startsWith('M/') ? [a, b] : [b, a];
  const year = m[4]!.length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
  const [h, mi, s] = [Number(m[5] ?? 0), Number(m[6] ?? 0), Number(m[7] ?? 0)];
  const ms = Date.UTC(year, month - 1, day, h, mi, s);
  const back = new Date(ms);
  if (month < 1 || month > 12 || back.getUTCDate() !== day || back.getUTCMonth() !== month - 1 || h > 23 || mi > 59 || s > 59) {
    return loc.fail(field, `is not a date in the stated format ${o.dateFormat}`, text);
  }
  return checkInstantRange(loc, field, ms, text);
}

/** A FOCUS date-time with every fractional digit (charge periods); a spreadsheet's short date has none. */
export function focusExactInstant(loc: Loc, field: string, raw: string, o: FocusValueOptions): ExactInstant | null {
  const text = raw.trim();
  if (SHORT_DATE.exec(text) === null) return exactInstantField(loc, field, text, UTC);
  const ms = focusInstant(loc, field, text, o);
  return ms === null ? null : { ms, sub: '' };
}

// A currency sign before or after the number, and a minus before either.
const CURRENCY_SIGN = /^(-?)\s*(?:[$€£¥]|[A-Z]{3}\s)?\s*(-?[\d.,\s\u00a0\u202f]+?)\s*(?:[$€£¥]|\s[A-Z]{3})?$/;
const POINT_GROUPED = /^-?\d{1,3}(,\d{3})+(\.\d*)?$/;

/**
 * A decimal amount. In a file the user said a spreadsheet wrote (a date format stated), a
 * currency sign and thousands separators are dropped first: `"$10,000.00 "` is 10000.00 (with the
 * decimal comma option, `1.000,50 €` is 1000.50).
 */
export function focusDecimal(loc: Loc, field: string, raw: string, o: FocusValueOptions, required = false): string | null {
  let text = raw.trim();
  if (o.dateFormat !== undefined && text !== '') {
    const m = CURRENCY_SIGN.exec(text);
    if (m !== null) {
      const body = `${m[1]}${m[2]!.trim()}`.replace(/^--/, '-');
      text = !o.decimalComma && POINT_GROUPED.test(body) ? body.replace(/,/g, '') : body;
    }
  }
  return decimalField(loc, field, text, { required, decimalComma: o.decimalComma, allowNegative: true, allowExponent: true });
}
