// Owner names (docs/decisions.md, "Owner names"): which name an owner is shown by, and renaming it.
// A name given in the app wins; else a Clever Cloud organisation's name from its latest invoice
// (address.company); else a FOCUS billing account's BillingAccountName; else none (the id is shown).
import type { OwnerName } from '../../../shared/contract/api';
import { appendAudit } from '../store/audit';
import type { Db } from '../store/open';
import { givenOwnerNames, invoiceOwnerNames, setGivenOwnerName } from '../store/owners';
import { writeTransaction, type WriteIntent } from '../store/write-session';

/** The names of the owners, given the FOCUS account names by owner (read with the FOCUS periods). */
export function ownerNames(db: Db, focusNames: ReadonlyMap<string, string>): Map<string, OwnerName> {
  const given = givenOwnerNames(db);
  const invoices = invoiceOwnerNames(db);
  const out = new Map<string, OwnerName>();
  for (const ownerId of new Set([...given.keys(), ...invoices.keys(), ...focusNames.keys()])) {
    const invoice = invoices.get(ownerId);
    const focus = focusNames.get(ownerId);
    const fromData = invoice ?? focus ?? null;
    const g = given.get(ownerId);
    if (g) out.set(ownerId, { name: g.name, source: 'given', renamedBy: g.renamedBy, renamedAt: g.renamedAt, fromData });
    else if (fromData !== null)
      out.set(ownerId, { name: fromData, source: invoice !== undefined ? 'invoice' : 'focus', renamedBy: null, renamedAt: null, fromData });
  }
  return out;
}

/**
 * Gives an owner a name ('' clears it), with its audit entry (`owner-rename`, from and to), in one
 * write transaction. A name unchanged writes nothing.
 */
export async function renameOwner(
  db: Db,
  ownerId: string,
  name: string,
  actor: string,
  current: OwnerName | null,
  onWait?: WriteIntent['onWait'],
): Promise<boolean> {
  const to = name.trim() === '' ? null : name.trim();
  const from = current?.source === 'given' ? current.name : null;
  if (to === from) return false;
  await writeTransaction(db, { what: `renaming ${ownerId}`, ...(onWait ? { onWait } : {}) }, () => {
    const at = Date.now();
    setGivenOwnerName(db, ownerId, to, actor, at);
    appendAudit(db, {
      actor,
      action: 'owner-rename',
      subject: ownerId,
      detail: { from: current?.name ?? null, to: to ?? current?.fromData ?? null, given: to !== null },
      at,
    });
  });
  return true;
}
