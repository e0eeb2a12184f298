// The bounds of an invoice value (shared/bounds.ts): the rule on examples, then against decimal.js
// expanding the same texts (the stored form the rule counts on), which the rule itself never does.
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beyondMaxMagnitude, boundsProblem, MAX_SIGNIFICANT_DIGITS, significantDigits } from '../../shared/bounds';
import { normalizePlainDecimal } from '../../electron/core/import/values';

const E = Decimal.clone({ precision: 1000 });

describe('significant digits, counted on the stored plain decimal', () => {
  it('counts integer digits without leading zeros and every decimal place as written', () => {
    expect(significantDigits('1234.5600')).toBe(8);
    expect(significantDigits('007.10')).toBe(3);
    expect(significantDigits('0.000123')).toBe(6);
    expect(significantDigits('.5')).toBe(1);
    expect(significantDigits('5.')).toBe(1);
    expect(significantDigits('-12.50')).toBe(4);
    expect(significantDigits('1000')).toBe(4);
    expect(significantDigits('0')).toBe(0);
    expect(significantDigits('0.000')).toBe(3);
  });

  it('with an exponent, counts the exact expansion (which drops trailing zeros of the fraction)', () => {
    expect(significantDigits('1.50e1')).toBe(2);
    expect(significantDigits('1.5E-7')).toBe(8); // 0.00000015
    expect(significantDigits('3.05555555555556e-05')).toBe(19); // the real catalog's kind of price
    expect(significantDigits('1500e-2')).toBe(2); // 15
    expect(significantDigits('2.5E+3')).toBe(4); // 2500
    expect(significantDigits('0e999999999999')).toBe(0);
    expect(significantDigits('1e-40')).toBe(40);
    expect(significantDigits('1e-41')).toBe(41);
    expect(significantDigits(`1e-${'9'.repeat(400)}`)).toBe(Infinity);
  });

  it('is null for a text that is not a decimal', () => {
    for (const t of ['', '.', 'abc', '1,5', 'e5', '1e', 'NaN', 'Infinity', '0x10']) expect(significantDigits(t)).toBeNull();
  });

  it('equals the digit count of the text decimal.js expands and the importer stores', () => {
    const digits = fc.stringMatching(/^\d{0,45}$/);
    fc.assert(
      fc.property(fc.constantFrom('', '-', '+'), digits, fc.option(digits), fc.option(fc.integer({ min: -60, max: 60 })), (sign, int, frac, exp) => {
        if (int === '' && (frac ?? '') === '') return;
        const text = `${sign}${int}${frac !== null ? `.${frac}` : ''}${exp !== null ? `e${exp}` : ''}`;
        const stored = exp === null ? normalizePlainDecimal(text)! : new E(text).toFixed();
        const [i = '', f = ''] = stored.replace('-', '').split('.');
        expect(significantDigits(text)).toBe((i === '0' ? 0 : i.length) + f.length);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('magnitude', () => {
  it('accepts up to 10^15 exactly, refuses anything beyond, either sign', () => {
    for (const t of ['1000000000000000', '-1000000000000000', '1000000000000000.000', '1e15', '0.001e18', '999999999999999.99999', '10000000000000000e-1'])
      expect(beyondMaxMagnitude(t), t).toBe(false);
    for (const t of ['1000000000000000.1', '-1000000000000001', '1e16', '1.0000000000000001e15', '1e308', `1e${'9'.repeat(400)}`, '9'.repeat(400)])
      expect(beyondMaxMagnitude(t), t).toBe(true);
  });

  it('agrees with decimal.js comparing |value| with 10^15', () => {
    const limit = new E(10).pow(15);
    fc.assert(
      fc.property(
        fc.constantFrom('', '-'),
        fc.stringMatching(/^\d{1,20}$/),
        fc.stringMatching(/^\d{0,20}$/),
        fc.integer({ min: -30, max: 30 }),
        (sign, int, frac, exp) => {
          const text = `${sign}${int}.${frac}e${exp}`;
          expect(beyondMaxMagnitude(text)).toBe(new E(text).abs().gt(limit));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('boundsProblem', () => {
  it('names the bound that is broken, magnitude first', () => {
    expect(boundsProblem('1e308')).toMatch(/^is beyond ±10\^15: no invoice has a value of that magnitude$/);
    expect(boundsProblem('9'.repeat(400))).toMatch(/^is beyond ±10\^15/);
    expect(boundsProblem(`0.${'1'.repeat(41)}`)).toMatch(/^has 41 significant digits: no invoice value has more than 40/);
    expect(boundsProblem(`1e-${'9'.repeat(30)}`)).toMatch(/^has too many significant digits: no invoice value has more than 40/);
  });

  it('accepts the largest values in bounds and whatever is not a decimal (syntax is checked elsewhere)', () => {
    expect(boundsProblem('999999999999999.9999999999999999999999999')).toBeNull(); // 15 + 25 digits
    expect(significantDigits('999999999999999.9999999999999999999999999')).toBe(MAX_SIGNIFICANT_DIGITS);
    expect(boundsProblem('-1000000000000000')).toBeNull();
    expect(boundsProblem('0.000000000000000000000000000000000000001')).toBeNull(); // 39 places
    expect(boundsProblem('abc')).toBeNull();
  });
});
