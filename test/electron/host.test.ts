// CoreHost ⇄ worker: calls, grants, progress, crash recovery, clean close — in a real worker
// thread and in the forked-process mode used under Electron in development.
import { MIGRATIONS } from '../../electron/core/store/migrations';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../shared/contract/api';
import { CoreHost, type FileGrants } from '../../electron/host/client';
import { bundle, testBuildDir } from './fixtures/build';

let dir: string;
let workerFile: string;
const noGrants = (): FileGrants => ({ inputs: {}, outputs: {} });

beforeAll(async () => {
  dir = testBuildDir('host');
  workerFile = await bundle('test/electron/fixtures/core-double.ts', path.join(dir, 'core-double.cjs'));
});
const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of [dir, ...tmpDirs]) fs.rmSync(d, { recursive: true, force: true });
});

function tmpDb(name = 'w.sqlite'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-host-'));
  tmpDirs.push(d);
  return path.join(d, name);
}

for (const mode of ['thread', 'process'] as const) {
  describe(`CoreHost (${mode})`, () => {
    const start = (db: string) => CoreHost.start(db, workerFile, mode === 'process' ? { nodeExecutable: process.execPath } : {});

    it('runs calls in the worker against a real SQLite file and validates through the contract', async () => {
      const db = tmpDb();
      const host = start(db);
      try {
        const r = await host.call('workspace.overview', {}, noGrants());
        expect(r).toMatchObject({ ok: true, value: { dbPath: db, settings: { migrations: MIGRATIONS.length } } });
        expect(fs.existsSync(db)).toBe(true);
        expect(await host.call('no.such', {}, noGrants())).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
        expect(await host.call('audit.list', { limit: 'x' }, noGrants())).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
        expect(await host.call('reconcile.run', { period: '2025-03' }, noGrants())).toEqual({
          ok: false,
          error: { code: 'not_found', message: 'nothing to reconcile' },
        });
      } finally {
        await host.close();
      }
    });

    it('resolves only granted files and forwards throttled progress', async () => {
      const host = start(tmpDb());
      const events: ProgressEvent[] = [];
      const off = host.onProgress((e) => events.push(e));
      try {
        const input = path.join(path.dirname(tmpDb()), 'usage.csv');
        fs.writeFileSync(input, 'owner_id,item_type\no,uptime\n');
        const grants: FileGrants = { inputs: { in_a: { path: input, name: 'My usage.csv' } }, outputs: {} };
        const ok = await host.call('import.preview', { file: 'in_a' }, grants);
        expect(ok).toMatchObject({ ok: true, value: { fileName: 'My usage.csv', columns: ['owner_id', 'item_type'] } });
        const refused = await host.call('import.preview', { file: input }, grants);
        expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        // 1001 progress calls in a tight loop: first and last arrive, not all of them.
        expect(events.length).toBeGreaterThanOrEqual(2);
        expect(events.length).toBeLessThan(100);
        expect(events[0]).toMatchObject({ done: 0, total: 1000 });
        expect(events.at(-1)).toMatchObject({ done: 1000, total: 1000 });
        off();
      } finally {
        await host.close();
      }
    });

    it('answers every call with the reason when the workspace cannot be opened', async () => {
      const host = start(tmpDb('refuse-to-open.sqlite'));
      try {
        const r = await host.call('workspace.overview', {}, noGrants());
        expect(r).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/Cannot open the workspace .*newer version/) } });
      } finally {
        await host.close();
      }
    });

    it('fails calls in flight when the core dies, then restarts it on the next call', async () => {
      const host = start(tmpDb());
      try {
        const slow = host.call('audit.list', { limit: 998 }, noGrants());
        const crash = await host.call('audit.list', { limit: 999 }, noGrants());
        expect(crash).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/stopped unexpectedly/) } });
        expect(await slow).toMatchObject({ ok: false, error: { code: 'internal' } });
        expect(await host.call('audit.list', {}, noGrants())).toEqual({ ok: true, value: { total: 0, entries: [] } });
      } finally {
        await host.close();
      }
    });

    it('lets calls in flight finish before closing', async () => {
      const host = start(tmpDb());
      await host.call('audit.list', {}, noGrants()); // started
      const slow = host.call('audit.list', { limit: 998 }, noGrants());
      const closed = host.close();
      expect(await slow).toEqual({ ok: true, value: { total: 0, entries: [] } });
      await closed;
      expect(await host.call('audit.list', {}, noGrants())).toMatchObject({ ok: false, error: { message: /shutting down/ } });
    });
  });
}
