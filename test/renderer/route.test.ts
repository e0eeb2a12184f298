import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE, parseRoute, routeHash, takeToken } from '../../renderer/src/lib/route';

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
