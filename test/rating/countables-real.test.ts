// Every countable service of Clever Cloud's real price system, rated with quantities that cross
// its plans (and its batches), against amounts worked out here by hand from the rule
// (docs/rating.md, Countables): progressive plans by max_quantity, insecable quantities rounded
// up to whole batches first, prices per batch of data units, times the span's duration over the
// price interval. The prices written below are the file's; the test checks they still are.
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { rateInvoice } from '../../shared/rating';
import type { RatedLine } from '../../shared/types';
import { at, countable, input } from './fixtures';
import { realCatalog } from './real-catalog';

const X = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
type Span = [string, string];
/** March 2021 in Paris: 31 days less the hour lost to DST = 743 h. */
const MARCH: Span = ['2021-03-01T00:00:00+01:00', '2021-04-01T00:00:00+02:00'];

interface Case {
  service: string;
  /** Usage rows: quantity in the data unit, and the span measured (services priced per interval). */
  rows: { quantity: string; span?: Span; day?: number }[];
  /** Per plan reached (index in the file's price_plans): its price as written, the quantity in it, the exact amount. */
  want: [plan: number, price: string, inPlan: string, exact: Decimal][];
}

const CASES: Case[] = [
  {
    // Two buckets measured over the same span are added before the plans.
    service: 'cellar.storage',
    rows: [
      { quantity: '1000000000000', span: MARCH },
      { quantity: '500000000000', span: MARCH },
    ],
    want: [
      [0, '0', '100000000', new X(0)],
      [1, '2.84444444444444e-05', '999900000000', new X('999.9').times('0.0000284444444444444').times(743)],
      [2, '2.13333333333333e-05', '500000000000', new X(500).times('0.0000213333333333333').times(743)],
    ],
  },
  {
    // Traffic (no interval): the period's rows are summed; secable, so the odd 123 bytes count as they are.
    service: 'cellar.outbound',
    rows: [
      { quantity: '4000000000000', day: 3 },
      { quantity: '4000000000000', day: 4 },
      { quantity: '4000000000123', day: 5 },
    ],
    want: [
      [0, '0.09', '10000000000000', new X(10000).times('0.09')],
      [1, '0.07', '2000000000123', new X('2000.000000123').times('0.07')],
    ],
  },
  {
    // Two spans, each priced on its own: 12 h of 150 GB, then 30 min of 50 MB (inside the free 100 MB).
    service: 'fsbucket.storage',
    rows: [
      { quantity: '150000000000', span: ['2021-03-10T00:00:00Z', '2021-03-10T12:00:00Z'] },
      { quantity: '50000000', span: ['2021-03-10T12:00:00Z', '2021-03-10T12:30:00Z'] },
    ],
    want: [
      [0, '0', '150000000', new X(0)],
      [1, '0.00229166666666667', '149900000000', new X('149.9').times('0.00229166666666667').times(12)],
    ],
  },
  {
    service: 'heptapod.storage',
    rows: [{ quantity: '25500000000', span: ['2021-03-01T00:00:00+01:00', '2021-03-15T00:00:00+01:00'] }],
    want: [
      [0, '0', '1000000000', new X(0)],
      [1, '2.77777777777778e-05', '24500000000', new X('24.5').times('0.0000277777777777778').times(336)],
    ],
  },
  {
    // Insecable by 1 user: 11.5 (an average) is billed as 12; 743 h of a price per 720 h.
    service: 'heptapod.private_active_users',
    rows: [{ quantity: '11.5', span: MARCH }],
    want: [[0, '7', '12', new X(12).times(7).times(743).div(720)]],
  },
  {
    // Insecable by 100 users: 150 + 100 = 250 is billed as 300; plans end at 101 (exactly one PT720H).
    service: 'heptapod.public_active_users',
    rows: [
      { quantity: '150', span: ['2021-03-01T00:00:00Z', '2021-03-31T00:00:00Z'] },
      { quantity: '100', span: ['2021-03-01T00:00:00Z', '2021-03-31T00:00:00Z'] },
    ],
    want: [
      [0, '0', '101', new X(0)],
      [1, '8', '199', new X(199).div(100).times(8)],
    ],
  },
  {
    // 1.2 TB for 24 h reaches all five plans.
    service: 'pulsar_storage_size',
    rows: [{ quantity: '1200000000000', span: ['2021-03-10T00:00:00Z', '2021-03-11T00:00:00Z'] }],
    want: [
      [0, '0', '256000000', new X(0)],
      [1, '0.000277777777777778', '49744000000', new X('49.744').times('0.000277777777777778').times(24)],
      [2, '0.000208333333333333', '200000000000', new X(200).times('0.000208333333333333').times(24)],
      [3, '0.000166666666666667', '750000000000', new X(750).times('0.000166666666666667').times(24)],
      [4, '0.000138888888888889', '200000000000', new X(200).times('0.000138888888888889').times(24)],
    ],
  },
  {
    // 90 minutes: 1.5 intervals of PT1H.
    service: 'pulsar.storage.hot',
    rows: [{ quantity: '300000000000', span: ['2021-03-10T00:00:00Z', '2021-03-10T01:30:00Z'] }],
    want: [
      [0, '0', '256000000', new X(0)],
      [1, '0.00027777777', '49744000000', new X('49.744').times('0.00027777777').times('1.5')],
      [2, '0.00020833333', '200000000000', new X(200).times('0.00020833333').times('1.5')],
      [3, '0.00016666666', '50000000000', new X(50).times('0.00016666666').times('1.5')],
    ],
  },
  {
    service: 'pulsar.storage.cold',
    rows: [{ quantity: '3000000000000', span: ['2021-03-10T00:00:00Z', '2021-03-12T00:00:00Z'] }],
    want: [[0, '2.083333e-05', '3000000000000', new X(3000).times('0.00002083333').times(48)]],
  },
  {
    service: 'pulsar.throughput.in',
    rows: [
      { quantity: '100000000000', day: 2 },
      { quantity: '150000000000', day: 9 },
    ],
    want: [
      [0, '0', '512000000', new X(0)],
      [1, '0.8', '99488000000', new X('99.488').times('0.8')],
      [2, '0.5', '150000000000', new X(150).times('0.5')],
    ],
  },
  {
    service: 'pulsar.throughput.out',
    rows: [
      { quantity: '1000000000000', day: 2 },
      { quantity: '2000000000000', day: 3 },
      { quantity: '3000000000000', day: 4 },
    ],
    want: [
      [0, '0', '512000000', new X(0)],
      [1, '0.8', '99488000000', new X('99.488').times('0.8')],
      [2, '0.5', '400000000000', new X(400).times('0.5')],
      [3, '0.4', '4500000000000', new X(4500).times('0.4')],
      [4, '0.3', '1000000000000', new X(1000).times('0.3')],
    ],
  },
  {
    service: 'pulsar_throughput_in',
    rows: [{ quantity: '6000000000000', day: 7 }],
    want: [
      [0, '0', '500000000', new X(0)],
      [1, '0.00111111111111111', '99500000000', new X('99.5').times('0.00111111111111111')],
      [2, '0.000694444444444444', '400000000000', new X(400).times('0.000694444444444444')],
      [3, '0.000555555555555556', '4500000000000', new X(4500).times('0.000555555555555556')],
      [4, '0.000416666666666667', '1000000000000', new X(1000).times('0.000416666666666667')],
    ],
  },
  {
    // Only the third plan is priced.
    service: 'pulsar_throughput_out',
    rows: [
      { quantity: '300000000000', day: 1 },
      { quantity: '400000000000', day: 31 },
    ],
    want: [
      [0, '0', '500000000', new X(0)],
      [1, '0', '99500000000', new X(0)],
      [2, '3.05555555555556e-05', '400000000000', new X(400).times('0.0000305555555555556')],
      [3, '0', '200000000000', new X(0)],
    ],
  },
];

const tierOf = (l: RatedLine): string => l.explanation.find((s) => s.label === `Tier ${l.priceItem}`)!.value;

describe("Clever Cloud's real countables", () => {
  it('this test covers every countable service of the file', async () => {
    const services = (await realCatalog()).countable.map((k) => k.service).sort();
    expect(services).toEqual(CASES.map((c) => c.service).sort());
  });

  for (const c of CASES) {
    it(`${c.service}: ${c.want.length} plans reached, amounts as worked out by hand`, async () => {
      const catalog = await realCatalog();
      const k = catalog.countable.find((x) => x.service === c.service)!;
      for (const [i, price] of c.want) expect(new X(k.plans[i]!.price).eq(price), `price of plan ${i}`).toBe(true);
      const rows = c.rows.map((r) =>
        countable({
          service: c.service,
          itemId: c.service,
          itemName: c.service,
          unit: k.dataUnit,
          quantity: r.quantity,
          start: at(r.span?.[0] ?? `2021-03-${String(r.day).padStart(2, '0')}T12:00:00Z`),
          end: r.span ? at(r.span[1]) : null,
        }),
      );
      const { lines } = rateInvoice(input({ catalogs: [catalog], countables: rows }));
      const byPlan = (a: string[], b: string[]): number => (a[0]! < b[0]! ? -1 : 1);
      expect(lines.map((l) => [l.priceItem, tierOf(l), l.exactPerSecond, l.amountPerSecond]).sort(byPlan)).toEqual(
        c.want
          .map(([i, , inPlan, exact]) => [k.plans[i]!.planId, inPlan, exact.toDecimalPlaces(20).toFixed(), exact.toDecimalPlaces(2).toFixed(2)])
          .sort(byPlan),
      );
      expect(lines.every((l) => l.kind === 'countable' && l.amountLegacy === l.amountPerSecond && l.billableSeconds === 0)).toBe(true);
    });
  }

  it('the explanation says what was done: whole batches, the plan, the intervals', async () => {
    const catalog = await realCatalog();
    const span = ['2021-03-01T00:00:00Z', '2021-03-31T00:00:00Z'].map(at) as [number, number];
    const row = (quantity: string) =>
      countable({ service: 'heptapod.public_active_users', itemId: 'heptapod.public_active_users', unit: 'User', quantity, start: span[0], end: span[1] });
    const { lines } = rateInvoice(input({ catalogs: [catalog], countables: [row('150'), row('100')] }));
    const paid = lines.find((l) => l.unitPrice === '8')!;
    const text = paid.explanation.map((s) => `${s.label}: ${s.formula} = ${s.value}`).join('\n');
    expect(text).toContain('per 100 User per PT720H (insecable)');
    expect(text).toContain('insecable: ceil(250 ÷ 100) × 100 = 300');
    expect(text).toContain('min(300, ∞) − 101 = 199');
    expect(text).toContain('2592000 s ÷ 2592000 s (PT720H) = 1 intervals');
    expect(text).toContain('199 ÷ 100 × 8 × 1 = 15.92');
    expect(paid.amountPerSecond).toBe('15.92');
  });

  it('a row of a service priced per interval needs its end: the error names the row and the interval', async () => {
    const catalog = await realCatalog();
    const row = countable({
      service: 'fsbucket.storage',
      itemId: 'fsbucket.storage',
      unit: 'B',
      quantity: '1',
      start: at('2021-03-10T00:00:00Z'),
      end: null,
      source: { batchId: 4, file: 'usage.csv', row: '17' },
    });
    expect(() => rateInvoice(input({ catalogs: [catalog], countables: [row] }))).toThrow(/fsbucket.storage.*no end.*per PT1H.*usage.csv row 17/);
  });
});
