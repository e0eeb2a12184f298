// The importers' fast paths give exactly what the general code gives: the allocation-free ISO
// instant parser against the regular-expression one, and the chunked UTF-8 check against a fatal
// TextDecoder fed the same chunks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8Check } from '../../electron/core/import/csv/utf8';
import { fastIsoInstantMs, parseIsoInstant, parseIsoInstantSlow } from '../../electron/core/import/values';

/** The shape the fast path must handle itself (when the value is valid and the year ≥ 100). */
const COMMON = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}([.,]\d{1,9})?(Z|z|[+-]\d{2}(:?\d{2})?)$/;

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const num = (max: number, w: number) => fc.integer({ min: 0, max }).map((n) => pad(n, w));
/** Mostly plausible parts, sometimes off by one character or out of range. */
const part = (valid: fc.Arbitrary<string>, odd: string[]) => fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(...odd) });

const isoLike = fc
  .record({
    y: part(fc.oneof(num(9999, 4), fc.constantFrom('2021', '2000', '2099', '2100', '1999', '0099', '0100', '2024', '1900', '2000')), [
      '202',
      '20211',
      '2O21',
      '+2021',
    ]),
    mo: part(fc.oneof(num(13, 2), fc.constantFrom('02', '12')), ['1', '001', 'ab']),
    d: part(fc.oneof(num(32, 2), fc.constantFrom('28', '29', '30', '31')), ['1', '3 ']),
    sep: part(fc.constantFrom('T', 't', ' '), ['', 'x', '  ', '_', 'TT']),
    h: part(num(25, 2), ['1', '123']),
    mi: part(num(60, 2), ['5', '']),
    sec: fc.oneof({ weight: 6, arbitrary: num(61, 2).map((s) => `:${s}`) }, { weight: 1, arbitrary: fc.constantFrom('', ':5', ':', ':601') }),
    frac: fc.oneof(
      { weight: 3, arbitrary: fc.constant('') },
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom('.', ','), fc.stringMatching(/^\d{1,9}$/)).map(([a, b]) => a + b) },
      { weight: 1, arbitrary: fc.constantFrom('.', ',', '.1234567890', '.12a', ':123', '..5') },
    ),
    space: fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(' ', '  ', '\t') }),
    off: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('Z', 'z', '') },
      {
        weight: 6,
        arbitrary: fc
          .tuple(
            fc.constantFrom('+', '-'),
            fc.oneof(num(19, 2), num(99, 2)),
            fc.constantFrom('', ':', ':', ' ', '::'),
            fc.oneof(num(60, 2), fc.constantFrom('', '5', '599', '99')),
          )
          .map(([s, h, c, m]) => s + h + c + m),
      },
      { weight: 1, arbitrary: fc.constantFrom('+', '-', '+1', 'UTC', 'Z ', 'ZZ', '+01:00Z', '\u2212' + '01:00') },
    ),
  })
  .map((p) => `${p.y}-${p.mo}-${p.d}${p.sep}${p.h}:${p.mi}${p.sec}${p.frac}${p.space}${p.off}`);

/** One character of a plausible value replaced by another that might fool a parser. */
const mutated = fc
  .tuple(isoLike, fc.nat(), fc.constantFrom('0', '9', '-', ':', 'T', '+', 'Z', '.', ' ', '/', '\u0663', '\uff11', '\0'))
  .map(([s, i, c]) => (s.length === 0 ? s : s.slice(0, i % s.length) + c + s.slice((i % s.length) + 1)));

function sameAsSlow(s: string): void {
  const slow = parseIsoInstantSlow(s);
  const fast = fastIsoInstantMs(s);
  // A number from the fast path is the general parser's instant; NaN only defers to it.
  if (!Number.isNaN(fast)) expect(slow, s).toEqual({ kind: 'instant', ms: fast });
  // The shape of usage exports never falls back (else the fast path would be pointless).
  if (COMMON.test(s) && slow.kind === 'instant' && Number(s.slice(0, 4)) >= 100) expect(fast, s).toBe(slow.ms);
  expect(parseIsoInstant(s), s).toEqual(slow);
}

describe('fast ISO instant parser', () => {
  it('gives the general parser’s result on plausible, out-of-range and mangled date-times (property)', () => {
    fc.assert(fc.property(isoLike, sameAsSlow), { numRuns: 20_000 });
    fc.assert(fc.property(mutated, sameAsSlow), { numRuns: 10_000 });
    fc.assert(fc.property(fc.string({ maxLength: 40 }), sameAsSlow), { numRuns: 2_000 });
  });

  it('gives Date.parse’s instant for every valid instant it is shown (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0101-01-01T00:00:00Z'), max: new Date('9998-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.integer({ min: -18 * 60, max: 18 * 60 }),
        fc.boolean(),
        (d, offMin, millis) => {
          const t = millis ? d.getTime() : Math.floor(d.getTime() / 1000) * 1000;
          const local = new Date(t + offMin * 60_000).toISOString().slice(0, millis ? 23 : 19);
          const sign = offMin < 0 ? '-' : '+';
          const off = offMin === 0 ? 'Z' : `${sign}${pad(Math.floor(Math.abs(offMin) / 60), 2)}:${pad(Math.abs(offMin) % 60, 2)}`;
          expect(fastIsoInstantMs(local + off)).toBe(t);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('handles the edge cases the same way', () => {
    const cases = [
      '2021-03-01T10:00:00Z',
      '2021-03-01t10:00:00z',
      '2021-03-01 10:00:00+01:00',
      '2021-03-01T10:00:00.5+0100',
      '2021-03-01T10:00:00,123456789-05',
      '2020-02-29T23:59:59.999+14:00',
      '2021-02-29T10:00:00Z',
      '2100-02-29T00:00:00Z',
      '2000-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2021-03-01T24:00:00Z',
      '2021-03-01T23:60:00Z',
      '2021-03-01T23:59:60Z',
      '2021-03-01T10:00:00+19:00',
      '2021-03-01T10:00:00+18:60',
      '2021-03-01T10:00:00+18:00',
      '2021-03-01T10:00:00.1234567890Z',
      '2021-03-01T10:00:00 Z',
      '2021-03-01T10:00Z',
      '2021-03-01T10:00:00',
      '0099-12-31T23:59:59Z',
      '0100-01-01T00:00:00Z',
      '2021-00-10T00:00:00Z',
      '2021-13-10T00:00:00Z',
      '2021-04-31T00:00:00Z',
      '2021-04-00T00:00:00Z',
      '2021-03-01T10:00:00+01:0',
      '2021-03-01T10:00:00+01:000',
      '2021-03-01T10:00:00+1',
      '\uff12021-03-01T10:00:00Z',
      ' 2021-03-01T10:00:00Z',
    ];
    for (const s of cases) sameAsSlow(s);
    expect(fastIsoInstantMs('2021-03-01T10:00:00+01:00')).toBe(Date.parse('2021-03-01T09:00:00Z'));
    expect(fastIsoInstantMs('2021-03-01T10:00:00.25-02:30')).toBe(Date.parse('2021-03-01T12:30:00.250Z'));
  });
});

describe('chunked UTF-8 check', () => {
  /** Index of the chunk at which a fatal TextDecoder fails (chunks.length = at the end; -1 = never). */
  function decoderFailsAt(chunks: Uint8Array[]): number {
    const d = new TextDecoder('utf-8', { fatal: true });
    for (let i = 0; i < chunks.length; i++) {
      try {
        d.decode(chunks[i], { stream: true });
      } catch {
        return i;
      }
    }
    try {
      d.decode();
    } catch {
      return chunks.length;
    }
    return -1;
  }
  function checkFailsAt(chunks: Uint8Array[]): number {
    const c = new Utf8Check();
    for (let i = 0; i < chunks.length; i++) if (!c.push(Buffer.from(chunks[i]!))) return i;
    return c.push(undefined) ? -1 : chunks.length;
  }
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4 }) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          [0xed, 0xa0, 0x80],
          [0xed, 0x9f, 0xbf],
          [0xc0, 0x80],
          [0xc1, 0xbf],
          [0xc2],
          [0xe0, 0x80, 0x80],
          [0xe0, 0xa0, 0x80],
          [0xe0, 0xa0],
          [0xf0, 0x8f, 0xbf, 0xbf],
          [0xf0, 0x90, 0x80, 0x80],
          [0xf4, 0x8f, 0xbf, 0xbf],
          [0xf4, 0x90, 0x80, 0x80],
          [0xf5, 0x80, 0x80, 0x80],
          [0xff],
          [0x80],
          [0xe2, 0x82],
          [0xef, 0xbb, 0xbf],
          [0xf0, 0x9f, 0x98],
        )
        .map((b) => new Uint8Array(b)),
    },
  );
  it('fails at the same chunk as a fatal TextDecoder, wherever the chunks are cut (property)', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat({ max: 200 }), { maxLength: 8 }), (pieces, cuts) => {
        const all = Buffer.concat(pieces);
        const at = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let prev = 0;
        for (const c of [...at, all.length]) {
          chunks.push(all.subarray(prev, c));
          prev = c;
        }
        expect(checkFailsAt(chunks)).toBe(decoderFailsAt(chunks));
      }),
      { numRuns: 20_000 },
    );
  });
});
