// Opens a workspace: private to the user, WAL, foreign keys, migrations checked by hash.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { sha256Hex } from './hash';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

export class MigrationError extends Error {}

/**
 * The workspace holds a company's invoices: only its owner may read it. Folders created for it
 * are 0700; the file is created 0600 (SQLite gives its -wal and -shm files the same mode), and
 * an existing one readable by others is narrowed to 0600.
 */
function makePrivate(file: string): void {
  const full = path.resolve(file);
  fs.mkdirSync(path.dirname(full), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(full, 'a', 0o600));
  if (process.platform === 'win32') return; // no POSIX modes; the profile folder is private
  for (const f of [full, `${full}-wal`, `${full}-shm`]) {
    try {
      if (fs.statSync(f).mode & 0o077) fs.chmodSync(f, 0o600);
    } catch {
      /* absent */
    }
  }
}

export function openWorkspace(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  if (file !== ':memory:' && file !== '') makePrivate(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function migrate(db: Db, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Map(
    (db.prepare('SELECT id, name, sha256 FROM schema_migrations').all() as { id: number; name: string; sha256: string }[]).map((r) => [r.id, r]),
  );
  for (const m of migrations) {
    const hash = sha256Hex(m.sql);
    const done = applied.get(m.id);
    if (done) {
      if (done.sha256 !== hash) {
        throw new MigrationError(
          `Migration ${m.name} was edited after it was applied to this workspace (recorded ${done.sha256.slice(0, 12)}, now ${hash.slice(0, 12)})`,
        );
      }
      continue;
    }
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (id, name, sha256, applied_at) VALUES (?, ?, ?, ?)').run(m.id, m.name, hash, Date.now());
    })();
  }
  const known = new Set(migrations.map((m) => m.id));
  for (const id of applied.keys()) {
    if (!known.has(id))
      throw new MigrationError(`This workspace has migration ${id}, which this version of Slicewise does not know: it was made by a newer version`);
  }
}
