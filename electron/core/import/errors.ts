// Import errors always name the file, the row (CSV: spreadsheet row number) or record (JSON
// path), the field and the bad value, e.g.
//   usage.csv, row 17, field consumption_end: "2021-03-01" has no UTC offset
//   invoice.json, record uptimes[3].details[7], field price: "abc" is not a decimal number

export interface ErrorPlace {
  /** Spreadsheet row number ("17") or JSON record path ("uptimes[3].details[7]"). */
  row?: string;
  field?: string;
  /** The offending value as read (shown quoted in the message). */
  value?: string;
}

const MAX_SHOWN = 120;

/** A value as shown in a message: JSON-quoted, shortened when long. */
export function showValue(value: string): string {
  const v = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
  return JSON.stringify(v);
}

/** "row 17" for CSV rows, "record uptimes[3]" for JSON paths. */
export function describeRow(row: string): string {
  return /^\d+$/.test(row) ? `row ${row}` : `record ${row}`;
}

export function formatImportMessage(file: string, problem: string, place: ErrorPlace = {}): string {
  const where = [file];
  if (place.row !== undefined) where.push(describeRow(place.row));
  if (place.field !== undefined) where.push(`field ${place.field}`);
  const what = place.value !== undefined ? `${showValue(place.value)} ${problem}` : problem;
  return `${where.join(', ')}: ${what}`;
}

export class ImportError extends Error {
  override name = 'ImportError';
  readonly file: string;
  readonly row?: string;
  readonly field?: string;
  readonly value?: string;
  /** The problem alone, without file/row/field (for previews that show those separately). */
  readonly problem: string;

  constructor(file: string, problem: string, place: ErrorPlace = {}) {
    super(formatImportMessage(file, problem, place));
    this.file = file;
    this.problem = place.value !== undefined ? `${showValue(place.value)} ${problem}` : problem;
    if (place.row !== undefined) this.row = place.row;
    if (place.field !== undefined) this.field = place.field;
    if (place.value !== undefined) this.value = place.value;
  }
}

/** Where a value is being read: file and row/record. Its `fail` throws an ImportError. */
export class Loc {
  constructor(
    readonly file: string,
    readonly row: string,
  ) {}

  fail(field: string | undefined, problem: string, value?: string): never {
    throw new ImportError(this.file, problem, {
      row: this.row,
      ...(field !== undefined ? { field } : {}),
      ...(value !== undefined ? { value } : {}),
    });
  }

  /** A location for a sub-record: `uptimes[3]` + `details[7]` → `uptimes[3].details[7]`. */
  child(segment: string): Loc {
    if (this.row === '' || this.row === ROOT) return new Loc(this.file, segment);
    return new Loc(this.file, segment.startsWith('[') ? `${this.row}${segment}` : `${this.row}.${segment}`);
  }
}

/** Record path of the top-level JSON value (a single invoice or catalog object). */
export const ROOT = '(root)';
