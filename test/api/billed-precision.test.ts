// A provider invoice billing with a third decimal (6.395 and 12.345 €), through the core: import →
// rate → reconcile → export. The billed amounts stay as billed, the tolerance decides each status
// on the exact difference, and the workbook is written (rounding each billed line to the cent
// would make its Billed total 18.75 against the invoice's 18.74: an export the figures refuse).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LineRow } from '../../shared/contract/api';
import { readWorkbook, sheet, summaryRows } from '../export/xlsx-helpers';
import { openTestCore, tempDir, type TestCore } from './helpers';

const FIXTURES = path.resolve(__dirname, '../fixtures/importers');
const OWNER = 'orga_sub_cent';
const PERIOD = '2024-03';

function writeFiles(dir: string): string[] {
  const usage = [
    'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency',
    // 240 h at 0.0266667 €/h: 6.40
    `${OWNER},uptime,app_web,web,inst_web_1,apps.XS,XS,par,2024-03-01T00:00:00+01:00,2024-03-11T00:00:00+01:00,,,,,,`,
    `${OWNER},classic,support-1,Migration support,,,,par,2024-03-15T10:00:00+01:00,2024-03-15T12:00:00+01:00,1,,,Migration support,12.36,EUR`,
  ].join('\n');
  const invoice = {
    invoice_number: 'FR-2024-03-0777',
    status: 'PAID',
    emission_date: '2024-04-02T06:00:00+02:00',
    consumption_begin_date: '2024-03-01T00:00:00+01:00',
    consumption_end_date: '2024-04-01T00:00:00+02:00',
    currency: 'EUR',
    vat_percent: 20,
    total_tax_excluded: 18.74,
    total_tax: 3.748,
    owner_id: OWNER,
    uptimes: [
      {
        item_id: 'item-7c1e',
        app_id: 'app_web',
        owner_id: OWNER,
        price: 6.395,
        category: 'app',
        sub_category: 'node',
        details: [
          {
            instance_id: 'inst_web_1',
            flavor_name: 'XS',
            zone_id: 'par',
            runtime_policy_id: 'pol-xs',
            price: 6.395,
            consumption_start: '2024-03-01T00:00:00+01:00',
            consumption_end: '2024-03-11T00:00:00+01:00',
          },
        ],
      },
    ],
    countables: [],
    classic: [
      {
        item_id: 'item-6a7b',
        unit_price: { amount: 12.345, currency: 'EUR' },
        quantity: 1,
        price_factor: 1,
        discount: 0,
        description: 'Migration support',
        classic_billing_item_id: 'support-1',
        owner_id: OWNER,
      },
    ],
  };
  const files: [string, string][] = [
    ['usage-2024-03.csv', usage],
    ['invoice-2024-03.json', JSON.stringify(invoice)],
  ];
  const written = files.map(([name, text]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  });
  return [path.join(FIXTURES, 'catalog.json'), ...written];
}

const brief = (rows: LineRow[]) => rows.map((r) => [r.kind, r.itemId, r.amountPerSecond, r.billed, r.variance, r.status]);

async function imported(): Promise<TestCore> {
  const core = openTestCore();
  const r = await core.call('import.commit', { files: writeFiles(tempDir()) });
  expect(r.results.map((x) => [x.fileName, x.error ?? 'ok'])).toEqual([
    ['catalog.json', 'ok'],
    ['usage-2024-03.csv', 'ok'],
    ['invoice-2024-03.json', 'ok'],
  ]);
  return core;
}

describe('an invoice billed with a third decimal', () => {
  it('keeps the billed amounts as billed and lets the tolerance decide', async () => {
    const core = await imported();
    await core.call('rate.run', { period: PERIOD });
    const listed = await core.call('lines.list', { period: PERIOD, ownerId: OWNER });
    expect(brief(listed.rows)).toEqual([
      ['application', 'app_web', '6.40', '6.395', '-0.005', 'match'],
      // 0.015 under: more than the 0.01 tolerance (rounded to 12.35 first, it would have passed).
      ['task', 'support-1', '12.36', '12.345', '-0.015', 'under_billed'],
    ]);
    expect(listed.invoice).toMatchObject({ subtotalPerSecond: '18.76', billedTotal: '18.74', variance: '-0.02' });
    expect(listed.filtered).toMatchObject({ billed: '18.74', variance: '-0.02' });

    // A wider tolerance: the same exact difference now matches.
    await core.call('reconcile.run', { period: PERIOD, ownerId: OWNER, tolerance: '0.02' });
    const wider = await core.call('lines.list', { period: PERIOD, ownerId: OWNER });
    expect(wider.rows.map((r) => [r.billed, r.status])).toEqual([
      ['6.395', 'match'],
      ['12.345', 'match'],
    ]);
    core.close();
  });

  it('exports a workbook whose billed cells, formulas and stored results are the exact figures', async () => {
    const core = await imported();
    await core.call('rate.run', { period: PERIOD });
    const out = path.join(tempDir(), 'sub-cent.xlsx');
    await core.call('export.workbook', { period: PERIOD, ownerId: OWNER, out });
    core.close();

    const wb = await readWorkbook(out);
    const lines = sheet(wb, 'Lines');
    const header = (lines.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const cells = [2, 3].map((r) => {
      const row = lines.getRow(r);
      const billed = row.getCell(col('Billed amount'));
      const variance = row.getCell(col('Variance'));
      return [billed.value, billed.numFmt, variance.formula, (variance.value as { result: number }).result, variance.numFmt];
    });
    expect(cells).toEqual([
      [6.395, '#,##0.000 "€"', 'ROUND(O2-J2,3)', -0.005, '#,##0.000 "€"'],
      [12.345, '#,##0.000 "€"', 'ROUND(O3-J3,3)', -0.015, '#,##0.000 "€"'],
    ]);
    const summary = summaryRows(sheet(wb, 'Summary'));
    const total = (label: string) => {
      const cell = summary.get(label)!.cell;
      return [cell.formula, (cell.value as { result: number }).result, cell.numFmt];
    };
    // The exact sum 18.740 shows as 18.74: only the digits a figure has are shown.
    expect(total('Billed total (provider)')).toEqual(['ROUND(SUM(Lines!O2:O3),3)', 18.74, '#,##0.00 "€"']);
    expect(total('Variance')).toEqual([expect.stringMatching(/^ROUND\(B\d+-B\d+,3\)$/), -0.02, '#,##0.00 "€"']);
    expect(total('Subtotal (per second)')).toEqual(['ROUND(SUM(Lines!J2:J3),2)', 18.76, '#,##0.00 "€"']);
  });
});
