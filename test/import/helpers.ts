// Shared helpers for the importer tests: real SQLite workspaces in a temp dir, fixture files,
// and a snapshot of every table to prove that a refused import changed nothing.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { openWorkspace, type Db } from '../../electron/core/store/open';
import { ImportError, importFile, type ImportOptions } from '../../electron/core/import';

export const FIXTURES = path.resolve(__dirname, '../fixtures/importers');

/** The repository root (this file is test/import/helpers.ts). */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/**
 * A file of the shared samples, which sit beside the repository (`../shared/samples/` from its
 * root) and are read in place, never copied. A missing sample fails the test that needs it, saying
 * where it was looked for: a test that skips itself when its data is absent proves nothing in CI.
 */
export function sharedSample(relative: string): string {
  const p = path.resolve(REPO_ROOT, '..', 'shared', 'samples', relative);
  if (!fs.existsSync(p)) throw new Error(`shared sample ${relative} is missing: looked for ${p} (../shared/samples beside the repository root ${REPO_ROOT})`);
  return p;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-importers-'));
}

export function newWorkspace(): { db: Db; dir: string } {
  const dir = tempDir();
  return { db: openWorkspace(path.join(dir, 'workspace.sqlite')), dir };
}

/** Writes a fixture file (string written as is: include BOM/CRLF yourself). */
export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

/** Count and content digest of every table of the workspace. */
export function snapshot(db: Db): Record<string, { count: number; digest: string }> {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  const out: Record<string, { count: number; digest: string }> = {};
  for (const t of tables) {
    const rows = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all();
    out[t] = { count: rows.length, digest: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
  }
  return out;
}

export function counts(db: Db): Record<string, number> {
  return Object.fromEntries(Object.entries(snapshot(db)).map(([k, v]) => [k, v.count]));
}

/**
 * Imports a file that must be refused: the error is an ImportError whose message matches every
 * pattern, and the workspace (every table, counts and content) is exactly unchanged.
 */
export async function expectRefused(db: Db, filePath: string, patterns: (string | RegExp)[], options: ImportOptions = {}): Promise<ImportError> {
  const before = snapshot(db);
  let caught: unknown;
  try {
    await importFile(db, filePath, options);
  } catch (e) {
    caught = e;
  }
  expect(caught, 'the import should have been refused').toBeInstanceOf(ImportError);
  const err = caught as ImportError;
  for (const p of patterns) {
    if (typeof p === 'string') expect(err.message).toContain(p);
    else expect(err.message).toMatch(p);
  }
  expect(snapshot(db)).toEqual(before);
  expect(db.inTransaction).toBe(false);
  return err;
}

export const USAGE_HEADER =
  'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency';

/** A usage CSV row from named values (others empty), in USAGE_HEADER order. */
export function usageRow(v: Partial<Record<string, string>>): string {
  return USAGE_HEADER.split(',')
    .map((c) => v[c] ?? '')
    .join(',');
}

export function uptime(instance: string, start: string, end: string, extra: Partial<Record<string, string>> = {}): string {
  return usageRow({
    owner_id: 'orga_1',
    item_type: 'uptime',
    item_id: 'app_1',
    item_name: 'shop',
    instance_id: instance,
    price_id: 'apps.XS',
    flavor_name: 'XS',
    zone_id: 'par',
    consumption_start: start,
    consumption_end: end,
    ...extra,
  });
}
