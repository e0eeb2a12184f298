// Saved CSV layouts per source, kept in the workspace's settings table under
// `csv-mapping:<sourceName>` as JSON text (the importer validates what it reads back).
import type { Db } from './open';
import { getSetting, setSetting } from './settings';

const PREFIX = 'csv-mapping:';

export function saveCsvMappingText(db: Db, sourceName: string, json: string): void {
  setSetting(db, PREFIX + sourceName, json);
}

export function csvMappingText(db: Db, sourceName: string): string | undefined {
  return getSetting(db, PREFIX + sourceName);
}

export function deleteCsvMappingText(db: Db, sourceName: string): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(PREFIX + sourceName);
}

/** Every saved layout, by source name. */
export function listCsvMappingTexts(db: Db): { sourceName: string; json: string }[] {
  const rows = db.prepare('SELECT key, value FROM settings WHERE key LIKE ? ORDER BY key').all(`${PREFIX}%`) as { key: string; value: string }[];
  return rows.map((r) => ({ sourceName: r.key.slice(PREFIX.length), json: r.value }));
}

/** The settings key a layout is saved under (named in error messages). */
export function csvMappingKey(sourceName: string): string {
  return PREFIX + sourceName;
}
