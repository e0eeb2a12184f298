// Writes to one workspace run one at a time, in call order. An import streams for a while inside
// its transaction; a review or annotation made meanwhile waits for it instead of meeting
// "database is locked". Reads never wait: WAL shows them the last committed state.
import type { Db } from './open';

const tails = new WeakMap<Db, Promise<unknown>>();

/** Runs `write` once every write queued before it on this workspace has settled. Not reentrant. */
export function queueWrite<T>(db: Db, write: () => Promise<T>): Promise<T> {
  const run = (tails.get(db) ?? Promise.resolve()).then(write);
  tails.set(
    db,
    run.catch(() => undefined),
  );
  return run;
}
