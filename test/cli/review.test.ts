// `slicewise review` and "changed since review" on the terminal: in-process on a real workspace
// file, and the real launcher for a dispute without its reason (exit code 2, one line on stderr).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../electron/cli/main';
import { expectedSample, sampleFiles, tempDir } from '../api/helpers';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'slicewise.cjs');
const expected = expectedSample();
const owner = expected.ownerId;
const APP = 'app_5e0c3f9a-1b2d-4e8f-a7c6-0d9e8f7a6b51';

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await run(args, (s) => lines.push(s));
  return { code, out: lines.join('\n') };
}

describe('slicewise review', () => {
  const dir = tempDir('slicewise-cli-review-');
  const db = path.join(dir, 'w.sqlite');

  beforeAll(async () => {
    spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-node.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    expect((await cli(['import', ...sampleFiles(), '--db', db])).code).toBe(0);
    expect((await cli(['rate', '--period', '2021-03', '--db', db])).code).toBe(0);
  });

  it('refuses a dispute without a reason (launcher: exit 2, one line saying how)', () => {
    const r = spawnSync(process.execPath, [BIN, 'review', '--period', '2021-03', '--line', '1', '--state', 'disputed', '--db', db], {
      encoding: 'utf8',
      cwd: ROOT,
      input: '',
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['slicewise: review: give --reason TEXT']);
  });

  it('disputes with a reason and resolves with the credit note; reconcile shows the review', async () => {
    const rec = await cli(['reconcile', '--period', '2021-03', '--db', db]);
    const over = rec.out.split('\n').find((l) => /over_billed/.test(l) && /^\s*\d+\s/.test(l))!;
    const lineNo = over.trim().split(/\s+/)[0]!;
    const d = await cli(['review', '--period', '2021-03', '--line', lineNo, '--state', 'disputed', '--reason', 'Billed 3.00 more than used', '--db', db]);
    expect(d.code).toBe(0);
    expect(d.out).toMatch(new RegExp(`^line ${lineNo} .*: disputed \\(recomputed [\\d.]+, billed [\\d.]+, over_billed\\)`, 'm'));
    expect(d.out).toMatch(/^audit head \d+:[0-9a-f]{64}$/m);
    await expect(cli(['review', '--period', '2021-03', '--line', lineNo, '--state', 'resolved', '--credit-note', 'AV-42', '--db', db])).rejects.toThrow(
      /--amount X/,
    );
    expect(
      (await cli(['review', '--period', '2021-03', '--line', lineNo, '--state', 'resolved', '--credit-note', 'AV-42', '--amount', '3.00', '--db', db])).code,
    ).toBe(0);
    const after = await cli(['reconcile', '--period', '2021-03', '--db', db]);
    expect(after.out.split('\n').find((l) => l.trim().startsWith(`${lineNo} `))).toMatch(/resolved$/);
    await expect(cli(['review', '--period', '2021-03', '--line', '999', '--state', 'approved', '--db', db])).rejects.toThrow(/no line 999/);
  });

  it('approve, import more usage, re-rate: rate and reconcile list the line as changed since review, with what it was', async () => {
    const list = await cli(['reconcile', '--period', '2021-03', '--json', '--db', db]);
    const lines = (JSON.parse(list.out) as { owners: { ownerId: string; discrepancies: unknown[] }[] }).owners;
    expect(lines.length).toBeGreaterThan(0);
    // The shop-frontend XS line, found by its key.
    const key = `${owner}|application|${APP}|apps.XS`;
    const approved = await cli(['review', '--period', '2021-03', '--line', key, '--state', 'approved', '--db', db]);
    const was = /recomputed ([\d.]+)/.exec(approved.out)![1]!;
    const late = path.join(dir, 'usage-late.csv');
    fs.writeFileSync(
      late,
      'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency\n' +
        `${owner},uptime,${APP},shop-frontend,late-1,apps.XS,XS,par,2021-03-20T10:00:00+01:00,2021-03-20T11:00:00+01:00,,,,,,\n`,
    );
    expect((await cli(['import', late, '--db', db])).code).toBe(0);
    const rated = await cli(['rate', '--period', '2021-03', '--db', db]);
    expect(rated.out).toMatch(new RegExp(`1 line of ${owner} 2021-03 changed since review \\(review it again\\)`));
    const row = rated.out.split('\n').find((l) => l.includes('shop-frontend') && l.includes('apps.XS'))!;
    expect(row).toContain('approved');
    expect(row).toContain(was);
    const rec = await cli(['reconcile', '--period', '2021-03', '--db', db]);
    expect(rec.out).toContain('changed since review');
    const json = JSON.parse((await cli(['reconcile', '--period', '2021-03', '--json', '--db', db])).out) as {
      owners: { ownerId: string; changedSinceReview: number; changedLines: { key: string; changedSinceReview: boolean }[] }[];
    };
    const mine = json.owners.find((o) => o.ownerId === owner)!;
    expect(mine.changedSinceReview).toBe(1);
    expect(mine.changedLines.map((l) => [l.key, l.changedSinceReview])).toEqual([[key, true]]);
  });
});
