// Bounds of an invoice value (|v| ≤ 10^15, at most 40 significant digits; docs/importers.md,
// "Bounds"), the same in every format: through importFile on real SQLite workspaces, a value
// beyond them is refused naming file, row or record, and field, and the workspace is unchanged;
// the largest values within them import exactly as written.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile, previewFile, saveCsvMapping } from '../../electron/core/import';
import type { Db } from '../../electron/core/store/open';
import { realCatalogPath } from '../rating/real-catalog';
import { expectRefused, FIXTURES, newWorkspace, USAGE_HEADER, usageRow, writeFile } from './helpers';

const HUGE = '9'.repeat(400); // a 400-digit quantity
const DIGITS_41 = `0.${'1'.repeat(41)}`;
const MAX = '1000000000000000'; // 10^15: the largest magnitude accepted
const MAX_DIGITS = '999999999999999.9999999999999999999999999'; // 40 significant digits, < 10^15
const MAGNITUDE = /is beyond ±10\^15: no invoice has a value of that magnitude/;
const TOO_PRECISE = /has 41 significant digits: no invoice value has more than 40/;

/** A workspace that already holds something, so "unchanged" is not trivially true. */
async function workspace(): Promise<{ db: Db; dir: string }> {
  const w = newWorkspace();
  await importFile(w.db, path.join(FIXTURES, 'catalog.json'));
  return w;
}

describe('usage CSV', () => {
  const countable = (quantity: string) =>
    usageRow({
      owner_id: 'orga_1',
      item_type: 'countable',
      item_id: 'bucket',
      price_id: 'cellar.storage',
      consumption_start: '2021-03-02T00:00:00Z',
      quantity,
    });
  const classic = (unitPrice: string, quantity = '1') =>
    usageRow({
      owner_id: 'orga_1',
      item_type: 'classic',
      item_id: 'task_1',
      consumption_start: '2021-03-03T00:00:00Z',
      quantity,
      unit_price: unitPrice,
      currency: 'EUR',
    });

  it('refuses a 400-digit quantity and a 41-digit unit price, naming row and field', async () => {
    const { db, dir } = await workspace();
    await expectRefused(db, writeFile(dir, 'usage.csv', [USAGE_HEADER, countable('12'), countable(HUGE)].join('\n')), [
      `usage.csv, row 3, field quantity: "${'9'.repeat(120)}…" `,
      MAGNITUDE,
    ]);
    await expectRefused(db, writeFile(dir, 'tasks.csv', [USAGE_HEADER, classic(DIGITS_41)].join('\n')), [
      `tasks.csv, row 2, field unit_price: "${DIGITS_41}" `,
      TOO_PRECISE,
    ]);
    await expectRefused(db, writeFile(dir, 'neg.csv', [USAGE_HEADER, classic('-1000000000000000.01')].join('\n')), [
      'neg.csv, row 2, field unit_price: "-1000000000000000.01" ',
      MAGNITUDE,
    ]);
  });

  it('applies the same bound through a saved mapping with decimal comma and thousands groups', async () => {
    const { db, dir } = await workspace();
    saveCsvMapping(db, 'acme-#.csv', { delimiter: ';', decimalComma: true, mapping: { quantity: 'Quantité' } });
    const header = USAGE_HEADER.replace('quantity', 'Quantité').replaceAll(',', ';');
    const row = (q: string) => countable('Q').replaceAll(',', ';').replace('Q', q);
    await expectRefused(db, writeFile(dir, 'acme-1.csv', [header, row('"1 000 000 000 000 000,01"')].join('\n')), [
      'acme-1.csv, row 2, field quantity: "1 000 000 000 000 000,01" ',
      MAGNITUDE,
    ]);
    const r = await importFile(db, writeFile(dir, 'acme-2.csv', [header, row('"1 000 000 000 000 000,00"')].join('\n')));
    expect(r.rowCount).toBe(1);
    expect(db.prepare("SELECT quantity FROM usage_countables WHERE source_row = '2'").get()).toEqual({ quantity: '1000000000000000.00' });
  });

  it('imports the largest values in bounds exactly as written', async () => {
    const { db, dir } = await workspace();
    await importFile(db, writeFile(dir, 'max.csv', [USAGE_HEADER, countable(MAX), classic(`-${MAX_DIGITS}`, MAX_DIGITS)].join('\n')));
    expect(db.prepare('SELECT quantity FROM usage_countables').get()).toEqual({ quantity: MAX });
    expect(db.prepare('SELECT unit_price, quantity FROM usage_classic').get()).toEqual({ unit_price: `-${MAX_DIGITS}`, quantity: MAX_DIGITS });
  });

  it('shows the refusal in the preview, row by row, writing nothing', async () => {
    const { dir } = newWorkspace();
    const p = await previewFile(writeFile(dir, 'preview.csv', [USAGE_HEADER, countable('1'), countable(HUGE), countable('2')].join('\n')));
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]).toMatchObject({ row: '3', field: 'quantity' });
    expect(p.errors[0]!.message).toMatch(MAGNITUDE);
  });
});

describe('Clever Cloud invoice JSON', () => {
  /** An invoice in the real layout (item_id ≠ app_id), with `patch` applied to its text. */
  const invoice = (patch: (t: string) => string = (t) => t) =>
    patch(`{
  "invoice_number": "INV-1", "status": "PAID", "owner_id": "orga_1", "currency": "EUR", "vat_percent": 20,
  "consumption_begin_date": "2024-03-01T00:00:00+01:00", "consumption_end_date": "2024-04-01T00:00:00+02:00",
  "uptimes": [{ "item_id": "it-1", "app_id": "app_1", "owner_id": "orga_1", "price": 1.5, "category": "app", "sub_category": "node",
    "details": [{ "instance_id": "i1", "flavor_name": "XS", "zone_id": "par", "runtime_policy_id": "pol-xs", "price": 1.5,
      "consumption_start": "2024-03-01T00:00:00Z", "consumption_end": "2024-03-01T01:00:00Z" }] }],
  "countables": [{ "service": "cellar.storage", "unit_name": "B", "zone_id": "par", "quantity": 990, "plan_id": "p1", "duration": null, "details_price": 2 }],
  "classic": [{ "unit_price": { "amount": 90, "currency": "EUR" }, "quantity": 1, "description": "Migration", "classic_billing_item_id": "task_1" }]
}`);

  const cases: [string, (t: string) => string, (string | RegExp)[]][] = [
    ['vat_percent 1e308', (t) => t.replace('"vat_percent": 20', '"vat_percent": 1e308'), ['inv.json, record (root), field vat_percent: "1e308" ', MAGNITUDE]],
    [
      'a 400-digit countable quantity',
      (t) => t.replace('"quantity": 990', `"quantity": ${HUGE}`),
      [`inv.json, record countables[0], field quantity: "${'9'.repeat(120)}…" `, MAGNITUDE],
    ],
    [
      'an exponent too large to expand',
      (t) => t.replace('"runtime_policy_id": "pol-xs", "price": 1.5', '"runtime_policy_id": "pol-xs", "price": 1e9000000000000000'),
      ['inv.json, record uptimes[0].details[0], field price: "1e9000000000000000" ', MAGNITUDE],
    ],
    [
      'an exponent too small to expand',
      (t) => t.replace('"details_price": 2', '"details_price": 1e-9000000000000000'),
      ['inv.json, record countables[0], field details_price: "1e-9000000000000000" has 9000000000000000 significant digits: no invoice value has more than 40'],
    ],
    [
      'a money object beyond bounds',
      (t) => t.replace('"amount": 90', '"amount": -1.0000000000000001e15'),
      ['inv.json, record classic[0], field unit_price.amount: "-1.0000000000000001e15" ', MAGNITUDE],
    ],
    [
      'a decimal string with 41 significant digits',
      (t) => t.replace('"quantity": 1,', `"quantity": "${DIGITS_41}",`),
      [`inv.json, record classic[0], field quantity: "${DIGITS_41}" `, TOO_PRECISE],
    ],
  ];
  for (const [name, patch, patterns] of cases) {
    it(`refuses ${name}, naming the record path and field`, async () => {
      const { db, dir } = await workspace();
      await expectRefused(db, writeFile(dir, 'inv.json', invoice(patch)), patterns);
    });
  }

  it('imports the largest values in bounds exactly as written', async () => {
    const { db, dir } = await workspace();
    const text = invoice((t) =>
      t
        .replace('"vat_percent": 20', `"vat_percent": ${MAX_DIGITS}`)
        .replace('"quantity": 990', '"quantity": 1e15')
        .replace('"details_price": 2', `"details_price": "${MAX}"`),
    );
    await importFile(db, writeFile(dir, 'max.json', text));
    expect(db.prepare('SELECT vat_percent FROM invoices').get()).toEqual({ vat_percent: MAX_DIGITS });
    expect(db.prepare('SELECT quantity FROM usage_countables').get()).toEqual({ quantity: MAX });
    expect(db.prepare("SELECT amount FROM billed_lines WHERE item_type = 'countable'").get()).toEqual({ amount: MAX });
  });
});

describe('price catalog JSON', () => {
  const catalog = () => fs.readFileSync(path.join(FIXTURES, 'catalog.json'), 'utf8');

  it('refuses a runtime price, a plan price and a plan bound beyond the bounds', async () => {
    const { db, dir } = newWorkspace();
    await importFile(db, realCatalogPath()); // something in the workspace already
    await expectRefused(db, writeFile(dir, 'c1.json', catalog().replace('"price": 0.0266667', '"price": 1e16')), [
      'c1.json, record runtime[0], field price: "1e16" ',
      MAGNITUDE,
    ]);
    await expectRefused(db, writeFile(dir, 'c2.json', catalog().replace('"price": 1.5E-2', '"price": 1.5E-41')), [
      'c2.json, record countable[0].price_plans[2], field price: "1.5E-41" has 42 significant digits',
    ]);
    await expectRefused(db, writeFile(dir, 'c3.json', catalog().replace('"max_quantity": 1000,', `"max_quantity": ${HUGE},`)), [
      'c3.json, record countable[0].price_plans[1], field max_quantity: ',
      MAGNITUDE,
    ]);
    await expectRefused(db, writeFile(dir, 'c4.json', catalog().replace('"quantity": 1 }', '"quantity": 1e400 }')), [
      'c4.json, record countable[0].data_quantity_for_price, field quantity: "1e400" ',
      MAGNITUDE,
    ]);
  });

  it("still imports Clever Cloud's real catalog, every price stored exactly as written (up to 15 significant digits)", async () => {
    const { db } = newWorkspace();
    const r = await importFile(db, realCatalogPath());
    expect(r.format).toBe('catalog');
    // Independently of the importer: each runtime entry's price as the file writes it.
    const text = fs.readFileSync(realCatalogPath(), 'utf8');
    const written = [...text.matchAll(/"runtime_policy_id":\s*"([^"]+)"[^}]*?"price":\s*([-+.\deE]+)/g)].map((m) => [m[1]!, m[2]!] as const);
    const stored = new Map(
      (db.prepare('SELECT runtime_policy_id AS id, price_per_hour AS price FROM catalog_runtime').all() as { id: string; price: string }[]).map((x) => [
        x.id,
        x.price,
      ]),
    );
    expect(written.length).toBeGreaterThan(200);
    expect(stored.size).toBe(written.length);
    for (const [id, price] of written) expect(stored.get(id), id).toBe(price);
    const plans = (db.prepare('SELECT plans_json FROM catalog_countable').all() as { plans_json: string }[]).flatMap(
      (k) => JSON.parse(k.plans_json) as { price: string }[],
    );
    expect(plans.map((p) => p.price)).toContain('0.0000305555555555556'); // 19 significant digits as counted here
  });
});

describe('credits CSV and JSON', () => {
  const HEADER = 'credit_id,owner_id,kind,amount,currency,granted_at,valid_from,expires_at,scope,description';
  const row = (id: string, amount: string) => `${id},orga_1,prepaid,${amount},EUR,2021-03-01T00:00:00Z,,,all,x`;
  const json = (amount: string) =>
    `{"credits": [{"credit_id": "c-1", "owner_id": "o", "kind": "free", "amount": 1, "currency": "EUR", "granted_at": "2021-03-01T00:00:00Z", "scope": "all"},
      {"credit_id": "c-2", "owner_id": "o", "kind": "free", "amount": ${amount}, "currency": "EUR", "granted_at": "2021-03-01T00:00:00Z", "scope": "all"}]}`;

  it('refuses an amount beyond the bounds in CSV and in JSON alike', async () => {
    const { db, dir } = await workspace();
    await expectRefused(db, writeFile(dir, 'credits.csv', [HEADER, row('cr-1', '10'), row('cr-2', HUGE)].join('\n')), [
      'credits.csv, row 3, field amount: ',
      MAGNITUDE,
    ]);
    await expectRefused(db, writeFile(dir, 'credits.json', json('1e308')), ['credits.json, record credits[1], field amount: "1e308" ', MAGNITUDE]);
    await expectRefused(db, writeFile(dir, 'credits2.json', json(`"${DIGITS_41}"`)), [
      `credits2.json, record credits[1], field amount: "${DIGITS_41}" `,
      TOO_PRECISE,
    ]);
  });

  it('imports 10^15 exactly', async () => {
    const { db, dir } = await workspace();
    await importFile(db, writeFile(dir, 'credits.json', json(MAX)));
    expect(db.prepare("SELECT amount FROM credits WHERE credit_id = 'c-2'").get()).toEqual({ amount: MAX });
  });
});

describe('FOCUS CSV', () => {
  const HEADER = 'BilledCost,BillingAccountId,BillingCurrency,BillingPeriodStart,ChargeCategory,ServiceName,ConsumedQuantity';
  const row = (cost: string, quantity = '1') => `${cost},A1,USD,2024-09-01 00:00:00,Usage,EC2,${quantity}`;

  it('refuses BilledCost 1e308 and a 400-digit quantity (exponents are FOCUS numbers, bounds still apply)', async () => {
    const { db, dir } = await workspace();
    await expectRefused(db, writeFile(dir, 'focus.csv', [HEADER, row('1.5'), row('1e308')].join('\n')), [
      'focus.csv, row 3, field BilledCost: "1e308" ',
      MAGNITUDE,
    ]);
    await expectRefused(db, writeFile(dir, 'focus2.csv', [HEADER, row('1.5', HUGE)].join('\n')), ['focus2.csv, row 2, field ConsumedQuantity: ', MAGNITUDE]);
    await expectRefused(db, writeFile(dir, 'focus3.csv', [HEADER, row('"1.2E-40"')].join('\n')), [
      'focus3.csv, row 2, field BilledCost: "1.2E-40" has 41 significant digits',
    ]);
  });

  it('imports -10^15 and a 40-digit value exactly', async () => {
    const { db, dir } = await workspace();
    await importFile(db, writeFile(dir, 'focus.csv', [HEADER, row('-1E15', MAX_DIGITS)].join('\n')));
    expect(db.prepare('SELECT billed_cost, consumed_quantity FROM focus_rows').get()).toEqual({ billed_cost: `-${MAX}`, consumed_quantity: MAX_DIGITS });
  });
});
