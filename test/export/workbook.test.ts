import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellText, MAX_CELL_TEXT, num } from '../../electron/core/export/workbook/cells';
import { writeWorkbook, type ExportProgress } from '../../electron/core/export/workbook/index';
import type { WorkbookData } from '../../electron/core/export/workbook/contract';
import { LABELS } from '../../shared/i18n/labels';
import { D, minorUnits } from '../../shared/money';
import type { RatedDetail } from '../../shared/types';
import { auditChain, eurData, HOSTILE, jpyData, OCT_START, tempDir, usdData } from './fixtures';
import { asMoney, rawCell, rawSheets, readWorkbook, rowValues, sheet, summaryRows } from './xlsx-helpers';

const SHEETS = ['Summary', 'Lines', 'Details', 'Credits', 'Audit'];
const HEADERS: Record<string, string[]> = {
  Summary: ['Field', 'Value'],
  Lines: [
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
  ],
  Details: [
    'Line',
    'Item ID',
    'Instance ID',
    'Price item',
    'Start',
    'End',
    'Billable seconds',
    'Unit price (per hour)',
    'Amount (exact)',
    'Source file',
    'Source row',
    'Exact start → end (UTC)',
  ],
  Credits: ['Credit ID', 'Kind', 'Scope', 'Expires at', 'Opening balance', 'Granted', 'Applied', 'Expired', 'Closing balance'],
  Audit: ['Time', 'Actor', 'Action', 'Subject', 'Detail', 'Hash'],
};
const EUR = '#,##0.00 "€"';

/** Summary label → the figure it must show, from the input. */
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

async function exportTo(data: WorkbookData, name = 'out.xlsx', opts?: Parameters<typeof writeWorkbook>[2]) {
  const file = path.join(tempDir(), name);
  const result = await writeWorkbook(data, file, opts);
  return { file, result, wb: await readWorkbook(file) };
}

/** A duration cell's serial number (exceljs reads a [h]:mm:ss cell back as a Date from 1899-12-30). */
function serial(value: unknown): number {
  if (value instanceof Date) return value.getTime() / 86_400_000 + 25_569;
  if (typeof value === 'number') return value;
  throw new Error(`not a duration: ${String(value)}`);
}

/** A text cell, never a formula: a plain string, or an inline string (texts with edge white space). */
function isText(cell: ExcelJS.Cell): boolean {
  return (cell.type === ExcelJS.ValueType.String || cell.type === ExcelJS.ValueType.RichText) && cell.formula === undefined;
}

describe('workbook export (EUR)', () => {
  const data = eurData();
  let file: string;
  let wb: ExcelJS.Workbook;
  let result: { file: string; bytes: number };

  beforeAll(async () => {
    ({ file, wb, result } = await exportTo(data));
  });

  it('returns the file and its size', () => {
    expect(result.file).toBe(file);
    expect(result.bytes).toBeGreaterThan(1000);
  });

  it('has the sheets in the contract order with exactly the contract header rows', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(SHEETS);
    for (const name of SHEETS) {
      const ws = sheet(wb, name);
      expect(rowValues(ws, 1), name).toEqual(HEADERS[name]);
      expect(ws.getRow(1).getCell(1).font?.bold, name).toBe(true);
    }
  });

  it('freezes and auto-filters every header row', () => {
    const filters: Record<string, string> = { Summary: 'A1:B20', Lines: 'A1:S8', Details: 'A1:L6', Credits: 'A1:I3', Audit: 'A1:F7' };
    for (const name of SHEETS) {
      const ws = sheet(wb, name);
      expect(ws.views[0], name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter, name).toBe(filters[name]);
    }
    // Columns have widths.
    expect(sheet(wb, 'Lines').getColumn(4).width).toBeGreaterThan(20);
  });

  it('writes the Summary key/value rows with real dates in the workspace zone', () => {
    const rows = summaryRows(sheet(wb, 'Summary'));
    expect(rows.get('Owner')?.cell.value).toBe('orga_1');
    // The period as its first and last day in Europe/Paris (it is [22:00 UTC on 30 September,
    // 23:00 UTC on 31 October)).
    expect(rows.get('Period start')?.cell.value).toEqual(new Date(Date.UTC(2025, 9, 1)));
    expect(rows.get('Period end')?.cell.value).toEqual(new Date(Date.UTC(2025, 9, 31)));
    expect(rows.get('Period start')?.cell.numFmt).toBe('yyyy-mm-dd');
    expect(rows.get('Period end')?.cell.numFmt).toBe('yyyy-mm-dd');
    expect(rows.get('Audit head')?.cell.value).toBe(data.auditHead);
    expect(rows.get('Time zone')?.cell.value).toBe('Europe/Paris');
    expect(rows.get('Currency')?.cell.value).toBe('EUR');
    // generatedAt = 2025-11-06T00:02:03Z = 01:02:03 in Paris (CET).
    expect(rows.get('Generated at')?.cell.value).toEqual(new Date(Date.UTC(2025, 10, 6, 1, 2, 3)));
    const ws = sheet(wb, 'Summary');
    const sources: unknown[] = [];
    ws.eachRow((row) => {
      if (row.getCell(1).value === 'Source file') sources.push(row.getCell(2).value);
    });
    expect(sources).toEqual([`usage-2025-10.csv — ${'a'.repeat(64)}`, `${HOSTILE.hyperlink} — ${'b'.repeat(64)}`]);
    expect(rows.get('VAT %')?.cell.value).toBe(20);
  });

  it('writes the totals as formulas over Lines whose stored results are the rating figures to the cent', () => {
    const rows = summaryRows(sheet(wb, 'Summary'));
    const formulas: Record<string, RegExp> = {
      'Subtotal (per second)': /^ROUND\(SUM\(Lines!J2:J8\),2\)$/,
      'Subtotal (10-minute slices)': /^ROUND\(SUM\(Lines!K2:K8\),2\)$/,
      Difference: /^ROUND\(B\d+-B\d+,2\)$/,
      'Credits applied': /^ROUND\(SUM\(Lines!M2:M8\),2\)$/,
      'Net before tax': /^ROUND\(B\d+-B\d+,2\)$/,
      VAT: /^ROUND\(B\d+\*B\d+\/100,2\)$/,
      Total: /^ROUND\(B\d+\+B\d+,2\)$/,
      'Billed total (provider)': /^ROUND\(SUM\(Lines!O2:O8\),2\)$/,
      Variance: /^ROUND\(B\d+-B\d+,2\)$/,
    };
    for (const [label, figure] of expectedTotals(data)) {
      const cell = rows.get(label)?.cell;
      expect(cell, label).toBeDefined();
      expect(cell!.formula, label).toMatch(formulas[label]!);
      expect(typeof cell!.result, label).toBe('number');
      expect(asMoney(cell!.result, 2), label).toBe(new D(figure).toFixed(2));
      expect(cell!.numFmt, label).toBe(EUR);
    }
    // The references point at the right rows.
    const at = (label: string) => `B${rows.get(label)!.row}`;
    expect(rows.get('Net before tax')!.cell.formula).toBe(`ROUND(${at('Subtotal (per second)')}-${at('Credits applied')},2)`);
    expect(rows.get('VAT')!.cell.formula).toBe(`ROUND(${at('Net before tax')}*${at('VAT %')}/100,2)`);
    expect(rows.get('Total')!.cell.formula).toBe(`ROUND(${at('Net before tax')}+${at('VAT')},2)`);
    expect(rows.get('Variance')!.cell.formula).toBe(`ROUND(${at('Billed total (provider)')}-${at('Subtotal (per second)')},2)`);
    expect(rows.get('Difference')!.cell.formula).toBe(`ROUND(${at('Subtotal (10-minute slices)')}-${at('Subtotal (per second)')},2)`);
  });

  it('writes Lines amounts as numbers with the currency format, and their sums equal the Summary results', () => {
    const ws = sheet(wb, 'Lines');
    expect(ws.rowCount).toBe(1 + data.lines.length);
    const sums = { J: new D(0), K: new D(0), M: new D(0), O: new D(0) };
    for (let r = 2; r <= ws.rowCount; r++) {
      const line = data.lines[r - 2]!;
      const row = ws.getRow(r);
      expect(row.getCell('A').value).toBe(line.lineNo);
      expect(row.getCell('B').value).toBe(LABELS.en.kind[line.kind]);
      for (const col of ['J', 'K', 'M'] as const) {
        const cell = row.getCell(col);
        expect(typeof cell.value, `${col}${r}`).toBe('number');
        expect(cell.numFmt).toBe(EUR);
        sums[col] = sums[col].plus(asMoney(cell.value, 2));
      }
      expect(asMoney(row.getCell('J').value, 2)).toBe(new D(line.amountPerSecond).toFixed(2));
      const billed = row.getCell('O');
      if (line.billed === null) {
        expect(billed.value).toBeNull();
      } else {
        expect(asMoney(billed.value, 2)).toBe(new D(line.billed).toFixed(2));
        expect(billed.numFmt).toBe(EUR);
        sums.O = sums.O.plus(asMoney(billed.value, 2));
      }
      // Difference, Net and Variance: formulas with their results stored.
      const checks: [string, string, string][] = [
        ['L', `ROUND(K${r}-J${r},2)`, line.difference],
        ['N', `ROUND(J${r}-M${r},2)`, line.net],
        ['P', `ROUND(O${r}-J${r},2)`, line.variance],
      ];
      for (const [col, formula, figure] of checks) {
        const cell = row.getCell(col);
        expect(cell.formula, `${col}${r}`).toBe(formula);
        expect(asMoney(cell.result, 2), `${col}${r}`).toBe(new D(figure).toFixed(2));
        expect(cell.numFmt).toBe(EUR);
      }
      // Unit price: a number (full precision format) or empty.
      const price = row.getCell('I');
      if (line.unitPrice === null) expect(price.value).toBeNull();
      else {
        expect(price.value).toBe(Number(line.unitPrice));
        expect(price.numFmt).toBe('#,##0.00######## "€"');
      }
      // Billable seconds and the duration as a number of days shown as [h]:mm:ss.
      expect(row.getCell('G').value).toBe(line.billableSeconds);
      expect(Math.round(serial(row.getCell('H').value) * 86_400)).toBe(line.billableSeconds);
      expect(row.getCell('H').numFmt).toBe('[h]:mm:ss');
      expect(row.getCell('Q').value).toBe(LABELS.en.status[line.status]);
      expect(row.getCell('R').value).toBe(LABELS.en.review[line.review]);
    }
    const rows = summaryRows(sheet(wb, 'Summary'));
    const result = (label: string) => asMoney(rows.get(label)!.cell.result, 2);
    expect(sums.J.toFixed(2)).toBe(result('Subtotal (per second)'));
    expect(sums.K.toFixed(2)).toBe(result('Subtotal (10-minute slices)'));
    expect(sums.M.toFixed(2)).toBe(result('Credits applied'));
    expect(sums.O.toFixed(2)).toBe(result('Billed total (provider)'));
  });

  it('keeps annotations as text', () => {
    const ws = sheet(wb, 'Lines');
    expect(ws.getCell('S2').value).toBe(data.lines[0]!.annotationsText);
    expect(ws.getCell('S2').alignment?.wrapText).toBe(true);
    expect(ws.getCell('S3').value).toBeNull();
    // A bare CR is stored as a line feed (XML readers would do it anyway), and stays text.
    expect(ws.getCell('S7').text).toBe('\n=2+2');
    expect(isText(ws.getCell('S7'))).toBe(true);
  });

  it('keeps hostile texts as text everywhere', () => {
    const lines = sheet(wb, 'Lines');
    const expectations: [ExcelJS.Worksheet, string, string][] = [
      [lines, 'D2', HOSTILE.hyperlink],
      [lines, 'D4', HOSTILE.plus],
      [lines, 'D5', HOSTILE.minus],
      [lines, 'D6', HOSTILE.at],
      [lines, 'D7', HOSTILE.tab],
      [sheet(wb, 'Details'), 'C3', HOSTILE.minus],
      [sheet(wb, 'Credits'), 'A3', HOSTILE.plus],
      [sheet(wb, 'Audit'), 'B3', HOSTILE.at],
      [sheet(wb, 'Audit'), 'D4', HOSTILE.hyperlink],
    ];
    for (const [ws, address, text] of expectations) {
      const cell = ws.getCell(address);
      expect(cell.text, `${ws.name}!${address}`).toBe(text);
      expect(isText(cell), `${ws.name}!${address}`).toBe(true);
    }
    // The brief's four stay plain strings.
    for (const address of ['D2', 'D4', 'D5', 'D6']) expect(typeof lines.getCell(address).value).toBe('string');
  });

  it('has no formula element for any text in the raw sheet XML', async () => {
    const raw = await rawSheets(file);
    expect([...raw.keys()]).toEqual(SHEETS);
    const lines = raw.get('Lines')!;
    for (const address of ['D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'S2', 'S7']) {
      const xml = rawCell(lines, address);
      expect(xml, address).not.toMatch(/<f[\s>/]/);
      expect(xml, address).toMatch(/t="(str|s|inlineStr)"/);
    }
    expect(rawCell(lines, 'D2')).toContain('=HYPERLINK(&quot;http://x&quot;,&quot;click&quot;)');
    // The only formulas are the ones built by the exporter: 3 per line, 9 in the Summary, one per
    // credit balance.
    const count = (xml: string) => (xml.match(/<f[\s>]/g) ?? []).length;
    expect(count(lines)).toBe(3 * data.lines.length);
    expect(count(raw.get('Summary')!)).toBe(9);
    expect(count(raw.get('Credits')!)).toBe(data.credits.balances.length);
    for (const name of ['Details', 'Audit']) expect(count(raw.get(name)!), name).toBe(0);
    // A formula-looking Summary source file name is text too.
    const sourceRow = summaryRows(sheet(wb, 'Summary')).get('Source file')!.row;
    const sourceCell = rawCell(raw.get('Summary')!, `B${sourceRow + 1}`);
    expect(sourceCell).toContain('=HYPERLINK');
    expect(sourceCell).not.toMatch(/<f[\s>/]/);
  });

  it('writes Details with real dates (wall clock of the zone), exact amounts and source rows', () => {
    const ws = sheet(wb, 'Details');
    expect(ws.rowCount).toBe(6);
    const first = ws.getRow(2);
    expect(first.getCell('A').value).toBe(1);
    expect(first.getCell('B').value).toBe('app_1');
    // The cut interval starts at the period start: 2025-10-01 00:00 in Paris.
    expect(first.getCell('E').value).toEqual(new Date(Date.UTC(2025, 9, 1, 0, 0, 0)));
    expect(first.getCell('E').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(first.getCell('F').value).toBeInstanceOf(Date);
    expect(first.getCell('G').value).toBe(133_353);
    expect(first.getCell('I').numFmt).toBe('0.000000000');
    expect(first.getCell('I').value).toBeCloseTo((133_353 * 0.0335) / 3600, 12);
    expect(first.getCell('J').value).toBe('usage-2025-10.csv');
    expect(first.getCell('K').value).toBe(2);
    // Across the DST change (26 October 2025, 03:00 CEST → 02:00 CET): 00:30Z is 02:30 CEST, and
    // the end (27 October 13:32:33Z) is 14:32:33 CET.
    const dst = ws.getRow(3);
    expect(dst.getCell('E').value).toEqual(new Date(Date.UTC(2025, 9, 26, 2, 30, 0)));
    expect(dst.getCell('F').value).toEqual(new Date(Date.UTC(2025, 9, 27, 14, 32, 33)));
    expect(dst.getCell('K').value).toBe('uptimes[3].details[7]');
    expect(dst.getCell('H').value).toBe(0.0335);
    expect(dst.getCell('H').numFmt).toBe('#,##0.00######## "€"');
  });

  it('writes credit balances, a blank row, then the allocations under their own header', () => {
    const ws = sheet(wb, 'Credits');
    const free = ws.getRow(2);
    expect(rowValues(ws, 2).slice(0, 3)).toEqual(['free-2025', 'Free', 'All kinds']);
    expect(free.getCell('D').value).toEqual(new Date(Date.UTC(2026, 0, 1, 0, 0, 0))); // 23:00Z = midnight in Paris
    for (const col of ['E', 'F', 'G', 'H']) {
      expect(typeof free.getCell(col).value).toBe('number');
      expect(free.getCell(col).numFmt).toBe(EUR);
    }
    expect(free.getCell('I').numFmt).toBe(EUR);
    expect(asMoney(free.getCell('G').value, 2)).toBe(data.invoice.creditsApplied);
    expect(rowValues(ws, 3).slice(0, 4)).toEqual([HOSTILE.plus, 'Prepaid', 'Application, Build', 'never']);
    expect(ws.getRow(4).hasValues).toBe(false);
    expect(rowValues(ws, 5)).toEqual(['Credit ID', 'Line', 'Item name', 'Applied']);
    expect(ws.getRow(5).getCell(1).font?.bold).toBe(true);
    const allocations = data.credits.allocations;
    expect(allocations.length).toBe(3);
    allocations.forEach((a, i) => {
      const row = ws.getRow(6 + i);
      expect(row.getCell(1).value).toBe(a.creditId);
      expect(row.getCell(2).value).toBe(a.lineNo);
      expect(row.getCell(3).value).toBe(a.itemName);
      expect(asMoney(row.getCell(4).value, 2)).toBe(new D(a.amount).toFixed(2));
      expect(row.getCell(4).numFmt).toBe(EUR);
    });
    // The allocations add up to the credits applied.
    const total = allocations.reduce((s, _a, i) => s.plus(asMoney(ws.getRow(6 + i).getCell(4).value, 2)), new D(0));
    expect(total.toFixed(2)).toBe(data.invoice.creditsApplied);
  });

  it('writes the audit log with times and hashes', () => {
    const ws = sheet(wb, 'Audit');
    const entries = [...data.audit()];
    expect(ws.rowCount).toBe(1 + entries.length);
    entries.forEach((e, i) => {
      const row = ws.getRow(2 + i);
      expect(row.getCell(1).value).toBeInstanceOf(Date);
      expect(row.getCell(1).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
      expect(rowValues(ws, 2 + i).slice(1)).toEqual([e.actor, e.action, e.subject, e.detail, e.hash]);
    });
    expect(ws.getCell(`F${1 + entries.length}`).value).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('workbook export (other currencies)', () => {
  it('USD: dollar format, VAT rounded half away from zero at 5.5 %', async () => {
    const data = usdData();
    expect(data.invoice.netBeforeTax).toBe('23.00');
    expect(data.invoice.vat).toBe('1.27'); // 1.265
    const { wb } = await exportTo(data);
    const rows = summaryRows(sheet(wb, 'Summary'));
    for (const [label, figure] of expectedTotals(data)) {
      const cell = rows.get(label)!.cell;
      expect(asMoney(cell.result, 2), label).toBe(new D(figure).toFixed(2));
      expect(cell.numFmt).toBe('"$"#,##0.00');
    }
    expect(rows.get('VAT %')!.cell.value).toBe(5.5);
    expect(rows.get('Time zone')!.cell.value).toBe('America/New_York');
    // 2025-03-01 00:00 in New York (EST).
    expect(rows.get('Period start')!.cell.value).toEqual(new Date(Date.UTC(2025, 2, 1)));
    expect(sheet(wb, 'Lines').getCell('J2').numFmt).toBe('"$"#,##0.00');
    // Across the US DST start (9 March 2025, 02:00 EST → 03:00 EDT): 06:30Z is 01:30 EST.
    expect(sheet(wb, 'Details').getCell('E2').value).toEqual(new Date(Date.UTC(2025, 2, 9, 1, 30)));
  });

  it('JPY: no decimals, formulas round to 0 places', async () => {
    const data = jpyData();
    expect(data.invoice.vat).toBe('124'); // 123.5
    const { wb } = await exportTo(data);
    const rows = summaryRows(sheet(wb, 'Summary'));
    for (const [label, figure] of expectedTotals(data)) {
      const cell = rows.get(label)!.cell;
      expect(cell.formula, label).toMatch(/,0\)$/);
      expect(asMoney(cell.result, 0), label).toBe(new D(figure).toFixed(0));
      expect(cell.numFmt).toBe('"¥"#,##0');
    }
    expect(minorUnits('JPY')).toBe(0);
    const lines = sheet(wb, 'Lines');
    expect(lines.getCell('J2').numFmt).toBe('"¥"#,##0');
    expect(lines.getCell('L2').formula).toBe('ROUND(K2-J2,0)');
    expect(lines.getCell('O3').value).toBeNull();
    expect(lines.getCell('I2').numFmt).toBe('"¥"#,##0.00########');
  });

  it('other currencies: the code after the amount', async () => {
    const base = eurData();
    const data = { ...base, invoice: { ...base.invoice, currency: 'CHF' } };
    const { wb } = await exportTo(data);
    expect(sheet(wb, 'Lines').getCell('J2').numFmt).toBe('#,##0.00 "CHF"');
  });
});

function generatedDetails(n: number): () => Iterable<{ lineNo: number; itemId: string; detail: RatedDetail }> {
  return function* () {
    for (let i = 0; i < n; i++) {
      yield {
        lineNo: 1,
        itemId: 'app_1',
        detail: {
          intervalId: i,
          instanceId: `inst-${i}`,
          priceItem: 'apps.XS',
          start: OCT_START + i * 1000,
          end: OCT_START + i * 1000 + 600_000,
          cut: false,
          billableSeconds: 600,
          pricePerHour: '0.0335',
          exactAmount: '0.00558333333333333333',
          legacySlices: 1,
          exactLegacyAmount: '0.00558333333333333333',
          source: { batchId: 1, file: 'usage.csv', row: String(i + 2) },
        },
      };
    }
  };
}

describe('workbook export (streaming)', () => {
  it('streams Details from the iterator and reports progress every 10,000 rows', async () => {
    const events: ExportProgress[] = [];
    const data = eurData({ details: generatedDetails(20_500) });
    const { wb } = await exportTo(data, 'big.xlsx', { onProgress: (p) => events.push({ ...p }) });
    expect(events.filter((e) => e.sheet === 'Details').map((e) => e.rows)).toEqual([10_000, 20_000, 20_500]);
    expect(events.find((e) => e.sheet === 'Lines')).toEqual({ sheet: 'Lines', rows: data.lines.length, totalRows: data.lines.length });
    expect(events.map((e) => e.sheet).filter((s, i, a) => a.indexOf(s) === i)).toEqual(SHEETS);
    const ws = sheet(wb, 'Details');
    expect(ws.rowCount).toBe(20_501);
    expect(ws.autoFilter).toBe('A1:L20501');
    expect(ws.getCell('C20501').value).toBe('inst-20499');
    expect(ws.getCell('K20501').value).toBe(20_501);
  });

  it('continues past the sheet row limit in "Details (2)", "Details (3)"... with the same header', async () => {
    const data = eurData({ details: generatedDetails(2_500), audit: () => auditChain(3, OCT_START) });
    const { wb } = await exportTo(data, 'split.xlsx', { maxRowsPerSheet: 1_000 });
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Lines', 'Details', 'Details (2)', 'Details (3)', 'Credits', 'Audit']);
    const counts = ['Details', 'Details (2)', 'Details (3)'].map((name) => {
      const ws = sheet(wb, name);
      expect(rowValues(ws, 1)).toEqual(HEADERS.Details);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBe(`A1:L${ws.rowCount}`);
      return ws.rowCount - 1;
    });
    expect(counts).toEqual([999, 999, 502]);
    expect(sheet(wb, 'Details (2)').getCell('C2').value).toBe('inst-999');
  });
});

describe('credits and widths', () => {
  it('refuses an export whose credit balance does not add up, naming the credit', async () => {
    const base = eurData();
    const [free, prepaid] = base.credits.balances;
    const data = { ...base, credits: { ...base.credits, balances: [free!, { ...prepaid!, expired: '1.00' }] } };
    await expect(exportTo(data)).rejects.toThrow(/Credit \+1\+2 closing balance is 100.00 but the workbook's formula gives 99.00/);
  });

  it("wraps a text longer than its column can be, in a taller row (at most Excel's 409 points)", async () => {
    const base = eurData();
    const lines = base.lines.map((l, i) => (i === 0 ? { ...l, itemName: 'word '.repeat(40).trim() } : i === 1 ? { ...l, itemName: 'z'.repeat(20_000) } : l));
    const { wb } = await exportTo({ ...base, lines });
    const ws = sheet(wb, 'Lines');
    expect(ws.getColumn('D').width).toBe(50); // capped
    expect(ws.getCell('D2').alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(ws.getRow(2).height).toBeGreaterThanOrEqual(5 * 15); // 199 characters in 48 a line
    expect(ws.getCell('A2').alignment?.vertical).toBe('top'); // the row's other cells start at its top
    expect(ws.getRow(3).height).toBe(409);
    expect(ws.getCell('D4').alignment?.wrapText ?? false).toBe(false);
    expect(ws.getRow(4).height ?? 15).toBe(15);
    // Short columns stay narrow; a wrapped header row is as tall as its header.
    expect(ws.getColumn('A').width).toBeLessThanOrEqual(8);
    expect(ws.getRow(1).height).toBeGreaterThanOrEqual(30);
  });
});

describe('cell numbers', () => {
  it('are the nearest double of the decimal, and a value no double holds is refused, naming it', () => {
    expect(num('12.345', 'line 1 billed amount')).toBe(12.345);
    expect(num('-0.000001', 'x')).toBe(-0.000001);
    const huge = `1${'0'.repeat(400)}`;
    expect(() => num(huge, 'VAT %')).toThrow(/^Workbook export: VAT % "1000000000000000000000000000000000000000…" is too large for a spreadsheet cell$/);
    expect(() => num(`-${huge}`, 'line 2 net amount')).toThrow(/line 2 net amount/);
    expect(() => num('1e3', 'x')).toThrow(/"1e3" is not a decimal number/);
  });

  it("are Decimal's own nearest double, for any plain decimal", () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 30 });
    const decimals = fc.tuple(fc.constantFrom('', '-', '+'), digits, fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 30 })));
    fc.assert(
      fc.property(decimals, ([sign, int, frac]) => {
        const s = `${sign}${int}${frac === null ? '' : `.${frac}`}`;
        expect(Object.is(num(s, 'x'), new D(s).toNumber()), s).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses an export whose figure would be Infinity in a cell', async () => {
    const base = eurData();
    const lines = base.lines.map((l, i) => (i === 0 ? { ...l, unitPrice: `9${'9'.repeat(400)}` } : l));
    await expect(exportTo({ ...base, lines })).rejects.toThrow(/line 1 unit price "9+…" is too large for a spreadsheet cell/);
  });
});

describe('cell texts', () => {
  it('replaces characters XML cannot carry and cuts texts longer than a cell holds', async () => {
    expect(cellText('a\u0001b\uFFFFc\uD800d\u007Fe')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe');
    expect(cellText('tab\tand\nnewline')).toBe('tab\tand\nnewline');
    const long = cellText('x'.repeat(40_000));
    expect(long.length).toBe(MAX_CELL_TEXT);
    expect(long.endsWith('… [truncated]')).toBe(true);
    const base = eurData();
    const lines = base.lines.map((l, i) => (i === 0 ? { ...l, itemName: 'y'.repeat(40_000), annotationsText: 'bad\u0000char' } : l));
    const { wb } = await exportTo({ ...base, lines });
    const ws = sheet(wb, 'Lines');
    expect((ws.getCell('D2').value as string).length).toBe(MAX_CELL_TEXT);
    expect(ws.getCell('S2').value).toBe('bad\uFFFDchar');
  });

  it('keeps white space at the edges of a text, and _xHHHH_ sequences literally', async () => {
    const base = eurData();
    const names = ['  padded  ', ' a_x0041_b ', 'a_x0041_b'];
    const lines = base.lines.map((l, i) => (i < names.length ? { ...l, itemName: names[i]! } : l));
    const { wb, file } = await exportTo({ ...base, lines });
    const ws = sheet(wb, 'Lines');
    expect(['D2', 'D3', 'D4'].map((a) => ws.getCell(a).text)).toEqual(names);
    const raw = (await rawSheets(file)).get('Lines')!;
    expect(rawCell(raw, 'D2')).toContain('t="inlineStr"');
    expect(rawCell(raw, 'D2')).toContain('xml:space="preserve"');
    expect(rawCell(raw, 'D4')).toContain('t="str"');
  });

  it('writes an empty period (no lines, no details, no credits)', async () => {
    const base = eurData({ lines: [], details: [] });
    const data = { ...base, credits: { balances: [], allocations: [] }, sourceFiles: [] };
    const { wb } = await exportTo(data);
    const rows = summaryRows(sheet(wb, 'Summary'));
    expect(rows.get('Source files')!.cell.value).toBe('none');
    expect(rows.get('Subtotal (per second)')!.cell.formula).toBe('ROUND(SUM(Lines!J2:J2),2)');
    expect(rows.get('Total')!.cell.result).toBe(0);
    expect(sheet(wb, 'Lines').autoFilter).toBe('A1:S1');
    expect(sheet(wb, 'Credits').autoFilter).toBe('A1:I1');
  });
});
