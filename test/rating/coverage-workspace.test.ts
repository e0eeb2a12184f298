// Which usage is rated, through the core: a usage CSV covers a month only when one of its rows
// starts in it; an interval spilling into the next month does not make that month covered, so the
// month's invoice is rated there (its spilled part is not added); usage and invoice are compared,
// never added. Real SQLite workspace, real importers, the workspace's own rate and reconcile jobs.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, tempDir, type TestCore } from '../api/helpers';
import { USAGE_HEADER, uptime } from '../import/helpers';

const CATALOG = path.resolve(__dirname, '../fixtures/importers/catalog.json'); // apps.XS (pol-xs) at 0.0266667 €/h
const OWNER = 'orga_cov';
const row = (instance: string, start: string, end: string) => uptime(instance, start, end, { owner_id: OWNER, price_id: 'pol-xs' });

const USAGE = [
  USAGE_HEADER,
  row('i1', '2024-03-10T10:00:00+01:00', '2024-03-10T11:00:00+01:00'),
  // Spills 3 h into April: April holds no row that starts in it.
  row('i2', '2024-03-31T23:00:00+02:00', '2024-04-01T03:00:00+02:00'),
  row('i1', '2024-06-10T10:00:00+02:00', '2024-06-10T11:00:00+02:00'),
  // Spills 2 h into July, which has neither a row starting in it nor an invoice.
  row('i3', '2024-06-30T22:00:00+02:00', '2024-07-01T02:00:00+02:00'),
].join('\n');

const detail = (instance: string, start: string, end: string, price: number) => ({
  instance_id: instance,
  flavor_name: 'XS',
  zone_id: 'par',
  runtime_policy_id: 'pol-xs',
  price,
  consumption_start: start,
  consumption_end: end,
});

function invoice(number: string, begin: string, end: string, details: ReturnType<typeof detail>[]) {
  const price = details.reduce((s, d) => s + d.price, 0);
  return {
    invoice_number: number,
    status: 'PAID',
    emission_date: end,
    consumption_begin_date: begin,
    consumption_end_date: end,
    currency: 'EUR',
    vat_percent: 20,
    total_tax_excluded: price,
    total_tax: 0,
    owner_id: OWNER,
    uptimes: [{ item_id: 'app_1', app_id: 'app_1', owner_id: OWNER, price, category: 'app', sub_category: 'node', details }],
    countables: [],
    classic: [],
  };
}

const INVOICES = [
  // April: the month the March interval spills into; the provider billed 2 h for it.
  invoice('FR-2024-04', '2024-04-01T00:00:00+02:00', '2024-05-01T00:00:00+02:00', [
    detail('i9', '2024-04-05T10:00:00+02:00', '2024-04-05T12:00:00+02:00', 0.05),
  ]),
  // May: only an invoice, 1 h.
  invoice('FR-2024-05', '2024-05-01T00:00:00+02:00', '2024-06-01T00:00:00+02:00', [
    detail('i9', '2024-05-05T10:00:00+02:00', '2024-05-05T11:00:00+02:00', 0.03),
  ]),
  // June: usage and invoice; the invoice bills 1 h more than the usage holds (i8).
  invoice('FR-2024-06', '2024-06-01T00:00:00+02:00', '2024-07-01T00:00:00+02:00', [
    detail('i1', '2024-06-10T10:00:00+02:00', '2024-06-10T11:00:00+02:00', 0.03),
    detail('i8', '2024-06-12T10:00:00+02:00', '2024-06-12T11:00:00+02:00', 0.03),
  ]),
];

describe('which usage is rated, through the core', () => {
  let core: TestCore;
  const lineOf = async (period: string) => {
    const r = await core.call('lines.list', { period, ownerId: OWNER });
    expect(r.rows, period).toHaveLength(1);
    return r.rows[0]!;
  };

  beforeAll(async () => {
    core = openTestCore();
    const dir = tempDir();
    const files = [CATALOG, path.join(dir, 'usage.csv')];
    fs.writeFileSync(files[1]!, USAGE);
    INVOICES.forEach((inv, i) => {
      const f = path.join(dir, `invoice-${i}.json`);
      fs.writeFileSync(f, JSON.stringify(inv));
      files.push(f);
    });
    const r = await core.call('import.commit', { files });
    const failed = r.results.filter((x) => !x.ok);
    if (failed.length) throw new Error(failed.map((f) => `${f.fileName}: ${f.error}`).join('\n'));
    for (const period of ['2024-03', '2024-04', '2024-05', '2024-06', '2024-07']) await core.call('rate.run', { period, ownerId: OWNER });
  });
  afterAll(() => core?.close());

  it('a month covered by the usage CSV rates its rows, the part spilling out of it included up to the boundary', async () => {
    const march = await lineOf('2024-03');
    expect(march.billableSeconds).toBe(3600 + 3600); // i1 1 h + i2's first hour (23:00 → midnight)
  });

  it('a month an interval spills into rates its invoice, and the spilled part is not added', async () => {
    const april = await lineOf('2024-04');
    expect(april.billableSeconds).toBe(7200); // the invoice's 2 h; not 2 h + the 3 h spilled from March
    expect(april.amountPerSecond).toBe('0.05');
    expect(april.billed).toBe('0.05');
    expect(april.status).toBe('match');
  });

  it('a month with only an invoice rates the invoice', async () => {
    const may = await lineOf('2024-05');
    expect(may.billableSeconds).toBe(3600);
    expect(may.status).toBe('match');
  });

  it('a month with usage and invoice rates the usage and compares the invoice with it', async () => {
    const june = await lineOf('2024-06');
    expect(june.billableSeconds).toBe(3600 + 7200); // i1 1 h + i3's first 2 h; the invoice's i8 is not added
    expect(june.amountPerSecond).toBe('0.08'); // 3 h × 0.0266667
    expect(june.billed).toBe('0.06');
    expect(june.status).toBe('under_billed');
    const d = await core.call('lines.detail', { period: '2024-06', ownerId: OWNER, lineKey: june.key });
    expect(d.details.map((x) => [x.instanceId, x.source.file])).toEqual([
      ['i1', 'usage.csv'],
      ['i3', 'usage.csv'],
    ]);
  });

  it('a month with neither a row starting in it nor an invoice rates the usage parts that fall in it', async () => {
    const july = await lineOf('2024-07');
    expect(july.billableSeconds).toBe(7200); // i3 after midnight
    const d = await core.call('lines.detail', { period: '2024-07', ownerId: OWNER, lineKey: july.key });
    expect(d.details.map((x) => [x.instanceId, x.cut])).toEqual([['i3', true]]);
  });
});
