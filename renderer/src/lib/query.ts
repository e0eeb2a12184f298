// Invoice table state → `lines.list` requests, and the table's keyboard map. Pure functions.
import type { Req } from '../../../shared/contract/api';
import { LINE_KINDS, LINE_STATUSES, REVIEW_STATES, type LineKind, type LineStatus, type ReviewState } from '../../../shared/types';

export type SortKey = NonNullable<Req<'lines.list'>['sort']>;
export type SortDir = 'asc' | 'desc';

export interface LineFilters {
  kinds: LineKind[];
  statuses: LineStatus[];
  reviews: ReviewState[];
  search: string;
  /** Only FOCUS lines with a row that breaks its unit prices. */
  flagged: boolean;
  /** Only lines whose figures changed since their review (absent: false). */
  changed?: boolean;
}

export const EMPTY_FILTERS: LineFilters = { kinds: [], statuses: [], reviews: [], search: '', flagged: false, changed: false };

export interface LineQuery {
  ownerId: string;
  period: string;
  sort: SortKey;
  dir: SortDir;
  filters: LineFilters;
}

/** Keeps known values, in their canonical order, without duplicates. */
function canonical<T extends string>(values: readonly T[], order: readonly T[]): T[] {
  const set = new Set(values);
  return order.filter((v) => set.has(v));
}

function normalizeFilters(f: LineFilters): LineFilters {
  return {
    kinds: canonical(f.kinds, LINE_KINDS),
    statuses: canonical(f.statuses, LINE_STATUSES),
    reviews: canonical(f.reviews, REVIEW_STATES),
    search: f.search.trim().slice(0, 200),
    flagged: f.flagged,
    changed: !!f.changed,
  };
}

/** The `lines.list` request for a window of the query. Empty filters are left out. */
export function linesRequest(q: LineQuery, offset: number, limit: number): Req<'lines.list'> {
  const f = normalizeFilters(q.filters);
  const req: Req<'lines.list'> = { period: q.period, ownerId: q.ownerId, offset, limit, sort: q.sort, dir: q.dir };
  if (f.kinds.length > 0 && f.kinds.length < LINE_KINDS.length) req.kinds = f.kinds;
  if (f.statuses.length > 0 && f.statuses.length < LINE_STATUSES.length) req.statuses = f.statuses;
  if (f.reviews.length > 0 && f.reviews.length < REVIEW_STATES.length) req.reviews = f.reviews;
  if (f.search) req.search = f.search;
  if (f.flagged) req.flagged = true;
  if (f.changed) req.changed = true;
  return req;
}

/** Identity of a query: two queries with the same key list the same rows in the same order. */
export function queryKey(q: LineQuery): string {
  const r = linesRequest(q, 0, 1);
  return JSON.stringify([
    r.ownerId,
    r.period,
    r.sort,
    r.dir,
    r.kinds ?? [],
    r.statuses ?? [],
    r.reviews ?? [],
    r.search ?? '',
    r.flagged ?? false,
    r.changed ?? false,
  ]);
}

export function isFiltered(f: LineFilters): boolean {
  const n = normalizeFilters(f);
  return n.kinds.length > 0 || n.statuses.length > 0 || n.reviews.length > 0 || n.search !== '' || n.flagged || !!n.changed;
}

export function toggle<T>(values: readonly T[], v: T): T[] {
  return values.includes(v) ? values.filter((x) => x !== v) : [...values, v];
}

/** Clicking a header: the same column flips the direction, another starts ascending. */
export function nextSort(current: { sort: SortKey; dir: SortDir }, clicked: SortKey): { sort: SortKey; dir: SortDir } {
  if (current.sort === clicked) return { sort: clicked, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { sort: clicked, dir: 'asc' };
}

/** Lines a review shortcut applies to: the checked ones, or else the one under the cursor. */
export function reviewTargets(selected: ReadonlySet<string>, cursorKey: string | undefined): string[] {
  if (selected.size > 0) return [...selected];
  return cursorKey ? [cursorKey] : [];
}

/** The key that gives a line each review state (table, bulk bar and detail buttons). */
export const REVIEW_KEYS: Record<ReviewState, string> = { approved: 'a', disputed: 'd', resolved: 'r', unreviewed: 'u' };

const REVIEW_BY_KEY = new Map<string, ReviewState>(REVIEW_STATES.map((s) => [REVIEW_KEYS[s], s]));

type TableAction =
  | { type: 'move'; delta: number }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'page'; delta: number }
  | { type: 'open' }
  | { type: 'close' }
  | { type: 'toggleSelect' }
  | { type: 'review'; state: ReviewState }
  | { type: 'focusSearch' };

interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The key was typed in a text field, a select or a button that handles it itself. */
  inField?: boolean;
}

/** Keyboard map of the invoice table. Returns null when the key is not ours. */
export function keyAction(e: KeyInput): TableAction | null {
  if (e.key === 'Escape') return { type: 'close' };
  if (e.inField || e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case 'ArrowDown':
    case 'j':
      return { type: 'move', delta: 1 };
    case 'ArrowUp':
    case 'k':
      return { type: 'move', delta: -1 };
    case 'PageDown':
      return { type: 'page', delta: 1 };
    case 'PageUp':
      return { type: 'page', delta: -1 };
    case 'Home':
      return { type: 'home' };
    case 'End':
      return { type: 'end' };
    case 'Enter':
      return { type: 'open' };
    case ' ':
      return { type: 'toggleSelect' };
    case '/':
      return { type: 'focusSearch' };
  }
  const review = REVIEW_BY_KEY.get(e.key);
  return review ? { type: 'review', state: review } : null;
}

export function clampIndex(i: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(Math.max(0, i), total - 1);
}
