// Streaming CSV: the file is read in chunks (never whole) and parsed with papaparse's parser,
// one chunk at a time, keeping the unfinished last record for the next chunk. Rows are numbered
// as a spreadsheet shows them: one row per record (a quoted field may span lines), the header
// row included. Handles BOM, quotes, `;`/tab, and CRLF, LF and CR line breaks, mixed in one file
// too (each ends a row, as in a spreadsheet: newlines.ts).
import fs from 'node:fs';
import Papa from 'papaparse';
import { ImportError } from '../errors';
import type { CsvLayout } from './layout';
import { NEWLINE, NewlineNormalizer, normalizeNewlines } from './newlines';
import { Utf8Check } from './utf8';

/** Records of a text already in memory (used on a file's head for detection). */
export function parseRecords(text: string, layout: CsvLayout, truncated: boolean): string[][] {
  const parser = new Papa.Parser({ delimiter: layout.delimiter, newline: NEWLINE, quoteChar: '"' });
  const res = parser.parse(normalizeNewlines(text), 0, truncated) as { data: string[][] };
  return res.data;
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

/** A record (row) longer than this, without its end in sight, is refused (never-ending line, unclosed quote). */
const MAX_RECORD_CHARS = 32 * 1024 * 1024;

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
  const parser = new Papa.Parser({ delimiter: layout.delimiter, newline: NEWLINE, quoteChar: '"' });
  const newlines = new NewlineNormalizer();
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
  const push = (text: string, last: boolean): void => {
    const chunk = newlines.push(text, last);
    if (!last && chunk.indexOf(NEWLINE) < 0) {
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
