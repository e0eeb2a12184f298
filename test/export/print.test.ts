// The workbook prints as a document: every sheet's print set-up read back from the file, and a
// realistic month (the sample organisation's March, reviewed and annotated) printed to PDF by
// LibreOffice: a few pages, the Summary's totals on its first page.
//
// The PDF test needs `soffice` and `pdftotext` (Debian: libreoffice-calc-nogui, poppler-utils):
// skipped with a message when either is missing, except in CI, where a missing tool fails it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../electron/core/export/workbook/index';
import { D } from '../../shared/money';
import { auditChain, eurData, OCT_START, tempDir } from './fixtures';
import { realisticWorkspace, type Realistic } from './realistic';
import { convert, findOnPath, IN_CI, SOFFICE } from './soffice';
import { rawSheets, readWorkbook, sheet, summaryRows } from './xlsx-helpers';

const PDFTOTEXT = findOnPath('pdftotext');
const CAN_PRINT = Boolean(SOFFICE && PDFTOTEXT);
if (!CAN_PRINT && !IN_CI) {
  console.warn(
    '[test/export/print] soffice or pdftotext is not on PATH: skipping the PDF test (install libreoffice-calc-nogui and poppler-utils; both are required in CI).',
  );
}

describe('print set-up', () => {
  it('is on every sheet: landscape, one page wide, the header row repeated, owner, period and page in the footer', async () => {
    const base = eurData({ audit: () => auditChain(3, OCT_START) });
    const details = [...base.details()];
    const data = { ...base, details: () => [...details, ...details, ...details] }; // 15 rows: Details (2) too
    const file = path.join(tempDir(), 'print.xlsx');
    await writeWorkbook(data, file, { maxRowsPerSheet: 10 });
    const wb = await readWorkbook(file);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(['Summary', 'Lines', 'Details', 'Details (2)', 'Credits', 'Audit']);
    const raw = await rawSheets(file);
    for (const name of names) {
      const ws = sheet(wb, name);
      expect(ws.pageSetup, name).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
      // The period as its first and last day (October in Paris), the page as "Page x of y".
      expect(ws.headerFooter.oddFooter, name).toBe('&Lorga_1&C&A · 2025-10-01 – 2025-10-31&RPage &P of &N');
      const xml = raw.get(name)!;
      expect(xml, name).toContain('<pageSetUpPr fitToPage="1"/>');
      expect(xml, name).toMatch(/<pageSetup [^>]*orientation="landscape"[^>]*fitToWidth="1" fitToHeight="0"/);
    }
    // The repeated header row is the workbook's print titles, one per sheet.
    const workbookXml = await (await import('jszip')).default.loadAsync(fs.readFileSync(file)).then((z) => z.file('xl/workbook.xml')!.async('string'));
    const titles = [...workbookXml.matchAll(/<definedName name="_xlnm.Print_Titles" localSheetId="(\d+)">([^<]*)<\/definedName>/g)].map((m) => [
      Number(m[1]),
      m[2],
    ]);
    expect(titles).toEqual(names.map((n, i) => [i, `&apos;${n}&apos;!$1:$1`]));
  });

  it('names the owner by its name, then its id, when it has one', async () => {
    const file = path.join(tempDir(), 'named.xlsx');
    await writeWorkbook({ ...eurData(), ownerName: 'Acme Retail' }, file);
    const wb = await readWorkbook(file);
    for (const ws of wb.worksheets) expect(ws.headerFooter.oddFooter, ws.name).toMatch(/^&LAcme Retail \(orga_1\)&C/);
  });

  it('escapes an ampersand of the owner and keeps the footer short', async () => {
    const file = path.join(tempDir(), 'amp.xlsx');
    await writeWorkbook({ ...eurData(), ownerId: `R&D ${'x'.repeat(200)}`, locale: 'fr' }, file);
    const footer = sheet(await readWorkbook(file), 'Lines').headerFooter.oddFooter ?? '';
    expect(footer.startsWith('&LR&&D xxx')).toBe(true);
    expect(footer.endsWith('&RPage &P sur &N')).toBe(true);
    expect(footer.length).toBeLessThan(255); // Excel's limit for a footer
  });
});

/** A money figure as LibreOffice shows `#,##0.00 "€"` in en-US: `1,234.56 €`. */
function shownEur(figure: string): string {
  const [int, frac] = new D(figure).abs().toFixed(2).split('.');
  return `${new D(figure).isNeg() ? '-' : ''}${int!.replace(/\B(?=(\d{3})+$)/g, ',')}.${frac} €`;
}

function pdfText(pdf: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync(PDFTOTEXT!, ['-layout', ...range, pdf, '-'], { encoding: 'utf8' });
}

describe.skipIf(!CAN_PRINT && !IN_CI)('a realistic month printed to PDF by LibreOffice', () => {
  let month: Realistic;
  let pdf: string;
  let pages: string[];

  beforeAll(async () => {
    if (!CAN_PRINT) throw new Error('soffice and pdftotext are required in CI (install libreoffice-calc-nogui and poppler-utils)');
    month = await realisticWorkspace();
    const xlsx = await month.exportMarch('en');
    const outDir = tempDir('slicewise-pdf-');
    await convert([xlsx], outDir, 'pdf');
    pdf = path.join(outDir, path.basename(xlsx).replace(/\.xlsx$/, '.pdf'));
    const count = Number(/Page \d+ of (\d+)/.exec(pdfText(pdf, 1))?.[1]);
    pages = Array.from({ length: count }, (_, i) => pdfText(pdf, i + 1));
  }, 180_000);

  it('is a few pages: each short sheet on one page, Details and Audit on at most three each', () => {
    // 18 lines, 138 usage intervals, 3 credits and about 35 audit entries. Bound: a page for each of
    // Summary, Lines and Credits; Details at about 55 rows a page and Audit at about 12 entries a
    // page (their JSON details wrap) take three pages at most: 9 pages, where the workbook used to
    // print on 27 (63 with the whole audit log); the Disputes sheet adds one.
    const sheetOf = (text: string) => /(\S+(?: \(\d+\))?) · 2021-03-01 – 2021-03-31/.exec(text)?.[1];
    const perSheet = new Map<string, number>();
    pages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(text, `page ${i + 1}`).toContain(month.ownerId);
      const name = sheetOf(text);
      expect(name, `page ${i + 1} names its sheet in the footer`).toBeDefined();
      perSheet.set(name!, (perSheet.get(name!) ?? 0) + 1);
    });
    // The month has disputed lines: the claim prints last, on one page.
    expect([...perSheet.keys()]).toEqual(['Summary', 'Lines', 'Details', 'Credits', 'Audit', 'Disputes']);
    expect([perSheet.get('Summary'), perSheet.get('Lines'), perSheet.get('Credits'), perSheet.get('Disputes')]).toEqual([1, 1, 1, 1]);
    expect(perSheet.get('Details')).toBeLessThanOrEqual(3);
    expect(perSheet.get('Audit')).toBeLessThanOrEqual(3);
    expect(pages.length).toBeLessThanOrEqual(10);
  });

  it('shows every Summary total, and the period as its first and last day, on the first page', async () => {
    const wb = await readWorkbook(await month.exportMarch('en'));
    const rows = summaryRows(sheet(wb, 'Summary'));
    const first = pages[0]!;
    const labels = [
      'Subtotal (per second)',
      'Subtotal (10-minute slices)',
      'Difference',
      'Credits applied',
      'Net before tax',
      'VAT',
      'Total',
      'Billed total (provider)',
      'Variance',
    ];
    const invoice = (await month.core.call('lines.list', { period: '2021-03', ownerId: month.ownerId, limit: 1 })).invoice;
    const figures: Record<string, string> = {
      'Subtotal (per second)': invoice.subtotalPerSecond,
      'Subtotal (10-minute slices)': invoice.subtotalLegacy,
      Difference: invoice.difference,
      'Credits applied': invoice.creditsApplied,
      'Net before tax': invoice.netBeforeTax,
      VAT: invoice.vat,
      Total: invoice.total,
      'Billed total (provider)': invoice.billedTotal,
      Variance: invoice.variance,
    };
    for (const label of labels) {
      expect(rows.has(label), label).toBe(true);
      const line = first.split('\n').find((l) => l.trim().startsWith(`${label} `) && !l.includes('%'));
      expect(line, label).toBeDefined();
      expect(line!.trim().endsWith(shownEur(figures[label]!)), `${label}: ${line}`).toBe(true);
    }
    expect(first).toMatch(/Period start\s+2021-03-01/);
    expect(first).toMatch(/Period end\s+2021-03-31/);
    expect(first).not.toContain('2021-04-01');
  });

  it('repeats the header row on every page of a sheet, and prints nothing of another customer', () => {
    const details = pages.filter((t) => t.includes('Details · 2021-03-01'));
    expect(details.length).toBeGreaterThan(1);
    for (const text of details) expect(text).toMatch(/Line\s+Item ID\s+Instance ID\s+Price item/);
    expect(pdfText(pdf)).not.toMatch(/other-customer|Confidential/);
  });
});
