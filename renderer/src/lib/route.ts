// The location hash holds the screen and the selection, so a reload comes back to the same
// place: #/invoice?owner=orga_x&period=2025-03&line=<key>. Pure functions.

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

export function routeHash(r: Route): string {
  const params = new URLSearchParams();
  if (r.ownerId) params.set('owner', r.ownerId);
  if (r.period) params.set('period', r.period);
  if (r.lineKey && r.screen === 'invoice') params.set('line', r.lineKey);
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
