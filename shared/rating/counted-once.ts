// An invoice's own details, rated when no usage CSV covers their period, can list the same time
// twice (the provider billed it twice). Rated as listed, the doubled charge would reconcile as a
// match; counted once, it shows up as over-billed.
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
      a.start - b.start ||
      a.end - b.end ||
      a.id - b.id,
  );
  const out: UsageInterval[] = [];
  let prev: UsageInterval | null = null;
  let reach = -Infinity; // latest end so far of the current (item, instance)
  for (const u of sorted) {
    if (prev === null || prev.itemId !== u.itemId || prev.instanceId !== u.instanceId || prev.invoicePeriod !== u.invoicePeriod) reach = -Infinity;
    prev = u;
    if (u.start === u.end) {
      out.push(u); // no time to count twice
      continue;
    }
    if (u.end <= reach) continue; // wholly counted already
    out.push(u.start < reach ? { ...u, start: reach } : u);
    reach = Math.max(reach, u.end);
  }
  return out;
}
