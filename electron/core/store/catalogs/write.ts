// Writes price catalogs: `catalogs`, with their runtime and countable entries. Prices are kept
// exactly as written (TEXT decimals).
import type { CatalogCountable, EpochMs } from '../../../../shared/types';
import type { Db } from '../open';

/** A catalog as written; every entry keeps `path`, its JSON record path, as its source row. */
export interface NewCatalog {
  path: string;
  zoneId: string;
  currency: string;
  startDate: EpochMs | null;
  endDate: EpochMs | null;
  runtime: readonly { path: string; runtimePolicyId: string; source: string; flavor: string; pricePerHour: string; slugId: string | null }[];
  countable: readonly (CatalogCountable & { path: string })[];
}

/** Writes the catalogs of one batch; returns the rows written (catalogs and entries). */
export function writeCatalogs(db: Db, batchId: number, catalogs: readonly NewCatalog[]): number {
  const insCatalog = db.prepare('INSERT INTO catalogs (batch_id, source_row, zone_id, currency, start_date, end_date) VALUES (?, ?, ?, ?, ?, ?)');
  const insRuntime = db.prepare(
    'INSERT INTO catalog_runtime (catalog_id, source_row, runtime_policy_id, source, flavor, price_per_hour, slug_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insCountable = db.prepare(
    `INSERT INTO catalog_countable (catalog_id, source_row, service, data_unit, secability, quantity_for_price, interval, interval_secability, plans_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let rows = 0;
  for (const c of catalogs) {
    const id = Number(insCatalog.run(batchId, c.path, c.zoneId, c.currency, c.startDate, c.endDate).lastInsertRowid);
    rows++;
    for (const r of c.runtime) {
      insRuntime.run(id, r.path, r.runtimePolicyId, r.source, r.flavor, r.pricePerHour, r.slugId);
      rows++;
    }
    for (const k of c.countable) {
      const { interval } = k;
      insCountable.run(
        id,
        k.path,
        k.service,
        k.dataUnit,
        k.secability,
        k.quantityForPrice,
        interval?.duration ?? null,
        interval?.secability ?? null,
        JSON.stringify(k.plans),
      );
      rows++;
    }
  }
  return rows;
}
