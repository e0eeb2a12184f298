#!/usr/bin/env node
// UI benchmark (issue #5): "the UI opens an invoice of 100k lines and scrolls it without jank:
// first rows shown within 1 s in Chromium".
//
//   node bench/ui.mjs                      100,000 lines, 5 runs → bench/ui-results.json + a table
//   node bench/ui.mjs --runs 3 --size 10k  other sizes / fewer runs
//   node bench/ui.mjs --trace              + one extra traced run (not counted) → bench/profiles/ui-*.json
//                                            and a summary of the renderer's main thread
//   options: --no-build (use dist/ and dist-renderer/ as they are), --build (always rebuild),
//            --force-data (rebuild the workspace), --out FILE, --chromium PATH (or SLICEWISE_CHROMIUM)
//
// What it does:
//   1. `npm run build` when dist/ or dist-renderer/ is missing or older than the sources.
//   2. A workspace with ONE owner and ONE period (March 2021) of `size` invoice lines (one
//      application per line), imported and rated through the real core with the CLI, cached in
//      bench/data/ui-<size>-v1.sqlite (bench/ui/workspace.mjs). Each run uses a copy.
//   3. Per run, a fresh browser bridge (dist/web.cjs: new core worker, cold caches) and a fresh
//      browser context in Debian's Chromium, launched with the e2e test's flags:
//      a. open:  Workspace screen loaded and idle → click *Open* on 2021-03 → first
//                [data-testid=line-row] painted. Time from the click's event timestamp.
//                This is `firstRowsMs` (the issue's "opens an invoice").
//      b. reopen: back to the Workspace, *Open* again (warm server and page).
//      c. scroll: 3 s of scrollTop += one viewport per 16 ms from the top; jump to the middle;
//                3 s of one viewport per 16 ms; jump to the end; 3 s of scrollTop −= 100 px per
//                16 ms (steady, upwards); 3 s of real mouse-wheel notches (CDP input, 100 px about
//                every 16 ms, downwards). Every animation frame's duration is recorded in the page
//                (rAF); a frame > 50 ms is a long frame (jank); a frame after which the viewport
//                still shows placeholder rows is a blank frame. A jump is timed from the scrollTop
//                assignment to real rows painted at the new place (`jumpRowsMs`).
//      d. cold:  another fresh bridge; a new page opens the deep link
//                #/invoice?owner=…&period=2021-03 → first row painted, from navigation start
//                (bundle load + overview + lines.list + render), the server started just before.
//      e. deep link again in a new browser context on the warm server of a–c: the browser's
//                share of the cold start.
//   "Painted" = the frame after the DOM change has run (rAF, then a task): see bench/ui/probe.js.
//   The HTTP calls of each phase are taken from the page's Resource Timing.
//
// The CPU may be shared with other benchmarks: the load average is recorded with the results.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OWNER, PERIOD, copyWorkspace, ensureWorkspace } from './ui/workspace.mjs';
import { longTasksOf, summarizeTrace } from './ui/trace.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = path.join(ROOT, 'bench');
const require = createRequire(import.meta.url);
const TARGET_MS = 1000;
const LONG_FRAME_MS = 50;

const { values: opt } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    build: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'force-data': { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(BENCH, 'ui-results.json') },
    chromium: { type: 'string', default: process.env.SLICEWISE_CHROMIUM ?? '/usr/bin/chromium' },
  },
});
const SIZE = parseSize(opt.size);
const RUNS = Math.max(1, Number(opt.runs) || 5);
const log = (s) => process.stderr.write(`${s}\n`);

function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(String(s).trim());
  if (!m) throw new Error(`--size ${s}: a number, 10k or 1M`);
  return Math.round(Number(m[1]) * ({ k: 1e3, m: 1e6 }[m[2].toLowerCase()] ?? 1));
}

// ------------------------------------------------------------------------------------ build

function newestMtime(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestMtime(p));
    else t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

function ensureBuilt() {
  const outputs = ['dist/web.cjs', 'dist/worker.cjs', 'dist/cli.cjs', 'dist-renderer/index.html'].map((f) => path.join(ROOT, f));
  const missing = outputs.some((f) => !fs.existsSync(f));
  if (opt['no-build']) {
    if (missing) throw new Error('dist/ or dist-renderer/ is missing: run npm run build (or leave out --no-build)');
    return 'as found (--no-build)';
  }
  const sources = Math.max(
    ...['renderer', 'shared', 'electron'].map((d) => newestMtime(path.join(ROOT, d))),
    fs.statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs,
  );
  const built = missing ? 0 : Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs));
  if (!opt.build && !missing && built >= sources) return 'up to date';
  log(`npm run build (${missing ? 'missing outputs' : opt.build ? '--build' : 'sources newer than the build'})…`);
  const t = Date.now();
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${(r.stdout ?? '') + (r.stderr ?? '')}`.slice(-4000));
  return `rebuilt (${((Date.now() - t) / 1000).toFixed(1)} s)`;
}

// ------------------------------------------------------------------------------------ stats

/** Medians over runs of one phase's click → request → response → paint split. */
function openMedians(runs, phase) {
  const of = (k) => median(runs.map((r) => r[phase][k]));
  return { clickToRequestMs: of('clickToRequestMs'), linesListMs: of('linesListMs'), responseToPaintMs: of('responseToPaintMs') };
}

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const max = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  return s.length ? Math.max(...s) : null;
};
const r1 = (x) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);

function frameStats(frames, blankFrames = null) {
  return {
    frames: frames.length,
    meanFrameMs: r1(frames.reduce((a, b) => a + b, 0) / Math.max(1, frames.length)),
    p50FrameMs: r1(quantile(frames, 0.5)),
    p95FrameMs: r1(quantile(frames, 0.95)),
    maxFrameMs: r1(max(frames)),
    longFrames: frames.filter((f) => f > LONG_FRAME_MS).length,
    ...(blankFrames !== null ? { blankFrames } : {}),
  };
}

// ------------------------------------------------------------------------------------ browser

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PROBE = fs.readFileSync(path.join(BENCH, 'ui', 'probe.js'), 'utf8');

async function newPage(browser, server, errors) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.addInitScript({ content: PROBE });
  page.setDefaultTimeout(60_000);
  return { context, page, origin: new URL(server.url).origin };
}

/** The API calls (Resource Timing) that started at or after `from` (page ms). */
async function apiCalls(page, from = 0) {
  return page.evaluate(
    (from) =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/call/') && e.startTime >= from - 1)
        .map((e) => ({
          method: decodeURIComponent(e.name.split('/api/call/')[1] ?? ''),
          start: Math.round(e.startTime * 10) / 10,
          // Request sent → last byte (the server's time plus the transfer, on localhost).
          ms: Math.round((e.responseEnd - e.startTime) * 10) / 10,
          ttfb: Math.round((e.responseStart - e.requestStart) * 10) / 10,
          end: Math.round(e.responseEnd * 10) / 10,
          bytes: e.encodedBodySize,
        })),
    from,
  );
}

async function waitIdle(page) {
  await page.waitForFunction(() => (document.querySelector('[data-testid="busy"]')?.textContent ?? '').trim() === '', null, { timeout: 120_000 });
}

async function errorBanners(page) {
  return page.locator('[data-testid="banner-error"], [data-testid="overview-error"]').allInnerTexts();
}

/** a + b: Workspace → click Open → first rows; then back and Open again. */
async function openFromWorkspace(page, server, hooks = {}) {
  await page.goto(server.openUrl);
  const open = page.getByTestId(`open-${PERIOD}`);
  await open.waitFor();
  await page.waitForFunction((id) => !document.querySelector(`[data-testid="${id}"]`)?.disabled, `open-${PERIOD}`);
  await waitIdle(page);
  const measure = async () => {
    const armed = page.evaluate(() => {
      window.__uiBench.armClick();
      return window.__uiBench.armRows(0, 1e9);
    });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    await open.click();
    const rows = await armed;
    const click = await page.evaluate(() => window.__uiBench.state.click);
    if (typeof click !== 'number' || click < 0) throw new Error('the click on Open was not seen by the page');
    const calls = await apiCalls(page, click);
    const total = Number(await page.getByTestId('lines-table').getAttribute('data-total'));
    const list = calls.find((c) => c.method === 'lines.list');
    return {
      firstRowsMs: r1(rows.paint - click),
      firstRowsDomMs: r1(rows.dom - click),
      clickToRequestMs: list ? r1(list.start - click) : null,
      linesListMs: list?.ms ?? null,
      responseToPaintMs: list ? r1(rows.paint - list.end) : null,
      total,
      calls,
    };
  };
  await hooks.before?.();
  const first = await measure();
  await hooks.after?.();
  if (first.total !== SIZE) throw new Error(`the table says ${first.total} lines, expected ${SIZE}`);
  // b. reopen
  await page.getByTestId('nav-workspace').click();
  await open.waitFor();
  await waitIdle(page);
  const again = await measure();
  return { first, again };
}

const roundReq = (q) => ({ sentAfterMs: r1(q.sentAfterMs), ms: r1(q.ms), endAfterMs: r1(q.endAfterMs) });

/** c. scrolling on the open invoice. */
async function scrollTable(page) {
  const ev = (fn, arg) => page.evaluate(fn, arg);
  // Let the first page settle (nothing pending).
  await page.waitForTimeout(300);
  const fast1 = await ev(() => window.__uiBench.sweep({ ms: 3000, step: 'viewport' }));
  const settleTop = await ev(() => window.__uiBench.jump(document.querySelector('[data-testid="lines-scroll"]').scrollTop));
  const mid = await ev((size) => window.__uiBench.jump(Math.floor(size / 2) * 28), SIZE);
  const fast2 = await ev(() => window.__uiBench.sweep({ ms: 3000, step: 'viewport' }));
  const end = await ev(() => window.__uiBench.jump('end'));
  const slow = await ev(() => window.__uiBench.sweep({ ms: 3000, step: -100 }));
  // A real mouse wheel (CDP input events, scrolled by the browser like a user's): 100 px notches
  // every 16 ms for 3 s, downwards from where the steady sweep stopped.
  const box = await page.getByTestId('lines-scroll').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await ev(() => window.__uiBench.startFrames());
  const wheelStart = Date.now();
  let notches = 0;
  while (Date.now() - wheelStart < 3000) {
    const t = Date.now();
    await page.mouse.wheel(0, 100);
    notches++;
    const wait = 16 - (Date.now() - t);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const wheel = { ...(await ev(() => window.__uiBench.stopFrames())), notches };

  if (end.maxRow !== SIZE - 1) throw new Error(`after the jump to the end, the last row shown is ${end.maxRow}, not ${SIZE - 1}`);
  const lastRow = await page.evaluate(() => {
    const rows = [...document.querySelectorAll('[data-testid="line-row"]')].map((r) => Number(r.getAttribute('aria-rowindex')) - 2);
    return Math.max(...rows);
  });
  const sweepOut = (s) => ({
    ...frameStats(s.frames, s.blankFrames),
    rowsTravelled: s.rowsTravelled,
    longTasks: s.longTasks.length,
    maxLongTaskMs: r1(max(s.longTasks)),
  });
  return {
    sweeps: {
      fastFromTop: sweepOut(fast1),
      fastFromMiddle: sweepOut(fast2),
      steadyUp: sweepOut(slow),
      mouseWheelDown: { ...sweepOut(wheel), notches: wheel.notches },
    },
    frames: [...fast1.frames, ...fast2.frames, ...slow.frames, ...wheel.frames],
    blankFrames: fast1.blankFrames + fast2.blankFrames + slow.blankFrames + wheel.blankFrames,
    longTasks: [...fast1.longTasks, ...fast2.longTasks, ...slow.longTasks, ...wheel.longTasks],
    jumps: {
      afterFastSweep: r1(settleTop.paint),
      middle: r1(mid.paint),
      end: r1(end.paint),
    },
    // Where the time of a jump goes: the request is sent after the 60 ms pause, then the page
    // comes back, then React renders it.
    jumpDetail: {
      middle: { range: mid.range, requests: mid.requests.map(roundReq) },
      end: { range: end.range, maxRow: end.maxRow, requests: end.requests.map(roundReq) },
    },
    lastRowShown: lastRow,
  };
}

/** d. a cold start on the invoice's deep link. */
async function coldDeepLink(page, server) {
  const url = `${server.url.replace(/\/?$/, '/')}#/invoice?owner=${encodeURIComponent(OWNER)}&period=${PERIOD}&token=${encodeURIComponent(server.token)}`;
  await page.goto(url);
  const rows = await page.waitForFunction(() => window.__uiBench.state.nav, null, { timeout: 60_000, polling: 50 }).then((h) => h.jsonValue());
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    const js = performance.getEntriesByType('resource').find((e) => /\/assets\/.*\.js$/.test(e.name));
    return { domContentLoaded: n?.domContentLoadedEventEnd ?? null, scriptEnd: js?.responseEnd ?? null };
  });
  const calls = await apiCalls(page, 0);
  const list = calls.find((c) => c.method === 'lines.list');
  return {
    coldLoadMs: r1(rows.paint),
    domContentLoadedMs: r1(nav.domContentLoaded),
    scriptLoadedMs: r1(nav.scriptEnd),
    linesListStartMs: list ? list.start : null,
    linesListMs: list?.ms ?? null,
    responseToPaintMs: list ? r1(rows.paint - list.end) : null,
    calls,
  };
}

// ------------------------------------------------------------------------------------ main

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg();
  const build = ensureBuilt();
  const { db: cached, manifest } = ensureWorkspace(SIZE, { force: opt['force-data'], log });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-ui-bench-'));
  const dbPath = copyWorkspace(cached, tmp);
  const rendererDir = path.join(ROOT, 'dist-renderer');
  const { startWebServer } = require(path.join(ROOT, 'dist', 'web.cjs'));
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: opt.chromium, args: CHROMIUM_ARGS });
  const chromiumVersion = browser.version();
  const runs = [];
  const errors = [];
  let traceSummary = null;
  try {
    const oneRun = async (i, trace) => {
      const run = { run: i };
      // a, b, c
      let server = await startWebServer({ dbPath, port: 0, rendererDir });
      let ctx = await newPage(browser, server, errors);
      try {
        const hooks = trace
          ? {
              before: () => browser.startTracing(ctx.page, { path: trace.open, screenshots: false, categories: TRACE_CATEGORIES }),
              after: () => browser.stopTracing(),
            }
          : {};
        const { first, again } = await openFromWorkspace(ctx.page, server, hooks);
        run.open = first;
        run.reopen = again;
        if (trace) await browser.startTracing(ctx.page, { path: trace.scroll, screenshots: false, categories: TRACE_CATEGORIES });
        run.scroll = await scrollTable(ctx.page);
        if (trace) await browser.stopTracing();
        const banners = await errorBanners(ctx.page);
        if (banners.length) errors.push(...banners.map((b) => `banner: ${b}`));
        // e. the deep link in a new browser context, on this (now warm) server: the browser's
        //    share of the cold start.
        if (!trace) {
          const c2 = await newPage(browser, server, errors);
          try {
            run.deepLinkWarmServer = await coldDeepLink(c2.page, server);
          } finally {
            await c2.context.close().catch(() => undefined);
          }
        }
      } finally {
        await ctx.context.close().catch(() => undefined);
        await server.close().catch(() => undefined);
      }
      // d
      server = await startWebServer({ dbPath, port: 0, rendererDir });
      ctx = await newPage(browser, server, errors);
      try {
        if (trace) await browser.startTracing(ctx.page, { path: trace.cold, screenshots: false, categories: TRACE_CATEGORIES });
        run.cold = await coldDeepLink(ctx.page, server);
        if (trace) await browser.stopTracing();
      } finally {
        await ctx.context.close().catch(() => undefined);
        await server.close().catch(() => undefined);
      }
      return run;
    };
    for (let i = 1; i <= RUNS; i++) {
      const run = await oneRun(i, null);
      runs.push(run);
      log(
        `run ${i}/${RUNS}: open ${run.open.firstRowsMs} ms (lines.list ${run.open.linesListMs} ms), reopen ${run.reopen.firstRowsMs} ms, cold deep link ${run.cold.coldLoadMs} ms (warm server ${run.deepLinkWarmServer.coldLoadMs} ms), ` +
          `jumps mid ${run.scroll.jumps.middle} / end ${run.scroll.jumps.end} ms, frames p95 ${r1(quantile(run.scroll.frames, 0.95))} ms max ${r1(max(run.scroll.frames))} ms`,
      );
    }
    if (opt.trace) {
      const dir = path.join(BENCH, 'profiles');
      fs.mkdirSync(dir, { recursive: true });
      const trace = {
        open: path.join(dir, `ui-open-${SIZE}.trace.json`),
        cold: path.join(dir, `ui-cold-${SIZE}.trace.json`),
        scroll: path.join(dir, `ui-scroll-${SIZE}.trace.json`),
      };
      const traced = await oneRun('traced', trace);
      traceSummary = {
        note: 'one extra run under a Chromium performance trace (not counted in the figures above)',
        open: {
          firstRowsMs: traced.open.firstRowsMs,
          linesListMs: traced.open.linesListMs,
          file: path.relative(ROOT, trace.open),
          ...summarizeTrace(trace.open, { windowMs: traced.open.firstRowsMs }),
        },
        cold: {
          coldLoadMs: traced.cold.coldLoadMs,
          linesListMs: traced.cold.linesListMs,
          file: path.relative(ROOT, trace.cold),
          ...summarizeTrace(trace.cold, { windowMs: traced.cold.coldLoadMs }),
        },
        scroll: {
          file: path.relative(ROOT, trace.scroll),
          ...frameStats(traced.scroll.frames, traced.scroll.blankFrames),
          longTasks: longTasksOf(trace.scroll, LONG_FRAME_MS),
        },
      };
    }
  } finally {
    await browser.close().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const open = runs.map((r) => r.open.firstRowsMs);
  const frames = runs.flatMap((r) => r.scroll.frames);
  const jumps = runs.flatMap((r) => [r.scroll.jumps.middle, r.scroll.jumps.end]);
  const perSweep = (name) => {
    const all = runs.map((r) => r.scroll.sweeps[name]);
    return {
      p95FrameMs: r1(median(all.map((s) => s.p95FrameMs))),
      maxFrameMs: max(all.map((s) => s.maxFrameMs)),
      longFrames: all.reduce((a, s) => a + s.longFrames, 0),
      frames: all.reduce((a, s) => a + s.frames, 0),
      blankFrames: all.reduce((a, s) => a + s.blankFrames, 0),
      rowsTravelled: median(all.map((s) => s.rowsTravelled)),
    };
  };
  const result = {
    size: SIZE,
    firstRowsMs: median(open),
    firstRowsMsMax: max(open),
    firstRowsMsMin: Math.min(...open),
    target: { firstRowsMs: TARGET_MS, met: median(open) <= TARGET_MS && max(open) <= TARGET_MS, metByMedian: median(open) <= TARGET_MS },
    measured: 'click on Open (Workspace screen, loaded and idle) → first invoice row painted, fresh browser bridge and browser context per run',
    reopenMs: median(runs.map((r) => r.reopen.firstRowsMs)),
    reopenMsMax: max(runs.map((r) => r.reopen.firstRowsMs)),
    coldDeepLinkMs: median(runs.map((r) => r.cold.coldLoadMs)),
    coldDeepLinkMsMax: max(runs.map((r) => r.cold.coldLoadMs)),
    deepLinkWarmServerMs: median(runs.map((r) => r.deepLinkWarmServer.coldLoadMs)),
    deepLinkWarmServerMsMax: max(runs.map((r) => r.deepLinkWarmServer.coldLoadMs)),
    breakdown: {
      note: 'medians over runs; lines.list = request sent → last byte (server work + transfer on localhost)',
      open: openMedians(runs, 'open'),
      reopen: openMedians(runs, 'reopen'),
      cold: {
        overviewStartMs: median(runs.map((r) => r.cold.calls.find((c) => c.method === 'workspace.overview')?.start)),
        overviewMs: median(runs.map((r) => r.cold.calls.find((c) => c.method === 'workspace.overview')?.ms)),
        scriptLoadedMs: median(runs.map((r) => r.cold.scriptLoadedMs)),
        domContentLoadedMs: median(runs.map((r) => r.cold.domContentLoadedMs)),
        linesListStartMs: median(runs.map((r) => r.cold.linesListStartMs)),
        linesListMs: median(runs.map((r) => r.cold.linesListMs)),
        responseToPaintMs: median(runs.map((r) => r.cold.responseToPaintMs)),
      },
    },
    scroll: {
      ...frameStats(frames),
      longFrameMs: LONG_FRAME_MS,
      blankFrames: runs.reduce((a, r) => a + r.scroll.blankFrames, 0),
      longTasks: runs.reduce((a, r) => a + r.scroll.longTasks.length, 0),
      maxLongTaskMs: r1(max(runs.flatMap((r) => r.scroll.longTasks))),
      sweeps: {
        fastFromTop: perSweep('fastFromTop'),
        fastFromMiddle: perSweep('fastFromMiddle'),
        steadyUp: perSweep('steadyUp'),
        mouseWheelDown: perSweep('mouseWheelDown'),
      },
      note:
        'fast = scrollTop += one viewport every 16 ms for 3 s; steadyUp = scrollTop -= 100 px every 16 ms for 3 s; mouseWheelDown = CDP mouse wheel, 100 px notches about every 16 ms for 3 s; ' +
        'frames pooled over all runs; long frame > 50 ms; blank = a frame after which the viewport still showed placeholder rows',
    },
    jumpRowsMs: median(jumps),
    jumpRowsMsMax: max(jumps),
    jumps: {
      middle: median(runs.map((r) => r.scroll.jumps.middle)),
      end: median(runs.map((r) => r.scroll.jumps.end)),
      afterFastSweep: median(runs.map((r) => r.scroll.jumps.afterFastSweep)),
    },
    runs: runs.map((r) => ({
      run: r.run,
      firstRowsMs: r.open.firstRowsMs,
      firstRowsDomMs: r.open.firstRowsDomMs,
      open: { clickToRequestMs: r.open.clickToRequestMs, linesListMs: r.open.linesListMs, responseToPaintMs: r.open.responseToPaintMs, calls: r.open.calls },
      reopenMs: r.reopen.firstRowsMs,
      reopen: { linesListMs: r.reopen.linesListMs, calls: r.reopen.calls },
      coldDeepLinkMs: r.cold.coldLoadMs,
      cold: { ...r.cold },
      deepLinkWarmServerMs: r.deepLinkWarmServer.coldLoadMs,
      deepLinkWarmServer: { ...r.deepLinkWarmServer },
      scroll: {
        ...frameStats(r.scroll.frames, r.scroll.blankFrames),
        sweeps: r.scroll.sweeps,
        jumps: r.scroll.jumps,
        jumpDetail: r.scroll.jumpDetail,
        lastRowShown: r.scroll.lastRowShown,
        longTasks: r.scroll.longTasks.length,
      },
    })),
    ...(traceSummary ? { trace: traceSummary } : {}),
    errors: [...new Set(errors)].slice(0, 20),
    environment: {
      workspace: { file: path.relative(ROOT, cached), bytes: manifest.bytes, builtAt: manifest.builtAt },
      build,
      chromium: `${chromiumVersion} (${opt.chromium}, ${CHROMIUM_ARGS.join(' ')})`,
      viewport: '1440×900',
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      loadAvgBefore: loadBefore.map((x) => r1(x)),
      loadAvgAfter: os.loadavg().map((x) => r1(x)),
      wallS: Math.round((Date.now() - started) / 1000),
    },
    generatedAt: new Date().toISOString(),
  };
  fs.writeFileSync(opt.out, JSON.stringify(result, null, 2) + '\n');
  printTable(result);
  log(`\nwritten ${path.relative(process.cwd(), opt.out)}`);
  if (result.errors.length) log(`page errors: ${result.errors.join(' | ')}`);
}

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'blink',
  'blink.user_timing',
  'loading',
  'latencyInfo',
  'toplevel',
];

function printTable(r) {
  const f = (x) => (x === null || x === undefined ? '—' : `${Math.round(x)} ms`);
  const rows = [
    ['measure', 'median', 'max', 'note'],
    [
      'first rows (click Open → rows painted)',
      f(r.firstRowsMs),
      f(r.firstRowsMsMax),
      `target ≤ ${TARGET_MS} ms: ${r.target.met ? 'met' : r.target.metByMedian ? 'met by the median only' : 'MISSED'}`,
    ],
    [
      '  of which lines.list (server)',
      f(r.breakdown.open.linesListMs),
      '',
      `click → request ${f(r.breakdown.open.clickToRequestMs)}, response → paint ${f(r.breakdown.open.responseToPaintMs)}`,
    ],
    ['reopen (warm server and page)', f(r.reopenMs), f(r.reopenMsMax), `lines.list ${f(r.breakdown.reopen.linesListMs)}`],
    [
      'cold deep link (navigation → rows)',
      f(r.coldDeepLinkMs),
      f(r.coldDeepLinkMsMax),
      `script ${f(r.breakdown.cold.scriptLoadedMs)}, DCL ${f(r.breakdown.cold.domContentLoadedMs)}, overview ${f(r.breakdown.cold.overviewStartMs)} +${f(r.breakdown.cold.overviewMs)}, lines.list ${f(r.breakdown.cold.linesListStartMs)} +${f(r.breakdown.cold.linesListMs)}`,
    ],
    ['deep link, warm server (new page)', f(r.deepLinkWarmServerMs), f(r.deepLinkWarmServerMsMax), 'the browser side of the cold start'],
    [
      'jump → rows (middle, end)',
      f(r.jumpRowsMs),
      f(r.jumpRowsMsMax),
      `middle ${f(r.jumps.middle)} (request sent at ${f(r.jumps.middleRequestSentAfterMs)}, ${f(r.jumps.middleRequestMs)}), end ${f(r.jumps.end)} (request ${f(r.jumps.endRequestMs)})`,
    ],
    [
      'scroll frames p95 / max',
      f(r.scroll.p95FrameMs),
      f(r.scroll.maxFrameMs),
      `${r.scroll.frames} frames, ${r.scroll.longFrames} > ${LONG_FRAME_MS} ms, ${r.scroll.blankFrames} with blank rows`,
    ],
  ];
  for (const [name, s] of Object.entries(r.scroll.sweeps)) {
    rows.push([
      `  ${name}`,
      f(s.p95FrameMs),
      f(s.maxFrameMs),
      `${s.frames} frames, ${s.longFrames} long, ${s.blankFrames} blank, ~${s.rowsTravelled} rows/sweep`,
    ]);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  console.log(
    `\nSlicewise UI, ${r.size.toLocaleString('en-US')} invoice lines, ${r.runs.length} runs (Chromium ${r.environment.chromium.split(' ')[0]}, load avg ${r.environment.loadAvgBefore.join(' ')})`,
  );
  for (const [i, row] of rows.entries()) {
    console.log(row.map((c, j) => (j === 1 || j === 2 ? String(c).padStart(w[j]) : String(c).padEnd(w[j]))).join('  '));
    if (i === 0) console.log(w.map((n) => '-'.repeat(n)).join('  '));
  }
  if (r.trace) {
    const sc = r.trace.scroll;
    console.log(
      `\ntrace (scroll, ${sc.file}): ${sc.frames} frames, p95 ${f(sc.p95FrameMs)}, ${sc.longFrames} > ${LONG_FRAME_MS} ms; main-thread tasks > ${LONG_FRAME_MS} ms: ${sc.longTasks.count}`,
    );
    for (const t of sc.longTasks.tasks.slice(0, 5)) console.log(`  ${f(t.ms)}: ${t.top.join(', ')}${t.js.length ? ` | JS: ${t.js.join(', ')}` : ''}`);
    for (const k of ['open', 'cold']) {
      const t = r.trace[k];
      console.log(
        `\ntrace (${k}, ${t.file}): window ${f(t.windowMs)} (from ${t.windowFrom}), renderer main thread busy ${f(t.mainBusyMs)}, lines.list ${f(t.linesListMs)}`,
      );
      for (const e of t.top.slice(0, 8)) console.log(`  ${String(Math.round(e.ms)).padStart(6)} ms  ${e.name}`);
      console.log('  JavaScript self time:');
      for (const e of t.jsTop.slice(0, 6)) console.log(`  ${String(Math.round(e.ms)).padStart(6)} ms  ${e.fn}`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
