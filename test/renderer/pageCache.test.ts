import { describe, expect, it, vi } from 'vitest';
import { PageCache } from '../../renderer/src/lib/pageCache';

function server(total: number, delay = 0) {
  const calls: [number, number][] = [];
  const fetch = vi.fn(async (offset: number, limit: number) => {
    calls.push([offset, limit]);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const rows = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) rows.push({ i });
    return { total, rows };
  });
  return { fetch, calls };
}

describe('PageCache', () => {
  it('fetches only the pages of the window, never everything', async () => {
    const s = server(100_000);
    const cache = new PageCache(s.fetch, { pageSize: 200, maxPages: 10 });
    await cache.ensure(0, 50);
    expect(s.calls).toEqual([[0, 200]]);
    expect(cache.total).toBe(100_000);
    expect(cache.get(0)).toEqual({ i: 0 });
    expect(cache.get(199)).toEqual({ i: 199 });
    expect(cache.get(200)).toBeUndefined();
    await cache.ensure(50_000, 50_040);
    expect(s.calls).toEqual([
      [0, 200],
      [50_000, 200],
    ]);
    expect(cache.get(50_039)).toEqual({ i: 50_039 });
  });

  it('requests a window spanning two pages as two pages, once', async () => {
    const s = server(1000);
    const cache = new PageCache(s.fetch, { pageSize: 100, maxPages: 10 });
    await Promise.all([cache.ensure(150, 250), cache.ensure(160, 240)]);
    expect(s.calls).toEqual([
      [100, 100],
      [200, 100],
    ]);
    await cache.ensure(100, 299);
    expect(s.calls.length).toBe(2);
  });

  it('keeps a bounded number of pages (LRU), never the wanted ones', async () => {
    const s = server(10_000);
    const cache = new PageCache(s.fetch, { pageSize: 100, maxPages: 3 });
    for (const p of [0, 1, 2, 3, 4]) await cache.ensure(p * 100, p * 100 + 10, { viewport: true });
    expect(cache.loadedPages().length).toBe(3);
    expect(cache.loadedPages()).toContain(4);
    expect(cache.get(0)).toBeUndefined();
  });

  it('clamps to the total once known', async () => {
    const s = server(250);
    const cache = new PageCache(s.fetch, { pageSize: 100, maxPages: 10 });
    await cache.ensure(0, 10);
    await cache.ensure(0, 10_000);
    expect(s.calls).toEqual([
      [0, 100],
      [100, 100],
      [200, 100],
    ]);
  });

  it('ignores answers of a previous generation after clear()', async () => {
    const s = server(1000, 10);
    const onChange = vi.fn();
    const cache = new PageCache(s.fetch, { pageSize: 100, maxPages: 10, onChange });
    const p = cache.ensure(0, 10);
    cache.clear();
    await p;
    expect(cache.get(0)).toBeUndefined();
    expect(cache.total).toBeNull();
  });

  it('refresh() re-fetches the wanted pages and keeps rows meanwhile', async () => {
    let version = 1;
    const fetch = vi.fn(async (offset: number, limit: number) => ({
      total: 500,
      rows: Array.from({ length: limit }, (_, k) => ({ i: offset + k, version })),
    }));
    const cache = new PageCache(fetch, { pageSize: 100, maxPages: 10 });
    await cache.ensure(0, 150, { viewport: true });
    version = 2;
    const r = cache.refresh();
    expect(cache.get(0)).toEqual({ i: 0, version: 1 });
    await r;
    expect(cache.get(0)).toEqual({ i: 0, version: 2 });
    expect(cache.get(150)).toEqual({ i: 150, version: 2 });
  });

  it('limits requests in flight and drops pages the viewport has left', async () => {
    const s = server(100_000, 20);
    const cache = new PageCache(s.fetch, { pageSize: 100, maxPages: 10, maxConcurrent: 1 });
    const first = cache.ensure(0, 30, { viewport: true });
    // A fast drag: three more viewports while the first page is still on its way.
    void cache.ensure(5_000, 5_030, { viewport: true });
    void cache.ensure(50_000, 50_030, { viewport: true });
    const last = cache.ensure(90_000, 90_030, { viewport: true });
    await first;
    await last;
    expect(s.calls).toEqual([
      [0, 100],
      [90_000, 100],
    ]);
    expect(cache.get(90_000)).toEqual({ i: 90_000 });
    expect(cache.isLoading()).toBe(false);
  });

  it('keeps pages asked for outside the viewport (e.g. a range selection)', async () => {
    const s = server(10_000, 5);
    const cache = new PageCache(s.fetch, { pageSize: 100, maxPages: 50, maxConcurrent: 1 });
    const range = cache.ensure(0, 499);
    void cache.ensure(9_000, 9_010, { viewport: true });
    await range;
    for (const i of [0, 150, 250, 499]) expect(cache.get(i)).toEqual({ i });
  });

  it('reports errors and lets a later ensure retry', async () => {
    let fail = true;
    const onError = vi.fn();
    const cache = new PageCache(
      async (offset: number) => {
        if (fail) throw new Error('boom');
        return { total: 10, rows: [{ i: offset }] };
      },
      { pageSize: 5, maxPages: 4, onError },
    );
    await cache.ensure(0, 1);
    expect(onError).toHaveBeenCalledOnce();
    expect((cache.error as Error).message).toBe('boom');
    fail = false;
    await cache.ensure(0, 1);
    expect(cache.get(0)).toEqual({ i: 0 });
    expect(cache.error).toBeNull();
  });
});
