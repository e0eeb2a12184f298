import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../electron/core/import';
import { expectRefused, FIXTURES, newWorkspace, writeFile } from './helpers';

const T = (s: string) => Date.parse(s);
/**
 * The fixture as a JS object. JSON.parse rounds 0.0001234567890123-like numbers to floats (the
 * very thing the importer must not do), so those are put back as exact strings.
 */
const fixture = () => {
  const inv = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'invoice-v4.json'), 'utf8')) as Record<string, any>;
  inv.total_tax_excluded = '159.8801234567890123';
  inv.uptimes[0].price = '3.6001234567890123';
  inv.uptimes[0].details[0].price = '0.0001234567890123';
  return inv;
};
/** JSON text of an invoice, with a number written exactly as given (JSON.stringify would round). */
const withRaw = (obj: unknown, marker: string, raw: string) => JSON.stringify(obj, null, 1).replace(`"${marker}"`, raw);

describe('Clever Cloud v4 invoice', () => {
  it('imports the invoice, its billed lines and its usage with exact amounts and record paths', async () => {
    const { db } = newWorkspace();
    const r = await importFile(db, path.join(FIXTURES, 'invoice-v4.json'));
    expect(r).toMatchObject({ format: 'cc-invoice', warnings: [] });
    // 1 invoice + 7 billed lines + 4 intervals + 2 countables + 1 classic
    expect(r.rowCount).toBe(15);

    const inv = db.prepare('SELECT * FROM invoices').get() as Record<string, unknown>;
    expect(inv).toMatchObject({
      batch_id: r.batchId,
      source_row: '(root)',
      invoice_number: 'FR-2024-03-0001',
      owner_id: 'orga_test',
      status: 'PAID',
      emission_date: T('2024-04-02T04:00:00Z'),
      period_start: T('2024-02-29T23:00:00Z'),
      period_end: T('2024-03-31T22:00:00Z'),
      currency: 'EUR',
      vat_percent: '20',
      total_tax_excluded: '159.8801234567890123',
      total_tax: '31.98',
    });

    const lines = db
      .prepare(
        'SELECT source_row, item_type, owner_id, item_id, item_name, price_ref, flavor_name, source_hint, amount, invoice_id, batch_id FROM billed_lines ORDER BY id',
      )
      .all();
    expect(lines).toEqual([
      {
        source_row: 'uptimes[0]',
        item_type: 'uptime',
        owner_id: 'orga_test',
        item_id: 'app_1',
        item_name: '',
        price_ref: 'pol-xs',
        flavor_name: 'XS',
        source_hint: 'apps',
        amount: '1.1001234567890123',
        invoice_id: inv.id,
        batch_id: r.batchId,
      },
      {
        source_row: 'uptimes[0]',
        item_type: 'uptime',
        owner_id: 'orga_test',
        item_id: 'app_1',
        item_name: '',
        price_ref: 'pol-s',
        flavor_name: 'S',
        source_hint: 'apps',
        amount: '2.5',
        invoice_id: inv.id,
        batch_id: r.batchId,
      },
      {
        source_row: 'uptimes[1]',
        item_type: 'build',
        owner_id: 'orga_test',
        item_id: 'app_1',
        item_name: '',
        price_ref: 'pol-xl',
        flavor_name: 'XL',
        source_hint: 'apps',
        amount: '0.08',
        invoice_id: inv.id,
        batch_id: r.batchId,
      },
      {
        source_row: 'uptimes[2]',
        item_type: 'uptime',
        owner_id: 'orga_test',
        item_id: 'addon_1',
        item_name: '',
        price_ref: '',
        flavor_name: '',
        source_hint: 'postgresql-addon',
        amount: '29.32',
        invoice_id: inv.id,
        batch_id: r.batchId,
      },
      {
        source_row: 'countables[0]',
        item_type: 'countable',
        owner_id: 'orga_test',
        item_id: 'cellar.storage',
        item_name: 'cellar.storage',
        price_ref: 'cellar-storage-tier1',
        flavor_name: '',
        source_hint: '',
        amount: '19.8',
        invoice_id: inv.id,
        batch_id: r.batchId,
      },
      {
        source_row: 'countables[1]',
        item_type: 'countable',
        owner_id: 'orga_test',
        item_id: 'cellar.traffic',
        item_name: 'cellar.traffic',
        price_ref: 'cellar-traffic-tier1',
        flavor_name: '',
        source_hint: '',
        amount: '7.08',
        invoice_id: inv.id,
        batch_id: r.batchId,
      },
      {
        source_row: 'classic[0]',
        item_type: 'classic',
        owner_id: 'orga_test',
        item_id: 'task_1',
        item_name: 'Migration',
        price_ref: 'task_1',
        flavor_name: '',
        source_hint: '',
        amount: '100',
        invoice_id: inv.id,
        batch_id: r.batchId,
      },
    ]);

    const iv = db
      .prepare(
        'SELECT source_row, origin, invoice_id, item_type, item_id, instance_id, price_id, flavor_name, source_hint, zone_id, start_ms, end_ms, billed_price FROM usage_intervals ORDER BY id',
      )
      .all();
    expect(iv).toEqual([
      {
        source_row: 'uptimes[0].details[0]',
        origin: 'invoice',
        invoice_id: inv.id,
        item_type: 'uptime',
        item_id: 'app_1',
        instance_id: 'i1',
        price_id: 'pol-xs',
        flavor_name: 'XS',
        source_hint: 'apps',
        zone_id: 'par',
        start_ms: T('2024-02-29T23:00:00Z'),
        end_ms: T('2024-03-01T00:00:00Z'),
        billed_price: '0.0001234567890123',
      },
      {
        source_row: 'uptimes[0].details[1]',
        origin: 'invoice',
        invoice_id: inv.id,
        item_type: 'uptime',
        item_id: 'app_1',
        instance_id: 'i2',
        price_id: 'pol-xs',
        flavor_name: 'XS',
        source_hint: 'apps',
        zone_id: 'par',
        start_ms: T('2024-03-01T00:00:00Z'),
        end_ms: T('2024-03-02T00:00:00Z'),
        billed_price: '1.10',
      },
      {
        source_row: 'uptimes[0].details[2]',
        origin: 'invoice',
        invoice_id: inv.id,
        item_type: 'uptime',
        item_id: 'app_1',
        instance_id: 'i1',
        price_id: 'pol-s',
        flavor_name: 'S',
        source_hint: 'apps',
        zone_id: 'par',
        start_ms: T('2024-03-02T00:00:00Z'),
        end_ms: T('2024-03-03T00:00:00.500Z'),
        billed_price: '2.5',
      },
      {
        source_row: 'uptimes[1].details[0]',
        origin: 'invoice',
        invoice_id: inv.id,
        item_type: 'build',
        item_id: 'app_1',
        instance_id: 'b1',
        price_id: 'pol-xl',
        flavor_name: 'XL',
        source_hint: 'apps',
        zone_id: 'par',
        start_ms: T('2024-03-27T20:46:38Z'),
        end_ms: T('2024-03-27T20:59:20Z'),
        billed_price: '0.08',
      },
    ]);

    expect(
      db.prepare('SELECT source_row, origin, invoice_id, service, item_id, plan_id, quantity, unit, zone_id, start_ms FROM usage_countables ORDER BY id').all(),
    ).toEqual([
      {
        source_row: 'countables[0]',
        origin: 'invoice',
        invoice_id: inv.id,
        service: 'cellar.storage',
        item_id: 'cellar.storage',
        plan_id: 'cellar-storage-tier1',
        quantity: '990',
        unit: 'GB',
        zone_id: 'par',
        start_ms: inv.period_start,
      },
      {
        source_row: 'countables[1]',
        origin: 'invoice',
        invoice_id: inv.id,
        service: 'cellar.traffic',
        item_id: 'cellar.traffic',
        plan_id: 'cellar-traffic-tier1',
        quantity: '78.631',
        unit: 'GB',
        zone_id: 'par',
        start_ms: inv.period_start,
      },
    ]);
    const k = db.prepare('SELECT * FROM usage_classic').get() as Record<string, unknown>;
    expect(k).toMatchObject({
      source_row: 'classic[0]',
      origin: 'invoice',
      invoice_id: inv.id,
      item_id: 'task_1',
      description: 'Migration',
      unit_price: '90',
      quantity: '1.5',
      price_factor: '0.8',
      discount: '8',
      currency: 'EUR',
      start_ms: inv.period_start,
    });
    expect(JSON.parse(k.attrs_json as string)).toEqual({ sub_description: 'PostgreSQL upgrade' });
  });

  it('reads an array of invoices (records [i].uptimes[j]) whose owner comes from the items', async () => {
    const { db, dir } = newWorkspace();
    const a = fixture();
    delete a.owner_id;
    const b: Record<string, any> = {
      ...fixture(),
      invoice_number: 'FR-2024-04-0002',
      consumption_begin_date: '2024-04-01T00:00:00+02:00',
      consumption_end_date: '2024-05-01T00:00:00+02:00',
    };
    delete b.owner_id;
    b.countables = [];
    b.classic = [];
    b.uptimes = JSON.parse(JSON.stringify(b.uptimes).replaceAll('2024-03-', '2024-04-'));
    b.total_tax_excluded = '33.0001234567890123';
    const r = await importFile(db, writeFile(dir, 'invoices.json', JSON.stringify([a, b])));
    expect(r.warnings).toEqual([]);
    expect(db.prepare('SELECT source_row, owner_id FROM invoices ORDER BY id').all()).toEqual([
      { source_row: '[0]', owner_id: 'orga_test' },
      { source_row: '[1]', owner_id: 'orga_test' },
    ]);
    expect(db.prepare("SELECT source_row FROM usage_intervals WHERE source_row LIKE '[1]%' ORDER BY id LIMIT 2").all()).toEqual([
      { source_row: '[1].uptimes[0].details[0]' },
      { source_row: '[1].uptimes[0].details[1]' },
    ]);
  });

  it('keeps JSON numbers exactly as written, expands exponents exactly, and warns (without failing) when the total differs', async () => {
    const { db, dir } = newWorkspace();
    const inv = fixture();
    inv.uptimes = [
      {
        ...inv.uptimes[0],
        price: 'P0',
        details: [
          { ...inv.uptimes[0].details[0], price: 'P1' },
          { ...inv.uptimes[0].details[1], price: 'P2' },
        ],
      },
    ];
    inv.countables = [];
    inv.classic = [];
    inv.total_tax_excluded = 'P3';
    let text = withRaw(inv, 'P1', '0.000123456789012345678901234567890');
    text = text.replace('"P2"', '1E-7').replace('"P0"', '0.000123556789012345678901234567890').replace('"P3"', '0.01');
    const r = await importFile(db, writeFile(dir, 'exact.json', text));
    expect(db.prepare('SELECT billed_price FROM usage_intervals ORDER BY id').all()).toEqual([
      { billed_price: '0.000123456789012345678901234567890' },
      { billed_price: '0.0000001' },
    ]);
    expect(db.prepare('SELECT amount FROM billed_lines').get()).toEqual({ amount: '0.00012355678901234567890123456789' });
    expect(r.warnings).toEqual([
      'exact.json, record (root): total_tax_excluded 0.01 differs from the sum of the billed lines 0.00012355678901234567890123456789 (difference 0.00987644321098765432109876543211)',
    ]);
  });

  it('warns, naming both records, when a detail is listed twice or details of one instance overlap', async () => {
    const { db, dir } = newWorkspace();
    const inv = fixture();
    inv.uptimes[0].details.push({ ...inv.uptimes[0].details[1] });
    inv.uptimes[1].details.push({ ...inv.uptimes[1].details[0], consumption_start: '2024-03-27T21:50:00+01:00', consumption_end: '2024-03-27T22:10:00+01:00' });
    inv.uptimes[0].price = '4.7001234567890123';
    inv.uptimes[1].price = '0.16';
    inv.total_tax_excluded = '161.0601234567890123';
    const r = await importFile(db, writeFile(dir, 'twice.json', JSON.stringify(inv)));
    expect(r.warnings).toEqual([
      'twice.json, record uptimes[0].details[3]: interval Mar 1, 2024, 01:00:00 → Mar 2, 2024, 01:00:00 (Europe/Paris) of item app_1, instance i2 duplicates record uptimes[0].details[1] (Mar 1, 2024, 01:00:00 → Mar 2, 2024, 01:00:00 (Europe/Paris)): the provider billed it twice',
      'twice.json, record uptimes[1].details[1]: interval Mar 27, 2024, 21:50:00 → Mar 27, 2024, 22:10:00 (Europe/Paris) of item app_1, instance b1 overlaps record uptimes[1].details[0] (Mar 27, 2024, 21:46:38 → Mar 27, 2024, 21:59:20 (Europe/Paris)): the provider billed that time twice',
    ]);
  });

  it('refuses the same invoice imported again from another file (it would be billed twice)', async () => {
    const { db, dir } = newWorkspace();
    await importFile(db, path.join(FIXTURES, 'invoice-v4.json'));
    const again = writeFile(dir, 'invoice-pretty.json', JSON.stringify(fixture(), null, 4));
    await expectRefused(db, again, [
      'invoice-pretty.json, record (root), field invoice_number: invoice FR-2024-03-0001 of orga_test was already imported from invoice-v4.json (batch 1)',
    ]);
  });

  describe('bad input names the record and field; the workspace is unchanged', () => {
    const cases: [string, (inv: Record<string, any>) => void, string[]][] = [
      [
        'detail date without offset',
        (i) => (i.uptimes[0].details[1].consumption_start = '2024-03-01T00:00:00'),
        ['bad.json, record uptimes[0].details[1], field consumption_start: "2024-03-01T00:00:00" has no UTC offset'],
      ],
      [
        'detail end before start',
        (i) => (i.uptimes[1].details[0].consumption_end = '2024-03-27T21:00:00+01:00'),
        ['record uptimes[1].details[0], field consumption_end: "2024-03-27T21:00:00+01:00" is before consumption_start'],
      ],
      ['non-numeric price', (i) => (i.uptimes[0].details[2].price = 'abc'), ['record uptimes[0].details[2], field price: "abc" is not a decimal number']],
      ['negative price', (i) => (i.uptimes[0].details[0].price = -1), ['record uptimes[0].details[0], field price: "-1" is negative']],
      [
        'price as a boolean',
        (i) => (i.countables[0].details_price = true),
        ['record countables[0], field details_price: "true" is a boolean, expected a number'],
      ],
      [
        'money in another currency',
        (i) => (i.uptimes[0].details[2].price = { amount: 2.5, currency: 'USD' }),
        ['record uptimes[0].details[2], field price.currency: "USD" differs from the invoice currency EUR'],
      ],
      [
        'owners disagree',
        (i) => (i.uptimes[2].owner_id = 'orga_other'),
        ['record uptimes[2], field owner_id: "orga_other" differs from the invoice\'s owner "orga_test"'],
      ],
      [
        'no owner anywhere',
        (i) => {
          delete i.owner_id;
          for (const u of i.uptimes) delete u.owner_id;
        },
        ['bad.json, record (root), field owner_id: is missing, and no uptimes/countables/classic item has one'],
      ],
      [
        'an uptime with neither app_id nor item_id',
        (i) => {
          delete i.uptimes[1].app_id;
          delete i.uptimes[1].item_id;
        },
        ['bad.json, record uptimes[1], field app_id: is missing (and so is item_id): the item billed is unknown'],
      ],
      [
        'a provider figure in another currency',
        (i) => (i.credit_balance_at_emission = { amount: 3, currency: 'USD' }),
        ['record (root), field credit_balance_at_emission.currency: "USD" differs from the invoice currency EUR'],
      ],
      [
        'a vendor consumption without price',
        (i) => (i.vendor_consumption = [{ item_id: 'v1', vendor_id: 'mailgun' }]),
        ['record vendor_consumption[0], field price: is missing'],
      ],
      ['missing invoice number', (i) => delete i.invoice_number, ['record (root), field invoice_number: is missing']],
      ['bad currency code', (i) => (i.currency = 'EU'), ['record (root), field currency: "EU" is not a currency code']],
      [
        'period end before start',
        (i) => (i.consumption_end_date = '2024-02-01T00:00:00+01:00'),
        ['record (root), field consumption_end_date: "2024-02-01T00:00:00+01:00" is not after consumption_begin_date'],
      ],
      ['negative countable quantity', (i) => (i.countables[1].quantity = -3), ['record countables[1], field quantity: "-3" is negative']],
      ['negative discount', (i) => (i.classic[0].discount = -8), ['record classic[0], field discount: "-8" is negative']],
      ['uptimes not an array', (i) => (i.uptimes = { a: 1 }), ['record (root), field uptimes: "{\\"a\\":1}" is an object, expected an array']],
      ['a detail that is not an object', (i) => (i.uptimes[0].details[1] = 42), ['record uptimes[0].details[1]: "42" is a number, expected an object']],
    ];
    for (const [name, mutate, patterns] of cases) {
      it(name, async () => {
        const { db, dir } = newWorkspace();
        await importFile(db, path.join(FIXTURES, 'catalog.json'));
        const inv = fixture();
        mutate(inv);
        await expectRefused(db, writeFile(dir, 'bad.json', JSON.stringify(inv)), patterns);
      });
    }

    it('an array of invoices names [i]', async () => {
      const { db, dir } = newWorkspace();
      const b = fixture();
      b.invoice_number = 'X2';
      b.classic[0].quantity = 'lots';
      await expectRefused(db, writeFile(dir, 'two.json', JSON.stringify([fixture(), b])), [
        'two.json, record [1].classic[0], field quantity: "lots" is not a decimal number',
      ]);
    });

    it('invalid JSON names line and column', async () => {
      const { db, dir } = newWorkspace();
      await expectRefused(db, writeFile(dir, 'broken.json', '{\n  "invoice_number": "A",\n  "uptimes": [1, 2,]\n}'), [
        'broken.json: is not valid JSON: unexpected character "]" at line 3, column 20',
      ]);
    });
  });
});
