// The one parser of numbers typed in the interface (shared/i18n/decimal-input.ts): exact text for
// decimal.js, the locale's decimal separator, thousands separators, and refusals of ambiguity.
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { decimalInputText, parseDecimalInput } from '../../shared/i18n/decimal-input';
import type { Locale } from '../../shared/i18n/labels';

const ok = (text: string, locale: Locale, opts = {}) => {
  const r = parseDecimalInput(text, locale, opts);
  if (!r.ok) throw new Error(`${text} (${locale}): ${r.error}`);
  return r.value;
};
const err = (text: string, locale: Locale, opts = {}) => {
  const r = parseDecimalInput(text, locale, opts);
  return r.ok ? `accepted as ${r.value}` : r.error;
};

describe('parseDecimalInput', () => {
  it('reads the locale decimal separator', () => {
    expect(ok('3,5', 'fr')).toBe('3.5');
    expect(ok('3.5', 'en')).toBe('3.5');
    expect(ok('0,01', 'fr')).toBe('0.01');
    expect(ok(',5', 'fr')).toBe('0.5');
    expect(ok('12', 'en')).toBe('12');
    expect(ok('007', 'en')).toBe('7');
    expect(ok('3.50', 'en')).toBe('3.50');
  });

  it('reads thousands separators', () => {
    expect(ok('1 234,56', 'fr')).toBe('1234.56');
    expect(ok('1\u202f234\u202f567,5', 'fr')).toBe('1234567.5');
    expect(ok('1\u00a0234,5', 'fr')).toBe('1234.5');
    expect(ok('1,234.56', 'en')).toBe('1234.56');
    expect(ok('1,234', 'en')).toBe('1234');
    expect(ok('1,234,567', 'en')).toBe('1234567');
    expect(ok('1.234.567', 'fr')).toBe('1234567');
    expect(ok('1.234,56', 'fr')).toBe('1234.56');
    expect(ok('1 234.5', 'en')).toBe('1234.5');
  });

  it('reads the other separator where it can only be a decimal one', () => {
    expect(ok('3.5', 'fr')).toBe('3.5');
    expect(ok('0.01', 'fr')).toBe('0.01');
    expect(ok('3,5', 'en')).toBe('3.5');
    expect(ok('50,00', 'en')).toBe('50.00');
  });

  it('refuses what could be read two ways', () => {
    expect(err('1.234', 'fr')).toBe('ambiguous');
    expect(err('0,125', 'en')).toBe('ambiguous');
    expect(err('1,23,456', 'en')).toBe('ambiguous');
  });

  it('refuses what is not a number', () => {
    for (const t of ['abc', '1e5', '--1', '.', ',', '1,2,3.4', '1 23,5', '12 34', '1..2', '1,,2', 'Infinity', '0x10', '1 234 ,5'])
      expect(err(t, 'fr'), t).not.toMatch(/^accepted/);
    for (const t of ['1.2.3', '1,2,3.4', '1.2,3.4']) expect(err(t, 'en'), t).not.toMatch(/^accepted/);
    expect(err('', 'en')).toBe('empty');
    expect(err('   ', 'fr')).toBe('empty');
  });

  it('signs: refused unless allowed', () => {
    expect(err('-3,5', 'fr')).toBe('negative');
    expect(ok('-3,5', 'fr', { allowNegative: true })).toBe('-3.5');
    expect(ok('−1 234,5', 'fr', { allowNegative: true })).toBe('-1234.5');
    expect(ok('+2', 'en')).toBe('2');
    expect(ok('-0', 'en', { allowNegative: true })).toBe('0');
  });

  it('keeps every digit: never a JavaScript number', () => {
    const v = ok('12 345 678 901 234 567,123456789012345678', 'fr');
    expect(v).toBe('12345678901234567.123456789012345678');
    expect(new Decimal(v).toFixed()).toBe(v);
    expect(err('1'.repeat(41), 'en')).toBe('tooLong');
  });

  it('round-trips what it writes into an input', () => {
    for (const v of ['0.01', '3.5', '1234.5678', '20']) {
      for (const locale of ['en', 'fr'] as const) expect(ok(decimalInputText(v, locale), locale)).toBe(v);
    }
  });
});
