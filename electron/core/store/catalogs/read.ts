// Price catalogs as the rating reads them.
import type { Catalog, CatalogCountable, CatalogRuntime, Secability } from '../../../../shared/types';
import type { Db } from '../open';

/** Every catalog, or those imported in batches up to `upToBatch` (what a stored run saw). */
export function loadCatalogs(db: Db, upToBatch?: number): Catalog[] {
  const cats = db
    .prepare(`SELECT id, zone_id, currency, start_date, end_date FROM catalogs ${upToBatch === undefined ? '' : 'WHERE batch_id <= @upTo'} ORDER BY id`)
    .all(upToBatch === undefined ? {} : { upTo: upToBatch }) as {
    id: number;
    zone_id: string;
    currency: string;
    start_date: number | null;
    end_date: number | null;
  }[];
  const runtime = db.prepare('SELECT runtime_policy_id, source, flavor, price_per_hour, slug_id FROM catalog_runtime WHERE catalog_id = ?');
  const countable = db.prepare(
    'SELECT service, data_unit, secability, quantity_for_price, interval, interval_secability, plans_json FROM catalog_countable WHERE catalog_id = ?',
  );
  return cats.map((c) => ({
    id: c.id,
    zoneId: c.zone_id,
    currency: c.currency,
    startDate: c.start_date,
    endDate: c.end_date,
    runtime: (runtime.all(c.id) as { runtime_policy_id: string; source: string; flavor: string; price_per_hour: string; slug_id: string | null }[]).map(
      (r): CatalogRuntime => ({ runtimePolicyId: r.runtime_policy_id, source: r.source, flavor: r.flavor, pricePerHour: r.price_per_hour, slugId: r.slug_id }),
    ),
    countable: (
      countable.all(c.id) as {
        service: string;
        data_unit: string;
        secability: string;
        quantity_for_price: string;
        interval: string | null;
        interval_secability: string | null;
        plans_json: string;
      }[]
    ).map((r): CatalogCountable => ({
      service: r.service,
      dataUnit: r.data_unit,
      // Checked by the importer; the rating refuses anything else (e.g. a catalog imported before the column existed).
      secability: r.secability as Secability,
      quantityForPrice: r.quantity_for_price,
      interval: r.interval === null ? null : { duration: r.interval, secability: (r.interval_secability ?? '') as Secability },
      plans: JSON.parse(r.plans_json),
    })),
  }));
}
