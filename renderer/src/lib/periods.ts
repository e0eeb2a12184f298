// Order of the (owner, period) rows on screen: the newest period first, then by owner. Pure.
import { compareText } from '../../../shared/kinds';

export function newestFirst<T extends { ownerId: string; period: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => compareText(b.period, a.period) || compareText(a.ownerId, b.ownerId));
}

/**
 * How an owner is shown: by its name (given in the app, else from its invoice or FOCUS file), a
 * FOCUS billing account with its currency; by its id when no name is known. The id is on hover.
 */
export function ownerName(p: { ownerId: string; currency: string; owner?: { name: string } | null; focus?: { accountName: string | null } | null }): string {
  const name = p.owner?.name ?? p.focus?.accountName;
  if (!name) return p.ownerId;
  return p.focus ? `${name} (${p.currency})` : name;
}

/** Whether the owner is shown by a name (else by its id, in a monospace font). */
export function hasOwnerName(p: { owner?: { name: string } | null; focus?: { accountName: string | null } | null }): boolean {
  return !!(p.owner?.name ?? p.focus?.accountName);
}

/** At most this many characters of an unnamed owner's id in the header's selector. */
const SELECTOR_ID_CHARS = 28;

/**
 * An owner in the header's selector, where owner and period must both show: its name, else its id
 * shortened in the middle ("orga_4c1d7e2a-8…5f0c7b9e3d14": both ends tell ids apart).
 */
export function ownerShort(p: Parameters<typeof ownerName>[0]): string {
  const shown = ownerName(p);
  if (hasOwnerName(p) || shown.length <= SELECTOR_ID_CHARS) return shown;
  const half = Math.floor((SELECTOR_ID_CHARS - 1) / 2);
  return `${shown.slice(0, half)}…${shown.slice(-half)}`;
}
