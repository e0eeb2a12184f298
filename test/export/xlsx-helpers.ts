// Reading an exported workbook back: exceljs's (non-streaming) reader, and the raw sheet XML
// through jszip (a dependency of exceljs) for what a reader could paper over.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { D } from '../../shared/money';

export async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

export function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** The values of a row, column 1 first. */
export function rowValues(ws: ExcelJS.Worksheet, row: number): unknown[] {
  const v = ws.getRow(row).values as unknown[];
  return v.slice(1);
}

/** Summary rows by field label (the first occurrence), with their row number. */
export function summaryRows(ws: ExcelJS.Worksheet): Map<string, { row: number; cell: ExcelJS.Cell }> {
  const out = new Map<string, { row: number; cell: ExcelJS.Cell }>();
  ws.eachRow((row, n) => {
    const key = row.getCell(1).value;
    if (n > 1 && typeof key === 'string' && !out.has(key)) out.set(key, { row: n, cell: row.getCell(2) });
  });
  return out;
}

/** A number cell as a decimal string with `places` decimals (to compare with exact figures). */
export function asMoney(value: unknown, places: number): string {
  if (typeof value !== 'number') throw new Error(`expected a number, got ${JSON.stringify(value)}`);
  return new D(value).toFixed(places);
}

/** Raw XML of every sheet, by sheet name, from the zip itself. */
export async function rawSheets(file: string): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const workbook = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)) targets.set(m[1]!, m[2]!);
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)) {
    const target = targets.get(m[2]!)!.replace(/^\/?(xl\/)?/, '');
    out.set(m[1]!, await zip.file(`xl/${target}`)!.async('string'));
  }
  return out;
}

/** The XML of one cell (`<c r="D2" ...>...</c>`) in a sheet's XML. */
export function rawCell(sheetXml: string, address: string): string {
  const m = new RegExp(`<c r="${address}"(?:\\s[^>]*)?(?:/>|>[\\s\\S]*?</c>)`).exec(sheetXml);
  if (!m) throw new Error(`no cell ${address}`);
  return m[0];
}
