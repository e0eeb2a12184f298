// The invoice's lines: a virtualized grid over the server's sorted, filtered list, with the
// spreadsheet habits of docs/ui.md ("Tables"): columns resized and hidden (kept), the checked
// lines copied as tab-separated text, the view exported as CSV.
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ColumnsMenu } from '../../components/table/ColumnsMenu';
import { useColumnPrefs } from '../../components/table/useColumnPrefs';
import { isFiltered, type LineQuery } from '../../lib/query';
import { useApp, useSelectedSummary, useSettings } from '../../state/app';
import { useInvoice } from '../../state/invoice';
import { gridClass, lineColumns, tableId } from './columns';
import { copyLines, exportViewCsv } from './sheet';
import { LineRow } from './LineRow';
import { TableHead } from './TableHead';
import { HEADER_H, useLineWindow } from './useLineWindow';
import { useRowPointer } from './useRowPointer';
import { useTableKeys } from './useTableKeys';

export function LinesTable({ query, searchRef }: { query: LineQuery; searchRef: React.RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const cursor = useInvoice((s) => s.cursor);
  const selected = useInvoice((s) => s.selected);
  const lineKey = useApp((s) => s.lineKey);
  const busy = useApp((s) => s.busy);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const { granularitySeconds } = useSettings();
  const focus = !!useSelectedSummary()?.focus;
  const all = useMemo(() => lineColumns(granularitySeconds, focus), [granularitySeconds, focus]);
  const cols = useColumnPrefs(tableId(focus), all);
  const columns = cols.visible;
  const grid = gridClass(focus);
  const { cache, total, virtualizer, items, loadError, retry } = useLineWindow(query, scrollRef);
  const pointer = useRowPointer(cache);
  useTableKeys({ cache, total, virtualizer, scrollRef, searchRef });

  // Ctrl+C / ⌘C (or the Copy menu) in the table: the checked lines (else the cursor's) as
  // tab-separated text with a header row, the visible columns, exact figures.
  const latest = useRef({ cache, columns, query, cursor });
  latest.current = { cache, columns, query, cursor };
  useEffect(() => {
    const onCopy = (e: ClipboardEvent) => {
      const root = rootRef.current;
      const active = document.activeElement;
      if (!root || !active || !root.contains(active) || (active instanceof HTMLInputElement && active.type !== 'checkbox')) return;
      if (window.getSelection()?.toString()) return; // text the user selected: the browser copies it
      const { cache: c, columns: cs, query: q, cursor: cur } = latest.current;
      if (copyLines(e, c, cs, q, cur)) e.preventDefault();
    };
    document.addEventListener('copy', onCopy);
    return () => document.removeEventListener('copy', onCopy);
  }, []);

  return (
    <div
      className="vt"
      role="grid"
      aria-rowcount={total + 1}
      aria-label={t('lines.label')}
      data-testid="lines-table"
      data-total={total}
      aria-multiselectable="true"
      ref={rootRef}
    >
      <div className="vt-tools">
        <span className="muted small">{selected.size > 0 ? t('sheet.copyHint', { count: selected.size, n: selected.size }) : t('sheet.copyHintNone')}</span>
        <ColumnsMenu columns={all} api={cols} />
        <button
          className="btn btn-small"
          disabled={!!busy || total === 0}
          data-testid="export-view-csv"
          title={t('sheet.exportCsvHelp')}
          onClick={() => void exportViewCsv(query, columns)}
        >
          {t('sheet.exportCsv')}
        </button>
      </div>
      {loadError && (
        <div className="banner banner-error inline" role="alert">
          {loadError}{' '}
          <button className="btn btn-small" onClick={retry}>
            {t('common.retry')}
          </button>
        </div>
      )}
      <div className="vt-scroll" ref={scrollRef} tabIndex={0} data-testid="lines-scroll">
        <div className={focus ? 'vt-inner vt-focus' : 'vt-inner'} style={{ minWidth: cols.minWidth }}>
          <TableHead query={query} total={total} columns={columns} grid={grid} template={cols.template} onWidth={cols.setWidth} />
          <div className="vbody" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((it) => {
              const row = cache.get(it.index);
              return (
                <LineRow
                  key={it.key}
                  row={row}
                  index={it.index}
                  top={it.start - HEADER_H}
                  cursor={it.index === cursor}
                  checked={!!row && selected.has(row.key)}
                  columns={columns}
                  grid={grid}
                  template={cols.template}
                  {...pointer}
                />
              );
            })}
          </div>
          {cache.total === 0 && (
            <div className="vt-empty" data-testid="lines-empty">
              {isFiltered(query.filters) ? t('lines.noMatch') : t('lines.none')}
            </div>
          )}
          {cache.total === null && !loadError && <div className="vt-empty muted">{t('lines.loading')}</div>}
        </div>
      </div>
      {lineKey && <span className="sr-only">{t('lines.detailOpen')}</span>}
    </div>
  );
}
