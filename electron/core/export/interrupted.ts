// Temporary files of exports in progress, listed beside the workspace (`<workspace>.pending-exports/`,
// one small file per export) so that the next start can remove those a killed process left
// behind: their writer is no longer running. A temporary file is removed only if its name is
// one of ours (atomic.ts); its destination is never touched.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { tempFileOwner } from './workbook/atomic';

const listDir = (workspace: string) => `${path.resolve(workspace)}.pending-exports`;

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/** Lists `tmp` as in progress for this workspace; returns what removes it from the list. */
export function trackTemp(workspace: string, tmp: string): () => void {
  const dir = listDir(workspace);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const entry = path.join(dir, `${process.pid}-${randomBytes(6).toString('hex')}.json`);
  fs.writeFileSync(entry, JSON.stringify({ tmp }), { mode: 0o600 });
  return () => fs.rmSync(entry, { force: true });
}

/** Removes the temporary files of this workspace's interrupted exports; returns their paths. */
export function removeInterruptedTemps(workspace: string): string[] {
  const dir = listDir(workspace);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const entry = path.join(dir, name);
    const writer = Number(/^(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(writer) || isRunning(writer)) continue;
    let tmp: unknown;
    try {
      tmp = (JSON.parse(fs.readFileSync(entry, 'utf8')) as { tmp?: unknown }).tmp;
    } catch {
      tmp = undefined; // half written when its process died: nothing was created yet
    }
    if (typeof tmp === 'string' && tempFileOwner(tmp) === writer && fs.existsSync(tmp)) {
      fs.rmSync(tmp, { force: true });
      removed.push(tmp);
    }
    fs.rmSync(entry, { force: true });
  }
  return removed;
}
