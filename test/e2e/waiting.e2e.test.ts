// One workspace, two processes, in the app: while another process holds the workspace's write
// transaction (a separate Node process inside BEGIN IMMEDIATE, recorded as an import the way the
// core records its writers), approving a line waits, the app says for what, and once the other
// process commits the approval lands with its audit entry — never "database is locked".
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from './harness';
import { nameReviewer, until } from './until';

const untilLong = <T>(what: string, fn: () => Promise<T>) => until(what, fn, 60_000);
const require = createRequire(import.meta.url);

// Holds the write lock until a line arrives on stdin, then commits a row of its own and exits.
const HOLDER = `
const Database = require(process.argv[1]);
const fs = require('node:fs');
const db = new Database(process.argv[2]);
db.exec('BEGIN IMMEDIATE');
db.exec("CREATE TABLE IF NOT EXISTS e2e_other_process (x INTEGER)");
db.exec('INSERT INTO e2e_other_process VALUES (1)');
fs.writeFileSync(process.argv[2] + '.writer', JSON.stringify({ pid: process.pid, what: 'import of usage-big.csv', since: Date.now() }));
process.stdout.write('held\\n');
process.stdin.once('data', () => {
  fs.rmSync(process.argv[2] + '.writer', { force: true });
  db.exec('COMMIT');
  db.close();
  process.exit(0);
});
`;

describe('a write waits for another process, in the app', () => {
  let app: App;
  let dbPath: string;
  let page: Page;
  let holder: ChildProcess | undefined;

  const reviews = () => page.$$eval('[data-testid="line-row"]', (els) => els.map((e) => e.getAttribute('data-review') ?? ''));

  beforeAll(async () => {
    app = await openApp('wait');
    ({ dbPath, page } = app);
    await nameReviewer(page);
    await page.getByTestId('load-sample').click();
    await untilLong(
      'March reconciled',
      async () => (await page.locator('[data-testid="period-row-2021-03"] .chip-ok', { hasText: 'Reconciled' }).count()) === 1,
    );
    await untilLong('the app to be idle', async () => (await page.getByTestId('busy').innerText()).trim() === '');
    await page.getByTestId('open-2021-03').click();
    await page.getByTestId('screen-invoice').waitFor();
    await untilLong('the lines', async () => (await reviews()).length === 18);
  });

  afterAll(async () => {
    holder?.kill();
    await app?.close();
  });

  it('shows what it waits for, then commits the approval and its audit entry once the other process is done', async () => {
    const approvals = () => {
      const db = new Database(dbPath, { readonly: true });
      try {
        return (db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'review'").get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    const before = approvals();
    const child = spawn(process.execPath, ['-e', HOLDER, require.resolve('better-sqlite3'), dbPath], { stdio: ['pipe', 'pipe', 'inherit'] });
    holder = child;
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
      child.once('exit', (code) => reject(new Error(`holder exited early (${code})`)));
    });

    await page.getByTestId('lines-scroll').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('a');
    const waiting = page.getByTestId('task-waiting');
    await untilLong('the waiting notice', async () => (await waiting.count()) === 1);
    expect(await waiting.innerText()).toContain(`another process's import of usage-big.csv (process ${child.pid})`);
    expect((await reviews())[0]).toBe('unreviewed');

    child.stdin!.write('go\n');
    await untilLong('line 1 approved', async () => (await reviews())[0] === 'approved');
    await untilLong('the notice gone', async () => (await waiting.count()) === 0);
    expect(await page.getByTestId('banner-error').count()).toBe(0);

    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM e2e_other_process').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
    expect(approvals()).toBe(before + 1);
  });
});
