// Who a change is by: never the system's user name. With nobody named (no --actor, no
// SLICEWISE_ACTOR, no workspace actor) a command that writes is refused with one line saying how to
// name oneself, and nothing is written; --actor names this command's author; `slicewise settings
// --actor` names the workspace's, audited.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleFiles, tempDir } from '../api/helpers';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'slicewise.cjs');

function cli(args: string[], actor?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, SLICEWISE_DB: '' };
  delete env.SLICEWISE_ACTOR;
  if (actor) env.SLICEWISE_ACTOR = actor;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const actors = (db: string) => {
  const raw = new Database(db, { readonly: true });
  try {
    return raw.prepare('SELECT actor, action FROM audit_log ORDER BY seq').all() as { actor: string; action: string }[];
  } finally {
    raw.close();
  }
};

describe('the actor of a change', () => {
  const db = path.join(tempDir('slicewise-cli-actor-'), 'w.sqlite');
  const catalog = sampleFiles().find((f) => f.includes('catalog'))!;
  const usage = sampleFiles().find((f) => f.includes('usage-2021-03'))!;

  beforeAll(() => {
    spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-node.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  });

  it('with nobody named, a writing command fails saying how to name oneself, and writes nothing', () => {
    const r = cli(['import', catalog, '--db', db]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^slicewise: .*Nobody is named as the author of this change.*--actor "Your Name".*slicewise settings --actor "Your Name"/);
    expect(actors(db)).toEqual([]);
    expect(cli(['settings', '--db', db]).stdout).toContain('actor: (nobody named: pass --actor NAME)');
    expect(os.userInfo().username).not.toBe('');
    expect(cli(['settings', '--db', db]).stdout).not.toContain(`actor: ${os.userInfo().username}`);
  });

  it('--actor names the author of this command; SLICEWISE_ACTOR too', () => {
    expect(cli(['import', catalog, usage, '--db', db, '--actor', 'Alice Martin']).code).toBe(0);
    expect(cli(['rate', '--period', '2021-03', '--db', db], 'Bob').code).toBe(0);
    expect(actors(db).map((a) => [a.actor, a.action])).toEqual([
      ['Alice Martin', 'import'],
      ['Alice Martin', 'import'],
      ['Bob', 'rate'],
      ['Bob', 'reconcile'],
    ]);
  });

  it("slicewise settings --actor names the workspace's author, audited; an empty name is refused", () => {
    const r = cli(['settings', '--actor', 'Chloé Durand', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('actor: Chloé Durand');
    const log = actors(db);
    expect(log.at(-1)).toEqual({ actor: 'Chloé Durand', action: 'settings' });
    expect(cli(['rate', '--period', '2021-03', '--db', db]).code).toBe(0);
    expect(actors(db).at(-1)!.actor).toBe('Chloé Durand');
    const empty = cli(['settings', '--actor', '  ', '--db', db]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/name cannot be empty/);
  });
});
