// Child process for streams.test.ts: one importFile() call on a fresh workspace, isolated so that
// a hang can be killed and a memory blow-up cannot take the test runner down. Bundled by the test.
//
//   node import-child.cjs '{"file":…,"format"?:…,"abortAfterMs"?:300,"abortAtFraction"?:0.3}'
//
// Prints one JSON line: {"ok", "message"?, "name"?, "row"?, "field"?, "ms", "maxRssMB", "unchanged", "progress"}.
import { openWorkspace } from '../../electron/core/store/open';
import { importFile, type ImportOptions } from '../../electron/core/import';

interface Args {
  file: string;
  format?: ImportOptions['format'];
  abortAfterMs?: number;
  abortAtFraction?: number;
}

function counts(db: ReturnType<typeof openWorkspace>): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return JSON.stringify(tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

async function main(): Promise<void> {
  const a = JSON.parse(process.argv[2] ?? '{}') as Args;
  const db = openWorkspace(':memory:');
  const before = counts(db);
  const controller = new AbortController();
  if (a.abortAfterMs !== undefined) setTimeout(() => controller.abort(), a.abortAfterMs).unref();
  let progress = 0;
  const t0 = performance.now();
  const out: Record<string, unknown> = {};
  try {
    const r = await importFile(db, a.file, {
      ...(a.format ? { format: a.format } : {}),
      signal: controller.signal,
      onProgress: (p) => {
        progress = p.totalBytes > 0 ? p.bytesRead / p.totalBytes : 0;
        if (a.abortAtFraction !== undefined && progress >= a.abortAtFraction && !controller.signal.aborted) controller.abort();
      },
    });
    out.ok = true;
    out.rowCount = r.rowCount;
  } catch (e) {
    const err = e as Error & { row?: string; field?: string };
    out.ok = false;
    out.name = err.name;
    out.message = err.message;
    if (err.row !== undefined) out.row = err.row;
    if (err.field !== undefined) out.field = err.field;
  }
  out.ms = performance.now() - t0;
  out.maxRssMB = process.resourceUsage().maxRSS / 1024;
  out.unchanged = counts(db) === before;
  out.inTransaction = db.inTransaction;
  out.progress = progress;
  db.close();
  process.stdout.write(JSON.stringify(out) + '\n');
}

void main();
