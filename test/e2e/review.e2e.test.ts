// Review integrity in the app (SPEC 5), in Debian's Chromium against the real bridge and core on a
// fresh workspace file: approve a line, import more usage for it, rate again, and see the line
// marked changed since review — in the table, the Workspace's period row, the line detail (what it
// was reviewed on, what it is now) and its history — then approve it again; a dispute asks for its
// reason and a resolution for the provider's credit note.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './until';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const webBundle = path.join(path.resolve(root, process.env.SLICEWISE_E2E_DIST ?? 'dist'), 'web.cjs');
const rendererDir = path.resolve(root, process.env.SLICEWISE_E2E_RENDERER ?? 'dist-renderer');
const chromiumPath = process.env.SLICEWISE_CHROMIUM ?? '/usr/bin/chromium';
const artifacts = path.join(root, 'test', 'artifacts');

const OWNER = 'orga_4c1d7e2a-8b3f-4e6d-9a21-5f0c7b9e3d14';
const APP = 'app_5e0c3f9a-1b2d-4e8f-a7c6-0d9e8f7a6b51';
const KEY = `${OWNER}|application|${APP}|apps.XS`;

interface WebServer {
  url: string;
  openUrl: string;
  close(): Promise<void>;
}

let server: WebServer;
let browser: Browser;
let page: Page;
let tmp: string;
const pageErrors: string[] = [];

const row = () => page.locator(`[data-testid="line-row"][data-key="${KEY}"]`);
const waitIdle = () => until('the app to be idle', async () => (await page.getByTestId('busy').innerText()).trim() === '', 120_000);

async function openMarch(): Promise<void> {
  await page.getByTestId('nav-workspace').click();
  await page.getByTestId('open-2021-03').click();
  await page.getByTestId('screen-invoice').waitFor();
  await until('the March lines', async () => (await page.locator('[data-testid="line-row"]').count()) > 0);
}

describe('review integrity in a browser', () => {
  beforeAll(async () => {
    if (!fs.existsSync(webBundle)) throw new Error(`${webBundle} is missing: run npm run build first`);
    fs.mkdirSync(artifacts, { recursive: true });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-e2e-review-'));
    const { startWebServer } = require(webBundle) as { startWebServer(o: { dbPath: string; port: number; rendererDir: string }): Promise<WebServer> };
    server = await startWebServer({ dbPath: path.join(tmp, 'workspace.sqlite'), port: 0, rendererDir });
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US', timezoneId: 'UTC' });
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
    await page.getByTestId('load-sample').click();
    await waitIdle();
    await until(
      'March reconciled',
      async () => (await page.getByTestId('period-row-2021-03').locator('.chip-ok', { hasText: 'Reconciled' }).count()) === 1,
      120_000,
    );
  });

  it('approves the shop-frontend XS line', async () => {
    await openMarch();
    await row().dblclick();
    const detail = page.getByTestId('line-detail');
    await detail.getByTestId('review-approved').click();
    await until('approved', async () => (await row().getAttribute('data-review')) === 'approved');
    await until('the figures it was given on', async () => (await detail.getByTestId('review-figures').count()) === 1);
    expect(await row().getAttribute('data-changed')).toBeNull();
    await detail.getByTestId('detail-close').click();
  });

  it('after more usage is imported and the month rated again, the line shows changed since review', async () => {
    const late = path.join(tmp, 'usage-2021-03-late.csv');
    fs.writeFileSync(
      late,
      'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency\n' +
        `${OWNER},uptime,${APP},shop-frontend,late-1,apps.XS,XS,par,2021-03-20T10:00:00+01:00,2021-03-20T11:00:00+01:00,,,,,,\n`,
    );
    await page.getByTestId('nav-import').click();
    await page.getByTestId('file-input').setInputFiles([late]);
    await page.getByTestId('detected-format').waitFor();
    await page.getByTestId('import-commit').click();
    await until('the import', async () => (await page.getByTestId('import-result').allInnerTexts()).some((t) => t.startsWith('Imported ')), 60_000);
    await waitIdle();
    await page.getByTestId('nav-workspace').click();
    await page.getByTestId('rate-2021-03').click();
    await waitIdle();
    await until(
      'the period row counts it',
      async () => (await page.getByTestId('period-row-2021-03').getByTestId('period-changed').innerText()) === '1 changed',
    );

    await openMarch();
    await until('the row flagged', async () => (await row().getAttribute('data-changed')) === 'true');
    expect(await row().getAttribute('data-review')).toBe('approved');
    expect(await row().getByTestId('changed-badge').innerText()).toBe('changed');
    await page.getByTestId('filter-changed').click();
    await until('only the changed line', async () => (await page.getByTestId('lines-table').getAttribute('data-total')) === '1');

    await row().dblclick();
    const detail = page.getByTestId('line-detail');
    const banner = detail.getByTestId('changed-since-review');
    await banner.waitFor();
    const text = await banner.innerText();
    expect(text).toContain('Changed since review');
    expect(text).toMatch(/Reviewed on/);
    expect(text).toMatch(/Now/);
    await until('the history says it', async () => (await detail.getByTestId('history').innerText()).includes('Changed since review: recomputed'));
    await page.screenshot({ path: path.join(artifacts, 'review-changed-since-review.png') });

    // Approved again: on the new figures, the mark gone.
    await detail.getByTestId('review-approved').click();
    await until('the mark gone', async () => (await detail.getByTestId('changed-since-review').count()) === 0);
    await until('the table follows', async () => (await page.getByTestId('lines-table').getAttribute('data-total')) === '0');
    await detail.getByTestId('detail-close').click();
    await page.getByTestId('filter-changed').click();
  });

  it('a dispute asks for its reason, a resolution for the credit note; Cancel records nothing', async () => {
    await row().dblclick();
    const detail = page.getByTestId('line-detail');
    await detail.getByTestId('review-disputed').click();
    await page.getByTestId('review-dialog').waitFor();
    await page.getByTestId('review-dialog-cancel').click();
    await until('the dialog closed', async () => (await page.getByTestId('review-dialog').count()) === 0);
    expect(await row().getAttribute('data-review')).toBe('approved');

    await detail.getByTestId('review-disputed').click();
    await page.getByTestId('review-reason').fill('One more hour than the provider billed');
    await page.getByTestId('review-dialog-ok').click();
    await until('disputed', async () => (await row().getAttribute('data-review')) === 'disputed');
    await until('the reason shown', async () =>
      (await detail.getByTestId('review-reason-text').innerText()).includes('One more hour than the provider billed'),
    );

    await detail.getByTestId('review-resolved').click();
    await page.getByTestId('review-credit-note').fill('AV-2021-0042');
    await page.getByTestId('review-credit-amount').fill('0,03');
    await page.getByTestId('review-dialog-ok').click();
    await until('resolved', async () => (await row().getAttribute('data-review')) === 'resolved');
    await until('the credit note shown', async () => (await detail.getByTestId('review-credit').innerText()).includes('AV-2021-0042'));
    expect(await detail.getByTestId('review-credit').innerText()).toContain('0.03');
    expect(pageErrors).toEqual([]);
  });
});
