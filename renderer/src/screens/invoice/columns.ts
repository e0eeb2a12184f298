// The invoice table's columns, for its header and its rows alike.
import type { LEGACY_GRANULARITIES } from '../../../../shared/types';
import { t } from '../../i18n';
import { legacyColumnLabel } from '../../lib/labels';
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

const focusLabels = (): Partial<Record<ColumnId, Partial<Col>>> => ({
  item: { label: t('columns.focusItem') },
  price: { label: t('columns.focusPrice') },
  ps: { label: t('columns.focusRecomputed'), title: t('columns.focusRecomputedHelp') },
  billed: { title: t('columns.focusBilledHelp') },
  var: { title: t('columns.focusVarianceHelp') },
});

export function lineColumns(granularity: (typeof LEGACY_GRANULARITIES)[number], focus: boolean): Col[] {
  const cols: Col[] = [
    { id: 'sel', label: '' },
    { id: 'line', label: t('columns.line'), sort: 'lineNo', right: true },
    { id: 'kind', label: t('columns.kind'), sort: 'kind' },
    { id: 'item', label: t('columns.item'), sort: 'itemName' },
    { id: 'price', label: t('columns.price'), sort: 'priceItem' },
    { id: 'inst', label: t('columns.instances'), right: true, title: t('columns.instances') },
    { id: 'time', label: t('columns.time'), sort: 'billableSeconds', right: true, title: t('columns.timeHelp') },
    { id: 'ps', label: t('columns.perSecond'), sort: 'amountPerSecond', right: true },
    { id: 'legacy', label: legacyColumnLabel(granularity), sort: 'amountLegacy', right: true },
    { id: 'diff', label: t('columns.difference'), sort: 'difference', right: true, title: t('columns.differenceHelp') },
    { id: 'credit', label: t('columns.credit'), sort: 'credit', right: true },
    { id: 'net', label: t('columns.net'), sort: 'net', right: true },
    { id: 'billed', label: t('columns.billed'), sort: 'billed', right: true },
    { id: 'var', label: t('columns.variance'), sort: 'variance', right: true, title: t('columns.varianceHelp') },
    { id: 'status', label: t('columns.status'), sort: 'status' },
    { id: 'review', label: t('columns.review'), sort: 'review' },
  ];
  if (!focus) return cols;
  const labels = focusLabels();
  return cols.filter((c) => !NOT_FOCUS.has(c.id)).map((c) => ({ ...c, ...labels[c.id] }));
}

/** The grid's class: its column widths (styles.css) follow the column set. */
export function gridClass(focus: boolean): string {
  return focus ? 'grid-lines grid-focus' : 'grid-lines';
}
