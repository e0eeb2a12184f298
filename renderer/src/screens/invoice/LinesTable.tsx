// The invoice's lines: a virtualized grid over the server's sorted, filtered list.
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isFiltered, type LineQuery } from '../../lib/query';
import { useApp, useSelectedSummary, useSettings } from '../../state/app';
import { useInvoice } from '../../state/invoice';
import { gridClass, lineColumns } from './columns';
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
  const scrollRef = useRef<HTMLDivElement>(null);
  const { granularitySeconds } = useSettings();
  const focus = !!useSelectedSummary()?.focus;
  const columns = useMemo(() => lineColumns(granularitySeconds, focus), [granularitySeconds, focus]);
  const grid = gridClass(focus);
  const { cache, total, virtualizer, items, loadError, retry } = useLineWindow(query, scrollRef);
  const pointer = useRowPointer(cache);
  useTableKeys({ cache, total, virtualizer, scrollRef, searchRef });

  return (
    <div className="vt" role="grid" aria-rowcount={total + 1} aria-label={t('lines.label')} data-testid="lines-table" data-total={total}>
      {loadError && (
        <div className="banner banner-error inline" role="alert">
          {loadError}{' '}
          <button className="btn btn-small" onClick={retry}>
            {t('common.retry')}
          </button>
        </div>
      )}
      <div className="vt-scroll" ref={scrollRef} tabIndex={0} data-testid="lines-scroll">
        <div className={focus ? 'vt-inner vt-focus' : 'vt-inner'}>
          <TableHead sort={query.sort} dir={query.dir} columns={columns} grid={grid} />
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
