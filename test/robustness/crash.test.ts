// Crash safety (issue #5.3): a child process works on a real workspace file and is SIGKILLed in
// the middle of an import, a rating and an export. After each crash the workspace reopens intact
// (integrity_check = ok), nothing half-done is visible, what people typed (reviews, annotations)
// is untouched, and the same operation then succeeds.
//
// The child (crash-child.ts, bundled here with esbuild) freezes itself at the chosen point and
// says so on stdout, so every kill lands mid-operation, deterministically: inside the import
// transaction past half the file, inside the transaction that replaces a stored rating, and while
// the workbook's temporary file is half written.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, type Manifest } from '../../bench/gen.mjs';
import { openCore, type Core } from '../../electron/core';
import { cliContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { bundle, peopleState, runChild, schemaOf, tableCounts, tempDir } from './helpers';

const BIG_ROWS = 200_000;
const SMALL_PERIOD = '2021-02';
const BIG_PERIOD = '2021-03';

let dir: string;
let child: string;
let ws: string;
let small: Manifest;
let big: Manifest;
let outXlsx: string;
let lineKeys: string[] = [];

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

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function integrity(core: Core): string {
  return (core.db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
}

beforeAll(async () => {
  dir = tempDir('crash');
  child = await bundle('test/robustness/crash-child.ts', dir);
  const data = path.join(dir, 'data');
  small = generate({ size: 3000, period: SMALL_PERIOD, out: data, invoice: false, seed: 11 });
  big = generate({ size: BIG_ROWS, period: BIG_PERIOD, out: data, invoice: false, seed: 11 });
  ws = path.join(dir, 'workspace.sqlite');
  outXlsx = path.join(dir, 'out', 'feb.xlsx');
  fs.mkdirSync(path.dirname(outXlsx));
  // The state people built before any crash: a rated period, reviews, annotations, an export.
  await withCore(async (core) => {
    const imported = await call<{ results: { ok: boolean; error?: string }[] }>(core, 'import.commit', {
      files: [small.files.catalog, small.files.credits, small.files.usage],
    });
    expect(imported.results.map((r) => r.error ?? 'ok')).toEqual(['ok', 'ok', 'ok']);
    await call(core, 'rate.run', { period: SMALL_PERIOD });
    const page = await call<{ rows: { key: string }[] }>(core, 'lines.list', { period: SMALL_PERIOD, ownerId: small.ownerId, limit: 10 });
    lineKeys = page.rows.map((r) => r.key);
    await call(core, 'lines.setReview', { period: SMALL_PERIOD, ownerId: small.ownerId, lineKeys: lineKeys.slice(0, 2), state: 'approved' });
    await call(core, 'lines.setReview', {
      period: SMALL_PERIOD,
      ownerId: small.ownerId,
      lineKeys: [lineKeys[2]],
      state: 'disputed',
      reason: 'Disputed before the crash',
    });
    for (const [i, key] of lineKeys.slice(0, 3).entries()) {
      await call(core, 'lines.annotate', {
        period: SMALL_PERIOD,
        ownerId: small.ownerId,
        lineKey: key,
        text: `checked before the crash #${i} — "quotes", 'apostrophes', ünïcödé`,
      });
    }
    await call(core, 'export.workbook', { period: SMALL_PERIOD, ownerId: small.ownerId, out: outXlsx });
  });
}, 60_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('crash safety (SIGKILL mid-operation)', () => {
  it('a re-rating killed inside its store transaction leaves the previous rating, reviews and annotations intact', async () => {
    const before = await withCore((core) => ({
      run: core.db.prepare('SELECT * FROM rating_runs WHERE period = ?').get(SMALL_PERIOD),
      lines: core.db.prepare('SELECT line_key, line_json FROM rated_lines ORDER BY line_key').all(),
      reconciled: core.db.prepare('SELECT line_key, status FROM reconciled_lines ORDER BY line_key').all(),
      people: peopleState(core.db),
      counts: tableCounts(core.db),
    }));
    expect(before.people.annotations).toHaveLength(3);
    expect(before.people.reviews).toHaveLength(3);

    const run = await runChild(child, { op: 'rate', db: ws, period: SMALL_PERIOD, pauseAfterRows: 20 }, (e) => e.event === 'paused');
    expect(run.hit, `child ended before the pause: ${JSON.stringify(run.events.slice(-2))} ${run.stderr()}`).not.toBeNull();
    expect(run.hit).toMatchObject({ where: 'rate-store', rows: 20, inTransaction: true });
    run.child.kill('SIGKILL');
    expect((await run.exit).signal).toBe('SIGKILL');

    await withCore(async (core) => {
      expect(integrity(core)).toBe('ok');
      expect(core.db.prepare('SELECT * FROM rating_runs WHERE period = ?').get(SMALL_PERIOD)).toEqual(before.run);
      expect(core.db.prepare('SELECT line_key, line_json FROM rated_lines ORDER BY line_key').all()).toEqual(before.lines);
      expect(core.db.prepare('SELECT line_key, status FROM reconciled_lines ORDER BY line_key').all()).toEqual(before.reconciled);
      expect(peopleState(core.db)).toEqual(before.people);
      expect(tableCounts(core.db)).toEqual(before.counts);
      expect((await call<{ ok: boolean }>(core, 'audit.verify', {})).ok).toBe(true);
      // And the same rating then succeeds; what people typed survives it too.
      const r = await call<{ rated: { lines: number }[] }>(core, 'rate.run', { period: SMALL_PERIOD });
      expect(r.rated[0]!.lines).toBe(small.expected.ratedLines);
      expect(peopleState(core.db)).toEqual(before.people);
    });
  });

  it('an export killed mid-write leaves no partial workbook at the target path (the previous file is untouched)', async () => {
    const previous = sha(outXlsx);
    const auditBefore = await withCore((core) => tableCounts(core.db).audit_log);

    const run = await runChild(
      child,
      { op: 'export', db: ws, period: SMALL_PERIOD, ownerId: small.ownerId, out: outXlsx, pauseOnSheet: 'Details' },
      (e) => e.event === 'paused',
    );
    expect(run.hit, `child ended before the pause: ${JSON.stringify(run.events.slice(-2))} ${run.stderr()}`).not.toBeNull();
    // The temporary file exists and is being written while the child is frozen.
    const during = fs.readdirSync(path.dirname(outXlsx)).filter((f) => f !== 'feb.xlsx');
    expect(during.length).toBeGreaterThan(0);
    run.child.kill('SIGKILL');
    expect((await run.exit).signal).toBe('SIGKILL');

    // What is left: the previous workbook, byte for byte, and the dead writer's temporary file,
    // a dot-file next to it (.feb.xlsx.<pid>.<random>.tmp); nothing else.
    expect(sha(outXlsx)).toBe(previous);
    const left = fs.readdirSync(path.dirname(outXlsx)).filter((f) => f !== 'feb.xlsx');
    expect(left).toEqual(during);
    for (const f of left) expect(f).toMatch(/^\.feb\.xlsx\.slicewise-\d+-[0-9a-f]+\.tmp$/);

    await withCore(async (core) => {
      expect(integrity(core)).toBe('ok');
      expect(tableCounts(core.db).audit_log).toBe(auditBefore); // no "export" entry for a workbook never written
      // Reopening removed the dead writer's temporary file.
      expect(fs.readdirSync(path.dirname(outXlsx))).toEqual(['feb.xlsx']);
      // The same export then succeeds and gives a complete workbook.
      const r = await call<{ bytes: number }>(core, 'export.workbook', { period: SMALL_PERIOD, ownerId: small.ownerId, out: outXlsx });
      expect(r.bytes).toBe(fs.statSync(outXlsx).size);
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(outXlsx);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Lines', 'Details', 'Credits', 'Audit', 'Disputes']);
    expect(wb.getWorksheet('Details')!.rowCount).toBe(1 + small.rows.intervals);
  });

  it(`an import of ${BIG_ROWS.toLocaleString('en')} rows killed inside its transaction leaves no batch and no rows; the same import then succeeds`, async () => {
    const before = await withCore((core) => ({ counts: tableCounts(core.db), people: peopleState(core.db), schema: schemaOf(core.db) }));
    expect(before.schema.filter((o) => (o as { type: string }).type === 'index').length).toBeGreaterThan(0);

    const run = await runChild(child, { op: 'import', db: ws, file: big.files.usage, pauseAt: 0.5 }, (e) => e.event === 'paused');
    expect(run.hit, `child ended before the pause: ${JSON.stringify(run.events.slice(-2))} ${run.stderr()}`).not.toBeNull();
    expect(run.hit).toMatchObject({ where: 'import' });
    expect(Number(run.hit!.done)).toBeGreaterThanOrEqual(0.5 * Number(run.hit!.total));
    // While the child is frozen past half the file, its write transaction is open (another writer
    // is refused at once) and none of its rows is visible to a reader.
    const probe = new Database(ws, { timeout: 0 });
    try {
      expect(() => probe.exec('BEGIN IMMEDIATE')).toThrow(/busy|locked/i);
      expect((probe.prepare('SELECT count(*) AS n FROM usage_intervals').get() as { n: number }).n).toBe(before.counts.usage_intervals);
      // (A large import may drop usage_intervals' indexes inside its transaction and build them at the end; readers still see them.)
      expect(schemaOf(probe)).toEqual(before.schema);
    } finally {
      probe.close();
    }
    run.child.kill('SIGKILL');
    expect((await run.exit).signal).toBe('SIGKILL');

    await withCore(async (core) => {
      expect(integrity(core)).toBe('ok');
      expect(schemaOf(core.db)).toEqual(before.schema); // every index is there again
      expect(tableCounts(core.db)).toEqual(before.counts);
      expect(core.db.prepare('SELECT count(*) AS n FROM import_batches WHERE file_name = ?').get(path.basename(big.files.usage))).toEqual({ n: 0 });
      expect(peopleState(core.db)).toEqual(before.people);
      expect((await call<{ ok: boolean }>(core, 'audit.verify', {})).ok).toBe(true);

      const r = await call<{ results: { ok: boolean; rowCount?: number; error?: string }[] }>(core, 'import.commit', { files: [big.files.usage] });
      expect(r.results[0]).toMatchObject({ ok: true, rowCount: BIG_ROWS });
      const after = tableCounts(core.db);
      expect(after.import_batches).toBe(before.counts.import_batches! + 1);
      expect(after.usage_intervals! + after.usage_countables! + after.usage_classic!).toBe(
        before.counts.usage_intervals! + before.counts.usage_countables! + before.counts.usage_classic! + BIG_ROWS,
      );
      expect(peopleState(core.db)).toEqual(before.people);
      expect(schemaOf(core.db)).toEqual(before.schema);
      expect(integrity(core)).toBe('ok');
    });
  });
});
