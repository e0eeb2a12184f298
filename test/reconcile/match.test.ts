// Reconciliation as pure functions (shared/reconcile), without a database: billed lines grouped
// under the rating's line identity, statuses at the tolerance's edges, reconciled lines and the
// summary, and unexplained charges in the same order the rating gives its lines.
import { describe, expect, it } from 'vitest';
import { rateLines, TASK_PRICE_ITEM } from '../../shared/rating';
import {
  type BilledGroup,
  type BilledLineInput,
  groupBilledLines,
  lineTotals,
  reconcile,
  statusOf,
  unexplainedGroups,
  unexplainedStatus,
  withinTolerance,
} from '../../shared/reconcile';
import type { RatedLine } from '../../shared/types';
import { at, catalog, iv } from '../rating/fixtures';

const MARCH = at('2021-03-01T00:00:00+01:00');

let row = 1;
function billed(over: Partial<BilledLineInput> & { amount: string }): BilledLineInput {
  row++;
  return {
    item_type: 'uptime',
    owner_id: 'orga_1',
    item_id: 'app_1',
    item_name: 'web',
    price_ref: 'rp-xs',
    flavor_name: 'XS',
    source_hint: 'apps',
    period_start: MARCH,
    source: { batchId: 7, file: 'invoice.json', row: `uptimes[${row}]` },
    item_ref: `item-${row}`,
    ...over,
  };
}

/** Rated lines of March for one interval per [item id, item name] (1 h at 0.40 EUR each). */
function ratedFor(items: [string, string][]): RatedLine[] {
  return rateLines({
    ownerId: 'orga_1',
    period: '2021-03',
    timeZone: 'Europe/Paris',
    granularitySeconds: 600,
    currency: 'EUR',
    catalogs: [catalog()],
    intervals: items.map(([itemId, itemName]) =>
      iv({ itemId, itemName, priceId: 'rp-xs', start: at('2021-03-10T10:00:00Z'), end: at('2021-03-10T11:00:00Z') }),
    ),
    countables: [],
    tasks: [],
  });
}

const group = (lines: BilledLineInput[], currency = 'EUR') => groupBilledLines([catalog()], 'orga_1', [{ currency, lines }]);

describe('statuses', () => {
  it('match within the tolerance, both ways, and no further', () => {
    expect(statusOf('10.00', '10.01', '0.01')).toBe('match');
    expect(statusOf('10.00', '9.99', '0.01')).toBe('match');
    expect(statusOf('10.00', '10.02', '0.01')).toBe('over_billed');
    expect(statusOf('10.00', '9.98', '0.01')).toBe('under_billed');
    expect(statusOf('10.00', '10.00', '0')).toBe('match');
    expect(withinTolerance('-0.011', '0.01')).toBe(false);
  });

  it('an unbilled line is missing unless it is zero; an unexplained charge within the tolerance is a match', () => {
    expect(statusOf('0.00', null, '0.01')).toBe('match');
    expect(statusOf('0.01', null, '0.01')).toBe('missing_from_invoice');
    expect(unexplainedStatus('0.00', '0.01')).toBe('match');
    expect(unexplainedStatus('-0.01', '0.01')).toBe('match');
    expect(unexplainedStatus('0.02', '0.01')).toBe('unexplained_charge');
  });
});

describe('billed lines grouped by line identity', () => {
  it('resolve runtime policy ids to the rating price item and sum one line exactly, sources in order', () => {
    const lines = [
      billed({ amount: '0.1234' }),
      billed({ amount: '0.0001', price_ref: 'apps.XS' }),
      billed({ amount: '1.5', item_type: 'countable', price_ref: 'cellar.storage', flavor_name: '', source_hint: '' }),
      billed({ amount: '3', item_type: 'classic', price_ref: 'task-9' }),
      billed({ amount: '2', price_ref: 'rp-unknown', flavor_name: 'HUGE', source_hint: 'mystery' }),
    ];
    const groups = group(lines);
    expect([...groups.keys()]).toEqual([
      'orga_1|application|app_1|apps.XS',
      'orga_1|countable|app_1|cellar.storage',
      `orga_1|task|app_1|${TASK_PRICE_ITEM}`,
      'orga_1|addon|app_1|rp-unknown',
    ]);
    const xs = groups.get('orga_1|application|app_1|apps.XS')!;
    expect(xs.amount).toBe('0.1235');
    expect(xs.sources.map((s) => s.amount)).toEqual(['0.1234', '0.0001']);
    expect(xs.sources[0]!.source).toEqual(lines[0]!.source);
  });

  it('sum one line over several invoices of the period', () => {
    const groups = groupBilledLines([catalog()], 'orga_1', [
      { currency: 'EUR', lines: [billed({ amount: '1.10' })] },
      { currency: 'EUR', lines: [billed({ amount: '-0.10' })] },
    ]);
    expect([...groups.values()].map((g) => [g.key, g.amount])).toEqual([['orga_1|application|app_1|apps.XS', '1']]);
  });
});

describe('reconciled lines and summary', () => {
  it('keep billed amounts exact (the tolerance decides), add unexplained charges after the rated lines, and total exactly', () => {
    const rated = ratedFor([
      ['app_1', 'web'],
      ['app_2', 'api'],
      ['app_3', 'worker'],
    ]);
    expect(rated.map((l) => [l.itemId, l.amountPerSecond])).toEqual([
      ['app_2', '0.40'],
      ['app_1', '0.40'],
      ['app_3', '0.40'],
    ]);
    const groups = group([
      billed({ amount: '0.404', item_id: 'app_1' }), // 0.004 more: within the tolerance, a match
      billed({ amount: '0.4149', item_id: 'app_2', item_name: 'api' }), // 0.0149 more: over (rounded to 0.41 it would pass)
      billed({ amount: '0.004', item_id: 'app_9', item_name: 'ghost' }), // within the tolerance: an unexplained match
      billed({ amount: '0.004', item_id: 'app_8', item_name: 'Ghost' }),
      billed({ amount: '5', item_id: 'app_7', item_name: 'extra' }),
    ]);
    const { summary, lines } = reconcile({ rated, billed: groups, currency: 'EUR', subtotalPerSecond: '1.20', tolerance: '0.01', invoiceNumbers: ['F-1'] });
    expect(lines.map((l) => [l.lineNo, l.itemId, l.billed, l.variance, l.status])).toEqual([
      [1, 'app_2', '0.4149', '0.0149', 'over_billed'],
      [2, 'app_1', '0.404', '0.004', 'match'],
      [3, 'app_3', null, '-0.40', 'missing_from_invoice'],
      [4, 'app_7', '5.00', '5.00', 'unexplained_charge'],
      [5, 'app_8', '0.004', '0.004', 'match'],
      [6, 'app_9', '0.004', '0.004', 'match'],
    ]);
    expect(lines[3]).toMatchObject({ instances: 0, billableSeconds: 0, unitPrice: null, amountPerSecond: '0.00', net: '0.00', kind: 'application' });
    // Σ exact billed amounts, never rounded: the workbook's Billed total is the SUM of its lines.
    expect(summary).toEqual({
      currency: 'EUR',
      billedTotal: '5.8269',
      recomputedTotal: '1.20',
      variance: '4.6269',
      counts: { match: 3, over_billed: 1, under_billed: 0, missing_from_invoice: 1, unexplained_charge: 1 },
      tolerance: '0.01',
      invoiceNumbers: ['F-1'],
      lineTotals: { lines: 6, amountPerSecond: '1.20', amountLegacy: '1.20', credit: '0.00', net: '1.20', billed: '5.8269', variance: '4.6269' },
    });
  });

  it('write amounts with at least the currency minor digits (JPY 0, KWD 3) and never a negative zero', () => {
    const jpy = reconcile({
      rated: [],
      billed: group([billed({ amount: '-0.4', item_id: 'app_1' }), billed({ amount: '-0.000', item_id: 'app_2' })], 'JPY'),
      currency: 'JPY',
      subtotalPerSecond: '0',
      tolerance: '1',
      invoiceNumbers: [],
    });
    expect(jpy.lines.map((l) => [l.billed, l.variance, l.amountPerSecond])).toEqual([
      ['-0.4', '-0.4', '0'],
      ['0', '0', '0'],
    ]);
    expect(jpy.summary.billedTotal).toBe('-0.4');
    const kwd = reconcile({
      rated: [],
      billed: group([billed({ amount: '1.2345' })], 'KWD'),
      currency: 'KWD',
      subtotalPerSecond: '0.000',
      tolerance: '0.001',
      invoiceNumbers: [],
    });
    expect(kwd.lines.map((l) => [l.billed, l.status])).toEqual([['1.2345', 'unexplained_charge']]);
    expect(kwd.summary).toMatchObject({ billedTotal: '1.2345', variance: '1.2345' });
  });
});

describe('order of unexplained charges', () => {
  // Names that differ by case and accents: a locale's collation (localeCompare) orders them
  // otherwise than the rating, which compares lower case, then code units, in every locale.
  const names = ['b', 'É', 'Z', 'a', 'B', 'e', 'ä', 'z'];
  const items = names.map((n, i): [string, string] => [`app_${i}`, n]);

  it('is the order the rating gives the same lines', () => {
    const ratingOrder = ratedFor(items).map((l) => l.itemName);
    const groups = group(items.map(([itemId, itemName]) => billed({ amount: '1', item_id: itemId, item_name: itemName })));
    const { lines } = reconcile({ rated: [], billed: groups, currency: 'EUR', subtotalPerSecond: '0', tolerance: '0.01', invoiceNumbers: [] });
    expect(lines.map((l) => l.itemName)).toEqual(ratingOrder);
    expect(ratingOrder).toEqual(['a', 'B', 'b', 'e', 'Z', 'z', 'ä', 'É']);
    expect(lines.map((l) => l.lineNo)).toEqual(names.map((_, i) => i + 1));
  });

  it('is by kind first, then name, item id and price item', () => {
    const g = (kind: BilledGroup['kind'], itemId: string, itemName: string, priceItem = 'p'): BilledGroup => ({
      key: `o|${kind}|${itemId}|${priceItem}`,
      kind,
      itemId,
      itemName,
      priceItem,
      amount: '1',
      sources: [],
    });
    const all = [
      g('task', 'a', 'a'),
      g('countable', 'a', 'a'),
      g('addon', 'b', 'x'),
      g('addon', 'a', 'x', 'q'),
      g('addon', 'a', 'x'),
      g('application', 'z', 'z'),
    ];
    const order = unexplainedGroups([{ key: all[1]!.key }], new Map(all.map((x) => [x.key, x])));
    expect(order.map((x) => x.key)).toEqual(['o|application|z|p', 'o|addon|a|p', 'o|addon|a|q', 'o|addon|b|p', 'o|task|a|p']);
  });
});

describe('line totals', () => {
  it('count the lines and sum each column exactly, skipping unbilled lines', () => {
    expect(
      lineTotals(
        [
          ['1.10', '1.20', '0.10', '1.00', null, '-1.10'],
          ['2.05', '2.10', '0.00', '2.05', '2.00', '-0.05'],
        ],
        'EUR',
      ),
    ).toEqual({ lines: 2, amountPerSecond: '3.15', amountLegacy: '3.30', credit: '0.10', net: '3.05', billed: '2.00', variance: '-1.15' });
    expect(lineTotals([], 'JPY')).toEqual({ lines: 0, amountPerSecond: '0', amountLegacy: '0', credit: '0', net: '0', billed: '0', variance: '0' });
  });
});
