// Summary of a Chromium performance trace (browser.startTracing) for the UI benchmark: what the
// renderer's main thread did inside a window (by trace event, self time) and which JavaScript
// functions the V8 sampling profiler saw there (self time).
//
//   node bench/ui/trace.mjs bench/profiles/ui-open-100000.trace.json [--from-ms N] [--window-ms N]
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

function load(file) {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  return Array.isArray(raw) ? raw : raw.traceEvents;
}

/**
 * The page's renderer main thread: a CrRendererMain thread that loaded a document from the
 * bridge (http://127.0.0.1:…); among several, the one with the most events. (Headless Chromium
 * has other renderers too, e.g. for its own WebUI pages.)
 */
function mainThread(events) {
  const mains = new Set();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mains.add(`${e.pid}:${e.tid}`);
  const counts = new Map();
  const ours = new Set();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (!mains.has(k)) continue;
    counts.set(k, (counts.get(k) ?? 0) + 1);
    const d = e.args?.data;
    const url = d?.documentLoaderURL ?? d?.url ?? d?.frames?.[0]?.url ?? '';
    if (typeof url === 'string' && /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url)) ours.add(k);
  }
  const pool = ours.size ? [...ours] : [...counts.keys()];
  const best = pool.sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))[0];
  if (!best) return null;
  const [pid, tid] = best.split(':').map(Number);
  return { pid, tid };
}

/**
 * The window to look at (trace µs): from the click (EventDispatch type=click) or, without one,
 * from the last navigationStart to a real URL; `windowMs` long (or to the end of the trace).
 */
function findWindow(events, main, windowMs) {
  let start = null;
  let what = null;
  for (const e of events) {
    if (e.pid !== main.pid || e.tid !== main.tid) continue;
    if (e.name === 'EventDispatch' && e.args?.data?.type === 'click' && e.ph === 'X') {
      if (start === null || e.ts > start) {
        start = e.ts;
        what = 'click';
      }
    }
  }
  if (start === null) {
    for (const e of events) {
      if (e.name !== 'navigationStart' || e.pid !== main.pid) continue;
      const url = e.args?.data?.documentLoaderURL ?? '';
      if (url && !url.startsWith('about:') && (start === null || e.ts > start)) {
        start = e.ts;
        what = 'navigationStart';
      }
    }
  }
  if (start === null) {
    start = Math.min(...events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ts > 0).map((e) => e.ts));
    what = 'trace start';
  }
  const lastTs = Math.max(...events.filter((e) => e.ts > 0).map((e) => e.ts + (e.dur ?? 0)));
  const end = windowMs ? start + windowMs * 1000 : lastTs;
  return { start, end, what };
}

function selfTimes(events, main, win) {
  // Complete events of the main thread, nested by time: self time = duration − children.
  const xs = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number')
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const stack = [];
  let busy = 0;
  const clip = (a, b) => Math.max(0, Math.min(b, win.end) - Math.max(a, win.start));
  const add = (e, us) => {
    const name = e.name === 'FunctionCall' || e.name === 'EvaluateScript' ? `${e.name}` : e.name;
    self.set(name, (self.get(name) ?? 0) + us);
  };
  const close = (until) => {
    while (stack.length && stack[stack.length - 1].end <= until) {
      const top = stack.pop();
      add(top.e, top.self);
    }
  };
  for (const e of xs) {
    close(e.ts);
    const inWin = clip(e.ts, e.ts + e.dur);
    if (stack.length === 0) busy += inWin;
    else stack[stack.length - 1].self -= inWin;
    stack.push({ e, end: e.ts + e.dur, self: inWin });
  }
  close(Infinity);
  return { busy, self };
}

/** Self time by JS function from the V8 sampling profiler (Profile / ProfileChunk events). */
function jsSelf(events, main, win) {
  const profiles = new Map(); // id → { nodes, startTime, t }
  const byFn = new Map();
  let samples = 0;
  for (const e of events) {
    if (e.pid !== main.pid) continue;
    if (e.name === 'Profile') profiles.set(e.id, { nodes: new Map(), t: e.args?.data?.startTime ?? e.ts });
    if (e.name !== 'ProfileChunk') continue;
    const p = profiles.get(e.id);
    if (!p) continue;
    const cp = e.args?.data?.cpuProfile ?? {};
    for (const n of cp.nodes ?? []) p.nodes.set(n.id, n);
    const deltas = e.args?.data?.timeDeltas ?? [];
    const ids = cp.samples ?? [];
    for (let i = 0; i < ids.length; i++) {
      const d = deltas[i] ?? 0;
      p.t += d;
      if (p.t < win.start || p.t > win.end) continue;
      const n = p.nodes.get(ids[i]);
      const cf = n?.callFrame ?? {};
      const fn = cf.functionName || '(anonymous)';
      const url = (cf.url ?? '').split('/').pop();
      const key = url ? `${fn} ${url}:${(cf.lineNumber ?? 0) + 1}:${(cf.columnNumber ?? 0) + 1}` : fn;
      if (fn === '(idle)') continue;
      // A sample stands for the time since the previous one.
      byFn.set(key, (byFn.get(key) ?? 0) + d);
      samples++;
    }
  }
  return { samples, byFn };
}

export function summarizeTrace(file, { windowMs = null } = {}) {
  const events = load(file);
  const main = mainThread(events);
  if (!main) return { error: 'no CrRendererMain thread in the trace' };
  const win = findWindow(events, main, windowMs);
  const { busy, self } = selfTimes(events, main, win);
  const js = jsSelf(events, main, win);
  return {
    windowFrom: win.what,
    windowMs: (win.end - win.start) / 1000,
    mainBusyMs: Math.round(busy / 100) / 10,
    top: [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10 })),
    // JavaScript self time by function (sampling profiler, idle samples left out; the renderer
    // bundle is minified: names are the bundle's, with line:column).
    jsBusySamples: js.samples,
    jsTop: [...js.byFn.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([fn, us]) => ({ fn, ms: Math.round(us / 100) / 10 })),
  };
}

/** The renderer main thread's tasks longer than `ms`, each with what took its time. */
export function longTasksOf(file, ms = 50) {
  const events = load(file);
  const main = mainThread(events);
  if (!main) return { error: 'no CrRendererMain thread in the trace' };
  const tops = events
    .filter(
      (e) =>
        e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') && e.dur > ms * 1000,
    )
    .sort((a, b) => a.ts - b.ts);
  // Nested RunTask events: keep the outermost.
  const out = [];
  let lastEnd = -1;
  for (const e of tops) {
    if (e.ts < lastEnd) continue;
    lastEnd = e.ts + e.dur;
    const { self } = selfTimes(events, main, { start: e.ts, end: e.ts + e.dur });
    const js = jsSelf(events, main, { start: e.ts, end: e.ts + e.dur });
    out.push({
      ms: Math.round(e.dur / 100) / 10,
      top: [...self.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([name, us]) => `${name} ${Math.round(us / 1000)} ms`),
      js: [...js.byFn.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([fn, us]) => `${fn} ${Math.round(us / 1000)} ms`),
    });
  }
  return { count: out.length, tasks: out.slice(0, 20) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  const i = process.argv.indexOf('--window-ms');
  const windowMs = i > 0 ? Number(process.argv[i + 1]) : null;
  console.log(JSON.stringify(summarizeTrace(file, { windowMs }), null, 2));
}
