// The header row of the invoice table: its columns, sorting on the server, clearing the selection.
import { t } from '../../i18n';
import { nextSort, type SortDir, type SortKey } from '../../lib/query';
import { useInvoice } from '../../state/invoice';
import { type Col } from './columns';

export function TableHead({ sort, dir, columns, grid }: { sort: SortKey; dir: SortDir; columns: Col[]; grid: string }) {
  const selected = useInvoice((s) => s.selected);
  const setSelected = useInvoice((s) => s.setSelected);
  const setSort = useInvoice((s) => s.setSort);
  return (
    <div className={`vhead ${grid}`} role="row">
      {columns.map((c) => {
        const active = c.sort && c.sort === sort;
        const ariaSort = active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined;
        return (
          <span key={c.id} role="columnheader" aria-sort={ariaSort} className={`hcell${c.right ? ' r' : ''}`} title={c.title}>
            {c.id === 'sel' ? (
              <input
                type="checkbox"
                aria-label={t('lines.clearSelection')}
                checked={selected.size > 0}
                disabled={selected.size === 0}
                onChange={() => setSelected(new Set())}
              />
            ) : c.sort ? (
              <button
                className={`sort${active ? ' active' : ''}`}
                data-testid={`sort-${c.sort}`}
                onClick={() => {
                  const n = nextSort({ sort, dir }, c.sort!);
                  setSort(n.sort, n.dir);
                }}
              >
                {c.label}
                <span className="sort-mark" aria-hidden="true">
                  {active ? (dir === 'asc' ? '▲' : '▼') : ''}
                </span>
              </button>
            ) : (
              c.label
            )}
          </span>
        );
      })}
    </div>
  );
}
