// Writes one period's workbook: checks its figures, then streams the sheets, in order, into a
// file that appears complete or not at all. The layout and its reasons: docs/workbook.md.
import { isoDay, periodDays, WallClock } from './cells';
import { checkWorkbookFigures } from './checks';
import type { ExportProgress, WorkbookData, WriteWorkbookOptions } from './contract';
import { amountDigitsOf, billedDigitsOf, formatsFor, type Formats } from './formats';
import { stageFile, type AtomicOptions, type StagedFile } from './atomic';
import { ownerLabel } from '../../../../shared/owner-label';
import { footerText } from './print';
import { MAX_SHEET_ROWS, writeBook, type BookWriter } from './stream';
import { writeAudit } from './sheets/audit';
import { writeCredits } from './sheets/credits';
import { writeDetails } from './sheets/details';
import { writeDisputes } from './sheets/disputes';
import { writeLines } from './sheets/lines';
import { writeSummary } from './sheets/summary';
import { wordsFor } from './words';

export type { ExportProgress };

/** The sheets in workbook order; a new sheet is a file in sheets/ and a place in this list. */
const SHEETS: ((book: BookWriter, fmt: Formats, clock: WallClock, data: WorkbookData) => Promise<void>)[] = [
  writeSummary,
  writeLines,
  writeDetails,
  writeCredits,
  writeAudit,
  writeDisputes, // only when a line is disputed
];

/**
 * Stages the workbook beside `outPath` (a complete temporary file, renamed into place by the
 * caller's `commit()`). Refused before any file is created when its figures disagree with its
 * formulas, its time zone is unknown or its lines do not fit one sheet.
 */
export async function stageWorkbook(data: WorkbookData, outPath: string, opts?: WriteWorkbookOptions & AtomicOptions): Promise<StagedFile> {
  checkWorkbookFigures(data);
  const clock = new WallClock(data.invoice.timeZone);
  const maxRowsPerSheet = Math.min(MAX_SHEET_ROWS, Math.floor(opts?.maxRowsPerSheet ?? MAX_SHEET_ROWS));
  if (!(maxRowsPerSheet >= 2)) throw new Error('Workbook export: maxRowsPerSheet must be at least 2');
  if (data.lines.length + 1 > maxRowsPerSheet) throw new Error(`Workbook export: ${data.lines.length} lines do not fit in one sheet`);
  const fmt = formatsFor(data.invoice.currency, billedDigitsOf(data), amountDigitsOf(data));
  const days = periodDays(clock, data.invoice.periodStart, data.invoice.periodEnd);
  const footer = footerText(ownerLabel(data.ownerId, data.ownerName), `${isoDay(days.first)} – ${isoDay(days.last)}`, wordsFor(data.locale).pageOfPages);
  const book = { created: new Date(data.generatedAt), headerStyle: fmt.header, footer, maxRowsPerSheet, onProgress: opts?.onProgress };
  return stageFile(
    outPath,
    (out) =>
      writeBook(out, book, async (b) => {
        for (const write of SHEETS) await write(b, fmt, clock, data);
      }),
    opts?.track ? { track: opts.track } : {},
  );
}

/** Writes the workbook to `outPath` atomically (stages it, then renames it into place). */
export async function writeWorkbook(data: WorkbookData, outPath: string, opts?: WriteWorkbookOptions): Promise<{ file: string; bytes: number }> {
  return (await stageWorkbook(data, outPath, opts)).commit();
}
