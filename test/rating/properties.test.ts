// Property-based tests (fast-check): invariants that must hold for any usage and any credits.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { rateInvoice, type RateInvoiceInput } from '../../shared/rating';
import { ExactRate } from '../../shared/rating/exact-rate';
import { D, exactString } from '../../shared/money';
import { LINE_KINDS, type CreditGrant, type LineKind, type UsageInterval } from '../../shared/types';
import { at, catalog, countable, grant, input, iv, task } from './fixtures';

const T0 = at('2020-12-01T00:00:00Z');
const SPAN = at('2021-05-15T00:00:00Z') - T0;
const PERIODS = ['2020-12', '2021-01', '2021-02', '2021-03', '2021-04', '2021-05'];
const PRICE_IDS = ['apps.XS', 'apps.S', 'apps.ONE', 'apps.PICO', 'postgresql-addon.XS_SML', 'redis-addon.S'];

const intervalArb = fc
  .record({
    item: fc.integer({ min: 0, max: 3 }),
    build: fc.boolean(),
    price: fc.constantFrom(...PRICE_IDS),
    instance: fc.integer({ min: 0, max: 2 }),
    start: fc.integer({ min: 0, max: SPAN }),
    length: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 40 * 86_400_000 })),
  })
  .map((r) =>
    iv({
      itemId: `app_${r.item}`,
      itemName: `app ${r.item}`,
      itemType: r.build ? 'build' : 'uptime',
      priceId: r.price,
      instanceId: `i-${r.instance}`,
      start: T0 + r.start,
      end: T0 + r.start + r.length,
    }),
  );

const taskArb = fc
  .record({
    item: fc.integer({ min: 0, max: 2 }),
    start: fc.integer({ min: 0, max: SPAN }),
    cents: fc.integer({ min: 0, max: 100_000 }),
    quantity: fc.integer({ min: 0, max: 5 }),
    factor: fc.constantFrom('1', '0.5', '1.25', '0.333'),
    discount: fc.constantFrom('0', '0', '5', '1000'),
  })
  .map((r) =>
    task({
      itemId: `task_${r.item}`,
      start: T0 + r.start,
      unitPrice: new D(r.cents).div(1000).toFixed(),
      quantity: String(r.quantity),
      priceFactor: r.factor,
      discount: r.discount,
    }),
  );

const countableArb = fc
  .record({ start: fc.integer({ min: 0, max: SPAN }), qty: fc.integer({ min: 0, max: 3000 }) })
  .map((r) => countable({ start: T0 + r.start, quantity: String(r.qty) }));

const scopeArb: fc.Arbitrary<'all' | LineKind[]> = fc.oneof(fc.constant('all' as const), fc.subarray([...LINE_KINDS], { minLength: 0 }));

const grantArb = fc
  .record({
    id: fc.integer({ min: 0, max: 1_000_000 }),
    free: fc.boolean(),
    cents: fc.integer({ min: 0, max: 40_000 }),
    validFrom: fc.integer({ min: 0, max: SPAN }),
    grantedBefore: fc.integer({ min: 0, max: 90 * 86_400_000 }),
    life: fc.option(fc.integer({ min: 0, max: 120 * 86_400_000 }), { nil: null }),
    scope: scopeArb,
  })
  .map((r) =>
    grant({
      creditId: `C${r.id}`,
      kind: r.free ? 'free' : 'prepaid',
      amount: new D(r.cents).div(100).toFixed(),
      validFrom: T0 + r.validFrom,
      grantedAt: T0 + r.validFrom - r.grantedBefore,
      expiresAt: r.life === null ? null : T0 + r.validFrom + r.life,
      scope: r.scope,
    }),
  );

const scenarioArb = fc.record({
  intervals: fc.array(intervalArb, { maxLength: 25 }),
  tasks: fc.array(taskArb, { maxLength: 4 }),
  countables: fc.array(countableArb, { maxLength: 4 }),
  credits: fc.uniqueArray(grantArb, { maxLength: 6, selector: (g) => g.creditId }),
  timeZone: fc.constantFrom('Europe/Paris', 'UTC'),
  period: fc.constantFrom(...PERIODS.slice(1, 5)),
});

type Scenario = { intervals: UsageInterval[]; credits: CreditGrant[] } & Partial<RateInvoiceInput>;
const rate = (s: Scenario, period = s.period) => rateInvoice(input({ ...s, period, catalogs: [catalog()] }));
const sum = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new D(0));

describe('rating invariants', () => {
  it('line nets sum exactly to net before tax, and all totals add up', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const inv = rate(s);
        expect(sum(inv.lines.map((l) => l.net)).eq(inv.netBeforeTax)).toBe(true);
        expect(sum(inv.lines.map((l) => l.amountPerSecond)).eq(inv.subtotalPerSecond)).toBe(true);
        expect(sum(inv.lines.map((l) => l.amountLegacy)).eq(inv.subtotalLegacy)).toBe(true);
        expect(sum(inv.lines.map((l) => l.credit)).eq(inv.creditsApplied)).toBe(true);
        expect(sum(inv.allocations.map((a) => a.amount)).eq(inv.creditsApplied)).toBe(true);
        expect(new D(inv.subtotalPerSecond).minus(inv.creditsApplied).eq(inv.netBeforeTax)).toBe(true);
        expect(new D(inv.netBeforeTax).plus(inv.vat).eq(inv.total)).toBe(true);
        expect(new D(inv.subtotalLegacy).minus(inv.subtotalPerSecond).eq(inv.difference)).toBe(true);
        inv.lines.forEach((l, i) => {
          expect(l.lineNo).toBe(i + 1);
          expect(new D(l.amountPerSecond).minus(l.credit).eq(l.net)).toBe(true);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('credits never exceed what eligible lines cost, nor what a grant holds', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const inv = rate(s);
        const grants = new Map(s.credits.map((g) => [g.creditId, g]));
        for (const l of inv.lines) {
          expect(new D(l.credit).gte(0)).toBe(true);
          expect(new D(l.credit).lte(Decimal.max(0, l.amountPerSecond))).toBe(true);
        }
        const byLine = new Map(inv.lines.map((l) => [l.key, l]));
        for (const a of inv.allocations) {
          const g = grants.get(a.creditId)!;
          const line = byLine.get(a.lineKey)!;
          expect(line.lineNo).toBe(a.lineNo);
          expect(g.scope === 'all' || g.scope.includes(line.kind)).toBe(true);
          expect(new D(a.amount).gt(0)).toBe(true);
        }
        for (const b of inv.balances) {
          const used = sum(inv.allocations.filter((a) => a.creditId === b.creditId).map((a) => a.amount));
          expect(used.eq(b.used)).toBe(true);
          expect(new D(b.used).lte(new D(grants.get(b.creditId)!.amount))).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('credit balances are conserved within and across periods', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        let previous = new Map<string, string>();
        for (const period of PERIODS) {
          const inv = rate(s, period);
          const now = new Map<string, string>();
          for (const b of inv.balances) {
            // opening + granted = used + expired + closing, all non-negative
            expect(new D(b.opening).plus(b.granted).eq(new D(b.used).plus(b.expired).plus(b.closing))).toBe(true);
            for (const v of [b.opening, b.granted, b.used, b.expired, b.closing]) expect(new D(v).gte(0)).toBe(true);
            expect(b.opening).toBe(previous.get(b.creditId) ?? '0.00');
            now.set(b.creditId, b.closing);
          }
          // A grant closing with a balance shows up again next period with that opening.
          for (const [id, closing] of previous) {
            if (closing !== '0.00') expect(now.has(id)).toBe(true);
          }
          previous = now;
        }
        // Over all periods, nothing is granted twice.
        const granted = new Map<string, number>();
        for (const period of PERIODS)
          for (const b of rate(s, period).balances) if (b.granted !== '0.00') granted.set(b.creditId, (granted.get(b.creditId) ?? 0) + 1);
        for (const n of granted.values()) expect(n).toBe(1);
      }),
      { numRuns: 40 },
    );
  });

  it('the legacy amount is never below the per-second amount', () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom(1, 60, 600, 3600), (s, g) => {
        const inv = rateInvoice(input({ ...s, granularitySeconds: g }));
        for (const l of inv.lines) {
          expect(new D(l.amountLegacy).gte(l.amountPerSecond)).toBe(true);
          if (l.kind === 'task' || l.kind === 'countable' || g === 1) expect(l.amountLegacy).toBe(l.amountPerSecond);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a single-price line equals round(Σ started seconds × price ÷ 3600), whatever the order of its intervals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 * 86_400_000 }), fc.integer({ min: 0, max: 7_200_000 })), { minLength: 1, maxLength: 40 }),
        (parts) => {
          const base = at('2021-03-02T00:00:00Z');
          const intervals = parts.map(([o, len], i) => iv({ priceId: 'postgresql-addon.XS_SML', instanceId: `i${i}`, start: base + o, end: base + o + len }));
          // Reference: BigInt seconds, one Decimal division, round half up to cents.
          let seconds = 0n;
          for (const [, len] of parts) seconds += BigInt(Math.ceil(len / 1000));
          const expected = new D(seconds.toString()).times('0.09').div(3600).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
          const a = rateInvoice(input({ intervals }));
          const b = rateInvoice(input({ intervals: [...intervals].reverse() }));
          expect(a.lines[0]!.billableSeconds).toBe(Number(seconds));
          expect(a.lines[0]!.amountPerSecond).toBe(expected);
          expect(b.lines).toEqual(a.lines);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('exact detail amounts match a Decimal computation to 20 places', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 18n }),
        fc.integer({ min: 0, max: 12 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 10 ** 9 }),
        (digits, scale, negative, units) => {
          const price = new D(`${negative ? '-' : ''}${digits}`).div(new D(10).pow(scale));
          expect(new ExactRate(price, 3600).of(units)).toBe(exactString(price.times(units).div(3600)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('speed', () => {
  it('rates 200k intervals: every started second counted once, the lines add up to the subtotal', () => {
    const base = at('2021-03-01T00:00:00Z');
    const intervals = Array.from({ length: 200_000 }, (_, i) =>
      iv({
        id: i,
        itemId: `app_${i % 300}`,
        instanceId: `i-${i % 7}`,
        priceId: PRICE_IDS[i % PRICE_IDS.length]!,
        start: base + i * 13_337,
        end: base + i * 13_337 + 1000 + (i % 900_000),
      }),
    );
    // All inside March in Europe/Paris; started seconds, by integer arithmetic of their own.
    const expectedSeconds = intervals.reduce((n, v) => n + Math.ceil((v.end - v.start) / 1000), 0);
    const inv = rateInvoice(input({ intervals, credits: [grant({ creditId: 'G', amount: '100', validFrom: at('2021-01-01T00:00:00Z') })] }));
    expect(inv.lines.length).toBe(300); // 300 items, one price each (i % 300 fixes i % 6)
    expect(inv.lines.reduce((n, l) => n + l.billableSeconds, 0)).toBe(expectedSeconds);
    expect(inv.lines.reduce((s, l) => s.plus(l.amountPerSecond), new D(0)).toFixed(2)).toBe(inv.subtotalPerSecond);
    expect(inv.creditsApplied).toBe('100.00');
  });
});
