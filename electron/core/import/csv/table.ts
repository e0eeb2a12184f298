// A CSV table: the rows below the header, each with its field count checked; blank rows are
// counted (row numbers stay those a spreadsheet shows) but skipped. A table with a header and no
// data row is refused: there is nothing to import.
import { ImportError } from '../errors';
import { readHead } from '../head';
import type { CsvOptions } from '../types';
import { ColumnMap } from './header';
import { csvLayout } from './layout';
import { streamCsv, type StreamOptions, type StreamResult } from './stream';

function isBlankRecord(fields: readonly string[]): boolean {
  for (const f of fields) if (f.trim() !== '') return false;
  return true;
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
  let rowErrors = 0;
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
        rowErrors++;
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
  // A header and no data (blank rows at most): refused, so that nothing is recorded as imported.
  if (cols !== null && res.complete && dataRows === 0 && !rowErrors) {
    throw new ImportError(file, `nothing to import: header only (row ${layout.headerRow}), no data row below it`);
  }
  return { ...res, dataRows, cols };
}
