// Disputes: the claim to send the provider, written when any line is disputed — each disputed
// line with its figures, the reason, who disputed it and when, and the evidence (how much usage,
// over which span, which intervals the invoice bills differently, from which files, billed by
// which invoice file), then the total variance
// claimed as a formula (docs/workbook.md, "Disputes").
import { D } from '../../../../../shared/money';
import { cellText, colLetter, colOf, decimal, num, type Cell, type WallClock } from '../cells';
import type { WorkbookData, WorkbookDispute } from '../contract';
import type { CellStyle, Formats } from '../formats';
import type { BookWriter } from '../stream';
import { ColumnWidths } from '../widths';
import { wordsFor } from '../words';

export const DISPUTES_HEADER = [
  'Line',
  'Kind',
  'Item ID',
  'Item name',
  'Price item',
  'Amount (per second)',
  'Billed amount',
  'Variance',
  'Status',
  'Reason',
  'Disputed by',
  'Disputed at',
  'Intervals',
  'Billable seconds',
  'Duration',
  'First start',
  'Last end',
  'Differing intervals',
  'Which intervals',
  'Usage files',
  'Invoice files',
] as const;

/** Reasons and file lists wrap within these widths. */
const CAPS = DISPUTES_HEADER.map((h) => (h === 'Reason' || h === 'Which intervals' ? 50 : h === 'Usage files' || h === 'Invoice files' ? 36 : undefined));

export async function writeDisputes(book: BookWriter, fmt: Formats, clock: WallClock, data: WorkbookData): Promise<void> {
  const disputes = data.disputes ?? [];
  if (disputes.length === 0) return;
  const words = wordsFor(data.locale);
  const c = (name: string) => colOf(DISPUTES_HEADER, name);
  const [BILLED, VARIANCE] = [DISPUTES_HEADER.indexOf('Billed amount'), DISPUTES_HEADER.indexOf('Variance')];
  const base: CellStyle[] = DISPUTES_HEADER.map((h) => {
    switch (h) {
      case 'Line':
        return fmt.general;
      case 'Amount (per second)':
      case 'Billed amount':
      case 'Variance':
        return fmt.money;
      case 'Intervals':
      case 'Billable seconds':
      case 'Differing intervals':
        return fmt.integer;
      case 'Duration':
        return fmt.duration;
      case 'Disputed at':
      case 'First start':
      case 'Last end':
        return fmt.date;
      case 'Reason':
      case 'Which intervals':
      case 'Usage files':
      case 'Invoice files':
        return fmt.wrap;
      default:
        return fmt.text;
    }
  });
  /** Billed amounts and variances show every decimal they have, as on the Lines sheet. */
  const stylesOf = (l: WorkbookDispute['line']): CellStyle[] => {
    const billed = l.billed === null ? 0 : decimal(l.billed, `line ${l.lineNo} billed amount`).decimalPlaces();
    const variance = decimal(l.variance, `line ${l.lineNo} variance`).decimalPlaces();
    if (billed <= fmt.digits && variance <= fmt.digits) return base;
    return base.map((s, i) => (i === BILLED ? fmt.moneyIn(billed) : i === VARIANCE ? fmt.moneyIn(variance) : s));
  };
  const row = (d: WorkbookDispute): Cell[] => {
    const l = d.line;
    const what = (field: string) => `disputed line ${l.lineNo} ${field}`;
    return [
      l.lineNo,
      cellText(words.kind[l.kind]),
      cellText(l.itemId),
      cellText(l.itemName),
      cellText(l.priceItem),
      num(l.amountPerSecond, what('amount per second')),
      l.billed === null ? null : num(l.billed, what('billed amount')),
      num(l.variance, what('variance')),
      cellText(words.status[l.status]),
      cellText(d.reason),
      cellText(d.disputedBy),
      d.disputedAt === null ? null : clock.date(d.disputedAt),
      d.intervals,
      d.billableSeconds,
      d.billableSeconds === null ? null : d.billableSeconds / 86_400,
      d.firstStart === null ? null : clock.date(d.firstStart),
      d.lastEnd === null ? null : clock.date(d.lastEnd),
      d.differing,
      d.differingText ? cellText(d.differingText) : null,
      d.usageFiles.length ? cellText(d.usageFiles.join('\n')) : words.none,
      d.invoiceFiles.length ? cellText(d.invoiceFiles.join('\n')) : words.none,
    ];
  };
  // The total claimed: the disputed lines' variances (billed − recomputed), exact.
  const total = disputes.reduce((a, d) => a.plus(d.line.variance), new D(0));
  const places = Math.max(fmt.digits, ...disputes.map((d) => decimal(d.line.variance, `line ${d.line.lineNo} variance`).decimalPlaces()));
  const V = c('Variance');
  const totalRow = (first: number, last: number): Cell[] =>
    DISPUTES_HEADER.map((h, i) =>
      i === 0
        ? cellText(words.totalClaimed)
        : h === 'Variance'
          ? { formula: `ROUND(SUM(${V}${first}:${V}${last}),${places})`, result: num(total.toFixed(places), words.totalClaimed) }
          : null,
    );
  const totalStyles = base.map((s, i) => (i === VARIANCE ? fmt.moneyIn(places) : i === 0 ? fmt.text : s));

  const measure = new ColumnWidths(DISPUTES_HEADER, CAPS);
  for (const d of disputes) measure.see(row(d), stylesOf(d.line));
  measure.see(totalRow(2, disputes.length + 1), totalStyles);
  const sheet = book.sheet('Disputes', DISPUTES_HEADER, measure.widths(), disputes.length);
  let count = 0;
  for (const d of disputes) {
    sheet.put(row(d), stylesOf(d.line));
    await sheet.tick(++count);
  }
  const autoFilter = `A1:${colLetter(DISPUTES_HEADER.length)}${sheet.row}`;
  const last = sheet.row;
  sheet.blank();
  sheet.put(totalRow(2, last), totalStyles);
  await sheet.commit(autoFilter, count);
}
