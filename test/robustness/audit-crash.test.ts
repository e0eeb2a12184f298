// A change and its audit entry are one: a child process is SIGKILLed after a change was made and
// before its entry was inserted (inside their transaction), for each kind of change, and the
// workspace then holds neither. An export is killed with its workbook complete but its entry not
// yet written (no file, no entry), and with its entry committed but the workbook not yet renamed
// into place (an entry, no file: the one way round allowed). Never a file without its entry.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { cliContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { expectedSample, sampleFiles } from '../api/helpers';
import { bundle, peopleState, runChild, tableCounts, tempDir } from './helpers';

const PERIOD = '2021-03';
const { ownerId } = expectedSample();
let dir: string;
let child: string;
let ws: string;
let lineKey: string;

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

/** Everything that may change, and the log. */
function snapshot(core: Core) {
  return {
    counts: tableCounts(core.db),
    people: peopleState(core.db),
    settings: core.db.prepare("SELECT value FROM settings WHERE key = 'settings'").get(),
    runs: core.db.prepare('SELECT id, rated_at FROM rating_runs ORDER BY id').all(),
    log: core.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq').all(),
  };
}

/** Runs the child until it is frozen at `where`, then kills it. */
async function killAt(args: Record<string, unknown>, where: string) {
  const run = await runChild(child, { db: ws, ...args }, (e) => e.event === 'paused');
  expect(run.hit, `child ended before the pause: ${JSON.stringify(run.events.slice(-2))} ${run.stderr()}`).not.toBeNull();
  expect(run.hit).toMatchObject({ where });
  run.child.kill('SIGKILL');
  expect((await run.exit).signal).toBe('SIGKILL');
  return run.hit!;
}

beforeAll(async () => {
  dir = tempDir('audit-crash');
  child = await bundle('test/robustness/crash-child.ts', dir);
  ws = path.join(dir, 'workspace.sqlite');
  await withCore(async (core) => {
    // Every sample file but one April usage file, kept for the import case.
    await call(core, 'import.commit', { files: sampleFiles().filter((f) => !f.endsWith('usage-2021-04.csv')) });
    await call(core, 'rate.run', { period: PERIOD });
    lineKey = (await call<{ rows: { key: string }[] }>(core, 'lines.list', { period: PERIOD, ownerId, limit: 1 })).rows[0]!.key;
  });
}, 60_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a change killed before its audit entry leaves neither', () => {
  const cases: [string, () => Record<string, unknown>][] = [
    ['an import', () => ({ op: 'import', file: sampleFiles().find((f) => f.endsWith('usage-2021-04.csv')) })],
    ['a rating', () => ({ op: 'rate', period: PERIOD })],
    ['an annotation', () => ({ op: 'annotate', period: PERIOD, ownerId, lineKey, text: 'typed just before the crash' })],
    ['a settings change', () => ({ op: 'settings', settings: { tolerance: '0.5', actor: 'mallory' } })],
  ];
  for (const [name, args] of cases) {
    it(name, async () => {
      const before = await withCore(snapshot);
      const hit = await killAt({ ...args(), pauseBeforeAudit: true }, 'before-audit');
      expect(hit.inTransaction).toBe(true);
      await withCore(async (core) => {
        expect(snapshot(core)).toEqual(before);
        expect((await call<{ ok: boolean }>(core, 'audit.verify', {})).ok).toBe(true);
      });
    });
  }
});

describe('a sign-off or a reopening killed before its audit entry leaves neither', () => {
  const locks = (core: Core) => core.db.prepare('SELECT owner_id, period, closed_by FROM period_locks').all();
  it('a sign-off, then a reopening', async () => {
    await withCore(async (core) => {
      const keys = (await call<{ rows: { key: string }[] }>(core, 'lines.list', { period: PERIOD, ownerId, limit: 5000 })).rows.map((r) => r.key);
      await call(core, 'lines.setReview', { period: PERIOD, ownerId, lineKeys: keys, state: 'approved' });
    });
    let before = await withCore(snapshot);
    // The lock is inserted before the entry: killed between, neither is left.
    const closing = await killAt({ op: 'call', method: 'period.close', payload: { period: PERIOD, ownerId }, pauseBeforeAudit: true }, 'before-audit');
    expect(closing.inTransaction).toBe(true);
    await withCore((core) => {
      expect(snapshot(core)).toEqual(before);
      expect(locks(core)).toEqual([]);
    });

    await withCore((core) => call(core, 'period.close', { period: PERIOD, ownerId }));
    before = await withCore(snapshot);
    const held = await withCore(locks);
    expect(held).toHaveLength(1);
    // Reopening deletes the lock before it appends its entry: killed between, the lock is back.
    const hit = await killAt(
      { op: 'call', method: 'period.reopen', payload: { period: PERIOD, ownerId, reason: 'killed' }, pauseBeforeAudit: true },
      'before-audit',
    );
    expect(hit.inTransaction).toBe(true);
    await withCore(async (core) => {
      expect(snapshot(core)).toEqual(before);
      expect(locks(core)).toEqual(held);
      await call(core, 'period.reopen', { period: PERIOD, ownerId, reason: 'done with the crash test' });
      expect((await call<{ ok: boolean }>(core, 'audit.verify', {})).ok).toBe(true);
    });
  });
});

describe('an export killed around its audit entry never leaves a workbook without its entry', () => {
  const exportEntries = (core: Core, file: string) =>
    (core.db.prepare("SELECT detail FROM audit_log WHERE action = 'export'").all() as { detail: string }[]).filter(
      (r) => (JSON.parse(r.detail) as { file: string }).file === file,
    );

  it('killed with the workbook staged and its entry not yet inserted: no file, no entry, the temporary file removed at the next start', async () => {
    const out = path.join(dir, 'before-audit.xlsx');
    await killAt({ op: 'export', period: PERIOD, ownerId, out, pauseBeforeAudit: true }, 'before-audit');
    const temps = fs.readdirSync(dir).filter((f) => f.startsWith('.before-audit.xlsx.slicewise-'));
    expect(temps).toHaveLength(1); // the complete workbook, not yet renamed
    expect(fs.existsSync(out)).toBe(false);
    await withCore((core) => {
      expect(exportEntries(core, out)).toEqual([]);
    });
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.before-audit.xlsx.'))).toEqual([]);
  });

  it('killed with its entry committed and the workbook not yet renamed: the entry, and no file', async () => {
    const out = path.join(dir, 'before-rename.xlsx');
    await killAt({ op: 'export', period: PERIOD, ownerId, out, pauseBeforeRename: true }, 'before-rename');
    expect(fs.existsSync(out)).toBe(false);
    await withCore(async (core) => {
      expect(exportEntries(core, out)).toHaveLength(1);
      expect((await call<{ ok: boolean }>(core, 'audit.verify', {})).ok).toBe(true);
    });
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.before-rename.xlsx.'))).toEqual([]);
  });

  it('completed: the file and its entry, which records the workbook SHA-256', async () => {
    const out = path.join(dir, 'done.xlsx');
    await withCore(async (core) => {
      await call(core, 'export.workbook', { period: PERIOD, ownerId, out });
      const [entry] = exportEntries(core, out);
      const { createHash } = await import('node:crypto');
      expect(JSON.parse(entry!.detail)).toMatchObject({ file: out, sha256: createHash('sha256').update(fs.readFileSync(out)).digest('hex') });
    });
  });
});
