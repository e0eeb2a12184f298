// The `slicewise` command: in-process for behaviour, and the real launcher for exit codes and stderr.
import { beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { run } from '../../electron/cli/main';
import { expectedSample, sampleFiles, tempDir } from '../api/helpers';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'slicewise.cjs');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, SLICEWISE_DB: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('slicewise CLI', () => {
  const dir = tempDir('slicewise-cli-');
  const db = path.join(dir, 'w.sqlite');
  const expected = expectedSample();

  beforeAll(() => {
    // The launcher builds dist/cli.cjs itself when it is missing; build once here so the timing is predictable.
    spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-node.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  });

  it('prints help for every command and exits 0', async () => {
    for (const cmd of ['import', 'rate', 'reconcile', 'export', 'audit']) {
      const lines: string[] = [];
      expect(await run([cmd, '--help'], (s) => lines.push(s))).toBe(0);
      expect(lines.join('\n')).toMatch(new RegExp(`^Usage: slicewise ${cmd}`));
    }
  });

  it('imports, rates, reconciles, exports and verifies through the real launcher', () => {
    const imp = cli(['import', ...sampleFiles(), '--db', db]);
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    expect(imp.stdout.match(/^imported /gm)).toHaveLength(sampleFiles().length);

    expect(cli(['rate', '--period', '2021-03', '--db', db]).code).toBe(0);
    const rec = cli(['reconcile', '--period', '2021-03', '--db', db]);
    expect(rec.code).toBe(0);
    for (const d of expected.discrepancies.filter((x) => x.period === '2021-03')) {
      expect(rec.stdout).toContain(d.status);
      expect(rec.stdout).toContain(d.variance);
    }
    expect(rec.stdout).toContain(expected.periods['2021-03']!.totals.total);

    // --json: the same result for scripts (the demo checks the sample's discrepancies with it).
    const json = cli(['reconcile', '--period', '2021-03', '--json', '--db', db]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as {
      period: string;
      owners: { ownerId: string; total: string; discrepancies: { itemId: string; status: string; variance: string }[] }[];
    };
    expect(parsed.period).toBe('2021-03');
    const mine = parsed.owners.find((o) => o.ownerId === expected.ownerId)!;
    expect(mine.total).toBe(expected.periods['2021-03']!.totals.total);
    expect(mine.discrepancies.map((d) => [d.itemId, d.status, d.variance])).toEqual(
      expected.discrepancies.filter((x) => x.period === '2021-03').map((d) => [d.itemId, d.status, d.variance]),
    );

    const out = path.join(dir, 'out.xlsx');
    const exp = cli(['export', '--period', '2021-03', '--out', out, '--db', db]);
    expect(exp.code).toBe(0);
    expect(fs.statSync(out).size).toBeGreaterThan(1000);

    const ver = cli(['audit', 'verify', '--db', db]);
    expect(ver.code).toBe(0);
    expect(ver.stdout).toMatch(/audit log intact: \d+ entries/);
  });

  it('fails with one line on stderr and a non-zero exit code', () => {
    const again = cli(['import', sampleFiles()[0]!, '--db', db]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/^slicewise: .*already imported/);

    const usage = cli(['rate', '--db', db]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe('slicewise: rate: --period is required (see slicewise rate --help)\n');

    const badPeriod = cli(['rate', '--period', '2021-13', '--db', db]);
    expect(badPeriod.code).toBe(1);
    expect(badPeriod.stderr).toMatch(/^slicewise: rate\.run: period: expected a period YYYY-MM\n$/);

    expect(cli(['frobnicate']).code).toBe(2);
  });

  it('detects a tampered audit log', () => {
    const raw = new Database(db);
    raw.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1").run();
    raw.close();
    const ver = cli(['audit', 'verify', '--db', db]);
    expect(ver.code).toBe(1);
    expect(ver.stderr).toMatch(/^slicewise: audit log is NOT intact: entry 1 .*was edited/);
  });
});
