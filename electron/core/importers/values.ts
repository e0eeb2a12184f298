// Field parsers shared by every format. They never touch a JavaScript float for money: decimals
// are validated as text and kept as written (only the sign, leading zeros and a bare "." are
// normalized; exponent notation, where allowed, is expanded exactly).
import { DateTime } from 'luxon';
import { D } from '../../../shared/money';
import type { EpochMs } from '../../../shared/types';
import type { Loc } from './errors';

export interface DecimalOptions {
  required?: boolean;
  /** "1,5" means 1.5; "." is then refused; spaces between digit groups are allowed. */
  decimalComma?: boolean;
  /** Negative values allowed (default false). */
  allowNegative?: boolean;
  /** "1.5E-7" allowed and expanded exactly (default false: plain decimals only). */
  allowExponent?: boolean;
  /** Suggest the decimal comma option for "1,5" (CSV only; default true). */
  commaHint?: boolean;
}

const PLAIN = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const EXPONENT = /^[+-]?(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+$/;

/** Canonical text of a plain decimal: "+.50" → "0.50", "007" → "7", "5." → "5", "-0.0" → "0.0". */
export function normalizePlainDecimal(s: string): string | null {
  const m = PLAIN.exec(s);
  if (!m) return null;
  const intDigits = m[2] ?? '';
  const frac = m[3] ?? '';
  if (intDigits === '' && frac === '') return null;
  const int = intDigits.replace(/^0+(?=\d)/, '') || '0';
  const body = frac !== '' ? `${int}.${frac}` : int;
  const zero = /^0(\.0*)?$/.test(body);
  return m[1] === '-' && !zero ? `-${body}` : body;
}

/** Decimal arithmetic that never rounds in practice (1000 significant digits). */
export const Exact = D.clone({ precision: 1000 });
export type ExactValue = InstanceType<typeof Exact>;

/** Plain text of an exact value, "-0" written "0". */
export function exactString(v: ExactValue): string {
  const s = v.toFixed();
  return s === '-0' ? '0' : s;
}

/** Expands "1.5E-7" exactly to "0.00000015". */
export function expandExponent(s: string): string {
  return new D(s).toFixed();
}

const GROUP = '[\\s\\u00a0\\u202f]';
const HAS_GROUPING = new RegExp(`[.]|${GROUP}`);
const ALL_GROUPING = new RegExp(`[.]|${GROUP}`, 'g');
const GROUPED_INT = new RegExp(`^[+-]?\\d{1,3}((\\.\\d{3})+|(${GROUP}\\d{3})+)$`);
const HAS_SPACE = new RegExp(GROUP);
const ALL_SPACES = new RegExp(GROUP, 'g');
const SPACED_POINT_DECIMAL = new RegExp(`^[+-]?\\d{1,3}(${GROUP}\\d{3})+(\\.\\d*)?$`);
const DOTTED_THOUSANDS = /^[+-]?[1-9]\d{0,2}(\.\d{3})+$/;

/**
 * With the decimal comma option: "1234,5", "1 234,5" and "1.234,5" mean 1234.5; a value
 * without a comma is read with a decimal point ("90.00"), except "1.234"-like values (digits in
 * groups of three after dots), which would be ambiguous and are refused.
 */
function fromDecimalComma(loc: Loc, field: string, text: string): string {
  const bad = (why = 'is not a decimal number') => loc.fail(field, why, text);
  const commas = (text.match(/,/g) ?? []).length;
  if (commas > 1) bad('is not a decimal number (several decimal commas)');
  if (commas === 1) {
    const [int = '', frac = ''] = text.split(',');
    let digits = int;
    if (HAS_GROUPING.test(int)) {
      if (!GROUPED_INT.test(int)) bad();
      digits = int.replace(ALL_GROUPING, '');
    }
    if (!/^\d*$/.test(frac)) bad();
    return `${digits}.${frac}`;
  }
  if (DOTTED_THOUSANDS.test(text)) bad('is ambiguous with the decimal comma option (thousands dots, or a decimal point?): write 1234 or 1,234');
  if (HAS_SPACE.test(text)) {
    if (!SPACED_POINT_DECIMAL.test(text)) bad();
    return text.replace(ALL_SPACES, '');
  }
  return text;
}

/**
 * Parses a decimal written as text. Returns null for an empty value (when not required).
 * Errors name the field and the value.
 */
export function decimalField(loc: Loc, field: string, raw: string | null | undefined, opts: DecimalOptions = {}): string | null {
  const text = (raw ?? '').trim();
  if (text === '') {
    if (opts.required) loc.fail(field, 'is missing (a number is required)');
    return null;
  }
  let s = text;
  if (opts.decimalComma) s = fromDecimalComma(loc, field, text);
  let value = normalizePlainDecimal(s);
  if (value === null && opts.allowExponent && EXPONENT.test(s)) value = expandExponent(s);
  if (value === null) {
    const hint = !opts.decimalComma && opts.commaHint !== false && /^[+-]?\d+,\d+$/.test(s) ? ' (it has a decimal comma: set the decimal comma option)' : '';
    loc.fail(field, `is not a decimal number${hint}`, text);
  }
  if (!opts.allowNegative && value.startsWith('-')) loc.fail(field, 'is negative', text);
  return value;
}

export function textField(loc: Loc, field: string, raw: string | null | undefined, required = false): string {
  const v = (raw ?? '').trim();
  if (required && v === '') loc.fail(field, 'is missing (required)');
  return v;
}

export function currencyField(loc: Loc, field: string, raw: string | null | undefined, required = true): string {
  const v = (raw ?? '').trim();
  if (v === '') {
    if (required) loc.fail(field, 'is missing (a currency code like EUR is required)');
    return '';
  }
  if (!/^[A-Za-z]{3}$/.test(v)) loc.fail(field, 'is not a currency code (three letters, like EUR)', v);
  return v.toUpperCase();
}

/** Case-insensitive match against allowed values; returns the allowed spelling. */
export function enumField<T extends string>(loc: Loc, field: string, raw: string | null | undefined, allowed: readonly T[], required = true): T | null {
  const v = (raw ?? '').trim();
  if (v === '') {
    if (required) loc.fail(field, `is missing (one of ${allowed.join(', ')})`);
    return null;
  }
  const found = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
  if (found === undefined) loc.fail(field, `is not one of ${allowed.join(', ')}`, v);
  return found;
}

// ---------- instants ----------

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

type InstantParse =
  | { kind: 'instant'; ms: EpochMs }
  | { kind: 'local'; ms: EpochMs } // a date-time without offset, read as UTC
  | { kind: 'date'; y: number; m: number; d: number }
  | { kind: 'invalid' };

/** ISO-8601 date-time (offset optional), or a date alone. Milliseconds kept, finer digits dropped. */
export function parseIsoInstant(text: string): InstantParse {
  const dt = DATE_TIME.exec(text);
  if (dt) {
    const y = Number(dt[1]), mo = Number(dt[2]), d = Number(dt[3]), h = Number(dt[4]), mi = Number(dt[5]);
    const s = dt[6] !== undefined ? Number(dt[6]) : 0;
    const ms = dt[7] !== undefined ? Number(dt[7].slice(0, 3).padEnd(3, '0')) : 0;
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return { kind: 'invalid' };
    let t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    if (y < 100) t = new Date(t).setUTCFullYear(y);
    const off = dt[8];
    if (off === undefined) return { kind: 'local', ms: t };
    if (off !== 'Z' && off !== 'z') {
      const sign = off[0] === '-' ? -1 : 1;
      const digits = off.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2));
      const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
      if (oh > 18 || om > 59) return { kind: 'invalid' };
      t -= sign * (oh * 60 + om) * 60_000;
    }
    return { kind: 'instant', ms: t };
  }
  const d = DATE_ONLY.exec(text);
  if (d) {
    const y = Number(d[1]), mo = Number(d[2]), day = Number(d[3]);
    if (mo < 1 || mo > 12 || day < 1 || day > daysInMonth(y, mo)) return { kind: 'invalid' };
    return { kind: 'date', y, m: mo, d: day };
  }
  return { kind: 'invalid' };
}

export type InstantRule =
  /** An offset (or Z) is required; a date alone is refused too. */
  | { mode: 'offset' }
  /** No offset = UTC (FOCUS); a date alone is midnight UTC. */
  | { mode: 'utc' }
  /** An offset is required for a date-time; a date alone is midnight in `timeZone`. */
  | { mode: 'date-in-zone'; timeZone: string };

/**
 * Instants are accepted from 2000-01-01 to 2100-01-01 (UTC). Outside, a date is a typo or a
 * placeholder ("9999-12-31" for "never"): accepted, it would make every period list and rating
 * walk thousands of months.
 */
export const MIN_INSTANT = Date.UTC(2000, 0, 1);
export const MAX_INSTANT = Date.UTC(2100, 0, 1);

export function checkInstantRange(loc: Loc, field: string, ms: EpochMs, text: string): EpochMs {
  if (ms < MIN_INSTANT || ms > MAX_INSTANT) {
    loc.fail(field, 'is outside the years 2000 to 2099 that Slicewise accepts (a placeholder date? leave an open end empty where the format allows it)', text);
  }
  return ms;
}

export function instantField(loc: Loc, field: string, raw: string | null | undefined, rule: InstantRule, required: true): EpochMs;
export function instantField(loc: Loc, field: string, raw: string | null | undefined, rule: InstantRule, required?: boolean): EpochMs | null;
export function instantField(loc: Loc, field: string, raw: string | null | undefined, rule: InstantRule, required = false): EpochMs | null {
  const text = (raw ?? '').trim();
  if (text === '') {
    if (required) loc.fail(field, 'is missing (an ISO-8601 date-time with offset is required)');
    return null;
  }
  return checkInstantRange(loc, field, parseInstantText(loc, field, text, rule), text);
}

function parseInstantText(loc: Loc, field: string, text: string, rule: InstantRule): EpochMs {
  const p = parseIsoInstant(text);
  switch (p.kind) {
    case 'instant':
      return p.ms;
    case 'local':
      if (rule.mode === 'utc') return p.ms;
      return loc.fail(field, 'has no UTC offset (write it like 2021-03-01T10:00:00+01:00 or …Z)', text);
    case 'date':
      if (rule.mode === 'utc') return Date.UTC(p.y, p.m - 1, p.d);
      if (rule.mode === 'date-in-zone') {
        const dt = DateTime.fromObject({ year: p.y, month: p.m, day: p.d }, { zone: rule.timeZone });
        if (!dt.isValid) loc.fail(field, `cannot be placed in time zone ${rule.timeZone}`, text);
        return dt.toMillis();
      }
      return loc.fail(field, 'has no UTC offset (a date-time with offset is required, like 2021-03-01T00:00:00+01:00)', text);
    default:
      return loc.fail(field, 'is not an ISO-8601 date-time', text);
  }
}

/** ISO text of an instant, UTC, for messages. */
export function isoUtc(ms: EpochMs): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
