// A FOCUS file as a finance user meets it: saved by a spreadsheet (US short dates), imported once
// its date format is chosen, with its invoice totals; then its period opened in the UI, its
// invoices compared, a broken row found and a missing total typed in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APRIL_FOCUS, APRIL_TOTALS } from '../focus/fixtures';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const webBundle = path.join(path.resolve(root, process.env.SLICEWISE_E2E_DIST ?? 'dist'), 'web.cjs');
const rendererDir = path.resolve(root, process.env.SLICEWISE_E2E_RENDERER ?? 'dist-renderer');
const artifacts = path.join(root, 'test', 'artifacts');

/** Polls until fn returns a truthy value (or throws after the timeout). */
async function until<T>(what: string, fn: () => Promise<T>, timeout = 30_000): Promise<T> {
  const start = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() - start > timeout) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The April file as a spreadsheet saves it: 2025-04-03T00:00:00Z becomes 4/3/2025. */
const spreadsheetApril = APRIL_FOCUS.replace(/2025-(\d\d)-(\d\d)T00:00:00Z/g, (_, m: string, d: string) => `${Number(m)}/${Number(d)}/2025`);

describe('a FOCUS period in the UI', () => {
  let server: { openUrl: string; close(): Promise<void> };
  let browser: Browser;
  let page: Page;
  let tmp: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(webBundle)) throw new Error(`${webBundle} is missing: run \`node scripts/e2e.mjs\` (or npm run build) first`);
    fs.mkdirSync(artifacts, { recursive: true });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-e2e-focus-'));
    const { startWebServer } = require(webBundle);
    server = await startWebServer({ dbPath: path.join(tmp, 'workspace.sqlite'), port: 0, rendererDir });
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
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses the spreadsheet dates until their format is chosen, then imports the rows and the totals', async () => {
    const focus = path.join(tmp, 'cloudy-focus-2025-04.csv');
    const totals = path.join(tmp, 'cloudy-totals-2025-04.csv');
    fs.writeFileSync(focus, spreadsheetApril);
    fs.writeFileSync(totals, APRIL_TOTALS);
    await page.goto(server.openUrl);
    await page.getByTestId('nav-import').click();
    await page.getByTestId('file-input').setInputFiles([focus, totals]);
    await until('both previews', async () => (await page.getByTestId('detected-format').count()) === 2);
    const errors = page.getByTestId('preview-errors');
    await until('the date error', async () => (await errors.first().innerText()).includes('is a spreadsheet-formatted date'));
    await page.getByTestId('csv-date-format').selectOption('M/D/YYYY');
    await until('the previews without errors', async () => (await page.getByTestId('preview-errors').count()) === 0);
    await page.getByTestId('import-commit').click();
    await until('the results', async () => (await page.getByTestId('import-result').count()) === 2, 60_000);
    for (const r of await page.getByTestId('import-result').allInnerTexts()) expect(r).toMatch(/^Imported /);
  });

  it('lists the billing accounts as owners of April, rates them, and shows the invoice checks', async () => {
    await page.getByTestId('nav-workspace').click();
    const row = page.locator('[data-testid="period-row-2025-04"][data-owner="acct-1:USD"]');
    await row.waitFor();
    expect(await row.getByTestId('focus-account').innerText()).toBe('Acme Cloud · Cloudy');
    await row.getByTestId('rate-2025-04').click();
    await until('the totals chip', async () => (await row.getByTestId('focus-totals').innerText()).includes('2 invoices ≠ rows'), 60_000);
    expect(await row.getByTestId('focus-flagged').innerText()).toBe('2 row checks fail');
    await page.screenshot({ path: path.join(artifacts, '40-focus-workspace.png') });
  });

  it('opens the period: lines, invoices, the flagged rows and a typed total', async () => {
    await page.locator('[data-testid="period-row-2025-04"][data-owner="acct-1:USD"]').getByTestId('open-2025-04').click();
    await page.getByTestId('screen-invoice').waitFor();
    await until('the five lines', async () => (await page.getByTestId('lines-table').getAttribute('data-total')) === '5');
    const invoices = page.getByTestId('focus-invoice');
    expect(await invoices.evaluateAll((els) => els.map((e) => [e.getAttribute('data-invoice'), e.getAttribute('data-status')]))).toEqual([
      ['INV-1', 'match'],
      ['INV-2', 'over_billed'],
      ['INV-3', ''],
      ['INV-9', 'unexplained_charge'],
    ]);
    await page.getByTestId('filter-kind').waitFor();
    expect(await page.getByTestId('filter-kind').locator('button').allInnerTexts()).toEqual(['Usage', 'Purchase', 'Credit', 'Adjustment', 'Tax']);

    await page.getByTestId('filter-flagged').click();
    await until('the two flagged lines', async () => (await page.getByTestId('lines-table').getAttribute('data-total')) === '2');
    await page.locator('[data-testid="line-row"][data-status="over_billed"]').dblclick();
    const detail = page.getByTestId('line-detail');
    await until('its rows', async () => (await detail.getByTestId('focus-row').count()) === 2);
    expect(await detail.getByTestId('focus-flag').innerText()).toBe('ContractedCost 2.50 ≠ ContractedUnitPrice × PricingQuantity = 1.5');
    expect(await detail.locator('[data-testid="focus-row"][data-row="7"]').count()).toBe(1);
    await page.screenshot({ path: path.join(artifacts, '41-focus-line.png') });
    await detail.getByTestId('detail-close').click();

    await page.getByTestId('focus-total-invoice').selectOption('INV-3');
    await page.getByTestId('focus-total-amount').fill('50,00');
    await page.getByTestId('focus-total-set').click();
    await until(
      'INV-3 matched',
      async () => (await page.locator('[data-testid="focus-invoice"][data-invoice="INV-3"]').getAttribute('data-status')) === 'match',
    );
    await page.screenshot({ path: path.join(artifacts, '42-focus-invoices.png') });
    expect(await page.getByTestId('banner-error').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
