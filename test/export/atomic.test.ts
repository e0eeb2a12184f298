// The workbook is written atomically: a temporary file in the same directory, renamed onto the
// destination only when complete. A failure leaves the destination as it was and no temporary file.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../electron/core/export/workbook/index';
import type { WorkbookData } from '../../electron/core/export/workbook/contract';
import type { AuditEntry } from '../../electron/core/store/audit';
import type { RatedDetail } from '../../shared/types';
import { auditChain, eurData, OCT_START, tempDir } from './fixtures';
import { readWorkbook } from './xlsx-helpers';

type DetailRow = { lineNo: number; itemId: string; detail: RatedDetail };

/** Details that fail after `n` rows (the database went away, a rating error...). */
function failingDetails(n: number): () => Iterable<DetailRow> {
  return function* () {
    for (let i = 0; i < n; i++) {
      yield {
        lineNo: 1,
        itemId: 'app_1',
        detail: {
          intervalId: i,
          instanceId: `inst-${i}`,
          priceItem: 'apps.XS',
          start: OCT_START,
          end: OCT_START + 60_000,
          cut: false,
          billableSeconds: 60,
          pricePerHour: '0.0335',
          exactAmount: '0.00055833333333333333',
          legacySlices: 1,
          exactLegacyAmount: '0.00558333333333333333',
          source: { batchId: 1, file: 'usage.csv', row: String(i + 2) },
        },
      };
    }
    throw new Error('details iterator failed midway');
  };
}

function failingAudit(): () => Iterable<AuditEntry> {
  return function* () {
    yield* auditChain(3, OCT_START);
    throw new Error('audit iterator failed');
  };
}

const OLD = 'the previous workbook';

function prepare(existing: boolean) {
  const dir = tempDir('slicewise-atomic-');
  const out = path.join(dir, 'invoice.xlsx');
  if (existing) fs.writeFileSync(out, OLD);
  return { dir, out };
}

describe('atomic workbook writing', () => {
  it('leaves no file at all when the details iterator throws midway', async () => {
    const { dir, out } = prepare(false);
    const data = eurData({ details: failingDetails(15_000) });
    await expect(writeWorkbook(data, out)).rejects.toThrow('details iterator failed midway');
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('keeps the existing file untouched when the export fails, whatever the sheet', async () => {
    for (const data of [eurData({ details: failingDetails(10) }), eurData({ audit: failingAudit() })]) {
      const { dir, out } = prepare(true);
      await expect(writeWorkbook(data, out)).rejects.toThrow(/iterator failed/);
      expect(fs.readFileSync(out, 'utf8')).toBe(OLD);
      expect(fs.readdirSync(dir)).toEqual(['invoice.xlsx']);
    }
  });

  it('fails when a progress callback throws, leaving nothing behind', async () => {
    const { dir, out } = prepare(true);
    const onProgress = () => {
      throw new Error('cancelled by the user');
    };
    await expect(writeWorkbook(eurData(), out, { onProgress })).rejects.toThrow('cancelled by the user');
    expect(fs.readFileSync(out, 'utf8')).toBe(OLD);
    expect(fs.readdirSync(dir)).toEqual(['invoice.xlsx']);
  });

  it('writes into a hidden temporary file next to the destination, and creates the destination only when complete', async () => {
    const { dir, out } = prepare(false);
    const seen: { outExists: boolean; temps: string[] }[] = [];
    const onProgress = () => {
      seen.push({ outExists: fs.existsSync(out), temps: fs.readdirSync(dir).filter((f) => f !== 'invoice.xlsx') });
    };
    await writeWorkbook(eurData(), out, { onProgress });
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) {
      expect(s.outExists).toBe(false);
      expect(s.temps).toHaveLength(1);
      expect(s.temps[0]).toMatch(new RegExp(`^\\.invoice\\.xlsx\\.slicewise-${process.pid}-[0-9a-f]+\\.tmp$`));
    }
    expect(fs.readdirSync(dir)).toEqual(['invoice.xlsx']);
  });

  it('replaces an existing file only on success', async () => {
    const { dir, out } = prepare(true);
    const result = await writeWorkbook(eurData(), out);
    expect(result.file).toBe(out);
    const bytes = fs.readFileSync(out);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(result.bytes).toBe(bytes.length);
    expect(fs.readdirSync(dir)).toEqual(['invoice.xlsx']);
    const wb = await readWorkbook(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Lines', 'Details', 'Credits', 'Audit']);
  });

  it('refuses figures that disagree with their formulas before creating any file', async () => {
    const { dir, out } = prepare(false);
    const good = eurData();
    const bad: WorkbookData = { ...good, invoice: { ...good.invoice, total: '999.99' } };
    await expect(writeWorkbook(bad, out)).rejects.toThrow(/do not agree.*Total is 999\.99/);
    const badLine: WorkbookData = { ...good, lines: good.lines.map((l, i) => (i === 0 ? { ...l, net: '0.01' } : l)) };
    await expect(writeWorkbook(badLine, out)).rejects.toThrow(/Line 1 net amount/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses an unknown time zone before creating any file', async () => {
    const { dir, out } = prepare(false);
    const good = eurData();
    await expect(writeWorkbook({ ...good, invoice: { ...good.invoice, timeZone: 'Mars/Olympus' } }, out)).rejects.toThrow(/Mars\/Olympus/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('fails cleanly when the directory does not exist', async () => {
    const { dir } = prepare(false);
    const out = path.join(dir, 'missing', 'invoice.xlsx');
    await expect(writeWorkbook(eurData(), out)).rejects.toThrow(/ENOENT/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('fails cleanly when the destination is a directory, removing its temporary file', async () => {
    const { dir } = prepare(false);
    const out = path.join(dir, 'invoice.xlsx');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'keep.txt'), 'x');
    await expect(writeWorkbook(eurData(), out)).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual(['invoice.xlsx']);
    expect(fs.readdirSync(out)).toEqual(['keep.txt']);
  });
});
