// Order of the (owner, period) rows on screen: the newest period first, then by owner. Pure.
import { compareText } from '../../../shared/kinds';

export function newestFirst<T extends { ownerId: string; period: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => compareText(b.period, a.period) || compareText(a.ownerId, b.ownerId));
}

/** How an owner is shown: a FOCUS billing account by its name (with its currency), else by its id. */
export function ownerName(p: { ownerId: string; currency: string; focus?: { accountName: string | null } | null }): string {
  const name = p.focus?.accountName;
  return name ? `${name} (${p.currency})` : p.ownerId;
}
