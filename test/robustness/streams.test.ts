// Hostile input that is large or never ends (issue #5.4): a 10 MB cell, a named pipe fed forever,
// a multi-gigabyte file that is never materialised (sparse), a line that never ends, and a
// cancellation in the middle of a large valid file. The importer must fail fast with a clear error
// naming the file, or stream in bounded memory and stop when its AbortSignal fires — never hang,
// never crash, never change the workspace.
//
// Each import runs in a child process (import-child.ts, bundled here) with a deadline and a heap
// cap, so that a hang is killed and a memory blow-up cannot take the test runner down.
//
// The last three tests are regressions for defects this review found (docs/security-review.md §4),
// fixed since: each failed against the code of the time.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../bench/gen.mjs';
import { openCore } from '../../electron/core';
import { cliContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { bundle, childEnv, tempDir } from './helpers';

const HEADER =
  'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency';
const row = (i: number, name = 'shop-front') =>
  `orga_s,uptime,app_1,${name},inst-${i},apps.XS,XS,par,2021-03-01T10:00:00+01:00,2021-03-01T11:00:00+01:00,,,,,,`;

let dir: string;
let child: string;
const running: ChildProcess[] = [];

beforeAll(async () => {
  dir = tempDir('streams');
  child = await bundle('test/robustness/import-child.ts', dir);
});
afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface ChildResult {
  ok?: boolean;
  message?: string;
  name?: string;
  row?: string;
  field?: string;
  ms?: number;
  maxRssMB?: number;
  unchanged?: boolean;
  inTransaction?: boolean;
  progress?: number;
  rowCount?: number;
  /** Set by the parent: killed at the deadline, or died (signal, out of memory). */
  hung?: boolean;
  crashed?: string;
  wallMs: number;
}

/** Runs one import in a child with a deadline (killed when reached) and a heap cap. */
function importInChild(args: Record<string, unknown>, deadlineMs: number, heapMB = 512): Promise<ChildResult> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const c = spawn(process.execPath, [`--max-old-space-size=${heapMB}`, child, JSON.stringify(args)], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    running.push(c);
    let out = '';
    let err = '';
    let hung = false;
    c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      hung = true;
      c.kill('SIGKILL');
    }, deadlineMs);
    c.on('exit', (code, signal) => {
      clearTimeout(timer);
      const wallMs = Date.now() - t0;
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve({ ...(JSON.parse(line) as ChildResult), wallMs });
      } catch {
        resolve({ wallMs, hung, crashed: hung ? undefined : `exit ${code ?? signal}: ${err.trim().split('\n').slice(-3).join(' | ')}` } as ChildResult);
      }
    });
  });
}

/** An endless, valid usage CSV written into a named pipe by a separate process. */
async function endlessFifo(name: string): Promise<string> {
  const fifo = path.join(dir, name);
  await new Promise<void>((resolve, reject) => spawn('mkfifo', [fifo]).on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`mkfifo exited ${c}`)))));
  const script = `
    const fs = require('fs');
    const out = fs.createWriteStream(${JSON.stringify(fifo)});
    out.on('error', () => process.exit(0));
    let i = 0;
    out.write(${JSON.stringify(HEADER + '\n')});
    const line = ${JSON.stringify(row(0))};
    const chunk = () => { let s = ''; for (let k = 0; k < 1000; k++) s += line.replace('inst-0', 'inst-' + (i++)) + '\\n'; return s; };
    (function pump() { while (out.write(chunk())) {} out.once('drain', pump); })();`;
  running.push(spawn(process.execPath, ['-e', script], { stdio: 'ignore' }));
  return fifo;
}

/** A file of `bytes` whose head is `head` and whose rest is a hole (reads as NUL bytes, takes no disk). */
function sparse(name: string, head: string, bytes: number): string {
  const file = path.join(dir, name);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, head);
  fs.ftruncateSync(fd, bytes);
  fs.closeSync(fd);
  return file;
}

describe('large and endless input', () => {
  it('a 10 MB cell is imported whole (or refused naming its row and field), in seconds and bounded memory', async () => {
    const file = path.join(dir, 'huge-cell.csv');
    fs.writeFileSync(file, [HEADER, row(1), row(2, 'x'.repeat(10 * 1024 * 1024)), row(3)].join('\n') + '\n');
    const r = await importInChild({ file }, 20_000);
    expect(r.hung || r.crashed ? r : 'finished').toBe('finished');
    if (r.ok) expect(r.rowCount).toBe(3);
    else {
      expect(r.message).toMatch(/^huge-cell\.csv, row 3, field item_name/);
      expect(r.unchanged).toBe(true);
    }
    expect(r.maxRssMB).toBeLessThan(400);
  });

  it('a named pipe fed forever is refused at once as not a regular file; the workspace is unchanged', async () => {
    const fifo = await endlessFifo('endless.csv');
    const r = await importInChild({ file: fifo }, 5_000);
    expect(r.hung || r.crashed ? r : 'finished').toBe('finished');
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^endless\.csv: is not a file/);
    expect(r.unchanged).toBe(true);
    expect(r.ms).toBeLessThan(1_000);
  });

  it('cancelling the import of a large valid file mid-stream (AbortSignal at 30 %) stops it and leaves nothing', async () => {
    const m = generate({ size: 60_000, out: path.join(dir, 'gen'), invoice: false, seed: 3 });
    const r = await importInChild({ file: m.files.usage, abortAtFraction: 0.3 }, 20_000);
    expect(r.hung || r.crashed ? r : 'finished').toBe('finished');
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^usage-60k-s3\.csv: import cancelled/);
    expect(r.progress).toBeGreaterThanOrEqual(0.3);
    expect(r.progress).toBeLessThan(1);
    expect(r.unchanged).toBe(true);
    expect(r.inTransaction).toBe(false);
  });

  // Regression: 'import.preview' used to hash the whole file before anything else, without checking
  // that it is a regular file: on a pipe fed forever it never returned.
  it('previewing a named pipe fails fast too (the preview does not hash an endless stream)', async () => {
    const fifo = await endlessFifo('endless-preview.csv');
    const wsDir = tempDir('streams-ws');
    const core = openCore(path.join(wsDir, 'ws.sqlite'));
    try {
      const call = dispatch(
        core.handlers,
        'import.preview',
        { file: fifo },
        cliContext(() => {}),
      );
      const r = await Promise.race([call, new Promise<'hang'>((resolve) => setTimeout(() => resolve('hang'), 2_000))]);
      expect(r).not.toBe('hang');
      if (r !== 'hang') {
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.message).toContain('endless-preview.csv');
      }
    } finally {
      for (const c of running.splice(0)) c.kill('SIGKILL'); // EOF for the hashing stream
      core.close();
      fs.rmSync(wsDir, { recursive: true, force: true });
    }
  });

  // Regression: a record that never ends (no line break) used to be re-parsed from its start on every
  // 1 MB chunk, quadratic in time and memory (64 MB of NULs: ~2 s and +630 MB; 256 MB: ~50 s and
  // +2.3 GB; more exhausted memory). Records are now capped.
  it('a 128 MB line that never ends is refused early, in bounded memory', async () => {
    const file = sparse('one-line-128m.csv', `${HEADER}\n`, 128 * 1024 * 1024);
    // The deadline only detects a hang (a loaded machine starts the child slowly); memory proves the cap.
    const r = await importInChild({ file }, 60_000, 256);
    expect(r.hung || r.crashed ? r : 'finished').toBe('finished');
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^one-line-128m\.csv, row 2/);
    expect(r.maxRssMB).toBeLessThan(300);
  });

  // Regression: importFile() used to hash the whole file without passing its signal to sha256File, so a
  // multi-gigabyte file could not be cancelled for as long as the hash took.
  it('a 4 GB sparse file is cancelled by its AbortSignal within a second', async () => {
    const file = sparse('sparse-4g.csv', [HEADER, row(1), row(2)].join('\n') + '\n', 4 * 1024 ** 3);
    const r = await importInChild({ file, abortAfterMs: 300 }, 60_000, 256);
    expect(r.hung || r.crashed ? r : 'finished').toBe('finished');
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^sparse-4g\.csv: import cancelled/);
    expect(r.ms).toBeLessThan(1_300);
    expect(r.unchanged).toBe(true);
  });
});
