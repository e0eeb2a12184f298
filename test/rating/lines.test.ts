// Time-sliced lines: amounts, rounding once, instances, flavors, catalogs, errors, order.
import { describe, expect, it } from 'vitest';
import { RatingError, rateInvoice, rateLines, resolvePriceItem } from '../../shared/rating';
import type { Catalog, RatedLine, UsageInterval } from '../../shared/types';
import { RUNTIME, at, catalog, countable, input, iv, task } from './fixtures';

const hour = (iso: string, hours = 1) => ({ start: at(iso), end: at(iso) + hours * 3_600_000 });
const byKey = (lines: RatedLine[]) => Object.fromEntries(lines.map((l) => [l.key, l]));

describe('the spec example', () => {
  it('a 762 s build at 0.40 €/h costs 0.08 per second and 0.13 in 10-minute slices', () => {
    const inv = rateInvoice(input({ intervals: [iv({ itemType: 'build', start: at('2021-03-10T10:00:00Z'), end: at('2021-03-10T10:12:42Z') })] }));
    const [line] = inv.lines;
    // 762 × 0.40 / 3600 = 0.084666… → 0.08 ; ceil(762/600) = 2 slices × 0.40 / 6 = 0.1333… → 0.13
    expect(line).toMatchObject({
      key: 'orga_1|build|app_1|apps.XS',
      lineNo: 1,
      kind: 'build',
      priceItem: 'apps.XS',
      instances: 1,
      billableSeconds: 762,
      unitPrice: '0.40',
      exactPerSecond: '0.08466666666666666667',
      exactLegacy: '0.13333333333333333333',
      amountPerSecond: '0.08',
      amountLegacy: '0.13',
      difference: '0.05',
      credit: '0.00',
      net: '0.08',
    });
    const steps = Object.fromEntries(line!.explanation.map((s) => [s.label, s]));
    expect(steps['Billable seconds']!.value).toBe('762');
    expect(steps['Per-second amount']!.formula).toBe('762 s × 0.40 EUR/h ÷ 3600 = 0.08466666666666666667');
    expect(steps['Rounded (half up, 2 decimals)']!.value).toBe('0.08');
    expect(steps['Legacy slices (600 s)']!.value).toBe('2');
    expect(steps['Legacy amount']!.formula).toBe('2 slices × 0.40 EUR/h ÷ 6 = 0.13333333333333333333');
    expect(steps['Net amount']!.value).toBe('0.08');
    expect(inv).toMatchObject({ subtotalPerSecond: '0.08', subtotalLegacy: '0.13', difference: '0.05', netBeforeTax: '0.08' });
  });

  it('the legacy granularity is a parameter', () => {
    const intervals = [iv({ start: at('2021-03-10T10:00:00Z'), end: at('2021-03-10T10:12:42Z') })];
    const legacy = (g: number) => rateInvoice(input({ intervals, granularitySeconds: g })).lines[0]!.amountLegacy;
    expect(legacy(1)).toBe('0.08'); // = per second
    expect(legacy(60)).toBe('0.09'); // 13 slices × 60 s = 780 s × 0.40 / 3600 = 0.08666… → 0.09
    expect(legacy(600)).toBe('0.13');
    expect(legacy(3600)).toBe('0.40'); // 1 hour started
    expect(() => legacy(300)).toThrow(RatingError);
  });
});

describe('rounding once per line', () => {
  it('1000 intervals of 18 s at 1.00 €/h make 5.00, not 1000 × round(0.005) = 10.00', () => {
    const base = at('2021-03-01T00:00:00Z');
    const intervals = Array.from({ length: 1000 }, (_, i) =>
      iv({ priceId: 'apps.ONE', instanceId: `i-${i}`, start: base + i * 60_000, end: base + i * 60_000 + 18_000 }),
    );
    const [line] = rateInvoice(input({ intervals })).lines;
    // 18000 s × 1.00 / 3600 = 5.00 exactly; legacy 1000 slices × 1.00 / 6 = 166.666… → 166.67
    expect(line!.billableSeconds).toBe(18_000);
    expect(line!.amountPerSecond).toBe('5.00');
    expect(line!.amountLegacy).toBe('166.67');
    expect(line!.instances).toBe(1000);
  });

  it('1000 intervals of 1 s at 0.01 €/h round once: 0.00 per second, 1.67 legacy', () => {
    const base = at('2021-03-01T00:00:00Z');
    const intervals = Array.from({ length: 1000 }, (_, i) => iv({ priceId: 'apps.PICO', start: base + i * 5000, end: base + i * 5000 + 1000 }));
    const [line] = rateInvoice(input({ intervals })).lines;
    // 1000 s × 0.01 / 3600 = 0.002777… → 0.00; 1000 slices × 0.01 / 6 = 1.666… → 1.67
    expect(line!.priceItem).toBe('apps.PICO'); // no slug: source.flavor
    expect(line!.exactPerSecond).toBe('0.00277777777777777778');
    expect(line!.amountPerSecond).toBe('0.00');
    expect(line!.amountLegacy).toBe('1.67');
  });

  it('the invoice subtotal is the sum of rounded lines', () => {
    const s = at('2021-03-01T10:00:00Z');
    const intervals = [
      iv({ itemId: 'a', itemName: 'a', priceId: 'apps.ONE', start: s, end: s + 18_000 }),
      iv({ itemId: 'b', itemName: 'b', priceId: 'apps.ONE', start: s, end: s + 18_000 }),
    ];
    const inv = rateInvoice(input({ intervals }));
    // each line 18 s × 1.00 / 3600 = 0.005 → 0.01 (half up); subtotal 0.01 + 0.01 = 0.02
    expect(inv.lines.map((l) => l.amountPerSecond)).toEqual(['0.01', '0.01']);
    expect(inv.subtotalPerSecond).toBe('0.02');
  });
});

describe('zero-length and sub-second intervals', () => {
  it('bill 0 s and 1 s', () => {
    const s = at('2021-03-10T10:00:00Z');
    const [line] = rateInvoice(
      input({
        withDetails: true,
        intervals: [iv({ priceId: 'apps.ONE', start: s, end: s }), iv({ priceId: 'apps.ONE', instanceId: 'i-2', start: s, end: s + 1 })],
      }),
    ).lines;
    // 0 s + 1 s = 1 s; 1 × 1.00 / 3600 = 0.000277… → 0.00; legacy 0 + 1 slice → 1.00 / 6 = 0.1666… → 0.17
    expect(line!.billableSeconds).toBe(1);
    expect(line!.details!.map((d) => [d.billableSeconds, d.legacySlices])).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(line!.amountPerSecond).toBe('0.00');
    expect(line!.amountLegacy).toBe('0.17');
    expect(line!.details![0]!.exactAmount).toBe('0');
  });
});

describe('instances and price items', () => {
  it('n instances over the same hour cost n times one', () => {
    const intervals = ['i-1', 'i-2', 'i-3'].map((instanceId) => iv({ instanceId, ...hour('2021-03-10T10:00:00Z') }));
    intervals.push(iv({ instanceId: 'i-1', ...hour('2021-03-11T10:00:00Z') }));
    const [line] = rateInvoice(input({ intervals })).lines;
    // 4 × 3600 s × 0.40 / 3600 = 1.60, 3 distinct instances
    expect(line!.instances).toBe(3);
    expect(line!.billableSeconds).toBe(14_400);
    expect(line!.amountPerSecond).toBe('1.60');
  });

  it('a flavor change makes two lines', () => {
    const intervals = [
      iv({ priceId: 'apps.XS', ...hour('2021-03-10T10:00:00Z') }),
      iv({ priceId: 'rp-s', flavorName: 'S', ...hour('2021-03-10T11:00:00Z') }), // by runtime policy id
    ];
    const lines = rateInvoice(input({ intervals })).lines;
    // apps.S (0.80) sorts before apps.XS (0.40): same kind, name and item id
    expect(lines.map((l) => [l.key, l.lineNo, l.amountPerSecond])).toEqual([
      ['orga_1|application|app_1|apps.S', 1, '0.80'],
      ['orga_1|application|app_1|apps.XS', 2, '0.40'],
    ]);
  });

  it('add-ons are priced from their catalog source; builds are their own line', () => {
    const intervals = [
      iv({ itemId: 'pg_1', itemName: 'db', priceId: '', flavorName: 'XS_SML', sourceHint: 'postgresql-addon', ...hour('2021-03-10T10:00:00Z', 10) }),
      iv({ ...hour('2021-03-10T10:00:00Z') }),
      iv({ itemType: 'build', ...hour('2021-03-10T09:00:00Z') }),
    ];
    const lines = rateInvoice(input({ intervals })).lines;
    // 10 h × 0.09 = 0.90 for the add-on; 1 h × 0.40 for the app and for its build
    expect(lines.map((l) => [l.kind, l.itemId, l.priceItem, l.amountPerSecond])).toEqual([
      ['application', 'app_1', 'apps.XS', '0.40'],
      ['build', 'app_1', 'apps.XS', '0.40'],
      ['addon', 'pg_1', 'postgresql-addon.XS_SML', '0.90'],
    ]);
  });
});

describe('catalog choice', () => {
  const priced = (price: string) => RUNTIME.map((r) => (r.slugId === 'apps.XS' ? { ...r, pricePerHour: price } : r));

  it('an interval is priced by the catalog valid at its start', () => {
    const v1 = catalog({ id: 1, endDate: at('2021-03-15T00:00:00Z') });
    const v2 = catalog({ id: 2, startDate: at('2021-03-15T00:00:00Z'), runtime: priced('0.50') });
    const intervals = [
      iv({ ...hour('2021-03-14T23:00:00Z', 2) }), // starts under v1: 7200 s at 0.40 even after the 15th
      iv({ ...hour('2021-03-20T10:00:00Z') }), // 3600 s at 0.50
    ];
    const [line] = rateInvoice(input({ catalogs: [v2, v1], intervals, withDetails: true })).lines;
    // (7200 × 0.40 + 3600 × 0.50) / 3600 = (2880 + 1800) / 3600 = 1.30
    expect(line!.amountPerSecond).toBe('1.30');
    expect(line!.unitPrice).toBeNull(); // two prices
    expect(line!.details!.map((d) => d.pricePerHour)).toEqual(['0.40', '0.50']);
    // legacy: 12 slices × 0.40 / 6 + 6 slices × 0.50 / 6 = 0.80 + 0.50 = 1.30
    expect(line!.amountLegacy).toBe('1.30');
  });

  it("prefers the interval's zone, then the newest catalog", () => {
    const par = catalog({ id: 1, zoneId: 'par' });
    const mtl = catalog({ id: 2, zoneId: 'mtl', runtime: priced('0.44') });
    const parNew = catalog({ id: 3, zoneId: 'par', startDate: at('2021-01-01T00:00:00Z'), runtime: priced('0.48') });
    const rate = (zoneId: string, catalogs: Catalog[]) =>
      rateInvoice(input({ catalogs, intervals: [iv({ zoneId, ...hour('2021-03-10T10:00:00Z') })] })).lines[0]!.amountPerSecond;
    expect(rate('mtl', [par, mtl])).toBe('0.44');
    expect(rate('par', [par, mtl])).toBe('0.40');
    expect(rate('par', [par, mtl, parNew])).toBe('0.48'); // same zone, latest start date
    expect(rate('', [par, parNew])).toBe('0.48');
  });

  it('ignores catalogs of another currency', () => {
    const usd = catalog({ id: 9, currency: 'USD', runtime: priced('9.99') });
    const rate = rateInvoice(input({ catalogs: [usd, catalog()], intervals: [iv({ ...hour('2021-03-10T10:00:00Z') })] }));
    expect(rate.lines[0]!.amountPerSecond).toBe('0.40');
  });

  it('resolves by runtime policy id, slug, source.flavor, then flavor with its source', () => {
    const cats = [catalog()];
    const base = { ...hour('2021-03-10T10:00:00Z') };
    const item = (over: Parameters<typeof iv>[0]) => resolvePriceItem(cats, iv(over)).priceItem;
    expect(item({ ...base, priceId: 'rp-s' })).toBe('apps.S');
    expect(item({ ...base, priceId: 'redis-addon.S' })).toBe('redis-addon.S');
    expect(item({ ...base, priceId: 'apps.PICO' })).toBe('apps.PICO');
    expect(item({ ...base, priceId: '', flavorName: 'S', sourceHint: 'redis-addon' })).toBe('redis-addon.S');
    expect(item({ ...base, priceId: 'unknown-policy', flavorName: 'S', sourceHint: 'apps' })).toBe('apps.S');
    expect(item({ ...base, priceId: '', flavorName: 'XS_SML', sourceHint: '' })).toBe('postgresql-addon.XS_SML'); // unique flavor
    expect(resolvePriceItem(cats, iv({ ...base, priceId: 'redis-addon.S' })).kind).toBe('addon');
    // 'S' exists for apps and redis-addon: without a source it is ambiguous
    expect(() => item({ ...base, priceId: '', flavorName: 'S', sourceHint: '' })).toThrow(/several sources/);
  });
});

describe('missing price items', () => {
  it('is an error naming the price item, the file and the row', () => {
    const bad = iv({ priceId: 'apps.XXL', flavorName: 'XXL', ...hour('2021-03-10T10:00:00Z'), source: { batchId: 1, file: 'usage.csv', row: '7' } });
    let err: unknown;
    try {
      rateInvoice(input({ intervals: [iv({ ...hour('2021-03-10T10:00:00Z') }), bad] }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RatingError);
    const re = err as RatingError;
    expect(re.name).toBe('RatingError');
    expect(re.code).toBe('missing_price_item');
    expect(re.priceId).toBe('apps.XXL');
    expect(re.source).toEqual({ batchId: 1, file: 'usage.csv', row: '7' });
    expect(re.message).toContain('"apps.XXL"');
    expect(re.message).toContain('usage.csv row 7');
  });

  it('is an error when no catalog is valid at the interval start', () => {
    const later = catalog({ startDate: at('2021-03-20T00:00:00Z') });
    expect(() => rateInvoice(input({ catalogs: [later], intervals: [iv({ ...hour('2021-03-10T10:00:00Z') })] }))).toThrow(
      /no EUR catalog is valid at 2021-03-10T10:00:00Z/,
    );
  });

  it('names a JSON record path', () => {
    const bad = iv({
      priceId: 'nope',
      flavorName: '',
      ...hour('2021-03-10T10:00:00Z'),
      source: { batchId: 4, file: 'invoice.json', row: 'uptimes[3].details[7]' },
    });
    expect(() => rateInvoice(input({ intervals: [bad] }))).toThrow('invoice.json record uptimes[3].details[7]');
  });
});

describe('line order and selection', () => {
  it('orders by kind, then item name, then item id', () => {
    const h = hour('2021-03-10T10:00:00Z');
    const inv = rateInvoice(
      input({
        tasks: [task({ start: h.start })],
        countables: [countable({ start: h.start, quantity: '50' })],
        intervals: [
          iv({ itemId: 'pg', itemName: 'db', priceId: 'postgresql-addon.XS_SML', ...h }),
          iv({ itemType: 'build', itemId: 'w', itemName: 'web', ...h }),
          iv({ itemId: 'z', itemName: 'zeta', ...h }),
          iv({ itemId: 'b2', itemName: 'same', ...h }),
          iv({ itemId: 'a1', itemName: 'Alpha', ...h }),
          iv({ itemId: 'b1', itemName: 'same', ...h }),
        ],
      }),
    );
    expect(inv.lines.map((l) => `${l.lineNo} ${l.kind} ${l.itemName} ${l.itemId}`)).toEqual([
      '1 application Alpha a1',
      '2 application same b1',
      '3 application same b2',
      '4 application zeta z',
      '5 build web w',
      '6 addon db pg',
      '7 countable bucket cellar_1',
      '8 task Migration support task_1',
    ]);
  });

  it("ignores other owners' usage and usage of other periods", () => {
    const inv = rateInvoice(
      input({
        intervals: [
          iv({ ownerId: 'orga_2', ...hour('2021-03-10T10:00:00Z') }),
          iv({ ...hour('2021-02-10T10:00:00Z') }),
          iv({ ...hour('2021-04-10T10:00:00Z') }),
          iv({ ...hour('2021-03-10T10:00:00Z') }),
        ],
      }),
    );
    expect(inv.lines).toHaveLength(1);
    expect(inv.lines[0]!.billableSeconds).toBe(3600);
  });

  it('builds details only when asked', () => {
    const intervals = [iv({ ...hour('2021-03-10T10:00:00Z') })];
    expect(rateInvoice(input({ intervals })).lines[0]!.details).toBeUndefined();
    const d = rateInvoice(input({ intervals, withDetails: true })).lines[0]!.details!;
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ billableSeconds: 3600, exactAmount: '0.4', legacySlices: 6, exactLegacyAmount: '0.4', cut: false });
  });

  it('rateInvoice takes the intervals as a one-pass iterable (a generator reading storage) with the same result as an array', () => {
    const intervals = [
      iv({ ...hour('2021-03-10T10:00:00Z') }),
      iv({ instanceId: 'i2', ...hour('2021-02-28T23:30:00Z') }),
      iv({ itemType: 'build', ...hour('2021-03-31T21:30:00Z') }),
    ];
    let passes = 0;
    const once: Iterable<UsageInterval> = {
      [Symbol.iterator]: () => {
        passes++;
        return intervals[Symbol.iterator]();
      },
    };
    expect(rateInvoice(input({ intervals: once, withDetails: true }))).toEqual(rateInvoice(input({ intervals, withDetails: true })));
    expect(passes).toBe(1);
  });

  it('rateLines gives the same lines without credits', () => {
    const intervals = [iv({ ...hour('2021-03-10T10:00:00Z') }), iv({ itemType: 'build', ...hour('2021-03-10T10:00:00Z') })];
    const lines = rateLines({ ...input({ intervals }), intervals });
    const inv = rateInvoice(input({ intervals }));
    expect(byKey(lines)['orga_1|application|app_1|apps.XS']!.amountPerSecond).toBe('0.40');
    expect(lines.map((l) => l.key)).toEqual(inv.lines.map((l) => l.key));
  });

  it('refuses an interval that ends before it starts, naming its row', () => {
    const bad = iv({ start: at('2021-03-10T10:00:00Z'), end: at('2021-03-10T09:00:00Z'), source: { batchId: 1, file: 'usage.csv', row: '9' } });
    expect(() => rateInvoice(input({ intervals: [bad] }))).toThrow(/ends before it starts \(usage.csv row 9\)/);
  });
});

describe('invalid input', () => {
  const expectInvalid = (over: Parameters<typeof input>[0], pattern: RegExp) => {
    let err: unknown;
    try {
      rateInvoice(input(over));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RatingError);
    expect((err as RatingError).code).toBe('invalid_input');
    expect((err as RatingError).message).toMatch(pattern);
  };

  it('names what is wrong', () => {
    expectInvalid({ timeZone: 'Mars/Olympus' }, /Unknown time zone "Mars\/Olympus"/);
    expectInvalid({ period: '2021-13' }, /Invalid period "2021-13"/);
    expectInvalid({ vatPercent: '20%' }, /VAT percent "20%"/);
    expectInvalid({ granularitySeconds: 0 }, /granularity 0 s/);
    expectInvalid({ currency: ' ' }, /currency is empty/);
    expectInvalid(
      { catalogs: [catalog({ runtime: [{ ...RUNTIME[0]!, pricePerHour: '0,40' }] })], intervals: [iv({ ...hour('2021-03-10T10:00:00Z') })] },
      /Hourly price of "apps.XS" in catalog 1 "0,40"/,
    );
  });
});
