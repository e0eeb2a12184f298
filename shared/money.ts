// Exact decimal money. decimal.js with 60 significant digits; ties round half away from zero.
import Decimal from 'decimal.js';
import type { Dec } from './types';

export const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type DecimalValue = InstanceType<typeof D>;

const MINOR_UNITS: Record<string, number> = { JPY: 0, KRW: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, TND: 3, JOD: 3, OMR: 3 };

/** Decimal places of a currency's minor unit (EUR 2, JPY 0, KWD 3). */
export function minorUnits(currency: string): number {
  return MINOR_UNITS[currency.toUpperCase()] ?? 2;
}

export function dec(value: Dec | DecimalValue | number): DecimalValue {
  return new D(value);
}

/** Round once, to the currency's minor unit, half away from zero. */
export function roundMoney(value: Dec | DecimalValue, currency: string): DecimalValue {
  return new D(value).toDecimalPlaces(minorUnits(currency), D.ROUND_HALF_UP);
}

/** Fixed-point string with the currency's minor unit, e.g. "0.08", "-12.30". */
export function formatMoney(value: Dec | DecimalValue, currency: string): Dec {
  return roundMoney(value, currency).toFixed(minorUnits(currency));
}

/** Plain string of an exact decimal, no exponent, trailing zeros dropped. */
export function decString(value: DecimalValue): Dec {
  return value.toFixed();
}

/** Sum of exact decimal strings. */
export function sumDec(values: Iterable<Dec | DecimalValue>): DecimalValue {
  let total = new D(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/** Amount in minor units as a bigint (e.g. "12.34" EUR -> 1234n). Input must already be rounded. */
export function toMinor(value: Dec | DecimalValue, currency: string): bigint {
  const scaled = new D(value).times(new D(10).pow(minorUnits(currency)));
  if (!scaled.isInteger()) throw new Error(`${String(value)} is not a whole number of minor units of ${currency}`);
  return BigInt(scaled.toFixed(0));
}

export function fromMinor(minor: bigint, currency: string): Dec {
  return new D(minor.toString()).div(new D(10).pow(minorUnits(currency))).toFixed(minorUnits(currency));
}

/** True when the string is a plain finite decimal ("12", "-0.5", "1e-3" is refused). */
export function isDecimalString(s: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s);
}
