// The rows of one query that the table's viewport shows: pages fetched from `lines.list` as the
// user scrolls (lib/pageCache), the virtualizer that places them, fresh pages after a change on
// the server.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { LineRow } from '../../../../shared/contract/api';
import { send } from '../../api/transport';
import { PageCache } from '../../lib/pageCache';
import { linesRequest, queryKey, type LineQuery } from '../../lib/query';
import { errorText } from '../../state/app';
import { useInvoice } from '../../state/invoice';

const PAGE_SIZE = 500;
/** Heights of a row and of the header row (styles.css: --row-h, .vhead). */
export const ROW_H = 28;
export const HEADER_H = 36;

export function useLineWindow(query: LineQuery, scrollRef: React.RefObject<HTMLDivElement | null>) {
  const key = queryKey(query);
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  const setAnswer = useInvoice((s) => s.setAnswer);
  const version = useInvoice((s) => s.version);
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
  }, [cache, scrollRef]);

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

  const retry = () => {
    setLoadError(null);
    void cache.refresh();
  };
  return { cache, total, virtualizer, items, loadError, retry };
}
