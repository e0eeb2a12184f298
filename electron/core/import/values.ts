// Field parsers shared by every format. They never touch a JavaScript float for money: decimals
// are validated as text and kept as written (only the sign, leading zeros and a bare "." are
// normalized; exponent notation, where allowed, is expanded exactly). Every decimal is checked
// against the bounds of an invoice value (shared/bounds.ts) before it is expanded or stored.
import { DateTime } from 'luxon';
import { boundsProblem } from '../../../shared/bounds';
import { D, unsignedZero } from '../../../shared/money';
import { type SubMs, isoUtcExact, trimSub } from '../../../shared/instant';
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
  return unsignedZero(m[1] === '-' ? `-${body}` : body);
}

/** Expands "1.5E-7" exactly to "0.00000015". Check the bounds first: "1e9000000000000000" would exhaust memory. */
export function expandExponent(s: string): string {
  return new D(s).toFixed();
}

/**
 * Refuses a value no invoice can have (beyond ±10^15, or more than 40 significant digits; see
 * docs/importers.md, "Bounds"), naming the field and showing `shown` (the value as written).
 */
export function checkDecimalBounds(loc: Loc, field: string, decimalText: string, shown = decimalText): void {
  const problem = boundsProblem(decimalText);
  if (problem !== null) loc.fail(field, problem, shown);
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
  const exponent = value === null && opts.allowExponent === true && EXPONENT.test(s);
  if (value === null && !exponent) {
    const hint = !opts.decimalComma && opts.commaHint !== false && /^[+-]?\d+,\d+$/.test(s) ? ' (it has a decimal comma: set the decimal comma option)' : '';
    loc.fail(field, `is not a decimal number${hint}`, text);
  }
  checkDecimalBounds(loc, field, s, text);
  value ??= expandExponent(s);
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
  // Written in the canonical spelling (the common case): no case folding. (Allowed values never
  // differ only by case, so this is the value the case-insensitive search would find.)
  const exact = allowed.indexOf(v as T);
  if (exact >= 0) return allowed[exact]!;
  const lower = v.toLowerCase();
  const found = allowed.find((a) => a.toLowerCase() === lower);
  if (found === undefined) loc.fail(field, `is not one of ${allowed.join(', ')}`, v);
  return found;
}

// ---------- instants ----------

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

type InstantParse =
  | { kind: 'instant'; ms: EpochMs }
  | { kind: 'local'; ms: EpochMs } // a date-time without offset, read as UTC
  | { kind: 'date'; y: number; m: number; d: number }
  | { kind: 'invalid' };

/**
 * ISO-8601 date-time (offset optional), or a date alone, to the millisecond (any number of
 * fractional digits is accepted: those below the millisecond are read by instantSub).
 * The common shape (`YYYY-MM-DDTHH:MM:SS[.fff]` with `Z` or a `±HH[:MM]` offset) takes the fast
 * path; anything else, valid or not, is decided by the general (regular expression) parser.
 */
export function parseIsoInstant(text: string): InstantParse {
  const fast = fastIsoInstantMs(text);
  if (fast === fast) return { kind: 'instant', ms: fast };
  return parseIsoInstantSlow(text);
}

/** The general parser (every accepted form). Exported for the property test of the fast path. */
export function parseIsoInstantSlow(text: string): InstantParse {
  const dt = DATE_TIME.exec(text);
  if (dt) {
    const y = Number(dt[1]),
      mo = Number(dt[2]),
      d = Number(dt[3]),
      h = Number(dt[4]),
      mi = Number(dt[5]);
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
    const y = Number(d[1]),
      mo = Number(d[2]),
      day = Number(d[3]);
    if (mo < 1 || mo > 12 || day < 1 || day > daysInMonth(y, mo)) return { kind: 'invalid' };
    return { kind: 'date', y, m: mo, d: day };
  }
  return { kind: 'invalid' };
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Two ASCII digits at i and i+1 (the caller checked the length), else -1. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Fast path of parseIsoInstant for the shape usage exports write, without regular expression or
 * allocation: `YYYY-MM-DD` `T`|`t`|space `HH:MM:SS`, optionally `.` or `,` and 1 to 9 digits, then
 * `Z`|`z` or `±HH`, `±HHMM`, `±HH:MM`. Returns the instant (epoch ms) when the text has this shape
 * and is a valid instant, NaN otherwise — NaN only means "ask the general parser", which then
 * accepts another form or refuses it. Same result as the general parser wherever it returns a
 * number (property test in test/import/values-json.test.ts).
 */
export function fastIsoInstantMs(s: string): number {
  const n = s.length;
  if (n < 20 || n > 40) return NaN;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return NaN;
  const yHi = digits2(s, 0);
  const yLo = digits2(s, 2);
  const mo = digits2(s, 5);
  const d = digits2(s, 8);
  const h = digits2(s, 11);
  const mi = digits2(s, 14);
  const sec = digits2(s, 17);
  if (yHi < 0 || yLo < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return NaN;
  const y = yHi * 100 + yLo;
  let i = 19;
  let c = s.charCodeAt(i);
  let ms = 0;
  if (c === 46 || c === 44) {
    const first = ++i;
    while (i < n) {
      const k = s.charCodeAt(i) - 48;
      if (k < 0 || k > 9) break;
      if (i - first < 3) ms = ms * 10 + k;
      i++;
    }
    const count = i - first;
    if (count < 1 || count > 9) return NaN;
    if (count === 1) ms *= 100;
    else if (count === 2) ms *= 10;
    c = s.charCodeAt(i);
  }
  let offsetMs = 0;
  if (c === 90 || c === 122) {
    if (i !== n - 1) return NaN;
  } else if (c === 43 || c === 45) {
    const rest = n - i - 1;
    const oh = digits2(s, i + 1);
    let om = 0;
    if (rest === 5 && s.charCodeAt(i + 3) === 58) om = digits2(s, i + 4);
    else if (rest === 4) om = digits2(s, i + 3);
    else if (rest !== 2) return NaN;
    if (oh < 0 || om < 0 || oh > 18 || om > 59) return NaN;
    offsetMs = (oh * 60 + om) * 60_000;
    if (c === 43) offsetMs = -offsetMs;
  } else {
    return NaN;
  }
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return NaN;
  if (d > DAYS_IN_MONTH[mo]! && !(mo === 2 && d === 29 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return NaN;
  return daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms + offsetMs;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (as Date.UTC counts them). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
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

/**
 * The digits below the millisecond of an instant's text that the parser accepted ('' for none,
 * trailing zeros dropped): a fraction of a second always starts at index 19, after `…THH:MM:SS`.
 */
export function instantSub(text: string): SubMs {
  const c = text.charCodeAt(19);
  if (c !== 46 && c !== 44) return '';
  let i = 20;
  for (let k = text.charCodeAt(i); k >= 48 && k <= 57; k = text.charCodeAt(++i));
  return i > 23 ? trimSub(text.slice(23, i)) : '';
}

/**
 * An instant to the millisecond, for fields whose finer digits Slicewise does not keep (period
 * and validity dates): digits below the millisecond other than zeros are refused, never dropped.
 */
export function instantField(loc: Loc, field: string, raw: string | null | undefined, rule: InstantRule, required: true): EpochMs;
export function instantField(loc: Loc, field: string, raw: string | null | undefined, rule: InstantRule, required?: boolean): EpochMs | null;
export function instantField(loc: Loc, field: string, raw: string | null | undefined, rule: InstantRule, required = false): EpochMs | null {
  const text = (raw ?? '').trim();
  if (text === '') {
    if (required) loc.fail(field, 'is missing (an ISO-8601 date-time with offset is required)');
    return null;
  }
  const ms = parseInstantMs(loc, field, text, rule);
  if (instantSub(text) !== '') {
    loc.fail(field, 'has digits below the millisecond: this date is kept to the millisecond (only consumption instants keep finer digits)', text);
  }
  return ms;
}

/** An exact instant: epoch ms and the digits below the millisecond (shared/instant.ts). */
export interface ExactInstant {
  ms: EpochMs;
  sub: SubMs;
}

/** An instant with every fractional digit given (consumption instants). */
export function exactInstantField(loc: Loc, field: string, raw: string | null | undefined, rule: InstantRule, required: true): ExactInstant;
export function exactInstantField(loc: Loc, field: string, raw: string | null | undefined, rule: InstantRule, required?: boolean): ExactInstant | null;
export function exactInstantField(loc: Loc, field: string, raw: string | null | undefined, rule: InstantRule, required = false): ExactInstant | null {
  const text = (raw ?? '').trim();
  if (text === '') {
    if (required) loc.fail(field, 'is missing (an ISO-8601 date-time with offset is required)');
    return null;
  }
  const ms = parseInstantMs(loc, field, text, rule);
  const sub = instantSub(text);
  if (ms === MAX_INSTANT && sub !== '') checkInstantRange(loc, field, ms + 1, text);
  return { ms, sub };
}

function parseInstantMs(loc: Loc, field: string, text: string, rule: InstantRule): EpochMs {
  const fast = fastIsoInstantMs(text);
  return checkInstantRange(loc, field, fast === fast ? fast : parseInstantText(loc, field, text, rule), text);
}

// Called when the fast path (fastIsoInstantMs) did not give an instant.
function parseInstantText(loc: Loc, field: string, text: string, rule: InstantRule): EpochMs {
  const p = parseIsoInstantSlow(text);
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

/** ISO text of an instant, UTC, for messages (with its digits below the millisecond, if any). */
export function isoUtc(ms: EpochMs, sub: SubMs = ''): string {
  return sub === '' ? new Date(ms).toISOString().replace('.000Z', 'Z') : isoUtcExact(ms, sub);
}
