// Column widths that fit what the cells show: the longest value seen in each column, capped.
// Header cells wrap, so a header counts by its longest word (or a third of it, at most three
// lines); a text longer than its column wraps in its cell (SheetWriter.put) rather than running
// into the next column or being cut at its edge.
import type { Cell } from './cells';
import type { CellStyle } from './formats';

/** Width units (about one digit of the default font) around a value. */
export const PADDING = 2;
const MIN_WIDTH = 6;
const MAX_WIDTH = 50;
/** Bold header text is wider than the digits a width unit measures. */
const BOLD = 1.15;

/** A cell value as written (`stringCell` turns some strings into rich text). */
type Written = Cell | { richText: { text: string }[] };

function textOf(value: Written): string | null {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  return null;
}

/** Characters of the longest line of a text cell, or null for a cell that is not text. */
export function textLength(value: Written): number | null {
  const s = textOf(value);
  if (s === null) return null;
  if (!s.includes('\n')) return s.length; // code units: a surrogate pair counts twice, which only widens
  let longest = 0;
  for (const line of s.split('\n')) longest = Math.max(longest, line.length);
  return longest;
}

function digitsOf(n: number): number {
  return Math.max(1, Math.floor(Math.abs(n)).toString().length);
}

/** Characters a number shows in a number format such as `#,##0.00 "€"`, `"$"#,##0.00##`, `0.000`. */
function numberLength(n: number, numFmt: string): number {
  if (numFmt.includes('[h]')) return digitsOf(n * 24) + 6; // a duration in days as [h]:mm:ss
  const affix = (numFmt.match(/"[^"]*"/g) ?? []).reduce((s, q) => s + q.length - 2, 0) + (numFmt.replace(/"[^"]*"/g, '').match(/ /g) ?? []).length;
  const fraction = /\.(0*)(#*)/.exec(numFmt);
  const min = fraction?.[1]?.length ?? 0;
  const max = min + (fraction?.[2]?.length ?? 0);
  const shown = max > min ? (n.toFixed(max).split('.')[1] ?? '').replace(/0+$/, '').length : min;
  const decimals = Math.max(min, shown);
  const int = digitsOf(n);
  const groups = numFmt.includes(',') ? Math.floor((int - 1) / 3) : 0;
  return (n < 0 ? 1 : 0) + int + groups + (decimals > 0 ? 1 + decimals : 0) + affix;
}

/** Characters a cell shows: its longest line for text, its formatted length for a number or a date. */
export function shownLength(value: Written, style: CellStyle): number {
  const text = textLength(value);
  if (text !== null) return text;
  if (value === null) return 0;
  if (value instanceof Date) return (style?.numFmt ?? 'yyyy-mm-dd hh:mm:ss').replace(/"/g, '').length;
  const n = typeof value === 'number' ? value : typeof value === 'object' && 'result' in value ? value.result : 0;
  const numFmt = style?.numFmt;
  if (!numFmt) return String(n).length; // General
  return numberLength(n, numFmt);
}

/**
 * Lines a text takes in a column holding `capacity` characters, wrapped greedily where readers
 * wrap: at spaces, and after a hyphen, a slash or a bar (ids such as "orga_1|build|app_2").
 */
export function wrappedLines(text: string, capacity: number): number {
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    lines++;
    let used = 0; // characters on the current line
    let gap = 0; // a space before the next piece (dropped at a line break)
    for (const piece of paragraph.match(/ |[^ |/-]*[|/-]+|[^ |/-]+/g) ?? []) {
      if (piece === ' ') {
        gap = 1;
        continue;
      }
      let w = piece.length;
      if (used > 0 && used + gap + w <= capacity) {
        used += gap + w;
      } else {
        if (used > 0) lines++;
        for (; w > capacity; w -= capacity) lines++; // a piece wider than the column is broken
        used = w;
      }
      gap = 0;
    }
  }
  return lines;
}

/** Characters of a header row text that fit in a column of `width`. */
export function headerCapacity(width: number): number {
  return Math.max(1, Math.floor((width - PADDING) / BOLD));
}

/** The longest value seen per column, measured as the sheet's rows are built. */
export class ColumnWidths {
  private readonly longest: number[];

  /** `caps`: the widest a column may be, per column (default 50); longer texts wrap. */
  constructor(
    header: readonly string[],
    private readonly caps: readonly (number | undefined)[] = [],
  ) {
    this.longest = header.map((h) => {
      const words = h.split(' ').map((w) => w.length);
      return Math.ceil(Math.max(...words, Math.ceil(h.length / 3)) * BOLD);
    });
  }

  see(values: readonly Written[], styles: readonly CellStyle[]): void {
    values.forEach((v, i) => {
      const n = shownLength(v, styles[i]);
      if (n > (this.longest[i] ?? 0)) this.longest[i] = n;
    });
  }

  widths(): number[] {
    return this.longest.map((n, i) => Math.min(this.caps[i] ?? MAX_WIDTH, Math.max(MIN_WIDTH, n + PADDING)));
  }
}
