import { describe, expect, it } from 'vitest';
import { minorUnits } from '../../shared/money';
import {
  decSign,
  formatDateTime,
  formatDecimal,
  formatExactDateTime,
  formatDuration,
  formatInt,
  formatMoney,
  formatPercent,
  formatPeriod,
  groupDigits,
  splitDecimal,
} from '../../renderer/src/lib/format';

// Intl uses narrow/no-break spaces in French; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('groupDigits', () => {
  it('groups by thousands', () => {
    expect(groupDigits('0', ',')).toBe('0');
    expect(groupDigits('123', ',')).toBe('123');
    expect(groupDigits('1234', ',')).toBe('1,234');
    expect(groupDigits('1234567', ' ')).toBe('1 234 567');
    expect(groupDigits('000123', ',')).toBe('123');
  });
  it('handles integers beyond 2^53 without loss', () => {
    expect(groupDigits('123456789012345678901234', ',')).toBe('123,456,789,012,345,678,901,234');
  });
});

describe('splitDecimal', () => {
  it('pads and trims fractions', () => {
    expect(splitDecimal('12', 2)).toEqual({ negative: false, int: '12', frac: '00' });
    expect(splitDecimal('12.5000', 2)).toEqual({ negative: false, int: '12', frac: '50' });
    expect(splitDecimal('0.40000000', 0)).toEqual({ negative: false, int: '0', frac: '4' });
  });
  it('drops the sign of zero', () => {
    expect(splitDecimal('-0.00', 2)?.negative).toBe(false);
    expect(splitDecimal('-0.000', 2)?.negative).toBe(false);
  });
  it('refuses what is not a plain decimal', () => {
    expect(splitDecimal('1e5')).toBeNull();
    expect(splitDecimal('abc')).toBeNull();
    expect(splitDecimal('')).toBeNull();
  });
});

describe('formatMoney', () => {
  it('formats euros in en and fr', () => {
    expect(formatMoney('1234.56', 'EUR', 'en')).toBe('€1,234.56');
    expect(plain(formatMoney('1234.56', 'EUR', 'fr'))).toBe('1 234,56 €');
    expect(formatMoney('-1234.5', 'EUR', 'en')).toBe('-€1,234.50');
    expect(plain(formatMoney('-1234.5', 'EUR', 'fr'))).toBe('-1 234,50 €');
    expect(formatMoney('0', 'EUR', 'en')).toBe('€0.00');
    expect(formatMoney('-0.00', 'EUR', 'en')).toBe('€0.00');
  });
  it('rounds once, half up, to the minor unit', () => {
    expect(formatMoney('0.08466666666666666667', 'EUR', 'en')).toBe('€0.08');
    expect(formatMoney('0.13333333333333333333', 'EUR', 'en')).toBe('€0.13');
    expect(formatMoney('0.005', 'EUR', 'en')).toBe('€0.01');
    expect(formatMoney('-0.005', 'EUR', 'en')).toBe('-€0.01');
    expect(formatMoney('-0.085', 'EUR', 'en')).toBe('-€0.09');
    expect(formatMoney('2.675', 'EUR', 'en')).toBe('€2.68'); // a float would say 2.67
    expect(formatMoney('9999999999999999.995', 'EUR', 'en')).toBe('€10,000,000,000,000,000.00');
    expect(formatMoney('-0.004', 'EUR', 'en')).toBe('€0.00');
  });
  it('keeps every digit of exact amounts', () => {
    expect(formatMoney('0.0266667', 'EUR', 'en', { exact: true })).toBe('€0.0266667');
    expect(plain(formatMoney('1234.08466666666666666667', 'EUR', 'fr', { exact: true }))).toBe('1 234,08466666666666666667 €');
    expect(formatMoney('0.4', 'EUR', 'en', { exact: true })).toBe('€0.40');
  });
  it('knows currencies without or with three minor digits', () => {
    expect(formatMoney('1234.5', 'JPY', 'en')).toBe('¥1,235');
    expect(formatMoney('1.2345', 'KWD', 'en')).toMatch(/1\.235$/);
    expect(formatMoney('1234.5', 'JPY', 'en', { exact: true })).toBe('¥1,234.5');
  });
  it('shows the minor digits the rating and the workbook use (shared/money), not Intl’s', () => {
    const amount = { en: ['1,235', '', '1,234.57', '1,234.568'], fr: ['1 235', '', '1 234,57', '1 234,568'] };
    for (const currency of ['JPY', 'VND', 'KWD', 'HUF', 'EUR']) {
      for (const locale of ['en', 'fr'] as const) {
        const digitsOnly = plain(formatMoney('1234.56789', currency, locale))
          .replace(/[^\d.,\s]/g, '')
          .trim();
        expect(digitsOnly, `${currency} in ${locale}`).toBe(amount[locale][minorUnits(currency)]);
      }
    }
  });
  it('signs variances on request', () => {
    expect(formatMoney('3', 'EUR', 'en', { signed: true })).toBe('+€3.00');
    expect(formatMoney('-0.55', 'EUR', 'en', { signed: true })).toBe('-€0.55');
    expect(formatMoney('0.00', 'EUR', 'en', { signed: true })).toBe('€0.00');
  });
  it('never loses digits on huge amounts', () => {
    expect(formatMoney('98765432109876543210.125', 'EUR', 'en')).toBe('€98,765,432,109,876,543,210.13');
  });
  it('shows an unknown currency code after the number', () => {
    expect(formatMoney('12.5', '', 'en')).toBe('12.50');
  });
  it('passes empty values through', () => {
    expect(formatMoney(null, 'EUR', 'en')).toBe('');
    expect(formatMoney(undefined, 'EUR', 'fr')).toBe('');
  });
});

describe('formatDecimal and integers', () => {
  it('groups and localizes', () => {
    expect(formatDecimal('1234567.891', 'en')).toBe('1,234,567.891');
    expect(plain(formatDecimal('1234567.891', 'fr'))).toBe('1 234 567,891');
    expect(formatDecimal('20', 'fr')).toBe('20');
    expect(formatInt(349200, 'en')).toBe('349,200');
    expect(plain(formatInt(349200, 'fr'))).toBe('349 200');
    expect(plain(formatPercent('20', 'fr'))).toBe('20 %');
    expect(formatPercent('5.5', 'en')).toBe('5.5%');
  });
  it('signs', () => {
    expect(decSign('-0.01')).toBe(-1);
    expect(decSign('0.00')).toBe(0);
    expect(decSign('-0')).toBe(0);
    expect(decSign('13.70')).toBe(1);
    expect(decSign(null)).toBe(0);
  });
});

describe('durations and dates', () => {
  it('formats billable time as h:mm:ss', () => {
    expect(formatDuration(762)).toBe('0:12:42');
    expect(formatDuration(349200)).toBe('97:00:00');
    expect(formatDuration(0)).toBe('0:00:00');
  });
  it('shows instants in the workspace time zone', () => {
    const t = Date.UTC(2021, 2, 27, 20, 46, 38); // 21:46:38 in Paris (CET)
    expect(formatDateTime(t, 'Europe/Paris', 'en')).toBe('Mar 27, 2021, 21:46:38');
    expect(formatDateTime(t, 'UTC', 'en')).toBe('Mar 27, 2021, 20:46:38');
    expect(formatDateTime(t, 'Europe/Paris', 'fr')).toMatch(/^27 mars 2021.*21:46:38$/);
    // After the DST change: CEST (+02:00)
    expect(formatDateTime(Date.UTC(2021, 2, 31, 22, 0, 0), 'Europe/Paris', 'en')).toBe('Apr 1, 2021, 00:00:00');
  });
  it('shows an exact instant with every digit of its fraction of a second', () => {
    const t = Date.UTC(2021, 2, 27, 20, 46, 38);
    expect(formatExactDateTime(t, '', 'UTC', 'en')).toBe('Mar 27, 2021, 20:46:38');
    expect(formatExactDateTime(t, '000001', 'UTC', 'en')).toBe('Mar 27, 2021, 20:46:38.000000001');
    expect(formatExactDateTime(t + 250, undefined, 'UTC', 'en')).toBe('Mar 27, 2021, 20:46:38.25');
    expect(formatExactDateTime(t + 999, '999999', 'Europe/Paris', 'fr')).toMatch(/21:46:38,999999999$/);
  });
  it('names periods', () => {
    expect(formatPeriod('2021-03', 'en')).toBe('March 2021');
    expect(formatPeriod('2021-04', 'fr')).toBe('avril 2021');
    expect(formatPeriod('nope', 'en')).toBe('nope');
  });
});
