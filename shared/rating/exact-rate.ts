// The rating's fast exact path for per-interval details: units × price ÷ divisor without
// Decimal objects, the same text as exactString (shared/money.ts).
import { type DecimalValue, EXACT_PLACES, decString } from '../money';
import type { Dec } from '../types';

const TEN20 = 10n ** BigInt(EXACT_PLACES);
const E10 = 1e10;

/**
 * units × price ÷ divisor as an exact-to-20-places string (half up beyond), without Decimal
 * objects: the fast path for per-interval details. Same result as
 * exactString(price × units ÷ divisor).
 */
export class ExactRate {
  /** |price| = scaled / 10^scale. */
  private readonly scaled: bigint;
  private readonly scaledNum: number;
  private readonly den: bigint;
  private readonly denNum: number;
  private readonly negative: boolean;

  constructor(price: DecimalValue, divisor: number) {
    if (!Number.isSafeInteger(divisor) || divisor <= 0) throw new RangeError(`Bad divisor ${divisor}`);
    const text = decString(price.abs());
    const dot = text.indexOf('.');
    const scale = dot < 0 ? 0 : text.length - dot - 1;
    this.scaled = BigInt(text.replace('.', ''));
    this.scaledNum = Number(this.scaled);
    this.den = BigInt(divisor) * 10n ** BigInt(scale);
    this.denNum = Number(this.den);
    this.negative = price.isNeg() && !price.isZero();
  }

  /** Recent results: durations and legacy slice multiples repeat a lot. */
  private readonly memo = new Map<number, Dec>();

  of(units: number): Dec {
    const known = this.memo.get(units);
    if (known !== undefined) return known;
    if (!Number.isSafeInteger(units) || units < 0) throw new RangeError(`Bad unit count ${units}`);
    const n = units * this.scaledNum;
    // Number fast path while every intermediate value is an exact integer.
    const out = Number.isSafeInteger(this.scaledNum) && Number.isSafeInteger(n) && this.denNum <= 1e14 ? this.fast(n) : this.big(BigInt(units) * this.scaled);
    if (this.memo.size >= 50_000) this.memo.clear();
    this.memo.set(units, out);
    return out;
  }

  private fast(n: number): Dec {
    const den = this.denNum;
    let rem = n % den;
    let int = (n - rem) / den;
    // Long division: 10 + 10 fraction digits, then one more to round half up.
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < 10; i++) {
      rem *= 10;
      const d = Math.floor(rem / den);
      hi = hi * 10 + d;
      rem -= d * den;
    }
    for (let i = 0; i < 10; i++) {
      rem *= 10;
      const d = Math.floor(rem / den);
      lo = lo * 10 + d;
      rem -= d * den;
    }
    if (rem * 10 >= den * 5) {
      lo++;
      if (lo === E10) {
        lo = 0;
        hi++;
        if (hi === E10) {
          hi = 0;
          int++;
        }
      }
    }
    const frac = `${String(hi).padStart(10, '0')}${String(lo).padStart(10, '0')}`.replace(/0+$/, '');
    if (int === 0 && frac === '') return '0';
    return `${this.negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
  }

  private big(n: bigint): Dec {
    const scaledN = n * TEN20;
    let q = scaledN / this.den;
    const r = scaledN - q * this.den;
    if (2n * r >= this.den) q += 1n;
    if (q === 0n) return '0';
    const digits = q.toString().padStart(EXACT_PLACES + 1, '0');
    const int = digits.slice(0, digits.length - EXACT_PLACES);
    const frac = digits.slice(digits.length - EXACT_PLACES).replace(/0+$/, '');
    return `${this.negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
  }
}
