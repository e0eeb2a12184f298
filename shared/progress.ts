// Progress can fire per chunk or per row. What crosses a thread, reaches a terminal or calls back
// an importer's caller is thinned here, once: the first and the last event of a task always pass.
import type { ProgressEvent } from './contract/api';

interface Progress {
  done: number;
  total: number;
}

const taskOf = (e: Progress & Partial<Pick<ProgressEvent, 'task' | 'phase'>>) => `${e.task ?? ''}\u0000${e.phase ?? ''}`;

/** Passes the first and the last event of each task (and phase), and at most one every `intervalMs` between. */
export function throttleProgress<E extends Progress>(
  send: (e: E) => void,
  intervalMs = 100,
  now: () => number = Date.now,
  keyOf: (e: E) => string = taskOf,
): (e: E) => void {
  const last = new Map<string, number>();
  return (e) => {
    const key = keyOf(e);
    const t = now();
    const prev = last.get(key);
    const edge = e.done <= 0 || e.done >= e.total;
    if (!edge && prev !== undefined && t - prev < intervalMs) return;
    last.set(key, t);
    if (e.done >= e.total) last.delete(key);
    send(e);
  };
}
