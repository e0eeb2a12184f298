import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE, DEFAULT_VIEW, parseRoute, parseView, routeHash, takeToken } from '../../renderer/src/lib/route';

describe('route', () => {
  it('round-trips the screen and the selection', () => {
    const r = { screen: 'invoice' as const, ownerId: 'orga_4c1d', period: '2021-03', lineKey: 'orga_4c1d|application|app_1|apps.S' };
    expect(parseRoute(routeHash(r))).toEqual(r);
  });
  it('keeps the line only on the invoice screen', () => {
    expect(routeHash({ screen: 'credits', ownerId: 'o', period: '2021-04', lineKey: 'x' })).toBe('#/credits?owner=o&period=2021-04');
  });
  it('falls back to the workspace on anything unknown', () => {
    expect(parseRoute('')).toEqual(DEFAULT_ROUTE);
    expect(parseRoute('#/nowhere')).toEqual(DEFAULT_ROUTE);
    expect(parseRoute('#/audit?period=2021-13').period).toBeNull();
  });
});

describe('takeToken', () => {
  it('takes the token out of the hash', () => {
    expect(takeToken('#token=abc123')).toEqual({ token: 'abc123', rest: '' });
    expect(takeToken('#token=abc&x=1')).toEqual({ token: 'abc', rest: '#x=1' });
    expect(takeToken('#/invoice?period=2021-03')).toEqual({ token: null, rest: '#/invoice?period=2021-03' });
  });
});

describe('the invoice view in the address', () => {
  it('round-trips filters and sort on the invoice screen', () => {
    const r = { screen: 'invoice' as const, ownerId: 'o', period: '2021-03', lineKey: null };
    const view = {
      filters: {
        kinds: ['application' as const],
        statuses: ['over_billed' as const, 'match' as const],
        reviews: [],
        search: 'api x',
        flagged: false,
        changed: true,
      },
      sort: 'variance' as const,
      dir: 'desc' as const,
    };
    const h = routeHash(r, view);
    expect(h).toBe('#/invoice?owner=o&period=2021-03&kind=application&status=over_billed%2Cmatch&q=api+x&changed=1&sort=variance&dir=desc');
    expect(parseRoute(h)).toEqual(r);
    // Statuses come back in their canonical order.
    expect(parseView(h)).toEqual({ ...view, filters: { ...view.filters, statuses: ['match', 'over_billed'] } });
  });
  it('leaves the default view and other screens out, and drops unknown values', () => {
    expect(routeHash({ screen: 'invoice', ownerId: 'o', period: '2021-03', lineKey: null }, DEFAULT_VIEW)).toBe('#/invoice?owner=o&period=2021-03');
    expect(routeHash({ screen: 'workspace', ownerId: 'o', period: '2021-03', lineKey: null }, { ...DEFAULT_VIEW, sort: 'billed' })).toBe(
      '#/workspace?owner=o&period=2021-03',
    );
    expect(parseView('#/invoice?status=nope,match&sort=drop&dir=up')).toEqual({
      ...DEFAULT_VIEW,
      filters: { ...DEFAULT_VIEW.filters, statuses: ['match'] },
    });
  });
});
