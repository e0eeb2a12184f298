// Exports are never stale: exporting a period whose stored rating is missing or out of date
// (files imported, a setting changed since) rates and reconciles it first, in the export's
// transaction, and says why; the workbook's Lines, Details and totals are then the run stored,
// the one the invoice screen and the line detail read. Through the core and the CLI.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../electron/cli/main';
import { expectedSample, importSample, openTestCore, sampleFiles, tempDir, type TestCore } from '../api/helpers';
import { USAGE_HEADER, usageRow } from '../import/helpers';
import { readWorkbook, sheet, summaryRows } from './xlsx-helpers';

const PERIOD = '2021-03';
const { ownerId } = expectedSample();

/** One more running instance of the sample's shop-frontend in March: the recomputed total grows. */
function extraUsage(dir: string): string {
  const file = path.join(dir, 'late-usage-2021-03.csv');
  const row = usageRow({
    owner_id: ownerId,
    item_type: 'uptime',
    item_id: 'app_5e0c3f9a-1b2d-4e8f-a7c6-0d9e8f7a6b51',
    item_name: 'shop-frontend',
    instance_id: 'late-instance-1',
    price_id: 'apps.XS',
    flavor_name: 'XS',
    zone_id: 'par',
    consumption_start: '2021-03-10T10:00:00+01:00',
    consumption_end: '2021-03-12T10:00:00+01:00',
  });
  fs.writeFileSync(file, `${USAGE_HEADER}\n${row}\n`);
  return file;
}

const actions = async (core: TestCore) => (await core.call('audit.list', { limit: 1000 })).entries.map((e) => e.action).reverse();
/** A Summary total: a formula, with its result stored. */
const summaryFigure = async (file: string, key: string) =>
  (summaryRows(sheet(await readWorkbook(file), 'Summary')).get(key)!.cell.value as { result: number }).result;

describe('exporting a stale period', () => {
  let core: TestCore;
  let dir: string;
  beforeEach(async () => {
    dir = tempDir('slicewise-stale-');
    core = openTestCore(path.join(dir, 'w.sqlite'));
    await importSample(core);
  });

  it('rates and reconciles a period never rated, then exports it', async () => {
    const out = path.join(dir, 'never.xlsx');
    const r = await core.call('export.workbook', { period: PERIOD, ownerId, out });
    expect(r.refreshed).toBe('it was never rated');
    expect((await actions(core)).slice(-3)).toEqual(['rate', 'reconcile', 'export']);
    expect(String(await summaryFigure(out, 'Total'))).toBe(expectedSample().periods[PERIOD]!.totals.total);
  });

  it('rates and reconciles again after an import, and the workbook, the lines and the line detail agree with the new run', async () => {
    await core.call('rate.run', { period: PERIOD });
    const before = (await core.call('lines.list', { period: PERIOD, ownerId, limit: 1 })).invoice.subtotalPerSecond;
    await core.call('import.commit', { files: [extraUsage(dir)] });
    expect((await core.call('workspace.overview', {})).periods.find((p) => p.ownerId === ownerId && p.period === PERIOD)!.stale).toBe(true);

    const out = path.join(dir, 'after-import.xlsx');
    const r = await core.call('export.workbook', { period: PERIOD, ownerId, out });
    expect(r.refreshed).toBe('files were imported since it was rated');
    const list = await core.call('lines.list', { period: PERIOD, ownerId, limit: 5000 });
    expect(list.invoice.subtotalPerSecond).not.toBe(before);
    expect(String(await summaryFigure(out, 'Subtotal (per second)'))).toBe(list.invoice.subtotalPerSecond);
    expect(String(await summaryFigure(out, 'Total'))).toBe(list.invoice.total);
    expect((await core.call('workspace.overview', {})).periods.find((p) => p.ownerId === ownerId && p.period === PERIOD)!.stale).toBe(false);

    // The line that gained the instance: Lines, Details and the line detail give the same seconds.
    const wb = await readWorkbook(out);
    const line = list.rows.find((l) => l.itemName === 'shop-frontend' && l.kind === 'application')!;
    const detail = await core.call('lines.detail', { period: PERIOD, ownerId, lineKey: line.key });
    expect(detail.details.some((d) => d.instanceId === 'late-instance-1')).toBe(true);
    let seconds = 0;
    let late = 0;
    sheet(wb, 'Details').eachRow((row, n) => {
      if (n === 1 || row.getCell(1).value !== line.lineNo) return;
      seconds += Number(row.getCell(7).value);
      if (row.getCell(3).value === 'late-instance-1') late++;
    });
    expect(late).toBeGreaterThan(0);
    expect(seconds).toBe(line.billableSeconds);
    expect(detail.details.reduce((n, d) => n + d.billableSeconds, 0)).toBe(line.billableSeconds);
    // Rated, reconciled, then exported: in this order, in one transaction.
    expect((await actions(core)).slice(-4)).toEqual(['import', 'rate', 'reconcile', 'export']);
  });

  it('rates again after a setting the rating used changed, and reconciles again after the tolerance changed', async () => {
    await core.call('rate.run', { period: PERIOD });
    await core.call('settings.update', { timeZone: 'UTC' });
    const a = await core.call('export.workbook', { period: PERIOD, ownerId, out: path.join(dir, 'utc.xlsx') });
    expect(a.refreshed).toBe('the time zone changed since it was rated (Europe/Paris, now UTC)');
    await core.call('settings.update', { tolerance: '0.50' });
    const b = await core.call('export.workbook', { period: PERIOD, ownerId, out: path.join(dir, 'tolerance.xlsx') });
    expect(b.refreshed).toBe("it was reconciled with a tolerance of 0.01, the workspace's is 0.50");
    await core.call('settings.update', { tolerance: '0.5' }); // the same amount, written otherwise
    const c = await core.call('export.workbook', { period: PERIOD, ownerId, out: path.join(dir, 'same.xlsx') });
    expect(c.refreshed).toBeNull();
  });

  it('exports a current period as it is stored, without rating it again', async () => {
    await core.call('rate.run', { period: PERIOD });
    const entries = (await actions(core)).length;
    const r = await core.call('export.workbook', { period: PERIOD, ownerId, out: path.join(dir, 'current.xlsx') });
    expect(r.refreshed).toBeNull();
    expect((await actions(core)).slice(entries)).toEqual(['export']);
  });

  it('rates again a FOCUS period whose total an earlier version rounded to the cent, then exports it', async () => {
    const focus = { period: '2021-05', ownerId: '381492750163:USD' };
    await core.call('rate.run', focus);
    // What an earlier version stored: the exact lines, their total rounded to the cent.
    const db = new Database(path.join(dir, 'w.sqlite'));
    const row = db.prepare('SELECT id, invoice_json FROM rating_runs WHERE owner_id = ? AND period = ?').get(focus.ownerId, focus.period) as {
      id: number;
      invoice_json: string;
    };
    const inv = JSON.parse(row.invoice_json) as Record<string, unknown>;
    expect(inv.subtotalPerSecond).toBe('381.37544');
    for (const k of ['subtotalPerSecond', 'subtotalLegacy', 'netBeforeTax', 'total']) inv[k] = '381.38';
    db.prepare('UPDATE rating_runs SET invoice_json = ? WHERE id = ?').run(JSON.stringify(inv), row.id);
    db.close();
    const reason = 'its total was rounded to the cent by an earlier version, FOCUS totals are exact now';
    const stale = (await core.call('workspace.overview', {})).periods.find((p) => p.ownerId === focus.ownerId && p.period === focus.period)!;
    expect(stale).toMatchObject({ stale: true });
    const out = path.join(dir, 'focus.xlsx');
    const r = await core.call('export.workbook', { ...focus, out });
    expect(r.refreshed).toBe(reason);
    expect(await summaryFigure(out, 'Subtotal (per second)')).toBe(381.37544);
    const now = (await core.call('workspace.overview', {})).periods.find((p) => p.ownerId === focus.ownerId && p.period === focus.period)!;
    expect(now).toMatchObject({ stale: false, subtotalPerSecond: '381.37544', variance: '0.00' });
  });

  it('refuses an owner with nothing in the period, naming it, and writes nothing', async () => {
    const out = path.join(dir, 'nobody.xlsx');
    await expect(core.call('export.workbook', { period: PERIOD, ownerId: 'orga_nobody', out })).rejects.toThrow(
      /not_found: No usage.* for owner orga_nobody in 2021-03/,
    );
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('the CLI export of a stale period', () => {
  it('says it rates and reconciles first, and why', async () => {
    const dir = tempDir('slicewise-stale-cli-');
    const db = path.join(dir, 'w.sqlite');
    const say: string[] = [];
    const cli = (args: string[]) => run([...args, '--db', db], (s) => say.push(s));
    expect(await cli(['import', ...sampleFiles()])).toBe(0);
    expect(await cli(['rate', '--period', PERIOD])).toBe(0);
    expect(await cli(['import', extraUsage(dir)])).toBe(0);
    say.length = 0;
    const out = path.join(dir, 'march.xlsx');
    expect(await cli(['export', '--period', PERIOD, '--out', out])).toBe(0);
    expect(say[0]).toBe(`rated and reconciled ${ownerId} ${PERIOD} first: files were imported since it was rated`);
    expect(say[1]).toMatch(/^wrote .*march\.xlsx/);
    say.length = 0;
    expect(await cli(['export', '--period', PERIOD, '--out', out])).toBe(0);
    expect(say[0]).toMatch(/^wrote /); // current now: nothing said
  });
});
