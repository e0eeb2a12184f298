// Unit tests of the exact JSON reader and the field parsers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import { DateTime } from 'luxon';
import { ImportError, Loc } from '../../electron/core/import/errors';
import { checkJsonDepth, JNum, parseJsonExact } from '../../electron/core/import/json/reader';
import { decimalField, normalizePlainDecimal, parseIsoInstant } from '../../electron/core/import/values';

describe('exact JSON parser', () => {
  it('keeps numbers as written and parses everything else like JSON.parse', () => {
    const v = parseJsonExact(
      '{"a": 0.000123456789012345678901, "b": [1, -2.50, 3E+2], "c": "\\u00e9\\n\\"x\\"", "d": null, "e": true, "f": {}}',
      'f.json',
    ) as Record<string, unknown>;
    expect(v.a).toEqual(new JNum('0.000123456789012345678901'));
    expect((v.b as JNum[]).map((n) => n.raw)).toEqual(['1', '-2.50', '3E+2']);
    expect(v.c).toBe('é\n"x"');
    expect([v.d, v.e, v.f]).toEqual([null, true, {}]);
    expect(Object.getPrototypeOf(v)).toBeNull();
  });

  it('agrees with JSON.parse on random documents (numbers compared as decimals)', () => {
    const toPlain = (x: unknown): unknown => {
      if (x instanceof JNum) return Number(x.raw);
      if (Array.isArray(x)) return x.map(toPlain);
      if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, toPlain(y)]));
      return x;
    };
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const text = JSON.stringify(value);
        expect(toPlain(parseJsonExact(text, 'x.json'))).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('reports errors with line and column, duplicate keys included', () => {
    expect(() => parseJsonExact('{"a": 1,\n "a": 2}', 'd.json')).toThrow('d.json: is not valid JSON: duplicate key "a" at line 2, column 2');
    expect(() => parseJsonExact('{"a": 01}', 'd.json')).toThrow(/expected "," or "}" at line 1, column 8/);
    expect(() => parseJsonExact('{"a": "x', 'd.json')).toThrow(/unterminated string/);
    expect(() => parseJsonExact('[1] 2', 'd.json')).toThrow(/unexpected text after the JSON value/);
    expect(() => parseJsonExact('"a\u0001"', 'd.json')).toThrow(/control character/);
    expect(() => parseJsonExact('{"__proto__": {"x": 1}}', 'p.json')).not.toThrow();
  });

  it('refuses nesting deeper than 64 with a cheap scan, ignoring brackets inside strings', () => {
    expect(() => checkJsonDepth('['.repeat(64) + ']'.repeat(64), 'ok.json')).not.toThrow();
    expect(() => checkJsonDepth('['.repeat(65) + ']'.repeat(65), 'deep.json')).toThrow(/nested more than 64 levels deep \(at line 1, column 65\)/);
    expect(() => checkJsonDepth(`["${'['.repeat(500)}\\"${'{'.repeat(500)}"]`, 's.json')).not.toThrow();
    expect(() => parseJsonExact('['.repeat(65) + ']'.repeat(65), 'deep.json')).toThrow(/nesting deeper than 64 levels/);
  });
});

describe('field parsers', () => {
  const loc = new Loc('f.csv', '7');
  it('decimals: exact text, normalized, refused when not plain', () => {
    expect(normalizePlainDecimal('+.50')).toBe('0.50');
    expect(normalizePlainDecimal('007.10')).toBe('7.10');
    expect(normalizePlainDecimal('-0.00')).toBe('0.00');
    expect(normalizePlainDecimal('5.')).toBe('5');
    expect(normalizePlainDecimal('.')).toBeNull();
    expect(decimalField(loc, 'q', ' 0.0001234567890123 ')).toBe('0.0001234567890123');
    expect(decimalField(loc, 'q', '1 234 567,891', { decimalComma: true })).toBe('1234567.891');
    expect(decimalField(loc, 'q', '1\u202f234,5', { decimalComma: true })).toBe('1234.5');
    expect(decimalField(loc, 'q', '-1,5', { decimalComma: true, allowNegative: true })).toBe('-1.5');
    expect(decimalField(loc, 'q', '2.5E-3', { allowExponent: true })).toBe('0.0025');
    expect(decimalField(loc, 'q', '')).toBeNull();
    expect(decimalField(loc, 'q', '1.234,5', { decimalComma: true })).toBe('1234.5');
    expect(decimalField(loc, 'q', '90.00', { decimalComma: true })).toBe('90.00');
    expect(decimalField(loc, 'q', '0.125', { decimalComma: true })).toBe('0.125');
    expect(() => decimalField(loc, 'q', '1.234', { decimalComma: true })).toThrow('f.csv, row 7, field q: "1.234" is ambiguous with the decimal comma option');
    expect(() => decimalField(loc, 'q', '1,234.5', { decimalComma: true })).toThrow(/is not a decimal number/);
    expect(() => decimalField(loc, 'q', '12 34,5', { decimalComma: true })).toThrow(/is not a decimal number/);
    expect(() => decimalField(loc, 'q', 'NaN')).toThrow(ImportError);
    expect(() => decimalField(loc, 'q', 'Infinity')).toThrow(ImportError);
    expect(() => decimalField(loc, 'q', '0x10')).toThrow(ImportError);
  });

  it('decimals: any plain decimal round-trips exactly', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^-?\d{1,25}(\.\d{1,25})?$/), (s) => {
        const out = decimalField(loc, 'x', s, { allowNegative: true })!;
        expect(new Decimal(out).eq(new Decimal(s))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('instants: the same milliseconds as luxon for every form with an offset', () => {
    // luxon keeps milliseconds: the digits below them are instantSub's.
    const luxonMs = (s: string) => DateTime.fromISO(s.replace(' ', 'T'), { zone: 'utc' }).toMillis();
    const samples = [
      '2021-03-28T01:59:59+01:00',
      '2021-03-28T03:00:00+02:00',
      '2021-03-01T09:45:09.750+01:00',
      '2021-03-01T09:45:09.7509Z',
      '2021-03-01 10:00:00Z',
      '2021-03-01T10:00Z',
      '2021-03-01T10:00:00-0530',
      '2020-02-29T23:59:59.999+14:00',
      '1999-12-31T23:59:59z',
    ];
    for (const s of samples) {
      const p = parseIsoInstant(s);
      expect(p.kind, s).toBe('instant');
      expect((p as { ms: number }).ms, s).toBe(luxonMs(s));
    }
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (d, offMin) => {
          const local = new Date(d.getTime() + offMin * 60_000).toISOString().slice(0, 23);
          const sign = offMin < 0 ? '-' : '+';
          const off = `${sign}${String(Math.floor(Math.abs(offMin) / 60)).padStart(2, '0')}:${String(Math.abs(offMin) % 60).padStart(2, '0')}`;
          const p = parseIsoInstant(local + off);
          expect(p).toEqual({ kind: 'instant', ms: d.getTime() });
        },
      ),
      { numRuns: 300 },
    );
    expect(parseIsoInstant('2021-02-29T10:00:00Z').kind).toBe('invalid');
    expect(parseIsoInstant('2021-03-01T24:00:00Z').kind).toBe('invalid');
    expect(parseIsoInstant('2021-03-01T10:00:00').kind).toBe('local');
    expect(parseIsoInstant('2021-03-01').kind).toBe('date');
  });
});
