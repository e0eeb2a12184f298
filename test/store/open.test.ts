import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspace, MigrationError } from '../../electron/core/store/open';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { importFile } from '../../electron/core/import';

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
    expect(applied).toEqual(MIGRATIONS.map((m) => ({ id: m.id, name: m.name })));
    expect(applied[0]).toEqual({ id: 1, name: '001_init.sql' });
    db.close();
    // Re-opening applies nothing twice.
    const again = openWorkspace(file);
    expect(again.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    again.close();
  });

  it('refuses a workspace whose applied migration was edited since', () => {
    const file = tmpFile('w.sqlite');
    openWorkspace(file).close();
    const edited = MIGRATIONS.map((m) => (m.id === 1 ? { ...m, sql: m.sql + '\n-- edited' } : m));
    expect(() => openWorkspace(file, edited)).toThrow(MigrationError);
    expect(() => openWorkspace(file, edited)).toThrow(/001_init\.sql was edited/);
  });

  it('002 fills usage_spans of a workspace made before it exactly as the importer records them', async () => {
    const file = tmpFile('w.sqlite');
    const db = openWorkspace(file);
    const sample = path.resolve(__dirname, '../../resources/sample');
    for (const f of fs
      .readdirSync(sample)
      .filter((n) => /\.(csv|json)$/.test(n) && n !== 'expected.json')
      .sort())
      await importFile(db, path.join(sample, f));
    const spans = () => db.prepare('SELECT * FROM usage_spans ORDER BY batch_id, owner_id, kind').all();
    const recorded = spans();
    expect(recorded.length).toBeGreaterThanOrEqual(3); // intervals, countables and tasks of the sample's usage files
    // As a workspace of migration 001 only: no table, no record of 002.
    db.exec("DROP TABLE usage_spans; DELETE FROM schema_migrations WHERE name = '002_usage_spans.sql'");
    db.close();
    const reopened = openWorkspace(file);
    expect(reopened.prepare('SELECT * FROM usage_spans ORDER BY batch_id, owner_id, kind').all()).toEqual(recorded);
    reopened.close();
  });

  it('rejects rows that break foreign keys', () => {
    const db = openWorkspace(tmpFile('w.sqlite'));
    expect(() => db.prepare("INSERT INTO catalogs (batch_id, source_row, zone_id, currency) VALUES (999, '$', 'par', 'EUR')").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
