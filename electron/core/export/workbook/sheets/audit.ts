// Audit: the whole audit log in order with each entry's hash; the last row's hash is the head of
// the chain at export time (docs/workbook.md, "Audit").
import { cellText, type WallClock } from '../cells';
import type { WorkbookData } from '../contract';
import type { Formats } from '../formats';
import type { BookWriter } from '../stream';

const HEADER = ['Time', 'Actor', 'Action', 'Subject', 'Detail', 'Hash'] as const;

export async function writeAudit(book: BookWriter, fmt: Formats, clock: WallClock, data: WorkbookData): Promise<void> {
  await book.longSheet('Audit', HEADER, [20, 16, 14, 40, 80, 68], [fmt.date, fmt.text, fmt.text, fmt.text, fmt.text, fmt.text], data.audit(), (e) => [
    clock.date(e.at),
    cellText(e.actor),
    cellText(e.action),
    cellText(e.subject),
    cellText(e.detail),
    cellText(e.hash),
  ]);
}
