// The invoice table's keyboard (the whole screen while it is shown): lib/query's keyAction map
// applied to the cursor, the selection, the detail panel and the search box.
import type { Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect } from 'react';
import type { LineRow } from '../../../../shared/contract/api';
import { t } from '../../i18n';
import { currentLocale } from '../../i18n';
import { formatInt } from '../../lib/format';
import type { PageCache } from '../../lib/pageCache';
import { clampIndex, keyAction, reviewTargets } from '../../lib/query';
import { setReview } from '../../state/actions';
import { useReviewPrompt } from '../../state/reviewPrompt';
import { useApp } from '../../state/app';
import { useInvoice } from '../../state/invoice';
import { ROW_H } from './useLineWindow';

function isField(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  const tag = t.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || t.isContentEditable;
}

export function useTableKeys({
  cache,
  total,
  virtualizer,
  scrollRef,
  searchRef,
}: {
  cache: PageCache<LineRow>;
  total: number;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  scrollRef: React.RefObject<HTMLDivElement | null>;
  searchRef: React.RefObject<HTMLInputElement | null>;
}): void {
  const setCursor = useInvoice((s) => s.setCursor);
  const toggleSelected = useInvoice((s) => s.toggleSelected);
  const openLine = useApp((s) => s.openLine);
  const notify = useApp((s) => s.notify);

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

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (useReviewPrompt.getState().prompt) return; // the review dialog has the keyboard
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
            if (n !== undefined && keys.length > 1)
              notify('ok', t(`reviewDone.${action.state}`, { count: keys.length, n: formatInt(keys.length, currentLocale()) }), 'review');
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
  }, [cache, moveTo, total, openLine, toggleSelected, notify, scrollRef, searchRef]);
}
