// Writes one period's workbook (SPEC 6) with exceljs's streaming writer, atomically.
//
// - Every sheet is written row by row and each row is committed at once, so memory stays bounded
//   whatever the number of Details or Audit rows (the inputs are iterators, never arrays).
// - The file is written to a temporary file next to `outPath`, flushed to disk, then renamed onto
//   `outPath`. On any error the temporary file is removed and the error rethrown: `outPath` is either
//   the previous file untouched or the complete new workbook, never a partial one.
// - Strings are always written as string cells (never `{ formula }`), so a text beginning with
//   `=`, `+`, `-` or `@` stays text. The only formulas are the ones built here from cell addresses.
// - Excel has no time zones: dates are written as the wall-clock time of the workspace time zone
//   (the zone is named in the Summary's `Time zone` row). See docs/workbook.md.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import ExcelJS, { type Style, type Worksheet } from 'exceljs';
import { D, minorUnits, type DecimalValue } from '../../../../shared/money';
import type { WorkbookData, WorkbookLine } from './data';

export interface ExportProgress {
  sheet: string;
  rows: number;
  totalRows?: number;
}

export interface WriteWorkbookOptions {
  onProgress?: (p: ExportProgress) => void;
  /** Rows per sheet, header included (default and maximum: Excel's 1,048,576). For tests. */
  maxRowsPerSheet?: number;
}

// ---------------------------------------------------------------------------------------------
// The contract (SPEC 6): sheet names, order and header rows.

export const SHEET_NAMES = ['Summary', 'Lines', 'Details', 'Credits', 'Audit'] as const;

export const SUMMARY_HEADER = ['Field', 'Value'] as const;
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
export const DETAILS_HEADER = [
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
] as const;
export const CREDITS_HEADER = ['Credit ID', 'Kind', 'Scope', 'Expires at', 'Opening balance', 'Applied', 'Expired', 'Closing balance'] as const;
export const CREDIT_ALLOCATIONS_HEADER = ['Credit ID', 'Line', 'Item name', 'Applied'] as const;
export const AUDIT_HEADER = ['Time', 'Actor', 'Action', 'Subject', 'Detail', 'Hash'] as const;

/** Summary field labels (column A), in order after the key/value rows. */
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

/** Rows between two progress reports. */
export const PROGRESS_EVERY = 10_000;
/** Rows between two checks of the writer's backlog. */
const THROTTLE_EVERY = 1_000;
/** Bytes of sheet XML allowed to wait for compression before the writer pauses. */
const MAX_BACKLOG = 8 * 1024 * 1024;
/** Excel's (and LibreOffice's) limit on the rows of one sheet. */
export const MAX_SHEET_ROWS = 1_048_576;
/** Excel's limit on the characters of one cell. */
export const MAX_CELL_TEXT = 32_767;

// ---------------------------------------------------------------------------------------------
// Values

type Dec = DecimalValue;

/** Column letter of a 1-based column number. */
function colLetter(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

function colOf(header: readonly string[], name: string): string {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`No column "${name}"`);
  return colLetter(i + 1);
}

// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TRUNCATED = '… [truncated]';

/**
 * A string as it can be stored in a cell: characters XML cannot carry (and DEL, which exceljs
 * drops) become U+FFFD (visible rather than silently dropped), CR LF and CR become LF, and texts longer than Excel's cell limit
 * are cut with a marker.
 * The result is always written as a string value, never as a formula.
 */
export function cellText(value: string): string {
  // Line breaks become \n (a bare CR would be turned into LF by any XML reader anyway).
  let s = value.replace(/\r\n?/g, '\n').replace(XML_INVALID, '\uFFFD');
  if (s.length > MAX_CELL_TEXT) {
    let cut = MAX_CELL_TEXT - TRUNCATED.length;
    const code = s.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--; // do not split a surrogate pair
    s = s.slice(0, cut) + TRUNCATED;
  }
  return s;
}

function dec(value: string, what: string): Dec {
  try {
    const d = new D(value);
    if (!d.isFinite()) throw new Error('not finite');
    return d;
  } catch {
    throw new Error(`Workbook export: ${what} "${value}" is not a decimal number`);
  }
}

/** A decimal string as the nearest spreadsheet number (money is exact upstream; a cell holds a double). */
function num(value: string, what: string): number {
  return dec(value, what).toNumber();
}

function zoneOffsetMinutes(ms: number, zone: string): number {
  const dt = DateTime.fromMillis(ms, { zone });
  if (!dt.isValid) throw new Error(`Workbook export: cannot show ${ms} in time zone "${zone}" (${dt.invalidExplanation ?? dt.invalidReason ?? 'invalid'})`);
  return dt.offset;
}

const HOUR = 3_600_000;

/** The style of an unstyled cell, shared (never mutated). */
const NO_STYLE: Partial<Style> = Object.freeze({});

/**
 * Turns instants into cell dates: the wall-clock time of `zone` at that instant, because a
 * spreadsheet date has no zone (exceljs turns a Date into a serial number through its UTC fields).
 * Offsets are cached per UTC hour when the offset is the same at both ends of the hour (zone
 * transitions are never less than an hour apart), so millions of Details dates stay cheap.
 */
export class WallClock {
  private readonly hours = new Map<number, number>();
  constructor(readonly zone: string) {
    zoneOffsetMinutes(0, zone); // an unknown zone fails here
  }

  offsetMinutes(ms: number): number {
    const hour = Math.floor(ms / HOUR);
    const cached = this.hours.get(hour);
    if (cached !== undefined) return cached;
    const first = zoneOffsetMinutes(hour * HOUR, this.zone);
    if (first !== zoneOffsetMinutes(hour * HOUR + HOUR - 1, this.zone)) return zoneOffsetMinutes(ms, this.zone); // a transition inside this hour
    if (this.hours.size > 100_000) this.hours.clear();
    this.hours.set(hour, first);
    return first;
  }

  date(ms: number): Date {
    if (!Number.isFinite(ms)) throw new Error(`Workbook export: ${ms} is not an instant`);
    return new Date(ms + this.offsetMinutes(ms) * 60_000);
  }
}

/** One instant as a cell date in `zone` (see WallClock). */
export function wallClockDate(ms: number, zone: string): Date {
  return new WallClock(zone).date(ms);
}

// ---------------------------------------------------------------------------------------------
// Styles (shared objects, never mutated)

const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const DURATION_FORMAT = '[h]:mm:ss';

/**
 * The currency's number format: `#,##0.00 "€"`, `"$"#,##0.00`, `"¥"#,##0`, `#,##0.00 "CHF"`...
 * `decimals` are always shown, `optionalDecimals` more only when the value has them.
 */
export function currencyFormat(currency: string, decimals = minorUnits(currency), optionalDecimals = 0): string {
  const code = currency.toUpperCase().replace(/[^A-Z]/g, '') || 'XXX';
  const frac = decimals + optionalDecimals > 0 ? `.${'0'.repeat(decimals)}${'#'.repeat(optionalDecimals)}` : '';
  const n = `#,##0${frac}`;
  switch (code) {
    case 'EUR':
      return `${n} "€"`;
    case 'USD':
      return `"$"${n}`;
    case 'GBP':
      return `"£"${n}`;
    case 'JPY':
      return `"¥"${n}`;
    default:
      return `${n} "${code}"`;
  }
}

interface Styles {
  header: Partial<Style>;
  text: Partial<Style> | undefined;
  wrap: Partial<Style>;
  integer: Partial<Style>;
  date: Partial<Style>;
  duration: Partial<Style>;
  money: Partial<Style>;
  price: Partial<Style>;
  exact: Partial<Style>;
  general: Partial<Style> | undefined;
}

function makeStyles(currency: string): Styles {
  return {
    header: {
      font: { bold: true },
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } },
      border: { bottom: { style: 'thin', color: { argb: 'FF808080' } } },
      alignment: { vertical: 'middle' },
    },
    text: undefined,
    wrap: { alignment: { wrapText: true, vertical: 'top' } },
    integer: { numFmt: '#,##0' },
    date: { numFmt: DATE_FORMAT },
    duration: { numFmt: DURATION_FORMAT },
    money: { numFmt: currencyFormat(currency) },
    // Unit prices keep their precision: at least 2 decimals (the minor unit's if more), up to 10.
    price: { numFmt: currencyFormat(currency, Math.max(2, minorUnits(currency)), 10 - Math.max(2, minorUnits(currency))) },
    exact: { numFmt: '0.000000000' },
    general: undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Streaming plumbing

type ExcelJSModule = typeof ExcelJS;
type WorkbookWriter = InstanceType<ExcelJSModule['stream']['xlsx']['WorkbookWriter']>;
type Cell = string | number | Date | null | { formula: string; result: number };

interface Ctx {
  wb: WorkbookWriter;
  styles: Styles;
  zone: string;
  clock: WallClock;
  digits: number;
  /** First error of the output stream or the zip, if any. */
  failure: { error: unknown } | null;
  maxRowsPerSheet: number;
  onProgress: ((p: ExportProgress) => void) | undefined;
}

interface StreamState {
  length?: number;
}
interface PipeLike {
  writableLength?: number;
  readableLength?: number;
  _writableState?: StreamState;
  _readableState?: StreamState;
}

/**
 * Bytes of sheet XML waiting to be compressed: exceljs's stream buffer and the zip entry's input
 * stream (a readable-stream v2 PassThrough, which has no writableLength, hence the states).
 * exceljs ignores backpressure, so the writer measures it and waits (see throttle).
 */
function backlog(ws: Worksheet): number {
  const s = (ws as unknown as { stream?: { buffers?: { length: number }[]; pipes?: PipeLike[] } }).stream;
  let n = 0;
  for (const b of s?.buffers ?? []) n += b.length;
  for (const p of s?.pipes ?? []) {
    n += p.writableLength ?? p._writableState?.length ?? 0;
    n += p.readableLength ?? p._readableState?.length ?? 0;
  }
  return n;
}

function checkFailure(ctx: Ctx): void {
  if (ctx.failure) throw ctx.failure.error instanceof Error ? ctx.failure.error : new Error(String(ctx.failure.error));
}

/** Lets the zip compress and the file stream write what the sheet produced (bounded memory). */
async function throttle(ctx: Ctx, ws: Worksheet): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  checkFailure(ctx);
  while (backlog(ws) > MAX_BACKLOG) {
    await new Promise<void>((resolve) => setTimeout(resolve, 2));
    checkFailure(ctx);
  }
}

const EDGE_SPACE = /^\s|\s$/;

/**
 * How a string goes into a cell. exceljs writes a plain string as `t="str"` with a `<v>` value,
 * which some readers (LibreOffice) trim; a string with leading or trailing white space is written
 * as an inline string instead (`t="inlineStr"`, `<t xml:space="preserve">`), with `_xHHHH_`
 * sequences escaped so they are not decoded. Neither is ever a formula.
 */
function stringCell(value: Cell): Cell | { richText: { text: string }[] } {
  if (typeof value !== 'string' || !EDGE_SPACE.test(value)) return value;
  return { richText: [{ text: value.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1') }] };
}

class SheetWriter {
  readonly ws: Worksheet;
  row = 0;
  constructor(
    private readonly ctx: Ctx,
    readonly name: string,
    header: readonly string[],
    widths: readonly number[],
    private readonly totalRows?: number,
    private readonly progressName = name,
  ) {
    // Created only when the previous sheet is committed: the zip consumes one sheet at a time.
    this.ws = ctx.wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
    this.ws.columns = widths.map((width) => ({ width }));
    this.put(
      [...header],
      header.map(() => ctx.styles.header),
    );
  }

  /** Appends and commits one row. */
  put(values: Cell[], styles: readonly (Partial<Style> | undefined)[]): number {
    const row = this.ws.addRow(values.map(stringCell));
    this.row = row.number;
    // Every cell gets a shared style object, an empty one when unstyled: exceljs caches a style's
    // id by object identity, and would otherwise work out the id of each cell's own `{}` again.
    for (let i = 0; i < values.length; i++) row.getCell(i + 1).style = styles[i] ?? NO_STYLE;
    row.commit();
    return this.row;
  }

  /** Skips a row (left blank). */
  blank(): void {
    this.ws.addRow([]).commit();
    this.row++;
  }

  /** Called after each data row: throttles and reports progress. */
  async tick(dataRows: number): Promise<void> {
    if (dataRows % THROTTLE_EVERY === 0) await throttle(this.ctx, this.ws);
    if (dataRows % PROGRESS_EVERY === 0) this.progress(dataRows);
  }

  progress(dataRows: number): void {
    const sheet = this.progressName;
    this.ctx.onProgress?.(this.totalRows === undefined ? { sheet, rows: dataRows } : { sheet, rows: dataRows, totalRows: this.totalRows });
  }

  /** Sets the auto-filter and ends the sheet; waits until the zip has taken it all. */
  async commit(autoFilter: string, dataRows: number): Promise<void> {
    this.ws.autoFilter = autoFilter;
    this.progress(dataRows);
    await throttle(this.ctx, this.ws);
    (this.ws as unknown as { commit(): void }).commit();
  }
}

// ---------------------------------------------------------------------------------------------
// Consistency: the stored formula results must be what the formulas compute.

function sum(values: Iterable<string | null>, what: string): Dec {
  let total = new D(0);
  for (const v of values) if (v !== null) total = total.plus(dec(v, what));
  return total;
}

/**
 * Checks, in exact decimals, that each line's and the Summary's formulas compute the figures that
 * are stored as their results (the rating module's). A workbook that contradicts itself is refused.
 */
export function checkWorkbookFigures(data: WorkbookData): void {
  const inv = data.invoice;
  const digits = minorUnits(inv.currency);
  const problems: string[] = [];
  const same = (label: string, stored: string, computed: Dec) => {
    if (!dec(stored, label).eq(computed.toDecimalPlaces(digits, D.ROUND_HALF_UP))) {
      problems.push(`${label} is ${stored} but the workbook's formula gives ${computed.toDecimalPlaces(digits, D.ROUND_HALF_UP).toFixed(digits)}`);
    }
  };
  for (const l of data.lines) {
    const ps = dec(l.amountPerSecond, `line ${l.lineNo} amount per second`);
    same(`Line ${l.lineNo} difference`, l.difference, dec(l.amountLegacy, `line ${l.lineNo} legacy amount`).minus(ps));
    same(`Line ${l.lineNo} net amount`, l.net, ps.minus(dec(l.credit, `line ${l.lineNo} credit`)));
    same(`Line ${l.lineNo} variance`, l.variance, (l.billed === null ? new D(0) : dec(l.billed, `line ${l.lineNo} billed amount`)).minus(ps));
  }
  const ps = sum(
    data.lines.map((l) => l.amountPerSecond),
    'amount per second',
  );
  const legacy = sum(
    data.lines.map((l) => l.amountLegacy),
    'legacy amount',
  );
  const credits = sum(
    data.lines.map((l) => l.credit),
    'credit',
  );
  const billed = sum(
    data.lines.map((l) => l.billed),
    'billed amount',
  );
  same(SUMMARY_TOTALS.subtotalPerSecond, inv.subtotalPerSecond, ps);
  same(SUMMARY_TOTALS.subtotalLegacy, inv.subtotalLegacy, legacy);
  same(SUMMARY_TOTALS.difference, inv.difference, dec(inv.subtotalLegacy, 'subtotal').minus(dec(inv.subtotalPerSecond, 'subtotal')));
  same(SUMMARY_TOTALS.creditsApplied, inv.creditsApplied, credits);
  const net = dec(inv.subtotalPerSecond, 'subtotal').minus(dec(inv.creditsApplied, 'credits'));
  same(SUMMARY_TOTALS.netBeforeTax, inv.netBeforeTax, net);
  const vat = dec(inv.netBeforeTax, 'net').times(dec(inv.vatPercent, 'VAT %')).div(100);
  same(SUMMARY_TOTALS.vat, inv.vat, vat);
  same(SUMMARY_TOTALS.total, inv.total, dec(inv.netBeforeTax, 'net').plus(dec(inv.vat, 'VAT')));
  same(SUMMARY_TOTALS.billedTotal, data.billedTotal, billed);
  same(SUMMARY_TOTALS.variance, data.variance, dec(data.billedTotal, 'billed total').minus(dec(inv.subtotalPerSecond, 'subtotal')));
  if (problems.length) {
    throw new Error(
      `Workbook export refused: the figures do not agree with their formulas (${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Sheets

async function writeSummary(ctx: Ctx, data: WorkbookData): Promise<void> {
  const { styles: st, digits } = ctx;
  const inv = data.invoice;
  const sheet = new SheetWriter(ctx, 'Summary', SUMMARY_HEADER, [30, 90]);
  const kv = (key: string, value: Cell, style?: Partial<Style>) => sheet.put([key, value], [st.text, style]);
  kv('Owner', cellText(data.ownerId));
  kv('Period start', ctx.clock.date(inv.periodStart), st.date);
  kv('Period end', ctx.clock.date(inv.periodEnd), st.date);
  kv('Time zone', cellText(ctx.zone));
  kv('Currency', cellText(inv.currency));
  kv('Generated at', ctx.clock.date(data.generatedAt), st.date);
  if (data.sourceFiles.length === 0) kv('Source files', 'none');
  for (const f of data.sourceFiles) kv('Source file', cellText(`${f.name} — ${f.sha256}`));

  const n = Math.max(1 + data.lines.length, 2); // last Lines row (an empty range J2:J2 sums to 0)
  const range = (header: string) => `Lines!${colOf(LINES_HEADER, header)}2:${colOf(LINES_HEADER, header)}${n}`;
  const money = (key: string, formula: string, result: string) => kv(key, { formula, result: num(result, key) }, st.money);
  const T = SUMMARY_TOTALS;
  const rPs = money(T.subtotalPerSecond, `ROUND(SUM(${range('Amount (per second)')}),${digits})`, inv.subtotalPerSecond);
  const rLegacy = money(T.subtotalLegacy, `ROUND(SUM(${range('Amount (10-min slices)')}),${digits})`, inv.subtotalLegacy);
  money(T.difference, `ROUND(B${rLegacy}-B${rPs},${digits})`, inv.difference);
  const rCredits = money(T.creditsApplied, `ROUND(SUM(${range('Credit applied')}),${digits})`, inv.creditsApplied);
  const rNet = money(T.netBeforeTax, `ROUND(B${rPs}-B${rCredits},${digits})`, inv.netBeforeTax);
  const rVatPct = kv(T.vatPercent, num(inv.vatPercent, 'VAT %'), st.general);
  // Excel's and LibreOffice's ROUND are half away from zero, like SPEC 3.
  const rVat = money(T.vat, `ROUND(B${rNet}*B${rVatPct}/100,${digits})`, inv.vat);
  money(T.total, `ROUND(B${rNet}+B${rVat},${digits})`, inv.total);
  const rBilled = money(T.billedTotal, `ROUND(SUM(${range('Billed amount')}),${digits})`, data.billedTotal);
  money(T.variance, `ROUND(B${rBilled}-B${rPs},${digits})`, data.variance);
  await sheet.commit(`A1:B${sheet.row}`, sheet.row - 1);
}

async function writeLines(ctx: Ctx, lines: readonly WorkbookLine[]): Promise<void> {
  const { styles: st, digits } = ctx;
  const sheet = new SheetWriter(ctx, 'Lines', LINES_HEADER, [7, 12, 24, 32, 18, 10, 16, 14, 20, 20, 22, 14, 16, 16, 16, 14, 22, 12, 60], lines.length);
  const c = (name: string) => colOf(LINES_HEADER, name);
  const [J, K, M, O] = [c('Amount (per second)'), c('Amount (10-min slices)'), c('Credit applied'), c('Billed amount')];
  const styles = [
    st.general,
    st.text,
    st.text,
    st.text,
    st.text,
    st.integer,
    st.integer,
    st.duration,
    st.price,
    st.money,
    st.money,
    st.money,
    st.money,
    st.money,
    st.money,
    st.money,
    st.text,
    st.text,
    st.wrap,
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

/** A spreadsheet row number stays a number; a JSON record path stays text. */
function sourceRow(row: string): string | number {
  return /^[1-9]\d{0,14}$/.test(row) ? Number(row) : cellText(row);
}

/**
 * Writes a sheet of any length from an iterator. Past the spreadsheet row limit the rows go on in
 * `Name (2)`, `Name (3)`... right after it, each with the same header row, frozen and filtered.
 */
async function writeLongSheet<T>(
  ctx: Ctx,
  name: string,
  header: readonly string[],
  widths: readonly number[],
  styles: readonly (Partial<Style> | undefined)[],
  items: Iterable<T>,
  toRow: (item: T) => Cell[],
): Promise<void> {
  const perSheet = ctx.maxRowsPerSheet - 1; // data rows under the header
  const filter = (sheet: SheetWriter) => `A1:${colLetter(header.length)}${sheet.row}`;
  let part = 1;
  let sheet = new SheetWriter(ctx, name, header, widths, undefined, name);
  let inSheet = 0;
  let count = 0;
  for (const item of items) {
    if (inSheet === perSheet) {
      await sheet.commit(filter(sheet), count);
      sheet = new SheetWriter(ctx, `${name} (${++part})`, header, widths, undefined, name);
      inSheet = 0;
    }
    sheet.put(toRow(item), styles);
    inSheet++;
    await sheet.tick(++count);
  }
  await sheet.commit(filter(sheet), count);
}

async function writeDetails(ctx: Ctx, data: WorkbookData): Promise<void> {
  const { styles: st } = ctx;
  await writeLongSheet(
    ctx,
    'Details',
    DETAILS_HEADER,
    [7, 24, 28, 18, 20, 20, 16, 20, 18, 36, 22],
    [st.general, st.text, st.text, st.text, st.date, st.date, st.integer, st.price, st.exact, st.text, st.general],
    data.details(),
    ({ lineNo, itemId, detail: d }) => [
      lineNo,
      cellText(itemId),
      cellText(d.instanceId),
      cellText(d.priceItem),
      ctx.clock.date(d.start),
      ctx.clock.date(d.end),
      d.billableSeconds,
      num(d.pricePerHour, `detail ${d.intervalId} price`),
      num(d.exactAmount, `detail ${d.intervalId} amount`),
      cellText(d.source.file),
      sourceRow(d.source.row),
    ],
  );
}

async function writeCredits(ctx: Ctx, data: WorkbookData): Promise<void> {
  const { styles: st } = ctx;
  const { balances, allocations } = data.credits;
  const total = balances.length + allocations.length;
  const sheet = new SheetWriter(ctx, 'Credits', CREDITS_HEADER, [24, 12, 30, 20, 18, 16, 16, 18], total);
  let count = 0;
  for (const b of balances) {
    sheet.put(
      [
        cellText(b.creditId),
        cellText(b.kind),
        cellText(b.scope === 'all' ? 'all' : b.scope.join('|')),
        b.expiresAt === null ? 'never' : ctx.clock.date(b.expiresAt),
        num(b.opening, `credit ${b.creditId} opening balance`),
        num(b.used, `credit ${b.creditId} applied`),
        num(b.expired, `credit ${b.creditId} expired`),
        num(b.closing, `credit ${b.creditId} closing balance`),
      ],
      [st.text, st.text, st.text, st.date, st.money, st.money, st.money, st.money],
    );
    await sheet.tick(++count);
  }
  // The filter covers the balances table only; the allocations follow after a blank row.
  const autoFilter = `A1:${colLetter(CREDITS_HEADER.length)}${sheet.row}`;
  sheet.blank();
  sheet.put(
    [...CREDIT_ALLOCATIONS_HEADER],
    CREDIT_ALLOCATIONS_HEADER.map(() => st.header),
  );
  for (const a of allocations) {
    sheet.put(
      [cellText(a.creditId), a.lineNo, cellText(a.itemName), num(a.amount, `credit ${a.creditId} allocation`)],
      [st.text, st.general, st.text, st.money],
    );
    await sheet.tick(++count);
  }
  await sheet.commit(autoFilter, count);
}

async function writeAudit(ctx: Ctx, data: WorkbookData): Promise<void> {
  const { styles: st } = ctx;
  await writeLongSheet(ctx, 'Audit', AUDIT_HEADER, [20, 16, 14, 40, 80, 68], [st.date, st.text, st.text, st.text, st.text, st.text], data.audit(), (e) => [
    ctx.clock.date(e.at),
    cellText(e.actor),
    cellText(e.action),
    cellText(e.subject),
    cellText(e.detail),
    cellText(e.hash),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Atomic file handling

function tempPathFor(outPath: string): string {
  const dir = path.dirname(outPath);
  const base = path.basename(outPath);
  return path.join(dir, `.${base}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

function closed(stream: fs.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.closed) resolve();
    else stream.once('close', () => resolve());
  });
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  // Makes the rename durable on POSIX; directories cannot be opened this way on Windows.
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

/**
 * Writes the workbook to `outPath` atomically: a temporary file in the same directory, flushed,
 * then renamed over `outPath`. Nothing is created at `outPath` before the workbook is complete;
 * on any error the temporary file is removed and the error rethrown.
 */
export async function writeWorkbook(data: WorkbookData, outPath: string, opts?: WriteWorkbookOptions): Promise<{ file: string; bytes: number }> {
  checkWorkbookFigures(data);
  const zone = data.invoice.timeZone;
  const clock = new WallClock(zone); // an unknown zone fails before any file is created
  const maxRowsPerSheet = Math.min(MAX_SHEET_ROWS, Math.floor(opts?.maxRowsPerSheet ?? MAX_SHEET_ROWS));
  if (!(maxRowsPerSheet >= 2)) throw new Error('Workbook export: maxRowsPerSheet must be at least 2');
  if (data.lines.length + 1 > maxRowsPerSheet) throw new Error(`Workbook export: ${data.lines.length} lines do not fit in one sheet`);
  const file = path.resolve(outPath);
  const tmp = tempPathFor(file);
  let ctx: Ctx | undefined;
  let failure: Ctx['failure'] = null;
  const fail = (error: unknown) => {
    failure ??= { error };
    if (ctx) ctx.failure = failure;
  };
  let opened = false;
  const out = fs.createWriteStream(tmp, { flags: 'wx' }); // 'wx': never reuse an existing file
  out.on('error', fail);
  let zip: { on(event: string, f: (e: unknown) => void): void; abort?: () => void } | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      out.once('open', () => resolve());
      out.once('error', reject);
    });
    opened = true;
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false, // a shared-strings table would hold every distinct string in memory
      creator: 'Slicewise',
      lastModifiedBy: 'Slicewise',
      created: new Date(data.generatedAt),
      modified: new Date(data.generatedAt),
    } as ConstructorParameters<ExcelJSModule['stream']['xlsx']['WorkbookWriter']>[0]);
    zip = (wb as unknown as { zip?: typeof zip }).zip;
    zip?.on('error', fail);
    ctx = {
      wb,
      styles: makeStyles(data.invoice.currency),
      zone,
      clock,
      digits: minorUnits(data.invoice.currency),
      failure,
      onProgress: opts?.onProgress,
      maxRowsPerSheet,
    };

    await writeSummary(ctx, data);
    await writeLines(ctx, data.lines);
    await writeDetails(ctx, data);
    await writeCredits(ctx, data);
    await writeAudit(ctx, data);
    checkFailure(ctx);
    await wb.commit();
    await closed(out);
    checkFailure(ctx);
    fsyncFile(tmp);
    fs.renameSync(tmp, file);
    fsyncDir(path.dirname(file));
    return { file, bytes: fs.statSync(file).size };
  } catch (err) {
    try {
      zip?.abort?.();
    } catch {
      /* already failing */
    }
    out.destroy();
    await closed(out);
    if (opened) fs.rmSync(tmp, { force: true });
    throw err;
  }
}
