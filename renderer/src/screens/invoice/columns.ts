// The invoice table's columns, for its header and its rows alike.
import { LEGACY_COLUMN_LABEL } from '../../lib/labels';
import type { SortKey } from '../../lib/query';

export type ColumnId =
  'sel' | 'line' | 'kind' | 'item' | 'price' | 'inst' | 'time' | 'ps' | 'legacy' | 'diff' | 'credit' | 'net' | 'billed' | 'var' | 'status' | 'review';

export interface Col {
  id: ColumnId;
  label: string;
  sort?: SortKey;
  right?: boolean;
  title?: string;
}

/**
 * A FOCUS line is the provider's rows, rated by the provider: no instances, billable time or
 * time slices, and no workspace credits (its credits are rows of their own), so those columns go.
 */
const NOT_FOCUS: ReadonlySet<ColumnId> = new Set<ColumnId>(['inst', 'time', 'legacy', 'diff', 'credit', 'net']);

const FOCUS_LABELS: Partial<Record<ColumnId, Partial<Col>>> = {
  item: { label: 'Service · resource' },
  price: { label: 'SKU price' },
  ps: { label: 'Recomputed', title: 'Σ BilledCost of the rows, each broken ContractedCost corrected to ContractedUnitPrice × PricingQuantity' },
  billed: { title: 'Σ BilledCost of the rows' },
  var: { title: 'Billed − recomputed' },
};

export function lineColumns(granularity: keyof typeof LEGACY_COLUMN_LABEL, focus: boolean): Col[] {
  const cols: Col[] = [
    { id: 'sel', label: '' },
    { id: 'line', label: 'Line', sort: 'lineNo', right: true },
    { id: 'kind', label: 'Kind', sort: 'kind' },
    { id: 'item', label: 'Item', sort: 'itemName' },
    { id: 'price', label: 'Price item', sort: 'priceItem' },
    { id: 'inst', label: 'Instances', right: true, title: 'Instances' },
    { id: 'time', label: 'Billable time', sort: 'billableSeconds', right: true, title: 'h:mm:ss' },
    { id: 'ps', label: 'Per-second', sort: 'amountPerSecond', right: true },
    { id: 'legacy', label: LEGACY_COLUMN_LABEL[granularity], sort: 'amountLegacy', right: true },
    { id: 'diff', label: 'Difference', sort: 'difference', right: true, title: 'Legacy − per second' },
    { id: 'credit', label: 'Credit', sort: 'credit', right: true },
    { id: 'net', label: 'Net', sort: 'net', right: true },
    { id: 'billed', label: 'Billed', sort: 'billed', right: true },
    { id: 'var', label: 'Variance', sort: 'variance', right: true, title: 'Billed − per second' },
    { id: 'status', label: 'Status', sort: 'status' },
    { id: 'review', label: 'Review', sort: 'review' },
  ];
  if (!focus) return cols;
  return cols.filter((c) => !NOT_FOCUS.has(c.id)).map((c) => ({ ...c, ...FOCUS_LABELS[c.id] }));
}

/** The grid's class: its column widths (styles.css) follow the column set. */
export function gridClass(focus: boolean): string {
  return focus ? 'grid-lines grid-focus' : 'grid-lines';
}
