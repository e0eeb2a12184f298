// The Disputes sheet, through the core on a real workspace file and read back from the xlsx: the
// disputed lines with their figures, the reason (a text, never a formula), who disputed them and
// when, the evidence (intervals, seconds, span, usage and invoice files), the total claimed as a
// formula, and the print set-up of every sheet. No Disputes sheet without a disputed line.
import Decimal from 'decimal.js';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedSample, importSample, openTestCore, tempDir, type TestCore } from '../api/helpers';
import { DISPUTES_HEADER } from '../../electron/core/export/workbook/sheets/disputes';
import { rawCell, rawSheets, readWorkbook, rowValues, sheet } from './xlsx-helpers';

const expected = expectedSample();
const owner = expected.ownerId;
const period = '2021-03';
const REASON = '=HYPERLINK("http://x","click") billed 3.00 more than the usage';

describe('Disputes sheet', () => {
  let core: TestCore;
  const exportTo = async (name: string) => {
    const file = path.join(tempDir(), name);
    await core.call('export.workbook', { period, ownerId: owner, out: file });
    return file;
  };

  beforeAll(async () => {
    core = openTestCore();
    await importSample(core);
    await core.call('rate.run', { period });
  });

  it('is absent while no line is disputed', async () => {
    const wb = await readWorkbook(await exportTo('none.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Lines', 'Details', 'Credits', 'Audit']);
  });

  it('lists the disputed lines with figures, reason and evidence, and the total claimed', async () => {
    const lines = (await core.call('lines.list', { period, ownerId: owner, limit: 5000 })).rows;
    const over = lines.find((l) => l.status === 'over_billed')!;
    const unexplained = lines.find((l) => l.status === 'unexplained_charge')!;
    await core.call('lines.setReview', { period, ownerId: owner, lineKeys: [over.key], state: 'disputed', reason: REASON });
    await core.call('lines.setReview', { period, ownerId: owner, lineKeys: [unexplained.key], state: 'disputed', reason: 'Not ours: no such add-on' });
    const detail = await core.call('lines.detail', { period, ownerId: owner, lineKey: over.key });

    const file = await exportTo('disputes.xlsx');
    const wb = await readWorkbook(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Lines', 'Details', 'Credits', 'Audit', 'Disputes']);
    const ws = sheet(wb, 'Disputes');
    expect(rowValues(ws, 1)).toEqual([...DISPUTES_HEADER]);
    const col = (name: (typeof DISPUTES_HEADER)[number]) => DISPUTES_HEADER.indexOf(name) + 1;
    const r = ws.getRow(2);
    expect(r.getCell(col('Line')).value).toBe(over.lineNo);
    expect(r.getCell(col('Item ID')).value).toBe(over.itemId);
    expect(r.getCell(col('Price item')).value).toBe(over.priceItem);
    expect(r.getCell(col('Amount (per second)')).value).toBe(Number(over.amountPerSecond));
    expect(r.getCell(col('Billed amount')).value).toBe(Number(over.billed));
    expect(r.getCell(col('Variance')).value).toBe(Number(over.variance));
    expect(r.getCell(col('Status')).value).toBe('Over-billed');
    expect(r.getCell(col('Reason')).value).toBe(REASON);
    expect(r.getCell(col('Disputed by')).value).toBe(detail.review!.actor);
    expect(r.getCell(col('Disputed at')).value).toBeInstanceOf(Date);
    expect(r.getCell(col('Intervals')).value).toBe(detail.detailsTotal);
    expect(r.getCell(col('Billable seconds')).value).toBe(over.billableSeconds);
    const starts = detail.details.map((d) => d.start);
    const first = r.getCell(col('First start')).value as Date;
    expect(first).toBeInstanceOf(Date);
    expect(r.getCell(col('Last end')).value).toBeInstanceOf(Date);
    expect(starts.length).toBeGreaterThan(0);
    expect(r.getCell(col('Differing intervals')).value).toBe(detail.intervalComparison!.differing);
    expect(detail.intervalComparison!.differing).toBeGreaterThan(0);
    const which = String(r.getCell(col('Which intervals')).value).split('\n');
    expect(which).toHaveLength(detail.intervalComparison!.differing);
    expect(which[0]).toMatch(/^\S+ 2021-03-\d\d \d\d:\d\d:\d\d: billed [\d.]+, recomputed [\d.]+ \(invoice-2021-03\.json \S+\)$/);
    expect(String(r.getCell(col('Usage files')).value)).toBe('usage-2021-03.csv');
    expect(String(r.getCell(col('Invoice files')).value)).toBe('invoice-2021-03.json');

    const u = ws.getRow(3);
    expect(u.getCell(col('Line')).value).toBe(unexplained.lineNo);
    expect(u.getCell(col('Status')).value).toBe('Unexplained charge');
    expect(u.getCell(col('Intervals')).value).toBe(0);
    expect(u.getCell(col('Usage files')).value).toBe('none');
    expect(u.getCell(col('Differing intervals')).value ?? null).toBeNull();
    expect(String(u.getCell(col('Invoice files')).value)).toBe('invoice-2021-03.json');

    // A blank row, then the total claimed: a formula whose stored result is the exact sum.
    expect(ws.getRow(4).getCell(1).value ?? null).toBeNull();
    const total = ws.getRow(5);
    expect(total.getCell(1).value).toBe('Total claimed (variance)');
    const cell = total.getCell(col('Variance')).value as { formula: string; result: number };
    expect(cell.formula).toBe(`ROUND(SUM(H2:H3),2)`);
    expect(cell.result).toBe(Number(new Decimal(over.variance).plus(unexplained.variance).toFixed(2)));

    // The reason is a string cell, never a formula; the sheet prints like the others.
    const raw = (await rawSheets(file)).get('Disputes')!;
    expect(rawCell(raw, 'J2')).not.toContain('<f>');
    // The duration in days, shown [h]:mm:ss.
    expect(Number(/<v>([^<]+)<\/v>/.exec(rawCell(raw, 'O2'))![1])).toBeCloseTo(over.billableSeconds / 86_400, 10);
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
    // The owner by its name (the sample invoice's company), then its id.
    expect(ws.headerFooter.oddFooter).toBe(`&LAtelier Lumen SAS (${owner})&C&A · 2021-03-01 – 2021-03-31&RPage &P of &N`);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe(`A1:U3`);
  });

  it('drops a line once it is no longer disputed (approved as billed, or resolved)', async () => {
    const disputed = (await core.call('lines.list', { period, ownerId: owner, reviews: ['disputed'] })).rows;
    await core.call('lines.setReview', { period, ownerId: owner, lineKeys: [disputed[1]!.key], state: 'approved' });
    const ws = sheet(await readWorkbook(await exportTo('one.xlsx')), 'Disputes');
    expect(ws.getRow(2).getCell(1).value).toBe(disputed[0]!.lineNo);
    expect(ws.getRow(3).getCell(1).value ?? null).toBeNull();
  });
});
