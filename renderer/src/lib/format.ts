// Locale-aware display of exact decimal strings, dates and durations.
//
// Money never becomes a JavaScript number here: a decimal string is split into sign, integer
// digits and fraction digits. The currency's minor digits and the rounding (once, half away from
// zero) are shared/money's, so the screen shows what the rating and the workbook hold; the locale
// only supplies the symbols (group and decimal separators, minus sign, currency sign and its
// position), read once from Intl.NumberFormat#formatToParts on a sample value.
import { intlLocale } from '../../../shared/dates';
import { D, minorUnits, roundMoney } from '../../../shared/money';

export type Locale = 'en' | 'fr';

const DEC_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;

interface Symbols {
  group: string;
  decimal: string;
  minus: string;
}

const symbolCache = new Map<string, Symbols>();

export { intlLocale };

function symbols(locale: Locale): Symbols {
  let s = symbolCache.get(locale);
  if (!s) {
    const parts = new Intl.NumberFormat(intlLocale(locale)).formatToParts(-1234567.5);
    s = {
      group: parts.find((p) => p.type === 'group')?.value ?? ',',
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
      minus: parts.find((p) => p.type === 'minusSign')?.value ?? '-',
    };
    symbolCache.set(locale, s);
  }
  return s;
}

/** Groups a string of digits by thousands with the given separator. */
export function groupDigits(digits: string, sep: string): string {
  const clean = digits.replace(/^0+(?=\d)/, '');
  let out = '';
  for (let i = 0; i < clean.length; i++) {
    if (i > 0 && (clean.length - i) % 3 === 0) out += sep;
    out += clean[i];
  }
  return out;
}

interface Split {
  negative: boolean;
  int: string;
  frac: string;
}

/**
 * Splits an exact decimal string, its fraction padded to `minFraction` places and trailing zeros
 * beyond them trimmed. Returns null when the text is not a plain decimal.
 */
export function splitDecimal(value: string, minFraction = 0): Split | null {
  const m = DEC_RE.exec(value.trim());
  if (!m) return null;
  let frac = m[3] ?? '';
  while (frac.length > minFraction && frac.endsWith('0')) frac = frac.slice(0, -1);
  while (frac.length < minFraction) frac += '0';
  const int = (m[2] ?? '0').replace(/^0+(?=\d)/, '');
  const isZero = /^0*$/.test(int) && /^0*$/.test(frac);
  return { negative: m[1] === '-' && !isZero, int, frac };
}

interface DecimalFormat {
  minFraction?: number;
  /** Show a + on positive values (variances). */
  signed?: boolean;
}

/** A decimal string for display, e.g. "1234.5" → "1,234.5" (en) or "1 234,5" (fr). */
export function formatDecimal(value: string | null | undefined, locale: Locale, opts: DecimalFormat = {}): string {
  if (value === null || value === undefined || value === '') return '';
  const s = splitDecimal(value, opts.minFraction ?? 0);
  if (!s) return value;
  const sym = symbols(locale);
  const sign = s.negative ? sym.minus : opts.signed && !/^0*$/.test(s.int + s.frac) ? '+' : '';
  return sign + groupDigits(s.int, sym.group) + (s.frac ? sym.decimal + s.frac : '');
}

/** Parts of a sample positive and negative amount: where the sign, digits and currency go. */
interface CurrencyPattern {
  positive: Intl.NumberFormatPart[];
  negative: Intl.NumberFormatPart[];
}

const currencyCache = new Map<string, CurrencyPattern>();

function currencyPattern(currency: string, locale: Locale): CurrencyPattern {
  const key = `${locale}|${currency}`;
  let p = currencyCache.get(key);
  if (!p) {
    // One fraction digit in the sample, whatever Intl thinks the currency has: the digits shown
    // are the minor unit's (shared/money), the sample only places them.
    const digits = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
    let nf: Intl.NumberFormat;
    try {
      nf = new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency, ...digits });
    } catch {
      // Not an ISO code Intl knows: show the code after the number.
      nf = new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency: 'XXX', ...digits });
    }
    p = { positive: nf.formatToParts(1), negative: nf.formatToParts(-1) };
    currencyCache.set(key, p);
  }
  return p;
}

/**
 * Money for display: rounded once, half away from zero, to the currency's minor unit
 * (shared/money's `minorUnits`: EUR 2, JPY 0, KWD 3), grouped and signed as the locale does:
 * "-€1,234.56" (en), "-1 234,56 €" (fr). With `exact`, all the digits of the value are kept
 * (at least the minor unit's).
 */
export function formatMoney(value: string | null | undefined, currency: string, locale: Locale, opts: { exact?: boolean; signed?: boolean } = {}): string {
  if (value === null || value === undefined || value === '') return '';
  const text = value.trim();
  if (!DEC_RE.test(text)) return value;
  const digits = minorUnits(currency);
  const shown = opts.exact ? text : roundMoney(new D(text), currency).toFixed(digits);
  if (!currency) return formatDecimal(shown, locale, { minFraction: digits, ...(opts.signed ? { signed: true } : {}) });
  const s = splitDecimal(shown, digits);
  if (!s) return value;
  const sym = symbols(locale);
  const pat = currencyPattern(currency, locale);
  let out = '';
  let sawCurrency = false;
  for (const part of s.negative ? pat.negative : pat.positive) {
    switch (part.type) {
      case 'integer':
        out += groupDigits(s.int, sym.group);
        break;
      case 'group':
        break;
      case 'decimal':
        if (s.frac) out += part.value;
        break;
      case 'fraction':
        out += s.frac;
        break;
      case 'currency':
        sawCurrency = true;
        out += part.value === 'XXX' || part.value === '¤' ? currency : part.value;
        break;
      default:
        out += part.value;
    }
  }
  if (opts.signed && !s.negative && !/^0*$/.test(s.int + s.frac)) out = '+' + out;
  return sawCurrency ? out : `${out} ${currency}`;
}

/** A non-money integer (counts, seconds). */
export function formatInt(n: number | null | undefined, locale: Locale): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  return formatDecimal(String(Math.trunc(n)), locale);
}

/** A percentage given as a decimal string ("20" → "20 %" in fr, "20%" in en). */
export function formatPercent(value: string, locale: Locale): string {
  const n = formatDecimal(value, locale);
  return locale === 'fr' ? `${n}\u00a0%` : `${n}%`;
}

/** Billable time: "0:12:42", "744:00:00". Hours are not wrapped into days. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  const neg = seconds < 0;
  let s = Math.abs(Math.trunc(seconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${neg ? '-' : ''}${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

// Dates, instants and periods: the one formatter of shared/dates.ts, which the core's messages use too.
export { formatDate, formatDateTime, formatExactDateTime, formatPeriod, formatPeriodShort } from '../../../shared/dates';

export function shortHash(hash: string, n = 12): string {
  return hash.length > n ? hash.slice(0, n) : hash;
}

export function formatBytes(n: number, locale: Locale): string {
  if (n < 1024) return `${formatInt(n, locale)} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  // Not money: a plain number is fine for a size.
  return `${new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(v)} ${units[u]}`;
}

/** Sign of a decimal string: -1, 0 or 1 (no conversion to a number). */
export function decSign(value: string | null | undefined): -1 | 0 | 1 {
  if (!value) return 0;
  const s = splitDecimal(value);
  if (!s || /^0*$/.test(s.int + s.frac)) return 0;
  return s.negative ? -1 : 1;
}
