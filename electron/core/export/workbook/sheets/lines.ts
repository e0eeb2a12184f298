// Lines: one row per line in invoice line order; difference, net and variance are formulas over
// the row with the rating's figures stored as their results (docs/workbook.md, "Lines").
import { cellText, colLetter, colOf, decimal, num, type Cell, type WallClock } from '../cells';
import type { WorkbookData } from '../contract';
import type { Formats } from '../formats';
import type { BookWriter } from '../stream';
import { ColumnWidths } from '../widths';
import { wordsFor } from '../words';
import { reviewWords } from '../../../../../shared/i18n/labels';

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

/** Annotations wrap within this width. */
const CAPS = [...LINES_HEADER.map(() => undefined), 45];

export async function writeLines(book: BookWriter, fmt: Formats, _clock: WallClock, data: WorkbookData): Promise<void> {
  const { digits, billedDigits } = fmt;
  const words = wordsFor(data.locale);
  const lines = data.lines;
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
  const [BILLED, VARIANCE] = [LINES_HEADER.indexOf('Billed amount'), LINES_HEADER.indexOf('Variance')];
  /** A billed amount and its variance show every decimal they have (12.345), the others the currency's. */
  const stylesOf = (l: WorkbookData['lines'][number]) => {
    const billed = l.billed === null ? 0 : decimal(l.billed, `line ${l.lineNo} billed amount`).decimalPlaces();
    const variance = decimal(l.variance, `line ${l.lineNo} variance`).decimalPlaces();
    if (billed <= digits && variance <= digits) return styles;
    return styles.map((s, i) => (i === BILLED ? fmt.moneyIn(billed) : i === VARIANCE ? fmt.moneyIn(variance) : s));
  };
  const toRow = (l: WorkbookData['lines'][number], r: number): Cell[] => {
    const what = (field: string) => `line ${l.lineNo} ${field}`;
    return [
      l.lineNo,
      cellText(words.kind[l.kind]),
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
      { formula: `ROUND(${O}${r}-${J}${r},${billedDigits})`, result: num(l.variance, what('variance')) },
      cellText(words.status[l.status]),
      cellText(reviewWords(words, l.review, l.changedSinceReview)),
      l.annotationsText ? cellText(l.annotationsText) : null,
    ];
  };
  const measure = new ColumnWidths(LINES_HEADER, CAPS);
  lines.forEach((l, i) => measure.see(toRow(l, i + 2), stylesOf(l)));
  const sheet = book.sheet('Lines', LINES_HEADER, measure.widths(), lines.length);
  let count = 0;
  for (const l of lines) {
    sheet.put(toRow(l, sheet.row + 1), stylesOf(l));
    await sheet.tick(++count);
  }
  await sheet.commit(`A1:${colLetter(LINES_HEADER.length)}${sheet.row}`, count);
}
