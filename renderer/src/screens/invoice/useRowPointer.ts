// Mouse on the invoice rows: click moves the cursor, Ctrl/⌘-click and the checkbox check a line,
// Shift extends a range from the last one, double-click opens the detail.
import { useCallback, useRef } from 'react';
import type { LineRow } from '../../../../shared/contract/api';
import type { PageCache } from '../../lib/pageCache';
import { useApp } from '../../state/app';
import { useInvoice } from '../../state/invoice';
import type { RowHandlers } from './LineRow';

export function useRowPointer(cache: PageCache<LineRow>): RowHandlers {
  const setCursor = useInvoice((s) => s.setCursor);
  const setSelected = useInvoice((s) => s.setSelected);
  const toggleSelected = useInvoice((s) => s.toggleSelected);
  const openLine = useApp((s) => s.openLine);
  const anchor = useRef<number | null>(null);

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

  const onClick = (index: number, e: React.MouseEvent) => {
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
    // Follow with the detail panel when it is open.
    if (useApp.getState().lineKey) {
      const row = cache.get(index);
      if (row) openLine(row.key);
    }
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
  const latest = useRef({ onClick, onCheck, onOpen });
  latest.current = { onClick, onCheck, onOpen };
  const stableClick = useCallback((i: number, e: React.MouseEvent) => latest.current.onClick(i, e), []);
  const stableCheck = useCallback((i: number, e: React.MouseEvent) => latest.current.onCheck(i, e), []);
  const stableOpen = useCallback((i: number) => latest.current.onOpen(i), []);
  return { onClick: stableClick, onCheck: stableCheck, onOpen: stableOpen };
}
