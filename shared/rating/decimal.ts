// Small exact-decimal helpers for the rating module (on top of shared/money.ts).
import { D, type DecimalValue, isDecimalString, minorUnits } from '../money';
import type { Dec, SourceRef } from '../types';
import { invalidInput } from './errors';

/** Decimal places kept in "exact" output strings (RatedDetail.exactAmount, RatedLine.exactPerSecond...). */
export const EXACT_PLACES = 20;

/** Parse an exact decimal string; anything else is an invalid_input RatingError naming the field and row. */
export function parseDec(value: unknown, field: string, source?: SourceRef): DecimalValue {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!isDecimalString(text)) {
    throw invalidInput(`${field} "${String(value)}" is not a decimal number`, source);
  }
  return new D(text);
}

/** Plain decimal string without a negative zero. */
function plain(v: DecimalValue, places?: number): Dec {
  const s = places === undefined ? v.toFixed() : v.toFixed(places);
  return v.isZero() && s.startsWith('-') ? s.slice(1) : s;
}

/** A value as a string exact to 20 decimal places (half up beyond), trailing zeros dropped. */
export function exactString(v: DecimalValue): Dec {
  return plain(v.toDecimalPlaces(EXACT_PLACES, D.ROUND_HALF_UP));
}

/** Normalized decimal string ("0.40" → "0.4", "-0" → "0"). */
export function normDec(v: DecimalValue): Dec {
  return plain(v);
}

/** Round half away from zero to the currency's minor unit. */
export function roundHalfUp(v: DecimalValue, currency: string): DecimalValue {
  return v.toDecimalPlaces(minorUnits(currency), D.ROUND_HALF_UP);
}

/** Fixed string with the currency's minor digits, e.g. "0.08", never "-0.00". */
export function moneyString(v: DecimalValue, currency: string): Dec {
  return plain(roundHalfUp(v, currency), minorUnits(currency));
}

/** Money (already rounded) → minor units. */
export function minorOf(v: DecimalValue, currency: string): bigint {
  const scaled = v.times(new D(10).pow(minorUnits(currency)));
  if (!scaled.isInteger()) throw new Error(`${v.toFixed()} is not a whole number of minor units of ${currency}`);
  return BigInt(scaled.toFixed(0));
}

/** Minor units → fixed money string ("-0.05"). */
export function minorString(minor: bigint, currency: string): Dec {
  const places = minorUnits(currency);
  const neg = minor < 0n;
  const digits = (neg ? -minor : minor).toString().padStart(places + 1, '0');
  const body = places === 0 ? digits : `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`;
  return neg ? `-${body}` : body;
}

export { D, minorUnits };
export type { DecimalValue };
