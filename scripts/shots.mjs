// Screenshots of every screen at 1280×720 and 1920×1080 (not part of npm test): the built
// renderer in Chromium against the real bridge and core on a fresh workspace with the sample.
// Run after `npm run build`: node scripts/shots.mjs [outDir] (default /tmp/shots-sheet).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const out = path.resolve(process.argv[2] ?? '/tmp/shots-sheet');
const locale = process.env.SHOTS_LOCALE ?? 'en';
fs.mkdirSync(out, { recursive: true });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, fn, timeout = 120_000) {
  const start = Date.now();
  for (;;) {
    try {
      if (await fn()) return;
    } catch {
      /* retry */
    }
    if (Date.now() - start > timeout) throw new Error(`Timed out waiting for ${what}`);
    await sleep(150);
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-shots-'));
const { startWebServer } = require(path.join(root, 'dist', 'web.cjs'));
const server = await startWebServer({ dbPath: path.join(tmp, 'workspace.sqlite'), port: 0, rendererDir: path.join(root, 'dist-renderer') });
const browser = await chromium.launch({
  executablePath: process.env.SLICEWISE_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  const idle = () => until('idle', async () => (await page.getByTestId('busy').innerText()).trim() === '');
  await page.goto(server.openUrl);
  // First run asks who reviews (changes are never made by nobody).
  await page.getByTestId('first-run-name').fill('Alice Martin');
  await page.getByTestId('first-run-save').click();
  await page.getByTestId('first-run').waitFor({ state: 'detached' });
  await page.getByTestId('load-sample').click();
  await idle();
  await until('March reconciled', async () => (await page.getByTestId('period-row-2021-03').locator('.chip-ok').count()) >= 1);
  if (locale === 'fr') {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('set-locale').selectOption('fr');
    await page.getByTestId('settings-save').click();
    await idle();
  }
  const screens = [
    ['workspace', async () => page.getByTestId('nav-workspace').click()],
    [
      'invoice',
      async () => {
        await page.getByTestId('nav-workspace').click();
        await page.getByTestId('open-2021-03').first().click();
        await until('lines', async () => (await page.locator('[data-testid="line-row"]').count()) > 0);
      },
    ],
    [
      'invoice-selected',
      async () => {
        const rows = page.locator('[data-testid="line-row"] input[type="checkbox"]');
        await rows.nth(0).click();
        await rows.nth(2).click({ modifiers: ['Shift'] });
      },
    ],
    [
      'line-detail',
      async () => {
        await page.locator('[data-testid="line-row"]').first().dblclick();
        await sleep(500);
      },
    ],
    ['import', async () => page.getByTestId('nav-import').click()],
    ['credits', async () => page.getByTestId('nav-credits').click()],
    ['audit', async () => page.getByTestId('nav-audit').click()],
    ['settings', async () => page.getByTestId('nav-settings').click()],
  ];
  for (const [name, go] of screens) {
    await go();
    await sleep(400);
    for (const [w, h] of [
      [1280, 720],
      [1920, 1080],
    ]) {
      await page.setViewportSize({ width: w, height: h });
      await sleep(250);
      const file = path.join(out, `${locale}-${name}-${w}x${h}.png`);
      await page.screenshot({ path: file });
      console.log(file);
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  }
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
