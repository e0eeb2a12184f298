// Files private to the user: the workspace (and its -wal/-shm) 0600 in a 0700 folder, exported
// workbooks and their temporary files 0600; a killed export's temporary file removed at the next
// start; file grants looked up by their own keys only.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { cliContext, grantedContext, type FileGrants } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { removeInterruptedTemps, trackTemp } from '../../electron/core/export/interrupted';
import { tempPathFor } from '../../electron/core/export/workbook/atomic';
import { expectedSample, importSample, openTestCore, tempDir, type TestCore } from '../api/helpers';

const POSIX = process.platform !== 'win32';
const mode = (f: string) => fs.statSync(f).mode & 0o777;

describe.runIf(POSIX)('files private to the user', () => {
  let dir: string;
  let core: TestCore;
  let ws: string;
  beforeAll(async () => {
    dir = tempDir('slicewise-private-');
    ws = path.join(dir, 'new', 'deeper', 'workspace.sqlite');
    core = openTestCore(ws);
    await importSample(core);
    await core.call('rate.run', { period: '2021-03' });
  });
  afterAll(() => {
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the workspace 0600, its -wal and -shm alike, in folders 0700', () => {
    expect(mode(ws)).toBe(0o600);
    expect(mode(`${ws}-wal`)).toBe(0o600);
    expect(mode(`${ws}-shm`)).toBe(0o600);
    expect(mode(path.dirname(ws))).toBe(0o700);
    expect(mode(path.dirname(path.dirname(ws)))).toBe(0o700);
  });

  it('narrows an existing workspace readable by others to 0600', () => {
    const old = path.join(dir, 'old.sqlite');
    openCore(old).close();
    fs.chmodSync(old, 0o644);
    const again = openCore(old);
    try {
      expect(mode(old)).toBe(0o600);
    } finally {
      again.close();
    }
  });

  it('writes the workbook 0600, through a temporary file that is 0600 too', async () => {
    const out = path.join(dir, 'out.xlsx');
    const seen: number[] = [];
    // Looked at while the workbook is being written: at each progress report of the export.
    const ctx = cliContext((e) => {
      if (e.phase !== 'export') return;
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))) seen.push(mode(path.join(dir, f)));
    });
    const r = await dispatch(core.handlers, 'export.workbook', { period: '2021-03', ownerId: expectedSample().ownerId, out }, ctx);
    expect(r.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    for (const m of seen) expect(m).toBe(0o600);
    expect(mode(out)).toBe(0o600);
  });
});

describe('temporary files of interrupted exports', () => {
  it('removes, at the next start, the temporary files a dead process left, and only those', () => {
    const dir = tempDir('slicewise-interrupted-');
    const ws = path.join(dir, 'workspace.sqlite');
    const out = path.join(dir, 'march.xlsx');
    fs.writeFileSync(out, 'the previous workbook');
    // A temporary file of a process that no longer runs, listed as in progress.
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max: never a live process
    const deadTmp = tempPathFor(out).replace(`slicewise-${process.pid}-`, `slicewise-${deadPid}-`);
    fs.writeFileSync(deadTmp, 'half a workbook');
    const listDir = `${ws}.pending-exports`;
    fs.mkdirSync(listDir, { recursive: true });
    fs.writeFileSync(path.join(listDir, `${deadPid}-abcdef.json`), JSON.stringify({ tmp: deadTmp }));
    // An entry of a dead process naming a file that is not ours: the file is left alone.
    const notOurs = path.join(dir, 'notes.txt');
    fs.writeFileSync(notOurs, 'keep me');
    fs.writeFileSync(path.join(listDir, `${deadPid}-123456.json`), JSON.stringify({ tmp: notOurs }));
    // This process's export in progress: left alone too.
    const liveTmp = tempPathFor(out);
    fs.writeFileSync(liveTmp, 'being written');
    const untrack = trackTemp(ws, liveTmp);

    const core = openCore(ws);
    core.close();
    expect(fs.existsSync(deadTmp)).toBe(false);
    expect(fs.readFileSync(out, 'utf8')).toBe('the previous workbook');
    expect(fs.readFileSync(notOurs, 'utf8')).toBe('keep me');
    expect(fs.existsSync(liveTmp)).toBe(true);
    expect(fs.readdirSync(listDir)).toHaveLength(1); // the live entry only
    untrack();
    expect(removeInterruptedTemps(ws)).toEqual([]);
    expect(fs.readdirSync(listDir)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('file grants', () => {
  const grants: FileGrants = { inputs: { 'in-1': { path: '/data/usage.csv', name: 'usage.csv' } }, outputs: {} };
  const ctx = grantedContext(grants, () => {});

  it('resolve a granted ref', () => {
    expect(ctx.resolveInput('in-1')).toBe('/data/usage.csv');
  });

  it('refuse the names every object inherits, for inputs and outputs', () => {
    for (const ref of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(() => ctx.resolveInput(ref)).toThrow(/not chosen in this session/);
      expect(() => ctx.resolveOutput(ref)).toThrow(/not chosen in this session/);
      expect(ctx.displayName(ref)).toBe(ref);
    }
  });
});
