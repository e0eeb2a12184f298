// Credits: the balances table, a blank row, then the (credit, line) allocations table
// (docs/workbook.md, "Credits").
import { cellText, colLetter, num, type WallClock } from '../cells';
import type { WorkbookData } from '../contract';
import type { Formats } from '../formats';
import type { BookWriter } from '../stream';

const HEADER = ['Credit ID', 'Kind', 'Scope', 'Expires at', 'Opening balance', 'Applied', 'Expired', 'Closing balance'] as const;
const ALLOCATIONS_HEADER = ['Credit ID', 'Line', 'Item name', 'Applied'] as const;

export async function writeCredits(book: BookWriter, fmt: Formats, clock: WallClock, data: WorkbookData): Promise<void> {
  const { balances, allocations } = data.credits;
  const sheet = book.sheet('Credits', HEADER, [24, 12, 30, 20, 18, 16, 16, 18], balances.length + allocations.length);
  let count = 0;
  for (const b of balances) {
    sheet.put(
      [
        cellText(b.creditId),
        cellText(b.kind),
        cellText(b.scope === 'all' ? 'all' : b.scope.join('|')),
        b.expiresAt === null ? 'never' : clock.date(b.expiresAt),
        num(b.opening, `credit ${b.creditId} opening balance`),
        num(b.used, `credit ${b.creditId} applied`),
        num(b.expired, `credit ${b.creditId} expired`),
        num(b.closing, `credit ${b.creditId} closing balance`),
      ],
      [fmt.text, fmt.text, fmt.text, fmt.date, fmt.money, fmt.money, fmt.money, fmt.money],
    );
    await sheet.tick(++count);
  }
  // The filter covers the balances table only: over both, a sort would mix the two tables.
  const autoFilter = `A1:${colLetter(HEADER.length)}${sheet.row}`;
  sheet.blank();
  sheet.put(
    [...ALLOCATIONS_HEADER],
    ALLOCATIONS_HEADER.map(() => fmt.header),
  );
  for (const a of allocations) {
    sheet.put(
      [cellText(a.creditId), a.lineNo, cellText(a.itemName), num(a.amount, `credit ${a.creditId} allocation`)],
      [fmt.text, fmt.general, fmt.text, fmt.money],
    );
    await sheet.tick(++count);
  }
  await sheet.commit(autoFilter, count);
}
