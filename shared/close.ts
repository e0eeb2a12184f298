// Month-end close: a closed (owner, period) and the sentence every refusal gives (docs/audit.md,
// "Month-end close"). Pure: the app, the CLI and the core say it the same way.
import type { PeriodId } from './types';

export interface PeriodLock {
  ownerId: string;
  period: PeriodId;
  closedBy: string;
  closedAt: number;
}

/** An instant as the lock is named: UTC to the minute ("2026-12-02 14:50 UTC"). */
export function lockTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "acme 2021-03 is closed (signed off by Alice on 2026-12-02 14:50 UTC)". */
export function lockSentence(l: PeriodLock): string {
  return `${l.ownerId} ${l.period} is closed (signed off by ${l.closedBy} on ${lockTime(l.closedAt)})`;
}

/** How to reopen it, in the app and on the command line. */
export function reopenHint(l: Pick<PeriodLock, 'ownerId' | 'period'>): string {
  return `reopen it first, with a reason: "Reopen" on its invoice screen, or slicewise reopen --period ${l.period} --owner ${l.ownerId} --reason "…"`;
}

/** The refusal of a change to a closed period: what it is, the lock, how to reopen. */
export function closedRefusal(l: PeriodLock, what: string): string {
  return `${lockSentence(l)}: ${what} is refused; ${reopenHint(l)}`;
}
