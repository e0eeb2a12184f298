// The magnitude a value of an invoice can have: |v| ≤ 10^15 and at most 40 significant digits,
// counted on the plain decimal text Slicewise stores (docs/importers.md, "Bounds"). Decided from
// the written text, never by expanding it: "1e9000000000000000" expanded would exhaust memory.

/** Largest magnitude accepted: 10^15 itself is accepted, anything beyond is refused. */
export const MAX_MAGNITUDE_EXPONENT = 15;
/** Most significant digits accepted. */
export const MAX_SIGNIFICANT_DIGITS = 40;

// A decimal as the importers read it: plain, or with an exponent (sign optional everywhere).
const DECIMAL = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Significant digits of a decimal text: the digits of its stored plain form, that is the digits
 * of the integer part without leading zeros (none when it is 0) plus every decimal place, so the
 * zeros right after the point count (0.000123 has 6) and so do trailing zeros kept as written
 * (12.50 has 4). With an exponent the stored form is the exact expansion, which drops trailing
 * zeros of the fraction (1.50e1 is 15: 2 digits). Infinity for an exponent too large to count.
 * Null when the text is not a decimal.
 */
export function significantDigits(text: string): number | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const int = m[1] ?? '';
  const frac = m[2] ?? '';
  if (int === '' && frac === '') return null;
  const { coefficient, scale } = parts(int, frac, m[3]);
  if (coefficient === '') return m[3] === undefined ? frac.length : 0; // zero: its written places, if plain
  return Math.max(0, coefficient.length + scale) + Math.max(0, -scale);
}

/**
 * The value as coefficient × 10^scale: `coefficient` without leading zeros ('' for zero), and,
 * with an exponent, without trailing zeros either (as its exact expansion is stored).
 */
function parts(int: string, frac: string, exponent: string | undefined): { coefficient: string; scale: number } {
  let coefficient = (int + frac).replace(/^0+/, '');
  let scale = -frac.length;
  if (exponent !== undefined) {
    // Number() of a long exponent is ±Infinity, which the comparisons below handle as intended.
    scale += Number(exponent);
    const kept = coefficient.replace(/0+$/, '');
    scale += coefficient.length - kept.length;
    coefficient = kept;
  }
  return { coefficient, scale };
}

/** True when |value| > 10^15. False for a text that is not a decimal. */
export function beyondMaxMagnitude(text: string): boolean {
  const m = DECIMAL.exec(text);
  if (!m) return false;
  const { coefficient, scale } = parts(m[1] ?? '', m[2] ?? '', m[3]);
  if (coefficient === '') return false;
  const intDigits = coefficient.length + scale; // digits of the integer part when positive
  if (intDigits !== MAX_MAGNITUDE_EXPONENT + 1) return intDigits > MAX_MAGNITUDE_EXPONENT + 1;
  return !/^10*$/.test(coefficient); // 16 integer digits: only 10^15 itself is not beyond
}

/**
 * Why a decimal text is a value no invoice can have, or null when it is within bounds (or not a
 * decimal at all: its syntax is the caller's to check). The problem reads after the value, as in
 * `"1e308" is beyond ±10^15, …`.
 */
export function boundsProblem(text: string): string | null {
  if (beyondMaxMagnitude(text)) return `is beyond ±10^${MAX_MAGNITUDE_EXPONENT}: no invoice has a value of that magnitude`;
  const digits = significantDigits(text);
  if (digits !== null && digits > MAX_SIGNIFICANT_DIGITS) {
    const count = Number.isSafeInteger(digits) ? `${digits} significant digits` : 'too many significant digits';
    return `has ${count}: no invoice value has more than ${MAX_SIGNIFICANT_DIGITS} (counted on the plain decimal, zeros after the point included)`;
  }
  return null;
}
