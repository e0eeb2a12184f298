// A CSV file's layout: delimiter, line break and header row, given or detected from its head.
import { ImportError } from '../errors';
import type { CsvOptions } from '../types';

export type Newline = '\n' | '\r\n' | '\r';

export interface CsvLayout {
  delimiter: string;
  newline: Newline;
  headerRow: number;
}

const DELIMITER_CANDIDATES = [',', ';', '\t'] as const;

/** The first line break outside quotes decides; LF when there is none. */
function detectNewline(text: string): Newline {
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
function detectDelimiter(text: string, headerRow = 1): string {
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
