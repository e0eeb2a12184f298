// The rooms' boundaries (eslint.config.js, docs/architecture.md) proved on small snippets placed at
// virtual paths: each rule fires on a crossing, and a permitted import stays quiet.
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The rule ids reported on `code` as if it were the file at `filePath` (from the repository root). */
async function rules(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal, 'the snippet parses').toEqual([]);
  return result!.messages.map((m) => m.ruleId ?? '').filter((r) => r.startsWith('slicewise/') || r === 'no-restricted-globals');
}

const IMPORTS = 'slicewise/imports';
const SQL = 'slicewise/no-sql';
const GLOBALS = 'no-restricted-globals';

describe('shared/ imports nothing outside itself, no Node, no DOM', () => {
  it('refuses imports that leave shared/, at any depth and in any form', async () => {
    expect(await rules('shared/fixture.ts', "import { openWorkspace } from '../electron/core/store/open';\nexport { openWorkspace };\n")).toEqual([IMPORTS]);
    expect(await rules('shared/rating/fixture.ts', "import { formatMoney } from '../../renderer/src/lib/format';\nexport { formatMoney };\n")).toEqual([
      IMPORTS,
    ]);
    expect(await rules('shared/rating/fixture.ts', "export { dispatch } from '../../electron/core/api/dispatch';\n")).toEqual([IMPORTS]);
    expect(await rules('shared/fixture.ts', "export type Db = import('../electron/core/store/open').Db;\n")).toEqual([IMPORTS]);
  });

  it('refuses Node built-ins, with or without node:', async () => {
    expect(await rules('shared/fixture.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toEqual([IMPORTS]);
    expect(await rules('shared/rating/fixture.ts', "import { createHash } from 'crypto';\nexport const h = createHash;\n")).toEqual([IMPORTS]);
  });

  it('refuses Node and DOM globals', async () => {
    expect(await rules('shared/fixture.ts', 'export const dark = window.matchMedia("(prefers-color-scheme: dark)");\n')).toEqual([GLOBALS]);
    expect(await rules('shared/fixture.ts', 'export const el = document.body;\n')).toEqual([GLOBALS]);
    expect(await rules('shared/fixture.ts', 'export const tz = process.env.TZ;\n')).toEqual([GLOBALS]);
  });

  it('allows shared/ modules and packages', async () => {
    const code =
      "import Decimal from 'decimal.js';\nimport { z } from 'zod';\nimport { toMinor } from '../money';\nimport type { Kind } from '../kinds';\nexport const x = [Decimal, z, toMinor] as const;\nexport type K = Kind;\n";
    expect(await rules('shared/rating/fixture.ts', code)).toEqual([]);
  });
});

describe('SQL text only in electron/core/store/', () => {
  const queries = [
    "db.prepare('SELECT id FROM import_batches WHERE id = ?').get(1);",
    'db.prepare(`\n  INSERT INTO usage_intervals (a, b)\n  VALUES (?, ?)`).run(1, 2);',
    'db.prepare(`UPDATE settings SET value = ${"?"} WHERE key = ?`).run(1, 2);',
    "db.exec('DELETE FROM runs');",
    "db.exec('BEGIN IMMEDIATE');",
    "db.exec('COMMIT');",
    "db.exec('create table t (a)');",
    "db.prepare('insert or replace into t values (?)');",
    "db.prepare('WITH x AS (SELECT 1) SELECT * FROM x');",
    "const cols = 'a, b'; db.prepare('SELECT ' + cols + ' FROM t');",
    "db.pragma('foreign_keys = ON');",
  ];

  it.each(queries)('reports %s outside the store', async (q) => {
    const found = await rules('electron/core/jobs/fixture.ts', `declare const db: any;\n${q}\n`);
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found)).toEqual(new Set([SQL]));
  });

  it('reports SQL in an adapter and in the renderer', async () => {
    expect(await rules('electron/cli/fixture.ts', "export const q = 'SELECT * FROM audit_log';\n")).toEqual([SQL]);
    expect(await rules('renderer/src/fixture.ts', "export const q = 'DELETE FROM reviews';\n")).toEqual([SQL]);
  });

  it('allows the same text in the store, in tests and in the bench', async () => {
    for (const file of ['electron/core/store/fixture.ts', 'test/core/fixture.test.ts', 'bench/fixture.ts']) {
      expect(await rules(file, `declare const db: any;\n${queries.join('\n')}\n`), file).toEqual([]);
    }
  });

  it('leaves words that only look like SQL alone', async () => {
    const code =
      "export const a = 'Select a file from your disk';\nexport const b = (tag: string) => tag === 'SELECT' || tag === 'INPUT';\nexport const c = 'Update the settings';\nexport const d = 'delete from the list';\n";
    expect(await rules('renderer/src/fixture.ts', code)).toEqual([]);
  });
});

describe('renderer/ imports only renderer/ and shared/', () => {
  it('refuses the core, the adapters and Node', async () => {
    expect(await rules('renderer/src/fixture.ts', "import { openCore } from '../../electron/core/index';\nexport { openCore };\n")).toEqual([IMPORTS]);
    expect(await rules('renderer/src/screens/fixture.tsx', "import { CoreHost } from '../../../electron/host/client';\nexport { CoreHost };\n")).toEqual([
      IMPORTS,
    ]);
    expect(await rules('renderer/src/fixture.ts', "import path from 'node:path';\nexport const p = path;\n")).toEqual([IMPORTS]);
    expect(await rules('renderer/src/fixture.ts', 'export const home = process.env.HOME;\n')).toEqual([GLOBALS]);
  });

  it('allows renderer/, shared/ and packages', async () => {
    const code =
      "import { create } from 'zustand';\nimport { formatMoney } from './lib/format';\nimport type { ApiContract } from '../../shared/contract/api';\nexport const x = [create, formatMoney, window.location] as const;\nexport type A = ApiContract;\n";
    expect(await rules('renderer/src/fixture.ts', code)).toEqual([]);
  });
});

describe('adapters reach the core only through its index and api/', () => {
  const inside = ['store/open', 'store/audit', 'import/index', 'import', 'jobs/rate', 'export/workbook/index'];

  it.each(inside)('refuses core/%s from each adapter', async (target) => {
    expect(await rules('electron/cli/fixture.ts', `import * as m from '../core/${target}';\nexport { m };\n`)).toEqual([IMPORTS]);
    expect(await rules('electron/web/fixture.ts', `export const m = () => import('../core/${target}');\n`)).toEqual([IMPORTS]);
    expect(await rules('electron/host/fixture.ts', `export type M = typeof import('../core/${target}');\n`)).toEqual([IMPORTS]);
    expect(await rules('electron/main.ts', `import * as m from './core/${target}';\nexport { m };\n`)).toEqual([IMPORTS]);
    expect(await rules('electron/preload.ts', `export * from './core/${target}';\n`)).toEqual([IMPORTS]);
  });

  it('allows the core index, api/, shared/ and other shell modules', async () => {
    const code =
      "import { openCore } from '../core/index';\nimport * as core from '../core';\nimport { dispatch } from '../core/api/dispatch';\nimport type { FileGrants } from '../core/api/context';\nimport { CONTENT_SECURITY_POLICY } from '../security';\nimport type { Settings } from '../../shared/contract/api';\nexport const x = [openCore, core, dispatch, CONTENT_SECURITY_POLICY] as const;\nexport type X = FileGrants | Settings;\n";
    expect(await rules('electron/web/fixture.ts', code)).toEqual([]);
  });
});

describe('inside the core: the store is reached from its stages, and reaches only shared/', () => {
  it('lets import/, jobs/, export/, api/ and the index use the store', async () => {
    for (const file of [
      'electron/core/import/fixture.ts',
      'electron/core/jobs/fixture.ts',
      'electron/core/export/fixture.ts',
      'electron/core/api/fixture.ts',
    ]) {
      expect(await rules(file, "import { openWorkspace } from '../store/open';\nexport { openWorkspace };\n"), file).toEqual([]);
    }
    expect(await rules('electron/core/fixture.ts', "import { openWorkspace } from './store/open';\nexport { openWorkspace };\n")).toEqual([]);
  });

  it('keeps the store to itself and shared/', async () => {
    expect(await rules('electron/core/store/fixture.ts', "import { ApiError } from '../api/dispatch';\nexport { ApiError };\n")).toEqual([IMPORTS]);
    expect(await rules('electron/core/store/fixture.ts', "import { importFile } from '../import/index';\nexport { importFile };\n")).toEqual([IMPORTS]);
    const ok =
      "import Database from 'better-sqlite3';\nimport fs from 'node:fs';\nimport { recordAudit } from './audit';\nimport init from './migrations/001_init.sql';\nimport { periodOf } from '../../../shared/time';\nexport const x = [Database, fs, recordAudit, init, periodOf] as const;\n";
    expect(await rules('electron/core/store/fixture.ts', ok)).toEqual([]);
  });

  it('keeps the core away from the adapters and the renderer', async () => {
    expect(await rules('electron/core/jobs/fixture.ts', "import { CoreHost } from '../../host/client';\nexport { CoreHost };\n")).toEqual([IMPORTS]);
    expect(await rules('electron/core/api/fixture.ts', "import { route } from '../../../renderer/src/lib/route';\nexport { route };\n")).toEqual([IMPORTS]);
  });
});
