// Saved CSV layouts per source (delimiter, decimal comma, header row, column mapping, date format): checked
// here, stored by store/csv-mappings.ts.
import { csvMappingKey, csvMappingText, deleteCsvMappingText, listCsvMappingTexts, saveCsvMappingText } from '../../store/csv-mappings';
import { DATE_FORMATS, type DateFormat } from '../../../../shared/types';
import type { Db } from '../../store/open';
import { ImportError } from '../errors';
import type { CsvOptions } from '../types';

/** Throws when options are not a usable CSV layout. */
export function validateCsvOptions(where: string, o: unknown): CsvOptions {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new ImportError(where, 'CSV options must be an object');
  const opts = o as Record<string, unknown>;
  const out: CsvOptions = {};
  for (const key of Object.keys(opts)) {
    if (!['delimiter', 'decimalComma', 'headerRow', 'mapping', 'dateFormat'].includes(key))
      throw new ImportError(where, `unknown CSV option ${JSON.stringify(key)}`);
  }
  if (opts.delimiter !== undefined) {
    if (typeof opts.delimiter !== 'string' || opts.delimiter.length !== 1) throw new ImportError(where, 'CSV option delimiter must be one character');
    out.delimiter = opts.delimiter;
  }
  if (opts.decimalComma !== undefined) {
    if (typeof opts.decimalComma !== 'boolean') throw new ImportError(where, 'CSV option decimalComma must be true or false');
    out.decimalComma = opts.decimalComma;
  }
  if (opts.headerRow !== undefined) {
    if (typeof opts.headerRow !== 'number' || !Number.isInteger(opts.headerRow) || opts.headerRow < 1)
      throw new ImportError(where, 'CSV option headerRow must be a row number (1 or more)');
    out.headerRow = opts.headerRow;
  }
  if (opts.dateFormat !== undefined) {
    if (!DATE_FORMATS.includes(opts.dateFormat as DateFormat)) throw new ImportError(where, `CSV option dateFormat must be one of ${DATE_FORMATS.join(', ')}`);
    out.dateFormat = opts.dateFormat as DateFormat;
  }
  if (opts.mapping !== undefined) {
    const m = opts.mapping;
    if (m === null || typeof m !== 'object' || Array.isArray(m))
      throw new ImportError(where, 'CSV option mapping must be an object (canonical column → header in the file)');
    const mapping: Record<string, string> = {};
    for (const [k, v] of Object.entries(m as Record<string, unknown>)) {
      if (typeof v !== 'string') throw new ImportError(where, `CSV mapping of ${JSON.stringify(k)} must be a header name`);
      mapping[k] = v;
    }
    out.mapping = mapping;
  }
  return out;
}

export function saveCsvMapping(db: Db, sourceName: string, options: CsvOptions): void {
  const name = sourceName.trim();
  if (name === '') throw new ImportError('(mapping)', 'a saved CSV mapping needs a source name');
  saveCsvMappingText(db, name, JSON.stringify(validateCsvOptions(name, options)));
}

export function loadCsvMapping(db: Db, sourceName: string): CsvOptions | undefined {
  const raw = csvMappingText(db, sourceName.trim());
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ImportError(sourceName, `the saved CSV mapping (setting ${csvMappingKey(sourceName)}) is not valid JSON`);
  }
  return validateCsvOptions(sourceName, parsed);
}

export function deleteCsvMapping(db: Db, sourceName: string): void {
  deleteCsvMappingText(db, sourceName.trim());
}

/** Sources with a saved mapping. */
export function listCsvMappings(db: Db): { sourceName: string; options: CsvOptions }[] {
  return listCsvMappingTexts(db).map((r) => ({ sourceName: r.sourceName, options: JSON.parse(r.json) as CsvOptions }));
}

/** A file name with its digit runs replaced by '#': "usage-2021-03.csv" → "usage-#-#.csv". */
export function sourcePattern(fileName: string): string {
  return fileName.replace(/\d+/g, '#');
}

/** The saved layout for a file: under its exact name, else under its name pattern (digits → '#'). */
export function mappingForFile(db: Db, fileName: string): CsvOptions | undefined {
  return loadCsvMapping(db, fileName) ?? (sourcePattern(fileName) !== fileName ? loadCsvMapping(db, sourcePattern(fileName)) : undefined);
}
