import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspace, type Db } from '../../electron/core/store/open';
import { appendAudit, verifyAudit } from '../../electron/core/store/audit';

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
