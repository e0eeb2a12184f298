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
  const { digits, billedDigits, amountDigits } = fmt;
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
  /** The money columns, each shown with every decimal its amount has (a billed 12.345, a FOCUS line's exact cost), the currency's at least. */
  type Line = WorkbookData['lines'][number];
  const moneyColumn = (header: (typeof LINES_HEADER)[number], get: (l: Line) => string | null, what: string) =>
    [LINES_HEADER.indexOf(header), get, what] as const;
  const MONEY = [
    moneyColumn('Amount (per second)', (l) => l.amountPerSecond, 'amount per second'),
    moneyColumn('Amount (10-min slices)', (l) => l.amountLegacy, 'legacy amount'),
    moneyColumn('Difference', (l) => l.difference, 'difference'),
    moneyColumn('Credit applied', (l) => l.credit, 'credit'),
    moneyColumn('Net amount', (l) => l.net, 'net amount'),
    moneyColumn('Billed amount', (l) => l.billed, 'billed amount'),
    moneyColumn('Variance', (l) => l.variance, 'variance'),
  ];
  const stylesOf = (l: WorkbookData['lines'][number]) => {
    let out: typeof styles | null = null;
    for (const [i, get, what] of MONEY) {
      const v = get(l);
      // Most amounts have the currency's decimals or fewer: told from the text, without a Decimal.
      const dot = v === null ? -1 : v.indexOf('.');
      if (v === null || dot < 0 || v.length - dot - 1 <= digits) continue;
      const places = decimal(v, `line ${l.lineNo} ${what}`).decimalPlaces();
      if (places <= digits) continue;
      out ??= [...styles];
      out[i] = fmt.moneyIn(places);
    }
    return out ?? styles;
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
      { formula: `ROUND(${K}${r}-${J}${r},${amountDigits})`, result: num(l.difference, what('difference')) },
      num(l.credit, what('credit')),
      { formula: `ROUND(${J}${r}-${M}${r},${amountDigits})`, result: num(l.net, what('net amount')) },
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
