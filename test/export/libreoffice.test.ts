// LibreOffice opens the exported workbook, RECOMPUTES its formulas, and gets the rating figures
// to the cent. Converted headless to CSV (one file per sheet), with an isolated profile that
// recalculates OOXML files on load; a second copy has every stored formula result replaced by a
// wrong value, so a match proves the figures come from LibreOffice's own calculation.
//
// Needs `soffice` (see soffice.ts): skipped with a message when it is missing, except in CI.
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../electron/core/export/workbook/index';
import type { WorkbookData } from '../../electron/core/export/workbook/contract';
import { D, minorUnits } from '../../shared/money';
import { importSample, openTestCore } from '../api/helpers';
import { sharedSample } from '../import/helpers';
import { eurData, HOSTILE, jpyData, tempDir, usdData } from './fixtures';
import { convert, IN_CI, SOFFICE } from './soffice';
import { readWorkbook, sheet, summaryRows } from './xlsx-helpers';

if (!SOFFICE && !IN_CI) {
  console.warn(
    '[test/export/libreoffice] soffice is not on PATH: skipping the LibreOffice recalculation test (install libreoffice-calc-nogui to run it; it is required in CI).',
  );
}

/** CSV export: comma, double quotes, UTF-8, raw values (not as shown), every sheet to its own file (-1). */
const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

/** A copy of the workbook where every formula's stored result is a wrong number. */
async function poisoned(file: string, to: string): Promise<void> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  let replaced = 0;
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    zip.file(
      name,
      xml.replace(/(<f>[^<]*<\/f>)<v>[^<]*<\/v>/g, (_m, f: string) => {
        replaced++;
        return `${f}<v>987654.321</v>`;
      }),
    );
  }
  if (replaced === 0) throw new Error('no formula results to poison');
  fs.writeFileSync(to, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

function readCsv(file: string): string[][] {
  const parsed = Papa.parse<string[]>(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  return parsed.data;
}

/** The CSV of one sheet: `name-Sheet.csv` (LibreOffice ≥ 7.2 with sheet -1), else `name.csv` for the first sheet. */
function sheetCsv(outDir: string, base: string, sheetName: string, first: boolean): string[][] {
  const perSheet = path.join(outDir, `${base}-${sheetName}.csv`);
  if (fs.existsSync(perSheet)) return readCsv(perSheet);
  const single = path.join(outDir, `${base}.csv`);
  if (first && fs.existsSync(single)) return readCsv(single);
  throw new Error(`LibreOffice wrote no CSV for ${base} ${sheetName}: ${fs.readdirSync(outDir).join(', ')}`);
}

function expectedTotals(data: WorkbookData): [string, string][] {
  const i = data.invoice;
  return [
    ['Subtotal (per second)', i.subtotalPerSecond],
    ['Subtotal (10-minute slices)', i.subtotalLegacy],
    ['Difference', i.difference],
    ['Credits applied', i.creditsApplied],
    ['Net before tax', i.netBeforeTax],
    ['VAT', i.vat],
    ['Total', i.total],
    ['Billed total (provider)', data.billedTotal],
    ['Variance', data.variance],
  ];
}

describe.skipIf(!SOFFICE && !IN_CI)('LibreOffice recalculation', () => {
  it('recomputes the Summary totals to the rating figures, to the cent (EUR, USD, JPY)', { timeout: 180_000 }, async () => {
    const dir = tempDir('slicewise-lo-');
    const outDir = path.join(dir, 'csv');
    fs.mkdirSync(outDir);
    const cases = { eur: eurData(), usd: usdData(), jpy: jpyData() };
    const inputs: string[] = [];
    for (const [name, data] of Object.entries(cases)) {
      const file = path.join(dir, `${name}.xlsx`);
      await writeWorkbook(data, file);
      const bad = path.join(dir, `${name}-poisoned.xlsx`);
      await poisoned(file, bad);
      inputs.push(file, bad);
    }
    await convert(inputs, outDir, CSV_FILTER);

    for (const [name, data] of Object.entries(cases)) {
      const digits = minorUnits(data.invoice.currency);
      for (const base of [name, `${name}-poisoned`]) {
        const summary = new Map(sheetCsv(outDir, base, 'Summary', true).map((r) => [r[0], r[1]]));
        for (const [label, figure] of expectedTotals(data)) {
          const value = summary.get(label);
          expect(value, `${base} ${label}`).toBeDefined();
          expect(value, `${base} ${label}`).not.toMatch(/987654/);
          expect(new D(value!).toFixed(digits), `${base} ${label}`).toBe(new D(figure).toFixed(digits));
        }
        expect(summary.get('Time zone')).toBe(data.invoice.timeZone);
      }
    }

    // The recomputed line formulas and the hostile texts, as LibreOffice sees them.
    const lines = sheetCsv(outDir, 'eur-poisoned', 'Lines', false);
    expect(lines[0]).toEqual([
      'Line',
      'Kind',
      'Item ID',
      'Item name',
      'Price item',
      'Instances',
      'Billable seconds',
      'Duration',
      'Unit price (per hour)',
      'Amount (per second)',
      'Amount (10-min slices)',
      'Difference',
      'Credit applied',
      'Net amount',
      'Billed amount',
      'Variance',
      'Status',
      'Review',
      'Annotations',
    ]);
    const data = cases.eur;
    data.lines.forEach((l, i) => {
      const row = lines[i + 1]!;
      expect(new D(row[11]!).toFixed(2), `line ${l.lineNo} difference`).toBe(l.difference);
      expect(new D(row[13]!).toFixed(2), `line ${l.lineNo} net`).toBe(l.net);
      expect(new D(row[15]!).toFixed(2), `line ${l.lineNo} variance`).toBe(l.variance);
    });
    expect(lines.slice(1, 7).map((r) => r[3])).toEqual([HOSTILE.hyperlink, HOSTILE.hyperlink, HOSTILE.plus, HOSTILE.minus, HOSTILE.at, HOSTILE.tab]);

    // Each credit's closing balance, recomputed: opening + granted − applied − expired.
    const credits = sheetCsv(outDir, 'eur-poisoned', 'Credits', false);
    expect(credits[0]).toEqual(['Credit ID', 'Kind', 'Scope', 'Expires at', 'Opening balance', 'Granted', 'Applied', 'Expired', 'Closing balance']);
    data.credits.balances.forEach((b, i) => {
      const row = credits[i + 1]!;
      expect(row[0]).toBe(b.creditId);
      expect(new D(row[8]!).toFixed(2), `credit ${b.creditId} closing`).toBe(new D(b.closing).toFixed(2));
    });
  });

  it('recomputes a FOCUS period exactly: exact sums of sub-cent costs, a variance of exactly 0 where every line matches', { timeout: 180_000 }, async () => {
    // Through the real pipeline (a SQLite workspace, import, rate and reconcile, export): the real
    // FOCUS 1.0 sample's Microsoft account (every line matches, costs with 11 decimals) and AWS
    // account (rows whose ContractedCost is broken: real variances), and the sample workspace's
    // AWS account in May 2021 (every line matches; billed 381.37544).
    const core = openTestCore();
    await core.call('import.commit', { files: [sharedSample('focus-1.0/focus_sample.csv')] });
    await importSample(core);
    const cases = {
      microsoft: { period: '2024-09', ownerId: '/providers/Microsoft.Billing/billingAccounts/8611537:USD' },
      aws: { period: '2024-09', ownerId: '1234567890123:USD' },
      lumen: { period: '2021-05', ownerId: '381492750163:USD' },
    };
    const dir = tempDir('slicewise-lo-focus-');
    const outDir = path.join(dir, 'csv');
    fs.mkdirSync(outDir);
    const inputs: string[] = [];
    const stored = new Map<string, [string, string][]>();
    for (const [name, c] of Object.entries(cases)) {
      await core.call('rate.run', c);
      await core.call('reconcile.run', c);
      const file = path.join(dir, `${name}.xlsx`);
      await core.call('export.workbook', { ...c, out: file });
      const { invoice } = await core.call('lines.list', { ...c, limit: 1 });
      const figures: [string, string][] = [
        ['Subtotal (per second)', invoice.subtotalPerSecond],
        ['Subtotal (10-minute slices)', invoice.subtotalLegacy],
        ['Difference', invoice.difference],
        ['Credits applied', invoice.creditsApplied],
        ['Net before tax', invoice.netBeforeTax],
        ['VAT', invoice.vat],
        ['Total', invoice.total],
        ['Billed total (provider)', invoice.billedTotal],
        ['Variance', invoice.variance],
      ];
      stored.set(name, figures);
      // Read back: every Summary total is a formula whose stored result is the workspace's figure, exactly.
      const summary = summaryRows(sheet(await readWorkbook(file), 'Summary'));
      for (const [label, figure] of figures) {
        const cell = summary.get(label)!.cell.value as { formula: string; result?: number };
        expect(cell.formula, `${name} ${label}`).toMatch(/^ROUND\(/);
        // exceljs stores no cached value for a result of 0 (it reads back as none); LibreOffice recomputes every one below.
        const result = cell.result ?? 0;
        expect(new D(result).eq(figure), `${name} ${label}: stored ${result}, workspace ${figure}`).toBe(true);
      }
      const bad = path.join(dir, `${name}-poisoned.xlsx`);
      await poisoned(file, bad);
      inputs.push(file, bad);
    }
    core.close();
    const figure = (name: string, label: string) => stored.get(name)!.find(([l]) => l === label)![1];
    const some = (name: string) => ['Subtotal (per second)', 'Total', 'Billed total (provider)', 'Variance'].map((l) => figure(name, l));
    expect(some('microsoft')).toEqual(['1.97651418586', '1.97651418586', '1.97651418586', '0.00']);
    expect(some('lumen')).toEqual(['381.37544', '381.37544', '381.37544', '0.00']);
    expect(figure('aws', 'Variance')).not.toBe('0.00');

    await convert(inputs, outDir, CSV_FILTER);
    for (const name of Object.keys(cases)) {
      for (const base of [name, `${name}-poisoned`]) {
        const summary = new Map(sheetCsv(outDir, base, 'Summary', true).map((r) => [r[0], r[1]]));
        for (const [label, want] of stored.get(name)!) {
          const value = summary.get(label);
          expect(value, `${base} ${label}`).toBeDefined();
          expect(value, `${base} ${label}`).not.toMatch(/987654/);
          expect(new D(value!).eq(want), `${base} ${label}: LibreOffice ${value}, stored ${want}`).toBe(true);
        }
        expect(summary.get('Time zone')).toBe('UTC');
      }
    }
  });
});
