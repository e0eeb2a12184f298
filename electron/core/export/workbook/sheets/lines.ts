// Lines: one row per line in invoice line order; difference, net and variance are formulas over
// the row with the rating's figures stored as their results (docs/workbook.md, "Lines").
import { cellText, colLetter, colOf, num, type WallClock } from '../cells';
import type { WorkbookData } from '../contract';
import type { Formats } from '../formats';
import type { BookWriter } from '../stream';

export const LINES_HEADER = [
  'Line',
  'Kind',
  'Item ID',
  'Item name',
  'Price item',
  'Instances',
  'Billable seconds',
  'Duration',
  'Unit price (per hour)',
  'Amount (per second)',
  'Amount (10-min slices)',
  'Difference',
  'Credit applied',
  'Net amount',
  'Billed amount',
  'Variance',
  'Status',
  'Review',
  'Annotations',
] as const;

const WIDTHS = [7, 12, 24, 32, 18, 10, 16, 14, 20, 20, 22, 14, 16, 16, 16, 14, 22, 12, 60];

export async function writeLines(book: BookWriter, fmt: Formats, _clock: WallClock, data: WorkbookData): Promise<void> {
  const { digits } = fmt;
  const lines = data.lines;
  const sheet = book.sheet('Lines', LINES_HEADER, WIDTHS, lines.length);
  const c = (name: string) => colOf(LINES_HEADER, name);
  const [J, K, M, O] = [c('Amount (per second)'), c('Amount (10-min slices)'), c('Credit applied'), c('Billed amount')];
  const money = fmt.money;
  const styles = [
    fmt.general,
    fmt.text,
    fmt.text,
    fmt.text,
    fmt.text,
    fmt.integer,
    fmt.integer,
    fmt.duration,
    fmt.price,
    money,
    money,
    money,
    money,
    money,
    money,
    money,
    fmt.text,
    fmt.text,
    fmt.wrap,
  ];
  let count = 0;
  for (const l of lines) {
    const r = sheet.row + 1;
    const what = (field: string) => `line ${l.lineNo} ${field}`;
    sheet.put(
      [
        l.lineNo,
        cellText(l.kind),
        cellText(l.itemId),
        cellText(l.itemName),
        cellText(l.priceItem),
        l.instances,
        l.billableSeconds,
        l.billableSeconds / 86_400, // a duration in days: [h]:mm:ss shows it, SUM adds it
        l.unitPrice === null ? null : num(l.unitPrice, what('unit price')),
        num(l.amountPerSecond, what('amount per second')),
        num(l.amountLegacy, what('legacy amount')),
        { formula: `ROUND(${K}${r}-${J}${r},${digits})`, result: num(l.difference, what('difference')) },
        num(l.credit, what('credit')),
        { formula: `ROUND(${J}${r}-${M}${r},${digits})`, result: num(l.net, what('net amount')) },
        l.billed === null ? null : num(l.billed, what('billed amount')),
        { formula: `ROUND(${O}${r}-${J}${r},${digits})`, result: num(l.variance, what('variance')) },
        cellText(l.status),
        cellText(l.review),
        l.annotationsText ? cellText(l.annotationsText) : null,
      ],
      styles,
    );
    await sheet.tick(++count);
  }
  await sheet.commit(`A1:${colLetter(LINES_HEADER.length)}${sheet.row}`, count);
}
