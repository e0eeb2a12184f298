// The header row of the invoice table: its columns, sorting on the server, clearing the selection.
import { LEGACY_COLUMN_LABEL } from '../../lib/labels';
import { nextSort, type SortDir, type SortKey } from '../../lib/query';
import { useSelectedSummary, useSettings } from '../../state/app';
import { useInvoice } from '../../state/invoice';

interface Col {
  id: string;
  label: string;
  sort?: SortKey;
  right?: boolean;
  title?: string;
}

/** A FOCUS period's lines are the provider's rows recomputed from their unit prices: no time slices. */
function columns(granularity: keyof typeof LEGACY_COLUMN_LABEL, focus: boolean): Col[] {
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
  const relabel: Record<string, Partial<Col>> = {
    ps: { label: 'Recomputed', title: 'Σ BilledCost of the rows, each broken ContractedCost corrected to ContractedUnitPrice × PricingQuantity' },
    legacy: { label: 'No slices', title: 'FOCUS rows are not billed by time' },
    billed: { title: 'Σ BilledCost of the rows' },
    var: { title: 'Billed − recomputed' },
  };
  return cols.map((c) => ({ ...c, ...relabel[c.id] }));
}

export function TableHead({ sort, dir }: { sort: SortKey; dir: SortDir }) {
  const { granularitySeconds } = useSettings();
  const focus = !!useSelectedSummary()?.focus;
  const selected = useInvoice((s) => s.selected);
  const setSelected = useInvoice((s) => s.setSelected);
  const setSort = useInvoice((s) => s.setSort);
  return (
    <div className="vhead grid-lines" role="row">
      {columns(granularitySeconds, focus).map((c) => {
        const active = c.sort && c.sort === sort;
        const ariaSort = active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined;
        return (
          <span key={c.id} role="columnheader" aria-sort={ariaSort} className={`hcell${c.right ? ' r' : ''}`} title={c.title}>
            {c.id === 'sel' ? (
              <input
                type="checkbox"
                aria-label="Clear the selection"
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
