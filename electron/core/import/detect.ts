// Format detection from content, never from the extension: JSON keys for JSON files, header
// names for CSV files.
import path from 'node:path';
import { ImportError } from './errors';
import { normalizeHeader } from './csv/header';
import { csvLayout } from './csv/layout';
import { parseRecords } from './csv/stream';
import { readHead } from './head';
import type { CsvOptions, ImportFormat } from './types';
import { CREDIT_COLUMNS, USAGE_COLUMNS } from './csv/columns';

const JSON_HEAD_BYTES = 1 << 20;
const CSV_HEAD_BYTES = 1 << 16;

/** JSON or CSV: the first non-blank character decides. */
export function isJsonText(head: string): boolean {
  const c = head.trimStart()[0];
  return c === '{' || c === '[';
}

/** Decides between the JSON formats from the keys found in the first megabyte. */
function detectJson(head: string): ImportFormat | null {
  if (/"(invoice_number|uptimes)"\s*:/.test(head)) return 'cc-invoice';
  if (/"credit_id"\s*:/.test(head) || /"credits"\s*:\s*\[/.test(head)) return 'credits';
  if (/"(runtime|countable)"\s*:\s*(\[|null)/.test(head) || /"price_plans"\s*:/.test(head)) return 'catalog';
  return null;
}

/** Decides between the CSV formats from the header names (mapping applied). */
function detectCsvHeader(headers: readonly string[], csv: CsvOptions = {}): ImportFormat | null {
  const names = new Set(headers.map(normalizeHeader));
  const mapped = new Set(
    Object.entries(csv.mapping ?? {})
      .filter(([, h]) => typeof h === 'string' && names.has(normalizeHeader(h)))
      .map(([c]) => c.trim().toLowerCase()),
  );
  const has = (c: string) => names.has(c) || mapped.has(c);
  if (has('billedcost') && has('billingaccountid')) return 'focus';
  if (has('billing_account_id') && has('billing_period_start') && has('amount')) return 'invoice-totals';
  if (has('credit_id')) return 'credits';
  if (has('item_type') || has('consumption_start')) return 'usage-csv';
  if (csv.mapping && Object.keys(csv.mapping).length > 0) {
    const keys = Object.keys(csv.mapping).map((k) => k.trim().toLowerCase());
    if (keys.some((k) => (CREDIT_COLUMNS as readonly string[]).includes(k)) && !keys.some((k) => k === 'item_type')) return 'credits';
    if (keys.some((k) => (USAGE_COLUMNS as readonly string[]).includes(k))) return 'usage-csv';
  }
  return null;
}

/** Header cells of a CSV head (after `headerRow - 1` preamble rows). */
function headerOf(file: string, head: string, complete: boolean, csv: CsvOptions = {}): string[] {
  const layout = csvLayout(file, head, csv);
  const records = parseRecords(head, layout, !complete);
  return records[layout.headerRow - 1] ?? [];
}

/**
 * The format of a file, from its content. `file` is the name used in messages. With CSV
 * options, the header row offset, delimiter and mapping are taken into account.
 */
export async function detectFormatOf(filePath: string, file = path.basename(filePath), csv: CsvOptions = {}): Promise<ImportFormat> {
  let head: { text: string; complete: boolean };
  try {
    head = await readHead(filePath, JSON_HEAD_BYTES);
  } catch (err) {
    throw new ImportError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (head.text.trim() === '') throw new ImportError(file, 'is empty');
  if (isJsonText(head.text)) {
    const f = detectJson(head.text);
    if (f) return f;
    throw new ImportError(
      file,
      'is JSON but not a recognised format: expected a Clever Cloud invoice (invoice_number, uptimes), a price catalog (runtime, countable) or credits (credit_id); choose the format explicitly',
    );
  }
  const text = head.text.length > CSV_HEAD_BYTES ? head.text.slice(0, CSV_HEAD_BYTES) : head.text;
  const headers = headerOf(file, text, head.complete && text.length === head.text.length, csv);
  const f = detectCsvHeader(headers, csv);
  if (f) return f;
  const shown = headers
    .slice(0, 12)
    .map((h) => JSON.stringify(h.trim()))
    .join(', ');
  throw new ImportError(
    file,
    `is not a recognised format (header row ${csv.headerRow ?? 1}: ${shown || 'empty'}): expected a usage CSV (item_type, consumption_start…), credits (credit_id…), FOCUS (BilledCost, BillingAccountId…) or invoice totals (billing_account_id, billing_period_start, amount…); choose the format or give a column mapping`,
  );
}
