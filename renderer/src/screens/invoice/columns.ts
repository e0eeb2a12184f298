// The invoice table's columns, for its header and its rows alike.
import type { LineRow } from '../../../../shared/contract/api';
import type { LEGACY_GRANULARITIES } from '../../../../shared/types';
import { t } from '../../i18n';
import { labels, legacyColumnLabel } from '../../lib/labels';
import type { SortKey } from '../../lib/query';
import type { ColWidth } from '../../lib/table';

export type ColumnId =
  'sel' | 'line' | 'kind' | 'item' | 'price' | 'inst' | 'time' | 'ps' | 'legacy' | 'diff' | 'credit' | 'net' | 'billed' | 'var' | 'status' | 'review';

export interface Col {
  id: ColumnId;
  label: string;
  sort?: SortKey;
  right?: boolean;
  title?: string;
  /** Its default width (lib/table); the user may drag it wider or narrower, or hide the column. */
  width: ColWidth;
  /** False for the checkboxes' column, which stays. */
  hideable?: boolean;
}

/**
 * Default widths: the sum of the minimums of a Clever Cloud period's columns (1 078 px) fits
 * the table at a 1280 px wide window; wider windows give the rest to item, price and amounts.
 */
const WIDTHS: Record<ColumnId, ColWidth> = {
  sel: { min: 26 },
  line: { min: 60, fr: 0.1 },
  kind: { min: 88 },
  item: { min: 80, fr: 1.5 },
  price: { min: 70, fr: 1 },
  inst: { min: 46, fr: 0.3 },
  time: { min: 82, fr: 0.2 },
  ps: { min: 64, fr: 0.6 },
  legacy: { min: 64, fr: 0.6 },
  diff: { min: 64, fr: 0.6 },
  credit: { min: 64, fr: 0.6 },
  net: { min: 64, fr: 0.6 },
  billed: { min: 64, fr: 0.6 },
  var: { min: 64, fr: 0.6 },
  status: { min: 92 },
  review: { min: 86 },
};

const FOCUS_WIDTHS: Partial<Record<ColumnId, ColWidth>> = {
  kind: { min: 90 },
  item: { min: 180, fr: 2.4 },
  price: { min: 100, fr: 1 },
  ps: { min: 100, fr: 1 },
  billed: { min: 100, fr: 1 },
  var: { min: 100, fr: 1 },
  status: { min: 110 },
};

/** The line's value in a column as copied or exported: exact figures as stored, words of the locale. */
export function exportValue(id: ColumnId, row: LineRow): string {
  const words = labels();
  switch (id) {
    case 'sel':
      return '';
    case 'line':
      return String(row.lineNo);
    case 'kind':
      return words.kind[row.kind];
    case 'item':
      return row.itemName || row.itemId;
    case 'price':
      return row.priceItem;
    case 'inst':
      return String(row.instances);
    case 'time':
      return String(row.billableSeconds);
    case 'ps':
      return row.amountPerSecond;
    case 'legacy':
      return row.amountLegacy;
    case 'diff':
      return row.difference;
    case 'credit':
      return row.credit;
    case 'net':
      return row.net;
    case 'billed':
      return row.billed ?? '';
    case 'var':
      return row.variance;
    case 'status':
      return words.status[row.status];
    case 'review':
      return row.changedSinceReview ? `${words.review[row.review]} (${t('review.filter')})` : words.review[row.review];
  }
}

/** The header of a column as copied or exported (the billable time is in seconds there). */
export function exportLabel(c: Col): string {
  return c.id === 'time' ? t('sheet.seconds', { label: c.label }) : c.label;
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
    { id: 'sel', label: '', width: WIDTHS.sel, hideable: false },
    { id: 'line', label: t('columns.line'), sort: 'lineNo', right: true, width: WIDTHS.line },
    { id: 'kind', label: t('columns.kind'), sort: 'kind', width: WIDTHS.kind },
    { id: 'item', label: t('columns.item'), sort: 'itemName', width: WIDTHS.item },
    { id: 'price', label: t('columns.price'), sort: 'priceItem', width: WIDTHS.price },
    { id: 'inst', label: t('columns.instances'), right: true, title: t('columns.instances'), width: WIDTHS.inst },
    { id: 'time', label: t('columns.time'), sort: 'billableSeconds', right: true, title: t('columns.timeHelp'), width: WIDTHS.time },
    { id: 'ps', label: t('columns.perSecond'), sort: 'amountPerSecond', right: true, width: WIDTHS.ps },
    { id: 'legacy', label: legacyColumnLabel(granularity), sort: 'amountLegacy', right: true, width: WIDTHS.legacy },
    { id: 'diff', label: t('columns.difference'), sort: 'difference', right: true, title: t('columns.differenceHelp'), width: WIDTHS.diff },
    { id: 'credit', label: t('columns.credit'), sort: 'credit', right: true, width: WIDTHS.credit },
    { id: 'net', label: t('columns.net'), sort: 'net', right: true, width: WIDTHS.net },
    { id: 'billed', label: t('columns.billed'), sort: 'billed', right: true, width: WIDTHS.billed },
    { id: 'var', label: t('columns.variance'), sort: 'variance', right: true, title: t('columns.varianceHelp'), width: WIDTHS.var },
    { id: 'status', label: t('columns.status'), sort: 'status', width: WIDTHS.status },
    { id: 'review', label: t('columns.review'), sort: 'review', width: WIDTHS.review },
  ];
  if (!focus) return cols;
  const names = focusLabels();
  return cols.filter((c) => !NOT_FOCUS.has(c.id)).map((c) => ({ ...c, ...names[c.id], width: FOCUS_WIDTHS[c.id] ?? c.width }));
}

/** The grid's class (styles.css); its column widths are set inline from the columns' widths. */
export function gridClass(focus: boolean): string {
  return focus ? 'grid-lines grid-focus' : 'grid-lines';
}

/** The table's id for its column preferences: the two column sets are kept apart. */
export function tableId(focus: boolean): string {
  return focus ? 'lines-focus' : 'lines';
}
