// The audit head through the command line: printed by every command that writes, stated in the
// exported workbook's Summary, and given back to `audit verify --head N:HASH` or `--against
// WORKBOOK.xlsx`, which find the last entry deleted, every entry deleted, and an edit followed by
// recomputing the chain — none of which the chain alone can see — besides an edited, removed or
// reordered entry.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../electron/cli/main';
import { appendAudit } from '../../electron/core/store/audit';
import { openWorkspace } from '../../electron/core/store/open';
import { sampleFiles, tempDir } from '../api/helpers';
import { summaryRows, readWorkbook, sheet } from '../export/xlsx-helpers';

const ROOT = path.resolve(__dirname, '../..');
const HEAD = /^audit head (\d+):([0-9a-f]{64})$/m;

/** In-process CLI: exit code and what it printed; an error is its one stderr line. */
async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  try {
    const code = await run(args, (s) => lines.push(s));
    return { code, out: lines.join('\n') };
  } catch (err) {
    return { code: 1, out: `${lines.join('\n')}\nslicewise: ${(err as Error).message}` };
  }
}

function head(db: string): string {
  const raw = new Database(db, { readonly: true });
  try {
    const r = raw.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    return `${r.seq}:${r.hash}`;
  } finally {
    raw.close();
  }
}

/** A copy of the workspace to tamper with. */
function copyOf(db: string, name: string): string {
  const to = path.join(path.dirname(db), `${name}.sqlite`);
  const raw = new Database(db);
  raw.exec(`VACUUM INTO '${to.replace(/'/g, "''")}'`);
  raw.close();
  return to;
}

/** Rewrites the entries from `from` on with another actor, each hash recomputed: the chain alone still verifies. */
function rewriteFrom(db: string, from: number): void {
  const w = openWorkspace(db);
  w.transaction(() => {
    const rows = w.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(from) as Record<string, string | number>[];
    w.prepare('DELETE FROM audit_log WHERE seq >= ?').run(from);
    for (const r of rows)
      appendAudit(w, { actor: 'mallory', action: String(r.action), subject: String(r.subject), detail: String(r.detail), at: Number(r.at) });
  })();
  w.close();
}

function exec(db: string, sql: string): void {
  const raw = new Database(db);
  raw.exec(sql);
  raw.close();
}

describe('the audit head on the command line', () => {
  const dir = tempDir('slicewise-cli-head-');
  const db = path.join(dir, 'w.sqlite');
  const workbook = path.join(dir, 'march.xlsx');
  let printed: string;
  let atExport: string;

  beforeAll(async () => {
    const steps = [
      ['import', ...sampleFiles(), '--db', db],
      ['rate', '--period', '2021-03', '--db', db],
      ['reconcile', '--period', '2021-03', '--db', db],
      ['export', '--period', '2021-03', '--out', workbook, '--db', db],
    ];
    for (const args of steps) {
      const r = await cli(args);
      expect(r.code, r.out).toBe(0);
      // Every command that writes ends with the head of the log it left.
      const m = HEAD.exec(r.out);
      expect(m, `${args[0]} printed no head:\n${r.out}`).not.toBeNull();
      expect(`${m![1]}:${m![2]}`).toBe(head(db));
      printed = `${m![1]}:${m![2]}`;
      if (args[0] === 'reconcile') atExport = printed;
    }
  });

  it("states the head it was exported at in the workbook's Summary: the entry before its own export entry", async () => {
    const wb = await readWorkbook(workbook);
    expect(summaryRows(sheet(wb, 'Summary')).get('Audit head')!.cell.value).toBe(atExport);
    expect(Number(printed.split(':')[0])).toBe(Number(atExport.split(':')[0]) + 1);
  });

  it('verifies the untouched log against a printed head and against the workbook', async () => {
    const byHead = await cli(['audit', 'verify', '--head', printed, '--db', db]);
    expect(byHead.code).toBe(0);
    expect(byHead.out).toContain(`it still holds the head ${printed}`);
    const byBook = await cli(['audit', 'verify', '--against', workbook, '--db', db]);
    expect(byBook.code, byBook.out).toBe(0);
    expect(byBook.out).toContain(`it still holds the head ${atExport} stated by ${workbook}`);
    expect(byBook.out).toContain(`entry ${printed.split(':')[0]} records the export of ${workbook}`);
  });

  it('finds the last entry deleted', async () => {
    const cut = copyOf(db, 'truncated');
    exec(cut, 'DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)');
    expect((await cli(['audit', 'verify', '--db', cut])).code).toBe(0); // the chain alone cannot tell
    const r = await cli(['audit', 'verify', '--head', printed, '--db', cut]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/audit log is NOT intact: the log ends at entry \d+, but the head .* entries were removed from its end/);
    // The workbook's head is the entry before: its own export entry, now gone, is missed.
    const book = await cli(['audit', 'verify', '--against', workbook, '--db', cut]);
    expect(book.code).toBe(1);
    expect(book.out).toMatch(/no export entry records march\.xlsx \(SHA-256 [0-9a-f]{12}…\)/);
  });

  it('finds every entry deleted', async () => {
    const empty = copyOf(db, 'emptied');
    exec(empty, 'DELETE FROM audit_log');
    expect((await cli(['audit', 'verify', '--db', empty])).code).toBe(0);
    for (const against of [
      ['--head', printed],
      ['--against', workbook],
    ]) {
      const r = await cli(['audit', 'verify', ...against, '--db', empty]);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/the log is empty, but the head .* it was emptied/);
    }
  });

  it('finds an edit followed by recomputing the chain', async () => {
    const forged = copyOf(db, 'rewritten');
    rewriteFrom(forged, 2);
    expect((await cli(['audit', 'verify', '--db', forged])).code).toBe(0);
    for (const against of [
      ['--head', printed],
      ['--against', workbook],
    ]) {
      const r = await cli(['audit', 'verify', ...against, '--db', forged]);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/entry \d+ is not the one the head .* records .*: the log was rewritten up to there since/);
    }
  });

  it('finds an edited, a removed and reordered entries, with or without a head', async () => {
    const edited = copyOf(db, 'edited');
    exec(edited, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3");
    const removed = copyOf(db, 'removed');
    exec(removed, 'DELETE FROM audit_log WHERE seq = 2');
    const reordered = copyOf(db, 'reordered');
    exec(
      reordered,
      `UPDATE audit_log SET seq = -seq WHERE seq IN (2, 3);
       UPDATE audit_log SET seq = 3 WHERE seq = -2; UPDATE audit_log SET seq = 2 WHERE seq = -3;`,
    );
    for (const [file, problem] of [
      [edited, /entry 3 .*was edited/],
      [removed, /entry 2 is missing/],
      [reordered, /entry 2 .*(missing or out of order|does not follow|was edited)/],
    ] as const) {
      for (const extra of [[], ['--head', printed], ['--against', workbook]]) {
        const r = await cli(['audit', 'verify', ...extra, '--db', file]);
        expect(r.code, `${path.basename(file)} ${extra.join(' ')}`).toBe(1);
        expect(r.out).toMatch(problem);
      }
    }
  });

  it('refuses a malformed head and a file that is not a workbook, naming them', async () => {
    expect((await cli(['audit', 'verify', '--head', '12:xyz', '--db', db])).out).toMatch(/"12:xyz" is not an audit head: expected N:HASH/);
    const notes = path.join(dir, 'notes.xlsx');
    fs.writeFileSync(notes, 'not a zip');
    expect((await cli(['audit', 'verify', '--against', notes, '--db', db])).out).toMatch(/notes\.xlsx cannot be read as a workbook/);
  });

  it('through the real launcher: exit 1 and one line on stderr for a truncated log', () => {
    spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-node.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    const cut = copyOf(db, 'truncated-launcher');
    exec(cut, 'DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'slicewise.cjs'), 'audit', 'verify', '--head', printed, '--db', cut], {
      encoding: 'utf8',
      env: { ...process.env, SLICEWISE_DB: '' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^slicewise: audit log is NOT intact: the log ends at entry/);
  });
});
