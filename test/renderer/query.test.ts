import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract/api';
import {
  clampIndex,
  EMPTY_FILTERS,
  isFiltered,
  keyAction,
  linesRequest,
  nextSort,
  queryKey,
  reviewTargets,
  toggle,
  type LineQuery,
} from '../../renderer/src/lib/query';

const base: LineQuery = { ownerId: 'orga_1', period: '2021-03', sort: 'lineNo', dir: 'asc', filters: EMPTY_FILTERS };

describe('linesRequest', () => {
  it('leaves empty filters out and validates against the contract', () => {
    const r = linesRequest(base, 400, 200);
    expect(r).toEqual({ period: '2021-03', ownerId: 'orga_1', offset: 400, limit: 200, sort: 'lineNo', dir: 'asc' });
    expect(contract['lines.list'].req.safeParse(r).success).toBe(true);
  });
  it('sends filters in canonical order, trimmed', () => {
    const r = linesRequest(
      {
        ...base,
        sort: 'variance',
        dir: 'desc',
        filters: {
          kinds: ['task', 'application', 'task'],
          statuses: ['unexplained_charge', 'over_billed'],
          reviews: ['disputed'],
          search: '  billing ',
          flagged: true,
        },
      },
      0,
      50,
    );
    expect(r.kinds).toEqual(['application', 'task']);
    expect(r.statuses).toEqual(['over_billed', 'unexplained_charge']);
    expect(r.reviews).toEqual(['disputed']);
    expect(r.search).toBe('billing');
    expect(r.flagged).toBe(true);
    expect(contract['lines.list'].req.safeParse(r).success).toBe(true);
  });
  it('drops a filter that selects every value (same as none)', () => {
    const r = linesRequest({ ...base, filters: { ...EMPTY_FILTERS, reviews: ['unreviewed', 'approved', 'disputed', 'resolved'] } }, 0, 10);
    expect(r.reviews).toBeUndefined();
  });
  it('caps the search at the contract limit', () => {
    const r = linesRequest({ ...base, filters: { ...EMPTY_FILTERS, search: 'x'.repeat(500) } }, 0, 10);
    expect(r.search?.length).toBe(200);
    expect(contract['lines.list'].req.safeParse(r).success).toBe(true);
  });
});

describe('queryKey', () => {
  it('is equal for equivalent queries and differs otherwise', () => {
    const a = queryKey({ ...base, filters: { ...EMPTY_FILTERS, kinds: ['build', 'addon'] } });
    const b = queryKey({ ...base, filters: { ...EMPTY_FILTERS, kinds: ['addon', 'build'] } });
    expect(a).toBe(b);
    expect(queryKey({ ...base, dir: 'desc' })).not.toBe(queryKey(base));
    expect(queryKey({ ...base, period: '2021-04' })).not.toBe(queryKey(base));
  });
});

describe('helpers', () => {
  it('isFiltered', () => {
    expect(isFiltered(EMPTY_FILTERS)).toBe(false);
    expect(isFiltered({ ...EMPTY_FILTERS, search: '   ' })).toBe(false);
    expect(isFiltered({ ...EMPTY_FILTERS, statuses: ['match'] })).toBe(true);
  });
  it('toggle', () => {
    expect(toggle(['a', 'b'], 'a')).toEqual(['b']);
    expect(toggle(['a'], 'b')).toEqual(['a', 'b']);
  });
  it('nextSort flips the same column, starts another ascending', () => {
    expect(nextSort({ sort: 'lineNo', dir: 'asc' }, 'lineNo')).toEqual({ sort: 'lineNo', dir: 'desc' });
    expect(nextSort({ sort: 'lineNo', dir: 'desc' }, 'variance')).toEqual({ sort: 'variance', dir: 'asc' });
  });
  it('reviewTargets prefers the checked lines', () => {
    expect(reviewTargets(new Set(['k1', 'k2']), 'k3').sort()).toEqual(['k1', 'k2']);
    expect(reviewTargets(new Set(), 'k3')).toEqual(['k3']);
    expect(reviewTargets(new Set(), undefined)).toEqual([]);
  });
  it('clampIndex', () => {
    expect(clampIndex(-1, 10)).toBe(0);
    expect(clampIndex(12, 10)).toBe(9);
    expect(clampIndex(3, 0)).toBe(0);
  });
});

describe('keyAction', () => {
  it('maps the table keys', () => {
    expect(keyAction({ key: 'ArrowDown' })).toEqual({ type: 'move', delta: 1 });
    expect(keyAction({ key: 'j' })).toEqual({ type: 'move', delta: 1 });
    expect(keyAction({ key: 'k' })).toEqual({ type: 'move', delta: -1 });
    expect(keyAction({ key: 'Enter' })).toEqual({ type: 'open' });
    expect(keyAction({ key: ' ' })).toEqual({ type: 'toggleSelect' });
    expect(keyAction({ key: 'a' })).toEqual({ type: 'review', state: 'approved' });
    expect(keyAction({ key: 'd' })).toEqual({ type: 'review', state: 'disputed' });
    expect(keyAction({ key: 'r' })).toEqual({ type: 'review', state: 'resolved' });
    expect(keyAction({ key: '/' })).toEqual({ type: 'focusSearch' });
    expect(keyAction({ key: 'Escape' })).toEqual({ type: 'close' });
  });
  it('leaves typing in fields and shortcuts of the system alone', () => {
    expect(keyAction({ key: 'a', inField: true })).toBeNull();
    expect(keyAction({ key: 'ArrowDown', inField: true })).toBeNull();
    expect(keyAction({ key: 'r', ctrlKey: true })).toBeNull();
    expect(keyAction({ key: 'a', metaKey: true })).toBeNull();
    expect(keyAction({ key: 'Escape', inField: true })).toEqual({ type: 'close' });
    expect(keyAction({ key: 'x' })).toBeNull();
  });
});
