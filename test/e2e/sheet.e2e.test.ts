// Spreadsheet habits of the invoice table (SPEC 8, docs/ui.md "Tables"), in Debian's Chromium
// against the real bridge and core on a fresh workspace with the sample: layout at 1280×720,
// the tri-state select-all, banners that clear with their cause, Ctrl+C as tab-separated text,
// columns hidden and resized across a reload, "Export this view as CSV", filters and sort in
// the address (reload, back and forward).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until, nameReviewer } from './until';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const webBundle = path.join(path.resolve(root, process.env.SLICEWISE_E2E_DIST ?? 'dist'), 'web.cjs');
const rendererDir = path.resolve(root, process.env.SLICEWISE_E2E_RENDERER ?? 'dist-renderer');
const chromiumPath = process.env.SLICEWISE_CHROMIUM ?? '/usr/bin/chromium';
const sampleDir = path.join(root, 'resources', 'sample');

interface WebServer {
  url: string;
  openUrl: string;
  close(): Promise<void>;
}

let server: WebServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let tmp: string;
const pageErrors: string[] = [];

const rows = () => page.locator('[data-testid="line-row"]');
const waitIdle = () => until('the app to be idle', async () => (await page.getByTestId('busy').innerText()).trim() === '', 120_000);

async function openMarch(): Promise<void> {
  await page.getByTestId('nav-workspace').click();
  await page.getByTestId('open-2021-03').click();
  await page.getByTestId('screen-invoice').waitFor();
  await until('the March lines', async () => (await rows().count()) > 0);
}

/** The header cells' column ids, in order. */
const headerCols = () => page.locator('[data-testid="lines-table"] .vhead [data-col]').evaluateAll((els) => els.map((e) => e.getAttribute('data-col')));

describe('spreadsheet habits of the invoice table', () => {
  beforeAll(async () => {
    if (!fs.existsSync(webBundle)) throw new Error(`${webBundle} is missing: run npm run build first`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-e2e-sheet-'));
    const { startWebServer } = require(webBundle) as { startWebServer(o: { dbPath: string; port: number; rendererDir: string }): Promise<WebServer> };
    server = await startWebServer({ dbPath: path.join(tmp, 'workspace.sqlite'), port: 0, rendererDir });
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US', timezoneId: 'UTC', acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('loads the sample workspace and rates it', async () => {
    await page.goto(server.openUrl);
    await nameReviewer(page);
    await page.getByTestId('load-sample').click();
    await waitIdle();
    await until(
      'March reconciled',
      async () => (await page.getByTestId('period-row-2021-03').locator('.chip-ok', { hasText: 'Reconciled' }).count()) === 1,
      120_000,
    );
  });

  it('at 1280×720, shows every period row’s Open button and every invoice column without scrolling sideways', async () => {
    await page.getByTestId('nav-workspace').click();
    const wrap = page.getByTestId('periods-table').locator('xpath=..');
    const fits = await wrap.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    expect(fits).toBe(true);
    for (const b of await page.locator('[data-testid^="open-2021-"]').all()) {
      const box = (await b.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1280);
      expect(box.width).toBeGreaterThan(20);
    }
    await openMarch();
    const scroll = page.getByTestId('lines-scroll');
    expect(await scroll.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    expect(await page.locator('.main').evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    const right = (await scroll.boundingBox())!.x + (await scroll.boundingBox())!.width;
    for (const col of ['status', 'review', 'var', 'billed']) {
      const box = (await page.locator(`.vhead [data-col="${col}"]`).boundingBox())!;
      expect(box.x + box.width, col).toBeLessThanOrEqual(right + 1);
    }
    // A status chip is readable in its column (not cut to a few letters).
    const chip = rows().first().locator('[role="gridcell"]').nth(14);
    expect(await chip.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
  });

  it('has a tri-state select-all: none, some (indeterminate), all of the view', async () => {
    const all = page.getByTestId('select-all');
    const total = Number(await page.getByTestId('lines-table').getAttribute('data-total'));
    expect(total).toBeGreaterThan(3);
    expect(await all.getAttribute('data-state')).toBe('none');
    await rows().nth(1).locator('input[type="checkbox"]').click();
    await until('some', async () => (await all.getAttribute('data-state')) === 'some');
    expect(await all.evaluate((el) => (el as HTMLInputElement).indeterminate)).toBe(true);
    expect(await all.isChecked()).toBe(false);
    // Clicking a partial box clears the selection; clicking it empty checks every line of the view.
    await all.click();
    await until('none', async () => (await all.getAttribute('data-state')) === 'none');
    await all.click();
    await until('all', async () => (await all.getAttribute('data-state')) === 'all');
    expect(await all.isChecked()).toBe(true);
    expect(await all.evaluate((el) => (el as HTMLInputElement).indeterminate)).toBe(false);
    expect(await page.locator('[data-testid="line-row"].checked').count()).toBe(await rows().count());
    await all.click();
    await until('none again', async () => (await all.getAttribute('data-state')) === 'none');
  });

  it('copies the checked lines with Ctrl+C as tab-separated text with a header, exact figures', async () => {
    await rows().nth(0).locator('input[type="checkbox"]').click();
    await rows().nth(2).locator('input[type="checkbox"]').click();
    await page.getByTestId('lines-scroll').focus();
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.keyboard.press('Control+c');
    const text = await until('the clipboard', async () => page.evaluate(() => navigator.clipboard.readText()));
    const lines = text.replace(/\r\n$/, '').split('\r\n');
    expect(lines).toHaveLength(3);
    const header = lines[0]!.split('\t');
    expect(header.slice(0, 4)).toEqual(['Line', 'Kind', 'Item', 'Price item']);
    expect(header).toContain('Billable time (s)');
    expect(header).toContain('Status');
    expect(header).toContain('Review');
    for (const [n, idx] of [
      [1, 0],
      [2, 2],
    ] as const) {
      const cells = lines[n]!.split('\t');
      expect(cells).toHaveLength(header.length);
      const row = rows().nth(idx);
      expect(cells[0]).toBe((await row.locator('[role="gridcell"]').nth(1).innerText()).trim());
      // Figures as stored (the cell's data-value), not as displayed.
      const billed = await row.locator('[role="gridcell"]').nth(12).locator('[data-value]').getAttribute('data-value');
      expect(cells[header.indexOf('Billed')]).toBe(billed);
      const ps = await row.locator('[role="gridcell"]').nth(7).locator('[data-value]').getAttribute('data-value');
      expect(cells[header.indexOf('Per-second')]).toBe(ps);
      expect(cells[header.indexOf('Billable time (s)')]).toMatch(/^\d+$/);
    }
    await page.getByTestId('select-all').click(); // clears
    // None checked: the cursor's line is copied.
    await until('no line checked', async () => (await page.getByTestId('select-all').getAttribute('data-state')) === 'none');
    await page.getByTestId('lines-scroll').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('j');
    await page.keyboard.press('Control+c');
    const one = await until('the cursor line copied', async () => {
      const t = await page.evaluate(() => navigator.clipboard.readText());
      return t.split('\r\n')[1]?.startsWith('2\t') ? t : '';
    });
    expect(one.replace(/\r\n$/, '').split('\r\n')).toHaveLength(2);
  });

  it('hides and resizes columns, and keeps both across a reload', async () => {
    const menu = page.getByTestId('columns-menu');
    await menu.locator('summary').click();
    await page.getByTestId('column-toggle-credit').uncheck();
    await page.getByTestId('column-toggle-inst').uncheck();
    await menu.locator('summary').click();
    expect(await headerCols()).not.toContain('credit');
    expect(await headerCols()).not.toContain('inst');
    expect(await rows().first().locator('[role="gridcell"]').count()).toBe((await headerCols()).length);
    const item = page.locator('.vhead [data-col="item"]');
    const before = (await item.boundingBox())!.width;
    const handle = (await page.getByTestId('resize-item').boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + 90, handle.y + handle.height / 2, { steps: 5 });
    await page.mouse.up();
    const after = (await item.boundingBox())!.width;
    expect(after).toBeGreaterThan(before + 60);
    await page.reload();
    await until('the lines again', async () => (await rows().count()) > 0);
    expect(await headerCols()).not.toContain('credit');
    expect(await headerCols()).not.toContain('inst');
    expect(Math.abs((await item.boundingBox())!.width - after)).toBeLessThan(2);
    // A row's cells follow the header's widths.
    const cellBox = (await rows().first().locator('[role="gridcell"]').nth(3).boundingBox())!;
    expect(Math.abs(cellBox.width - after)).toBeLessThan(2);
  });

  it('keeps filters and sort in the address: reload, back and forward', async () => {
    await page.locator('[data-testid="filter-status"] [data-value="match"]').click();
    await page.getByTestId('sort-billed').click();
    await page.getByTestId('sort-billed').click(); // descending
    await until('the hash', async () => decodeURIComponent(page.url()).includes('status=match') && page.url().includes('sort=billed&dir=desc'));
    const total = await until('the filtered total', async () => {
      const n = Number(await page.getByTestId('lines-table').getAttribute('data-total'));
      return n > 0 && n < 18 ? n : 0;
    });
    await page.reload();
    await until('the lines again', async () => (await rows().count()) > 0);
    expect(await page.locator('[data-testid="filter-status"] [data-value="match"]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('sort-billed').getAttribute('class')).toContain('active');
    expect(Number(await page.getByTestId('lines-table').getAttribute('data-total'))).toBe(total);
    await page.getByTestId('nav-workspace').click();
    await page.getByTestId('screen-workspace').or(page.getByTestId('periods-table')).first().waitFor();
    await page.goBack();
    await until(
      'the invoice, filtered',
      async () => (await page.locator('[data-testid="filter-status"] [data-value="match"]').getAttribute('aria-pressed')) === 'true',
    );
    await until('the filtered total again', async () => Number(await page.getByTestId('lines-table').getAttribute('data-total')) === total);
    // Back once more: the view before the sort (still filtered, ascending).
    await page.goBack();
    await until('the previous sort', async () => !page.url().includes('dir=desc'));
    await page.goForward();
    await until('the sort again', async () => page.url().includes('dir=desc'));
    expect(await page.getByTestId('sort-billed').getAttribute('class')).toContain('active');
  });

  it('exports the filtered, sorted view as CSV: its lines, the visible columns, exact figures', async () => {
    const total = Number(await page.getByTestId('lines-table').getAttribute('data-total'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-view-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^slicewise-orga_.*-2021-03-lines\.csv$/);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.replace(/\r\n$/, '').split('\r\n');
    expect(lines).toHaveLength(total + 1);
    const header = lines[0]!.split(',');
    expect(header).not.toContain('Credit');
    expect(header).not.toContain('Instances');
    expect(header).toContain('Billed');
    const bi = header.indexOf('Billed');
    const billed = lines.slice(1).map((l) => l.split(',')[bi]!);
    // Sorted as shown (billed, descending) and exact as stored: the first rows' data-value.
    const sorted = [...billed].sort((a, b) => Number(b) - Number(a));
    expect(billed).toEqual(sorted);
    const shown = await rows().evaluateAll((els) => els.map((e) => e.querySelectorAll('[role="gridcell"]')));
    expect(shown.length).toBeGreaterThan(0);
    const firstBilled = await rows()
      .first()
      .locator('[role="gridcell"]')
      .nth(header.indexOf('Billed') + 1)
      .locator('[data-value]')
      .getAttribute('data-value');
    expect(billed[0]).toBe(firstBilled);
    const si = header.indexOf('Status');
    for (const l of lines.slice(1)) expect(l.split(',')[si]).toBe('Match');
    // Put the columns back for what follows.
    await page.getByTestId('columns-menu').locator('summary').click();
    await page.getByTestId('columns-reset').click();
    await page.getByTestId('columns-menu').locator('summary').click();
    expect(await headerCols()).toContain('credit');
    await page.getByTestId('clear-filters').click();
  });

  it('clears a banner when its cause is gone: one per cause, a fixed import replaces its error', async () => {
    const header = fs.readFileSync(path.join(sampleDir, 'usage-2021-03.csv'), 'utf8').split('\n')[0];
    const good = 'orga_fix,uptime,app_1,app-1,inst-1,apps.XS,,par,2021-05-01T10:00:00+02:00,2021-05-01T11:00:00+02:00,,,,,,';
    const bad = good.replace('2021-05-01T11:00:00+02:00', 'not-a-date');
    const write = (name: string, row: string) => {
      const p = path.join(tmp, name);
      fs.writeFileSync(p, `${header}\n${row}\n`);
      return p;
    };
    await page.getByTestId('nav-import').click();
    for (const name of ['usage-fix-1.csv', 'usage-fix-2.csv']) {
      await page.getByTestId('file-input').setInputFiles([write(name, bad)]);
      await page.locator(`[data-testid="import-file"][data-name="${name}"]`).getByTestId('detected-format').waitFor();
      await page.getByTestId('import-commit').click();
      await page.locator(`[data-testid="import-file"][data-name="${name}"]`).getByTestId('import-result').waitFor({ timeout: 60_000 });
      await waitIdle();
      // Two failed imports: one banner for the cause, not two.
      await until('one import error banner', async () => (await page.getByTestId('banner-error').count()) === 1);
    }
    // The file fixed, the refused ones off the list: imported, and the error banner goes.
    await page.getByTestId('import-clear').click();
    await page.getByTestId('file-input').setInputFiles([write('usage-fix-3.csv', good)]);
    await page.locator('[data-testid="import-file"][data-name="usage-fix-3.csv"]').getByTestId('detected-format').waitFor();
    await page.getByTestId('import-commit').click();
    await page.locator('[data-testid="import-file"][data-name="usage-fix-3.csv"]').getByTestId('import-result').waitFor({ timeout: 60_000 });
    await waitIdle();
    await until('the error banner gone', async () => (await page.getByTestId('banner-error').count()) === 0);
    expect(await page.getByTestId('banner-ok').filter({ hasText: 'imported' }).count()).toBe(1);
  });

  it('exports the whole audit log as CSV, each entry as stored', async () => {
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').locator('tbody tr').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export-csv').click()]);
    expect(download.suggestedFilename()).toBe('slicewise-audit-log.csv');
    const file = path.join(tmp, 'audit.csv');
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFF#,Time (UTC),Actor,Action,Action code,Subject,Detail (as stored),Hash,Previous hash\r\n')).toBe(true);
    const first = page.getByTestId('audit-table').locator('tbody tr').first();
    const seq = (await first.locator('td').first().innerText()).trim();
    const hashTitle = (await first.locator('td').last().getAttribute('title')) ?? '';
    const line = text.split('\r\n')[1]!;
    expect(line.startsWith(`${seq},`)).toBe(true);
    // The full hash (the screen shows it cut), and the instant in ISO.
    const fullHash = /[0-9a-f]{64}/.exec(hashTitle)?.[0];
    expect(fullHash).toBeTruthy();
    expect(line).toContain(fullHash!);
    expect(line).toMatch(/^\d+,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,/);
    expect(text.trimEnd().split('\r\n').length - 1).toBe(Number(seq));
  });

  it('speaks French in the table’s tools', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('set-locale').selectOption('fr');
    await page.getByTestId('settings-save').click();
    await waitIdle();
    await until('the saved banner in French', async () => (await page.getByTestId('banner-ok').filter({ hasText: 'Réglages' }).count()) === 1);
    // The periods table still fits at 1280 px with the longer French words.
    await page.getByTestId('nav-workspace').click();
    const wrap = page.getByTestId('periods-table').locator('xpath=..');
    await until('the French periods table', async () => (await page.getByTestId('periods-table').innerText()).includes('Ouvrir'));
    expect(await wrap.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await openMarch();
    expect(await page.locator('.main').evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    expect(await page.getByTestId('lines-scroll').evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    expect(await page.getByTestId('export-view-csv').innerText()).toBe('Exporter cette vue en CSV');
    expect(await page.getByTestId('columns-menu').locator('summary').innerText()).toBe('Colonnes');
    expect(await page.getByTestId('select-all').getAttribute('aria-label')).toBe('Sélectionner toutes les lignes de cette vue');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('set-locale').selectOption('en');
    await page.getByTestId('settings-save').click();
    await waitIdle();
  });

  it('ran without a page error', () => {
    expect(pageErrors).toEqual([]);
  });
});
