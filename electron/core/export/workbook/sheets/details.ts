// Details: one row per usage interval (or its part inside the period), in line order, streamed
// from an iterator over as many sheets as it takes (docs/workbook.md, "Details").
import { isoUtcExact } from '../../../../../shared/instant';
import type { RatedDetail } from '../../../../../shared/types';
import { cellText, num, type Cell, type WallClock } from '../cells';
import type { WorkbookData } from '../contract';
import type { Formats } from '../formats';
import type { BookWriter } from '../stream';

const HEADER = [
  'Line',
  'Item ID',
  'Instance ID',
  'Price item',
  'Start',
  'End',
  'Billable seconds',
  'Unit price (per hour)',
  'Amount (exact)',
  'Source file',
  'Source row',
  'Exact start → end (UTC)',
] as const;

/**
 * Start → end with every digit, for an interval whose instants have digits below the millisecond
 * (a date cell cannot hold them); empty otherwise.
 */
function exactSpan(d: Pick<RatedDetail, 'start' | 'end' | 'startSub' | 'endSub'>): string | null {
  const s = d.startSub ?? '';
  const e = d.endSub ?? '';
  return s === '' && e === '' ? null : `${isoUtcExact(d.start, s)} → ${isoUtcExact(d.end, e)}`;
}

/** A spreadsheet row number stays a number; a JSON record path stays text. */
function sourceRow(row: string): string | number {
  return /^[1-9]\d{0,14}$/.test(row) ? Number(row) : cellText(row);
}

export async function writeDetails(book: BookWriter, fmt: Formats, clock: WallClock, data: WorkbookData): Promise<void> {
  const styles = [fmt.general, fmt.text, fmt.text, fmt.text, fmt.date, fmt.date, fmt.integer, fmt.price, fmt.exact, fmt.text, fmt.general, fmt.text];
  // Values known before the rows stream: each line's item, price item, seconds, price and amount
  // bound the widths of theirs; the source file names those of the source column.
  const seen: Cell[][] = data.lines.map((l) => [
    l.lineNo,
    cellText(l.itemId),
    null,
    cellText(l.priceItem),
    null,
    null,
    l.billableSeconds,
    l.unitPrice === null ? null : num(l.unitPrice, `line ${l.lineNo} unit price`),
    num(l.amountPerSecond, `line ${l.lineNo} amount per second`),
    null,
    null,
    null,
  ]);
  for (const f of data.sourceFiles) seen.push([null, null, null, null, null, null, null, null, null, cellText(f.name), null, null]);
  await book.longSheet('Details', HEADER, { seen }, styles, data.details(), ({ lineNo, itemId, detail: d }) => [
    lineNo,
    cellText(itemId),
    cellText(d.instanceId),
    cellText(d.priceItem),
    clock.date(d.start),
    clock.date(d.end),
    d.billableSeconds,
    d.pricePerHour === null ? null : num(d.pricePerHour, `detail ${d.intervalId} price`),
    num(d.exactAmount, `detail ${d.intervalId} amount`),
    cellText(d.source.file),
    sourceRow(d.source.row),
    exactSpan(d),
  ]);
}
