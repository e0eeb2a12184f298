// Progress is thinned once (shared/progress.ts) for the worker, the importer and the CLI.
import { describe, expect, it } from 'vitest';
import { throttleProgress } from '../../shared/progress';

describe('throttleProgress', () => {
  it('keeps the first and last event of a task and at most one per interval', () => {
    let now = 0;
    const got: number[] = [];
    const p = throttleProgress(
      (e) => got.push(e.done),
      100,
      () => now,
    );
    const ev = (done: number) => ({ task: 't', phase: 'import' as const, label: '', done, total: 10 });
    p(ev(0));
    now = 10;
    p(ev(1));
    now = 150;
    p(ev(2));
    now = 160;
    p(ev(3));
    p(ev(10));
    expect(got).toEqual([0, 2, 10]);
  });
});
