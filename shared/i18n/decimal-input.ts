// A number typed by a person, read exactly and in the workspace's locale: `3,5` in French and
// `3.5` in English, thousands separators accepted where they are unambiguous. The result is the
// decimal as text for decimal.js (`"1234.5"`), never a JavaScript number, so no digit is lost.
//
// The rules (docs/ui.md, "Numbers typed"):
// - the locale's decimal separator (fr `,`, en `.`) is a decimal separator;
// - spaces (also no-break and narrow no-break, as French writes `1 234,5`) group thousands;
// - with both `.` and `,`, the last one is the decimal separator and the other groups thousands
//   (`1,234.5`, `1.234,5`);
// - one separator that is not the locale's decimal one, followed by anything but exactly three
//   digits, can only be a decimal separator (en `3,5`, fr `3.5`); followed by three digits it
//   groups thousands where the locale groups with it (en `1,234` = 1234) and is refused as
//   ambiguous where it does not (fr `1.234`: a thousand, or one point two three four?);
// - every group after the first has three digits, the first one to three.
import type { Locale } from './labels';

export type DecimalInputError = 'empty' | 'invalid' | 'ambiguous' | 'negative' | 'tooLong';

export type DecimalInputResult = { ok: true; value: string } | { ok: false; error: DecimalInputError };

/** More digits than any amount or setting needs (SPEC 3 bounds amounts well below this). */
const MAX_DIGITS = 40;

const DECIMAL: Record<Locale, '.' | ','> = { en: '.', fr: ',' };

const SPACES = /[\s\u00a0\u202f\u2009]/;

/** Groups of an integer part split on a separator: the first 1–3 digits, the others exactly 3. */
function validGroups(groups: string[]): boolean {
  if (groups.length < 2) return /^\d+$/.test(groups[0] ?? '');
  const [first, ...rest] = groups;
  return /^\d{1,3}$/.test(first ?? '') && !/^0\d*$/.test(first ?? '') && rest.every((g) => /^\d{3}$/.test(g));
}

function normalize(negative: boolean, int: string, frac: string): string {
  const i = int.replace(/^0+(?=\d)/, '') || '0';
  const zero = /^0*$/.test(i + frac);
  return `${negative && !zero ? '-' : ''}${i}${frac ? `.${frac}` : ''}`;
}

export function parseDecimalInput(text: string, locale: Locale, opts: { allowNegative?: boolean } = {}): DecimalInputResult {
  let t = text.trim();
  if (t === '') return { ok: false, error: 'empty' };
  let negative = false;
  if (/^[-−+]/.test(t)) {
    negative = t[0] !== '+';
    t = t.slice(1).trimStart();
  }
  if (negative && !opts.allowNegative) return { ok: false, error: 'negative' };
  if (!/^[\d.,\s\u00a0\u202f\u2009]+$/.test(t) || !/\d/.test(t)) return { ok: false, error: 'invalid' };
  if ((t.match(/\d/g) ?? []).length > MAX_DIGITS) return { ok: false, error: 'tooLong' };

  // Spaces group thousands: each must sit between digits, and the groups they make be valid.
  const spaced = t.split(SPACES);
  if (spaced.length > 1) {
    if (spaced.some((g) => g === '')) return { ok: false, error: 'invalid' };
    // The fraction, if any, is in the last chunk; the integer's groups are the chunks before it
    // plus the last chunk's integer part.
  }
  const compact = spaced.join('');
  const lastDot = compact.lastIndexOf('.');
  const lastComma = compact.lastIndexOf(',');

  let decimalSep: '.' | ',' | null;
  let groupSep: '.' | ',' | null;
  if (lastDot >= 0 && lastComma >= 0) {
    decimalSep = lastDot > lastComma ? '.' : ',';
    groupSep = decimalSep === '.' ? ',' : '.';
    if (compact.split(decimalSep).length > 2) return { ok: false, error: 'invalid' };
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const count = compact.split(sep).length - 1;
    const after = compact.slice(compact.lastIndexOf(sep) + 1);
    if (count > 1) {
      decimalSep = null;
      groupSep = sep;
    } else if (sep === DECIMAL[locale]) {
      decimalSep = sep;
      groupSep = null;
    } else if (locale === 'en') {
      // A comma in English groups thousands: `1,234`; `3,5` can only be a decimal comma.
      decimalSep = /^\d{3}$/.test(after) ? null : ',';
      groupSep = decimalSep ? null : ',';
    } else {
      // A point in French: `3.5` can only be a decimal; `1.234` could be a thousand.
      if (/^\d{3}$/.test(after)) return { ok: false, error: 'ambiguous' };
      decimalSep = '.';
      groupSep = null;
    }
  } else {
    decimalSep = null;
    groupSep = null;
  }

  const [intRaw = '', fracRaw = ''] = decimalSep ? compact.split(decimalSep) : [compact, ''];
  if (decimalSep && fracRaw === '') return { ok: false, error: 'invalid' };
  if (!/^\d*$/.test(fracRaw)) return { ok: false, error: 'invalid' };
  if (intRaw === '') return decimalSep ? { ok: true, value: normalize(negative, '0', fracRaw) } : { ok: false, error: 'invalid' };

  // The integer part's groups: by the group separator, and by the spaces, which must agree.
  const spaceGroups = spaced.length > 1 ? spacedIntegerGroups(spaced, decimalSep) : null;
  if (spaceGroups && !validGroups(spaceGroups)) return { ok: false, error: 'invalid' };
  if (groupSep) {
    const groups = intRaw.split(groupSep);
    if (!validGroups(groups)) return { ok: false, error: decimalSep ? 'invalid' : 'ambiguous' };
  } else if (!/^\d+$/.test(intRaw)) return { ok: false, error: 'invalid' };
  const digits = intRaw.replace(/[.,]/g, '');
  return { ok: true, value: normalize(negative, digits, fracRaw) };
}

/** The integer part's groups as the spaces cut them (each chunk's own separators removed). */
function spacedIntegerGroups(chunks: string[], decimalSep: '.' | ',' | null): string[] {
  const out = chunks.map((c) => c);
  if (decimalSep) {
    const last = out[out.length - 1] ?? '';
    const at = last.lastIndexOf(decimalSep);
    if (at >= 0) out[out.length - 1] = last.slice(0, at);
  }
  return out.map((c) => c.replace(/[.,]/g, ''));
}

/** A decimal string written for an input in the locale (no grouping): "0.01" → "0,01" in fr. */
export function decimalInputText(value: string, locale: Locale): string {
  return locale === 'fr' ? value.replace('.', ',') : value;
}
