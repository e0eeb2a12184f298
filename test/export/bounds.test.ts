// The largest values the importers accept (10^15, 40 significant digits; docs/importers.md,
// "Bounds") in every field at once, through the real pipeline: imported into a SQLite workspace,
// rated, reconciled, exported, read back. No cell of the workbook is Infinity or NaN (Excel
// refuses such a file; LibreOffice shows 0), and the Summary holds the rating's figures.
import fs from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, tempDir, type TestCore } from '../api/helpers';
import { rawSheets, readWorkbook, sheet, summaryRows } from './xlsx-helpers';

const MAX = '1000000000000000'; // 10^15
const MAX_DIGITS = '999999999999999.9999999999999999999999999'; // 40 significant digits
const TINY = '0.0000000000000000000000000000000000000001'; // 10^-40, 40 significant digits
const OWNER = 'orga_max';
const PERIOD = '2021-03';

const CATALOG = JSON.stringify({
  zone_id: 'par',
  currency: 'EUR',
  start_date: '2021-01-01T00:00:00+01:00',
  runtime: [
    { runtime_policy_id: 'pol-max', source: 'apps', flavor: 'MAX', time_unit: 'PT1H', price: MAX, slug_id: 'apps.MAX' },
    { runtime_policy_id: 'pol-fine', source: 'apps', flavor: 'FINE', time_unit: 'PT1H', price: MAX_DIGITS, slug_id: 'apps.FINE' },
    { runtime_policy_id: 'pol-tiny', source: 'apps', flavor: 'TINY', time_unit: 'PT1H', price: TINY, slug_id: 'apps.TINY' },
  ],
  countable: [
    {
      service: 'cellar.storage',
      data_unit: 'B',
      data_quantity_for_price: { secability: 'secable', quantity: 1 },
      time_interval_for_price: null,
      price_plans: [{ plan_id: 'p-max', max_quantity: null, price: MAX_DIGITS }],
    },
  ],
}).replace(`"price":"${MAX}"`, `"price":1e15`); // one as a JSON number with an exponent

const USAGE = [
  'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency,price_factor,discount',
  `${OWNER},uptime,app_1,max,i-1,apps.MAX,MAX,par,2021-03-01T00:00:00+01:00,2021-04-01T00:00:00+02:00,,,,,,,,`,
  `${OWNER},uptime,app_2,fine,i-2,apps.FINE,FINE,par,2021-03-01T00:00:00+01:00,2021-04-01T00:00:00+02:00,,,,,,,,`,
  `${OWNER},uptime,app_3,tiny,i-3,apps.TINY,TINY,par,2021-03-02T00:00:00Z,2021-03-02T00:00:01Z,,,,,,,,`,
  `${OWNER},countable,bucket,bucket,,cellar.storage,,par,2021-03-02T00:00:00Z,,${MAX},B,p-max,,,,,`,
  `${OWNER},classic,task_1,task,,,,par,2021-03-03T00:00:00Z,,${MAX},,,huge task,${MAX_DIGITS},EUR,${MAX},${MAX_DIGITS}`,
  `${OWNER},classic,task_2,rebate,,,,par,2021-03-03T00:00:00Z,,1,,,rebate,-${MAX},EUR,,`,
].join('\n');

const INVOICE = `{
  "invoice_number": "INV-MAX", "status": "PAID", "owner_id": "${OWNER}", "currency": "EUR", "vat_percent": ${MAX},
  "consumption_begin_date": "2021-03-01T00:00:00+01:00", "consumption_end_date": "2021-04-01T00:00:00+02:00",
  "uptimes": [{ "item_id": "it-1", "app_id": "app_1", "owner_id": "${OWNER}", "price": 1e15, "category": "app",
    "details": [{ "instance_id": "i-1", "flavor_name": "MAX", "zone_id": "par", "runtime_policy_id": "pol-max", "price": 1e15,
      "consumption_start": "2021-03-01T00:00:00+01:00", "consumption_end": "2021-04-01T00:00:00+02:00" }] }],
  "countables": [{ "service": "cellar.storage", "unit_name": "B", "zone_id": "par", "quantity": ${MAX}, "plan_id": "p-max", "details_price": ${MAX_DIGITS} }],
  "classic": [{ "unit_price": ${MAX_DIGITS}, "quantity": ${MAX}, "price_factor": ${MAX}, "discount": ${MAX},
    "description": "huge task", "classic_billing_item_id": "task_1" }]
}`;

const CREDITS = [
  'credit_id,owner_id,kind,amount,currency,granted_at,valid_from,expires_at,scope,description',
  `cr-max,${OWNER},free,${MAX},EUR,2021-01-01T00:00:00Z,,,all,largest grant`,
  `cr-fine,${OWNER},prepaid,${MAX_DIGITS},EUR,2021-01-01T00:00:00Z,,,all,finest grant`,
].join('\n');

/** The stored value of every number cell (constants and formula results), from the sheet XML itself. */
function numberCells(sheets: Map<string, string>): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const [name, xml] of sheets) {
    for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const type = /\st="([^"]+)"/.exec(m[2]!)?.[1] ?? 'n';
      const v = /<v>([^<]*)<\/v>/.exec(m[3] ?? '');
      if (type === 'n' && v) out.push({ where: `${name}!${m[1]!}`, text: v[1]! });
    }
  }
  return out;
}

describe('workbook of the largest accepted values', () => {
  let dir: string;
  let core: TestCore;
  let out: string;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    dir = tempDir('slicewise-bounds-');
    const files = { 'catalog.json': CATALOG, 'usage.csv': USAGE, 'invoice.json': INVOICE, 'credits.csv': CREDITS };
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    core = openTestCore(path.join(dir, 'workspace.sqlite'));
    const r = await core.call('import.commit', { files: Object.keys(files).map((f) => path.join(dir, f)) });
    expect(r.results.filter((x) => !x.ok)).toEqual([]);
    await core.call('rate.run', { period: PERIOD, ownerId: OWNER });
    out = path.join(dir, 'max.xlsx');
    await core.call('export.workbook', { period: PERIOD, ownerId: OWNER, out });
    wb = await readWorkbook(out);
  }, 60_000);

  afterAll(() => {
    core?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes only finite numbers, never Infinity or NaN', async () => {
    const cells = numberCells(await rawSheets(out));
    expect(cells.length).toBeGreaterThan(40);
    expect(cells.filter((c) => !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(c.text) || !Number.isFinite(Number(c.text)))).toEqual([]);
    // And as a reader sees them (exceljs).
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          const v = cell.value;
          const n = v !== null && typeof v === 'object' && 'formula' in v ? v.result : v;
          if (typeof n === 'number') expect(Number.isFinite(n), `${ws.name}!${cell.address}`).toBe(true);
        }),
      ),
    );
  });

  it("holds the rating's figures in the Summary, however large", async () => {
    const list = await core.call('lines.list', { period: PERIOD, ownerId: OWNER, limit: 100 });
    expect(list.rows.map((r) => r.itemId)).toEqual(expect.arrayContaining(['app_1', 'app_2', 'app_3', 'cellar.storage', 'task_1', 'task_2']));
    const summary = summaryRows(sheet(wb, 'Summary'));
    const result = (label: string) => {
      const v = summary.get(label)?.cell.value;
      return v !== null && typeof v === 'object' && 'result' in v ? v.result : v;
    };
    const inv = list.invoice!;
    expect(inv.vat.replace('-', '').split('.')[0]!.length).toBeGreaterThan(55); // VAT at 10^15 % of a 10^45 net
    expect(result('Total')).toBe(Number(inv.total));
    expect(result('VAT')).toBe(Number(inv.vat));
    expect(result('Net before tax')).toBe(Number(inv.netBeforeTax));
    expect(result('Billed total (provider)')).toBe(Number(list.invoice!.billedTotal));
  });
});
