// One table of minor units (ISO 4217) for the rating, the screen and the workbook: for JPY, VND,
// KWD, HUF and EUR owners, rated through the core from real files, the rated invoice's amounts,
// the screen's money formatting and the exported workbook's cells all carry the ISO digits; the
// billed amounts (and the variances from them) carry at least those digits, and more when the
// invoice gives more (billed 1600.1234 stays 1600.1234, in yen as in euros).
// (HUF is 2 in ISO 4217 but 0 in Intl; VND is 0 and was missing from the old hand table.)
import fs from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Res } from '../../shared/contract/api';
import { minorUnits } from '../../shared/money';
import { formatMoney } from '../../renderer/src/lib/format';
import { openTestCore, tempDir, type TestCore } from '../api/helpers';
import { asMoney, rawCell, rawSheets, readWorkbook, sheet, summaryRows } from '../export/xlsx-helpers';

/** ISO 4217 minor units, written out here so the test does not take them from the code under test. */
const ISO_DIGITS = { JPY: 0, VND: 0, KWD: 3, HUF: 2, EUR: 2 } as const;
type Currency = keyof typeof ISO_DIGITS;
const PERIOD = '2021-03';

const SUMMARY_MONEY: [string, Exclude<keyof Res<'lines.list'>['invoice'], 'invoices'>][] = [
  ['Subtotal (per second)', 'subtotalPerSecond'],
  ['Subtotal (10-minute slices)', 'subtotalLegacy'],
  ['Difference', 'difference'],
  ['Credits applied', 'creditsApplied'],
  ['Net before tax', 'netBeforeTax'],
  ['VAT', 'vat'],
  ['Total', 'total'],
  ['Billed total (provider)', 'billedTotal'],
  ['Variance', 'variance'],
];
const LINE_MONEY: [string, 'amountPerSecond' | 'amountLegacy' | 'difference' | 'credit' | 'net' | 'billed' | 'variance'][] = [
  ['Amount (per second)', 'amountPerSecond'],
  ['Amount (10-min slices)', 'amountLegacy'],
  ['Difference', 'difference'],
  ['Credit applied', 'credit'],
  ['Net amount', 'net'],
  ['Billed amount', 'billed'],
  ['Variance', 'variance'],
];

/** A catalog, a usage CSV and a provider invoice of one owner in `currency`, with amounts that need rounding. */
function writeWorkspaceFiles(dir: string, currency: Currency): string[] {
  const owner = `orga_${currency.toLowerCase()}`;
  const catalog = {
    zone_id: 'par',
    currency,
    start_date: '2021-01-01T00:00:00+01:00',
    end_date: null,
    runtime: [{ runtime_policy_id: 'pol-xs', source: 'apps', flavor: 'XS', time_unit: 'PT1H', price: '1234.56789', slug_id: 'apps.XS' }],
    countable: [
      {
        service: 'cellar.storage',
        data_unit: 'GB',
        data_quantity_for_price: { secability: 'SECABLE', quantity: 1 },
        time_interval_for_price: { secability: 'SECABLE', interval: 'P1M' },
        price_plans: [{ plan_id: 'st-1', max_quantity: null, price: '12.3456' }],
      },
    ],
  };
  const header =
    'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency';
  const usage = [
    header,
    `${owner},uptime,app_1,web,i1,apps.XS,XS,par,2021-03-01T10:00:00Z,2021-03-01T11:17:03.250Z,,,,,,`,
    `${owner},uptime,app_1,web,i2,apps.XS,XS,par,2021-03-15T00:00:00Z,2021-03-15T00:00:00.400Z,,,,,,`,
    `${owner},countable,bucket_1,cellar.storage,,cellar.storage,,par,2021-03-01T00:00:00+01:00,2021-04-01T00:00:00+02:00,12.345,GB,,,,`,
  ].join('\n');
  const invoice = {
    invoice_number: `INV-${currency}-1`,
    status: 'PAID',
    emission_date: '2021-04-02T06:00:00+02:00',
    consumption_begin_date: '2021-03-01T00:00:00+01:00',
    consumption_end_date: '2021-04-01T00:00:00+02:00',
    currency,
    vat_percent: 27,
    total_tax_excluded: '1700.1234',
    total_tax: '459.03',
    owner_id: owner,
    uptimes: [
      {
        item_id: 'app_1',
        app_id: 'app_1',
        owner_id: owner,
        price: '1600.1234',
        category: 'app',
        sub_category: 'node',
        details: [
          {
            instance_id: 'i1',
            flavor_name: 'XS',
            zone_id: 'par',
            runtime_policy_id: 'pol-xs',
            price: '1600.1234',
            consumption_start: '2021-03-01T10:00:00Z',
            consumption_end: '2021-03-01T11:17:03.250Z',
          },
        ],
      },
      { item_id: 'app_9', app_id: 'app_9', owner_id: owner, price: '100', category: 'addon', sub_category: 'redis-addon', details: [] },
    ],
    countables: [],
    classic: [],
  };
  const files: [string, string][] = [
    [`catalog-${currency}.json`, JSON.stringify(catalog)],
    [`usage-${currency}.csv`, usage],
    [`invoice-${currency}.json`, JSON.stringify(invoice)],
  ];
  return files.map(([name, text]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  });
}

/** Amounts from the invoice's figures: they keep its decimals (at least the currency's). */
const FROM_BILLED = new Set(['billed', 'variance', 'billedTotal']);
/** Decimals the invoice gives, by line item (app_1 billed 1600.1234, app_9 billed 100, the countable not billed) and for the total (1700.1234). */
const INVOICE_PLACES: Record<string, number> = { app_1: 4, app_9: 0, 'cellar.storage': 0, total: 4 };

/** Decimal places of a plain decimal string, which must be one. */
function places(s: string | null): number {
  expect(s).toMatch(/^-?\d+(\.\d+)?$/);
  return s!.split('.')[1]?.length ?? 0;
}

/** Decimal places a spreadsheet number format always shows ('#,##0.00 "HUF"' → 2). */
function formatPlaces(numFmt: string): number {
  return /0\.(0+)/.exec(numFmt)?.[1]!.length ?? 0;
}

/** A cell's number, a formula's stored result included (exceljs reads a stored 0 as no result: taken from the XML then). */
function cellNumber(cell: ExcelJS.Cell, sheetXml: string): unknown {
  const v = cell.value;
  if (typeof v !== 'object' || v === null || !('formula' in v)) return v;
  if (v.result !== undefined) return v.result;
  const stored = /<v>([^<]*)<\/v>/.exec(rawCell(sheetXml, cell.address))?.[1];
  return stored === undefined ? undefined : Number(stored);
}

describe.each(Object.entries(ISO_DIGITS) as [Currency, number][])('%s: %i minor digits', (currency, digits) => {
  let core: TestCore;
  let listed: Res<'lines.list'>;
  const ownerId = `orga_${currency.toLowerCase()}`;

  beforeAll(async () => {
    core = openTestCore();
    const r = await core.call('import.commit', { files: writeWorkspaceFiles(tempDir(), currency) });
    expect(r.results.map((x) => x.error ?? 'ok')).toEqual(['ok', 'ok', 'ok']);
    await core.call('rate.run', { period: PERIOD });
    listed = await core.call('lines.list', { period: PERIOD, ownerId });
  });
  afterAll(() => core.close());

  it('are the ISO 4217 minor unit', () => {
    expect(minorUnits(currency)).toBe(digits);
  });

  it('in every amount of the rated and reconciled invoice', () => {
    expect(listed.invoice.currency).toBe(currency);
    expect(listed.rows.map((l) => [l.kind, l.itemId, l.status])).toEqual([
      ['application', 'app_1', expect.stringMatching(/billed/)],
      ['countable', 'cellar.storage', 'missing_from_invoice'],
      ['addon', 'app_9', 'unexplained_charge'],
    ]);
    const wanted = (field: string, item: string) => (FROM_BILLED.has(field) ? Math.max(digits, INVOICE_PLACES[item]!) : digits);
    for (const [, field] of SUMMARY_MONEY) expect(places(listed.invoice[field]), field).toBe(wanted(field, 'total'));
    for (const l of listed.rows) {
      for (const [, field] of LINE_MONEY) if (l[field] !== null) expect(places(l[field]), `${l.itemId} ${field}`).toBe(wanted(field, l.itemId));
    }
    for (const [field, v] of Object.entries(listed.filtered)) expect(places(v), field).toBe(wanted(field, 'total'));
    // Exact, not rounded to the minor unit.
    expect(listed.rows.find((l) => l.itemId === 'app_1')!.billed).toBe('1600.1234');
    expect(listed.invoice.billedTotal).toBe('1700.1234');
  });

  it('on screen, in both locales', () => {
    for (const [locale, sep] of [
      ['en', '.'],
      ['fr', ','],
    ] as const) {
      // Rated amounts as they are; billed amounts and variances with every digit they have (`exact`).
      for (const [value, exact] of [
        [listed.invoice.total, false],
        [listed.rows[0]!.amountPerSecond, false],
        [listed.invoice.variance, true],
        [listed.rows[0]!.billed!, true],
      ] as const) {
        const shown = formatMoney(value, currency, locale, { exact });
        const fraction = new RegExp(`\\${sep}(\\d+)`).exec(shown)?.[1] ?? '';
        expect(fraction.length, `${value} shown as ${shown}`).toBe(exact ? Math.max(digits, 4) : digits);
        expect(shown.replace(/[^\d]/g, '')).toBe(value.replace(/[^\d]/g, '').replace(/^0+(?=\d)/, ''));
      }
    }
  });

  it('in the exported workbook: number formats, rounding formulas and values', async () => {
    const out = path.join(tempDir(), `${currency}.xlsx`);
    await core.call('export.workbook', { period: PERIOD, ownerId, out });
    const wb = await readWorkbook(out);
    const xml = await rawSheets(out);
    const summary = summaryRows(sheet(wb, 'Summary'));
    for (const [label, field] of SUMMARY_MONEY) {
      const cell = summary.get(label)!.cell;
      // Formulas over billed amounts round to the most precise one's decimals (4), the others to the currency's.
      const shown = FROM_BILLED.has(field) ? Math.max(digits, 4) : digits;
      expect(formatPlaces(cell.numFmt), `${label} format ${cell.numFmt}`).toBe(shown);
      expect(cell.formula, label).toMatch(new RegExp(`^ROUND\\(.*,${shown}\\)$`));
      expect(asMoney(cellNumber(cell, xml.get('Summary')!), shown), label).toBe(listed.invoice[field]);
    }
    const ws = sheet(wb, 'Lines');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    for (const [n, l] of listed.rows.entries()) {
      const row = ws.getRow(n + 2);
      for (const [title, field] of LINE_MONEY) {
        const cell = row.getCell(header.indexOf(title) + 1);
        const shown = FROM_BILLED.has(field) ? Math.max(digits, INVOICE_PLACES[l.itemId]!) : digits;
        expect(formatPlaces(cell.numFmt), `${l.itemId} ${title} format ${cell.numFmt}`).toBe(shown);
        const value = cellNumber(cell, xml.get('Lines')!);
        expect(value === null ? null : asMoney(value, shown), `${l.itemId} ${title}`).toBe(l[field]);
      }
    }
  });
});
