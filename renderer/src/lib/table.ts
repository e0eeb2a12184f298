// Spreadsheet habits of the app's tables (docs/ui.md, "Tables"): column widths and hidden
// columns kept per table in localStorage, the grid template they give, and the text that copy
// (tab-separated) and "Export this view as CSV" (RFC 4180) write. Pure, but for the storage.

/** A column's width: `min` pixels, growing with `fr` shares of the free room (none: fixed). */
export interface ColWidth {
  min: number;
  fr?: number;
}

/** What a user changed in a table's columns: hidden ids, and widths (px) set by dragging. */
export interface ColumnPrefs {
  hidden: string[];
  widths: Record<string, number>;
}

export const NO_PREFS: ColumnPrefs = { hidden: [], widths: {} };
export const MIN_COL_PX = 32;
export const MAX_COL_PX = 800;
const KEY = (table: string) => `slicewise.columns.${table}`;

/** Reads a prefs object from its stored JSON; anything malformed is dropped (never throws). */
export function parsePrefs(json: string | null): ColumnPrefs {
  if (!json) return NO_PREFS;
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return NO_PREFS;
  }
  if (!v || typeof v !== 'object') return NO_PREFS;
  const o = v as { hidden?: unknown; widths?: unknown };
  const hidden = Array.isArray(o.hidden) ? o.hidden.filter((x): x is string => typeof x === 'string') : [];
  const widths: Record<string, number> = {};
  if (o.widths && typeof o.widths === 'object') {
    for (const [k, w] of Object.entries(o.widths as Record<string, unknown>)) {
      if (typeof w === 'number' && Number.isFinite(w)) widths[k] = clampWidth(w);
    }
  }
  return { hidden, widths };
}

export function clampWidth(w: number): number {
  return Math.round(Math.min(MAX_COL_PX, Math.max(MIN_COL_PX, w)));
}

export function loadPrefs(table: string): ColumnPrefs {
  try {
    return parsePrefs(localStorage.getItem(KEY(table)));
  } catch {
    return NO_PREFS; // storage disabled: defaults
  }
}

export function savePrefs(table: string, prefs: ColumnPrefs): void {
  try {
    if (prefs.hidden.length === 0 && Object.keys(prefs.widths).length === 0) localStorage.removeItem(KEY(table));
    else localStorage.setItem(KEY(table), JSON.stringify(prefs));
  } catch {
    /* storage disabled or full: the change lasts for this page only */
  }
}

/** The CSS grid template of the visible columns, and the smallest width it needs. */
export function gridTemplate(cols: readonly { id: string; width: ColWidth }[], widths: Record<string, number>): { template: string; minWidth: number } {
  let minWidth = 0;
  const parts = cols.map((c) => {
    const set = widths[c.id];
    if (set !== undefined) {
      minWidth += set;
      return `${set}px`;
    }
    minWidth += c.width.min;
    return c.width.fr ? `minmax(${c.width.min}px, ${c.width.fr}fr)` : `${c.width.min}px`;
  });
  return { template: parts.join(' '), minWidth };
}

/** Tab-separated text (a spreadsheet pastes it as columns): tabs and line breaks in a cell become spaces. */
export function toTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map((v) => v.replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\r\n') + '\r\n';
}

/** RFC 4180 CSV: a cell with a comma, quote or line break is quoted, its quotes doubled. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  const cell = (v: string) => {
    // A cell a spreadsheet would read as a formula is kept as text (CSV injection).
    const safe = /^[=+\-@\t\r]/.test(v) && !/^[-+]?\d/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
