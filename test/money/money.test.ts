// shared/money.ts: minor units from ISO 4217, and the text of amounts (one rounding, no negative zero).
import { describe, expect, it } from 'vitest';
import {
  D,
  decString,
  displayDec,
  exactMoneyString,
  exactString,
  minorOf,
  minorString,
  minorUnits,
  moneyPlaces,
  moneyString,
  unsignedZero,
} from '../../shared/money';
import { normalizePlainDecimal } from '../../electron/core/import/values';

describe('minor units', () => {
  it('come from ISO 4217, also for currencies a hand table missed', () => {
    expect(['EUR', 'JPY', 'VND', 'HUF', 'KWD', 'IDR', 'CLF', 'isk'].map(minorUnits)).toEqual([2, 0, 0, 2, 3, 2, 4, 0]);
  });

  it('are 2 for a code ISO 4217 does not list', () => {
    expect(minorUnits('ZZZ')).toBe(2);
    expect(minorUnits('')).toBe(2);
  });
});

describe('money text', () => {
  it('rounds once, half away from zero, to the minor unit', () => {
    expect(moneyString(new D('2.345'), 'EUR')).toBe('2.35');
    expect(moneyString(new D('-2.345'), 'EUR')).toBe('-2.35');
    expect(moneyString('1234.5', 'VND')).toBe('1235');
    expect(moneyString('0.0005', 'KWD')).toBe('0.001');
    expect(moneyString('7', 'HUF')).toBe('7.00');
  });

  it('never writes a negative zero, whichever helper writes it', () => {
    expect(moneyString(new D('-0.004'), 'EUR')).toBe('0.00');
    expect(moneyString('-0.4', 'JPY')).toBe('0');
    expect(exactString(new D('-1e-25'))).toBe('0');
    expect(decString(new D('-0'), 2)).toBe('0.00');
    expect(displayDec('-0.00', new D('-0'))).toBe('0.00');
    expect(normalizePlainDecimal('-00.000')).toBe('0.000');
    expect(minorString(0n, 'EUR')).toBe('0.00');
    expect(['-0', '-0.00', '-.0', '-1', '-0.01', '0'].map(unsignedZero)).toEqual(['0', '0.00', '.0', '-1', '-0.01', '0']);
  });

  it('keeps every digit of exact values, without an exponent', () => {
    expect(decString(new D('1e-45'))).toBe(`0.${'0'.repeat(44)}1`);
    expect(new D('1e25').plus('1e-25').toFixed()).toBe(`1${'0'.repeat(25)}.${'0'.repeat(24)}1`);
    expect(exactString(new D(1).div(3))).toBe(`0.${'3'.repeat(20)}`);
  });

  it('keeps an exact amount (a billed one) with at least the minor digits, never rounded', () => {
    expect(exactMoneyString('12.345', 'EUR')).toBe('12.345');
    expect(exactMoneyString('12.3', 'EUR')).toBe('12.30');
    expect(exactMoneyString('12.3450', 'EUR')).toBe('12.345');
    expect(exactMoneyString(new D('1200.5'), 'JPY')).toBe('1200.5');
    expect(exactMoneyString('1200', 'JPY')).toBe('1200');
    expect(exactMoneyString('1e-7', 'KWD')).toBe('0.0000001');
    expect(exactMoneyString('-0.000', 'EUR')).toBe('0.00');
  });

  it('counts the decimal places that show every amount: the minor digits, or more', () => {
    expect(moneyPlaces(['12.30', '1.5', null], 'EUR')).toBe(2);
    expect(moneyPlaces(['12.345', '0.000001', '2.3450000'], 'EUR')).toBe(6);
    expect(moneyPlaces(['1200', '7.25'], 'JPY')).toBe(2);
    expect(moneyPlaces([], 'KWD')).toBe(3);
  });

  it('converts to and from minor units with the currency digits', () => {
    expect(minorOf(new D('12.34'), 'EUR')).toBe(1234n);
    expect(minorOf(new D('1200'), 'VND')).toBe(1200n);
    expect(minorString(-5n, 'KWD')).toBe('-0.005');
    expect(() => minorOf(new D('0.5'), 'JPY')).toThrow(/not a whole number of minor units of JPY/);
  });
});
