// Countables (graduated tiers) and classic items (custom tasks). Expected values by hand.
import { describe, expect, it } from 'vitest';
import { RatingError, rateInvoice } from '../../shared/rating';
import { at, catalog, countable, input, task } from './fixtures';

describe('countables', () => {
  it('fill graduated tiers in max-quantity order, one line per tier used', () => {
    const inv = rateInvoice(
      input({
        countables: [countable({ start: at('2021-03-05T00:00:00Z'), quantity: '600' }), countable({ start: at('2021-03-20T00:00:00Z'), quantity: '900' })],
      }),
    );
    // 1500 GB: st-1 (≤ 100) 100 × 0 = 0.00; st-2 (≤ 1000) 900 × 0.02 = 18.00; st-3 (unbounded) 500 × 0.01 = 5.00
    expect(inv.lines.map((l) => [l.key, l.kind, l.amountPerSecond, l.amountLegacy, l.billableSeconds])).toEqual([
      ['orga_1|countable|cellar_1|st-1', 'countable', '0.00', '0.00', 0],
      ['orga_1|countable|cellar_1|st-2', 'countable', '18.00', '18.00', 0],
      ['orga_1|countable|cellar_1|st-3', 'countable', '5.00', '5.00', 0],
    ]);
    expect(inv.lines[1]!.unitPrice).toBe('0.02');
    expect(inv.lines[1]!.explanation.find((s) => s.label === 'Tier st-2')!.value).toBe('900');
    expect(inv.subtotalPerSecond).toBe('23.00');
    expect(inv.subtotalLegacy).toBe('23.00');
  });

  it('a small total stays in the first tier', () => {
    const inv = rateInvoice(input({ countables: [countable({ start: at('2021-03-05T00:00:00Z'), quantity: '50' })] }));
    expect(inv.lines.map((l) => l.priceItem)).toEqual(['st-1']);
  });

  it('prices per quantity_for_price units and rounds half up once', () => {
    const inv = rateInvoice(
      input({
        countables: [
          countable({ service: 'cellar.outbound', itemName: 'egress', unit: 'B', start: at('2021-03-05T00:00:00Z'), quantity: '1000000000' }),
          countable({ service: 'cellar.outbound', itemName: 'egress', unit: 'B', start: at('2021-03-06T00:00:00Z'), quantity: '1500000000' }),
        ],
      }),
    );
    // 2.5e9 B ÷ 1e9 × 0.09 = 0.225 → 0.23 (half up, not half even)
    expect(inv.lines[0]!.exactPerSecond).toBe('0.225');
    expect(inv.lines[0]!.amountPerSecond).toBe('0.23');
  });

  it('a last bounded tier takes the quantity above its bound too', () => {
    const cat = catalog({
      countable: [
        {
          service: 'x',
          dataUnit: 'GB',
          secability: 'secable',
          quantityForPrice: '1',
          interval: null,
          plans: [
            { planId: 'b', maxQuantity: '20', price: '2' },
            { planId: 'a', maxQuantity: '10', price: '1' },
          ],
        },
      ],
    });
    const inv = rateInvoice(input({ catalogs: [cat], countables: [countable({ service: 'x', start: at('2021-03-05T00:00:00Z'), quantity: '25' })] }));
    // a: 10 × 1 = 10.00; b: (25 − 10) × 2 = 30.00
    expect(inv.lines.map((l) => [l.priceItem, l.amountPerSecond])).toEqual([
      ['a', '10.00'],
      ['b', '30.00'],
    ]);
  });

  it('belong to the period containing their start (Paris vs UTC)', () => {
    const c = countable({ start: at('2021-03-31T22:30:00Z'), quantity: '200' }); // 2021-04-01 00:30 in Paris
    expect(rateInvoice(input({ countables: [c] })).lines).toEqual([]);
    expect(rateInvoice(input({ period: '2021-04', countables: [c] })).lines).toHaveLength(2);
    expect(rateInvoice(input({ timeZone: 'UTC', countables: [c] })).lines).toHaveLength(2);
  });

  it('a service missing from the catalog is an error naming it and its row', () => {
    const c = countable({
      service: 'fsbucket.storage',
      start: at('2021-03-05T00:00:00Z'),
      quantity: '1',
      source: { batchId: 1, file: 'usage.csv', row: '42' },
    });
    expect(() => rateInvoice(input({ countables: [c] }))).toThrow(RatingError);
    expect(() => rateInvoice(input({ countables: [c] }))).toThrow(/"fsbucket.storage".*usage.csv row 42/);
  });

  it('an invalid quantity is an error naming its row', () => {
    const c = countable({ start: at('2021-03-05T00:00:00Z'), quantity: '1,5', source: { batchId: 1, file: 'usage.csv', row: '8' } });
    expect(() => rateInvoice(input({ countables: [c] }))).toThrow(/Quantity.*"1,5".*usage.csv row 8/);
  });
});

describe('tasks', () => {
  it('unit price × quantity × price factor − discount', () => {
    const [line] = rateInvoice(
      input({ tasks: [task({ start: at('2021-03-05T00:00:00Z'), unitPrice: '100', quantity: '3', priceFactor: '0.9', discount: '15' })] }),
    ).lines;
    // 100 × 3 × 0.9 − 15 = 270 − 15 = 255.00
    expect(line).toMatchObject({
      key: 'orga_1|task|task_1|',
      kind: 'task',
      itemName: 'Migration support',
      priceItem: '',
      unitPrice: '100',
      amountPerSecond: '255.00',
      amountLegacy: '255.00',
      difference: '0.00',
      billableSeconds: 0,
    });
  });

  it('rows of one task item make one line rounded once', () => {
    const start = at('2021-03-05T00:00:00Z');
    const [line] = rateInvoice(input({ tasks: [task({ start, unitPrice: '33.333' }), task({ start, unitPrice: '0.0025' })] })).lines;
    // 33.333 + 0.0025 = 33.3355 → 33.34 (rounding each row first would give 33.33 + 0.00)
    expect(line!.exactPerSecond).toBe('33.3355');
    expect(line!.amountPerSecond).toBe('33.34');
    expect(line!.unitPrice).toBeNull();
  });

  it('a discount larger than the price makes a negative line', () => {
    const [line] = rateInvoice(input({ tasks: [task({ start: at('2021-03-05T00:00:00Z'), unitPrice: '10', discount: '25' })] })).lines;
    expect(line!.amountPerSecond).toBe('-15.00');
  });

  it('an empty price factor is 1 and an empty discount 0; no item id falls back to the description', () => {
    const [line] = rateInvoice(
      input({
        tasks: [task({ start: at('2021-03-05T00:00:00Z'), itemId: '', description: 'Audit', unitPrice: '12.5', quantity: '2', priceFactor: '', discount: '' })],
      }),
    ).lines;
    expect(line).toMatchObject({ key: 'orga_1|task|Audit|', itemId: 'Audit', amountPerSecond: '25.00' });
  });

  it('belong to the period containing their start', () => {
    const t = task({ start: at('2021-03-31T22:30:00Z') }); // April 1 in Paris
    expect(rateInvoice(input({ tasks: [t] })).lines).toEqual([]);
    expect(rateInvoice(input({ period: '2021-04', tasks: [t] })).lines).toHaveLength(1);
  });

  it('a task in another currency is refused, naming its row', () => {
    const t = task({ start: at('2021-03-05T00:00:00Z'), currency: 'USD', source: { batchId: 2, file: 'tasks.csv', row: '3' } });
    expect(() => rateInvoice(input({ tasks: [t] }))).toThrow(/USD.*tasks.csv row 3/);
  });

  it('JPY has no minor digits', () => {
    const jpy = catalog({ currency: 'JPY', runtime: [{ runtimePolicyId: 'j', source: 'apps', flavor: 'XS', pricePerHour: '100', slugId: 'apps.XS' }] });
    const inv = rateInvoice(
      input({
        currency: 'JPY',
        vatPercent: '10',
        catalogs: [jpy],
        tasks: [task({ start: at('2021-03-05T00:00:00Z'), currency: 'JPY', unitPrice: '0.5' })],
      }),
    );
    // 0.5 → 1 (half up), VAT 10 % of 1 = 0.1 → 0
    expect(inv).toMatchObject({ subtotalPerSecond: '1', vat: '0', total: '1' });
  });
});
