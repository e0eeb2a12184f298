// The header row of the invoice table: its columns (drag an edge to resize), sorting on the
// server, and the select-all checkbox (indeterminate while only some lines are checked).
import { useEffect, useRef } from 'react';
import { ResizeHandle } from '../../components/table/ResizeHandle';
import { t } from '../../i18n';
import { nextSort, type LineQuery, type SortDir, type SortKey } from '../../lib/query';
import { errorText, useApp } from '../../state/app';
import { useInvoice } from '../../state/invoice';
import { fetchAllRows } from './allRows';
import { type Col } from './columns';

/** The select-all box: none checked, some (indeterminate) or all of the query's lines. */
function SelectAll({ query, total }: { query: LineQuery; total: number }) {
  const selected = useInvoice((s) => s.selected);
  const setSelected = useInvoice((s) => s.setSelected);
  const ref = useRef<HTMLInputElement>(null);
  const all = total > 0 && selected.size >= total;
  const some = selected.size > 0 && !all;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = some;
  }, [some]);
  const onChange = async () => {
    if (selected.size > 0) {
      setSelected(new Set());
      return;
    }
    try {
      const rows = await fetchAllRows(query);
      setSelected(new Set(rows.map((r) => r.key)));
    } catch (e) {
      useApp.getState().notify('error', errorText(e), 'select-all');
    }
  };
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label={selected.size > 0 ? t('lines.clearSelection') : t('sheet.selectAll')}
      checked={all}
      disabled={total === 0}
      data-testid="select-all"
      data-state={all ? 'all' : some ? 'some' : 'none'}
      onChange={() => void onChange()}
    />
  );
}

export function TableHead({
  query,
  total,
  columns,
  grid,
  template,
  onWidth,
}: {
  query: LineQuery;
  total: number;
  columns: Col[];
  grid: string;
  template: string;
  onWidth: (id: string, px: number | null) => void;
}) {
  const setSort = useInvoice((s) => s.setSort);
  const { sort, dir }: { sort: SortKey; dir: SortDir } = query;
  return (
    <div className={`vhead ${grid}`} role="row" style={{ gridTemplateColumns: template }}>
      {columns.map((c) => {
        const active = c.sort && c.sort === sort;
        const ariaSort = active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined;
        return (
          <span
            key={c.id}
            role="columnheader"
            aria-sort={ariaSort}
            className={`hcell${c.right ? ' r' : ''}`}
            title={c.title ? `${c.label} — ${c.title}` : c.label || undefined}
            data-col={c.id}
          >
            {c.id === 'sel' ? (
              <SelectAll query={query} total={total} />
            ) : c.sort ? (
              <button
                className={`sort${active ? ' active' : ''}`}
                data-testid={`sort-${c.sort}`}
                onClick={() => {
                  const n = nextSort({ sort, dir }, c.sort!);
                  setSort(n.sort, n.dir);
                }}
              >
                <span className="sort-label">{c.label}</span>
                <span className="sort-mark" aria-hidden="true">
                  {active ? (dir === 'asc' ? '▲' : '▼') : ''}
                </span>
              </button>
            ) : (
              <span className="sort-label">{c.label}</span>
            )}
            {c.id !== 'sel' && <ResizeHandle id={c.id} onWidth={(px) => onWidth(c.id, px)} />}
          </span>
        );
      })}
    </div>
  );
}
