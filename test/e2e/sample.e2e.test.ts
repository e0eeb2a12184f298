// First run: an empty workspace offers the bundled sample; one click imports and rates it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameReviewer } from './until';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const expected = JSON.parse(fs.readFileSync(path.join(root, 'resources/sample/expected.json'), 'utf8')) as {
  periods: Record<string, { totals: { total: string; counts: Record<string, number> } }>;
  focus: { periods: Record<string, { totals: { subtotalPerSecond: string } }> };
};

describe('the sample workspace button', () => {
  let server: { openUrl: string; close(): Promise<void> };
  let browser: Browser;
  let tmp: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-e2e-sample-'));
    const { startWebServer } = require(path.join(root, 'dist', 'web.cjs'));
    server = await startWebServer({ dbPath: path.join(tmp, 'workspace.sqlite'), port: 0, rendererDir: path.join(root, 'dist-renderer') });
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
    await server?.close().catch(() => undefined);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('imports, rates and reconciles every month, showing the same totals as the generator', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    await page.goto(server.openUrl);
    await nameReviewer(page);
    await page.getByTestId('load-sample').click();
    const table = page.getByTestId('periods-table');
    await table.waitFor({ timeout: 60_000 });
    // Every owner period: the organisation's months and the FOCUS account's (total = subtotal, no VAT).
    const totals = [
      ...Object.values(expected.periods).map((p) => p.totals.total),
      ...Object.values(expected.focus.periods).map((p) => p.totals.subtotalPerSecond),
    ];
    // Rated rows show their totals; wait for both (the table appears as soon as the files are in).
    await page.waitForFunction((want) => want.every((t) => document.querySelector('[data-testid="periods-table"]')?.textContent?.includes(t)), totals, {
      timeout: 60_000,
    });
    expect(await table.locator('tbody tr').count()).toBe(totals.length);
    expect(await page.getByTestId('banner-error').count()).toBe(0);
    await page.screenshot({ path: path.join(root, 'test', 'artifacts', '20-sample-loaded.png') });
  });
});
