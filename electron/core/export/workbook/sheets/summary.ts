// Summary: key/value rows, then the totals as formulas over Lines and over each other, each with
// the rating's figure stored as its result (docs/workbook.md, "Summary").
import { cellText, colOf, decimal, num, periodDays, type Cell, type WallClock } from '../cells';
import type { WorkbookData } from '../contract';
import type { CellStyle, Formats } from '../formats';
import type { BookWriter } from '../stream';
import { ColumnWidths } from '../widths';
import { wordsFor } from '../words';
import { LINES_HEADER } from './lines';

const HEADER = ['Field', 'Value'] as const;
/** The value column holds a SHA-256 (64 characters) on one line; a source file's name wraps above its hash. */
const VALUE_WIDTH = 70;

/** Labels of the totals (column A), in order after the key/value rows. */
export const SUMMARY_TOTALS = {
  subtotalPerSecond: 'Subtotal (per second)',
  subtotalLegacy: 'Subtotal (10-minute slices)',
  difference: 'Difference',
  creditsApplied: 'Credits applied',
  netBeforeTax: 'Net before tax',
  vatPercent: 'VAT %',
  vat: 'VAT',
  total: 'Total',
  billedTotal: 'Billed total (provider)',
  variance: 'Variance',
} as const;

export async function writeSummary(book: BookWriter, fmt: Formats, clock: WallClock, data: WorkbookData): Promise<void> {
  const { digits, billedDigits, amountDigits } = fmt;
  const inv = data.invoice;
  const words = wordsFor(data.locale);
  // Rows are built first (widths fit them); a row's number is its place under the header.
  const rows: [string, Cell, CellStyle][] = [];
  const kv = (key: string, value: Cell, style?: CellStyle) => rows.push([key, value, style]) + 1;
  const days = periodDays(clock, inv.periodStart, inv.periodEnd);
  kv('Owner', cellText(data.ownerId));
  if (data.ownerName) kv('Owner name', cellText(data.ownerName));
  kv('Period start', days.first, fmt.day);
  kv('Period end', days.last, fmt.day);
  kv('Time zone', cellText(clock.zone));
  kv('Currency', cellText(inv.currency));
  kv('Generated at', clock.date(data.generatedAt), fmt.date);

  // The totals come before the list of source files, so that they print on the first page.
  const n = Math.max(1 + data.lines.length, 2); // last Lines row (an empty range J2:J2 sums to 0)
  const range = (header: string) => `Lines!${colOf(LINES_HEADER, header)}2:${colOf(LINES_HEADER, header)}${n}`;
  // Each figure is shown with every decimal it has: whole minor units for a rated invoice, more for
  // a billed total and its variance, and for every sum of a FOCUS period (its costs are exact).
  const money = (key: string, formula: string, result: string) =>
    kv(key, { formula, result: num(result, key) }, fmt.moneyIn(decimal(result, key).decimalPlaces()));
  const T = SUMMARY_TOTALS;
  // Sums of recomputed amounts round to their most precise operand (the minor unit, but a FOCUS
  // line's exact cost), which leaves an exact sum whole; VAT alone is rounded to the minor unit.
  const rPs = money(T.subtotalPerSecond, `ROUND(SUM(${range('Amount (per second)')}),${amountDigits})`, inv.subtotalPerSecond);
  const rLegacy = money(T.subtotalLegacy, `ROUND(SUM(${range('Amount (10-min slices)')}),${amountDigits})`, inv.subtotalLegacy);
  money(T.difference, `ROUND(B${rLegacy}-B${rPs},${amountDigits})`, inv.difference);
  const rCredits = money(T.creditsApplied, `ROUND(SUM(${range('Credit applied')}),${amountDigits})`, inv.creditsApplied);
  const rNet = money(T.netBeforeTax, `ROUND(B${rPs}-B${rCredits},${amountDigits})`, inv.netBeforeTax);
  const rVatPct = kv(T.vatPercent, num(inv.vatPercent, 'VAT %'), fmt.general);
  // Excel's and LibreOffice's ROUND round half away from zero, as the rating does.
  const rVat = money(T.vat, `ROUND(B${rNet}*B${rVatPct}/100,${digits})`, inv.vat);
  money(T.total, `ROUND(B${rNet}+B${rVat},${amountDigits})`, inv.total);
  const rBilled = money(T.billedTotal, `ROUND(SUM(${range('Billed amount')}),${billedDigits})`, data.billedTotal);
  money(T.variance, `ROUND(B${rBilled}-B${rPs},${billedDigits})`, data.variance);

  // What a status means: the tolerance the reconciliation applied (SPEC 4).
  if (data.tolerance) {
    kv('Tolerance', num(data.tolerance.amount, 'tolerance'), fmt.moneyIn(decimal(data.tolerance.amount, 'tolerance').decimalPlaces()));
    kv('Tolerance (% of billed)', data.tolerance.percent === null ? words.none : num(data.tolerance.percent, 'tolerance percentage'), fmt.general);
  }
  kv('Audit head', cellText(data.auditHead));
  if (data.signOff) {
    kv('Signed off by', cellText(data.signOff.by));
    kv('Signed off at', clock.date(data.signOff.at), fmt.date);
    kv('Sign-off entry', data.signOff.auditSeq, fmt.general);
  }
  if (data.sourceFiles.length === 0) kv('Source files', words.none);
  for (const f of data.sourceFiles) kv('Source file', cellText(`${f.name} — ${f.sha256}`));

  const measure = new ColumnWidths(HEADER, [undefined, VALUE_WIDTH]);
  for (const [key, value, style] of rows) measure.see([key, value], [fmt.text, style]);
  const sheet = book.sheet('Summary', HEADER, measure.widths());
  for (const [key, value, style] of rows) sheet.put([key, value], [fmt.text, style]);
  await sheet.commit(`A1:B${sheet.row}`, sheet.row - 1);
}
