// Previews: the detected format, the first rows and their errors, without writing anything.
// CSV files are read only as far as the first rows; JSON files are parsed whole (JSON has no
// meaningful "start"), with the same size and depth guards as an import.
import type { Locale } from '../../../shared/i18n/labels';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_TIME_ZONE } from '../../../shared/time';
import {
  CREDIT_COLUMNS,
  CREDIT_REQUIRED,
  FOCUS_COLUMNS,
  FOCUS_REQUIRED,
  INVOICE_TOTAL_COLUMNS,
  INVOICE_TOTAL_REQUIRED,
  USAGE_COLUMNS,
  USAGE_REQUIRED,
} from './csv/columns';
import { type DataRow, streamCsvTable } from './csv/table';
import { detectFormatOf, isJsonText } from './detect';
import { ImportError } from './errors';
import { readCatalogs } from './formats/catalog';
import { invoiceRowCount, readInvoices } from './formats/cc-invoice/invoice';
import { convertCreditCsvRow, convertCreditRecord, creditRecords } from './formats/credits';
import { convertFocusRow, focusValueOptions } from './formats/focus';
import { convertInvoiceTotalRow } from './formats/invoice-totals';
import { convertUsageRow } from './formats/usage-csv/row';
import { readHead } from './head';
import { type JVal, readJsonFile, shownJson } from './json/reader';
import type { ImportFormat, ImportOptions, PreviewError, PreviewResult } from './types';

export const PREVIEW_ROWS = 100;

function toPreviewError(e: unknown): PreviewError {
  if (e instanceof ImportError) return { row: e.row ?? '', ...(e.field !== undefined ? { field: e.field } : {}), message: e.message };
  return { row: '', message: (e as Error).message ?? String(e) };
}

async function previewCsv(filePath: string, file: string, format: ImportFormat, options: ImportOptions, size: number): Promise<PreviewResult> {
  const csv = options.csv ?? {};
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const decimalComma = csv.decimalComma ?? false;
  const spec =
    format === 'focus'
      ? { canonical: FOCUS_COLUMNS, required: FOCUS_REQUIRED, convert: (r: DataRow) => convertFocusRow(file, r, focusValueOptions(csv)) }
      : format === 'invoice-totals'
        ? {
            canonical: INVOICE_TOTAL_COLUMNS,
            required: INVOICE_TOTAL_REQUIRED,
            convert: (r: DataRow) => convertInvoiceTotalRow(file, r, focusValueOptions(csv)),
          }
        : format === 'credits'
          ? { canonical: CREDIT_COLUMNS, required: CREDIT_REQUIRED, convert: (r: DataRow) => convertCreditCsvRow(file, r, decimalComma, timeZone) }
          : { canonical: USAGE_COLUMNS, required: USAGE_REQUIRED, convert: (r: DataRow) => convertUsageRow(file, r, decimalComma) };
  const columns: string[] = ['#'];
  const rows: Record<string, string>[] = [];
  const errors: PreviewError[] = [];
  const headerRow = csv.headerRow ?? 1;
  try {
    const res = await streamCsvTable(
      filePath,
      file,
      {
        csv,
        canonical: spec.canonical,
        required: spec.required,
        maxRecords: headerRow + PREVIEW_ROWS,
        chunkBytes: 1 << 16,
        onRowError: (e) => errors.push(toPreviewError(e)),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (r) => {
        const rec: Record<string, string> = { '#': String(r.row) };
        r.cols.headers.forEach((h, i) => (rec[h === '' ? `column ${i + 1}` : h] = r.fields[i] ?? ''));
        rows.push(rec);
        try {
          spec.convert(r);
        } catch (e) {
          errors.push(toPreviewError(e));
        }
      },
      (cols) => columns.push(...cols.headers.map((h, i) => (h === '' ? `column ${i + 1}` : h))),
    );
    const totalRowsEstimate = res.complete ? res.dataRows : Math.round(((res.parsedRecords - headerRow) * size) / Math.max(1, res.parsedChars));
    return { format, columns, rows, errors, totalRowsEstimate };
  } catch (e) {
    errors.push(toPreviewError(e));
    return { format, columns, rows, errors };
  }
}

function jsonPreview(file: string, format: ImportFormat, doc: JVal, timeZone: string, locale: Locale): PreviewResult & { warnings: string[] } {
  const warnings: string[] = [];
  const errors: PreviewError[] = [];
  if (format === 'cc-invoice') {
    const columns = ['#', 'invoice_number', 'owner_id', 'item_type', 'item_id', 'price_ref', 'flavor_name', 'amount'];
    try {
      const plans = readInvoices(file, doc, timeZone, warnings, locale);
      const rows = plans.flatMap((p) =>
        p.lines.map((l) => ({
          '#': l.path,
          invoice_number: p.invoiceNumber,
          owner_id: p.ownerId,
          item_type: l.itemType,
          item_id: l.itemId,
          price_ref: l.priceRef,
          flavor_name: l.flavorName,
          amount: l.amount,
        })),
      );
      return { format, columns, rows: rows.slice(0, PREVIEW_ROWS), errors, totalRowsEstimate: invoiceRowCount(plans), warnings };
    } catch (e) {
      return { format, columns, rows: [], errors: [toPreviewError(e)], warnings };
    }
  }
  if (format === 'catalog') {
    const columns = ['#', 'zone_id', 'currency', 'kind', 'id', 'source', 'flavor', 'price', 'plans'];
    try {
      const cats = readCatalogs(file, doc, timeZone);
      const rows = cats.flatMap((c) => [
        ...c.runtime.map((r) => ({
          '#': r.path,
          zone_id: c.zoneId,
          currency: c.currency,
          kind: 'runtime',
          id: r.runtimePolicyId,
          source: r.source,
          flavor: r.flavor,
          price: r.pricePerHour,
          plans: '',
        })),
        ...c.countable.map((k) => ({
          '#': k.path,
          zone_id: c.zoneId,
          currency: c.currency,
          kind: 'countable',
          id: k.service,
          source: '',
          flavor: '',
          price: '',
          plans: k.plans.map((p) => `${p.planId}: ${p.price}${p.maxQuantity !== null ? ` up to ${p.maxQuantity}` : ''}`).join('; '),
        })),
      ]);
      return { format, columns, rows: rows.slice(0, PREVIEW_ROWS), errors, totalRowsEstimate: rows.length + cats.length, warnings };
    } catch (e) {
      return { format, columns, rows: [], errors: [toPreviewError(e)], warnings };
    }
  }
  // credits JSON: every record checked on its own.
  const columns = ['#', ...CREDIT_COLUMNS];
  try {
    const recs = creditRecords(file, doc);
    const rows: Record<string, string>[] = [];
    for (const rec of recs) {
      if (rows.length < PREVIEW_ROWS) {
        const row: Record<string, string> = { '#': rec.path };
        for (const c of CREDIT_COLUMNS) row[c] = rec.has(c) ? shownJson(rec.raw(c)) : '';
        rows.push(row);
      }
      try {
        convertCreditRecord(rec, timeZone);
      } catch (e) {
        errors.push(toPreviewError(e));
      }
    }
    return { format, columns, rows, errors, totalRowsEstimate: recs.length, warnings };
  } catch (e) {
    return { format, columns, rows: [], errors: [toPreviewError(e)], warnings };
  }
}

export async function previewFile(filePath: string, options: ImportOptions = {}): Promise<PreviewResult & { warnings: string[] }> {
  const file = options.displayName ?? path.basename(filePath);
  let st;
  try {
    st = await fsp.stat(filePath);
  } catch (err) {
    throw new ImportError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!st.isFile()) throw new ImportError(file, 'is not a file');
  const format = options.format ?? (await detectFormatOf(filePath, file, options.csv ?? {}));
  let head: { text: string };
  try {
    head = await readHead(filePath, 4096);
  } catch (err) {
    throw new ImportError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const json = format === 'cc-invoice' || format === 'catalog' || (format === 'credits' && isJsonText(head.text));
  if (!json) return { ...(await previewCsv(filePath, file, format, options, st.size)), warnings: [] };
  let doc: JVal;
  try {
    doc = await readJsonFile(filePath, file);
  } catch (e) {
    return { format, columns: [], rows: [], errors: [toPreviewError(e)], warnings: [] };
  }
  return jsonPreview(file, format, doc, options.timeZone ?? DEFAULT_TIME_ZONE, options.locale ?? 'en');
}
