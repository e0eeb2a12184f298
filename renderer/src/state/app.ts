// Application state (zustand): the workspace overview, where the user is, errors and progress.
import { create } from 'zustand';
import type { ProgressEvent, Res, Settings } from '../../../shared/contract/api';
import { send, transport } from '../api/transport';
import type { Locale } from '../lib/format';
import { newestFirst } from '../lib/periods';
import { parseRoute, routeHash, type Route, type Screen } from '../lib/route';

type Overview = Res<'workspace.overview'>;

interface Banner {
  id: number;
  kind: 'error' | 'info' | 'ok';
  text: string;
}

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
  notify(kind: Banner['kind'], text: string): void;
  dismiss(id: number): void;
  /** Runs a long action with a busy label; its error becomes a banner. Returns undefined on error. */
  run<T>(label: string, fn: () => Promise<T>): Promise<T | undefined>;
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
    set({ ownerId, period, lineKey: null });
  },

  openLine(lineKey) {
    set({ lineKey });
  },

  notify(kind, text) {
    const id = ++bannerSeq;
    set((s) => ({ banners: [...s.banners.filter((b) => b.text !== text), { id, kind, text }].slice(-4) }));
    if (kind !== 'error') setTimeout(() => get().dismiss(id), 6000);
  },

  dismiss(id) {
    set((s) => ({ banners: s.banners.filter((b) => b.id !== id) }));
  },

  async run(label, fn) {
    set({ busy: label, progress: {} });
    try {
      return await fn();
    } catch (err) {
      get().notify('error', errorText(err));
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

// Keep the location hash in step with the route (replaceState: no history spam), and follow
// manual hash edits / back-forward.
export function bindRouteToLocation(): () => void {
  let last = '';
  const unsub = useApp.subscribe((s) => {
    const h = routeHash(s);
    if (h !== last && h !== location.hash) {
      last = h;
      history.replaceState(null, '', location.pathname + location.search + h);
    }
  });
  const onHash = () => {
    if (location.hash === last) return;
    const r = parseRoute(location.hash);
    useApp.setState(r);
  };
  window.addEventListener('hashchange', onHash);
  return () => {
    unsub();
    window.removeEventListener('hashchange', onHash);
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
