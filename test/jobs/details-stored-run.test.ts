// Line detail and the workbook's Details are rated from the stored run: its time zone, its
// granularity and the catalogs it saw. Settings changed and a catalog imported after rating must
// not make them disagree with the stored lines they explain (the export rates such a stale period
// again first; its Details then agree with the new run).
import fs from 'node:fs';
import path from 'node:path';
import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { isTimeSliced } from '../../shared/kinds';
import type { LineRow } from '../../shared/contract/api';
import { allLines } from '../../electron/core/jobs/lines';
import { SAMPLE_DIR, expectedSample, importSample, openTestCore, tempDir, type TestCore } from '../api/helpers';
import { readWorkbook, sheet } from '../export/xlsx-helpers';

const PERIOD = '2021-03';
const { ownerId } = expectedSample();

/** The sample catalog again, every hourly price doubled: a newer catalog that would win. */
function dearerCatalog(dir: string): string {
  const cat = JSON.parse(fs.readFileSync(path.join(SAMPLE_DIR, 'catalog-2021.json'), 'utf8')) as { runtime: { price: number }[] };
  for (const r of cat.runtime) r.price = r.price * 2;
  const file = path.join(dir, 'catalog-dearer.json');
  fs.writeFileSync(file, JSON.stringify(cat));
  return file;
}

/** Column number (1-based) of each header cell of row 1. */
function columns(ws: ExcelJS.Worksheet): Map<string, number> {
  const out = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => out.set(String(cell.value), col));
  return out;
}

const sumSeconds = (xs: { billableSeconds: number }[]) => xs.reduce((n, d) => n + d.billableSeconds, 0);

describe('details of a stored run, after the settings and the catalogs changed', () => {
  let core: TestCore;
  let timed: LineRow[];
  beforeAll(async () => {
    core = openTestCore();
    await importSample(core);
    await core.call('rate.run', { period: PERIOD });
    timed = allLines(core.db, ownerId, PERIOD).filter((l) => isTimeSliced(l.kind) && l.instances > 0);
    // After rating: another time zone (the month's bounds move by hours), another legacy slice,
    // and a newer catalog at twice the prices.
    await core.call('settings.update', { timeZone: 'Pacific/Kiritimati', granularitySeconds: 3600 });
    const r = await core.call('import.commit', { files: [dearerCatalog(tempDir())] });
    expect(r.results.every((x) => x.ok)).toBe(true);
    const ov = await core.call('workspace.overview', {});
    expect(ov.periods.find((p) => p.ownerId === ownerId && p.period === PERIOD)?.stale).toBe(true);
  });
  afterAll(() => core.close());

  it("line detail: each line's details add up to its stored seconds and amounts", async () => {
    expect(timed.length).toBeGreaterThan(3);
    let cut = 0; // details cut at the month's bounds: those a time zone change would move
    for (const line of timed) {
      const d = await core.call('lines.detail', { period: PERIOD, ownerId, lineKey: line.key });
      expect(d.detailsTotal, line.key).toBe(d.details.length);
      cut += d.details.filter((x) => x.cut).length;
      expect(sumSeconds(d.details), line.key).toBe(line.billableSeconds);
      const exact = d.details.reduce((s, x) => s.plus(x.exactAmount), new Decimal(0));
      expect(exact.toFixed(2, Decimal.ROUND_HALF_UP), line.key).toBe(line.amountPerSecond);
      const legacy = d.details.reduce((s, x) => s.plus(x.exactLegacyAmount), new Decimal(0));
      expect(legacy.toFixed(2, Decimal.ROUND_HALF_UP), line.key).toBe(line.amountLegacy);
    }
    expect(cut).toBeGreaterThan(0);
  });

  it("workbook: the Details rows of each line add up to the Lines sheet's seconds and amounts", async () => {
    const out = path.join(tempDir(), 'after-changes.xlsx');
    // The export rates the stale period again first: its Details agree with the new run's lines.
    const r = await core.call('export.workbook', { period: PERIOD, ownerId, out });
    expect(r.refreshed).toBe('files were imported since it was rated');
    const timed = allLines(core.db, ownerId, PERIOD).filter((l) => isTimeSliced(l.kind) && l.instances > 0);
    const wb = await readWorkbook(out);
    const details = sheet(wb, 'Details');
    const c = columns(details);
    const perLine = new Map<number, { seconds: number; amount: Decimal }>();
    details.eachRow((row, n) => {
      if (n === 1) return;
      const lineNo = Number(row.getCell(c.get('Line')!).value);
      const acc = perLine.get(lineNo) ?? { seconds: 0, amount: new Decimal(0) };
      acc.seconds += Number(row.getCell(c.get('Billable seconds')!).value);
      acc.amount = acc.amount.plus(Number(row.getCell(c.get('Amount (exact)')!).value));
      perLine.set(lineNo, acc);
    });
    expect([...perLine.keys()].sort((a, b) => a - b)).toEqual(timed.map((l) => l.lineNo));
    for (const line of timed) {
      const got = perLine.get(line.lineNo)!;
      expect(got.seconds, line.key).toBe(line.billableSeconds);
      expect(got.amount.toFixed(2, Decimal.ROUND_HALF_UP), line.key).toBe(line.amountPerSecond);
    }
  });
});
