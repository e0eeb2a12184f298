// Exact decimals and money, one home for the whole app (rating, reconciliation, importers,
// workbook, screen): the one decimal.js configuration, the currencies' minor units (ISO 4217)
// and the text of every decimal and amount written. Rules: docs/rating.md, "Money".
import Decimal from 'decimal.js';
import { data as ISO_4217 } from 'currency-codes';
import type { Dec } from './types';

/**
 * 60 significant digits: an amount of 15 integer digits keeps 45 decimals, far more than the 20
 * places of exact output (sums and products of imported decimals only round beyond that). More
 * costs time in every division (the countables divide once per measured span). Ties round half
 * away from zero; text never uses an exponent.
 */
export const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -9e15, toExpPos: 9e15 });
export type DecimalValue = InstanceType<typeof D>;

const MINOR_UNITS = new Map<string, number>(ISO_4217.map((c) => [c.code, c.digits]));

/**
 * Decimal places of a currency's minor unit, from ISO 4217 (EUR 2, JPY 0, VND 0, HUF 2, KWD 3).
 * A code the list does not have gets 2 (docs/rating.md).
 */
export function minorUnits(currency: string): number {
  return MINOR_UNITS.get(currency.toUpperCase()) ?? 2;
}

/** Decimal places kept in "exact" output strings (RatedDetail.exactAmount, RatedLine.exactPerSecond...). */
export const EXACT_PLACES = 20;

const NEGATIVE_ZERO = /^-(0+(\.0*)?|\.0+)$/;

/** A decimal text without the sign of a zero ("-0.00" → "0.00"): the one place that drops it. */
export function unsignedZero(text: string): string {
  return text.charCodeAt(0) === 45 && NEGATIVE_ZERO.test(text) ? text.slice(1) : text;
}

/** Plain text of a value, no exponent: trailing zeros dropped ("0.40" → "0.4"), or exactly `places` decimals. Never "-0". */
export function decString(v: DecimalValue, places?: number): Dec {
  return unsignedZero(places === undefined ? v.toFixed() : v.toFixed(places));
}

/** A value exact to 20 decimal places (half up beyond), trailing zeros dropped. */
export function exactString(v: DecimalValue): Dec {
  return decString(v.toDecimalPlaces(EXACT_PLACES, D.ROUND_HALF_UP));
}

/** True when the string is a plain finite decimal ("12", "-0.5"; "1e-3" is refused). */
export function isDecimalString(s: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s);
}

/** The input text when it is already a plain decimal ("0.40", kept as written), else the value's text. */
export function displayDec(text: string, value: DecimalValue): Dec {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? unsignedZero(t) : decString(value);
}

/** Exact sum of decimals. */
export function sumDec(values: Iterable<Dec | DecimalValue>): DecimalValue {
  let total = new D(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/** Round once, to the currency's minor unit, half away from zero. */
export function roundMoney(v: DecimalValue, currency: string): DecimalValue {
  return v.toDecimalPlaces(minorUnits(currency), D.ROUND_HALF_UP);
}

/** An amount rounded to the currency's minor unit, as fixed text with its digits: "0.08", "-12.30", "1200" (JPY), never "-0.00". */
export function moneyString(v: DecimalValue | Dec, currency: string): Dec {
  return decString(roundMoney(typeof v === 'string' ? new D(v) : v, currency), minorUnits(currency));
}

/**
 * An amount kept exact (never rounded), written with at least the currency's minor digits:
 * "12.3" → "12.30", "12.345" stays "12.345", "1e-7" → "0.0000001", never "-0.00". What the
 * provider billed is compared and shown as it is given (docs/rating.md, "Reconciliation").
 */
export function exactMoneyString(v: DecimalValue | Dec, currency: string): Dec {
  const d = typeof v === 'string' ? new D(v) : v;
  return decString(d, Math.max(d.decimalPlaces(), minorUnits(currency)));
}

/** Decimal places that show every one of `values` exactly: the currency's minor digits, or more when a value has more. */
export function moneyPlaces(values: Iterable<Dec | DecimalValue | null>, currency: string): number {
  let places = minorUnits(currency);
  for (const v of values) if (v !== null) places = Math.max(places, new D(v).decimalPlaces());
  return places;
}

/** An amount (already rounded) in minor units ("12.34" EUR → 1234n). */
export function minorOf(v: DecimalValue, currency: string): bigint {
  const scaled = v.times(new D(10).pow(minorUnits(currency)));
  if (!scaled.isInteger()) throw new Error(`${v.toFixed()} is not a whole number of minor units of ${currency}`);
  return BigInt(scaled.toFixed(0));
}

/** Minor units → fixed money text (-5n EUR → "-0.05"). */
export function minorString(minor: bigint, currency: string): Dec {
  const places = minorUnits(currency);
  const neg = minor < 0n;
  const digits = (neg ? -minor : minor).toString().padStart(places + 1, '0');
  const body = places === 0 ? digits : `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`;
  return neg ? `-${body}` : body;
}
