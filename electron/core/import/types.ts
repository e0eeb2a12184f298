// Public types of the importers, and the context each format's importer receives.
import type { Locale } from '../../../shared/i18n/labels';
import type { Db } from '../store/open';
import { IMPORT_FORMATS, type DateFormat, type ImportFormat } from '../../../shared/types';

export { IMPORT_FORMATS };
export type { ImportFormat };

export interface CsvOptions {
  /** One character; auto-detected among `,` `;` tab when absent. */
  delimiter?: string;
  /** "1,5" = 1.5 in number columns. */
  decimalComma?: boolean;
  /** 1-based row of the header (default 1); rows above it are ignored. */
  headerRow?: number;
  /** Canonical column name → header in the file (matched case-insensitively). */
  mapping?: Record<string, string>;
  /**
   * How a spreadsheet wrote the file's short dates ("5/1/25"); unset, such dates are refused.
   * FOCUS and invoice totals only (docs/importers.md, "FOCUS").
   */
  dateFormat?: DateFormat;
}

export interface ImportProgress {
  file: string;
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export interface ImportOptions {
  /** Overrides detection. */
  format?: ImportFormat;
  csv?: CsvOptions;
  /** Audit actor; default: the workspace setting. */
  actor?: string;
  /** File name recorded and shown in messages; default: the path's base name. */
  displayName?: string;
  /** Time zone for date-only values (credits, catalogs, invoices), and of the dates in messages; default: the workspace setting. */
  timeZone?: string;
  /** Locale of the dates in messages; default: the workspace setting (previews: en). */
  locale?: Locale;
  onProgress?: (p: ImportProgress) => void;
  /** Told what the import waits for while another process writes to the workspace (null: no longer). */
  onWait?: (holder: string | null) => void;
  signal?: AbortSignal;
}

export interface ImportResult {
  batchId: number;
  format: ImportFormat;
  fileName: string;
  sha256: string;
  rowCount: number;
  warnings: string[];
}

export interface PreviewError {
  row: string;
  field?: string;
  message: string;
}

export interface PreviewResult {
  format: ImportFormat;
  columns: string[];
  /** First rows, keyed by column; `#` is the spreadsheet row number or JSON record path. */
  rows: Record<string, string>[];
  errors: PreviewError[];
  totalRowsEstimate?: number;
}

/** What a format importer is given, inside the import's transaction. `begin()` inserts the batch. */
export interface ImportCtx {
  db: Db;
  /** Path on disk. */
  path: string;
  /** Display name, used in messages and recorded. */
  file: string;
  size: number;
  csv: CsvOptions;
  timeZone: string;
  /** The workspace locale: dates in messages are in it (and in `timeZone`), shared/dates.ts. */
  locale: Locale;
  warnings: string[];
  signal?: AbortSignal;
  /** Inserts the import batch (refusing a file imported meanwhile), returns its id. Once. */
  begin(): number;
  /** Reports bytes read and rows so far (throttled to ~10 per second). */
  progress(bytesRead: number, rows: number): void;
  /** Set by an importer that recorded the batch's usage spans itself (else they are read back from its rows). */
  spansRecorded?: boolean;
}
