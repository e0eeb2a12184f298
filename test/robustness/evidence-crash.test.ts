// An evidence pack is written like the workbook: never a pack without its export entry. A child
// process is SIGKILLed while the workbook is half written, with the pack complete but the entry
// not yet inserted, and with the entry committed but the pack not yet renamed into place: no pack
// ever appears, and the temporary files are removed at the next start.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { cliContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { expectedSample, sampleFiles } from '../api/helpers';
import { bundle, runChild, tempDir } from './helpers';

const PERIOD = '2021-03';
const { ownerId } = expectedSample();
let dir: string;
let child: string;
let ws: string;

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

/** The export entries that name this pack. */
const packEntries = (core: Core, zip: string) =>
  (core.db.prepare("SELECT detail FROM audit_log WHERE action = 'export'").all() as { detail: string }[]).filter(
    (r) => (JSON.parse(r.detail) as { evidence?: { file: string } }).evidence?.file === zip,
  );

const ours = () => fs.readdirSync(dir).filter((f) => f.includes('.slicewise-'));

async function killAt(args: Record<string, unknown>, where: string) {
  const run = await runChild(child, { db: ws, period: PERIOD, ownerId, ...args }, (e) => e.event === 'paused');
  expect(run.hit, `child ended before the pause: ${JSON.stringify(run.events.slice(-2))} ${run.stderr()}`).not.toBeNull();
  expect(run.hit).toMatchObject({ where });
  run.child.kill('SIGKILL');
  expect((await run.exit).signal).toBe('SIGKILL');
}

beforeAll(async () => {
  dir = tempDir('evidence-crash');
  child = await bundle('test/robustness/crash-child.ts', dir);
  ws = path.join(dir, 'workspace.sqlite');
  await withCore(async (core) => {
    await call(core, 'import.commit', { files: sampleFiles() });
    await call(core, 'reconcile.run', { period: PERIOD });
  });
}, 60_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('an evidence pack killed while it is written never appears', () => {
  it('killed while the workbook is being written: no pack, no entry, no temporary file after the next start', async () => {
    const zip = path.join(dir, 'mid-workbook.zip');
    await killAt({ op: 'evidence', evidence: zip, pauseOnSheet: 'Details' }, 'export');
    expect(fs.existsSync(zip)).toBe(false);
    expect(ours().length).toBeGreaterThan(0); // the half-written workbook
    await withCore((core) => expect(packEntries(core, zip)).toEqual([]));
    expect(ours()).toEqual([]);
  });

  it('killed with the pack complete and its entry not yet inserted: no pack, no entry, its temporary files removed at the next start', async () => {
    const zip = path.join(dir, 'before-audit.zip');
    const out = path.join(dir, 'before-audit.xlsx');
    await killAt({ op: 'export', out, evidence: zip, pauseBeforeAudit: true }, 'before-audit');
    expect(ours().filter((f) => f.startsWith('.before-audit.zip.slicewise-'))).toHaveLength(1); // complete, not yet renamed
    expect(ours().filter((f) => f.startsWith('.before-audit.xlsx.slicewise-'))).toHaveLength(1);
    expect(fs.existsSync(zip)).toBe(false);
    expect(fs.existsSync(out)).toBe(false);
    await withCore(async (core) => {
      expect(packEntries(core, zip)).toEqual([]);
      expect((await call<{ ok: boolean }>(core, 'audit.verify', {})).ok).toBe(true);
    });
    expect(ours()).toEqual([]);
  });

  it('killed with its entry committed and the pack not yet renamed: the entry, no pack, and no temporary file after the next start', async () => {
    const zip = path.join(dir, 'before-rename.zip');
    await killAt({ op: 'evidence', evidence: zip, pauseBeforeRename: true, renameTarget: zip }, 'before-rename');
    expect(fs.existsSync(zip)).toBe(false);
    await withCore(async (core) => {
      expect(packEntries(core, zip)).toHaveLength(1);
      expect((await call<{ ok: boolean }>(core, 'audit.verify', {})).ok).toBe(true);
    });
    expect(ours()).toEqual([]);
  });

  it('completed: the pack and its entry, which records the pack SHA-256', async () => {
    const zip = path.join(dir, 'done.zip');
    await withCore(async (core) => {
      await call(core, 'export.evidence', { period: PERIOD, ownerId, out: zip });
      const [entry] = packEntries(core, zip);
      const { createHash } = await import('node:crypto');
      expect(JSON.parse(entry!.detail)).toMatchObject({ evidence: { file: zip, sha256: createHash('sha256').update(fs.readFileSync(zip)).digest('hex') } });
    });
    expect(ours()).toEqual([]);
  });
});
