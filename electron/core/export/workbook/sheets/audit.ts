// Audit: this owner's and period's audit entries (and the imports of its source files) in order,
// each with its hash; the Summary gives the head of the whole chain (docs/workbook.md, "Audit").
import { cellText, type WallClock } from '../cells';
import type { WorkbookData } from '../contract';
import type { Formats } from '../formats';
import type { BookWriter } from '../stream';

const HEADER = ['Time', 'Actor', 'Action', 'Subject', 'Detail', 'Hash'] as const;
/** Subjects and details wrap within these widths; a hash (64 characters) on two lines. */
const CAPS = [undefined, 24, undefined, 45, 50, 34];

export async function writeAudit(book: BookWriter, fmt: Formats, clock: WallClock, data: WorkbookData): Promise<void> {
  await book.longSheet('Audit', HEADER, { caps: CAPS }, [fmt.date, fmt.text, fmt.text, fmt.text, fmt.text, fmt.text], data.audit(), (e) => [
    clock.date(e.at),
    cellText(e.actor),
    cellText(e.action),
    cellText(e.subject),
    cellText(e.detail),
    cellText(e.hash),
  ]);
}
