// The raw row path (export/workbook/raw-rows.ts) writes exactly what exceljs would: the same
// workbook exported with it and without it (every row through exceljs's Row and Cell objects) has
// byte-identical entries, and exceljs and LibreOffice read the same content back from both.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import JSZip from 'jszip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeWorkbook } from '../../electron/core/export/workbook/index';
import { RawRows, xmlEncode } from '../../electron/core/export/workbook/raw-rows';
import type { RatedDetail } from '../../shared/types';
import { eurData, HOSTILE, OCT_START, tempDir } from './fixtures';
import { convert, IN_CI, SOFFICE } from './soffice';
import { readWorkbook } from './xlsx-helpers';

const exceljsUtils = createRequire(import.meta.url)('exceljs/lib/utils/utils.js') as { xmlEncode(s: string): string };

const TEXTS = [HOSTILE.hyperlink, HOSTILE.plus, HOSTILE.minus, HOSTILE.at, 'a&b<c>"d\'e', 'Zürich ✓ 東京 😀', 'line\nbreak', 'inst-1'];

/** Details with every kind of value the sheet holds: texts to escape, no price, sub-millisecond instants, JSON record paths. */
function mixedDetails(n: number): () => Iterable<{ lineNo: number; itemId: string; detail: RatedDetail }> {
  return function* () {
    for (let i = 0; i < n; i++) {
      const sub = i % 7 === 0;
      yield {
        lineNo: 1 + (i % 3),
        itemId: i % 5 === 0 ? TEXTS[i % TEXTS.length]! : 'app_1',
        detail: {
          intervalId: i,
          instanceId: TEXTS[i % TEXTS.length]!,
          priceItem: 'apps.XS',
          start: OCT_START + i * 1_013,
          end: OCT_START + i * 1_013 + 600_000 + (i % 1000),
          ...(sub ? { startSub: '123', endSub: '000456' } : {}),
          cut: false,
          billableSeconds: 600 + (i % 2),
          pricePerHour: i % 11 === 0 ? null : '0.0335',
          exactAmount: i % 13 === 0 ? '-0.00558333333333333333' : '0.00558333333333333333',
          legacySlices: 1,
          exactLegacyAmount: '0.00558333333333333333',
          source: { batchId: 1, file: i % 2 ? 'usage.csv' : 'a & b.json', row: i % 3 ? String(i + 2) : `$.intervals[${i}]` },
        },
      } as { lineNo: number; itemId: string; detail: RatedDetail };
    }
  };
}

async function entries(file: string): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const out = new Map<string, string>();
  for (const name of Object.keys(zip.files).sort()) if (!zip.files[name]!.dir) out.set(name, await zip.file(name)!.async('string'));
  return out;
}

/** The same export twice: with the raw rows, and with every row through exceljs. */
async function bothWays(details: number): Promise<{ raw: string; exceljs: string; rawRows: number }> {
  const dir = tempDir('slicewise-raw-');
  const created = new Date(Date.UTC(2025, 10, 3, 9));
  vi.useFakeTimers({ now: created, toFake: ['Date'] });
  const put = vi.spyOn(RawRows.prototype, 'put');
  const raw = path.join(dir, 'raw.xlsx');
  await writeWorkbook(eurData({ details: mixedDetails(details) }), raw);
  const rawRows = put.mock.calls.length;
  vi.spyOn(RawRows.prototype, 'ready', 'get').mockReturnValue(false);
  const exceljs = path.join(dir, 'exceljs.xlsx');
  await writeWorkbook(eurData({ details: mixedDetails(details) }), exceljs);
  return { raw, exceljs, rawRows };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('raw rows', () => {
  it('encode texts as exceljs does (entities, control characters dropped)', () => {
    const chars = fc.oneof(
      fc.constantFrom('<', '>', '&', '"', "'", '\t', '\n', '\r', '\x00', '\x01', '\x0b', '\x1f', '\x7f', 'é', '😀'),
      fc.string({ maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 20 }), (parts) => {
        const s = parts.join('');
        expect(xmlEncode(s)).toBe(exceljsUtils.xmlEncode(s));
      }),
    );
  });

  it('write a workbook byte for byte identical to exceljs writing every row itself', async () => {
    const { raw, exceljs, rawRows } = await bothWays(2_500);
    expect(rawRows).toBeGreaterThan(1_500); // most Details rows went the raw way (texts with edge white space do not)
    const a = await entries(raw);
    const b = await entries(exceljs);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, xml] of a) expect(xml, name).toBe(b.get(name));
    // And exceljs reads the same cells back from both.
    const [wa, wb] = [await readWorkbook(raw), await readWorkbook(exceljs)];
    expect(wa.worksheets.map((w) => w.name)).toEqual(wb.worksheets.map((w) => w.name));
    for (const ws of wa.worksheets) {
      const other = wb.getWorksheet(ws.name)!;
      expect(ws.rowCount).toBe(other.rowCount);
      ws.eachRow({ includeEmpty: true }, (row, n) => expect(row.values, `${ws.name} row ${n}`).toEqual(other.getRow(n).values));
    }
  });

  it.skipIf(!SOFFICE && !IN_CI)('are read by LibreOffice as the rows exceljs writes', { timeout: 180_000 }, async () => {
    const { raw, exceljs } = await bothWays(300);
    const out = path.join(path.dirname(raw), 'csv');
    fs.mkdirSync(out);
    await convert([raw, exceljs], out, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1');
    const csvs = fs.readdirSync(out).filter((f) => f.startsWith('raw-'));
    expect(csvs).toContain('raw-Details.csv');
    for (const f of csvs) expect(fs.readFileSync(path.join(out, f), 'utf8'), f).toBe(fs.readFileSync(path.join(out, f.replace(/^raw-/, 'exceljs-')), 'utf8'));
    const details = fs.readFileSync(path.join(out, 'raw-Details.csv'), 'utf8').split('\n');
    expect(details.length).toBeGreaterThan(300);
  });
});
