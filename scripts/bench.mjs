#!/usr/bin/env node
// `npm run bench`: Slicewise at scale (issue #5).
//
// For each size (usage CSV data rows): generates the data set once (bench/gen.mjs, seeded,
// reused), loads the same CSV with Debian's sqlite3 (`sqlite3 :memory: ".import --csv FILE t"`)
// as the reference for raw loading, then runs, each in its own Node process on a fresh workspace
// file: setup (catalog + credits), import of the usage CSV, import of the provider invoice (when
// generated), rating + reconciliation (`rate.run`), reconciliation alone (`reconcile.run`), the
// first page of lines (`lines.list`) and the workbook export (`export.workbook`). Every phase goes
// through dispatch() with the CLI's call context, like `slicewise` does.
//
// Wall time, rows per second and peak memory (the child's RSS high-water mark,
// VmHWM, bench/phase.ts) go to bench/results.json and a table on stdout. The figures are
// checked against what the generator knows a correct rating finds (line count, subtotals, statuses).
//
//   node scripts/bench.mjs [--sizes 10k,100k,1M] [--quick] [--seed N] [--profile] [--keep]
//     --sizes    sizes to run (default 10k,100k,1M); --size is the same. From 10M on the data is
//                generated in the temporary directory and deleted after the run (unless --keep)
//     --quick    10k only, unless --sizes is given (a smoke run, well under a minute)
//     --seed     generator seed (default 1)
//     --profile  run every Node phase under --cpu-prof (profiles in bench/profiles/); timings of a
//                profiled run are marked as such and do not replace bench/results.json
//     --keep     keep the workspaces and workbooks in bench/data/ (default: removed at the end)
//     --only     comma-separated phases to run (setup is implied), e.g. --only import,rate;
//                phase `ui` is the UI benchmark (bench/ui.mjs, Chromium), run after the sizes
//     --skip     comma-separated phases not to run, e.g. --skip export
//     --patch    what-if: apply source patches of bench/experiments/patches.mjs in memory when
//                bundling (e.g. --patch cache64); results go to a separate file
//     --no-disk-reference  skip the second, like-for-like sqlite3 reference (on disk, indexed)
//     --timeout  seconds a phase may run before it is killed and reported as a miss (default 900)
//     --report   run nothing: re-print the table of the results file, with the current
//                bench/ui-results.json, and update that file's UI row and targets
//     --out      results file (default bench/results.json for a full run; results.quick.json,
//                results.partial.json, results.profiled.json, results.patched-*.json otherwise)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, parseSize, sizeLabel } from '../bench/gen.mjs';
import { patchPlugin } from '../bench/experiments/patches.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = path.join(ROOT, 'bench');
const DATA = path.join(BENCH, 'data');
const BUILD = path.join(BENCH, '.build');
const PROFILES = path.join(BENCH, 'profiles');

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes('--quick');
const profile = argv.includes('--profile');
const keep = argv.includes('--keep');
const seed = Number(opt('--seed') ?? 1);
const sizes = (opt('--sizes') ?? opt('--size') ?? (quick ? '10k' : '10k,100k,1M')).split(',').map(parseSize);
/** From this size on, the data (≈1.2 GB of CSV for 10M) goes to the temporary directory and is deleted after the run (unless --keep). */
const HUGE = 10_000_000;
const dataDir = (size) => (size >= HUGE ? path.join(os.tmpdir(), 'slicewise-bench') : DATA);
const only = opt('--only') ? new Set(opt('--only').split(',')) : null;
const skip = new Set((opt('--skip') ?? '').split(',').filter(Boolean));
const patches = (opt('--patch') ?? '').split(',').filter(Boolean);
const phaseTimeoutMs = Number(opt('--timeout') ?? 900) * 1000;
// bench/results.json holds full runs only; partial, profiled and patched runs go next to it
// (git-ignored) so that a quick check never overwrites the reference figures.
const partial = quick || opt('--sizes') !== undefined || opt('--size') !== undefined || only !== null || skip.size > 0;
const resultsFile = path.resolve(
  opt('--out') ??
    path.join(
      BENCH,
      patches.length
        ? `results.patched-${patches.join('+')}.json`
        : profile
          ? 'results.profiled.json'
          : quick
            ? 'results.quick.json'
            : partial
              ? 'results.partial.json'
              : 'results.json',
    ),
);

/** Targets of issues #5 and #12 (2 cores). Shown, never asserted. */
const TARGETS = {
  importVsSqlite: 2, // × sqlite3 :memory: .import, for 1M rows
  importRssMB: 300,
  rateVsSqlAggregate: 2.5, // rate + reconcile of the 1M month, × one sqlite3 aggregation pass
  exportMs: 5000, // workbook of the 100k case
  exportRssMB: 300,
  exportBigMs: 25_000, // workbook with a 1M-row Details sheet
  hugeRssMB: 500, // every phase of a 10M-interval month
  uiFirstRowsMs: 1000,
};

// ---------------------------------------------------------------------------------------------
// Helpers

async function bundlePhase() {
  const { build } = await import('esbuild');
  fs.mkdirSync(BUILD, { recursive: true });
  const outfile = path.join(BUILD, patches.length ? `phase-${patches.join('+')}.cjs` : 'phase.cjs');
  await build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(BENCH, 'phase.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    keepNames: true, // readable frames in CPU profiles
    loader: { '.sql': 'text' },
    external: ['better-sqlite3', 'exceljs'],
    logLevel: 'warning',
    plugins: patches.length ? [patchPlugin(patches)] : [],
  });
  return outfile;
}

function runPhase(script, args, label) {
  return new Promise((resolve) => {
    const nodeArgs = [];
    if (profile) {
      fs.mkdirSync(PROFILES, { recursive: true });
      nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${PROFILES}`, `--cpu-prof-name=${label}.cpuprofile`);
    }
    nodeArgs.push(script, JSON.stringify(args));
    const started = performance.now();
    // Writes must name their author (docs/audit.md): the phases name the bench unless told otherwise.
    const env = { ...process.env, SLICEWISE_ACTOR: process.env.SLICEWISE_ACTOR || 'bench' };
    const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = null;
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => {
      // Peak memory so far, from the kernel, before the kill.
      let hwm = null;
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) hwm = Number(m[1]) / 1024;
      } catch {
        /* not Linux */
      }
      timedOut = { ms: performance.now() - started, maxRssMB: hwm };
      child.kill('SIGKILL');
    }, phaseTimeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const line = out.trim().split('\n').pop() ?? '';
      let r;
      if (timedOut) {
        resolve({ error: `timeout: killed after ${fmtS(timedOut.ms)}`, timedOut: true, ms: timedOut.ms, maxRssMB: timedOut.maxRssMB, processWallMs: wallMs });
        return;
      }
      try {
        r = JSON.parse(line);
      } catch {
        r = { error: `phase ${args.phase} exited ${code ?? signal}: ${(err || out).trim().split('\n').slice(-5).join(' | ')}` };
      }
      if (code !== 0 && !r.error) r.error = `exit ${code ?? signal}`;
      if (r.error && /heap out of memory|Allocation failed/i.test(err)) r.error = `out of memory: ${r.error}`;
      resolve({ ...r, processWallMs: wallMs });
    });
  });
}

function sqliteReference(csv) {
  // Warm the page cache so that neither side pays for the first read of the file.
  spawnSync('cat', [csv], { stdio: ['ignore', 'ignore', 'ignore'] });
  const hasTime = fs.existsSync('/usr/bin/time');
  const cmd = hasTime ? '/usr/bin/time' : 'sqlite3';
  const args = hasTime ? ['-f', 'TIME %e %M %U %S', 'sqlite3', ':memory:', `.import --csv ${csv} t`] : [':memory:', `.import --csv ${csv} t`];
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  const ms = performance.now() - t0;
  if (r.error) return { error: `sqlite3 not available: ${r.error.message}` };
  if (r.status !== 0) return { error: `sqlite3 failed: ${(r.stderr || '').trim().slice(0, 300)}` };
  const m = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return { ms, maxRssMB: m ? Number(m[2]) / 1024 : null, cpuMs: m ? (Number(m[3]) + Number(m[4])) * 1000 : null };
}

/**
 * The rating's reference: one sqlite3 pass that aggregates the same rows as the rating, per item
 * and price item, with julianday durations (no rule of the rating: no started seconds, no slices,
 * no period cut). The CSV is loaded into :memory: first; only the aggregating SELECT is timed
 * (sqlite3's own `.timer`), so that the figure is the pass alone.
 */
const SQL_AGGREGATE =
  'SELECT count(*), sum(n), sum(seconds) FROM (SELECT item_id, price_id, count(*) AS n, count(DISTINCT instance_id) AS instances, ' +
  'sum((julianday(consumption_end) - julianday(consumption_start)) * 86400.0) AS seconds, min(consumption_start), max(consumption_end) ' +
  "FROM t WHERE item_type IN ('uptime', 'build') GROUP BY item_id, price_id)";

function sqliteAggregateReference(csv) {
  // On stdin: sqlite3 3.40 prints no timer for statements given as arguments.
  const input = `.import --csv ${csv} t\n.timer on\n${SQL_AGGREGATE};\n`;
  const r = spawnSync('sqlite3', [':memory:'], { input, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.error) return { error: `sqlite3 not available: ${r.error.message}` };
  if (r.status !== 0) return { error: `sqlite3 failed: ${(r.stderr || '').trim().slice(0, 300)}` };
  const m = /Run Time: real ([\d.]+) user ([\d.]+) sys ([\d.]+)/.exec(r.stdout);
  if (!m) return { error: `no timing in sqlite3's output: ${r.stdout.slice(0, 200)}` };
  const [groups, rows] = r.stdout.split('\n')[0].split('|').map(Number);
  return { ms: Number(m[1]) * 1000, cpuMs: (Number(m[2]) + Number(m[3])) * 1000, groups, rows };
}

/**
 * A second, like-for-like reference: sqlite3 loading the same CSV into an on-disk WAL database
 * with indexes shaped like usage_intervals' three (owner+start, a low-cardinality column standing
 * for batch_id, owner+item+start), in one transaction, as the import must.
 */
function sqliteDiskReference(csv) {
  const db = path.join(path.dirname(csv), `sqlite-reference-${process.pid}.db`);
  const clean = () => ['', '-wal', '-shm'].forEach((s) => fs.rmSync(db + s, { force: true }));
  clean();
  const head = Buffer.alloc(4096);
  const fd = fs.openSync(csv, 'r');
  const n = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const header = head.subarray(0, n).toString('utf8').split('\n')[0].trim();
  const cols = header
    .split(',')
    .map((c) => `"${c}"`)
    .join(', ');
  const hasTime = fs.existsSync('/usr/bin/time');
  const sql = [
    'PRAGMA journal_mode=WAL;',
    `CREATE TABLE t(${cols});`,
    'CREATE INDEX t_owner_time ON t(owner_id, consumption_start);',
    'CREATE INDEX t_kind ON t(item_type);',
    'CREATE INDEX t_item ON t(owner_id, item_id, consumption_start);',
    `.import --csv --skip 1 ${csv} t`,
  ];
  const t0 = performance.now();
  const r = spawnSync(hasTime ? '/usr/bin/time' : 'sqlite3', hasTime ? ['-f', 'TIME %e %M %U %S', 'sqlite3', db, ...sql] : [db, ...sql], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  clean();
  if (r.error || r.status !== 0) return { error: `sqlite3 failed: ${(r.error?.message ?? r.stderr ?? '').trim().slice(0, 300)}` };
  const m = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return { ms, maxRssMB: m ? Number(m[2]) / 1024 : null, cpuMs: m ? (Number(m[3]) + Number(m[4])) * 1000 : null };
}

function removeWorkspace(file) {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

/**
 * The UI's first rows (bench/ui.mjs, Chromium): part of a full run, and of a partial one that asks
 * for phase `ui`; skipped with a note when Chromium is not installed (its last figures are shown).
 */
function runUiBench() {
  const wanted = only ? only.has('ui') : !skip.has('ui') && !partial;
  if (!wanted || profile || patches.length) return;
  const chromium = process.env.SLICEWISE_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    console.log(`\nUI benchmark skipped: no Chromium at ${chromium} (apt-get install -y chromium); the table shows the last bench/ui-results.json`);
    return;
  }
  console.log('\nUI: first rows of an invoice of 100,000 lines (node bench/ui.mjs)');
  const r = spawnSync(process.execPath, [path.join(BENCH, 'ui.mjs')], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) console.log(`UI benchmark failed (exit ${r.status}); the table shows the last bench/ui-results.json`);
}

function uiResults() {
  const f = path.join(BENCH, 'ui-results.json');
  if (!fs.existsSync(f)) return null;
  try {
    return JSON.parse(fs.readFileSync(f, 'utf8'));
  } catch (e) {
    return { error: `bench/ui-results.json: ${e.message}` };
  }
}

const fmtS = (ms) => (ms === undefined || ms === null ? '—' : ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`);
const fmtMB = (mb) => (mb === undefined || mb === null ? '—' : `${Math.round(mb)} MB`);
/** The CPU-time ratio of a phase to a reference, when both are known (a busy machine stretches wall times, less CPU times). */
const cpuRatio = (p, ref) => (p.cpuMs && ref?.cpuMs ? ` (CPU ${(p.cpuMs / ref.cpuMs).toFixed(2)} ×)` : '');
const fmtRate = (rows, ms) => (rows && ms ? `${Math.round(rows / (ms / 1000)).toLocaleString('en-US')}/s` : '—');

// ---------------------------------------------------------------------------------------------
// Run

async function benchSize(script, size) {
  const label = sizeLabel(size);
  process.stderr.write(`\n[${label}] data… `);
  const data = dataDir(size);
  const manifest = generate({ size, seed, out: data });
  process.stderr.write(manifest.reused ? 'reused\n' : `generated in ${(manifest.generatedInMs / 1000).toFixed(1)} s\n`);
  const res = {
    size,
    label,
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
    files: manifest.files,
    bytes: manifest.bytes,
    rows: manifest.rows,
    expected: manifest.expected,
    phases: {},
    checks: [],
  };
  const want = (p) => !only || only.has(p);

  if (want('sqlite') || want('import')) {
    process.stderr.write(`[${label}] sqlite3 .import… `);
    res.sqlite = sqliteReference(manifest.files.usage);
    process.stderr.write(`${res.sqlite.error ?? fmtS(res.sqlite.ms)}\n`);
    if (!argv.includes('--no-disk-reference')) {
      process.stderr.write(`[${label}] sqlite3 .import on disk, indexed… `);
      res.sqliteDisk = sqliteDiskReference(manifest.files.usage);
      process.stderr.write(`${res.sqliteDisk.error ?? fmtS(res.sqliteDisk.ms)}\n`);
    }
  }

  if (want('sqlite') || want('rate')) {
    process.stderr.write(`[${label}] sqlite3 aggregation pass… `);
    res.sqliteAggregate = sqliteAggregateReference(manifest.files.usage);
    process.stderr.write(`${res.sqliteAggregate.error ?? fmtS(res.sqliteAggregate.ms)}\n`);
  }

  const db = path.join(data, `work-${label}-s${seed}.sqlite`);
  const xlsx = path.join(data, `out-${label}-s${seed}.xlsx`);
  removeWorkspace(db);
  fs.rmSync(xlsx, { force: true });
  const common = { db, period: manifest.period, ownerId: manifest.ownerId };
  const steps = [
    ['setup', { ...common, phase: 'setup', files: [manifest.files.catalog, manifest.files.credits] }],
    ['import', { ...common, phase: 'import', files: [manifest.files.usage] }],
    ...(manifest.files.invoice ? [['importInvoice', { ...common, phase: 'import', files: [manifest.files.invoice] }]] : []),
    ['rate', { ...common, phase: 'rate' }],
    ['reconcile', { ...common, phase: 'reconcile' }],
    ['lines', { ...common, phase: 'lines' }],
    ['export', { ...common, phase: 'export', out: xlsx }],
  ];
  for (const [name, args] of steps) {
    // With --only, the phases a requested one depends on run too (each needs the workspace state).
    const later = {
      setup: ['import', 'rate', 'reconcile', 'lines', 'export'],
      import: ['import', 'rate', 'reconcile', 'lines', 'export'],
      importInvoice: ['import', 'rate', 'reconcile', 'lines', 'export'],
      rate: ['rate', 'reconcile', 'lines', 'export'],
    };
    const runIt = !only || want(name) || (later[name] ?? []).some((p) => only.has(p));
    if (!runIt || skip.has(name)) continue;
    process.stderr.write(`[${label}] ${name}… `);
    const r = await runPhase(script, args, `${name}-${label}`);
    res.phases[name] = r;
    process.stderr.write(r.error ? `FAILED: ${r.error}\n` : `${fmtS(r.ms)}, ${fmtMB(r.maxRssMB)}\n`);
    if (r.error && ['setup', 'import', 'rate'].includes(name)) break;
  }

  // Correctness at scale: what the generator knows.
  const imp = res.phases.import;
  if (imp?.tables) {
    const n = imp.tables.usage_intervals + imp.tables.usage_countables + imp.tables.usage_classic;
    res.checks.push({ what: 'rows imported', expected: size, got: n, ok: n === size });
  }
  const rate = res.phases.rate?.value?.rated?.[0];
  if (rate) res.checks.push({ what: 'rated lines', expected: manifest.expected.ratedLines, got: rate.lines, ok: rate.lines === manifest.expected.ratedLines });
  const summary = res.phases.reconcile?.value?.summaries?.find((s) => s.ownerId === manifest.ownerId);
  if (summary) {
    res.checks.push({
      what: 'subtotal per second',
      expected: manifest.expected.subtotalPerSecond,
      got: summary.subtotalPerSecond,
      ok: summary.subtotalPerSecond === manifest.expected.subtotalPerSecond,
    });
    res.checks.push({
      what: 'subtotal 10-min slices',
      expected: manifest.expected.subtotalLegacy,
      got: summary.subtotalLegacy,
      ok: summary.subtotalLegacy === manifest.expected.subtotalLegacy,
    });
    const exp = manifest.expected.statusCounts;
    const got = summary.counts ?? {};
    const same = Object.keys(exp).every((k) => (got[k] ?? 0) === exp[k]);
    res.checks.push({ what: 'status counts', expected: exp, got, ok: same });
    if (manifest.expected.invoice)
      res.checks.push({
        what: 'billed total',
        expected: manifest.expected.invoice.billedTotal,
        got: summary.billedTotal,
        ok: summary.billedTotal === manifest.expected.invoice.billedTotal,
      });
  }
  if (res.phases.export?.value) res.exportFileBytes = res.phases.export.fileBytes;
  if (!keep) {
    removeWorkspace(db);
    fs.rmSync(xlsx, { force: true });
    if (size >= HUGE) fs.rmSync(data, { recursive: true, force: true });
  }
  return res;
}

function verdicts(results, ui) {
  const out = [];
  const find = (n) => results.find((r) => r.size === n);
  const big = find(1_000_000);
  const mid = find(100_000);
  if (big?.phases.import && big.sqlite?.ms) {
    const ratio = big.phases.import.ms / big.sqlite.ms;
    const disk = big.sqliteDisk?.ms
      ? `; ${(big.phases.import.ms / big.sqliteDisk.ms).toFixed(2)} × sqlite3 on disk with indexes (${fmtS(big.sqliteDisk.ms)})`
      : '';
    out.push({
      target: `import 1M ≤ ${TARGETS.importVsSqlite} × sqlite3 :memory: .import`,
      measured: `${ratio.toFixed(2)} × (${fmtS(big.phases.import.ms)} vs ${fmtS(big.sqlite.ms)})${cpuRatio(big.phases.import, big.sqlite)}${disk}`,
      met: !big.phases.import.error && ratio <= TARGETS.importVsSqlite,
    });
    out.push({
      target: `import 1M peak memory < ${TARGETS.importRssMB} MB`,
      measured: fmtMB(big.phases.import.maxRssMB),
      met: !big.phases.import.error && big.phases.import.maxRssMB < TARGETS.importRssMB,
    });
  } else out.push({ target: 'import 1M (ratio, memory)', measured: 'not run', met: null });
  if (big?.phases.rate && big.sqliteAggregate?.ms) {
    const p = big.phases.rate;
    const ratio = p.ms / big.sqliteAggregate.ms;
    out.push({
      target: `rate + reconcile 1M ≤ ${TARGETS.rateVsSqlAggregate} × one sqlite3 aggregation pass`,
      measured: p.error
        ? `failed: ${p.error}`
        : `${ratio.toFixed(2)} × (${fmtS(p.ms)} vs ${fmtS(big.sqliteAggregate.ms)})${cpuRatio(p, big.sqliteAggregate)}, ${fmtMB(p.maxRssMB)}`,
      met: !p.error && ratio <= TARGETS.rateVsSqlAggregate,
    });
  } else out.push({ target: 'rate + reconcile 1M (ratio)', measured: 'not run', met: null });
  if (mid?.phases.export) {
    const e = mid.phases.export;
    out.push({
      target: `export 100k ≤ ${TARGETS.exportMs / 1000} s and < ${TARGETS.exportRssMB} MB`,
      measured: e.error ? `failed: ${e.error}` : `${fmtS(e.ms)}, ${fmtMB(e.maxRssMB)}`,
      met: !e.error && e.ms <= TARGETS.exportMs && e.maxRssMB < TARGETS.exportRssMB,
    });
  } else out.push({ target: 'export 100k', measured: 'not run', met: null });
  if (big?.phases.export) {
    const e = big.phases.export;
    out.push({
      target: `export with a 1M-row Details sheet ≤ ${TARGETS.exportBigMs / 1000} s and < ${TARGETS.exportRssMB} MB`,
      measured: e.error ? `failed: ${e.error}` : `${fmtS(e.ms)}, ${fmtMB(e.maxRssMB)}`,
      met: !e.error && e.ms <= TARGETS.exportBigMs && e.maxRssMB < TARGETS.exportRssMB,
    });
  } else out.push({ target: '1M-row Details export', measured: 'not run', met: null });
  const huge = results.find((r) => r.size >= 10_000_000);
  if (huge) {
    const ran = ['import', 'rate', 'export'].map((n) => [n, huge.phases[n]]);
    const peak = Math.max(...ran.map(([, p]) => p?.maxRssMB ?? Infinity));
    out.push({
      target: `${huge.label} month: import, rate and export with peak memory < ${TARGETS.hugeRssMB} MB`,
      measured: ran.map(([n, p]) => (p ? `${n} ${p.error ? `failed: ${p.error}` : `${fmtS(p.ms)}, ${fmtMB(p.maxRssMB)}`}` : `${n} not run`)).join('; '),
      met: ran.every(([, p]) => p && !p.error) && peak < TARGETS.hugeRssMB,
    });
  }
  const uiMs = ui && (ui.firstRowsMs ?? ui.ms ?? ui.firstRows?.ms);
  out.push({
    target: `UI first rows ≤ ${TARGETS.uiFirstRowsMs / 1000} s (bench/ui-results.json)`,
    measured: ui
      ? uiMs !== undefined
        ? `${fmtS(uiMs)}${ui.size ? ` (invoice of ${Number(ui.size).toLocaleString('en-US')} lines, bench/ui.mjs)` : ''}`
        : JSON.stringify(ui).slice(0, 80)
      : 'placeholder: bench/ui-results.json not present (measured by the UI engineer)',
    met: typeof uiMs === 'number' ? uiMs <= TARGETS.uiFirstRowsMs : null,
  });
  return out;
}

function printTable(results, targets) {
  const rows = [['size', 'phase', 'wall', 'CPU', 'rows/s', 'peak RSS', 'note']];
  for (const r of results) {
    if (r.sqlite)
      rows.push([
        r.label,
        'sqlite3 :memory: .import (reference)',
        fmtS(r.sqlite.ms),
        fmtS(r.sqlite.cpuMs),
        fmtRate(r.size, r.sqlite.ms),
        fmtMB(r.sqlite.maxRssMB),
        r.sqlite.error ?? "the issue's reference: no index, no disk",
      ]);
    if (r.sqliteAggregate)
      rows.push([
        r.label,
        'sqlite3 aggregation pass (reference)',
        fmtS(r.sqliteAggregate.ms),
        fmtS(r.sqliteAggregate.cpuMs),
        fmtRate(r.size, r.sqliteAggregate.ms),
        '',
        r.sqliteAggregate.error ?? "the rating's reference: GROUP BY item, price item; julianday durations",
      ]);
    if (r.sqliteDisk)
      rows.push([
        r.label,
        'sqlite3 .import on disk, 3 indexes',
        fmtS(r.sqliteDisk.ms),
        fmtS(r.sqliteDisk.cpuMs),
        fmtRate(r.size, r.sqliteDisk.ms),
        fmtMB(r.sqliteDisk.maxRssMB),
        r.sqliteDisk.error ?? 'like for like: WAL file, indexes like usage_intervals',
      ]);
    for (const [name, p] of Object.entries(r.phases)) {
      const rowsOf = {
        import: r.size,
        importInvoice: r.expected.invoice?.details,
        rate: r.rows.intervals,
        reconcile: r.expected.ratedLines,
        export: r.rows.intervals,
      }[name];
      let note = p.error ? `ERROR ${p.error.slice(0, 70)}` : '';
      if (!p.error && name === 'import' && r.sqlite?.ms)
        note = `${(p.ms / r.sqlite.ms).toFixed(2)} × sqlite3 :memory:${cpuRatio(p, r.sqlite)}${r.sqliteDisk?.ms ? `, ${(p.ms / r.sqliteDisk.ms).toFixed(2)} × sqlite3 on disk` : ''}`;
      if (!p.error && name === 'rate')
        note = `rate.run = rating + reconciliation${r.sqliteAggregate?.ms ? `, ${(p.ms / r.sqliteAggregate.ms).toFixed(2)} × the SQL pass${cpuRatio(p, r.sqliteAggregate)}` : ''}`;
      if (!p.error && name === 'export')
        note = `${((r.exportFileBytes ?? 0) / 1e6).toFixed(1)} MB xlsx, ${r.rows.intervals.toLocaleString('en-US')} detail rows`;
      if (!p.error && name === 'lines') note = `first 200 of ${p.value?.total} lines`;
      rows.push([
        r.label,
        name,
        `${p.timedOut ? '> ' : ''}${fmtS(p.ms)}`,
        fmtS(p.cpuMs),
        rowsOf && !p.timedOut ? fmtRate(rowsOf, p.ms) : '',
        `${p.timedOut ? '≥ ' : ''}${fmtMB(p.maxRssMB)}`,
        note,
      ]);
    }
    const bad = r.checks.filter((c) => !c.ok);
    rows.push([
      r.label,
      'checks',
      '',
      '',
      '',
      '',
      bad.length
        ? `MISMATCH: ${bad.map((c) => `${c.what} expected ${JSON.stringify(c.expected)} got ${JSON.stringify(c.got)}`).join('; ')}`
        : `${r.checks.length} ok`,
    ]);
  }
  const ui = targets.find((t) => t.target.startsWith('UI'));
  rows.push(['—', 'UI first rows', '', '', '', '', ui?.measured ?? '']);
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) =>
    r
      .map((c, i) => String(c).padEnd(w[i]))
      .join('  ')
      .trimEnd();
  console.log('\n' + line(rows[0]));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
  console.log('\nTargets (issues #5 and #12, 2 cores; shown, not asserted):');
  for (const t of targets) console.log(`  ${t.met === null ? '·' : t.met ? '✓' : '✗'} ${t.target}: ${t.measured}`);
}

function reportOnly() {
  const report = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  const ui = uiResults();
  report.ui = ui;
  report.targets = verdicts(report.sizes, ui);
  fs.writeFileSync(resultsFile, JSON.stringify(report, null, 2) + '\n');
  console.log(`${path.relative(process.cwd(), resultsFile)} of ${report.generatedAt} (${report.machine.cpus} CPUs, Node ${report.machine.node})`);
  printTable(report.sizes, report.targets);
}

async function main() {
  if (argv.includes('--report')) return reportOnly();
  const script = await bundlePhase();
  const results = [];
  for (const size of sizes) results.push(await benchSize(script, size));
  runUiBench();
  const ui = uiResults();
  const targets = verdicts(results, ui);
  const report = {
    generatedAt: new Date().toISOString(),
    profiled: profile,
    patches,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    seed,
    targets,
    ui,
    sizes: results,
  };
  fs.writeFileSync(resultsFile, JSON.stringify(report, null, 2) + '\n');
  printTable(results, targets);
  console.log(
    `\nResults: ${path.relative(process.cwd(), resultsFile)}${profile ? `; CPU profiles: ${path.relative(process.cwd(), PROFILES)}/ (summarise with node bench/profile-top.mjs FILE)` : ''}`,
  );
  const failed = results.some((r) => Object.values(r.phases).some((p) => p.error) || r.checks.some((c) => !c.ok));
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
