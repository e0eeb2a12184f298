// The connection an import writes through, and its transaction, managed by hand because it spans
// asynchronous reads (better-sqlite3's db.transaction() only wraps synchronous functions).
import Database from 'better-sqlite3';
import type { Db } from './open';

/**
 * A second connection to the workspace file. On its own connection the import's transaction can
 * neither capture nor roll back what other calls write meanwhile on the main connection (they
 * wait for it, up to the busy timeout), and readers never see half an import. In-memory
 * workspaces (tests) use the main connection.
 */
export function openWriteConnection(db: Db): { conn: Db; close(): void } {
  if (db.memory || db.name === '' || db.name === ':memory:') return { conn: db, close: () => undefined };
  const conn = new Database(db.name, { fileMustExist: true });
  try {
    conn.pragma('foreign_keys = ON');
    conn.pragma('busy_timeout = 5000');
    conn.pragma('synchronous = NORMAL');
  } catch (err) {
    conn.close();
    throw err;
  }
  return { conn, close: () => conn.close() };
}

/** Takes the write lock at once, so the import never fails half-way for want of it. */
export function beginImmediate(db: Db): void {
  db.exec('BEGIN IMMEDIATE');
}

export function commit(db: Db): void {
  db.exec('COMMIT');
}

/** Rolls back the transaction in progress, if any (an error may have ended it already). */
export function rollback(db: Db): void {
  if (db.inTransaction) db.exec('ROLLBACK');
}
