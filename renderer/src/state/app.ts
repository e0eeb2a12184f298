// Application state (zustand): the workspace overview, where the user is, errors and progress.
import { create } from 'zustand';
import type { ProgressEvent, Res, Settings } from '../../../shared/contract/api';
import { send, transport } from '../api/transport';
import type { Locale } from '../lib/format';
import { newestFirst } from '../lib/periods';
import { parseRoute, parseView, routeHash, type Route, type Screen } from '../lib/route';
import { useInvoice } from './invoice';

type Overview = Res<'workspace.overview'>;

interface Banner {
  id: number;
  kind: 'error' | 'info' | 'ok';
  text: string;
  /**
   * What the banner is about ('import', 'rate', 'export'…): at most one banner per cause, and
   * the next success of the same cause replaces its error (docs/ui.md, "Banners").
   */
  cause: string;
}

/** Causes whose banners belong to the selected (owner, period): cleared when the selection changes. */
const PERIOD_CAUSES = new Set(['rate', 'export', 'evidence', 'review', 'close', 'total', 'annotation']);

interface AppState extends Route {
  overview: Overview | null;
  overviewError: string | null;
  loadingOverview: boolean;
  banners: Banner[];
  /** Latest progress event per task, while running. */
  progress: Record<string, ProgressEvent>;
  /** What a long action is doing ("Rating 2025-03…"); blocks the buttons that would start another. */
  busy: string | null;
  refreshOverview(): Promise<void>;
  go(screen: Screen): void;
  select(ownerId: string | null, period: string | null): void;
  openLine(lineKey: string | null): void;
  /** Shows a banner; one of the same cause (default: the same text) is replaced. */
  notify(kind: Banner['kind'], text: string, cause?: string): void;
  dismiss(id: number): void;
  /** Removes the banners of a cause that is gone (an error fixed, a selection changed). */
  clearCause(cause: string): void;
  /**
   * Runs a long action with a busy label; its error becomes the banner of `cause` (default: the
   * label), and its success clears that cause's error. Returns undefined on error.
   */
  run<T>(label: string, fn: () => Promise<T>, cause?: string): Promise<T | undefined>;
}

let bannerSeq = 0;

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

export const useApp = create<AppState>((set, get) => ({
  ...parseRoute(typeof location !== 'undefined' ? location.hash : ''),
  overview: null,
  overviewError: null,
  loadingOverview: false,
  banners: [],
  progress: {},
  busy: null,

  async refreshOverview() {
    set({ loadingOverview: true });
    try {
      const overview = await send('workspace.overview', {});
      set({ overview, overviewError: null, loadingOverview: false });
      // Keep the selection valid: default to the most recent period.
      const { ownerId, period } = get();
      const exists = overview.periods.some((p) => p.ownerId === ownerId && p.period === period);
      if (!exists) {
        const latest = newestFirst(overview.periods)[0];
        if (latest) set({ ownerId: latest.ownerId, period: latest.period, lineKey: null });
        else if (ownerId || period) set({ ownerId: null, period: null, lineKey: null });
      }
    } catch (err) {
      set({ overviewError: errorText(err), loadingOverview: false });
    }
  },

  go(screen) {
    set({ screen, ...(screen !== 'invoice' ? { lineKey: null } : {}) });
  },

  select(ownerId, period) {
    const { ownerId: o, period: p } = get();
    if (o !== ownerId || p !== period) set((s) => ({ banners: s.banners.filter((b) => !PERIOD_CAUSES.has(b.cause)) }));
    set({ ownerId, period, lineKey: null });
  },

  openLine(lineKey) {
    set({ lineKey });
  },

  notify(kind, text, cause) {
    const id = ++bannerSeq;
    const c = cause ?? `text:${text}`;
    set((s) => ({ banners: [...s.banners.filter((b) => b.cause !== c && b.text !== text), { id, kind, text, cause: c }].slice(-4) }));
    if (kind !== 'error') setTimeout(() => get().dismiss(id), 6000);
  },

  dismiss(id) {
    set((s) => ({ banners: s.banners.filter((b) => b.id !== id) }));
  },

  clearCause(cause) {
    set((s) => (s.banners.some((b) => b.cause === cause) ? { banners: s.banners.filter((b) => b.cause !== cause) } : s));
  },

  async run(label, fn, cause) {
    const c = cause ?? `run:${label}`;
    set({ busy: label, progress: {} });
    try {
      const value = await fn();
      // Its cause is gone: an earlier failure of the same action no longer stands.
      set((s) => ({ banners: s.banners.filter((b) => !(b.cause === c && b.kind === 'error')) }));
      return value;
    } catch (err) {
      get().notify('error', errorText(err), c);
      return undefined;
    } finally {
      // The action is over: drop its progress bars (a task may not report its last step).
      set({ busy: null, progress: {} });
    }
  },
}));

/** Settings with safe defaults while the overview loads. */
export function useSettings(): Settings {
  const s = useApp((st) => st.overview?.settings);
  return s ?? FALLBACK_SETTINGS;
}

const FALLBACK_SETTINGS: Settings = {
  timeZone: 'Europe/Paris',
  tolerance: '0.01',
  tolerancePercent: null,
  locale: 'en',
  granularitySeconds: 600,
  defaultVatPercent: '20',
  actor: 'user',
};

export function useLocale(): Locale {
  return useSettings().locale;
}

/** The selected (owner, period) summary, if it exists. */
export function useSelectedSummary() {
  return useApp((s) => s.overview?.periods.find((p) => p.ownerId === s.ownerId && p.period === s.period) ?? null);
}

// Keep the location hash in step with the route and the invoice table's view (filters, sort).
// Another place or view is a step of history (back and forward walk them); opening a line, or
// the first selection after loading, replaces the current step. Manual hash edits and
// back/forward are followed.
export function bindRouteToLocation(): () => void {
  let last = location.hash;
  const hashNow = () => {
    const i = useInvoice.getState();
    return routeHash(useApp.getState(), { filters: i.filters, sort: i.sort, dir: i.dir });
  };
  const write = () => {
    const h = hashNow();
    if (h === last) return;
    if (h === location.hash) {
      last = h;
      return;
    }
    const before = parseRoute(last);
    const place = (x: string) => x.replace(/([?&])line=[^&]*(&|$)/, (_, a: string, b: string) => (b ? a : ''));
    const replace = place(h) === place(last) || !before.ownerId || !before.period;
    last = h;
    const url = location.pathname + location.search + h;
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
  };
  const unsubApp = useApp.subscribe(write);
  const unsubInvoice = useInvoice.subscribe((s, prev) => {
    if (s.filters !== prev.filters || s.sort !== prev.sort || s.dir !== prev.dir) write();
  });
  const onHash = () => {
    if (location.hash === last) return;
    last = location.hash;
    const r = parseRoute(location.hash);
    useApp.setState(r);
    // Another screen's address says nothing of the table's view: it stays as it was.
    if (r.screen === 'invoice') useInvoice.setState({ ...parseView(location.hash), cursor: 0 });
  };
  window.addEventListener('hashchange', onHash);
  window.addEventListener('popstate', onHash);
  return () => {
    unsubApp();
    unsubInvoice();
    window.removeEventListener('hashchange', onHash);
    window.removeEventListener('popstate', onHash);
  };
}

// Progress events from the core (import, rate, reconcile, export).
export function bindProgress(): () => void {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  return transport.onProgress((e) => {
    useApp.setState((s) => ({ progress: { ...s.progress, [e.task]: e } }));
    const t = timers.get(e.task);
    if (t) clearTimeout(t);
    // Drop a task's bar a moment after it finishes (or when it stops reporting).
    const finished = e.total > 0 && e.done >= e.total;
    timers.set(
      e.task,
      setTimeout(
        () => {
          useApp.setState((s) => {
            const next = { ...s.progress };
            delete next[e.task];
            return { progress: next };
          });
          timers.delete(e.task);
        },
        finished ? 1200 : 30000,
      ),
    );
  });
}
