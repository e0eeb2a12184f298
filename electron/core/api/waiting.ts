// A call that waits for another process's write says so, as a progress event every adapter shows:
// "Waiting for another process's import of usage.csv (process 4242) to finish…" (app), the same
// line on the terminal (CLI). The event ends (done = total) once the call has the lock.
import type { CallContext } from '../../../shared/contract/api';

export function waitNotice(ctx: CallContext, task: string): (holder: string | null) => void {
  return (holder) =>
    ctx.progress({ task: `wait:${task}`, phase: 'wait', label: holder ? `for ${holder} to finish…` : 'the workspace is free', done: holder ? 0 : 1, total: 1 });
}
