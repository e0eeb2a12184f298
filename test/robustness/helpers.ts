// Shared helpers of the robustness suites: child bundles, workspace snapshots, temp dirs.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../electron/core/store/open';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `slicewise-${prefix}-`));
}

/**
 * Bundles a TypeScript entry with esbuild into `outDir` (CommonJS, better-sqlite3 and exceljs
 * external, .sql as text). The child runs with NODE_PATH pointing at the repository's
 * node_modules so the externals resolve from a temp dir.
 */
export async function bundle(entry: string, outDir: string): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = path.join(outDir, `${path.basename(entry, '.ts')}.cjs`);
  await build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    loader: { '.sql': 'text' },
    external: ['better-sqlite3', 'exceljs'],
    logLevel: 'silent',
  });
  return outfile;
}

export const childEnv = (): NodeJS.ProcessEnv => ({ ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') });

export interface ChildEvent {
  event: string;
  [k: string]: unknown;
}

/** Runs a bundled child; resolves on its first event matching `until` (the child keeps running) or on exit. */
export function runChild(
  script: string,
  args: unknown,
  until: (e: ChildEvent) => boolean,
  timeoutMs = 30_000,
): Promise<{
  child: ChildProcess;
  events: ChildEvent[];
  hit: ChildEvent | null;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}> {
  const child = spawn(process.execPath, [script, JSON.stringify(args)], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const events: ChildEvent[] = [];
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    let buf = '';
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      child.kill('SIGKILL');
      reject(new Error(`child did not report in ${timeoutMs} ms; events: ${JSON.stringify(events.slice(-3))}; stderr: ${err.slice(-500)}`));
    }, timeoutMs);
    const finish = (hit: ChildEvent | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ child, events, hit, exit, stderr: () => err });
    };
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.trim()) continue;
        let e: ChildEvent;
        try {
          e = JSON.parse(line) as ChildEvent;
        } catch {
          e = { event: 'text', text: line };
        }
        events.push(e);
        if (until(e)) finish(e);
      }
    });
    void exit.then(() => finish(null));
  });
}

/** Row count of every table of the workspace (the schema's and the migrations' own). */
export function tableCounts(db: Db): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

/** Everything people typed, in a comparable form. */
export function peopleState(db: Db): { reviews: unknown[]; annotations: unknown[] } {
  return {
    reviews: db.prepare('SELECT owner_id, period, line_key, state, actor, updated_at FROM reviews ORDER BY owner_id, period, line_key').all(),
    annotations: db.prepare('SELECT id, owner_id, period, line_key, author, created_at, text FROM annotations ORDER BY id').all(),
  };
}

/** The schema (tables, indexes, triggers) as stored: a crash must never leave it changed. */
export function schemaOf(db: Db): unknown[] {
  return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
}
