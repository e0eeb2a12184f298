// Hostile input that is large or never ends (issue #5.4): a 10 MB cell, a multi-gigabyte file that
// is never materialised (sparse), and an endless stream behind a named pipe. The importer must
// fail fast with a clear error naming the file, or stream in bounded memory and stop when its
// AbortSignal fires — never hang, never crash, never change the workspace. Every test is bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { cliContext } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';
import { openWorkspace } from '../../electron/core/db/open';
import { ImportError, importFile } from '../../electron/core/importers';
import { tableCounts, tempDir } from './helpers';

const HEADER = 'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency';
const row = (i: number, name = 'shop-front') =>
  `orga_s,uptime,app_1,${name},inst-${i},apps.XS,XS,par,2021-03-01T10:00:00+01:00,2021-03-01T11:00:00+01:00,,,,,,`;

let dir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  dir = tempDir('streams');
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Races a promise against a deadline: a hang becomes a test failure, not a stuck suite. */
function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms (hang)`)), ms);
    }),
  ]);
}

/** An endless, valid usage CSV written into a named pipe by a separate process. */
async function makeEndlessFifo(name: string): Promise<string> {
  const fifo = path.join(dir, name);
  await new Promise<void>((resolve, reject) => spawn('mkfifo', [fifo]).on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`mkfifo exited ${c}`)))));
  const script = `
    const fs = require('fs');
    const out = fs.createWriteStream(${JSON.stringify(fifo)});
    out.on('error', () => process.exit(0));
    let i = 0;
    out.write(${JSON.stringify(HEADER + '\n')});
    const chunk = () => { let s = ''; for (let k = 0; k < 1000; k++) s += ${JSON.stringify(row(0)).replace('inst-0', '"+"inst-"+(i++)+"')} + '\\n'; return s; };
    (function pump() { while (out.write(chunk())) {} out.once('drain', pump); })();`;
  children.push(spawn(process.execPath, ['-e', script], { stdio: 'ignore' }));
  return fifo;
}

describe('large and endless input', () => {
  it('a 10 MB cell: refused or imported, within seconds, naming the row and field when refused', async () => {
    const file = path.join(dir, 'huge-cell.csv');
    fs.writeFileSync(file, [HEADER, row(1), row(2, 'x'.repeat(10 * 1024 * 1024)), row(3)].join('\n') + '\n');
    const db = openWorkspace(':memory:');
    const before = tableCounts(db);
    const t0 = Date.now();
    const r = await within(20_000, importFile(db, file).then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e })), 'import of a 10 MB cell');
    const ms = Date.now() - t0;
    if (r.ok) {
      // Imported: the text is kept whole (the workbook writer is the one that cuts cells at 32,767 characters).
      const { len } = db.prepare("SELECT length(item_name) AS len FROM usage_intervals WHERE instance_id = 'inst-2'").get() as { len: number };
      expect(len).toBe(10 * 1024 * 1024);
    } else {
      expect(r.e).toBeInstanceOf(ImportError);
      expect((r.e as ImportError).message).toMatch(/huge-cell\.csv, row 3, field item_name/);
      expect(tableCounts(db)).toEqual(before);
    }
    expect(ms).toBeLessThan(20_000);
    db.close();
  });

  it('a named pipe (endless stream) is refused at once as not a regular file; the workspace is unchanged', async () => {
    const fifo = await makeEndlessFifo('endless.csv');
    const db = openWorkspace(':memory:');
    const before = tableCounts(db);
    const err = await within(5_000, importFile(db, fifo).then(() => null, (e: unknown) => e), 'import from a FIFO');
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).message).toMatch(/^endless\.csv: is not a file/);
    expect(tableCounts(db)).toEqual(before);
    db.close();
  });

  it('previewing a named pipe fails fast too (the preview must not hash an endless stream)', async () => {
    const fifo = await makeEndlessFifo('endless-preview.csv');
    const wsDir = tempDir('streams-ws');
    const core = openCore(path.join(wsDir, 'ws.sqlite'));
    try {
      const r = await within(5_000, dispatch(core.handlers, 'import.preview', { file: fifo }, cliContext(() => {})), 'import.preview of a FIFO');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toContain('endless-preview.csv');
    } finally {
      core.close();
      fs.rmSync(wsDir, { recursive: true, force: true });
    }
  });

  it('a 4 GB sparse file (never materialised) is cancelled by its AbortSignal within a second, in bounded memory', async () => {
    const file = path.join(dir, 'sparse-4g.csv');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, [HEADER, row(1), row(2)].join('\n') + '\n');
    fs.ftruncateSync(fd, 4 * 1024 ** 3); // the rest reads as NUL bytes, stored as a hole
    fs.closeSync(fd);
    const db = openWorkspace(':memory:');
    const before = tableCounts(db);
    const controller = new AbortController();
    const rss0 = process.memoryUsage().rss;
    const t0 = Date.now();
    setTimeout(() => controller.abort(), 300);
    const err = await within(10_000, importFile(db, file, { signal: controller.signal }).then(() => null, (e: unknown) => e), 'import of a 4 GB file with an abort after 300 ms');
    const ms = Date.now() - t0;
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).message).toMatch(/^sparse-4g\.csv: /);
    expect(ms, 'cancellation took too long').toBeLessThan(1_300);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(256 * 1024 * 1024);
    expect(tableCounts(db)).toEqual(before);
    db.close();
  });
});
