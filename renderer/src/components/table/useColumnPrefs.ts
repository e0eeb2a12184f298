// A table's column preferences (hidden columns, dragged widths), kept across reloads in
// localStorage per table id (lib/table). Shared by the app's tables.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { clampWidth, gridTemplate, loadPrefs, NO_PREFS, savePrefs, type ColumnPrefs, type ColWidth } from '../../lib/table';

export interface PrefColumn {
  id: string;
  label: string;
  width: ColWidth;
  /** False for a column that cannot be hidden (the checkboxes). */
  hideable?: boolean;
}

export interface ColumnPrefsApi<C extends PrefColumn> {
  /** The columns shown, in their order. */
  visible: C[];
  prefs: ColumnPrefs;
  /** The grid template of the visible columns and the width it needs. */
  template: string;
  minWidth: number;
  setHidden(id: string, hidden: boolean): void;
  setWidth(id: string, px: number | null): void;
  reset(): void;
}

export function useColumnPrefs<C extends PrefColumn>(table: string, columns: readonly C[]): ColumnPrefsApi<C> {
  const [state, setState] = useState<{ table: string; prefs: ColumnPrefs }>(() => ({ table, prefs: loadPrefs(table) }));
  // Another table id (a FOCUS period after a Clever Cloud one): its own preferences.
  const prefs = state.table === table ? state.prefs : loadPrefs(table);
  useEffect(() => {
    if (state.table !== table) setState({ table, prefs: loadPrefs(table) });
  }, [table, state.table]);

  const update = useCallback(
    (fn: (p: ColumnPrefs) => ColumnPrefs) =>
      setState((s) => {
        const next = fn(s.table === table ? s.prefs : loadPrefs(table));
        savePrefs(table, next);
        return { table, prefs: next };
      }),
    [table],
  );

  const visible = useMemo(() => columns.filter((c) => c.hideable === false || !prefs.hidden.includes(c.id)), [columns, prefs.hidden]);
  const { template, minWidth } = useMemo(() => gridTemplate(visible, prefs.widths), [visible, prefs.widths]);

  const setHidden = useCallback(
    (id: string, hidden: boolean) => update((p) => ({ ...p, hidden: hidden ? [...new Set([...p.hidden, id])] : p.hidden.filter((h) => h !== id) })),
    [update],
  );
  const setWidth = useCallback(
    (id: string, px: number | null) =>
      update((p) => {
        const widths = { ...p.widths };
        if (px === null) delete widths[id];
        else widths[id] = clampWidth(px);
        return { ...p, widths };
      }),
    [update],
  );
  const reset = useCallback(() => update(() => NO_PREFS), [update]);
  return { visible, prefs, template, minWidth, setHidden, setWidth, reset };
}
