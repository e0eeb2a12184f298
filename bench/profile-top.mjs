#!/usr/bin/env node
// Summarises a V8 CPU profile (node --cpu-prof): top frames by self time and by total (inclusive)
// time, and self time per source file/package.
//
//   node bench/profile-top.mjs bench/profiles/export-100k.cpuprofile [--top 25] [--json]
import fs from 'node:fs';
import path from 'node:path';

/**
 * esbuild's unminified bundles mark each module with a `// path/to/module.ts` line: a bundle line
 * is mapped back to the module it came from (no source map needed).
 */
const bundleMaps = new Map();
function moduleOf(url, line) {
  if (!url.endsWith('.cjs') && !url.endsWith('.js')) return null;
  let marks = bundleMaps.get(url);
  if (marks === undefined) {
    marks = [];
    try {
      const text = fs.readFileSync(url, 'utf8').split('\n');
      text.forEach((l, i) => {
        const m = /^\/\/ ((?:node_modules\/)?[\w@./-]+\.(?:ts|tsx|js|mjs|cjs|sql))$/.exec(l);
        if (m) marks.push([i, m[1]]);
      });
    } catch {
      /* not readable */
    }
    bundleMaps.set(url, marks);
  }
  if (marks.length < 3) return null;
  let lo = 0;
  let hi = marks.length - 1;
  if (line < marks[0][0]) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (marks[mid][0] <= line) lo = mid;
    else hi = mid - 1;
  }
  return marks[lo][1];
}

export function summarise(file, top = 25) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Self time per node from the samples and their time deltas (µs).
  const self = new Map();
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i + 1] ?? prof.timeDeltas[i] ?? 0;
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
    total += dt;
  }
  const label = (n) => {
    const cf = n.callFrame;
    const url = cf.url ? cf.url.replace(/^file:\/\//, '') : '';
    const mod = url ? moduleOf(url, cf.lineNumber) : null;
    if (mod) return `${cf.functionName || '(anonymous)'} ${mod.replace(/^node_modules\//, '')} (bundle:${cf.lineNumber + 1})`;
    const short = url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13) : url ? path.relative(process.cwd(), url) : '';
    return `${cf.functionName || '(anonymous)'} ${short ? `${short}:${cf.lineNumber + 1}` : ''}`.trim();
  };
  const where = (n) => {
    const url = (n.callFrame.url || '').replace(/^file:\/\//, '');
    const mod = url ? moduleOf(url, n.callFrame.lineNumber) : null;
    if (mod)
      return mod.startsWith('node_modules/')
        ? mod
            .slice(13)
            .split('/')
            .slice(0, mod.slice(13).startsWith('@') ? 2 : 1)
            .join('/')
        : mod;
    if (!url) return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native)';
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1];
    if (url.startsWith('node:')) return 'node:internal';
    return path.relative(process.cwd(), url.replace(/^file:\/\//, ''));
  };
  const selfBy = new Map();
  const totalBy = new Map();
  const fileBy = new Map();
  for (const [id, t] of self) {
    const n = nodes.get(id);
    const l = label(n);
    selfBy.set(l, (selfBy.get(l) ?? 0) + t);
    fileBy.set(where(n), (fileBy.get(where(n)) ?? 0) + t);
    // Inclusive: credit each distinct frame label once up the stack.
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cl = label(nodes.get(cur));
      if (seen.has(cl)) continue;
      seen.add(cl);
      totalBy.set(cl, (totalBy.get(cl) ?? 0) + t);
    }
  }
  const rank = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => ({ frame: k, ms: Math.round(v / 1000), pct: Math.round((1000 * v) / total) / 10 }));
  return { file, totalMs: Math.round(total / 1000), self: rank(selfBy), inclusive: rank(totalBy), byFile: rank(fileBy) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  const ti = args.indexOf('--top');
  const top = ti >= 0 ? Number(args[ti + 1]) : 25;
  const files = args.filter((a, i) => !a.startsWith('--') && (ti < 0 || i !== ti + 1));
  for (const f of files) {
    const s = summarise(f, top);
    if (args.includes('--json')) {
      console.log(JSON.stringify(s, null, 2));
      continue;
    }
    console.log(`\n${f}: ${s.totalMs} ms sampled`);
    for (const [title, list] of [
      ['self time', s.self],
      ['total time (inclusive)', s.inclusive],
      ['self time by file/package', s.byFile],
    ]) {
      console.log(`  -- ${title}`);
      for (const r of list) console.log(`  ${String(r.ms).padStart(7)} ms ${String(r.pct).padStart(5)}%  ${r.frame}`);
    }
  }
}
