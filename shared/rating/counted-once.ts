// An invoice's own details, rated when no usage CSV covers their period, can list the same time
// twice (the provider billed it twice). Rated as listed, the doubled charge would reconcile as a
// match; counted once, it shows up as over-billed.
import { compareInstants } from '../instant';
import { compareCodeUnits } from '../kinds';
import type { UsageInterval } from '../types';

/**
 * Time the details list twice, counted once: a duplicated detail is dropped and an overlapping
 * one starts where the previous one of its (item, instance) ended. Usage-CSV rows never overlap
 * (refused at import), so only invoice details go through here. Invoices of different periods are
 * counted apart: each one's rows are rated only in its own period (coverage.ts).
 */
export function timeCountedOnce(list: UsageInterval[]): UsageInterval[] {
  const sorted = [...list].sort(
    (a, b) =>
      compareCodeUnits(a.invoicePeriod ?? '', b.invoicePeriod ?? '') ||
      compareCodeUnits(a.itemId, b.itemId) ||
      compareCodeUnits(a.instanceId, b.instanceId) ||
      compareInstants(a.start, a.startSub ?? '', b.start, b.startSub ?? '') ||
      compareInstants(a.end, a.endSub ?? '', b.end, b.endSub ?? '') ||
      a.id - b.id,
  );
  const out: UsageInterval[] = [];
  let prev: UsageInterval | null = null;
  // Latest end so far of the current (item, instance): epoch ms and digits below the millisecond.
  let reach = -Infinity;
  let reachSub = '';
  for (const u of sorted) {
    if (prev === null || prev.itemId !== u.itemId || prev.instanceId !== u.instanceId || prev.invoicePeriod !== u.invoicePeriod) {
      reach = -Infinity;
      reachSub = '';
    }
    prev = u;
    const endSub = u.endSub ?? '';
    if (u.start === u.end && (u.startSub ?? '') === endSub) {
      out.push(u); // no time to count twice
      continue;
    }
    if (compareInstants(u.end, endSub, reach, reachSub) <= 0) continue; // wholly counted already
    out.push(compareInstants(u.start, u.startSub ?? '', reach, reachSub) < 0 ? { ...u, start: reach, startSub: reachSub } : u);
    reach = u.end;
    reachSub = endSub;
  }
  return out;
}
