// The import pipeline (docs/importers.md, "How an import runs"): one transaction per file — all
// rows land, or none do. The file's SHA-256 is computed first; a file already imported is
// refused. Every stored row keeps its batch and source row (spreadsheet row number or JSON record
// path). Errors name file, row, field, value.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { closedRefusal, lockSentence, type PeriodLock } from '../../../shared/close';
import { formatInstantIn } from '../../../shared/dates';
import type { Locale } from '../../../shared/i18n/labels';
import { isValidTimeZone } from '../../../shared/time';
import { appendAudit } from '../store/audit';
import { batchBySha, insertBatch, setBatchRowCount } from '../store/batches';
import type { Db } from '../store/open';
import { closedPeriodsTouched, lockRefusal } from '../store/period-locks';
import { getSettings } from '../store/settings';
import { queueWrite } from '../store/write-queue';
import { throttleProgress } from '../../../shared/progress';
import { recordUsageSpans } from '../store/usage/write';
import { beginWrite, commitWrite, openWriteConnection, rollbackWrite, WriteCancelled } from '../store/write-session';
import { mappingForFile, saveCsvMapping, sourcePattern, validateCsvOptions } from './csv/mapping';
import { detectFormatOf, isJsonText } from './detect';
import { ImportError } from './errors';
import { importCatalog } from './formats/catalog';
import { importCcInvoice } from './formats/cc-invoice';
import { importCredits } from './formats/credits';
import { importFocus } from './formats/focus';
import { importInvoiceTotals } from './formats/invoice-totals';
import { importUsageCsv } from './formats/usage-csv';
import { sha256File } from '../store/hash';
import { readHead } from './head';
import { MAX_JSON_BYTES } from './json/reader';
import type { CsvOptions, ImportCtx, ImportFormat, ImportOptions, ImportResult } from './types';
import { IMPORT_FORMATS } from './types';

export { ImportError } from './errors';
export type { CsvOptions, ImportFormat, ImportOptions, ImportProgress, ImportResult, PreviewError, PreviewResult } from './types';
export { IMPORT_FORMATS } from './types';
export { saveCsvMapping, loadCsvMapping, deleteCsvMapping, listCsvMappings, sourcePattern } from './csv/mapping';
export { previewFile } from './preview';
export { MAX_JSON_BYTES, MAX_JSON_DEPTH } from './json/reader';

/** How a message shows a date: in the import's time zone (the workspace's) and the workspace locale (shared/dates.ts). */
interface Shown {
  timeZone: string;
  locale: Locale;
}

/** A file with rows in closed periods: refused whole, naming the locks and how to reopen. */
function closedPeriodError(file: string, locks: readonly PeriodLock[]): ImportError {
  const [first, ...more] = locks;
  const others = more.length ? ` (and ${more.map(lockSentence).join('; ')})` : '';
  return new ImportError(file, `has rows in a closed period, nothing was imported: ${closedRefusal(first!, 'importing into it')}${others}`);
}

function refuseKnownFile(db: Db, file: string, sha256: string, shown: Shown): void {
  const old = batchBySha(db, sha256);
  if (old) {
    const as = old.fileName !== file ? ` as ${old.fileName}` : '';
    const on = formatInstantIn(old.importedAt, shown.timeZone, shown.locale);
    throw new ImportError(file, `was already imported on ${on} (batch ${old.id}${as}); the same file (SHA-256 ${sha256.slice(0, 12)}…) is not imported twice`);
  }
}

const FORMAT_IMPORTERS: Record<ImportFormat, (ctx: ImportCtx, json: boolean) => Promise<number>> = {
  'cc-invoice': (ctx) => importCcInvoice(ctx),
  'usage-csv': (ctx) => importUsageCsv(ctx),
  catalog: (ctx) => importCatalog(ctx),
  credits: (ctx, json) => importCredits(ctx, json),
  focus: (ctx) => importFocus(ctx),
  'invoice-totals': (ctx) => importInvoiceTotals(ctx),
};

async function statFile(filePath: string, file: string): Promise<{ size: number; mtimeMs: number }> {
  try {
    const st = await fsp.stat(filePath);
    if (!st.isFile()) throw new ImportError(file, 'is not a file');
    return { size: st.size, mtimeMs: st.mtimeMs };
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

interface PreparedImport {
  filePath: string;
  file: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  format: ImportFormat;
  json: boolean;
  csv: CsvOptions;
  timeZone: string;
  locale: Locale;
  actor: string;
  options: ImportOptions;
}

/**
 * A date format the user stated for a FOCUS or invoice-totals file is saved, with the rest of its
 * CSV layout, for its source (the file name with its digits as '#'), so next month's file reads
 * alike. In the import's transaction. Returns the source it was saved for.
 */
function rememberDateFormat(db: Db, p: PreparedImport): string | null {
  if (!p.options.csv?.dateFormat || (p.format !== 'focus' && p.format !== 'invoice-totals')) return null;
  const source = sourcePattern(p.file);
  saveCsvMapping(db, source, p.csv);
  return source;
}

/**
 * Runs the format importer in one transaction (BEGIN IMMEDIATE … COMMIT, managed by hand since it
 * spans asynchronous reads), its audit entry included; rolls back on any error. The lock is taken
 * first, waiting for another process's write if need be.
 */
async function runImport(db: Db, p: PreparedImport): Promise<ImportResult> {
  const { file, options } = p;
  const warnings: string[] = [];
  let batchId = 0;
  const onProgress = options.onProgress;
  const progress =
    onProgress &&
    throttleProgress<{ done: number; total: number; rows: number }>((e) => onProgress({ file, bytesRead: e.done, totalBytes: e.total, rows: e.rows }));
  const ctx: ImportCtx = {
    db,
    path: p.filePath,
    file,
    size: p.size,
    csv: p.csv,
    timeZone: p.timeZone,
    locale: p.locale,
    warnings,
    ...(options.signal ? { signal: options.signal } : {}),
    begin() {
      if (batchId) throw new Error('begin() called twice');
      if (options.signal?.aborted) throw new ImportError(file, 'import cancelled');
      refuseKnownFile(db, file, p.sha256, p);
      batchId = insertBatch(db, { fileName: file, sha256: p.sha256, format: p.format, sizeBytes: p.size, importedAt: Date.now() });
      return batchId;
    },
    progress(bytesRead, rows) {
      progress?.({ done: bytesRead, total: p.size, rows });
    },
  };

  try {
    await beginWrite(db, { what: `import of ${file}`, onWait: options.onWait, signal: options.signal });
  } catch (err) {
    if (err instanceof WriteCancelled) throw new ImportError(file, 'import cancelled');
    throw err;
  }
  let rowCount: number;
  try {
    rowCount = await FORMAT_IMPORTERS[p.format](ctx, p.json);
    if (!batchId) ctx.begin();
    if (options.signal?.aborted) throw new ImportError(file, 'import cancelled');
    const after = await statFile(p.filePath, file);
    if (after.size !== p.size || after.mtimeMs !== p.mtimeMs)
      throw new ImportError(file, 'changed while it was being imported; nothing was imported, try again');
    setBatchRowCount(db, batchId, rowCount);
    if (!ctx.spansRecorded) recordUsageSpans(db, batchId);
    const closed = closedPeriodsTouched(db, batchId);
    if (closed.length) throw closedPeriodError(file, closed);
    const layout = rememberDateFormat(db, p);
    appendAudit(db, {
      actor: p.actor,
      action: 'import',
      subject: file,
      detail: { format: p.format, sha256: p.sha256, rows: rowCount, ...(layout ? { savedLayout: layout } : {}) },
    });
    commitWrite(db);
  } catch (err) {
    rollbackWrite(db);
    if (err instanceof ImportError) throw err;
    const lock = lockRefusal(err); // an invoice total of a closed period (migration 008's trigger)
    if (lock) throw closedPeriodError(file, [lock]);
    const wrapped = new ImportError(file, `could not be imported: ${(err as Error).message ?? String(err)}`);
    wrapped.cause = err;
    throw wrapped;
  }
  options.onProgress?.({ file, bytesRead: p.size, totalBytes: p.size, rows: rowCount });
  return { batchId, format: p.format, fileName: file, sha256: p.sha256, rowCount, warnings };
}

/**
 * Imports one file into the workspace, in one transaction. Refuses a file already imported
 * (same SHA-256). On any error the transaction is rolled back: the workspace is unchanged.
 */
export async function importFile(db: Db, filePath: string, options: ImportOptions = {}): Promise<ImportResult> {
  const file = options.displayName ?? path.basename(filePath);
  // One write at a time per workspace: the import's transaction spans asynchronous reads.
  return queueWrite(db, async () => {
    if (options.signal?.aborted) throw new ImportError(file, 'import cancelled');
    const st = await statFile(filePath, file);
    // An oversized JSON file is refused at once, before spending time hashing it.
    if (st.size > MAX_JSON_BYTES && isJsonText((await readHead(filePath, 4096)).text)) {
      throw new ImportError(
        file,
        `is ${(st.size / 1048576).toFixed(1)} MB; JSON files larger than ${MAX_JSON_BYTES / 1048576} MB are refused (split the export)`,
      );
    }
    let sha256: string;
    try {
      sha256 = await sha256File(filePath, options.signal);
    } catch (err) {
      if (options.signal?.aborted) throw new ImportError(file, 'import cancelled');
      throw new ImportError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    const settings = getSettings(db);
    const timeZone = options.timeZone ?? settings.timeZone;
    if (!isValidTimeZone(timeZone)) throw new ImportError(file, `time zone ${JSON.stringify(timeZone)} is not a known IANA time zone`);
    const locale = options.locale ?? settings.locale;
    refuseKnownFile(db, file, sha256, { timeZone, locale });
    if (options.format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(options.format)) {
      throw new ImportError(file, `format ${JSON.stringify(options.format)} is not one of ${IMPORT_FORMATS.join(', ')}`);
    }
    const csv = options.csv !== undefined ? validateCsvOptions(file, options.csv) : (mappingForFile(db, file) ?? {});
    const format = options.format ?? (await detectFormatOf(filePath, file, csv));
    const json = isJsonText((await readHead(filePath, 4096)).text);
    if ((format === 'cc-invoice' || format === 'catalog') && !json) throw new ImportError(file, `is not JSON, but the ${format} format is JSON`);
    if ((format === 'usage-csv' || format === 'focus' || format === 'invoice-totals') && json)
      throw new ImportError(file, `is JSON, but the ${format} format is CSV`);
    if (db.inTransaction) throw new ImportError(file, 'cannot be imported now: another change to the workspace is in progress');

    const { conn, close } = openWriteConnection(db);
    try {
      return await runImport(conn, {
        filePath,
        file,
        size: st.size,
        mtimeMs: st.mtimeMs,
        sha256,
        format,
        json,
        csv,
        timeZone,
        locale,
        actor: options.actor ?? settings.actor,
        options,
      });
    } finally {
      close();
    }
  });
}
