// Child process for crash.test.ts: runs one operation on a workspace through the core's handlers
// (the CLI's path: dispatch + cliContext) and freezes at a chosen point so the parent can SIGKILL
// it there. Bundled by the test with esbuild (no tsx needed).
//
//   node crash-child.cjs '{"op":"import","db":…,"file":…,"pauseAt":0.5}'
//   node crash-child.cjs '{"op":"rate","db":…,"period":…,"pauseAfterRows":20}'
//   node crash-child.cjs '{"op":"export","db":…,"period":…,"ownerId":…,"out":…,"pauseOnSheet":"Details"}'
//   node crash-child.cjs '{"op":"evidence","db":…,"period":…,"ownerId":…,"evidence":…}'  (only the evidence pack;
//   an "export" with "evidence" writes both)
//   node crash-child.cjs '{"op":"annotate","db":…,"period":…,"ownerId":…,"lineKey":…,"text":…}'
//   node crash-child.cjs '{"op":"settings","db":…,"settings":{…}}'
//   node crash-child.cjs '{"op":"call","db":…,"method":"period.close","payload":{…}}'  (any call of the contract)
//   any op with "pauseBeforeAudit":true (frozen inside its transaction, its change made, its
//   audit entry not yet) or, for an export, "pauseBeforeRename":true (entry committed, workbook
//   not yet renamed into place; "renameTarget" names the file, default "out"); "resumeFile": a pause
//   ends when that file appears.
//
// stdout, one JSON object per line: {"event":"progress",…}, {"event":"paused",…}, {"event":"done",…}.
// While paused the process is blocked synchronously (Atomics.wait), in the middle of the
// operation: inside the import transaction, inside the rating's store transaction, or while the
// workbook's temporary file is half written.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { openCore } from '../../electron/core';
import { cliContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';

interface Args {
  op: 'import' | 'rate' | 'export' | 'evidence' | 'annotate' | 'settings' | 'call';
  /** call: the method and its payload. */
  method?: string;
  payload?: unknown;
  db: string;
  file?: string;
  period?: string;
  ownerId?: string;
  out?: string;
  /** export: the evidence pack's path too; evidence: the pack's path. */
  evidence?: string;
  /** pauseBeforeRename: the file whose rename pauses (default: out). */
  renameTarget?: string;
  /** import: pause at the first progress report past this fraction of the file. */
  pauseAt?: number;
  /** rate: pause after this many rated lines were inserted (inside the store transaction). */
  pauseAfterRows?: number;
  /** export: pause at the first progress report of this sheet. */
  pauseOnSheet?: string;
  pauseBeforeAudit?: boolean;
  pauseBeforeRename?: boolean;
  resumeFile?: string;
  lineKey?: string;
  text?: string;
  settings?: Record<string, unknown>;
}

let resumeFile: string | undefined;

const say = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');

let paused = false;
function pause(where: string, extra: Record<string, unknown> = {}): void {
  if (paused) return;
  paused = true;
  say({ event: 'paused', where, ...extra });
  // Frozen here, mid-operation, until SIGKILL or the resume file appears (60 s at most, then carry on).
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; waited < 60_000 && !(resumeFile && fs.existsSync(resumeFile)); waited += resumeFile ? 20 : 60_000) {
    Atomics.wait(cell, 0, 0, resumeFile ? 20 : 60_000);
  }
  if (resumeFile) say({ event: 'resumed', where });
}

async function main(): Promise<void> {
  const a = JSON.parse(process.argv[2] ?? '{}') as Args;
  resumeFile = a.resumeFile;
  if (a.pauseBeforeAudit) {
    // On every connection (an import writes through its own): freeze just before the audit entry is inserted.
    const proto = Database.prototype as unknown as { prepare: (sql: string) => { run: (...args: unknown[]) => unknown } };
    const prepare = proto.prepare;
    proto.prepare = function (this: Database.Database, sql: string) {
      const st = prepare.call(this, sql);
      if (/^INSERT INTO audit_log/i.test(sql)) {
        const run = st.run.bind(st);
        st.run = (...args: unknown[]) => {
          pause('before-audit', { inTransaction: this.inTransaction });
          return run(...args);
        };
      }
      return st;
    };
  }
  if (a.pauseBeforeRename && (a.renameTarget ?? a.out)) {
    const rename = fs.renameSync;
    const target = a.renameTarget ?? a.out;
    (fs as { renameSync: typeof fs.renameSync }).renameSync = (from, to) => {
      if (String(to) === target) pause('before-rename', { tmp: String(from) });
      return rename(from, to);
    };
  }
  const core = openCore(a.db);
  if (a.op === 'rate' && a.pauseAfterRows !== undefined) {
    // Freeze inside the transaction that replaces the stored rating, after some rows.
    const db = core.db;
    const prepare = db.prepare.bind(db);
    (db as unknown as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
      const st = prepare(sql);
      if (/INSERT INTO rated_lines/i.test(sql)) {
        const run = st.run.bind(st);
        let n = 0;
        (st as unknown as { run: (...args: unknown[]) => unknown }).run = (...args: unknown[]) => {
          const r = run(...(args as Parameters<typeof run>));
          if (++n === a.pauseAfterRows) pause('rate-store', { rows: n, inTransaction: db.inTransaction });
          return r;
        };
      }
      return st;
    };
  }
  const ctx = cliContext((e) => {
    say({ event: 'progress', phase: e.phase, label: e.label, done: e.done, total: e.total });
    if (a.op === 'import' && a.pauseAt !== undefined && e.total > 0 && e.done / e.total >= a.pauseAt && e.done < e.total) {
      pause('import', { done: e.done, total: e.total });
    }
    if ((a.op === 'export' || a.op === 'evidence') && a.pauseOnSheet !== undefined && e.label === a.pauseOnSheet)
      pause('export', { sheet: e.label, rows: e.done });
  });
  let r;
  if (a.op === 'import') r = await dispatch(core.handlers, 'import.commit', { files: [a.file] }, ctx);
  else if (a.op === 'rate') r = await dispatch(core.handlers, 'rate.run', { period: a.period }, ctx);
  else if (a.op === 'annotate')
    r = await dispatch(core.handlers, 'lines.annotate', { period: a.period, ownerId: a.ownerId, lineKey: a.lineKey, text: a.text }, ctx);
  else if (a.op === 'settings') r = await dispatch(core.handlers, 'settings.update', a.settings ?? {}, ctx);
  else if (a.op === 'call') r = await dispatch(core.handlers, a.method ?? '', a.payload, ctx);
  else if (a.op === 'evidence') r = await dispatch(core.handlers, 'export.evidence', { period: a.period, ownerId: a.ownerId, out: a.evidence }, ctx);
  else
    r = await dispatch(
      core.handlers,
      'export.workbook',
      { period: a.period, ownerId: a.ownerId, out: a.out, ...(a.evidence !== undefined ? { evidence: a.evidence } : {}) },
      ctx,
    );
  core.close();
  say({ event: 'done', paused, result: r });
}

main().catch((err: unknown) => {
  say({ event: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exitCode = 1;
});
