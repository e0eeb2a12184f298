// Injected into every page of the UI benchmark (page.addInitScript) before the app's scripts.
// Plain browser JavaScript; all times are performance.now() values (ms since navigation start).
//
//   __uiBench.nav              first invoice row of a page load: { dom, paint } (deep link)
//   __uiBench.armRows(lo, hi)  next time a real row (data-testid=line-row) with an index in
//                              [lo, hi] is in the DOM → promise of { dom, paint }
//   __uiBench.armClick()       timeStamp of the next trusted click (capture phase)
//   __uiBench.sweep(opts)      scroll the table for opts.ms, recording every animation frame
//   __uiBench.startFrames() / stopFrames()   record frames while something else scrolls
//   __uiBench.jump(top)        set scrollTop and time the rows at the new place
(() => {
  const ROW_SELECTOR = '[data-testid="line-row"]';
  const ROW_H = 28;
  const HEADER_H = 36;

  /** "paint": the frame after the DOM change has run its rAF callbacks, then a task: that
   *  frame's paint is done (the usual rAF + postMessage approximation). */
  function afterPaint(cb) {
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => cb(performance.now());
      ch.port2.postMessage(0);
    });
  }

  function rowsIn(lo, hi) {
    for (const el of document.querySelectorAll(ROW_SELECTOR)) {
      const i = Number(el.getAttribute('aria-rowindex')) - 2;
      if (i >= lo && i <= hi) return true;
    }
    return false;
  }

  function armRows(lo, hi) {
    return new Promise((resolve) => {
      const done = () => {
        const dom = performance.now();
        afterPaint((paint) => resolve({ dom, paint }));
      };
      if (rowsIn(lo, hi)) return done();
      const mo = new MutationObserver(() => {
        if (!rowsIn(lo, hi)) return;
        mo.disconnect();
        done();
      });
      mo.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-testid'] });
    });
  }

  const state = { nav: null, click: null, longTasks: [] };
  // The first row of this page load, whatever the route (deep link measure).
  armRows(0, 1e9).then((r) => (state.nav = r));

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, dur: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* no long task API */
  }

  function armClick() {
    state.click = null;
    window.addEventListener('click', (e) => (state.click = e.isTrusted ? e.timeStamp : -1), { capture: true, once: true });
  }

  function scroller() {
    const el = document.querySelector('[data-testid="lines-scroll"]');
    if (!el) throw new Error('no [data-testid=lines-scroll]');
    return el;
  }

  /** Indices of the rows inside the viewport (below the sticky header). */
  function visibleRange(el) {
    const lo = Math.max(0, Math.floor(el.scrollTop / ROW_H));
    const hi = Math.max(lo, Math.floor((el.scrollTop + el.clientHeight - HEADER_H - 1) / ROW_H));
    return [lo, hi];
  }

  /** Rows of the viewport that are placeholders (not loaded yet) and real rows. */
  function visibleRows(el) {
    const [lo, hi] = visibleRange(el);
    let rows = 0;
    let blanks = 0;
    for (const r of el.querySelectorAll('.vrow')) {
      const i = Number(r.getAttribute('aria-rowindex')) - 2;
      if (i < lo || i > hi) continue;
      if (r.classList.contains('placeholder')) blanks++;
      else rows++;
    }
    // Rows of the range that have no element at all (the virtualizer has not caught up).
    const missing = Math.max(0, hi - lo + 1 - rows - blanks);
    return { rows, blanks: blanks + missing };
  }

  /**
   * Records every animation frame until stopFrames(): its duration (time since the previous
   * frame) and whether the viewport showed placeholder rows. The placeholder check runs in a
   * task after the frame (layout is clean then), so the recorder adds no forced layout to the
   * frames it measures.
   */
  let rec = null;
  function startFrames() {
    const el = scroller();
    const r = {
      frames: [],
      blankFrames: 0,
      checked: 0,
      last: null,
      running: true,
      ltFrom: state.longTasks.length,
      t0: performance.now(),
      fromTop: el.scrollTop,
    };
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      r.checked++;
      if (visibleRows(el).blanks > 0) r.blankFrames++;
    };
    const tick = (now) => {
      if (r.last !== null) r.frames.push(now - r.last);
      r.last = now;
      ch.port2.postMessage(0);
      if (r.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    rec = r;
  }

  function stopFrames() {
    const r = rec;
    const el = scroller();
    r.running = false;
    return new Promise((resolve) => {
      // One more frame so the last input's work is counted.
      requestAnimationFrame((now) => {
        if (r.last !== null) r.frames.push(now - r.last);
        resolve({
          ms: performance.now() - r.t0,
          fromTop: r.fromTop,
          toTop: el.scrollTop,
          rowsTravelled: Math.round((el.scrollTop - r.fromTop) / ROW_H),
          frames: r.frames,
          blankFrames: r.blankFrames,
          checkedFrames: r.checked,
          longTasks: state.longTasks.slice(r.ltFrom).map((t) => t.dur),
        });
      });
    });
  }

  /**
   * Scrolls the table programmatically: every `everyMs`, scrollTop += step (px; 'viewport' =
   * clientHeight) for `ms`, recording the frames. (Setting scrollTop makes the main thread lay
   * out at once, which a wheel scrolled by the compositor does not: a pessimistic driver.)
   */
  function sweep({ ms = 3000, step = 'viewport', everyMs = 16 } = {}) {
    const el = scroller();
    const px = step === 'viewport' ? el.clientHeight : step;
    let pos = el.scrollTop;
    startFrames();
    return new Promise((resolve) => {
      const timer = setInterval(() => {
        pos += px;
        el.scrollTop = pos;
      }, everyMs);
      setTimeout(() => {
        clearInterval(timer);
        resolve(stopFrames());
      }, ms);
    });
  }

  /** Sets scrollTop (a number, or 'end') and resolves when real rows show at the new place. */
  async function jump(top) {
    const el = scroller();
    const target = top === 'end' ? el.scrollHeight - el.clientHeight : top;
    // Where the viewport will be (scrollTop is clamped by the browser).
    const clamped = Math.max(0, Math.min(target, el.scrollHeight - el.clientHeight));
    const lo = Math.floor(clamped / ROW_H);
    const hi = lo + Math.max(1, Math.floor((el.clientHeight - HEADER_H) / ROW_H)) - 1;
    const armed = armRows(lo, hi);
    const t0 = performance.now();
    el.scrollTop = target;
    const r = await armed;
    const view = visibleRows(el);
    const rows = [...document.querySelectorAll(ROW_SELECTOR)].map((x) => Number(x.getAttribute('aria-rowindex')) - 2);
    // The page request this jump made (if any): when it was sent and how long it took.
    const req = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('/api/call/lines.list') && e.startTime >= t0)
      .map((e) => ({ sentAfterMs: e.startTime - t0, ms: e.responseEnd - e.startTime, endAfterMs: e.responseEnd - t0 }));
    return { t0, dom: r.dom - t0, paint: r.paint - t0, range: [lo, hi], view, maxRow: Math.max(...rows), requests: req };
  }

  window.__uiBench = { state, armRows, armClick, sweep, startFrames, stopFrames, jump, visibleRows: () => visibleRows(scroller()) };
})();
