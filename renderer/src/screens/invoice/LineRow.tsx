// One row of the invoice table (memoized: only the rows whose props change re-render).
import { memo } from 'react';
import type { LineRow as Line } from '../../../../shared/contract/api';
import { isFocusKind, isTimeSliced } from '../../../../shared/kinds';
import { ReviewChip, StatusChip } from '../../components/Chip';
import { Money } from '../../components/Money';
import { formatDuration, formatInt, type Locale } from '../../lib/format';
import { currentLocale, t } from '../../i18n';
import { labels } from '../../lib/labels';
import { useLocale } from '../../state/app';
import { useInvoice } from '../../state/invoice';
import type { Col, ColumnId } from './columns';

/** The plain money columns and the row figure each shows (the variance, toned and signed, is apart). */
const MONEY_CELLS: Partial<Record<ColumnId, 'amountPerSecond' | 'amountLegacy' | 'difference' | 'credit' | 'net' | 'billed'>> = {
  ps: 'amountPerSecond',
  legacy: 'amountLegacy',
  diff: 'difference',
  credit: 'credit',
  net: 'net',
  billed: 'billed',
};

const CELL_CLASS: Partial<Record<ColumnId, string>> = {
  sel: 'cell cell-sel',
  line: 'cell num',
  item: 'cell ellip',
  price: 'cell ellip mono',
  inst: 'cell num',
  time: 'cell num',
};

/** Cells that hold the provider's data (names, ids), not interface words. */
const DATA_CELLS: ReadonlySet<ColumnId> = new Set<ColumnId>(['item', 'price']);

function cellTitle(id: ColumnId, row: Line): { title?: string } {
  if (id === 'item') return { title: `${row.itemName}\n${row.itemId}` };
  if (id === 'price') return { title: row.priceItem };
  if (id === 'time') return { title: t('common.seconds', { n: formatInt(row.billableSeconds, currentLocale()) }) };
  // A narrow column cuts its figure: the exact stored value on hover.
  const money = MONEY_CELLS[id] ?? (id === 'var' ? 'variance' : undefined);
  if (money) return row[money] === null ? {} : { title: row[money] };
  if (id === 'status') return { title: labels().status[row.status] };
  if (id === 'kind') return { title: labels().kind[row.kind] };
  return {};
}

interface CellProps {
  row: Line;
  checked: boolean;
  index: number;
  currency: string;
  locale: Locale;
  time: boolean;
  onCheck: RowHandlers['onCheck'];
}

function cell(id: ColumnId, { row, checked, index, currency, locale, time, onCheck }: CellProps): React.ReactNode {
  const money = MONEY_CELLS[id];
  // A billed amount shows every digit the invoice gives; so does a FOCUS line's recomputed one, an exact sum of its rows.
  if (money) return <Money value={row[money]} currency={currency} exact={id === 'billed' || (id === 'ps' && isFocusKind(row.kind))} />;
  switch (id) {
    case 'sel':
      return (
        <input type="checkbox" checked={checked} aria-label={t('lines.select', { n: row.lineNo })} tabIndex={-1} onClick={(e) => onCheck(index, e)} readOnly />
      );
    case 'line':
      return row.lineNo;
    case 'kind':
      return labels().kind[row.kind];
    case 'item':
      return (
        <>
          {row.itemName || row.itemId}
          {/* A FOCUS line is a service's rows for one resource: both name it. */}
          {isFocusKind(row.kind) && row.itemId && row.itemName && <span className="muted"> · {row.itemId}</span>}
          {row.annotationCount > 0 && (
            <span className="note-badge" title={t('lines.annotations', { count: row.annotationCount, n: formatInt(row.annotationCount, locale) })}>
              ✎{row.annotationCount}
            </span>
          )}
        </>
      );
    case 'price':
      return row.priceItem;
    case 'inst':
      return row.instances > 0 ? formatInt(row.instances, locale) : '';
    case 'time':
      return time ? formatDuration(row.billableSeconds) : '';
    case 'var':
      return <Money value={row.variance} currency={currency} tone signed exact />;
    case 'status':
      return (
        <>
          <StatusChip status={row.status} short />
          {row.flaggedRows > 0 && (
            <span className="flag-badge" title={t('lines.flagged', { count: row.flaggedRows, n: formatInt(row.flaggedRows, locale) })} data-testid="flag-badge">
              ⚑{row.flaggedRows}
            </span>
          )}
        </>
      );
    case 'review':
      return <ReviewChip review={row.review} changed={row.changedSinceReview} />;
    default:
      return null;
  }
}

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
  columns,
  grid,
  template,
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
  /** The table's columns (a FOCUS period has fewer) and their grid class: see ./columns. */
  columns: Col[];
  grid: string;
  /** The grid template of the visible columns (their widths: components/table/useColumnPrefs). */
  template: string;
}) {
  const { currency } = useInvoice((s) => s.invoice) ?? { currency: '' };
  const locale = useLocale();
  const style = { transform: `translateY(${top}px)`, gridTemplateColumns: template };
  if (!row) {
    return (
      <div className={`vrow ${grid} placeholder`} style={style} aria-rowindex={index + 2}>
        <span />
        <span className="num muted">{index + 1}</span>
        <span className="skeleton" />
      </div>
    );
  }
  const time = isTimeSliced(row.kind) || row.billableSeconds > 0;
  return (
    <div
      className={`vrow ${grid}${cursor ? ' cursor' : ''}${checked ? ' checked' : ''}`}
      style={style}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={cursor}
      data-testid="line-row"
      data-key={row.key}
      data-status={row.status}
      data-review={row.review}
      data-changed={row.changedSinceReview ? 'true' : undefined}
      onClick={(e) => onClick(index, e)}
      onDoubleClick={() => onOpen(index)}
    >
      {columns.map((c) => (
        <span
          key={c.id}
          className={CELL_CLASS[c.id] ?? 'cell'}
          role="gridcell"
          {...cellTitle(c.id, row)}
          {...(DATA_CELLS.has(c.id) ? { translate: 'no' } : {})}
        >
          {cell(c.id, { row, checked, index, currency, locale, time, onCheck })}
        </span>
      ))}
    </div>
  );
});
