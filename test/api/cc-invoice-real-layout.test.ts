// A Clever Cloud v4 invoice in the key layout Clever Cloud writes (every key its own JS client
// reads; item_id ≠ app_id everywhere; money as numbers and as {amount, currency}), with a usage CSV
// and a catalog of the same owner and month: import → rate → reconcile through the core and the
// CLI, the provider's own figures returned with the invoice, and the invoice-period alignment when
// the workspace zone is not the provider's.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { run } from '../../electron/cli/main';
import type { LineRow } from '../../shared/contract/api';
import { openTestCore, tempDir, type TestCore } from './helpers';

const FIXTURES = path.resolve(__dirname, '../fixtures/importers');
const INVOICE = path.join(FIXTURES, 'cc-invoice-real-layout.json');
const FILES = [path.join(FIXTURES, 'catalog.json'), path.join(FIXTURES, 'cc-invoice-real-layout-usage.csv'), INVOICE];
const OWNER = 'orga_2f3a4b5c-6d7e-4f80-9a1b-2c3d4e5f6a7b';
const PERIOD = '2024-03';
const WEB = 'app_0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
const PG = 'addon_3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d';
const GHOST = 'app_6b7c8d9e-0f1a-4b2c-8d3e-4f5a6b7c8d9e';
const WORKER = 'app_1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

/** The lines that end up reconciled, as [kind, item, price item, recomputed, billed, status]. */
const EXPECTED = [
  ['application', WEB, 'apps.XS', '6.40', '6.40', 'match'],
  ['application', WORKER, 'apps.XS', '0.80', null, 'missing_from_invoice'],
  ['addon', PG, 'postgresql-addon.S', '4.00', '5.00', 'over_billed'],
  ['countable', 'cellar.storage', 'cellar-storage-free', '0.00', null, 'match'],
  ['countable', 'cellar.storage', 'cellar-storage-tier1', '9.80', '9.80', 'match'],
  ['task', 'support-1', '', '50.00', '50.00', 'match'],
  ['application', GHOST, 'apps.XS', '0.00', '2.50', 'unexplained_charge'],
];

const brief = (rows: LineRow[]) => rows.map((r) => [r.kind, r.itemId, r.priceItem, r.amountPerSecond, r.billed, r.status]);

/** The fixture's uptimes: invoice item id → the app it bills. */
const APP_OF: Record<string, string> = Object.fromEntries(
  (JSON.parse(fs.readFileSync(INVOICE, 'utf8')) as { uptimes: { item_id: string; app_id: string }[] }).uptimes.map((u) => [u.item_id, u.app_id]),
);

/**
 * The apps whose usage shows as billed for nothing (missing) and whose invoice item shows as a
 * charge no usage explains (unexplained): the symptom of matching on the invoice item's own id.
 */
function doubled(rows: LineRow[]): string[] {
  const missing = new Set(rows.filter((r) => r.status === 'missing_from_invoice').map((r) => `${r.kind} ${r.itemId} ${r.priceItem}`));
  const unexplained = rows.filter((r) => r.status === 'unexplained_charge').map((r) => `${r.kind} ${APP_OF[r.itemId] ?? r.itemId} ${r.priceItem}`);
  return unexplained.filter((k) => missing.has(k));
}

async function imported(files = FILES): Promise<TestCore> {
  const core = openTestCore();
  const r = await core.call('import.commit', { files });
  expect(r.results.map((x) => [x.fileName, x.ok, x.error ?? null, x.warnings])).toEqual(files.map((f) => [path.basename(f), true, null, []]));
  return core;
}

describe('a Clever Cloud invoice in the real key layout', () => {
  it('keys billed lines by app_id and keeps item_id as their reference', async () => {
    const core = await imported();
    const db = new Database(core.dbPath, { readonly: true });
    const lines = db.prepare("SELECT source_row, item_type, item_id, item_ref, amount FROM billed_lines WHERE item_type = 'uptime' ORDER BY id").all();
    db.close();
    expect(lines).toEqual([
      { source_row: 'uptimes[0]', item_type: 'uptime', item_id: WEB, item_ref: '7c1e0b52-0d8a-4b5e-9f3a-1a2b3c4d5e6f', amount: '6.4' },
      { source_row: 'uptimes[1]', item_type: 'uptime', item_id: PG, item_ref: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a', amount: '5' },
      { source_row: 'uptimes[2]', item_type: 'uptime', item_id: GHOST, item_ref: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d', amount: '2.5' },
    ]);
    core.close();
  });

  it('reconciles with the right statuses: a match, an over-billed line, a missing one, an unexplained charge', async () => {
    const core = await imported();
    const rated = await core.call('rate.run', { period: PERIOD });
    expect(rated.rated).toEqual([{ ownerId: OWNER, period: PERIOD, lines: 6, total: '85.20', warnings: [] }]);
    const listed = await core.call('lines.list', { period: PERIOD, ownerId: OWNER });
    expect(brief(listed.rows)).toEqual(EXPECTED);
    expect(doubled(listed.rows)).toEqual([]);
    expect(listed.invoice).toMatchObject({ subtotalPerSecond: '71.00', vat: '14.20', billedTotal: '73.70', variance: '2.70' });

    // The billed line's reference, in the line detail.
    const key = listed.rows.find((r) => r.itemId === PG)!.key;
    const detail = await core.call('lines.detail', { period: PERIOD, ownerId: OWNER, lineKey: key });
    expect(detail.billedSources).toEqual([
      {
        amount: '5',
        source: expect.objectContaining({ file: 'cc-invoice-real-layout.json', row: 'uptimes[1]' }),
        itemRef: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
      },
    ]);
    core.close();
  });

  it('returns the provider’s own figures and every other key with the invoice, exactly as written', async () => {
    const core = await imported();
    await core.call('rate.run', { period: PERIOD });
    const { invoice } = await core.call('lines.list', { period: PERIOD, ownerId: OWNER });
    expect(invoice.invoices).toHaveLength(1);
    const inv = invoice.invoices[0]!;
    expect(inv).toMatchObject({ invoiceNumber: 'FR-2024-03-0042', status: 'PAID', totalTaxExcluded: '74.90', totalTax: '14.98', warning: null });
    expect(inv.provider).toEqual({
      creditBalanceAtEmission: '12.345',
      upfrontCreditAmount: '20.00',
      totalPendingUpfrontBeforeEmission: '0',
      freeCreditsThisPeriod: [{ name: 'Welcome coupon', remaining: '3.5' }],
      freeCreditsNextPeriod: [{ name: 'Welcome coupon', remaining: '0' }],
      vendorConsumption: [{ itemId: '5f6a7b8c-9d0e-4f1a-b2c3-d4e5f6a7b8c9', appId: WEB, vendorId: 'vendor_mailgun', ownerId: OWNER, price: '1.20' }],
      unusable: [
        {
          item_id: '7b8c9d0e-1f2a-4b3c-d4e5-f6a7b8c9d0e1',
          zone_id: 'par',
          flavor_name: 'M',
          host: 'hv-par-042',
          image_type: 'docker',
          start_date: '2024-03-18T02:00:00+01:00',
          end_date: '2024-03-18T02:07:30+01:00',
        },
      ],
      address: expect.objectContaining({
        address_id: 'addr_5d1e2c3b-7a9f-4b8e-a1c2-3d4e5f6a7b8c',
        company: 'Exemple SAS',
        vat_percent: '20',
        country_alpha2: 'FR',
      }),
      fields: {
        kind: 'INVOICE',
        origin: 'automatic',
        category: 'monthly',
        pay_date: '2024-04-05T10:12:00+02:00',
        kpi_compute_months: '1',
        price_factor: '1',
        discount: '0',
        customer_order_id: 'PO-2024-007',
        payment_provider: 'STRIPE',
        payment_method_id: 'pm_1Ok9ZZexample',
        provider_transaction_id: 'pi_3Ok9ZZexample',
        provider_last_response: 'succeeded',
      },
      other: {},
    });
    // Every non-null key of the file is read by a section or kept here: nothing is dropped.
    const json = JSON.parse(fs.readFileSync(INVOICE, 'utf8')) as Record<string, unknown>;
    const read = ['invoice_number', 'status', 'emission_date', 'consumption_begin_date', 'consumption_end_date', 'currency', 'vat_percent'];
    const items = ['uptimes', 'countables', 'classic', 'total_tax_excluded', 'total_tax'];
    const kept = [
      ...Object.keys(inv.provider!.fields),
      ...['credit_balance_at_emission', 'upfront_credit_amount', 'total_pending_upfront_before_emission', 'vendor_consumption', 'unusable', 'address'],
      ...['free_credits_available_this_period', 'free_credits_available_next_period'],
    ];
    const present = Object.keys(json).filter((k) => json[k] !== null);
    expect(present.filter((k) => ![...read, ...items, ...kept].includes(k))).toEqual([]);
    core.close();
  });

  it('keeps an unknown key of the invoice as exact JSON text', async () => {
    const dir = tempDir();
    const text = fs
      .readFileSync(INVOICE, 'utf8')
      .replace('"kind": "INVOICE",', '"kind": "INVOICE",\n  "rebate": { "rate": 0.0000000000000000001, "tags": ["a", true] },');
    const file = path.join(dir, 'with-unknown.json');
    fs.writeFileSync(file, text);
    const core = await imported([FILES[0]!, FILES[1]!, file]);
    await core.call('rate.run', { period: PERIOD });
    const { invoice } = await core.call('lines.list', { period: PERIOD, ownerId: OWNER });
    expect(invoice.invoices[0]!.provider!.other).toEqual({ rebate: '{"rate":0.0000000000000000001,"tags":["a",true]}' });
    core.close();
  });

  it('matched the old way, by item_id (here: the same invoice without app_id), every billed app comes out twice; a warning says why', async () => {
    const dir = tempDir();
    const json = JSON.parse(fs.readFileSync(INVOICE, 'utf8')) as { uptimes: Record<string, unknown>[] };
    for (const u of json.uptimes) delete u.app_id;
    const file = path.join(dir, 'no-app-id.json');
    fs.writeFileSync(file, JSON.stringify(json));
    const core = openTestCore();
    const r = await core.call('import.commit', { files: [FILES[0]!, FILES[1]!, file] });
    expect(r.results[2]!.warnings).toEqual([
      "no-app-id.json: records uptimes[0], uptimes[1], uptimes[2] have no app_id: matched with usage by item_id, which in Clever Cloud's invoices is the invoice item's own id, not the application's",
    ]);
    await core.call('rate.run', { period: PERIOD });
    const { rows } = await core.call('lines.list', { period: PERIOD, ownerId: OWNER });
    // The web app and the database are billed and used, yet each shows as missing and as unexplained.
    expect(doubled(rows).sort()).toEqual([`addon ${PG} postgresql-addon.S`, `application ${WEB} apps.XS`]);
    expect(rows.filter((x) => x.status === 'over_billed')).toEqual([]); // the real over-billing is lost
    core.close();
  });
});

describe('invoice-period alignment', () => {
  const ALIGN =
    'Invoice FR-2024-03-0042 covers 2024-02-29 23:00 → 2024-03-31 22:00 UTC, not exactly the workspace month 2024-03 ' +
    '(UTC: 2024-03-01 00:00 → 2024-04-01 00:00 UTC); it is compared with 2024-03, the month holding the middle of its span.';

  it('with the workspace zone UTC, the Paris invoice stays in its month and carries the warning everywhere', async () => {
    const core = openTestCore();
    await core.call('settings.update', { timeZone: 'UTC' });
    await core.call('import.commit', { files: [FILES[0]!, INVOICE] }); // an invoice-only month
    const ov = await core.call('workspace.overview', {});
    // Not attached to February, where its consumption starts in UTC.
    expect(ov.periods.map((p) => [p.ownerId, p.period, p.hasInvoice, p.warnings])).toEqual([[OWNER, PERIOD, true, [ALIGN]]]);
    const rated = await core.call('rate.run', { period: PERIOD });
    expect(rated.rated[0]!.warnings).toEqual([ALIGN]);
    const rec = await core.call('reconcile.run', { period: PERIOD });
    expect(rec.summaries[0]!.warnings).toEqual([ALIGN]);
    const { invoice, rows } = await core.call('lines.list', { period: PERIOD, ownerId: OWNER });
    expect(invoice.invoices.map((i) => [i.invoiceNumber, i.warning])).toEqual([['FR-2024-03-0042', ALIGN]]);
    expect(rows.filter((r) => r.billed !== null)).toHaveLength(5); // the whole invoice is compared with March
    await expect(core.call('rate.run', { period: '2024-02' })).rejects.toThrow(/Nothing imported for 2024-02/);
    core.close();
  });

  it('changing the zone never moves the invoice, and the warning comes and goes with the zone', async () => {
    const core = await imported();
    const at = async () => (await core.call('workspace.overview', {})).periods.map((p) => [p.period, p.warnings.length]);
    expect(await at()).toEqual([[PERIOD, 0]]);
    for (const tz of ['UTC', 'America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati']) {
      await core.call('settings.update', { timeZone: tz });
      const periods = (await core.call('workspace.overview', {})).periods.filter((p) => p.hasInvoice);
      expect(
        periods.map((p) => [p.period, p.warnings.length]),
        tz,
      ).toEqual([[PERIOD, 1]]);
    }
    await core.call('settings.update', { timeZone: 'Europe/Paris' });
    expect(await at()).toEqual([[PERIOD, 0]]);
    core.close();
  });
});

describe('the CLI on the real layout', () => {
  it('prints the statuses, the provider’s figures and the alignment warning', async () => {
    const db = path.join(tempDir(), 'w.sqlite');
    const out: string[] = [];
    const cli = async (...args: string[]) => {
      out.length = 0;
      expect(await run([...args, '--db', db], (s) => out.push(s))).toBe(0);
      return out.join('\n');
    };
    await cli('import', ...FILES);
    const rec = await cli('reconcile', '--period', PERIOD);
    for (const status of ['over_billed', 'missing_from_invoice', 'unexplained_charge']) expect(rec).toContain(status);
    expect(rec).toContain(
      'Provider invoice FR-2024-03-0042 (EUR): total tax excl. 74.90, tax 14.98, credit balance at emission 12.345, upfront credit 20.00, ' +
        'free credit "Welcome coupon" left 3.5, 1 vendor consumption item (not rated)',
    );
    expect(rec).not.toContain('warning:');

    // The workspace zone set to UTC (as the desktop app's Settings would): the warning is printed.
    const core = openTestCore(db);
    await core.call('settings.update', { timeZone: 'UTC' });
    core.close();
    expect(await cli('rate', '--period', PERIOD)).toContain(`  warning: Invoice FR-2024-03-0042 covers 2024-02-29 23:00 → 2024-03-31 22:00 UTC`);
    expect(await cli('reconcile', '--period', PERIOD)).toContain(`  warning: Invoice FR-2024-03-0042 covers`);
  });
});
