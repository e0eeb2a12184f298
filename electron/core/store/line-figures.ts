// The rated figures of a line, stored alike in rated_lines and reconciled_lines: one column list,
// one order of values, so the two tables cannot drift apart.
import type { RatedLine } from '../../../shared/types';

type LineFigures = Pick<
  RatedLine,
  | 'key'
  | 'lineNo'
  | 'kind'
  | 'itemId'
  | 'itemName'
  | 'priceItem'
  | 'instances'
  | 'billableSeconds'
  | 'unitPrice'
  | 'amountPerSecond'
  | 'amountLegacy'
  | 'difference'
  | 'credit'
  | 'net'
>;

export const LINE_FIGURE_COLUMNS =
  'line_key, line_no, kind, item_id, item_name, price_item, instances, billable_seconds, unit_price, amount_per_second, amount_legacy, difference, credit, net';
/** One `?` per column of LINE_FIGURE_COLUMNS. */
export const LINE_FIGURE_PLACEHOLDERS = LINE_FIGURE_COLUMNS.split(',')
  .map(() => '?')
  .join(', ');

/** The values of LINE_FIGURE_COLUMNS, in its order. */
export function lineFigures(l: LineFigures): (string | number | null)[] {
  return [
    l.key,
    l.lineNo,
    l.kind,
    l.itemId,
    l.itemName,
    l.priceItem,
    l.instances,
    l.billableSeconds,
    l.unitPrice,
    l.amountPerSecond,
    l.amountLegacy,
    l.difference,
    l.credit,
    l.net,
  ];
}
