// Write transactions. Every change to the workspace takes the write lock with BEGIN IMMEDIATE; when
// another process holds it (a long import in the app while the CLI annotates, say) the write waits
// for it — as long as it takes, saying what it waits for — instead of failing with "database is
// locked". The rules and their limits: docs/audit.md, "One workspace, several processes".
import Database from 'better-sqlite3';
import { clearHolder, describeHolder, recordHolder } from './lock-holder';
import type { Db } from './open';

/** What a write is about to do, and who hears about it waiting. */
export interface WriteIntent {
  /** For another process that waits for this one: "import of usage.csv". */
  what: string;
  /** Called with what this write waits for (`"another process's import of usage.csv"`), then with null once it has the lock. */
  onWait?: ((holder: string | null) => void) | undefined;
  /** Stops waiting (the write is then refused with the reason). */
  signal?: AbortSignal | undefined;
}

/**
 * A second connection to the workspace file. On its own connection the import's transaction can
 * neither capture nor roll back what other calls write meanwhile on the main connection (they
 * wait for it in the write queue), and readers never see half an import. In-memory workspaces
 * (tests) use the main connection.
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

const isBusy = (err: unknown) => typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code.startsWith('SQLITE_BUSY');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A short wait inside SQLite absorbs a few milliseconds of contention without a word. */
const QUIET_WAIT_MS = 50;
const POLL_MS = 100;

export class WriteCancelled extends Error {}

/**
 * Takes the write lock (BEGIN IMMEDIATE), waiting with no upper bound while another process holds
 * it: a time limit would turn a wait into the very failure this avoids. The wait is reported
 * (`intent.onWait`) and can be cancelled (`intent.signal`). Between attempts it yields, so the
 * process keeps answering reads.
 */
export async function beginWrite(db: Db, intent: WriteIntent): Promise<void> {
  if (db.inTransaction) throw new Error(`${intent.what}: another change to the workspace is in progress on this connection`);
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  let reported: string | null = null;
  try {
    for (let attempt = 0; ; attempt++) {
      db.pragma(`busy_timeout = ${attempt === 0 ? QUIET_WAIT_MS : 0}`);
      try {
        db.exec('BEGIN IMMEDIATE');
        break;
      } catch (err) {
        if (!isBusy(err)) throw err;
      }
      const holder = describeHolder(db);
      if (holder !== reported) intent.onWait?.(holder);
      reported = holder;
      if (intent.signal?.aborted) throw new WriteCancelled(`${intent.what}: cancelled while waiting for ${holder} to finish`);
      await sleep(POLL_MS);
    }
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
  recordHolder(db, intent.what);
  if (reported !== null) intent.onWait?.(null);
}

export function commitWrite(db: Db): void {
  clearHolder(db); // before COMMIT: while it still holds the lock, no other process can have written it
  db.exec('COMMIT');
}

/** Rolls back the transaction in progress, if any (an error may have ended it already). */
export function rollbackWrite(db: Db): void {
  if (!db.inTransaction) return;
  clearHolder(db);
  db.exec('ROLLBACK');
}

/**
 * Runs `change` in one write transaction: everything it writes (its audit entry included) is
 * committed together or not at all. Inside another write transaction on the same connection it
 * runs in a savepoint of it (the lock is already held).
 */
export async function writeTransaction<T>(db: Db, intent: WriteIntent, change: () => T): Promise<T> {
  if (db.inTransaction) return db.transaction(change)();
  await beginWrite(db, intent);
  try {
    const result = change();
    commitWrite(db);
    return result;
  } catch (err) {
    rollbackWrite(db);
    throw err;
  }
}

/** The same for a change that awaits (an export writing its file): not nestable. */
export async function asyncWriteTransaction<T>(db: Db, intent: WriteIntent, change: () => Promise<T>): Promise<T> {
  await beginWrite(db, intent);
  try {
    const result = await change();
    commitWrite(db);
    return result;
  } catch (err) {
    rollbackWrite(db);
    throw err;
  }
}
