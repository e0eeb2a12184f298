// State of the invoice screen: filters, sort, checked lines, cursor and the last totals.
import { create } from 'zustand';
import type { InvoiceTotals, Res } from '../../../shared/contract/api';
import { EMPTY_FILTERS, type LineFilters, type SortDir, type SortKey } from '../lib/query';

type FilteredSums = Res<'lines.list'>['filtered'];

interface InvoiceState {
  filters: LineFilters;
  sort: SortKey;
  dir: SortDir;
  /** Checked lines (keys), for bulk review. */
  selected: Set<string>;
  /** Index of the keyboard cursor in the current query. */
  cursor: number;
  /** From the last `lines.list` answer. */
  total: number | null;
  invoice: InvoiceTotals | null;
  filtered: FilteredSums | null;
  /** Bumped when lines changed on the server (review, annotation): the table re-fetches. */
  version: number;
  showCharts: boolean;
  setFilters(patch: Partial<LineFilters>): void;
  clearFilters(): void;
  setSort(sort: SortKey, dir: SortDir): void;
  setSelected(keys: Set<string>): void;
  toggleSelected(key: string): void;
  setCursor(i: number): void;
  setAnswer(a: { total: number; invoice: InvoiceTotals; filtered: FilteredSums }): void;
  bump(): void;
  resetForSelection(): void;
  setShowCharts(v: boolean): void;
}

export const useInvoice = create<InvoiceState>((set) => ({
  filters: EMPTY_FILTERS,
  sort: 'lineNo',
  dir: 'asc',
  selected: new Set(),
  cursor: 0,
  total: null,
  invoice: null,
  filtered: null,
  version: 0,
  showCharts: false,
  setFilters: (patch) => set((s) => ({ filters: { ...s.filters, ...patch }, cursor: 0 })),
  clearFilters: () => set({ filters: EMPTY_FILTERS, cursor: 0 }),
  setSort: (sort, dir) => set({ sort, dir, cursor: 0 }),
  setSelected: (keys) => set({ selected: keys }),
  toggleSelected: (key) =>
    set((s) => {
      const next = new Set(s.selected);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return { selected: next };
    }),
  setCursor: (cursor) => set({ cursor }),
  setAnswer: (a) => set({ total: a.total, invoice: a.invoice, filtered: a.filtered }),
  bump: () => set((s) => ({ version: s.version + 1 })),
  resetForSelection: () => set({ selected: new Set(), cursor: 0, total: null, invoice: null, filtered: null }),
  setShowCharts: (v) => set({ showCharts: v }),
}));
