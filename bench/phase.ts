// One benchmark phase, run in its own Node process by scripts/bench.mjs so that its peak memory
// (RSS high-water mark) is its own. Bundled with esbuild into bench/.build/phase.cjs.
//
//   node bench/.build/phase.cjs '<json: {phase, db, ...}>'
//
// Goes through the same boundary as the CLI and the desktop app: dispatch(handlers, method, …)
// with the CLI's call context. Prints one JSON line on stdout:
//   {"phase", "ms", "maxRssMB", "baselineRssMB", "value"}   or   {"phase", "error"}
import fs from 'node:fs';
import { openCore } from '../electron/core';
import { cliContext } from '../electron/core/api/context';
import { dispatch } from '../electron/core/api/dispatch';

interface Args {
  phase: 'setup' | 'import' | 'rate' | 'reconcile' | 'lines' | 'export';
  db: string;
  files?: string[];
  period?: string;
  ownerId?: string;
  out?: string;
}

/**
 * The process's RSS high-water mark. Linux's maxRSS (getrusage) keeps the parent's RSS at fork
 * across exec, so a child of a big bench process would report the parent's size: VmHWM is this
 * process's own (elsewhere, maxRSS).
 */
const rssMB = (): number => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS / 1024;
};

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as Args;
  const core = openCore(args.db);
  const progress: string[] = [];
  const ctx = cliContext((e) => {
    if (process.env.BENCH_PROGRESS) progress.push(`${e.phase} ${e.label} ${e.done}/${e.total}`);
  });
  const call = async (method: string, payload: unknown) => {
    const r = await dispatch(core.handlers, method, payload, ctx);
    if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  // Warm the lazily loaded parts that are not what a phase measures.
  if (args.phase === 'export') await import('exceljs');
  const baselineRssMB = process.memoryUsage().rss / 1024 / 1024;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let value: unknown;
  switch (args.phase) {
    case 'setup':
    case 'import': {
      value = await call('import.commit', { files: args.files });
      const results = (value as { results: { ok: boolean; fileName: string; error?: string }[] }).results;
      const bad = results.find((r) => !r.ok);
      if (bad) throw new Error(`import of ${bad.fileName} failed: ${bad.error}`);
      break;
    }
    case 'rate':
      value = await call('rate.run', { period: args.period });
      break;
    case 'reconcile':
      value = await call('reconcile.run', { period: args.period });
      break;
    case 'lines': {
      // What the invoice screen asks first: the first page of lines, sorted by line number.
      const page = (await call('lines.list', { period: args.period, ownerId: args.ownerId, offset: 0, limit: 200 })) as { total: number; rows: unknown[] };
      value = { total: page.total, rows: page.rows.length };
      break;
    }
    case 'export':
      value = await call('export.workbook', { period: args.period, ownerId: args.ownerId, out: args.out });
      break;
    default:
      throw new Error(`unknown phase ${String(args.phase)}`);
  }
  const ms = performance.now() - t0;
  // CPU time (user + system, every thread) beside the wall time: less sensitive to a busy machine.
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const maxRssMB = rssMB();
  const extra: Record<string, unknown> = {};
  if (args.phase === 'import' || args.phase === 'setup') {
    const db = core.db;
    extra.tables = Object.fromEntries(
      ['import_batches', 'usage_intervals', 'usage_countables', 'usage_classic', 'billed_lines', 'catalog_runtime', 'credits'].map((t) => [
        t,
        (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n,
      ]),
    );
  }
  if (args.phase === 'export' && args.out) extra.fileBytes = fs.statSync(args.out).size;
  core.close();
  process.stdout.write(
    JSON.stringify({ phase: args.phase, ms, cpuMs, maxRssMB, baselineRssMB, value, ...extra, ...(progress.length ? { progress: progress.slice(-3) } : {}) }) +
      '\n',
  );
}

main().catch((err: unknown) => {
  process.stdout.write(JSON.stringify({ error: err instanceof Error ? err.message : String(err), maxRssMB: rssMB() }) + '\n');
  process.exitCode = 1;
});
