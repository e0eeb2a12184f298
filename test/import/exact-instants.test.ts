// Instants keep every fractional digit given, in the usage CSV, the invoice JSON and FOCUS:
// stored beside the epoch ms (digits below the millisecond), rated exactly, shown exactly in
// the line detail and the workbook. Real importers, real SQLite files, a real xlsx read back.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/core/import';
import { openTestCore, tempDir as coreTempDir, type TestCore } from '../api/helpers';
import { USAGE_HEADER, expectRefused, newWorkspace, uptime, usageRow, writeFile } from './helpers';

const CATALOG = path.resolve(__dirname, '../fixtures/importers/catalog.json'); // pol-xs = apps.XS at 0.0266667 €/h, zone par

describe('digits below the millisecond, stored', () => {
  it('usage CSV: µs, ns and more digits are stored exactly beside the epoch ms', async () => {
    const { db, dir } = newWorkspace();
    const rows = [
      USAGE_HEADER,
      uptime('i-us', '2024-03-01T10:00:00.123456Z', '2024-03-01T11:00:00.5+01:00'),
      uptime('i-ns', '2024-03-01T10:00:00.000000001Z', '2024-03-01T10:00:01.999999999Z'),
      uptime('i-long', '2024-03-01T10:00:00.12345678901234567890Z', '2024-03-01T10:00:01.100000000000Z'),
      usageRow({
        owner_id: 'orga_1',
        item_type: 'countable',
        item_id: 'b',
        price_id: 'cellar.storage',
        consumption_start: '2024-03-02T00:00:00.0000005Z',
        consumption_end: '2024-03-03T00:00:00.0001Z',
        quantity: '1',
      }),
      usageRow({
        owner_id: 'orga_1',
        item_type: 'classic',
        item_id: 't',
        description: 'x',
        consumption_start: '2024-03-04T00:00:00.000000700Z',
        quantity: '1',
        unit_price: '1',
        currency: 'EUR',
      }),
    ];
    await importFile(db, writeFile(dir, 'usage.csv', rows.join('\n')));
    expect(db.prepare('SELECT instance_id, start_ms, start_sub, end_ms, end_sub FROM usage_intervals ORDER BY id').raw().all()).toEqual([
      ['i-us', Date.parse('2024-03-01T10:00:00.123Z'), '456', Date.parse('2024-03-01T10:00:00.500Z'), ''],
      ['i-ns', Date.parse('2024-03-01T10:00:00Z'), '000001', Date.parse('2024-03-01T10:00:01.999Z'), '999999'],
      ['i-long', Date.parse('2024-03-01T10:00:00.123Z'), '4567890123456789', Date.parse('2024-03-01T10:00:01.100Z'), ''],
    ]);
    expect(db.prepare('SELECT start_sub, end_sub FROM usage_countables').raw().all()).toEqual([['0005', '1']]);
    expect(db.prepare('SELECT start_sub FROM usage_classic').raw().all()).toEqual([['0007']]);
    db.close();
  });

  it('invoice JSON details and FOCUS charge periods keep them too', async () => {
    const { db, dir } = newWorkspace();
    const inv = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/importers/invoice-v4.json'), 'utf8'));
    inv.uptimes[0].details[0].consumption_start = '2024-03-01T00:00:00.000000001+01:00';
    inv.uptimes[0].details[0].consumption_end = '2024-03-01T01:00:00.000999999+01:00';
    await importFile(db, writeFile(dir, 'invoice.json', JSON.stringify(inv)));
    expect(db.prepare("SELECT start_sub, end_sub FROM usage_intervals WHERE source_row = 'uptimes[0].details[0]'").raw().get()).toEqual(['000001', '999999']);
    const focus = [
      'BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName,ResourceId,BilledCost',
      'acct-1,USD,2024-09-01 00:00:00,2024-10-01 00:00:00,2024-09-02 00:00:00.123456789,2024-09-02 01:00:00.000001,Usage,Compute,r-1,1.00',
    ];
    await importFile(db, writeFile(dir, 'focus.csv', focus.join('\n')));
    expect(db.prepare('SELECT charge_period_start, charge_period_start_sub, charge_period_end_sub FROM focus_rows').raw().get()).toEqual([
      Date.parse('2024-09-02T00:00:00.123Z'),
      '456789',
      '001',
    ]);
    db.close();
  });

  it('dates kept to the millisecond refuse finer digits (never dropped), naming file, row and field', async () => {
    const { db, dir } = newWorkspace();
    const credits = [
      'credit_id,owner_id,kind,amount,currency,granted_at,valid_from,expires_at,scope,description',
      'c-1,orga_1,free,10,EUR,2024-03-01T00:00:00Z,2024-03-01T00:00:00.000000001Z,,all,x',
    ];
    await expectRefused(db, writeFile(dir, 'credits.csv', credits.join('\n')), ['credits.csv', 'row 2', 'valid_from', 'below the millisecond']);
    // Zeros below the millisecond are no digit lost.
    credits[1] = credits[1]!.replace('00.000000001Z', '00.000000000Z');
    await importFile(db, writeFile(dir, 'credits-ok.csv', credits.join('\n')));
    db.close();
  });

  it('intervals overlapping by 1 ns are refused; touching to the nanosecond they are not', async () => {
    const { db, dir } = newWorkspace();
    const touching = [
      USAGE_HEADER,
      uptime('i-1', '2024-03-01T10:00:00Z', '2024-03-01T10:00:01.000000001Z'),
      uptime('i-1', '2024-03-01T10:00:01.000000001Z', '2024-03-01T10:00:02Z'),
    ];
    await importFile(db, writeFile(dir, 'touching.csv', touching.join('\n')));
    const overlapping = [
      USAGE_HEADER,
      uptime('i-2', '2024-03-01T10:00:00Z', '2024-03-01T10:00:01.000000002Z'),
      uptime('i-2', '2024-03-01T10:00:01.000000001Z', '2024-03-01T10:00:02Z'),
    ];
    await expectRefused(db, writeFile(dir, 'overlapping.csv', overlapping.join('\n')), [
      'row 3',
      'overlaps row 2',
      'Mar 1, 2024, 11:00:01.000000001 → Mar 1, 2024, 11:00:02 (Europe/Paris)',
      'Mar 1, 2024, 11:00:00 → Mar 1, 2024, 11:00:01.000000002 (Europe/Paris)',
    ]);
    db.close();
  });
});

describe('exact instants through the core: rated, detailed and exported exactly', () => {
  let core: TestCore;
  const OWNER = 'orga_ns';
  const row = (instance: string, start: string, end: string) => uptime(instance, start, end, { owner_id: OWNER, price_id: 'pol-xs' });
  beforeAll(async () => {
    core = openTestCore();
    const dir = coreTempDir();
    const usage = path.join(dir, 'usage.csv');
    fs.writeFileSync(
      usage,
      [
        USAGE_HEADER,
        row('i-over', '2024-03-10T10:00:00Z', '2024-03-10T10:00:01.000000001Z'), // 1.000000001 s → 2 s
        row('i-under', '2024-03-10T11:00:00Z', '2024-03-10T11:00:00.999999999Z'), // 0.999999999 s → 1 s
        row('i-edge', '2024-03-31T23:00:00+02:00', '2024-04-01T00:00:00.000000001+02:00'), // 1 h in March, 1 ns → 1 s in April
        row('i-april', '2024-04-02T10:00:00Z', '2024-04-02T10:00:10Z'),
      ].join('\n'),
    );
    const r = await core.call('import.commit', { files: [CATALOG, usage] });
    const failed = r.results.filter((x) => !x.ok);
    if (failed.length) throw new Error(failed.map((f) => `${f.fileName}: ${f.error}`).join('\n'));
    for (const period of ['2024-03', '2024-04']) await core.call('rate.run', { period, ownerId: OWNER });
  });
  afterAll(() => core?.close());

  const detailsOf = async (period: string) => {
    const { rows } = await core.call('lines.list', { period, ownerId: OWNER });
    expect(rows).toHaveLength(1);
    const d = await core.call('lines.detail', { period, ownerId: OWNER, lineKey: rows[0]!.key });
    return { line: rows[0]!, details: d.details };
  };

  it('March: 2 s + 1 s + 3600 s, each detail with its digits', async () => {
    const { line, details } = await detailsOf('2024-03');
    expect(line.billableSeconds).toBe(2 + 1 + 3600);
    expect(details.map((d) => [d.instanceId, d.billableSeconds, d.startSub ?? '', d.endSub ?? '', d.cut])).toEqual([
      ['i-over', 2, '', '000001', false],
      ['i-under', 1, '', '999999', false],
      ['i-edge', 3600, '', '', true],
    ]);
  });

  it('April: the nanosecond after the boundary bills 1 s there', async () => {
    const { line, details } = await detailsOf('2024-04');
    expect(line.billableSeconds).toBe(1 + 10);
    expect(details.map((d) => [d.instanceId, d.billableSeconds, d.endSub ?? '', d.cut])).toEqual([
      ['i-edge', 1, '000001', true],
      ['i-april', 10, '', false],
    ]);
  });

  it('the workbook Details give the exact instants as ISO text, beside the date cells', async () => {
    const out = path.join(coreTempDir(), 'march.xlsx');
    await core.call('export.workbook', { period: '2024-03', ownerId: OWNER, out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Details')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = header.indexOf('Exact start → end (UTC)') + 1;
    const seconds = header.indexOf('Billable seconds') + 1;
    expect(col).toBeGreaterThan(0);
    const rows = [2, 3, 4].map((r) => [ws.getRow(r).getCell(seconds).value, ws.getRow(r).getCell(col).value ?? null]);
    expect(rows).toEqual([
      [2, '2024-03-10T10:00:00Z → 2024-03-10T10:00:01.000000001Z'],
      [1, '2024-03-10T11:00:00Z → 2024-03-10T11:00:00.999999999Z'],
      [3600, null],
    ]);
  });
});
