// Owner names (migration 009): the names people gave owners, and the names the owners' files give
// (a Clever Cloud invoice's address.company, else address.name; FOCUS BillingAccountName is read
// with the FOCUS periods, store/focus.ts). Which one is shown is decided in jobs/owners.ts.
import type { Db } from './open';

export interface GivenName {
  name: string;
  renamedBy: string;
  renamedAt: number;
}

/** The names people gave, by owner. */
export function givenOwnerNames(db: Db): Map<string, GivenName> {
  const rows = db.prepare('SELECT owner_id AS ownerId, name, renamed_by AS renamedBy, renamed_at AS renamedAt FROM owner_names').all() as (GivenName & {
    ownerId: string;
  })[];
  return new Map(rows.map(({ ownerId, ...g }) => [ownerId, g]));
}

/** Sets (or, with null, clears) the name given to an owner. Call inside the write transaction that audits it. */
export function setGivenOwnerName(db: Db, ownerId: string, name: string | null, by: string, at: number): void {
  if (name === null) db.prepare('DELETE FROM owner_names WHERE owner_id = ?').run(ownerId);
  else
    db.prepare(
      `INSERT INTO owner_names (owner_id, name, renamed_by, renamed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(owner_id) DO UPDATE SET name = excluded.name, renamed_by = excluded.renamed_by, renamed_at = excluded.renamed_at`,
    ).run(ownerId, name, by, at);
}

/**
 * The organisation name of each Clever Cloud owner, from its latest invoice (by period, then
 * import): the billing address's company, else its name. Owners whose invoices name none are absent.
 */
export function invoiceOwnerNames(db: Db): Map<string, string> {
  const rows = db
    .prepare(
      `SELECT owner_id AS ownerId,
              coalesce(nullif(trim(json_extract(provider_json, '$.address.company')), ''), nullif(trim(json_extract(provider_json, '$.address.name')), '')) AS name
       FROM invoices WHERE provider_json IS NOT NULL ORDER BY period_start, id`,
    )
    .all() as { ownerId: string; name: string | null }[];
  const out = new Map<string, string>();
  for (const r of rows) if (r.name !== null) out.set(r.ownerId, r.name);
  return out;
}
