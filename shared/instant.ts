// Instants finer than the millisecond. An instant is its epoch milliseconds (an integer: indexes,
// periods and ordering use it) plus `sub`, the digits of its fraction of a second after the
// first three, trailing zeros dropped: '' is a whole millisecond, '000001' one nanosecond past it,
// and any number of digits is kept (docs/rating.md, "Time"). Without trailing zeros, two subs
// compare as strings exactly as the fractions they write compare as numbers.
import type { EpochMs } from './types';

/** Digits of an instant below the millisecond, no trailing zero ('' = none). */
export type SubMs = string;

/** The digits after a second's decimal point as whole milliseconds and the digits below them. */
export function splitFraction(digits: string): { ms: number; sub: SubMs } {
  const ms = digits.length === 0 ? 0 : Number(digits.slice(0, 3).padEnd(3, '0'));
  return { ms, sub: digits.length > 3 ? trimSub(digits.slice(3)) : '' };
}

/** Drops trailing zeros of sub-millisecond digits. */
export function trimSub(digits: string): SubMs {
  let n = digits.length;
  while (n > 0 && digits.charCodeAt(n - 1) === 48) n--;
  return n === digits.length ? digits : digits.slice(0, n);
}

/** Sign of (aMs + aSub) − (bMs + bSub). */
export function compareInstants(aMs: EpochMs, aSub: SubMs, bMs: EpochMs, bSub: SubMs): number {
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSub === bSub ? 0 : aSub < bSub ? -1 : 1;
}

/** An instant as ISO-8601 in UTC with every digit it has: `2024-03-01T00:00:00.000000001Z`, `…T10:00:00Z`. */
export function isoUtcExact(ms: EpochMs, sub: SubMs = ''): string {
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const fraction = trimSub(iso.slice(20, 23) + sub);
  return fraction === '' ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 19)}.${fraction}Z`;
}

/** The fraction of a second of an instant, every digit, no trailing zero ('' for a whole second). */
export function secondFraction(ms: EpochMs, sub: SubMs = ''): string {
  const inSecond = ((ms % 1000) + 1000) % 1000;
  return trimSub(String(inSecond).padStart(3, '0') + sub);
}
