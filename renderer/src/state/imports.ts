// Files waiting to be imported (kept while the user moves between screens).
import { create } from 'zustand';
import type { Res } from '../../../shared/contract/api';
import type { DateFormat, ImportFormat } from '../../../shared/types';

export type Preview = Res<'import.preview'>;
type CommitResult = Res<'import.commit'>['results'][number];

export interface ImportItem {
  id: number;
  name: string;
  size: number | null;
  /** Browser: the File until it is uploaded. */
  file?: File;
  ref: string | null;
  uploaded: number | null;
  /** '' = detected from content. */
  override: ImportFormat | '';
  preview: Preview | null;
  previewError: string | null;
  loading: boolean;
  include: boolean;
  result: CommitResult | null;
}

interface CsvForm {
  delimiter: string;
  decimalComma: boolean;
  headerRow: number;
  /** How a spreadsheet wrote the dates (FOCUS, invoice totals); '' = not stated. */
  dateFormat: DateFormat | '';
}

export const DEFAULT_CSV: CsvForm = { delimiter: '', decimalComma: false, headerRow: 1, dateFormat: '' };

type CsvRequest = { delimiter?: string; decimalComma?: boolean; headerRow?: number; dateFormat?: DateFormat };

interface ImportState {
  items: ImportItem[];
  csv: CsvForm;
  committing: boolean;
  add(items: Omit<ImportItem, 'id'>[]): number[];
  update(id: number, patch: Partial<ImportItem>): void;
  remove(id: number): void;
  clear(): void;
  setCsv(patch: Partial<CsvForm>): void;
  setCommitting(v: boolean): void;
}

let seq = 0;

export const useImports = create<ImportState>((set) => ({
  items: [],
  csv: DEFAULT_CSV,
  committing: false,
  add(items) {
    const withIds = items.map((i) => ({ ...i, id: ++seq }));
    set((s) => ({ items: [...s.items, ...withIds] }));
    return withIds.map((i) => i.id);
  },
  update(id, patch) {
    set((s) => ({ items: s.items.map((i) => (i.id === id ? { ...i, ...patch } : i)) }));
  },
  remove(id) {
    set((s) => ({ items: s.items.filter((i) => i.id !== id) }));
  },
  clear() {
    set({ items: [] });
  },
  setCsv(patch) {
    set((s) => ({ csv: { ...s.csv, ...patch } }));
  },
  setCommitting(v) {
    set({ committing: v });
  },
}));

/** The CSV options to send: only what differs from the defaults (undefined = none). */
export function csvOptions(form: CsvForm): CsvRequest | undefined {
  const out: CsvRequest = {};
  if (form.delimiter) out.delimiter = form.delimiter;
  if (form.decimalComma) out.decimalComma = true;
  if (form.headerRow !== 1 && Number.isInteger(form.headerRow) && form.headerRow >= 1) out.headerRow = form.headerRow;
  if (form.dateFormat) out.dateFormat = form.dateFormat;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Order of import: prices and credits first, then usage, then what was billed. */
const FORMAT_ORDER: ImportFormat[] = ['catalog', 'credits', 'usage-csv', 'focus', 'invoice-totals', 'cc-invoice'];

interface CommitGroup {
  override: ImportFormat | '';
  /** The CSV options apply to this group's files (CSV formats only). */
  csv: boolean;
  ids: number[];
  refs: string[];
}

/** The formats read from CSV (credits may also come as JSON). */
const CSV_FORMATS: ReadonlySet<string> = new Set<ImportFormat>(['usage-csv', 'focus', 'invoice-totals', 'credits']);

/** True when the CSV options concern this file. */
export function isCsvFile(i: Pick<ImportItem, 'override' | 'preview'> & { name?: string }): boolean {
  const f = i.override || i.preview?.format || '';
  if (!CSV_FORMATS.has(f)) return false;
  return !(i.name && /\.json$/i.test(i.name));
}

/** True when the CSV options are worth showing: a file is, or looks like, a CSV. */
export function anyCsv(items: readonly Pick<ImportItem, 'name' | 'override' | 'preview'>[]): boolean {
  return items.some((i) => CSV_FORMATS.has(i.override || i.preview?.format || '') || /\.(csv|tsv|txt)$/i.test(i.name));
}

/**
 * Groups the files to import into `import.commit` calls: one call per format override (the
 * request carries one format for all its files), catalogs and credits first.
 */
export function commitGroups(items: (Pick<ImportItem, 'id' | 'ref' | 'override' | 'include' | 'preview' | 'result'> & { name?: string })[]): CommitGroup[] {
  const todo = items.filter((i) => i.include && i.ref && !(i.result && i.result.ok));
  const rank = (i: (typeof todo)[number]) => {
    const f = (i.override || i.preview?.format) as ImportFormat | undefined;
    const r = f ? FORMAT_ORDER.indexOf(f) : -1;
    return r < 0 ? FORMAT_ORDER.length : r;
  };
  const sorted = [...todo].sort((a, b) => rank(a) - rank(b) || a.id - b.id);
  const groups: CommitGroup[] = [];
  for (const i of sorted) {
    const last = groups[groups.length - 1];
    const csv = isCsvFile(i);
    if (last && last.override === i.override && last.csv === csv) {
      last.ids.push(i.id);
      last.refs.push(i.ref as string);
    } else {
      groups.push({ override: i.override, csv, ids: [i.id], refs: [i.ref as string] });
    }
  }
  return groups;
}
