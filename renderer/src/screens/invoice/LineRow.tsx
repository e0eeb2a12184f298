// One row of the invoice table (memoized: only the rows whose props change re-render).
import { memo } from 'react';
import type { LineRow as Line } from '../../../../shared/contract/api';
import { isTimeSliced } from '../../../../shared/kinds';
import { FOCUS_LINE_KINDS, type LineKind } from '../../../../shared/types';
import { ReviewChip, StatusChip } from '../../components/Chip';
import { Money } from '../../components/Money';
import { formatDuration, formatInt } from '../../lib/format';
import { KIND_LABEL } from '../../lib/labels';
import { useLocale } from '../../state/app';
import { useInvoice } from '../../state/invoice';

const isFocusKind = (k: LineKind) => (FOCUS_LINE_KINDS as readonly string[]).includes(k);

/** The plain money columns, in the table's order (the variance, toned and signed, follows them). */
const MONEY_CELLS = ['amountPerSecond', 'amountLegacy', 'difference', 'credit', 'net', 'billed'] as const satisfies readonly (keyof Line)[];

export interface RowHandlers {
  onClick: (index: number, e: React.MouseEvent) => void;
  onCheck: (index: number, e: React.MouseEvent) => void;
  onOpen: (index: number) => void;
}

export const LineRow = memo(function LineRow({
  row,
  index,
  top,
  cursor,
  checked,
  onClick,
  onCheck,
  onOpen,
}: RowHandlers & {
  /** Undefined while its page loads: a placeholder row. */
  row: Line | undefined;
  index: number;
  top: number;
  cursor: boolean;
  checked: boolean;
}) {
  const { currency } = useInvoice((s) => s.invoice) ?? { currency: '' };
  const locale = useLocale();
  const style = { transform: `translateY(${top}px)` };
  if (!row) {
    return (
      <div className="vrow grid-lines placeholder" style={style} aria-rowindex={index + 2}>
        <span />
        <span className="num muted">{index + 1}</span>
        <span className="skeleton" />
      </div>
    );
  }
  const time = isTimeSliced(row.kind) || row.billableSeconds > 0;
  return (
    <div
      className={`vrow grid-lines${cursor ? ' cursor' : ''}${checked ? ' checked' : ''}`}
      style={style}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={cursor}
      data-testid="line-row"
      data-key={row.key}
      data-status={row.status}
      data-review={row.review}
      onClick={(e) => onClick(index, e)}
      onDoubleClick={() => onOpen(index)}
    >
      <span className="cell cell-sel" role="gridcell">
        <input type="checkbox" checked={checked} aria-label={`Select line ${row.lineNo}`} tabIndex={-1} onClick={(e) => onCheck(index, e)} readOnly />
      </span>
      <span className="cell num" role="gridcell">
        {row.lineNo}
      </span>
      <span className="cell" role="gridcell">
        {KIND_LABEL[row.kind]}
      </span>
      <span className="cell ellip" role="gridcell" title={`${row.itemName}\n${row.itemId}`}>
        {row.itemName || row.itemId}
        {/* A FOCUS line is a service's rows for one resource: both name it. */}
        {isFocusKind(row.kind) && row.itemId && row.itemName && <span className="muted"> · {row.itemId}</span>}
        {row.annotationCount > 0 && (
          <span className="note-badge" title={`${row.annotationCount} annotation(s)`}>
            ✎{row.annotationCount}
          </span>
        )}
      </span>
      <span className="cell ellip mono" role="gridcell" title={row.priceItem}>
        {row.priceItem}
      </span>
      <span className="cell num" role="gridcell">
        {row.instances > 0 ? formatInt(row.instances, locale) : ''}
      </span>
      <span className="cell num" role="gridcell" title={`${row.billableSeconds} s`}>
        {time ? formatDuration(row.billableSeconds) : ''}
      </span>
      {MONEY_CELLS.map((k) => (
        <span key={k} className="cell" role="gridcell">
          <Money value={row[k]} currency={currency} />
        </span>
      ))}
      <span className="cell" role="gridcell">
        <Money value={row.variance} currency={currency} tone signed />
      </span>
      <span className="cell" role="gridcell">
        <StatusChip status={row.status} short />
        {row.flaggedRows > 0 && (
          <span className="flag-badge" title={`${row.flaggedRows} row check(s) fail: cost ≠ unit price × PricingQuantity`} data-testid="flag-badge">
            ⚑{row.flaggedRows}
          </span>
        )}
      </span>
      <span className="cell" role="gridcell">
        <ReviewChip review={row.review} />
      </span>
    </div>
  );
});
