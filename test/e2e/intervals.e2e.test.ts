// Which interval is wrong, in Chromium against the real browser bridge and core: the fixture
// invoice with one over-billed detail (test/fixtures/intervals) imported through the Import
// screen, rated from the Workspace; its line's detail highlights exactly that interval, shows
// fractional seconds where they make the billed seconds, and the countable line lists its source
// rows. Then the sample's March: "Show only differing" among 16 details. Screens at 1280×720 go
// to /tmp/shots-intervals/ (SLICEWISE_SHOTS overrides) for a human to look at.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until, nameReviewer } from './until';
const untilLong = <T>(what: string, fn: () => Promise<T>) => until(what, fn, 60_000);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const fixtures = path.join(root, 'test', 'fixtures', 'intervals');
const shots = process.env.SLICEWISE_SHOTS ?? '/tmp/shots-intervals';

interface WebServer {
  openUrl: string;
  close(): Promise<void>;
}

describe('billed vs recomputed per interval, in the line detail', () => {
  let browser: Browser;
  const servers: WebServer[] = [];
  const tmps: string[] = [];

  async function openWorkspace(): Promise<Page> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-e2e-iv-'));
    tmps.push(tmp);
    const { startWebServer } = require(path.join(root, 'dist', 'web.cjs')) as {
      startWebServer(o: { dbPath: string; port: number; rendererDir: string }): Promise<WebServer>;
    };
    const server = await startWebServer({ dbPath: path.join(tmp, 'workspace.sqlite'), port: 0, rendererDir: path.join(root, 'dist-renderer') });
    servers.push(server);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'en-US', timezoneId: 'UTC' });
    await page.goto(server.openUrl);
    await nameReviewer(page);
    await page.getByTestId('screen-workspace').waitFor();
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`) });

  beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    browser = await chromium.launch({
      executablePath: process.env.SLICEWISE_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    for (const s of servers) await s.close().catch(() => undefined);
    for (const t of tmps) fs.rmSync(t, { recursive: true, force: true });
  });

  it('highlights the one over-billed interval of the fixture invoice, and lists a countable line’s source rows', async () => {
    const page = await openWorkspace();
    await page.getByTestId('nav-import').click();
    const files = ['catalog.json', 'usage-2024-03.csv', 'invoice-2024-03.json'].map((f) => path.join(fixtures, f));
    await page.getByTestId('file-input').setInputFiles(files);
    await untilLong('every preview', async () => (await page.getByTestId('detected-format').count()) === files.length);
    await page.getByTestId('import-commit').click();
    await untilLong('the import results', async () => (await page.getByTestId('import-result').count()) === files.length);
    for (const r of await page.getByTestId('import-result').allInnerTexts()) expect(r).toMatch(/^Imported /);

    await page.getByTestId('nav-workspace').click();
    await page.getByTestId('rate-all').click();
    await untilLong(
      'the month reconciled',
      async () => (await page.locator('[data-testid="period-row-2024-03"] .chip-ok', { hasText: 'Reconciled' }).count()) === 1,
    );
    await page.getByTestId('open-2024-03').click();
    await page.getByTestId('screen-invoice').waitFor();
    await page.locator('[data-testid="line-row"][data-status="over_billed"]').dblclick();

    const detail = page.getByTestId('line-detail');
    const comparison = detail.getByTestId('interval-comparison');
    await comparison.waitFor();
    const rows = comparison.getByTestId('comparison-row');
    expect(await rows.count()).toBe(4);
    // Four details, no toggle needed; exactly one highlighted: instance i-b, 3.00 more than recomputed.
    expect(await comparison.getByTestId('only-differing').count()).toBe(0);
    const wrong = comparison.locator('[data-testid="comparison-row"][data-differs="true"]');
    expect(await wrong.count()).toBe(1);
    expect(await wrong.getAttribute('data-instance')).toBe('i-b');
    expect(await wrong.getAttribute('data-status')).toBe('over_billed');
    expect(await wrong.getByTestId('comparison-difference').getAttribute('data-value')).toBe('3.00');
    // Where it was billed, in words; the JSON path on the cell.
    expect(await wrong.innerText()).toContain('line 1, interval 2');
    expect(await wrong.locator('[data-path]').getAttribute('data-path')).toBe('uptimes[0].details[1]');
    const background = await wrong.evaluate((el) => getComputedStyle(el).backgroundColor);
    const plain = await rows.filter({ hasNot: page.locator('.row-differs') }).first();
    expect(background).not.toBe(await plain.evaluate((el) => getComputedStyle(el.closest('tr')!).backgroundColor));
    expect(await comparison.getByTestId('comparison-summary').innerText()).toContain('1 of 4 intervals differ');

    // 11:00:00.400Z → 11:00:01.500Z (12:00 in Paris) bills 2 s: its fractions are shown.
    const short = rows.filter({ hasText: '12:00:00.4' });
    expect(await short.count()).toBe(1);
    expect(await short.innerText()).toContain('12:00:01.5');
    expect((await short.locator('td').nth(2).innerText()).trim()).toBe('2');
    // The microsecond start, to the digit.
    expect(await comparison.innerText()).toContain('09:00:00.000001');

    await wrong.scrollIntoViewIfNeeded();
    await shot(page, 'line-detail-over-billed-interval');

    await page.keyboard.press('Escape');
    await untilLong('the detail to close', async () => (await page.getByTestId('line-detail').count()) === 0);
    await page.locator('[data-testid="line-row"][data-key*="|countable|"]').dblclick();
    const sources = page.getByTestId('line-detail').getByTestId('source-rows');
    await sources.waitFor();
    const sourceRows = await sources.getByTestId('source-row').allInnerTexts();
    expect(sourceRows).toHaveLength(2);
    expect(sourceRows[0]).toContain('usage-2024-03.csv');
    expect(sourceRows[0]).toContain('row 6');
    expect(sourceRows[1]).toContain('row 7');
    expect(await page.getByTestId('line-detail').getByTestId('interval-comparison').count()).toBe(0);
    await shot(page, 'line-detail-countable-source-rows');
    expect(await page.getByTestId('banner-error').count()).toBe(0);
    await page.close();
  });

  it('shows only the differing interval among the sample March line’s 16, all of them on request', async () => {
    const page = await openWorkspace();
    await page.getByTestId('load-sample').click();
    await untilLong(
      'March reconciled',
      async () => (await page.locator('[data-testid="period-row-2021-03"] .chip-ok', { hasText: 'Reconciled' }).count()) === 1,
    );
    await page.getByTestId('open-2021-03').click();
    await page.getByTestId('screen-invoice').waitFor();
    await page.locator('[data-testid="line-row"][data-status="over_billed"]').dblclick();
    const comparison = page.getByTestId('line-detail').getByTestId('interval-comparison');
    await comparison.waitFor();
    const toggle = comparison.getByTestId('only-differing');
    expect(await toggle.isChecked()).toBe(true);
    const rows = comparison.getByTestId('comparison-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-instance')).toBe('69457b5d-5545-427a-aa6a-a792bc11eb03');
    await comparison.scrollIntoViewIfNeeded();
    await shot(page, 'line-detail-sample-only-differing');
    await toggle.uncheck();
    await untilLong('every interval', async () => (await rows.count()) === 16);
    expect(await comparison.locator('[data-testid="comparison-row"][data-differs="true"]').count()).toBe(1);
    await comparison.locator('[data-testid="comparison-row"][data-differs="true"]').scrollIntoViewIfNeeded();
    await shot(page, 'line-detail-sample-all-intervals');
    expect(await page.getByTestId('banner-error').count()).toBe(0);
    await page.close();
  });
});
