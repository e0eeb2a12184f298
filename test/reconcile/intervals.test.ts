// Which interval is wrong, as pure functions (shared/reconcile/intervals.ts), without a database:
// recomputed intervals (rated by the rating module itself) paired with invoice details by
// instance and exact start, the unpaired on both sides, microsecond instants, the tolerance per
// detail, and details resolved to the line they are billed under.
import { describe, expect, it } from 'vitest';
import { rateLines } from '../../shared/rating';
import { type BilledDetail, type BilledDetailInput, billedDetailsByLine, compareIntervals } from '../../shared/reconcile';
import type { RatedDetail, UsageInterval } from '../../shared/types';
import { at, catalog, iv } from '../rating/fixtures';

const MARCH = at('2021-03-01T00:00:00+01:00');
const OPTS = { periodStart: MARCH, tolerance: '0.01', currency: 'EUR' };

/** March details of the given intervals, as the line detail rates them (rp-xs: 0.40 EUR/h). */
function rated(intervals: UsageInterval[]): RatedDetail[] {
  const lines = rateLines({
    ownerId: 'orga_1',
    period: '2021-03',
    timeZone: 'Europe/Paris',
    granularitySeconds: 600,
    currency: 'EUR',
    catalogs: [catalog()],
    intervals,
    countables: [],
    tasks: [],
    withDetails: true,
  });
  expect(lines).toHaveLength(1);
  return lines[0]!.details!;
}

let nextBilled = 1000;
function billed(over: Partial<BilledDetail> & { instanceId: string; start: number; end: number; amount: string }): BilledDetail {
  const id = over.intervalId ?? nextBilled++;
  return { intervalId: id, startSub: '', endSub: '', source: { batchId: 2, file: 'invoice.json', row: `uptimes[0].details[${id}]` }, ...over };
}

const h = (iso: string) => at(`2021-03-10T${iso}Z`);

describe('pairing recomputed intervals with billed details', () => {
  it('pairs by instance and start; only the over-billed detail differs, by its exact difference', () => {
    const usage = rated([
      iv({ instanceId: 'i-1', priceId: 'rp-xs', start: h('10:00:00'), end: h('11:00:00') }),
      iv({ instanceId: 'i-2', priceId: 'rp-xs', start: h('10:00:00'), end: h('11:00:00') }),
      iv({ instanceId: 'i-1', priceId: 'rp-xs', start: h('12:00:00'), end: h('12:00:01.500') }),
    ]);
    const c = compareIntervals(
      usage,
      [
        billed({ instanceId: 'i-2', start: h('10:00:00'), end: h('11:00:00'), amount: '3.40' }),
        billed({ instanceId: 'i-1', start: h('10:00:00'), end: h('11:00:00'), amount: '0.40' }),
        billed({ instanceId: 'i-1', start: h('12:00:00'), end: h('12:00:01.500'), amount: '0.0002' }),
      ],
      OPTS,
    );
    expect(c).toMatchObject({ paired: 3, billedOnly: 0, usageOnly: 0, differing: 1 });
    // Time order, then instance.
    expect(c.rows.map((r) => [r.instanceId, r.recomputed?.start, r.billed?.amount, r.status, r.difference])).toEqual([
      ['i-1', h('10:00:00'), '0.40', 'match', '0.00'],
      ['i-2', h('10:00:00'), '3.40', 'over_billed', '3.00'],
      // 2 started seconds × 0.40 / 3600 = 0.000222…: billed 0.0002, the difference keeps every digit.
      ['i-1', h('12:00:00'), '0.0002', 'match', '-0.00002222222222222222'],
    ]);
    expect(c.rows[2]!.recomputed!.billableSeconds).toBe(2);
    expect(c.rows.every((r) => r.differs === (r.status !== 'match'))).toBe(true);
  });

  it('keeps what only one side has: billed with no usage, usage not billed', () => {
    const usage = rated([
      iv({ instanceId: 'i-1', priceId: 'rp-xs', start: h('10:00:00'), end: h('11:00:00') }),
      iv({ instanceId: 'i-1', priceId: 'rp-xs', start: h('14:00:00'), end: h('15:00:00') }),
    ]);
    const c = compareIntervals(
      usage,
      [
        billed({ instanceId: 'i-1', start: h('10:00:00'), end: h('11:00:00'), amount: '0.40' }),
        billed({ instanceId: 'i-9', start: h('12:00:00'), end: h('13:00:00'), amount: '0.40' }),
      ],
      OPTS,
    );
    expect(c).toMatchObject({ paired: 1, billedOnly: 1, usageOnly: 1, differing: 2 });
    expect(c.rows.map((r) => [r.instanceId, r.recomputed !== null, r.billed !== null, r.status, r.difference])).toEqual([
      ['i-1', true, true, 'match', '0.00'],
      ['i-9', false, true, 'unexplained_charge', '0.40'],
      ['i-1', true, false, 'missing_from_invoice', '-0.40'],
    ]);
  });

  it('two billed details of one instance and start, one interval: one pairs, the duplicate is billed with no usage', () => {
    const usage = rated([iv({ instanceId: 'i-1', priceId: 'rp-xs', start: h('10:00:00'), end: h('11:00:00') })]);
    const first = billed({ instanceId: 'i-1', start: h('10:00:00'), end: h('11:00:00'), amount: '0.40' });
    const twice = billed({ instanceId: 'i-1', start: h('10:00:00'), end: h('11:00:00'), amount: '0.40' });
    const c = compareIntervals(usage, [first, twice], OPTS);
    expect(c).toMatchObject({ paired: 1, billedOnly: 1, usageOnly: 0, differing: 1 });
    expect(c.rows.map((r) => [r.billed?.intervalId, r.recomputed !== null, r.status])).toEqual([
      [first.intervalId, true, 'match'],
      [twice.intervalId, false, 'unexplained_charge'],
    ]);
  });

  it('compares starts with every fractional digit: a microsecond apart is another interval', () => {
    const start = h('10:00:00');
    const usage = rated([
      iv({ instanceId: 'i-1', priceId: 'rp-xs', start, startSub: '001', end: h('11:00:00') }),
      iv({ instanceId: 'i-2', priceId: 'rp-xs', start, startSub: '001', end: h('11:00:00') }),
    ]);
    const c = compareIntervals(
      usage,
      [
        billed({ instanceId: 'i-1', start, startSub: '001', end: h('11:00:00'), amount: '0.40' }), // same µs: paired
        billed({ instanceId: 'i-2', start, startSub: '002', end: h('11:00:00'), amount: '0.40' }), // 1 µs later: not
      ],
      OPTS,
    );
    expect(c).toMatchObject({ paired: 1, billedOnly: 1, usageOnly: 1 });
    const i2 = c.rows.filter((r) => r.instanceId === 'i-2');
    expect(i2.map((r) => [r.recomputed?.startSub ?? null, r.billed?.startSub ?? null])).toEqual([
      ['001', null],
      [null, '002'],
    ]);
  });

  it('applies the line tolerance to each detail: within it matches, beyond it differs, both ways', () => {
    const usage = rated([
      iv({ instanceId: 'a', priceId: 'rp-xs', start: h('10:00:00'), end: h('11:00:00') }),
      iv({ instanceId: 'b', priceId: 'rp-xs', start: h('10:00:00'), end: h('11:00:00') }),
      iv({ instanceId: 'c', priceId: 'rp-xs', start: h('10:00:00'), end: h('11:00:00') }),
    ]);
    const c = compareIntervals(
      usage,
      [
        billed({ instanceId: 'a', start: h('10:00:00'), end: h('11:00:00'), amount: '0.41' }), // +0.01: at the edge
        billed({ instanceId: 'b', start: h('10:00:00'), end: h('11:00:00'), amount: '0.410001' }), // just beyond
        billed({ instanceId: 'c', start: h('10:00:00'), end: h('11:00:00'), amount: '0.389' }), // −0.011
        billed({ instanceId: 'd', start: h('12:00:00'), end: h('12:00:01'), amount: '0.01' }), // no usage, within
      ],
      OPTS,
    );
    expect(c.rows.map((r) => [r.instanceId, r.status, r.difference])).toEqual([
      ['a', 'match', '0.01'],
      ['b', 'over_billed', '0.010001'],
      ['c', 'under_billed', '-0.011'],
      ['d', 'match', '0.01'],
    ]);
    expect(c.differing).toBe(2);
    // A tolerance of zero: the same amounts to the last digit, or a difference.
    const strict = compareIntervals(usage, [billed({ instanceId: 'a', start: h('10:00:00'), end: h('11:00:00'), amount: '0.40' })], {
      ...OPTS,
      tolerance: '0',
    });
    expect(strict.rows.map((r) => r.status)).toEqual(['match', 'missing_from_invoice', 'missing_from_invoice']);
  });

  it('pairs a detail with the interval rated from it first, even when counting its time once moved its start', () => {
    // The invoice is the usage rated: its overlapping detail starts where the previous one ended.
    const recomputed = rated([iv({ id: 77, instanceId: 'i-1', priceId: 'rp-xs', start: h('10:30:00'), end: h('11:00:00') })]);
    const c = compareIntervals(recomputed, [billed({ intervalId: 77, instanceId: 'i-1', start: h('10:00:00'), end: h('11:00:00'), amount: '0.40' })], OPTS);
    expect(c).toMatchObject({ paired: 1, billedOnly: 0, usageOnly: 0, differing: 1 });
    expect(c.rows[0]).toMatchObject({ status: 'over_billed', difference: '0.20' });
  });

  it('pairs a detail starting before the period with the part of its interval cut at the period start', () => {
    const before = at('2021-02-28T22:00:00Z'); // 23:00 in Paris, February
    const usage = rated([iv({ instanceId: 'i-1', priceId: 'rp-xs', start: before, end: at('2021-03-01T01:00:00+01:00') })]);
    expect(usage[0]).toMatchObject({ start: MARCH, cut: true, billableSeconds: 3600 });
    const c = compareIntervals(usage, [billed({ instanceId: 'i-1', start: before, end: at('2021-03-01T01:00:00+01:00'), amount: '0.80' })], OPTS);
    expect(c).toMatchObject({ paired: 1, differing: 1 });
    expect(c.rows[0]).toMatchObject({ status: 'over_billed', difference: '0.40' });
    expect(c.rows[0]!.billed!.start).toBe(before); // shown as billed
  });
});

describe('billed details under their line', () => {
  it('resolves each detail as its billed line is resolved: by runtime policy, else flavor', () => {
    const detail = (priceRef: string, flavor: string, n: number): BilledDetailInput => ({
      item_type: 'uptime',
      owner_id: 'orga_1',
      item_id: 'app_1',
      item_name: 'web',
      price_ref: priceRef,
      flavor_name: flavor,
      source_hint: 'apps',
      period_start: MARCH,
      detail: billed({ instanceId: `i-${n}`, start: h('10:00:00'), end: h('11:00:00'), amount: '0.40' }),
    });
    const byLine = billedDetailsByLine([catalog()], 'orga_1', [
      { currency: 'EUR', details: [detail('rp-xs', 'XS', 1), detail('rp-s', 'S', 2), detail('', 'XS', 3)] },
    ]);
    expect([...byLine.keys()].sort()).toEqual(['orga_1|application|app_1|apps.S', 'orga_1|application|app_1|apps.XS']);
    expect(byLine.get('orga_1|application|app_1|apps.XS')!.map((d) => d.instanceId)).toEqual(['i-1', 'i-3']);
  });
});
