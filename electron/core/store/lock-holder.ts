// Who holds the workspace's write lock, for a process that waits for it. A row in the workspace
// could not say: the holder's transaction is not committed, so no other process sees it. A small
// file beside the workspace (`<workspace>.writer`) does: its holder writes it once it has the
// lock and removes it before it commits, so only one process ever writes it at a time.
import fs from 'node:fs';
import type { Db } from './open';

interface Holder {
  pid: number;
  what: string;
  since: number;
}

const fileOf = (db: Db) => `${db.name}.writer`;
const onDisk = (db: Db) => !db.memory && db.name !== '' && db.name !== ':memory:';

/** Records that this process holds the lock to do `what` ("import of usage.csv"). */
export function recordHolder(db: Db, what: string): void {
  if (!onDisk(db)) return;
  const file = fileOf(db);
  const tmp = `${file}.${process.pid}`;
  try {
    fs.writeFileSync(tmp, JSON.stringify({ pid: process.pid, what, since: Date.now() } satisfies Holder), { mode: 0o600 });
    fs.renameSync(tmp, file); // a reader sees the previous holder or this one, never half a file
  } catch {
    /* only a courtesy to waiters: never a reason to fail the write */
  }
}

export function clearHolder(db: Db): void {
  if (onDisk(db)) fs.rmSync(fileOf(db), { force: true });
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What another process holds the lock for, in words ("another process's import of usage.csv"). */
export function describeHolder(db: Db): string {
  try {
    const h = JSON.parse(fs.readFileSync(fileOf(db), 'utf8')) as Partial<Holder>;
    if (typeof h.pid === 'number' && typeof h.what === 'string' && h.pid !== process.pid && running(h.pid)) {
      return `another process's ${h.what} (process ${h.pid})`;
    }
  } catch {
    /* no record: a program other than Slicewise, or between two holders */
  }
  return "another process's change to the workspace";
}
