import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspace, MigrationError } from '../../electron/core/db/open';
import { MIGRATIONS } from '../../electron/core/db/migrations';

function tmpFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-db-')), name);
}

describe('openWorkspace', () => {
  it('creates the schema with WAL and foreign keys on a real file', () => {
    const file = tmpFile('w.sqlite');
    const db = openWorkspace(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['import_batches', 'usage_intervals', 'audit_log', 'reviews', 'annotations']));
    const applied = db.prepare('SELECT id, name FROM schema_migrations').all();
    expect(applied).toEqual([{ id: 1, name: '001_init.sql' }]);
    db.close();
    // Re-opening applies nothing twice.
    const again = openWorkspace(file);
    expect(again.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: 1 });
    again.close();
  });

  it('refuses a workspace whose applied migration was edited since', () => {
    const file = tmpFile('w.sqlite');
    openWorkspace(file).close();
    const edited = MIGRATIONS.map((m) => (m.id === 1 ? { ...m, sql: m.sql + '\n-- edited' } : m));
    expect(() => openWorkspace(file, edited)).toThrow(MigrationError);
    expect(() => openWorkspace(file, edited)).toThrow(/001_init\.sql was edited/);
  });

  it('rejects rows that break foreign keys', () => {
    const db = openWorkspace(tmpFile('w.sqlite'));
    expect(() =>
      db.prepare("INSERT INTO catalogs (batch_id, source_row, zone_id, currency) VALUES (999, '$', 'par', 'EUR')").run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
