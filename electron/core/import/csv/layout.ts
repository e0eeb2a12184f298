// A CSV file's layout: delimiter and header row, given or detected from its head. Line breaks
// need no detection: CRLF, LF and CR each end a row (newlines.ts).
import { ImportError } from '../errors';
import { NEWLINE, normalizeNewlines } from './newlines';
import type { CsvOptions } from '../types';

export interface CsvLayout {
  delimiter: string;
  headerRow: number;
}

const DELIMITER_CANDIDATES = [',', ';', '\t'] as const;

/** Counts each candidate outside quotes on the header line; the most frequent wins (ties: `,` `;` tab). */
function detectDelimiter(text: string, headerRow = 1): string {
  const lines = normalizeNewlines(text).split(NEWLINE);
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
  return { delimiter: delimiter ?? detectDelimiter(head, headerRow), headerRow };
}
