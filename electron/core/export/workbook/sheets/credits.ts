// Credits: the balances table (each row adds up: opening + granted − applied − expired = closing,
// the closing a formula), a blank row, then the (credit, line) allocations table
// (docs/workbook.md, "Credits").
import { cellText, colLetter, colOf, num, type Cell, type WallClock } from '../cells';
import type { WorkbookData } from '../contract';
import type { CellStyle, Formats } from '../formats';
import type { BookWriter } from '../stream';
import { ColumnWidths } from '../widths';
import { wordsFor } from '../words';

export const CREDITS_HEADER = ['Credit ID', 'Kind', 'Scope', 'Expires at', 'Opening balance', 'Granted', 'Applied', 'Expired', 'Closing balance'] as const;
const ALLOCATIONS_HEADER = ['Credit ID', 'Line', 'Item name', 'Applied'] as const;

export async function writeCredits(book: BookWriter, fmt: Formats, clock: WallClock, data: WorkbookData): Promise<void> {
  const { balances, allocations } = data.credits;
  const words = wordsFor(data.locale);
  const c = (name: string) => colOf(CREDITS_HEADER, name);
  const [E, F, G, H] = [c('Opening balance'), c('Granted'), c('Applied'), c('Expired')];
  const styles: CellStyle[] = [fmt.text, fmt.text, fmt.text, fmt.date, fmt.money, fmt.money, fmt.money, fmt.money, fmt.money];
  const allocationStyles: CellStyle[] = [fmt.text, fmt.general, fmt.text, fmt.money];
  const balanceRow = (b: (typeof balances)[number], r: number): Cell[] => {
    const what = (field: string) => `credit ${b.creditId} ${field}`;
    return [
      cellText(b.creditId),
      cellText(words.creditKind[b.kind]),
      cellText(words.scope(b.scope)),
      b.expiresAt === null ? words.never : clock.date(b.expiresAt),
      num(b.opening, what('opening balance')),
      num(b.granted, what('granted')),
      num(b.used, what('applied')),
      num(b.expired, what('expired')),
      { formula: `ROUND(${E}${r}+${F}${r}-${G}${r}-${H}${r},${fmt.digits})`, result: num(b.closing, what('closing balance')) },
    ];
  };
  const allocationRow = (a: (typeof allocations)[number]): Cell[] => [
    cellText(a.creditId),
    a.lineNo,
    cellText(a.itemName),
    num(a.amount, `credit ${a.creditId} allocation`),
  ];

  const measure = new ColumnWidths(CREDITS_HEADER);
  balances.forEach((b, i) => measure.see(balanceRow(b, i + 2), styles));
  measure.see([...ALLOCATIONS_HEADER], []);
  for (const a of allocations) measure.see(allocationRow(a), allocationStyles);
  const sheet = book.sheet('Credits', CREDITS_HEADER, measure.widths(), balances.length + allocations.length);
  let count = 0;
  for (const b of balances) {
    sheet.put(balanceRow(b, sheet.row + 1), styles);
    await sheet.tick(++count);
  }
  // The filter covers the balances table only: over both, a sort would mix the two tables.
  const autoFilter = `A1:${colLetter(CREDITS_HEADER.length)}${sheet.row}`;
  sheet.blank();
  sheet.put(
    [...ALLOCATIONS_HEADER],
    ALLOCATIONS_HEADER.map(() => fmt.header),
  );
  for (const a of allocations) {
    sheet.put(allocationRow(a), allocationStyles);
    await sheet.tick(++count);
  }
  await sheet.commit(autoFilter, count);
}
