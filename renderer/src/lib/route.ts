// The location hash holds the screen and the selection, so a reload comes back to the same
// place: #/invoice?owner=orga_x&period=2025-03&line=<key>; on the invoice screen also the
// table's filters and sort (&status=over_billed,unexplained_charge&sort=variance&dir=desc), so a
// view can be reopened, bookmarked and walked with back/forward. Pure functions.
import { LINE_SORT_KEYS } from '../../../shared/contract/api';
import { LINE_KINDS, LINE_STATUSES, REVIEW_STATES } from '../../../shared/types';
import { EMPTY_FILTERS, type LineFilters, type SortDir, type SortKey } from './query';

const SCREENS = ['workspace', 'import', 'invoice', 'credits', 'audit', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export interface Route {
  screen: Screen;
  ownerId: string | null;
  period: string | null;
  lineKey: string | null;
}

export const DEFAULT_ROUTE: Route = { screen: 'workspace', ownerId: null, period: null, lineKey: null };

export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  if (!h.startsWith('/')) return { ...DEFAULT_ROUTE };
  const [path = '', query = ''] = h.slice(1).split('?', 2);
  const screen = (SCREENS as readonly string[]).includes(path) ? (path as Screen) : 'workspace';
  const params = new URLSearchParams(query);
  const period = params.get('period');
  return {
    screen,
    ownerId: params.get('owner') || null,
    period: period && /^\d{4}-(0[1-9]|1[0-2])$/.test(period) ? period : null,
    lineKey: params.get('line') || null,
  };
}

/** The invoice table's view: filters and sort. */
export interface LineView {
  filters: LineFilters;
  sort: SortKey;
  dir: SortDir;
}

export const DEFAULT_VIEW: LineView = { filters: EMPTY_FILTERS, sort: 'lineNo', dir: 'asc' };

function listParam<T extends string>(params: URLSearchParams, name: string, all: readonly T[]): T[] {
  const v = params.get(name);
  if (!v) return [];
  const set = new Set(v.split(','));
  return all.filter((x) => set.has(x));
}

/** The view in a hash (unknown values dropped; none: the default view). */
export function parseView(hash: string): LineView {
  const h = hash.replace(/^#/, '');
  const query = h.startsWith('/') ? (h.slice(1).split('?', 2)[1] ?? '') : '';
  const params = new URLSearchParams(query);
  const sort = params.get('sort');
  return {
    filters: {
      kinds: listParam(params, 'kind', LINE_KINDS),
      statuses: listParam(params, 'status', LINE_STATUSES),
      reviews: listParam(params, 'review', REVIEW_STATES),
      search: (params.get('q') ?? '').slice(0, 200),
      flagged: params.get('flagged') === '1',
      changed: params.get('changed') === '1',
    },
    sort: sort && (LINE_SORT_KEYS as readonly string[]).includes(sort) ? (sort as SortKey) : 'lineNo',
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

export function routeHash(r: Route, view?: LineView): string {
  const params = new URLSearchParams();
  if (r.ownerId) params.set('owner', r.ownerId);
  if (r.period) params.set('period', r.period);
  if (r.lineKey && r.screen === 'invoice') params.set('line', r.lineKey);
  if (view && r.screen === 'invoice') {
    const f = view.filters;
    if (f.kinds.length) params.set('kind', f.kinds.join(','));
    if (f.statuses.length) params.set('status', f.statuses.join(','));
    if (f.reviews.length) params.set('review', f.reviews.join(','));
    if (f.search.trim()) params.set('q', f.search.trim());
    if (f.flagged) params.set('flagged', '1');
    if (f.changed) params.set('changed', '1');
    if (view.sort !== 'lineNo' || view.dir !== 'asc') {
      params.set('sort', view.sort);
      params.set('dir', view.dir);
    }
  }
  const q = params.toString();
  return `#/${r.screen}${q ? `?${q}` : ''}`;
}

/** Reads `#token=…` (browser bridge link) and returns it with the rest of the hash. */
export function takeToken(hash: string): { token: string | null; rest: string } {
  const h = hash.replace(/^#/, '');
  const m = /(?:^|&)token=([^&]*)/.exec(h);
  if (!m) return { token: null, rest: hash };
  let token: string | null;
  try {
    token = decodeURIComponent(m[1] ?? '') || null;
  } catch {
    token = null;
  }
  const rest = h.replace(m[0], '').replace(/^&/, '');
  return { token, rest: rest ? `#${rest}` : '' };
}
