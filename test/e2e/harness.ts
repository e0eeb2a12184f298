// One way for an e2e test to start the app: the real browser bridge over a fresh workspace file,
// Debian's Chromium, a page at 1280×720 (en-US, UTC) that has opened it, closed together.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface App {
  tmp: string;
  dbPath: string;
  server: { openUrl: string; close(): Promise<void> };
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openApp(name: string): Promise<App> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `slicewise-e2e-${name}-`));
  const dbPath = path.join(tmp, 'workspace.sqlite');
  const { startWebServer } = require(path.join(root, 'dist', 'web.cjs'));
  const server = await startWebServer({ dbPath, port: 0, rendererDir: path.join(root, 'dist-renderer') });
  const browser = await chromium.launch({ executablePath: process.env.SLICEWISE_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'en-US', timezoneId: 'UTC' });
  await page.goto(server.openUrl);
  const close = async () => {
    await browser.close().catch(() => undefined);
    await server.close().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  return { tmp, dbPath, server, browser, page, close };
}
