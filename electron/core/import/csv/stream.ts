// Streaming CSV: the file is read in chunks (never whole) and parsed with papaparse's parser,
// one chunk at a time, keeping the unfinished last record for the next chunk. Rows are numbered
// as a spreadsheet shows them: one row per record (a quoted field may span lines), the header
// row included, blank rows counted but skipped. Handles BOM, CRLF/LF/CR, quotes, `;`/tab.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import Papa from 'papaparse';
import { ImportError } from '../errors';
import type { CsvOptions } from '../types';

export type Newline = '\n' | '\r\n' | '\r';

export interface CsvLayout {
  delimiter: string;
  newline: Newline;
  headerRow: number;
}

export const DELIMITER_CANDIDATES = [',', ';', '\t'] as const;

/** First `bytes` of a file as text (UTF-8, BOM stripped). */
export async function readHead(path: string, bytes = 65536): Promise<{ text: string; complete: boolean }> {
  const fh = await fsp.open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    const st = await fh.stat();
    let text = buf.subarray(0, bytesRead).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text, complete: bytesRead >= st.size };
  } finally {
    await fh.close();
  }
}

/** The first line break outside quotes decides; LF when there is none. */
export function detectNewline(text: string): Newline {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) {
      if (c === '\n') return '\n';
      return text[i + 1] === '\n' ? '\r\n' : '\r';
    }
  }
  return '\n';
}

/** Counts each candidate outside quotes on the header line; the most frequent wins (ties: `,` `;` tab). */
export function detectDelimiter(text: string, headerRow = 1): string {
  const newline = detectNewline(text);
  const lines = text.split(newline);
  const line = lines[Math.min(headerRow, lines.length) - 1] ?? '';
  let best = ',';
  let bestCount = 0;
  for (const cand of DELIMITER_CANDIDATES) {
    let count = 0;
    let inQuotes = false;
    for (const c of line) {
      if (c === '"') inQuotes = !inQuotes;
      else if (!inQuotes && c === cand) count++;
    }
    if (count > bestCount) {
      best = cand;
      bestCount = count;
    }
  }
  return best;
}

export function csvLayout(file: string, head: string, csv: CsvOptions = {}): CsvLayout {
  const headerRow = csv.headerRow ?? 1;
  if (!Number.isInteger(headerRow) || headerRow < 1) throw new ImportError(file, `header row ${String(headerRow)} is not a row number (1 or more)`);
  let delimiter = csv.delimiter;
  if (delimiter !== undefined) {
    if (delimiter === '\\t' || delimiter.toLowerCase() === 'tab') delimiter = '\t';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new ImportError(file, `delimiter ${JSON.stringify(delimiter)} is not usable (one character, not a quote or line break)`);
    }
  }
  return { delimiter: delimiter ?? detectDelimiter(head, headerRow), newline: detectNewline(head), headerRow };
}

/** Records of a text already in memory (used on a file's head for detection). */
export function parseRecords(text: string, layout: CsvLayout, truncated: boolean): string[][] {
  const parser = new Papa.Parser({ delimiter: layout.delimiter, newline: layout.newline, quoteChar: '"' });
  const res = parser.parse(text, 0, truncated) as { data: string[][] };
  return res.data;
}

export function isBlankRecord(fields: readonly string[]): boolean {
  for (const f of fields) if (f.trim() !== '') return false;
  return true;
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** Called after each chunk with the bytes read so far and records parsed. */
  onChunk?: (bytesRead: number, records: number) => void;
  /** Stop after this many records (previews). */
  maxRecords?: number;
  chunkBytes?: number;
}

export interface StreamResult {
  records: number;
  bytesRead: number;
  /** False when stopped early by maxRecords. */
  complete: boolean;
  /** Records parsed (delivered or not) and the characters they span: for estimates. */
  parsedRecords: number;
  parsedChars: number;
}

class StopStreaming extends Error {}

interface PapaError {
  code: string;
  message: string;
  row: number;
}

/**
 * Checks that a byte stream is UTF-8, chunk by chunk (the chunks may split a character). Same
 * verdict, at the same chunk, as a fatal TextDecoder fed the same chunks, at a fraction of its
 * cost: each chunk is checked by `buffer.isUtf8` (no string made); the start of a character cut by
 * the end of a chunk is checked as far as it goes and kept, to be checked whole with the next one.
 */
export class Utf8Check {
  /** Start of a character cut by the end of the previous chunk (1 to 3 bytes), else null. */
  private carry: Buffer | null = null;

  /** Feeds a chunk (undefined: the end of the stream). False once the bytes are not UTF-8. */
  push(bytes: Buffer | undefined): boolean {
    if (bytes === undefined) return this.carry === null; // a character cut by the end of the file
    let start = 0;
    if (this.carry !== null) {
      const need = utf8Length(this.carry[0]!) - this.carry.length;
      const joined = Buffer.concat([this.carry, bytes.subarray(0, need)]);
      this.carry = null;
      if (bytes.length < need) {
        // Still not whole (a tiny chunk): what there is must be a valid start.
        if (!validStart(joined, 0)) return false;
        this.carry = joined;
        return true;
      }
      if (!isUtf8(joined)) return false;
      start = need;
    }
    const cut = cutCharacter(bytes, start);
    if (!isUtf8(bytes.subarray(start, bytes.length - cut))) return false;
    if (cut > 0) this.carry = Buffer.from(bytes.subarray(bytes.length - cut));
    return true;
  }
}

/** Length of the UTF-8 sequence a lead byte announces; 0 for a byte that cannot start one. */
function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Whether bytes[at…] (a lead byte and fewer continuation bytes than it announces) can begin a
 * character: every byte after the lead is a continuation byte, and the second one is in the range
 * the lead allows (no overlong form, no surrogate, nothing beyond U+10FFFF).
 */
function validStart(bytes: Uint8Array, at: number): boolean {
  const lead = bytes[at]!;
  const len = utf8Length(lead);
  if (len < 2 || bytes.length - at >= len) return false;
  for (let i = at + 1; i < bytes.length; i++) {
    const b = bytes[i]!;
    const lo = i === at + 1 ? (lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80) : 0x80;
    const hi = i === at + 1 ? (lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf) : 0xbf;
    if (b < lo || b > hi) return false;
  }
  return true;
}

/**
 * Bytes at the end of `bytes` (from `start`) that validly begin a character the chunk does not
 * finish. Anything else (a complete character, or bytes that are not UTF-8 anyway) → 0: left to
 * isUtf8, so that invalid bytes are reported with this chunk, as a decoder would.
 */
function cutCharacter(bytes: Buffer, start: number): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && n - back >= start; back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) !== 0x80) return utf8Length(b) > back && validStart(bytes, n - back) ? back : 0;
  }
  return 0;
}

/** A record (row) longer than this, without its end in sight, is refused (never-ending line, unclosed quote). */
export const MAX_RECORD_CHARS = 32 * 1024 * 1024;

/**
 * Streams a CSV file record by record. `onRecord(fields, rowNo)` runs synchronously for each
 * record (so inserts can be made right there, inside the caller's transaction).
 *
 * Bytes are decoded as UTF-8 (a BOM is dropped); a file with bytes that are not UTF-8 is refused
 * at the first row showing them. A chunk without any line break cannot end a record, so it is
 * only appended (no re-parsing: a never-ending line costs linear time), and a record that grows
 * past MAX_RECORD_CHARS is refused.
 */
export async function streamCsv(
  path: string,
  file: string,
  layout: CsvLayout,
  onRecord: (fields: string[], row: number) => void,
  opts: StreamOptions = {},
): Promise<StreamResult> {
  const parser = new Papa.Parser({ delimiter: layout.delimiter, newline: layout.newline, quoteChar: '"' });
  const stream = fs.createReadStream(path, { highWaterMark: opts.chunkBytes ?? 1 << 20 });
  const text = new TextDecoder('utf-8');
  const utf8 = new Utf8Check();
  let validating = true;
  let notUtf8 = false;
  let partial = '';
  let rowNo = 0;
  let parsedRecords = 0;
  let parsedChars = 0;
  const max = opts.maxRecords ?? Infinity;

  const tooLong = () =>
    new ImportError(file, `has no end of record within ${MAX_RECORD_CHARS / 1048576} MB (a quote never closed, a line that never ends, or not a CSV file)`, {
      row: String(rowNo + 1),
    });
  const deliver = (rec: string[]): void => {
    rowNo++;
    if (rowNo > max) throw new StopStreaming();
    if (notUtf8) {
      const col = rec.findIndex((f) => f.includes('\ufffd'));
      if (col >= 0)
        throw new ImportError(file, `is not UTF-8 text (bytes that are not UTF-8 in row ${rowNo}, column ${col + 1}); save the file as UTF-8`, {
          row: String(rowNo),
        });
    }
    onRecord(rec, rowNo);
  };
  const feed = (input: string, last: boolean): void => {
    const res = parser.parse(input, 0, !last) as { data: string[][]; errors: PapaError[]; meta: { cursor: number } };
    const rows = res.data;
    parsedRecords += rows.length;
    parsedChars += last ? input.length : res.meta.cursor;
    const errors = res.errors.filter((e) => e.row < rows.length || last);
    if (errors.length > 0) {
      // Records before the first bad one are still delivered, so earlier errors win.
      const firstBad = Math.min(...errors.map((e) => e.row));
      for (let r = 0; r < Math.min(firstBad, rows.length); r++) deliver(rows[r]!);
      const e = errors.find((x) => x.row === firstBad)!;
      const why =
        e.code === 'MissingQuotes'
          ? 'a quoted field is never closed (missing ")'
          : 'a quote is misplaced inside a quoted field (write "" for a quote inside quotes)';
      throw new ImportError(file, why, { row: String(rowNo + 1) });
    }
    for (const rec of rows) deliver(rec);
    partial = last ? '' : input.slice(res.meta.cursor);
    if (partial.length > MAX_RECORD_CHARS) throw tooLong();
  };
  const decode = (bytes: Buffer | undefined): string => {
    const out = bytes === undefined ? text.decode() : text.decode(bytes, { stream: true });
    if (validating && !utf8.push(bytes)) {
      validating = false;
      notUtf8 = true;
    }
    return out;
  };
  const push = (chunk: string, last: boolean): void => {
    if (!last && !/[\r\n]/.test(chunk)) {
      // No line break: no record can end in this chunk.
      partial += chunk;
      if (partial.length > MAX_RECORD_CHARS) throw tooLong();
      return;
    }
    feed(partial + chunk, last);
  };

  let complete = true;
  try {
    try {
      for await (const chunk of stream) {
        if (opts.signal?.aborted) throw new ImportError(file, 'import cancelled');
        push(decode(chunk as Buffer), false);
        opts.onChunk?.(stream.bytesRead, rowNo);
      }
      const rest = decode(undefined);
      if (partial !== '' || rest !== '') push(rest, true);
    } catch (err) {
      if (err instanceof StopStreaming) complete = false;
      else throw err;
    }
  } finally {
    stream.destroy();
  }
  return { records: complete ? rowNo : max, bytesRead: stream.bytesRead, complete, parsedRecords, parsedChars };
}

// ---------- header and columns ----------

export function normalizeHeader(h: string): string {
  return h
    .replace(/^\ufeff/, '')
    .trim()
    .toLowerCase();
}

/**
 * Where each canonical column is in the file: by mapping (canonical → header in file) or by
 * name, case-insensitively. Other columns are "extra" (kept as attributes where the table has
 * room for them).
 */
export class ColumnMap {
  readonly index = new Map<string, number>();
  readonly extra: { name: string; index: number }[] = [];
  readonly headers: string[];

  constructor(
    file: string,
    readonly headerRow: number,
    rawHeaders: readonly string[],
    canonical: readonly string[],
    mapping: Record<string, string> | undefined,
    required: readonly string[] = [],
  ) {
    this.headers = rawHeaders.map((h) => h.replace(/^\ufeff/, '').trim());
    const norm = this.headers.map(normalizeHeader);
    const at = String(headerRow);
    const canonicalByNorm = new Map(canonical.map((c) => [c.toLowerCase(), c]));
    const mapped = new Map<string, string>(); // canonical → normalized header
    for (const [key, header] of Object.entries(mapping ?? {})) {
      const c = canonicalByNorm.get(key.trim().toLowerCase());
      if (c === undefined)
        throw new ImportError(file, `the column mapping names ${JSON.stringify(key)}, which is not a column of this format (${canonical.join(', ')})`);
      if (typeof header !== 'string' || header.trim() === '') continue;
      mapped.set(c, normalizeHeader(header));
    }
    for (const c of canonical) {
      const want = mapped.get(c) ?? c.toLowerCase();
      const positions: number[] = [];
      norm.forEach((h, i) => {
        if (h === want) positions.push(i);
      });
      if (positions.length > 1) {
        throw new ImportError(
          file,
          `column ${JSON.stringify(this.headers[positions[0]!])} appears ${positions.length} times in the header (columns ${positions.map((p) => p + 1).join(', ')})`,
          { row: at, field: c },
        );
      }
      if (positions.length === 1) this.index.set(c, positions[0]!);
      else if (mapped.has(c)) {
        throw new ImportError(
          file,
          `the column mapping says ${c} is column ${JSON.stringify(mapping?.[c] ?? '')}, but the header has no such column (it has ${this.headers.map((h) => JSON.stringify(h)).join(', ')})`,
          { row: at, field: c },
        );
      }
    }
    for (const c of required) {
      if (!this.index.has(c)) throw new ImportError(file, 'required column is missing from the header', { row: at, field: c });
    }
    const used = new Set(this.index.values());
    this.headers.forEach((h, i) => {
      if (!used.has(i)) this.extra.push({ name: h === '' ? `column ${i + 1}` : h, index: i });
    });
  }

  has(c: string): boolean {
    return this.index.has(c);
  }

  /** Cell of a canonical column ('' when the column is absent). */
  get(fields: readonly string[], c: string): string {
    const i = this.index.get(c);
    return i === undefined ? '' : (fields[i] ?? '');
  }

  /** Extra (unknown) columns with a non-empty value, as an object; null when none. */
  extras(fields: readonly string[]): Record<string, string> | null {
    let out: Record<string, string> | null = null;
    for (const { name, index } of this.extra) {
      const v = fields[index];
      if (v !== undefined && v.trim() !== '') (out ??= {})[name] = v;
    }
    return out;
  }
}

export interface TableOptions extends StreamOptions {
  csv: CsvOptions;
  canonical: readonly string[];
  required?: readonly string[];
  /** The file's head already read (for the layout); read here when absent. */
  head?: string;
  /** When given, a row with the wrong number of fields is reported here and skipped (previews). */
  onRowError?: (e: ImportError) => void;
}

export interface DataRow {
  row: number;
  fields: string[];
  cols: ColumnMap;
}

/**
 * Streams a CSV table: skips rows above the header, resolves the header, checks each data row's
 * field count, skips blank rows, and calls `onRow` for every data row.
 */
export async function streamCsvTable(
  path: string,
  file: string,
  opts: TableOptions,
  onRow: (r: DataRow) => void,
  onHeader?: (cols: ColumnMap) => void,
): Promise<StreamResult & { dataRows: number; cols: ColumnMap | null }> {
  const head = opts.head ?? (await readHead(path)).text;
  const layout = csvLayout(file, head, opts.csv);
  let cols: ColumnMap | null = null;
  let dataRows = 0;
  const res = await streamCsv(
    path,
    file,
    layout,
    (fields, row) => {
      if (row < layout.headerRow) return;
      if (row === layout.headerRow) {
        cols = new ColumnMap(file, row, fields, opts.canonical, opts.csv.mapping, opts.required);
        onHeader?.(cols);
        return;
      }
      if (isBlankRecord(fields)) return;
      const c = cols!;
      const n = c.headers.length;
      if (fields.length !== n && !(fields.length > n && isBlankRecord(fields.slice(n)))) {
        const e = new ImportError(
          file,
          `has ${fields.length} fields but the header (row ${c.headerRow}) has ${n}; is the delimiter ${JSON.stringify(layout.delimiter)} right, and are quotes balanced?`,
          { row: String(row) },
        );
        if (!opts.onRowError) throw e;
        opts.onRowError(e);
        return;
      }
      dataRows++;
      onRow({ row, fields, cols: c });
    },
    opts,
  );
  if (cols === null && res.complete) {
    throw new ImportError(file, res.records === 0 ? 'is empty' : `has no header: it has only ${res.records} rows and the header is row ${layout.headerRow}`);
  }
  return { ...res, dataRows, cols };
}
