// Order of the (owner, period) rows on screen: the newest period first, then by owner. Pure.
import { compareText } from '../../../shared/kinds';

export function newestFirst<T extends { ownerId: string; period: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => compareText(b.period, a.period) || compareText(a.ownerId, b.ownerId));
}
