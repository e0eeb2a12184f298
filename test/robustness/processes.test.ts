// One workspace, several processes: two large imports and an annotation from three processes at
// once. A write that meets another process's transaction waits for it, saying what it waits for
// (the CLI on stderr, the core as a 'wait' progress event), and never fails with "database is
// locked"; each import stays one transaction; everything is committed and audited, the chain
// intact. The first case makes the contention certain: the first import is frozen inside its
// transaction until the two others have said they wait for it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, type Manifest } from '../../bench/gen.mjs';
import { openCore, type Core } from '../../electron/core';
import { cliContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { expectedSample, sampleFiles } from '../api/helpers';
import { bundle, childEnv, ROOT, runChild, tempDir, type ChildEvent } from './helpers';

const ROWS = 60_000;
const PERIOD = '2021-03';
const { ownerId } = expectedSample();
let dir: string;
let child: string;
let ws: string;
let lineKey: string;
const big: Manifest[] = [];

const ctx = cliContext(() => {});
async function call<T = unknown>(core: Core, method: string, payload: unknown): Promise<T> {
  const r = await dispatch(core.handlers, method, payload, ctx);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

function withCore<T>(fn: (core: Core) => Promise<T> | T): Promise<T> {
  const core = openCore(ws);
  return Promise.resolve(fn(core)).finally(() => core.close());
}

/** The real launcher, running; `output()` is what it printed so far. */
function cli(args: string[]) {
  const p = spawn(process.execPath, [path.join(ROOT, 'bin', 'slicewise.cjs'), ...args], { env: { ...childEnv(), SLICEWISE_DB: '' } });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
  return { exit, output: () => ({ stdout, stderr }), pid: p.pid };
}

/** Resolves once `check()` holds, looking again whenever `source` says something. */
function until(check: () => boolean, sources: NodeJS.ReadableStream[] = [], what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(look, 50);
    const give = setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`timed out waiting for ${what}`));
    }, 60_000);
    function look() {
      if (!check()) return;
      clearInterval(timer);
      clearTimeout(give);
      resolve();
    }
    for (const s of sources) s.on('data', look);
  });
}

beforeAll(async () => {
  dir = tempDir('processes');
  child = await bundle('test/robustness/crash-child.ts', dir);
  // The launcher builds dist/cli.cjs when it is missing; build it once here.
  const { execFileSync } = await import('node:child_process');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-node.mjs'), '--quiet'], { cwd: ROOT });
  const data = path.join(dir, 'data');
  for (const seed of [21, 22, 23, 24]) big.push(generate({ size: ROWS, period: '2021-05', out: data, invoice: false, seed, ownerId: `orga_p${seed}` }));
  ws = path.join(dir, 'workspace.sqlite');
  await withCore(async (core) => {
    await call(core, 'import.commit', { files: sampleFiles() });
    await call(core, 'rate.run', { period: PERIOD });
    lineKey = (await call<{ rows: { key: string }[] }>(core, 'lines.list', { period: PERIOD, ownerId, limit: 1 })).rows[0]!.key;
  });
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Imports and annotation entries in the log, and the chain. */
function committed(core: Core) {
  const imports = core.db.prepare("SELECT subject, detail FROM audit_log WHERE action = 'import'").all() as { subject: string; detail: string }[];
  const batches = core.db.prepare('SELECT file_name AS name, row_count AS rows FROM import_batches').all() as { name: string; rows: number }[];
  const notes = core.db.prepare('SELECT text FROM annotations').all() as { text: string }[];
  const noteEntries = core.db.prepare("SELECT detail FROM audit_log WHERE action = 'annotate'").all() as { detail: string }[];
  return { imports, batches, notes, noteEntries };
}

function expectImported(c: ReturnType<typeof committed>, m: Manifest) {
  const name = path.basename(m.files.usage);
  expect(c.batches).toContainEqual({ name, rows: ROWS });
  expect(c.imports.filter((e) => e.subject === name)).toHaveLength(1);
  expect(JSON.parse(c.imports.find((e) => e.subject === name)!.detail)).toMatchObject({ rows: ROWS });
}

describe('one workspace, three processes', () => {
  it('an import frozen inside its transaction: a CLI import and an annotation wait for it, saying so, then all three commit', async () => {
    const resume = path.join(dir, 'resume-1');
    const [a, b] = [big[0]!, big[1]!];
    const first = await runChild(child, { op: 'import', db: ws, file: a.files.usage, pauseAt: 0.5, resumeFile: resume }, (e) => e.event === 'paused');
    expect(first.hit).toMatchObject({ where: 'import' });
    const holder = `another process's import of ${path.basename(a.files.usage)} (process ${first.child.pid})`;

    const second = cli(['import', b.files.usage, '--db', ws]);
    const third = await runChild(
      child,
      { op: 'annotate', db: ws, period: PERIOD, ownerId, lineKey, text: 'made while two imports ran' },
      (e: ChildEvent) => e.event === 'progress' && e.phase === 'wait',
    );
    expect(third.hit).toMatchObject({ phase: 'wait', label: `for ${holder} to finish…`, done: 0 });
    await until(() => second.output().stderr.includes('waiting'), [], 'the CLI to say it waits');
    expect(second.output().stderr).toContain(`slicewise: waiting for ${holder} to finish…\n`);
    expect(second.output().stderr).not.toMatch(/locked/i);

    fs.writeFileSync(resume, '');
    const firstDone = await until(() => first.events.some((e) => e.event === 'done'), [first.child.stdout!], 'the first import').then(() =>
      first.events.at(-1)!,
    );
    expect(firstDone.result).toMatchObject({ ok: true, value: { results: [{ ok: true, rowCount: ROWS }] } });
    expect(await second.exit).toBe(0);
    expect(second.output().stdout).toContain(`imported ${path.basename(b.files.usage)}: usage-csv, ${ROWS} rows`);
    expect((await third.exit).code).toBe(0);
    expect(third.events.find((e) => e.event === 'done')!.result).toMatchObject({ ok: true, value: { text: 'made while two imports ran' } });

    await withCore(async (core) => {
      const c = committed(core);
      expectImported(c, a);
      expectImported(c, b);
      expect(c.notes.map((n) => n.text)).toContain('made while two imports ran');
      expect(c.noteEntries.some((e) => (JSON.parse(e.detail) as { text: string }).text === 'made while two imports ran')).toBe(true);
      expect(await call(core, 'audit.verify', {})).toMatchObject({ ok: true });
    });
  }, 120_000);

  it('two imports and an annotation started at the same moment: none fails, all are committed and audited', async () => {
    const [a, b] = [big[2]!, big[3]!];
    const text = 'made at the same moment';
    const runs = [cli(['import', a.files.usage, '--db', ws]), cli(['import', b.files.usage, '--db', ws])];
    const note = await runChild(child, { op: 'annotate', db: ws, period: PERIOD, ownerId, lineKey, text }, () => false, 120_000);
    for (const r of runs) expect(await r.exit, r.output().stderr).toBe(0);
    for (const r of runs) expect(r.output().stderr).not.toMatch(/locked|busy/i);
    expect((await note.exit).code).toBe(0);
    expect(note.events.find((e) => e.event === 'done')!.result).toMatchObject({ ok: true });
    await withCore(async (core) => {
      const c = committed(core);
      expectImported(c, a);
      expectImported(c, b);
      expect(c.notes.map((n) => n.text)).toContain(text);
      expect(await call(core, 'audit.verify', {})).toMatchObject({ ok: true });
    });
  }, 120_000);
});
