// The invoice table's spreadsheet habits (docs/ui.md, "Tables"): the checked lines copied as
// tab-separated text, the whole filtered and sorted view saved as CSV. Both write the visible
// columns with their header, and the figures exactly as stored (not display-rounded).
import type { LineRow } from '../../../../shared/contract/api';
import { t } from '../../i18n';
import { formatInt } from '../../lib/format';
import type { PageCache } from '../../lib/pageCache';
import type { LineQuery } from '../../lib/query';
import { downloadText } from '../../components/table/download';
import { toCsv, toTsv } from '../../lib/table';
import { errorText, useApp } from '../../state/app';
import { useInvoice } from '../../state/invoice';
import { fetchAllRows } from './allRows';
import { exportLabel, exportValue, type Col } from './columns';

/** The header row and one row of strings per line. */
export function sheetRows(columns: readonly Col[], rows: readonly LineRow[]): string[][] {
  const cols = columns.filter((c) => c.id !== 'sel');
  return [cols.map(exportLabel), ...rows.map((r) => cols.map((c) => exportValue(c.id, r)))];
}

/** The checked lines found among the loaded pages, in the table's order; null if some are not loaded. */
function loadedSelection(cache: PageCache<LineRow>, keys: ReadonlySet<string>): LineRow[] | null {
  const found: LineRow[] = [];
  for (const p of cache.loadedPages()) {
    for (let i = p * cache.pageSize; i < (p + 1) * cache.pageSize; i++) {
      const r = cache.get(i);
      if (r && keys.has(r.key)) found.push(r);
    }
  }
  return found.length === keys.size ? found : null;
}

/**
 * Answers a copy event in the table: true when it wrote the clipboard (the caller prevents the
 * browser's own copy). Lines not loaded (a large selection scrolled away) are fetched first and
 * written through the asynchronous clipboard.
 */
export function copyLines(e: ClipboardEvent, cache: PageCache<LineRow>, columns: readonly Col[], query: LineQuery, cursor: number): boolean {
  const keys = useInvoice.getState().selected;
  const notifyCopied = (n: number) => useApp.getState().notify('ok', t('sheet.copied', { count: n, n: formatInt(n, localeNow()) }), 'copy');
  if (keys.size === 0) {
    const row = cache.get(cursor);
    if (!row || !e.clipboardData) return false;
    e.clipboardData.setData('text/plain', toTsv(sheetRows(columns, [row])));
    notifyCopied(1);
    return true;
  }
  const rows = loadedSelection(cache, keys);
  if (rows && e.clipboardData) {
    e.clipboardData.setData('text/plain', toTsv(sheetRows(columns, rows)));
    notifyCopied(rows.length);
    return true;
  }
  void fetchAllRows(query)
    .then(async (all) => {
      const picked = all.filter((r) => keys.has(r.key));
      await navigator.clipboard.writeText(toTsv(sheetRows(columns, picked)));
      notifyCopied(picked.length);
    })
    .catch((err: unknown) => useApp.getState().notify('error', t('sheet.copyFailed', { error: errorText(err) }), 'copy'));
  return true;
}

function localeNow() {
  return useApp.getState().overview?.settings.locale ?? 'en';
}

function csvName(query: LineQuery): string {
  const safe = query.ownerId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  return `slicewise-${safe}-${query.period}-lines.csv`;
}

/**
 * "Export this view as CSV": every line of the query (filters and sort as shown), the visible
 * columns. A download in both modes: the browser's save, and in Electron the download's save
 * dialog (docs/ui.md).
 */
export async function exportViewCsv(query: LineQuery, columns: readonly Col[]): Promise<void> {
  const app = useApp.getState();
  const rows = await app.run(t('sheet.exporting'), () => fetchAllRows(query), 'csv');
  if (!rows) return;
  try {
    downloadText(csvName(query), toCsv(sheetRows(columns, rows)));
  } catch (err) {
    useApp.getState().notify('error', errorText(err), 'csv');
    return;
  }
  useApp.getState().notify('ok', t('sheet.exported', { count: rows.length, n: formatInt(rows.length, localeNow()), file: csvName(query) }), 'csv');
}
