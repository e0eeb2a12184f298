// Usage CSV (docs/importers.md, "Usage CSV"): rows streamed, converted and written one by one
// inside the import transaction. Duplicate or overlapping intervals of one (owner, item,
// instance) — within the file or against usage already in the workspace — are refused, naming
// both rows.
import { formatSpanIn } from '../../../../../shared/dates';
import { findIntervalConflict, type IntervalConflict, longestUsageInterval, OverlapScreen } from '../../../store/usage/overlaps';
import { dropIntervalIndexes, intervalTableSize, restoreIndexes, UsageWriter } from '../../../store/usage/write';
import { USAGE_COLUMNS, USAGE_REQUIRED } from '../../csv/columns';
import { streamCsvTable } from '../../csv/table';
import { ImportError } from '../../errors';
import { readHead } from '../../head';
import type { ImportCtx } from '../../types';
import { convertUsageRow } from './row';

/** Both intervals named by their rows, their instants in the import's time zone and the workspace locale. */
function conflictError(ctx: Pick<ImportCtx, 'file' | 'timeZone' | 'locale'>, c: IntervalConflict): ImportError {
  const span = (start: number, startSub: string, end: number, endSub: string) => formatSpanIn(start, startSub, end, endSub, ctx.timeZone, ctx.locale);
  const what = `interval ${span(c.start, c.startSub, c.end, c.endSub)} of owner ${c.ownerId}, item ${c.itemId}, instance ${c.instanceId}`;
  const where = c.otherFile === null ? `row ${c.otherRow}` : `row ${c.otherRow} of ${c.otherFile} (batch ${c.otherBatch}, already imported)`;
  const other = `${where} (${span(c.otherStart, c.otherStartSub, c.otherEnd, c.otherEndSub)})`;
  const problem =
    c.kind === 'duplicate'
      ? `${what} duplicates ${other}: the same interval would be billed twice`
      : `${what} overlaps ${other}: the overlapping time would be billed twice`;
  return new ImportError(ctx.file, problem, { row: String(c.row), field: 'consumption_start' });
}

/**
 * Tuning of the usage import (tests lower it to reach the large-batch path with small files). `deferIndexesMinRows`: a file expected to hold
 * at least this many rows — and at least as many as usage_intervals already has — is written with
 * the table's secondary indexes dropped, and they are re-created (same SQL) before the overlap
 * check, in the same transaction. `rowsPerInsert`: intervals written per INSERT statement.
 * `overlapScreen`: screen the file's intervals while streaming (OverlapScreen); false runs the
 * full SQL check always (tests compare both).
 */
export const usageImportTuning = { deferIndexesMinRows: 50_000, rowsPerInsert: 50, overlapScreen: true };

/** Data rows a CSV file probably holds, from the line lengths of its first 64 KB. */
async function estimateRows(filePath: string, size: number): Promise<number> {
  const { text, complete } = await readHead(filePath, 65536);
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lines++;
  }
  if (complete) return lines;
  return lines === 0 ? 0 : Math.floor((size * lines) / Buffer.byteLength(text));
}

export async function importUsageCsv(ctx: ImportCtx): Promise<number> {
  const { db, file } = ctx;
  const expectedRows = await estimateRows(ctx.path, ctx.size);
  const batchId = ctx.begin();
  // Measured before this batch's rows are in, so it scans only earlier usage.
  const span = longestUsageInterval(db);
  const defer = expectedRows >= usageImportTuning.deferIndexesMinRows && expectedRows >= intervalTableSize(db);
  const deferred = defer ? dropIntervalIndexes(db) : [];
  const writer = new UsageWriter(db, batchId, usageImportTuning.rowsPerInsert);
  // Proves, in the same pass, that the file's own intervals do not conflict (when sorted by start).
  const screen = new OverlapScreen();
  const decimalComma = ctx.csv.decimalComma ?? false;
  let rows = 0;
  await streamCsvTable(
    ctx.path,
    file,
    {
      csv: ctx.csv,
      canonical: USAGE_COLUMNS,
      required: USAGE_REQUIRED,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onChunk: (bytes) => ctx.progress(bytes, rows),
    },
    (r) => {
      const u = convertUsageRow(file, r, decimalComma);
      const src = String(r.row);
      if (u.kind === 'interval') {
        writer.interval(src, u);
        screen.add(u.instanceId, u.start, u.startSub, u.end, u.endSub);
      } else if (u.kind === 'countable') writer.countable(src, u);
      else writer.classic(src, u);
      rows++;
    },
  );
  writer.flush();
  writer.recordSpans(db);
  ctx.spansRecorded = true;
  if (deferred.length > 0) {
    if (ctx.signal?.aborted) throw new ImportError(file, 'import cancelled');
    restoreIndexes(db, deferred);
  }
  if (ctx.signal?.aborted) throw new ImportError(file, 'import cancelled');
  const conflict = findIntervalConflict(db, batchId, { lo: writer.lo, hi: writer.hi, span, fileClear: usageImportTuning.overlapScreen && screen.clear });
  if (conflict) throw conflictError(ctx, conflict);
  return rows;
}
