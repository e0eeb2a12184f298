// The tolerance as an amount and a percentage of the billed amount (SPEC 4), through the core on a
// real workspace file: a setting (audited), used by every reconciliation, a one-off on reconcile,
// a stale period when it changes, stated in the workbook's Summary; and on the command line.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../electron/cli/main';
import { readWorkbook, sheet, summaryRows } from '../export/xlsx-helpers';
import { expectedSample, importSample, openTestCore, tempDir, type TestCore } from './helpers';

const expected = expectedSample();
const owner = expected.ownerId;
const period = '2021-03';

describe('tolerance amount and percentage', () => {
  let core: TestCore;
  const over = async () => (await core.call('lines.list', { period, ownerId: owner, limit: 5000 })).rows.find((l) => l.variance === '3.00')!;
  const summary = async () => (await core.call('workspace.overview', {})).periods.find((p) => p.ownerId === owner && p.period === period)!;

  beforeAll(async () => {
    core = openTestCore();
    await importSample(core);
    await core.call('rate.run', { period });
  });

  it('an amount large enough makes the 3.00 line a match; a percentage as well must hold too', async () => {
    expect((await over()).status).toBe('over_billed');
    await core.call('settings.update', { tolerance: '5' });
    expect((await summary()).stale).toBe(true);
    await core.call('reconcile.run', { period, ownerId: owner });
    expect((await over()).status).toBe('match');

    await core.call('settings.update', { tolerancePercent: '1' });
    expect((await summary()).stale).toBe(true);
    await core.call('reconcile.run', { period, ownerId: owner });
    const line = await over();
    expect(line.status).toBe('over_billed'); // 3.00 > 1 % of what was billed
    expect((await summary()).stale).toBe(false);

    const log = (await core.call('audit.list', { limit: 1000 })).entries.filter((e) => e.action === 'settings');
    expect(JSON.parse(log[0]!.detail)).toEqual({ tolerancePercent: { from: null, to: '1' } });
    expect(JSON.parse(log[1]!.detail)).toEqual({ tolerance: { from: '0.01', to: '5' } });
    await expect(core.call('settings.update', { tolerancePercent: '-1' })).rejects.toThrow(/cannot be negative/);
  });

  it('reconcile takes a one-off percentage (or none) beside the workspace amount', async () => {
    await core.call('reconcile.run', { period, ownerId: owner, tolerancePercent: null });
    expect((await over()).status).toBe('match');
    expect((await summary()).stale).toBe(true); // not the workspace's
    await core.call('reconcile.run', { period, ownerId: owner, tolerancePercent: '10' });
    expect((await over()).status).toBe('match'); // 3.00 within 5 and within 10 % of ~45
  });

  it('the workbook states the tolerance its statuses were reconciled with', async () => {
    const file = path.join(tempDir(), 'tol.xlsx');
    await core.call('export.workbook', { period, ownerId: owner, out: file }); // stale: reconciled again with the workspace's
    const rows = summaryRows(sheet(await readWorkbook(file), 'Summary'));
    expect(rows.get('Tolerance')!.cell.value).toBe(5);
    expect(rows.get('Tolerance (% of billed)')!.cell.value).toBe(1);
    expect((await over()).status).toBe('over_billed');
    await core.call('settings.update', { tolerancePercent: null });
    await core.call('export.workbook', { period, ownerId: owner, out: file });
    expect(summaryRows(sheet(await readWorkbook(file), 'Summary')).get('Tolerance (% of billed)')!.cell.value).toBe('none');
  });

  it('slicewise reconcile --tolerance X --tolerance-percent P says the tolerance it applied', async () => {
    const lines: string[] = [];
    const say = (s: string) => lines.push(s);
    expect(await run(['reconcile', '--period', period, '--tolerance', '5', '--tolerance-percent', '1', '--db', core.dbPath], say)).toBe(0);
    const out = lines.join('\n');
    expect(out).toContain('tolerance: 5 and 1 % of the billed amount (a line matches within both)');
    expect(out).toMatch(/over_billed/);
    lines.length = 0;
    expect(await run(['reconcile', '--period', period, '--tolerance', '5', '--tolerance-percent', 'none', '--db', core.dbPath], say)).toBe(0);
    expect(lines.join('\n')).toContain('tolerance: 5 (a line matches within it)');
  });
});
