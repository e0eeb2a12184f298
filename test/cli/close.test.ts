// Month-end close through the real `slicewise` launcher: close refused while lines are unreviewed,
// close, an import into the closed month refused (exit 1, one line naming the lock, nothing
// written), rate and reconcile refused, export of the closed result, reopen refused without a
// reason then done with one, and the audit entries of it all.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../electron/cli/main';
import { expectedSample, openTestCore, sampleFiles, tempDir } from '../api/helpers';
import { readWorkbook, sheet, summaryRows } from '../export/xlsx-helpers';
import { USAGE_HEADER, usageRow } from '../import/helpers';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'slicewise.cjs');
const PERIOD = '2021-03';
const { ownerId } = expectedSample();

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, SLICEWISE_DB: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function withCore<T>(db: string, f: (core: ReturnType<typeof openTestCore>) => Promise<T>): Promise<T> {
  const core = openTestCore(db);
  try {
    return await f(core);
  } finally {
    core.close();
  }
}

describe('slicewise close and reopen', () => {
  const dir = tempDir('slicewise-cli-close-');
  const db = path.join(dir, 'w.sqlite');

  beforeAll(() => {
    spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-node.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  });

  it('has help for close and reopen', async () => {
    for (const cmd of ['close', 'reopen']) {
      const lines: string[] = [];
      expect(await run([cmd, '--help'], (s) => lines.push(s))).toBe(0);
      expect(lines.join('\n')).toMatch(new RegExp(`^Usage: slicewise ${cmd} --period YYYY-MM`));
    }
  });

  it('closes a reviewed month, refuses changes to it, exports it closed and reopens it with a reason', async () => {
    expect(cli(['import', ...sampleFiles(), '--db', db]).code).toBe(0);
    expect(cli(['rate', '--period', PERIOD, '--db', db]).code).toBe(0);

    const early = cli(['close', '--period', PERIOD, '--owner', ownerId, '--db', db]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(
      new RegExp(
        `^slicewise: ${ownerId} ${PERIOD} cannot be signed off: \\d+ of its \\d+ lines are unreviewed or changed since review; approve or dispute every line first\\n$`,
      ),
    );

    const lines = await withCore(db, async (core) => {
      const keys = (await core.call('lines.list', { period: PERIOD, ownerId, limit: 5000 })).rows.map((r) => r.key);
      await core.call('lines.setReview', { period: PERIOD, ownerId, lineKeys: keys, state: 'approved' });
      return keys.length;
    });

    // --owner may be left out when the month has one owner.
    const closed = cli(['close', '--period', PERIOD, '--db', db]);
    expect(closed.stderr).toBe('');
    expect(closed.code).toBe(0);
    expect(closed.stdout).toMatch(
      new RegExp(`^closed ${ownerId} ${PERIOD}: ${lines} lines signed off by .+ on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(audit entry \\d+\\)$`, 'm'),
    );
    expect(closed.stdout).toMatch(/^audit head \d+:[0-9a-f]{64}$/m);

    // An import with rows in the closed month: refused, one line naming the lock and how to reopen.
    const late = path.join(dir, 'late-march.csv');
    fs.writeFileSync(
      late,
      `${USAGE_HEADER}\n${usageRow({
        owner_id: ownerId,
        item_type: 'uptime',
        item_id: 'app_5e0c3f9a-1b2d-4e8f-a7c6-0d9e8f7a6b51',
        item_name: 'shop-frontend',
        instance_id: 'late-1',
        price_id: 'apps.XS',
        flavor_name: 'XS',
        zone_id: 'par',
        consumption_start: '2021-03-10T10:00:00+01:00',
        consumption_end: '2021-03-12T10:00:00+01:00',
      })}\n`,
    );
    const batches = await withCore(db, async (core) => (await core.call('workspace.overview', {})).batches.length);
    const refused = cli(['import', late, '--db', db]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(refused.stderr).toContain(
      `slicewise: late-march.csv: has rows in a closed period, nothing was imported: ${ownerId} ${PERIOD} is closed (signed off by `,
    );
    expect(refused.stderr).toContain(`slicewise reopen --period ${PERIOD} --owner ${ownerId} --reason`);
    expect(await withCore(db, async (core) => (await core.call('workspace.overview', {})).batches.length)).toBe(batches);

    const rate = cli(['rate', '--period', PERIOD, '--owner', ownerId, '--db', db]);
    expect(rate.code).toBe(1);
    expect(rate.stderr).toMatch(/is closed \(signed off by .+\): rating it again is refused; reopen it first/);
    const rateAll = cli(['rate', '--period', PERIOD, '--db', db]);
    expect(rateAll.code).toBe(0);
    expect(rateAll.stdout).toContain(`not rated: ${ownerId} ${PERIOD} is closed`);
    expect(cli(['reconcile', '--period', PERIOD, '--owner', ownerId, '--tolerance', '3', '--db', db]).stderr).toContain('reconciling it again is refused');
    const recAll = cli(['reconcile', '--period', PERIOD, '--db', db]);
    expect(recAll.code).toBe(0);
    expect(recAll.stdout).toMatch(new RegExp(`^${ownerId} ${PERIOD} is closed \\(signed off by .+ UTC\\): shown as signed off, not reconciled again$`, 'm'));

    const out = path.join(dir, 'closed.xlsx');
    const exp = cli(['export', '--period', PERIOD, '--out', out, '--db', db]);
    expect(exp.code).toBe(0);
    expect(exp.stdout).toMatch(new RegExp(`^${ownerId} ${PERIOD} is closed: exported as signed off by .+ on .+ UTC$`, 'm'));
    expect(summaryRows(sheet(await readWorkbook(out), 'Summary')).get('Signed off by')).toBeDefined();

    const noReason = cli(['reopen', '--period', PERIOD, '--db', db]);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toBe('slicewise: reopen: --reason is required (why the sign-off is lifted; it is audited)\n');
    const reopened = cli(['reopen', '--period', PERIOD, '--reason', 'credit note CN-7 arrived', '--db', db]);
    expect(reopened.code).toBe(0);
    expect(reopened.stdout).toMatch(new RegExp(`^reopened ${ownerId} ${PERIOD} \\(by .+, audit entry \\d+\\): credit note CN-7 arrived$`, 'm'));
    expect(cli(['import', late, '--db', db]).code).toBe(0);

    const audit = await withCore(db, async (core) => (await core.call('audit.list', { limit: 1000 })).entries.reverse());
    const mine = audit.filter((e) => e.subject === `${ownerId} ${PERIOD}` && (e.action === 'close' || e.action === 'reopen'));
    expect(mine.map((e) => e.action)).toEqual(['close', 'reopen']);
    expect(JSON.parse(mine[1]!.detail)).toMatchObject({ reason: 'credit note CN-7 arrived', closeEntry: mine[0]!.seq });
    expect(cli(['audit', 'verify', '--db', db]).code).toBe(0);
  });
});
