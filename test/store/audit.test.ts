import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspace, type Db } from '../../electron/core/store/open';
import { appendAudit, chainHead, periodAuditEntries, verifyAudit } from '../../electron/core/store/audit';

function workspaceWithEntries(n: number): Db {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-audit-')), 'w.sqlite');
  const db = openWorkspace(file);
  for (let i = 1; i <= n; i++)
    appendAudit(db, { actor: 'alice', action: 'annotate', subject: `orga 2021-03 line${i}`, detail: { text: `note ${i}` }, at: 1_600_000_000_000 + i });
  return db;
}

describe('audit log hash chain', () => {
  it('verifies an untouched chain and links each entry to the previous hash', () => {
    const db = workspaceWithEntries(5);
    const r = verifyAudit(db);
    expect(r).toMatchObject({ ok: true, entries: 5 });
    const rows = db.prepare('SELECT prev_hash, hash FROM audit_log ORDER BY seq').all() as { prev_hash: string; hash: string }[];
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(r.lastHash).toBe(rows[4]!.hash);
  });

  it('finds an edited entry', () => {
    const db = workspaceWithEntries(5);
    db.prepare('UPDATE audit_log SET detail = \'{"text":"forged"}\' WHERE seq = 3').run();
    const r = verifyAudit(db);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/entry 3 .*was edited/);
  });

  it('finds an edited entry even when its hash was recomputed (the next link breaks)', () => {
    const db = workspaceWithEntries(5);
    db.prepare("UPDATE audit_log SET actor = 'mallory', hash = 'f' || substr(hash, 2) WHERE seq = 2").run();
    expect(verifyAudit(db).ok).toBe(false);
  });

  it('finds a removed entry', () => {
    const db = workspaceWithEntries(5);
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    const r = verifyAudit(db);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/entry 2 is missing/);
  });

  it('finds reordered entries', () => {
    const db = workspaceWithEntries(5);
    const a = db.prepare('SELECT * FROM audit_log WHERE seq = 2').get() as Record<string, unknown>;
    const b = db.prepare('SELECT * FROM audit_log WHERE seq = 4').get() as Record<string, unknown>;
    const put = db.prepare(
      'UPDATE audit_log SET at = @at, actor = @actor, action = @action, subject = @subject, detail = @detail, prev_hash = @prev_hash, hash = @hash WHERE seq = @target',
    );
    db.transaction(() => {
      put.run({ ...b, target: 2 });
      put.run({ ...a, target: 4 });
    })();
    const r = verifyAudit(db);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/entry 2/);
  });
});

describe("one period's audit entries", () => {
  it("selects the period's own entries, its lines' and the imports of its files, in order, and gives the chain head", () => {
    const db = workspaceWithEntries(0);
    expect(chainHead(db)).toEqual({ entries: 0, hash: '0'.repeat(64) });
    const add = (action: string, subject: string, detail: unknown) => appendAudit(db, { actor: 'alice', action, subject, detail });
    add('import', 'usage-2021-03.csv', { format: 'usage-csv', sha256: 'a'.repeat(64), rows: 3 });
    add('import', 'usage-2021-03.csv', { format: 'usage-csv', sha256: 'b'.repeat(64), rows: 2 }); // same name, another file
    add('import', 'notes.txt', 'not JSON'); // a detail that is plain text
    add('rate', 'orga_1 2021-03', {});
    add('rate', 'orga_1 2021-04', {});
    add('rate', 'orga_10 2021-03', {}); // an owner whose id starts with this one's
    add('annotate', 'orga_1 2021-03 orga_1|application|app|apps.XS', { text: 'mine' });
    add('annotate', 'orga_2 2021-03 orga_2|application|app|apps.XS', { text: 'theirs' });
    add('annotate', 'orga_1 2021-031', { text: 'not a period' });
    add('settings', 'settings', { tolerance: { from: '0.01', to: '0.5' } }); // every period's
    const last = add('export', 'orga_1 2021-03', {});
    const got = [...periodAuditEntries(db, 'orga_1', '2021-03', ['a'.repeat(64)])];
    expect(got.map((e) => [e.seq, e.action, e.subject])).toEqual([
      [1, 'import', 'usage-2021-03.csv'],
      [4, 'rate', 'orga_1 2021-03'],
      [7, 'annotate', 'orga_1 2021-03 orga_1|application|app|apps.XS'],
      [10, 'settings', 'settings'],
      [11, 'export', 'orga_1 2021-03'],
    ]);
    expect(got[1]).toMatchObject({ actor: 'alice', detail: '{}' });
    expect(chainHead(db)).toEqual({ entries: 11, hash: last.hash });
    expect([...periodAuditEntries(db, 'orga_1', '2021-03', [])].map((e) => e.seq)).toEqual([4, 7, 10, 11]);
  });
});

describe('audit log against a head seen earlier', () => {
  /** Rewrites entries from `from` on, each hash recomputed so that the chain alone still verifies. */
  function rewriteFrom(db: Db, from: number, actor: string): void {
    const rows = db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(from) as Record<string, string | number>[];
    db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(from);
    for (const r of rows) appendAudit(db, { actor, action: String(r.action), subject: String(r.subject), detail: String(r.detail), at: Number(r.at) });
  }

  it('passes an untouched log, and a log that grew since the head', () => {
    const db = workspaceWithEntries(5);
    const head = chainHead(db);
    expect(verifyAudit(db, head)).toMatchObject({ ok: true, entries: 5 });
    appendAudit(db, { actor: 'bob', action: 'annotate', subject: 'later', detail: {} });
    expect(verifyAudit(db, head)).toMatchObject({ ok: true, entries: 6 });
    expect(verifyAudit(db, { entries: 0, hash: '0'.repeat(64) }).ok).toBe(true);
  });

  it('finds the last entry deleted (the chain alone cannot)', () => {
    const db = workspaceWithEntries(5);
    const head = chainHead(db);
    db.prepare('DELETE FROM audit_log WHERE seq = 5').run();
    expect(verifyAudit(db).ok).toBe(true);
    const r = verifyAudit(db, head);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/^the log ends at entry 4, but the head 5:[0-9a-f]{12}… records 5 entries: entries were removed from its end$/);
  });

  it('finds every entry deleted', () => {
    const db = workspaceWithEntries(5);
    const head = chainHead(db);
    db.prepare('DELETE FROM audit_log').run();
    expect(verifyAudit(db).ok).toBe(true);
    expect(verifyAudit(db, head)).toMatchObject({ ok: false, entries: 0, problem: expect.stringMatching(/the log is empty, .* it was emptied/) });
  });

  it('finds an edit followed by recomputing the chain, up to the head', () => {
    const db = workspaceWithEntries(5);
    const head = chainHead(db);
    rewriteFrom(db, 3, 'mallory');
    expect(verifyAudit(db).ok).toBe(true);
    const r = verifyAudit(db, head);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/^entry 5 is not the one the head 5:.* records .*: the log was rewritten up to there since$/);
    // Rewritten and cut short, then regrown past the head: still found.
    const db2 = workspaceWithEntries(5);
    const head2 = chainHead(db2);
    rewriteFrom(db2, 2, 'mallory');
    appendAudit(db2, { actor: 'mallory', action: 'annotate', subject: 'padding', detail: {} });
    expect(verifyAudit(db2, head2).ok).toBe(false);
  });

  it('cannot see a rewrite after the head: that is what a later head is for', () => {
    const db = workspaceWithEntries(5);
    const head = chainHead(db);
    appendAudit(db, { actor: 'bob', action: 'annotate', subject: 'after', detail: {} });
    rewriteFrom(db, 6, 'mallory');
    expect(verifyAudit(db, head).ok).toBe(true);
  });

  it('still finds an edited, removed or reordered entry first', () => {
    const db = workspaceWithEntries(5);
    const head = chainHead(db);
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(verifyAudit(db, head).problem).toMatch(/entry 2 is missing/);
  });
});
