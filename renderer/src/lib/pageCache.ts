// A window of a long server-side list: rows are fetched a page at a time as the user scrolls
// (offset/limit), kept in a bounded LRU of pages, and never loaded all at once.
// One cache per query (filters + sort); a new query means a new cache.
//
// Requests are limited (maxConcurrent) and queued; a queued page that nobody needs any more
// (the user scrolled past it) is dropped before it is asked for, so a fast drag through a long
// list does not pile up requests on a single-threaded backend.

interface PageResult<T> {
  total: number;
  rows: T[];
}

type FetchPage<T> = (offset: number, limit: number) => Promise<PageResult<T>>;

interface PageCacheOptions {
  pageSize: number;
  /** Pages kept in memory at most (least recently used ones are dropped). */
  maxPages: number;
  /** Requests in flight at most (default 2). */
  maxConcurrent?: number;
  /** Called whenever rows, the total or the error change. */
  onChange?: () => void;
  onError?: (err: unknown) => void;
}

interface Waiter {
  pages: Set<number>;
  resolve: () => void;
  viewport: boolean;
}

export class PageCache<T> {
  readonly pageSize: number;
  private readonly maxPages: number;
  private readonly maxConcurrent: number;
  private pages = new Map<number, T[]>();
  private pending = new Set<number>();
  private queue: number[] = [];
  private waiters: Waiter[] = [];
  private inflight = 0;
  private generation = 0;
  private wanted: [number, number] = [0, 0];
  total: number | null = null;
  error: unknown = null;
  /** Number of requests made (for tests and diagnostics). */
  requests = 0;

  constructor(
    private readonly fetchPage: FetchPage<T>,
    private readonly opts: PageCacheOptions,
  ) {
    this.pageSize = Math.max(1, Math.floor(opts.pageSize));
    this.maxPages = Math.max(2, Math.floor(opts.maxPages));
    this.maxConcurrent = Math.max(1, Math.floor(opts.maxConcurrent ?? 2));
  }

  pageOf(index: number): number {
    return Math.floor(index / this.pageSize);
  }

  /** The row at an index, if its page is loaded. */
  get(index: number): T | undefined {
    const p = this.pageOf(index);
    const page = this.pages.get(p);
    if (!page) return undefined;
    return page[index - p * this.pageSize];
  }

  has(index: number): boolean {
    return this.get(index) !== undefined;
  }

  loadedPages(): number[] {
    return [...this.pages.keys()].sort((a, b) => a - b);
  }

  isLoading(): boolean {
    return this.pending.size > 0 || this.queue.length > 0;
  }

  /**
   * Makes sure rows [start, end] (inclusive) are loaded; resolves when they are (or when their
   * request failed or was dropped). With `viewport`, the range replaces the previous viewport
   * range: pages queued only for an older viewport are dropped.
   */
  ensure(start: number, end: number, opts: { viewport?: boolean } = {}): Promise<void> {
    if (end < start) return Promise.resolve();
    const lo = Math.max(0, start);
    const hi = this.total === null ? end : Math.min(end, Math.max(0, this.total - 1));
    const first = this.pageOf(lo);
    const last = this.pageOf(Math.max(lo, hi));
    if (opts.viewport) {
      this.wanted = [first, last];
      for (const w of this.waiters.filter((x) => x.viewport)) w.resolve();
      this.waiters = this.waiters.filter((x) => !x.viewport);
    }
    const missing: number[] = [];
    for (let p = first; p <= last; p++) {
      const page = this.pages.get(p);
      if (page) {
        // refresh LRU order
        this.pages.delete(p);
        this.pages.set(p, page);
      } else {
        missing.push(p);
        if (!this.pending.has(p) && !this.queue.includes(p)) this.queue.push(p);
      }
    }
    if (missing.length === 0) {
      this.pump();
      return Promise.resolve();
    }
    const done = new Promise<void>((resolve) => this.waiters.push({ pages: new Set(missing), resolve, viewport: !!opts.viewport }));
    this.pump();
    return done;
  }

  private needed(p: number): boolean {
    return this.waiters.some((w) => w.pages.has(p));
  }

  private pump(): void {
    this.queue = this.queue.filter((p) => !this.pages.has(p) && !this.pending.has(p) && this.needed(p));
    while (this.inflight < this.maxConcurrent && this.queue.length > 0) {
      const p = this.queue.shift() as number;
      void this.load(p, this.generation);
    }
    this.settle();
  }

  /** Resolves the waiters whose pages are all loaded, failed or dropped. */
  private settle(): void {
    this.waiters = this.waiters.filter((w) => {
      for (const p of w.pages) if (this.pending.has(p) || this.queue.includes(p)) return true;
      w.resolve();
      return false;
    });
  }

  private async load(p: number, gen: number): Promise<void> {
    this.pending.add(p);
    this.inflight++;
    this.requests++;
    try {
      const res = await this.fetchPage(p * this.pageSize, this.pageSize);
      if (gen !== this.generation) return;
      this.total = res.total;
      this.error = null;
      this.pages.set(p, res.rows);
      this.evict();
    } catch (err) {
      if (gen !== this.generation) return;
      this.error = err;
      this.opts.onError?.(err);
    } finally {
      if (gen === this.generation) {
        this.pending.delete(p);
        this.inflight--;
      }
    }
    this.opts.onChange?.();
    this.pump();
  }

  private evict(): void {
    if (this.pages.size <= this.maxPages) return;
    const [lo, hi] = this.wanted;
    for (const p of this.pages.keys()) {
      if (this.pages.size <= this.maxPages) break;
      if ((p >= lo && p <= hi) || this.needed(p)) continue;
      this.pages.delete(p);
    }
  }

  private reset(): void {
    this.generation++;
    this.pending.clear();
    this.queue = [];
    this.inflight = 0;
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }

  /**
   * Re-fetches the pages of the viewport (after a change such as a review), keeping the old
   * rows on screen until the new ones arrive. Other pages are dropped.
   */
  refresh(): Promise<void> {
    this.reset();
    const [lo, hi] = this.wanted;
    for (const p of [...this.pages.keys()]) if (p < lo || p > hi) this.pages.delete(p);
    const gen = this.generation;
    const jobs: Promise<void>[] = [];
    for (let p = lo; p <= hi; p++) jobs.push(this.load(p, gen));
    return Promise.all(jobs).then(() => undefined);
  }

  /** Forgets everything (the next ensure() fetches again). */
  clear(): void {
    this.reset();
    this.pages.clear();
    this.total = null;
    this.error = null;
  }
}
