import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { LineRow } from '../../../shared/contract/api';
import { LINE_KINDS, LINE_STATUSES, REVIEW_STATES, type LineKind, type ReviewState } from '../../../shared/types';
import { send } from '../api/transport';
import { BilledVsRecomputedByKindChart, PerSecondVsLegacyChart, SpendByKindChart } from '../components/Charts';
import { ReviewChip, StatusChip } from '../components/Chip';
import { Empty } from '../components/Empty';
import { Money } from '../components/Money';
import { TaskProgress } from '../components/Progress';
import { kindChartData, type KindSums } from '../lib/chartData';
import { formatDuration, formatInt, formatPercent, formatPeriod } from '../lib/format';
import { KIND_LABEL, REVIEW_LABEL, STATUS_LABEL } from '../lib/labels';
import { PageCache } from '../lib/pageCache';
import { clampIndex, isFiltered, keyAction, linesRequest, nextSort, queryKey, reviewTargets, toggle, type LineQuery, type SortKey } from '../lib/query';
import { exportSelected, rateAndReconcile, setReview } from '../state/actions';
import { errorText, useApp, useLocale, useSelectedSummary, useSettings } from '../state/app';
import { useInvoice } from '../state/invoice';
import { LineDetail } from './LineDetail';

const PAGE_SIZE = 500;
const ROW_H = 28;
const HEADER_H = 36;
const TIME_SLICED: ReadonlySet<LineKind> = new Set(['application', 'build', 'addon']);

export function legacyLabel(granularitySeconds: number): string {
  switch (granularitySeconds) {
    case 600:
      return '10-min slices';
    case 1:
      return 'Legacy (1 s)';
    case 60:
      return 'Legacy (1 min)';
    case 3600:
      return 'Legacy (1 h)';
    default:
      return `Legacy (${granularitySeconds} s)`;
  }
}

interface Col {
  id: string;
  label: string;
  sort?: SortKey;
  right?: boolean;
  title?: string;
}

function columns(granularity: number): Col[] {
  return [
    { id: 'sel', label: '' },
    { id: 'line', label: 'Line', sort: 'lineNo', right: true },
    { id: 'kind', label: 'Kind', sort: 'kind' },
    { id: 'item', label: 'Item', sort: 'itemName' },
    { id: 'price', label: 'Price item', sort: 'priceItem' },
    { id: 'inst', label: 'Instances', right: true, title: 'Instances' },
    { id: 'time', label: 'Billable time', sort: 'billableSeconds', right: true, title: 'h:mm:ss' },
    { id: 'ps', label: 'Per-second', sort: 'amountPerSecond', right: true },
    { id: 'legacy', label: legacyLabel(granularity), sort: 'amountLegacy', right: true },
    { id: 'diff', label: 'Difference', sort: 'difference', right: true, title: 'Legacy − per second' },
    { id: 'credit', label: 'Credit', sort: 'credit', right: true },
    { id: 'net', label: 'Net', sort: 'net', right: true },
    { id: 'billed', label: 'Billed', sort: 'billed', right: true },
    { id: 'var', label: 'Variance', sort: 'variance', right: true, title: 'Billed − per second' },
    { id: 'status', label: 'Status', sort: 'status' },
    { id: 'review', label: 'Review', sort: 'review' },
  ];
}

function isField(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  const tag = t.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || t.isContentEditable;
}

// ------------------------------------------------------------------ filters

function ChipGroup<T extends string>({
  label,
  values,
  all,
  names,
  onChange,
  testId,
}: {
  label: string;
  values: T[];
  all: readonly T[];
  names: Record<T, string>;
  onChange: (v: T[]) => void;
  testId: string;
}) {
  return (
    <div className="chip-group" role="group" aria-label={label} data-testid={testId}>
      <span className="chip-group-label">{label}</span>
      {all.map((v) => {
        const on = values.includes(v);
        return (
          <button key={v} className={`fchip${on ? ' on' : ''}`} aria-pressed={on} data-value={v} onClick={() => onChange(toggle(values, v))}>
            {names[v]}
          </button>
        );
      })}
    </div>
  );
}

function SearchBox({ inputRef }: { inputRef: React.RefObject<HTMLInputElement | null> }) {
  const search = useInvoice((s) => s.filters.search);
  const setFilters = useInvoice((s) => s.setFilters);
  const [text, setText] = useState(search);
  useEffect(() => setText(search), [search]);
  useEffect(() => {
    if (text === search) return;
    const t = setTimeout(() => setFilters({ search: text }), 250);
    return () => clearTimeout(t);
  }, [text, search, setFilters]);
  return (
    <input
      ref={inputRef}
      className="search"
      type="search"
      placeholder="Search item, id, price item   ( / )"
      value={text}
      maxLength={200}
      data-testid="search"
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') setFilters({ search: text });
        if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
      }}
    />
  );
}

function FilterBar({ searchRef }: { searchRef: React.RefObject<HTMLInputElement | null> }) {
  const filters = useInvoice((s) => s.filters);
  const setFilters = useInvoice((s) => s.setFilters);
  const clearFilters = useInvoice((s) => s.clearFilters);
  return (
    <div className="filters">
      <ChipGroup label="Kind" values={filters.kinds} all={LINE_KINDS} names={KIND_LABEL} onChange={(kinds) => setFilters({ kinds })} testId="filter-kind" />
      <ChipGroup
        label="Status"
        values={filters.statuses}
        all={LINE_STATUSES}
        names={STATUS_LABEL}
        onChange={(statuses) => setFilters({ statuses })}
        testId="filter-status"
      />
      <ChipGroup
        label="Review"
        values={filters.reviews}
        all={REVIEW_STATES}
        names={REVIEW_LABEL}
        onChange={(reviews) => setFilters({ reviews })}
        testId="filter-review"
      />
      <div className="filters-end">
        <SearchBox inputRef={searchRef} />
        {isFiltered(filters) && (
          <button className="btn btn-small" onClick={clearFilters} data-testid="clear-filters">
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}

// ------------------------------------------------------------------ totals

function TotalsBar() {
  const invoice = useInvoice((s) => s.invoice);
  const filtered = useInvoice((s) => s.filtered);
  const total = useInvoice((s) => s.total);
  const filters = useInvoice((s) => s.filters);
  const locale = useLocale();
  if (!invoice) return <div className="totals" data-testid="totals" />;
  const c = invoice.currency;
  const T = ({ label, value, id, tone, signed }: { label: string; value: string; id: string; tone?: boolean; signed?: boolean }) => (
    <div className="tot">
      <span className="tot-label">{label}</span>
      <Money value={value} currency={c} testId={id} {...(tone ? { tone } : {})} {...(signed ? { signed } : {})} />
    </div>
  );
  return (
    <div className="totals" data-testid="totals">
      <div className="totals-row">
        <span className="totals-title">Invoice</span>
        <T label="Subtotal per second" value={invoice.subtotalPerSecond} id="inv-subtotal" />
        <T label="Subtotal 10-min" value={invoice.subtotalLegacy} id="inv-legacy" />
        <T label="Difference" value={invoice.difference} id="inv-difference" />
        <T label="Credits" value={invoice.creditsApplied} id="inv-credits" />
        <T label="Net before tax" value={invoice.netBeforeTax} id="inv-net" />
        <T label={`VAT ${formatPercent(invoice.vatPercent, locale)}`} value={invoice.vat} id="inv-vat" />
        <T label="Total" value={invoice.total} id="inv-total" />
        <T label="Billed (provider)" value={invoice.billedTotal} id="inv-billed" />
        <T label="Variance" value={invoice.variance} id="inv-variance" tone signed />
      </div>
      {filtered && isFiltered(filters) && (
        <div className="totals-row totals-filtered" data-testid="totals-filtered">
          <span className="totals-title">Filtered · {formatInt(total ?? 0, locale)} lines</span>
          <T label="Per second" value={filtered.amountPerSecond} id="flt-ps" />
          <T label="10-min" value={filtered.amountLegacy} id="flt-legacy" />
          <T label="Credit" value={filtered.credit} id="flt-credit" />
          <T label="Net" value={filtered.net} id="flt-net" />
          <T label="Billed" value={filtered.billed} id="flt-billed" />
          <T label="Variance" value={filtered.variance} id="flt-variance" tone signed />
        </div>
      )}
    </div>
  );
}

// ------------------------------------------------------------------ charts

function ChartsPanel({ ownerId, period, currency }: { ownerId: string; period: string; currency: string }) {
  const version = useInvoice((s) => s.version);
  const locale = useLocale();
  const [sums, setSums] = useState<KindSums[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // One small call per kind: the server sums the whole kind (never all rows to the client).
    Promise.all(
      LINE_KINDS.map(async (kind) => {
        const r = await send('lines.list', { period, ownerId, offset: 0, limit: 1, kinds: [kind] });
        return {
          kind,
          lines: r.total,
          amountPerSecond: r.filtered.amountPerSecond,
          amountLegacy: r.filtered.amountLegacy,
          billed: r.filtered.billed,
          net: r.filtered.net,
        };
      }),
    ).then(
      (s) => live && (setSums(s), setError(null)),
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [ownerId, period, version]);
  if (error) return <div className="banner banner-error inline">Charts: {error}</div>;
  if (!sums) return <div className="charts muted">Loading charts…</div>;
  const data = kindChartData(sums);
  return (
    <section className="charts charts-3" data-testid="invoice-charts">
      <SpendByKindChart data={data} currency={currency} locale={locale} />
      <PerSecondVsLegacyChart data={data} currency={currency} locale={locale} />
      <BilledVsRecomputedByKindChart data={data} currency={currency} locale={locale} />
    </section>
  );
}

// ------------------------------------------------------------------ table

const Row = memo(function Row({
  row,
  index,
  top,
  cursor,
  checked,
  onClick,
  onCheck,
  onOpen,
}: {
  row: LineRow | undefined;
  index: number;
  top: number;
  cursor: boolean;
  checked: boolean;
  onClick: (index: number, e: React.MouseEvent) => void;
  onCheck: (index: number, e: React.MouseEvent) => void;
  onOpen: (index: number) => void;
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
  const time = TIME_SLICED.has(row.kind) || row.billableSeconds > 0;
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
      <span className="cell" role="gridcell">
        <Money value={row.amountPerSecond} currency={currency} />
      </span>
      <span className="cell" role="gridcell">
        <Money value={row.amountLegacy} currency={currency} />
      </span>
      <span className="cell" role="gridcell">
        <Money value={row.difference} currency={currency} />
      </span>
      <span className="cell" role="gridcell">
        <Money value={row.credit} currency={currency} />
      </span>
      <span className="cell" role="gridcell">
        <Money value={row.net} currency={currency} />
      </span>
      <span className="cell" role="gridcell">
        <Money value={row.billed} currency={currency} />
      </span>
      <span className="cell" role="gridcell">
        <Money value={row.variance} currency={currency} tone signed />
      </span>
      <span className="cell" role="gridcell">
        <StatusChip status={row.status} short />
      </span>
      <span className="cell" role="gridcell">
        <ReviewChip review={row.review} />
      </span>
    </div>
  );
});

function LinesTable({ query, searchRef }: { query: LineQuery; searchRef: React.RefObject<HTMLInputElement | null> }) {
  const key = queryKey(query);
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  const setAnswer = useInvoice((s) => s.setAnswer);
  const version = useInvoice((s) => s.version);
  const cursor = useInvoice((s) => s.cursor);
  const setCursor = useInvoice((s) => s.setCursor);
  const selected = useInvoice((s) => s.selected);
  const setSelected = useInvoice((s) => s.setSelected);
  const toggleSelected = useInvoice((s) => s.toggleSelected);
  const setSort = useInvoice((s) => s.setSort);
  const openLine = useApp((s) => s.openLine);
  const lineKey = useApp((s) => s.lineKey);
  const notify = useApp((s) => s.notify);
  const { granularitySeconds } = useSettings();
  const scrollRef = useRef<HTMLDivElement>(null);
  const anchor = useRef<number | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const cache = useMemo(
    () =>
      new PageCache<LineRow>(
        async (offset, limit) => {
          const r = await send('lines.list', linesRequest(query, offset, limit));
          setAnswer({ total: r.total, invoice: r.invoice, filtered: r.filtered });
          return r;
        },
        {
          pageSize: PAGE_SIZE,
          maxPages: 40,
          onChange: () => rerender(),
          onError: (e) => setLoadError(errorText(e)),
        },
      ),
    // One cache per query: `key` identifies the query (the object itself is new at each render).
    [key],
  );

  // A new query starts at the top.
  useEffect(() => {
    setLoadError(null);
    scrollRef.current?.scrollTo({ top: 0 });
    void cache.ensure(0, PAGE_SIZE - 1, { viewport: true });
  }, [cache]);

  // A change on the server (review, annotation, re-rating): fetch the visible pages again.
  const firstVersion = useRef(version);
  useEffect(() => {
    if (version === firstVersion.current) return;
    firstVersion.current = version;
    void cache.refresh();
  }, [version, cache]);

  const total = cache.total ?? 0;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 20,
    scrollMargin: HEADER_H,
    scrollPaddingStart: HEADER_H,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  // Pages are asked for once scrolling pauses (a fast drag through 100 000 lines must not
  // request every page it passes over); rows already loaded show at once.
  useEffect(() => {
    if (total <= 0) return;
    if (cache.has(first) && cache.has(last)) {
      void cache.ensure(first, last, { viewport: true });
      return;
    }
    const t = setTimeout(() => void cache.ensure(first, last, { viewport: true }), 60);
    return () => clearTimeout(t);
  }, [cache, first, last, total]);

  const cols = columns(granularitySeconds);
  const sort = query.sort;
  const dir = query.dir;

  const moveTo = useCallback(
    (i: number) => {
      const n = clampIndex(i, total);
      setCursor(n);
      virtualizer.scrollToIndex(n, { align: 'auto' });
      void cache.ensure(Math.max(0, n - 5), n + 5);
      // Follow with the detail panel when it is open.
      if (useApp.getState().lineKey) {
        const row = cache.get(n);
        if (row) openLine(row.key);
      }
    },
    [total, setCursor, virtualizer, cache, openLine],
  );

  const onRowClick = (index: number, e: React.MouseEvent) => {
    if (e.shiftKey && anchor.current !== null) {
      selectRange(anchor.current, index);
      return;
    }
    if (e.ctrlKey || e.metaKey) {
      const row = cache.get(index);
      if (row) toggleSelected(row.key);
      anchor.current = index;
      return;
    }
    anchor.current = index;
    setCursor(index);
    if (useApp.getState().lineKey) {
      const row = cache.get(index);
      if (row) openLine(row.key);
    }
  };

  const selectRange = (a: number, b: number) => {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    void cache.ensure(lo, hi).then(() => {
      const next = new Set(useInvoice.getState().selected);
      for (let i = lo; i <= hi; i++) {
        const row = cache.get(i);
        if (row) next.add(row.key);
      }
      setSelected(next);
    });
  };

  const onCheck = (index: number, e: React.MouseEvent) => {
    e.stopPropagation();
    if (e.shiftKey && anchor.current !== null) {
      selectRange(anchor.current, index);
      return;
    }
    const row = cache.get(index);
    if (row) toggleSelected(row.key);
    anchor.current = index;
  };

  const onOpen = (index: number) => {
    const row = cache.get(index);
    if (row) {
      setCursor(index);
      openLine(row.key);
    }
  };

  // Stable handlers for the memoized rows (the latest closures are kept in a ref).
  const handlers = useRef({ onRowClick, onCheck, onOpen });
  handlers.current = { onRowClick, onCheck, onOpen };
  const stableClick = useCallback((i: number, e: React.MouseEvent) => handlers.current.onRowClick(i, e), []);
  const stableCheck = useCallback((i: number, e: React.MouseEvent) => handlers.current.onCheck(i, e), []);
  const stableOpen = useCallback((i: number) => handlers.current.onOpen(i), []);

  // Keyboard (whole screen while it is shown).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inField = isField(e.target);
      const action = keyAction({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, inField });
      if (!action) return;
      // Buttons handle Enter and Space themselves.
      if ((action.type === 'open' || action.type === 'toggleSelect') && e.target instanceof HTMLButtonElement) return;
      const st = useInvoice.getState();
      switch (action.type) {
        case 'close':
          if (inField) (e.target as HTMLElement).blur();
          else if (useApp.getState().lineKey) openLine(null);
          else return;
          break;
        case 'move':
          moveTo(st.cursor + action.delta);
          break;
        case 'page': {
          const visible = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_H) - 1);
          moveTo(st.cursor + action.delta * visible);
          break;
        }
        case 'home':
          moveTo(0);
          break;
        case 'end':
          moveTo(total - 1);
          break;
        case 'open': {
          const row = cache.get(st.cursor);
          if (row) openLine(row.key);
          break;
        }
        case 'toggleSelect': {
          const row = cache.get(st.cursor);
          if (row) toggleSelected(row.key);
          break;
        }
        case 'review': {
          const keys = reviewTargets(st.selected, useApp.getState().lineKey ?? cache.get(st.cursor)?.key);
          if (keys.length === 0) return;
          void setReview(keys, action.state).then((n) => {
            if (n !== undefined && keys.length > 1) notify('ok', `${keys.length} lines marked ${REVIEW_LABEL[action.state].toLowerCase()}.`);
          });
          break;
        }
        case 'focusSearch':
          searchRef.current?.focus();
          searchRef.current?.select();
          break;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [cache, moveTo, total, openLine, toggleSelected, notify, searchRef]);

  const size = virtualizer.getTotalSize();

  return (
    <div className="vt" role="grid" aria-rowcount={total + 1} aria-label="Invoice lines" data-testid="lines-table" data-total={total}>
      {loadError && (
        <div className="banner banner-error inline" role="alert">
          {loadError}{' '}
          <button
            className="btn btn-small"
            onClick={() => {
              setLoadError(null);
              void cache.refresh();
            }}
          >
            Retry
          </button>
        </div>
      )}
      <div className="vt-scroll" ref={scrollRef} tabIndex={0} data-testid="lines-scroll">
        <div className="vt-inner">
          <div className="vhead grid-lines" role="row">
            {cols.map((c) => {
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
          <div className="vbody" style={{ height: size }}>
            {items.map((it) => {
              const row = cache.get(it.index);
              return (
                <Row
                  key={it.key}
                  row={row}
                  index={it.index}
                  top={it.start - HEADER_H}
                  cursor={it.index === cursor}
                  checked={!!row && selected.has(row.key)}
                  onClick={stableClick}
                  onCheck={stableCheck}
                  onOpen={stableOpen}
                />
              );
            })}
          </div>
          {cache.total === 0 && (
            <div className="vt-empty" data-testid="lines-empty">
              {isFiltered(query.filters) ? 'No line matches these filters.' : 'This invoice has no lines.'}
            </div>
          )}
          {cache.total === null && !loadError && <div className="vt-empty muted">Loading lines…</div>}
        </div>
      </div>
      {lineKey && <span className="sr-only">Detail open</span>}
    </div>
  );
}

// ------------------------------------------------------------------ screen

function BulkBar() {
  const selected = useInvoice((s) => s.selected);
  const setSelected = useInvoice((s) => s.setSelected);
  const busy = useApp((s) => s.busy);
  const notify = useApp((s) => s.notify);
  if (selected.size === 0) return null;
  const apply = async (state: ReviewState) => {
    const n = await setReview([...selected], state);
    if (n !== undefined) notify('ok', `${selected.size} line${selected.size > 1 ? 's' : ''} marked ${REVIEW_LABEL[state].toLowerCase()}.`);
  };
  return (
    <div className="bulk" data-testid="bulk-bar">
      <strong>{selected.size} selected</strong>
      <button className="btn btn-small rv-btn-approved" disabled={!!busy} onClick={() => void apply('approved')}>
        Approve (a)
      </button>
      <button className="btn btn-small rv-btn-disputed" disabled={!!busy} onClick={() => void apply('disputed')}>
        Dispute (d)
      </button>
      <button className="btn btn-small rv-btn-resolved" disabled={!!busy} onClick={() => void apply('resolved')}>
        Resolve (r)
      </button>
      <button className="btn btn-small" disabled={!!busy} onClick={() => void apply('unreviewed')}>
        Unreviewed (u)
      </button>
      <button className="btn btn-small" onClick={() => setSelected(new Set())}>
        Clear selection
      </button>
    </div>
  );
}

export function InvoiceScreen() {
  const ownerId = useApp((s) => s.ownerId);
  const period = useApp((s) => s.period);
  const lineKey = useApp((s) => s.lineKey);
  const busy = useApp((s) => s.busy);
  const overviewLoaded = useApp((s) => s.overview !== null);
  const summary = useSelectedSummary();
  const filters = useInvoice((s) => s.filters);
  const sort = useInvoice((s) => s.sort);
  const dir = useInvoice((s) => s.dir);
  const showCharts = useInvoice((s) => s.showCharts);
  const setShowCharts = useInvoice((s) => s.setShowCharts);
  const resetForSelection = useInvoice((s) => s.resetForSelection);
  const invoice = useInvoice((s) => s.invoice);
  const locale = useLocale();
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    resetForSelection();
  }, [ownerId, period, resetForSelection]);

  if (!ownerId || !period) {
    return (
      <div className="screen">
        <h1>Invoice</h1>
        <Empty title="No period chosen">
          <p>Choose an owner and a period on the Workspace screen (or in the header).</p>
        </Empty>
      </div>
    );
  }
  if (!overviewLoaded)
    return (
      <div className="screen">
        <h1>Invoice</h1>
        <p className="muted">Loading…</p>
      </div>
    );
  if (!summary?.reconciledAt) {
    return (
      <div className="screen" data-testid="screen-invoice">
        <h1>
          Invoice · {ownerId} · {formatPeriod(period, locale)}
        </h1>
        <Empty title="Not rated and reconciled yet">
          <p>Rate this period and reconcile it against the provider's invoice to see its lines.</p>
          <button className="btn btn-primary" disabled={!!busy} onClick={() => void rateAndReconcile(period, ownerId)}>
            Rate &amp; reconcile
          </button>
        </Empty>
        <TaskProgress phases={['rate', 'reconcile']} />
      </div>
    );
  }

  const query: LineQuery = { ownerId, period, sort, dir, filters };
  const currency = invoice?.currency ?? summary.currency;

  return (
    <div className="screen screen-invoice" data-testid="screen-invoice">
      <div className="screen-head">
        <h1>
          Invoice <span className="muted">·</span> <span className="mono">{ownerId}</span> <span className="muted">·</span> {formatPeriod(period, locale)}
        </h1>
        {summary.stale && (
          <span className="chip chip-warn" title="Files were imported or settings changed since this period was rated">
            Stale: rate again
          </span>
        )}
        <div className="actions">
          <button className="btn" aria-pressed={showCharts} onClick={() => setShowCharts(!showCharts)} data-testid="toggle-charts">
            {showCharts ? 'Hide charts' : 'Charts'}
          </button>
          <button className="btn" disabled={!!busy} onClick={() => void rateAndReconcile(period, ownerId)}>
            Rate &amp; reconcile
          </button>
          <button className="btn btn-primary" disabled={!!busy} onClick={() => void exportSelected()} data-testid="export">
            Export workbook…
          </button>
        </div>
      </div>
      <TaskProgress phases={['export', 'rate', 'reconcile']} />
      {showCharts && <ChartsPanel ownerId={ownerId} period={period} currency={currency} />}
      <FilterBar searchRef={searchRef} />
      <BulkBar />
      <LinesTable query={query} searchRef={searchRef} />
      <TotalsBar />
      {lineKey && <LineDetail ownerId={ownerId} period={period} lineKey={lineKey} />}
      <p className="kbd-help muted small">
        <kbd>↑</kbd>/<kbd>↓</kbd> or <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> details · <kbd>Space</kbd> select · <kbd>a</kbd> approve · <kbd>d</kbd>{' '}
        dispute · <kbd>r</kbd> resolve · <kbd>u</kbd> unreviewed · <kbd>/</kbd> search · <kbd>Esc</kbd> close
      </p>
    </div>
  );
}
