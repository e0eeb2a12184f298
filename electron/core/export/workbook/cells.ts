// What goes into a cell: decimals as numbers, instants as wall-clock dates, and text that stays
// text (never a formula, never a character XML cannot carry). See docs/workbook.md, "Decisions".
import { DateTime } from 'luxon';
import { D, isDecimalString, type DecimalValue } from '../../../../shared/money';

/** A cell value as the sheet writers build it. The only formulas are built from cell addresses. */
export type Cell = string | number | Date | null | { formula: string; result: number };

/** Excel's limit on the characters of one cell. */
export const MAX_CELL_TEXT = 32_767;

// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TRUNCATED = '… [truncated]';

/**
 * A string as it can be stored in a cell: characters XML cannot carry (and DEL, which exceljs
 * drops) become U+FFFD (visible rather than silently dropped), CR LF and CR become LF, and texts
 * longer than Excel's cell limit are cut with a marker.
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

const EDGE_SPACE = /^\s|\s$/;

/**
 * How a string goes into a cell. exceljs writes a plain string as `t="str"` with a `<v>` value,
 * which some readers (LibreOffice) trim; a string with leading or trailing white space is written
 * as an inline string instead (`t="inlineStr"`, `<t xml:space="preserve">`), with `_xHHHH_`
 * sequences escaped so they are not decoded. Neither is ever a formula.
 */
export function stringCell(value: Cell): Cell | { richText: { text: string }[] } {
  if (typeof value !== 'string' || !EDGE_SPACE.test(value)) return value;
  return { richText: [{ text: value.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1') }] };
}

/** An exact decimal string from the data, or an error naming the figure. */
export function decimal(value: string, what: string): DecimalValue {
  if (!isDecimalString(value)) throw new Error(`Workbook export: ${what} "${value}" is not a decimal number`);
  return new D(value);
}

/**
 * A decimal string as the nearest spreadsheet number (money is exact upstream; a cell holds a
 * double). A value no double holds (beyond ±1.8e308) is refused: Excel rejects an `INF` cell and
 * LibreOffice reads it as 0, so it must never reach a sheet even if an importer let it through.
 */
export function num(value: string, what: string): number {
  if (!isDecimalString(value)) throw new Error(`Workbook export: ${what} "${value}" is not a decimal number`);
  // JavaScript reads a plain decimal string to its nearest double, as Decimal's toNumber does,
  // without building a Decimal per cell (two per Details row).
  const n = Number(value);
  if (!Number.isFinite(n))
    throw new Error(`Workbook export: ${what} "${value.length > 40 ? `${value.slice(0, 40)}…` : value}" is too large for a spreadsheet cell`);
  return n;
}

/** Column letter of a 1-based column number. */
export function colLetter(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** Column letter of a header's column. */
export function colOf(header: readonly string[], name: string): string {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`No column "${name}"`);
  return colLetter(i + 1);
}

function zoneOffsetMinutes(ms: number, zone: string): number {
  const dt = DateTime.fromMillis(ms, { zone });
  if (!dt.isValid) throw new Error(`Workbook export: cannot show ${ms} in time zone "${zone}" (${dt.invalidExplanation ?? dt.invalidReason ?? 'invalid'})`);
  return dt.offset;
}

const HOUR = 3_600_000;

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

  private offsetMinutes(ms: number): number {
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

/**
 * A period's first and last day as cell dates (midnight of the wall clock): the period is
 * [start, end), so its last day is the day of the instant just before its end.
 */
export function periodDays(clock: WallClock, start: number, end: number): { first: Date; last: Date } {
  const day = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  return { first: day(clock.date(start)), last: day(clock.date(end - 1)) };
}

/** A cell date's day as text, `2021-03-31`. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
