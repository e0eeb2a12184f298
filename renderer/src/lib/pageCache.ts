// A window of a long server-side list: rows are fetched a page at a time as the user scrolls
// (offset/limit), kept in a bounded LRU of pages, and never loaded all at once.
// One cache per query (filters + sort); a new query means a new cache.

export interface PageResult<T> {
  total: number;
  rows: T[];
}

export type FetchPage<T> = (offset: number, limit: number) => Promise<PageResult<T>>;

export interface PageCacheOptions {
  pageSize: number;
  /** Pages kept in memory at most (least recently used ones are dropped). */
  maxPages: number;
  /** Called whenever rows, the total or the error change. */
  onChange?: () => void;
  onError?: (err: unknown) => void;
}

export class PageCache<T> {
  readonly pageSize: number;
  private readonly maxPages: number;
  private pages = new Map<number, T[]>();
  private pending = new Set<number>();
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
  }

  pageOf(index: number): number {
    return Math.floor(index / this.pageSize);
  }

  /** The row at an index, if its page is loaded (marks the page as recently used). */
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
    return this.pending.size > 0;
  }

  /** Makes sure rows [start, end] (inclusive) are loaded or being loaded. */
  ensure(start: number, end: number): Promise<void> {
    if (end < start) return Promise.resolve();
    const lo = Math.max(0, start);
    const hi = this.total === null ? end : Math.min(end, Math.max(0, this.total - 1));
    this.wanted = [this.pageOf(lo), this.pageOf(Math.max(lo, hi))];
    const jobs: Promise<void>[] = [];
    for (let p = this.wanted[0]; p <= this.wanted[1]; p++) {
      const page = this.pages.get(p);
      if (page) {
        // refresh LRU order
        this.pages.delete(p);
        this.pages.set(p, page);
        continue;
      }
      if (this.pending.has(p)) continue;
      jobs.push(this.load(p, this.generation));
    }
    return Promise.all(jobs).then(() => undefined);
  }

  private async load(p: number, gen: number): Promise<void> {
    this.pending.add(p);
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
      if (gen === this.generation) this.pending.delete(p);
    }
    this.opts.onChange?.();
  }

  private evict(): void {
    if (this.pages.size <= this.maxPages) return;
    const [lo, hi] = this.wanted;
    for (const p of this.pages.keys()) {
      if (this.pages.size <= this.maxPages) break;
      if (p >= lo && p <= hi) continue;
      this.pages.delete(p);
    }
  }

  /**
   * Re-fetches the loaded pages (after a change such as a review), keeping the old rows on
   * screen until the new ones arrive. Pages outside the wanted window are dropped.
   */
  refresh(): Promise<void> {
    this.generation++;
    this.pending.clear();
    const [lo, hi] = this.wanted;
    for (const p of [...this.pages.keys()]) if (p < lo || p > hi) this.pages.delete(p);
    const gen = this.generation;
    const jobs: Promise<void>[] = [];
    for (let p = lo; p <= hi; p++) jobs.push(this.load(p, gen));
    return Promise.all(jobs).then(() => undefined);
  }

  /** Forgets everything (the next ensure() fetches again). */
  clear(): void {
    this.generation++;
    this.pending.clear();
    this.pages.clear();
    this.total = null;
    this.error = null;
  }
}
