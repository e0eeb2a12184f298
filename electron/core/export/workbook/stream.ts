// exceljs's streaming writer, with the back-pressure it lacks. Sheets are created one after the
// other (the zip takes one entry at a time), each row is committed as soon as it is built, and no
// shared-strings table is kept: memory stays bounded whatever the number of rows.
import type { Writable } from 'node:stream';
import ExcelJS, { type Style, type Worksheet } from 'exceljs';
import { colLetter, stringCell, type Cell } from './cells';
import type { ExportProgress } from './contract';
import type { CellStyle } from './formats';
import { PAGE_SETUP } from './print';
import { isPlain, RawRows } from './raw-rows';
import { ColumnWidths, headerCapacity, PADDING, textLength, wrappedLines } from './widths';

/** Excel's (and LibreOffice's) limit on the rows of one sheet. */
export const MAX_SHEET_ROWS = 1_048_576;
/** Rows between two progress reports. */
const PROGRESS_EVERY = 10_000;
/** Rows between two checks of the writer's backlog. */
const THROTTLE_EVERY = 1_000;
/** Bytes of sheet XML allowed to wait for compression before the writer pauses. */
const MAX_BACKLOG = 8 * 1024 * 1024;
/** Rows of a long sheet measured before its column widths are fixed (widths precede the rows). */
const LOOKAHEAD = 1_000;
/** Points of one line of the default font, for the height of a row whose cells wrap. */
const LINE_HEIGHT = 15;
/** Excel's tallest row, in points. */
const MAX_ROW_HEIGHT = 409;
/** Wrapped lines are counted with fewer characters per line than the width holds (fonts differ): a row too tall rather than cut. */
const WRAP_SLACK = 0.95;

type WorkbookWriterClass = (typeof ExcelJS)['stream']['xlsx']['WorkbookWriter'];
type Zip = { on(event: string, f: (e: unknown) => void): void; abort?: () => void };

/** The style of an unstyled cell, shared (never mutated). */
const NO_STYLE: Partial<Style> = Object.freeze({});

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
 * exceljs ignores backpressure, so the writer measures it and waits (see BookWriter.throttle).
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

interface BookOptions {
  /** The file's creation and modification date. */
  created: Date;
  headerStyle: Partial<Style>;
  /** Every sheet's footer, in header/footer codes (print.ts). */
  footer: string;
  /** Rows per sheet, header included (at most MAX_SHEET_ROWS). */
  maxRowsPerSheet: number;
  onProgress: ((p: ExportProgress) => void) | undefined;
}

/** One streamed workbook. Sheets are written through `sheet` and `longSheet`, one at a time. */
export class BookWriter {
  private readonly wb: InstanceType<WorkbookWriterClass>;
  private readonly zip: Zip | undefined;
  /** First error of the output stream or the zip, if any. */
  private failure: { error: unknown } | null = null;

  constructor(
    out: Writable,
    readonly opts: BookOptions,
  ) {
    const fail = (error: unknown) => {
      this.failure ??= { error };
    };
    out.on('error', fail);
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false, // a shared-strings table would hold every distinct string in memory
      creator: 'Slicewise',
      lastModifiedBy: 'Slicewise',
      created: opts.created,
      modified: opts.created,
    } as ConstructorParameters<WorkbookWriterClass>[0]);
    this.zip = (this.wb as unknown as { zip?: Zip }).zip;
    this.zip?.on('error', fail);
  }

  /** Throws the first error of the output stream or the zip. */
  check(): void {
    const f = this.failure;
    if (f) throw f.error instanceof Error ? f.error : new Error(String(f.error));
  }

  /** Lets the zip compress and the file stream write what the sheet produced (bounded memory). */
  async throttle(ws: Worksheet): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.check();
    while (backlog(ws) > MAX_BACKLOG) {
      await new Promise<void>((resolve) => setTimeout(resolve, 2));
      this.check();
    }
  }

  /**
   * Starts a sheet (after the previous one is committed) with its header row, its column widths
   * (from ColumnWidths) and the print set-up of every sheet.
   */
  sheet(name: string, header: readonly string[], widths: readonly number[], totalRows?: number, progressName = name): SheetWriter {
    const ws = this.wb.addWorksheet(name, {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
      // exceljs writes no <col> for a column of its default width (9): say that width is the default.
      properties: { defaultColWidth: 9 },
      pageSetup: { ...PAGE_SETUP },
      headerFooter: { oddFooter: this.opts.footer },
    });
    return new SheetWriter(this, ws, { header, widths, totalRows, progressName });
  }

  /**
   * Writes a sheet of any length from an iterator. Past the sheet row limit the rows go on in
   * `Name (2)`, `Name (3)`... right after it, each with the same header row, frozen and filtered.
   * Column widths fit the first rows and the `seen` rows (values known to occur, not written).
   */
  async longSheet<T>(
    name: string,
    header: readonly string[],
    fit: { caps?: readonly (number | undefined)[]; seen?: readonly Cell[][] },
    styles: readonly CellStyle[],
    items: Iterable<T>,
    toRow: (item: T) => Cell[],
  ): Promise<void> {
    const perSheet = this.opts.maxRowsPerSheet - 1; // data rows under the header
    const filter = (sheet: SheetWriter) => `A1:${colLetter(header.length)}${sheet.row}`;
    const measure = new ColumnWidths(header, fit.caps);
    for (const row of fit.seen ?? []) measure.see(row, styles);
    const iterator = items[Symbol.iterator]();
    let done = false;
    const next = (): Cell[] | null => {
      const r = done ? null : iterator.next();
      if (!r || r.done) {
        done = true;
        return null;
      }
      return toRow(r.value);
    };
    try {
      const ahead: Cell[][] = [];
      for (let row = next(); row; row = ahead.length < LOOKAHEAD ? next() : null) {
        measure.see(row, styles);
        ahead.push(row);
      }
      const widths = measure.widths();
      let part = 1;
      let sheet = this.sheet(name, header, widths, undefined, name);
      let inSheet = 0;
      let count = 0;
      for (let row = ahead.shift() ?? next(); row; row = ahead.shift() ?? next()) {
        if (inSheet === perSheet) {
          await sheet.commit(filter(sheet), count);
          sheet = this.sheet(`${name} (${++part})`, header, widths, undefined, name);
          inSheet = 0;
        }
        sheet.put(row, styles);
        inSheet++;
        await sheet.tick(++count);
      }
      await sheet.commit(filter(sheet), count);
    } finally {
      if (!done) iterator.return?.(); // a database iterator holds its statement until closed
    }
  }

  /** Finishes the file: resolves once the zip is written to the output stream. */
  async commit(): Promise<void> {
    this.check();
    await this.wb.commit();
    this.check();
  }

  abort(): void {
    try {
      this.zip?.abort?.();
    } catch {
      /* already failing */
    }
  }
}

/** Streams a workbook into `out`: `fill` writes its sheets in order. On any error the zip is aborted. */
export async function writeBook(out: Writable, opts: BookOptions, fill: (book: BookWriter) => Promise<void>): Promise<void> {
  let book: BookWriter | undefined;
  try {
    book = new BookWriter(out, opts);
    await fill(book);
    await book.commit();
  } catch (err) {
    book?.abort();
    throw err;
  }
}

class SheetWriter {
  row = 0;
  /** Characters of text that fit in each column; a longer text wraps in its cell. */
  private readonly capacity: number[];
  /** Variants of the styles used (shared, see put): wrapping and top-aligned, or top-aligned only. */
  private readonly wrapping = new Map<CellStyle, Partial<Style>>();
  private readonly top = new Map<CellStyle, Partial<Style>>();
  private readonly raw: RawRows;

  constructor(
    private readonly book: BookWriter,
    private readonly ws: Worksheet,
    private readonly meta: { header: readonly string[]; widths: readonly number[]; totalRows: number | undefined; progressName: string },
  ) {
    this.raw = new RawRows(ws);
    ws.columns = meta.widths.map((width) => ({ width }));
    this.capacity = meta.widths.map((w) => w - PADDING);
    const lines = Math.max(1, ...meta.header.map((h, i) => wrappedLines(h, headerCapacity(meta.widths[i] ?? 10))));
    this.put(
      [...meta.header],
      meta.header.map(() => book.opts.headerStyle),
      lines > 1 ? lines * LINE_HEIGHT : undefined,
    );
  }

  /**
   * Appends and commits one row; returns its row number. A text wider than its column wraps, and
   * the row is given the height of its most wrapped cell (readers do not compute it on load).
   */
  put(values: Cell[], styles: readonly CellStyle[], height?: number): number {
    let lines = 1;
    // Every cell gets a shared style object, an empty one when unstyled: exceljs caches a style's
    // id by object identity, and would otherwise work out the id of each cell's own `{}` again.
    const shared: Partial<Style>[] = [];
    for (let i = 0; i < values.length; i++) {
      let style = styles[i] ?? NO_STYLE;
      const value = values[i];
      const capacity = this.capacity[i] ?? Infinity;
      // A string no longer than the column (in code units) fits on one line: the common case.
      if (typeof value === 'string' && (value.length > capacity || style.alignment?.wrapText)) {
        if (!style.alignment?.wrapText && textLength(value)! > capacity) style = this.variant(style, true);
        if (style.alignment?.wrapText) lines = Math.max(lines, wrappedLines(value, Math.floor(capacity * WRAP_SLACK)));
      }
      shared.push(style);
    }
    if (height === undefined && lines === 1 && this.raw.ready && values.every(isPlain)) return (this.row = this.raw.put(values, shared));
    this.raw.flush();
    const row = this.ws.addRow(values.map(stringCell));
    this.row = row.number;
    // In a row taller than one line every cell starts at the top, beside the first wrapped line.
    for (let i = 0; i < values.length; i++) {
      const style = shared[i]!;
      row.getCell(i + 1).style = lines > 1 && style.alignment?.vertical !== 'top' ? this.variant(style, false) : style;
    }
    if (height !== undefined || lines > 1) row.height = Math.min(MAX_ROW_HEIGHT, height ?? lines * LINE_HEIGHT);
    row.commit();
    return this.row;
  }

  /** A style aligned to the top (and wrapping), made once per style and shared. */
  private variant(style: Partial<Style>, wrap: boolean): Partial<Style> {
    const cache = wrap ? this.wrapping : this.top;
    let v = cache.get(style);
    if (!v) {
      v = { ...style, alignment: { ...style.alignment, vertical: 'top', ...(wrap ? { wrapText: true } : {}) } };
      cache.set(style, v);
    }
    return v;
  }

  /** Skips a row (left blank). */
  blank(): void {
    this.raw.flush();
    this.ws.addRow([]).commit();
    this.row++;
  }

  /** Called after each data row: throttles and reports progress. */
  async tick(dataRows: number): Promise<void> {
    if (dataRows % THROTTLE_EVERY === 0) {
      this.raw.flush();
      await this.book.throttle(this.ws);
    }
    if (dataRows % PROGRESS_EVERY === 0) this.progress(dataRows);
  }

  private progress(dataRows: number): void {
    const { progressName: sheet, totalRows } = this.meta;
    this.book.opts.onProgress?.(totalRows === undefined ? { sheet, rows: dataRows } : { sheet, rows: dataRows, totalRows });
  }

  /** Sets the auto-filter and ends the sheet; waits until the zip has taken it all. */
  async commit(autoFilter: string, dataRows: number): Promise<void> {
    this.raw.flush();
    this.ws.autoFilter = autoFilter;
    this.progress(dataRows);
    await this.book.throttle(this.ws);
    (this.ws as unknown as { commit(): void }).commit();
  }
}
