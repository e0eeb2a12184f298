// Clever Cloud's real price system (zone par, EUR), kept beside the repository in
// ../shared/samples/clever-cloud/. Found from this file's place, so it is found wherever the
// repository is cloned; a missing file fails the test that needs it, naming where it looked.
import fs from 'node:fs';
import path from 'node:path';
import { readCatalogs } from '../../electron/core/import/formats/catalog';
import { readJsonFile } from '../../electron/core/import/json/reader';
import type { Catalog } from '../../shared/types';

export const REAL_CATALOG = path.resolve(__dirname, '../../..', 'shared/samples/clever-cloud/price-system-par-eur.json');

export function realCatalogPath(): string {
  if (!fs.existsSync(REAL_CATALOG))
    throw new Error(`Clever Cloud's real price system is missing: looked at ${REAL_CATALOG} (shared/samples/clever-cloud/ beside the repository)`);
  return REAL_CATALOG;
}

let cached: Catalog | undefined;

/** The real catalog as the importer reads it (exact decimal strings), without a workspace. */
export async function realCatalog(): Promise<Catalog> {
  if (cached) return cached;
  const file = path.basename(REAL_CATALOG);
  const [c] = readCatalogs(file, await readJsonFile(realCatalogPath(), file), 'Europe/Paris');
  cached = {
    id: 1,
    zoneId: c!.zoneId,
    currency: c!.currency,
    startDate: c!.startDate,
    endDate: c!.endDate,
    runtime: c!.runtime.map(({ path: _path, ...r }) => r),
    countable: c!.countable.map(({ path: _path, ...k }) => k),
  };
  return cached;
}
