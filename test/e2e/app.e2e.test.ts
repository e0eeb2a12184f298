// End to end, as a finance user would: the built renderer in Debian's Chromium, talking to the
// real browser bridge and core over HTTP, on a fresh temporary workspace. Screens are saved to
// test/artifacts/ (git-ignored) for a human to look at.
import ExcelJS from 'exceljs';
import Decimal from 'decimal.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './until';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
// SLICEWISE_E2E_DIST / SLICEWISE_E2E_RENDERER: use builds made elsewhere (default: dist/, dist-renderer/).
const webBundle = path.join(path.resolve(root, process.env.SLICEWISE_E2E_DIST ?? 'dist'), 'web.cjs');
const rendererDir = path.resolve(root, process.env.SLICEWISE_E2E_RENDERER ?? 'dist-renderer');
const sampleDir = path.join(root, 'resources', 'sample');
const artifacts = path.join(root, 'test', 'artifacts');
const chromiumPath = process.env.SLICEWISE_CHROMIUM ?? '/usr/bin/chromium';

const OWNER = 'orga_4c1d7e2a-8b3f-4e6d-9a21-5f0c7b9e3d14';
/**
 * The sample's owner periods (resources/sample/expected.json): the organisation's March and April
 * from usage and May from its invoice alone, and the second cloud account's FOCUS months.
 */
const sampleExpected = JSON.parse(fs.readFileSync(path.join(root, 'resources', 'sample', 'expected.json'), 'utf8')) as {
  periods: Record<string, unknown>;
  focus: { periods: Record<string, unknown> };
};
const OWNER_PERIODS = Object.keys(sampleExpected.periods).length + Object.keys(sampleExpected.focus.periods).length;

interface WebServer {
  url: string;
  openUrl: string;
  token: string;
  close(): Promise<void>;
}

let server: WebServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let tmp: string;
const pageErrors: string[] = [];
const cspViolations: string[] = [];
const foreignRequests: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: false });
}

async function errorBanners(): Promise<string[]> {
  return page.getByTestId('banner-error').allInnerTexts();
}

async function lineRows(): Promise<{ key: string; status: string; review: string }[]> {
  return page.$$eval('[data-testid="line-row"]', (els) =>
    els.map((e) => ({
      key: e.getAttribute('data-key') ?? '',
      status: e.getAttribute('data-status') ?? '',
      review: e.getAttribute('data-review') ?? '',
    })),
  );
}

async function tableTotal(): Promise<number> {
  return Number(await page.getByTestId('lines-table').getAttribute('data-total'));
}

async function waitIdle(): Promise<void> {
  await until('the app to be idle', async () => (await page.getByTestId('busy').innerText()).trim() === '', 120_000);
}

async function setStatusFilter(statuses: string[]): Promise<void> {
  const group = page.getByTestId('filter-status');
  for (const btn of await group.locator('button').all()) {
    const v = await btn.getAttribute('data-value');
    const on = (await btn.getAttribute('aria-pressed')) === 'true';
    if (on !== statuses.includes(v ?? '')) await btn.click();
  }
}

async function selectPeriod(period: string): Promise<void> {
  await page.getByTestId('select-period').selectOption(`${OWNER}\u0000${period}`);
}

describe('Slicewise in a browser, against the real backend', () => {
  beforeAll(async () => {
    if (!fs.existsSync(webBundle)) throw new Error(`${webBundle} is missing: run \`node scripts/e2e.mjs\` (or npm run build) first`);
    if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error(`${rendererDir} is missing: run \`npx vite build\` first`);
    fs.mkdirSync(artifacts, { recursive: true });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-e2e-'));
    const { startWebServer } = require(webBundle) as { startWebServer(o: { dbPath: string; port: number; rendererDir: string }): Promise<WebServer> };
    server = await startWebServer({ dbPath: path.join(tmp, 'workspace.sqlite'), port: 0, rendererDir });
    browser = await chromium.launch({
      executablePath: chromiumPath,
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
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true, locale: 'en-US', timezoneId: 'UTC' });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
    const origin = new URL(server.url).origin;
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreignRequests.push(u);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __csp?: string[] }).__csp ??= [];
        (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('opens on an empty workspace that says to import files first', async () => {
    await page.goto(server.openUrl);
    await page.getByTestId('screen-workspace').waitFor();
    await page.getByRole('heading', { name: 'Nothing imported yet' }).waitFor();
    // The token left the address bar.
    expect(page.url()).not.toContain('token=');
    expect(await page.getByTestId('workspace-path').innerText()).toContain('workspace.sqlite');
    await shot('01-workspace-empty');
  });

  it('previews and imports every sample file through the Import screen', async () => {
    await page.getByTestId('nav-import').click();
    const files = fs
      .readdirSync(sampleDir)
      .filter((f) => /\.(csv|json)$/i.test(f) && f !== 'expected.json')
      .map((f) => path.join(sampleDir, f));
    expect(files.length).toBeGreaterThanOrEqual(6);
    await page.getByTestId('file-input').setInputFiles(files);
    await until('every preview', async () => (await page.getByTestId('detected-format').count()) === files.length, 60_000);
    const detected = await page.getByTestId('detected-format').allInnerTexts();
    expect(detected.join('\n')).toContain('Usage CSV');
    expect(detected.join('\n')).toContain('Clever Cloud invoice');
    expect(detected.join('\n')).toContain('Price catalog');
    expect(detected.join('\n')).toContain('Credits');
    await shot('02-import-preview');

    await page.getByTestId('import-commit').click();
    await until('the import results', async () => (await page.getByTestId('import-result').count()) === files.length, 120_000);
    const results = await page.getByTestId('import-result').allInnerTexts();
    for (const r of results) expect(r).toMatch(/^Imported /);
    await waitIdle();
    await shot('03-import-done');
    expect(await errorBanners()).toEqual([]);
  });

  it('refuses the same file twice, with a warning in the preview', async () => {
    await page.getByRole('button', { name: 'Clear list' }).click();
    await page.getByTestId('file-input').setInputFiles([path.join(sampleDir, 'credits.csv')]);
    await page.getByTestId('already-imported').waitFor();
    await page.getByRole('button', { name: 'Clear list' }).click();
  });

  it('rates and reconciles every month from the Workspace screen', async () => {
    await page.getByTestId('nav-workspace').click();
    await page.getByTestId('periods-table').waitFor();
    await page.getByTestId('rate-all').click();
    await waitIdle();
    await until(
      'every period reconciled',
      async () => (await page.locator('[data-testid^="period-row-"] .chip-ok', { hasText: 'Reconciled' }).count()) === OWNER_PERIODS,
      120_000,
    );
    expect(await errorBanners()).toEqual([]);
    const march = page.getByTestId('period-row-2021-03');
    expect(await march.getByTestId('count-over_billed').innerText()).toContain('1');
    expect(await march.getByTestId('count-unexplained_charge').innerText()).toContain('1');
    await page.getByTestId('batches-table').waitFor();
    await shot('04-workspace');
  });

  it('finds March’s over-billed line and unexplained charge with the status filter', async () => {
    await page.getByTestId('open-2021-03').click();
    await page.getByTestId('screen-invoice').waitFor();
    await until('the March lines', async () => (await tableTotal()) === 18);
    await until('the rows', async () => (await lineRows()).length === 18);
    await shot('05-invoice-march');

    await setStatusFilter(['over_billed', 'unexplained_charge']);
    await until('two filtered lines', async () => (await tableTotal()) === 2 && (await lineRows()).length === 2);
    const rows = await lineRows();
    const over = rows.find((r) => r.status === 'over_billed');
    const unexplained = rows.find((r) => r.status === 'unexplained_charge');
    expect(over?.key).toContain('app_8a1f2b3c-4d5e-4f60-9172-83a4b5c6d7e8');
    expect(over?.key).toContain('apps.S');
    expect(unexplained?.key).toContain('addon_9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a');
    await page.getByTestId('totals-filtered').waitFor();
    expect(await page.getByTestId('flt-variance').getAttribute('data-value')).toBe('16.70');
    // The provider's own figures, beside the recomputed ones.
    expect(await page.getByTestId('prov-excl').getAttribute('data-value')).toBe('506.48');
    expect(await page.getByTestId('prov-tax').getAttribute('data-value')).toBe('101.30');
    await shot('06-invoice-filtered');
  });

  it('shows the calculation of a line, then annotates and disputes it', async () => {
    await page.locator('[data-testid="line-row"][data-status="over_billed"]').dblclick();
    const detail = page.getByTestId('line-detail');
    await detail.waitFor();
    await until('the explanation', async () => (await detail.locator('[data-testid="explanation"] li').count()) > 0);
    expect(await detail.getByTestId('intervals').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await detail.getByTestId('billed-sources').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await detail.getByTestId('detail-variance').getAttribute('data-value')).toBe('3.00');
    await shot('07-line-detail');

    await detail.getByTestId('annotation-text').fill('Last detail carries 3.00 € too much: ticket opened with the provider.');
    await detail.getByTestId('annotation-add').click();
    await until('the annotation', async () => (await detail.getByTestId('annotations').innerText()).includes('ticket opened with the provider'));
    await detail.getByTestId('review-disputed').click();
    // A dispute asks for its reason: OK with none is refused, then the reason is recorded.
    await page.getByTestId('review-dialog').waitFor();
    await page.getByTestId('review-dialog-ok').click();
    expect(await page.getByTestId('review-dialog').innerText()).toContain('Say what is wrong');
    await page.getByTestId('review-reason').fill('Billed more than the usage recomputed');
    await page.getByTestId('review-dialog-ok').click();
    await until('the dialog to close', async () => (await page.getByTestId('review-dialog').count()) === 0);
    await until('the disputed state', async () => (await detail.getByTestId('review-disputed').getAttribute('aria-pressed')) === 'true');
    await until('the row to follow', async () => (await lineRows()).find((r) => r.status === 'over_billed')?.review === 'disputed');
    await until('the history', async () => (await detail.getByTestId('history').innerText()).includes('Disputed'));
    await shot('08-line-annotated');
  });

  it('keeps the annotation and the review across a reload', async () => {
    await page.reload();
    const detail = page.getByTestId('line-detail');
    await detail.waitFor();
    await until('the annotation after reload', async () => (await detail.getByTestId('annotations').innerText()).includes('ticket opened with the provider'));
    expect(await detail.getByTestId('review-disputed').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Escape');
    await until('the detail to close', async () => (await page.getByTestId('line-detail').count()) === 0);
    // The status filter is in the address: the reload kept it (docs/ui.md, "Tables").
    expect(await page.locator('[data-testid="filter-status"] [data-value="over_billed"]').getAttribute('aria-pressed')).toBe('true');
    await setStatusFilter([]);
  });

  it('moves and reviews with the keyboard', async () => {
    await until('the rows', async () => (await lineRows()).length === 18);
    await page.getByTestId('lines-scroll').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    // Cursor on the second line: Space checks it, 'a' approves it.
    await page.keyboard.press(' ');
    await page.getByTestId('bulk-bar').waitFor();
    await page.keyboard.press('a');
    await until('line 2 approved', async () => (await lineRows())[1]?.review === 'approved');
    await page.keyboard.press('Enter');
    await page.getByTestId('line-detail').waitFor();
    await page.keyboard.press('Escape');
    await until('the detail to close', async () => (await page.getByTestId('line-detail').count()) === 0);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search');
    await page.keyboard.press('Escape');
  });

  it('sorts on the server by clicking a header', async () => {
    await page.getByTestId('sort-variance').click();
    await page.getByTestId('sort-variance').click(); // descending
    await until('the largest variance first', async () => (await lineRows())[0]?.status === 'unexplained_charge');
    await page.getByTestId('sort-lineNo').click();
    await until('line order back', async () => (await lineRows())[0]?.status === 'over_billed');
  });

  it('exports the workbook whose Summary total is the totals bar’s', async () => {
    const uiTotal = await page.getByTestId('inv-total').getAttribute('data-value');
    const uiBilled = await page.getByTestId('inv-billed').getAttribute('data-value');
    expect(uiTotal).toMatch(/^\d+\.\d{2}$/);
    const downloadPromise = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByTestId('export').click();
    const download = await downloadPromise;
    const file = path.join(tmp, 'march.xlsx');
    await download.saveAs(file);
    await waitIdle();
    await shot('09-exported');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Lines', 'Details', 'Credits', 'Audit', 'Disputes']);
    const summary = wb.getWorksheet('Summary')!;
    const valueOf = (label: string): string | undefined => {
      let found: string | undefined;
      summary.eachRow((row) => {
        if (String(row.getCell(1).value ?? '').trim() === label) {
          const v = row.getCell(2).value as unknown;
          const n = v && typeof v === 'object' && 'result' in (v as object) ? (v as { result: unknown }).result : v;
          found = n === undefined || n === null ? undefined : String(n);
        }
      });
      return found;
    };
    const total = valueOf('Total');
    expect(total, 'Summary has a Total row').toBeDefined();
    expect(new Decimal(total!).toFixed(2)).toBe(uiTotal);
    const billed = valueOf('Billed total (provider)');
    if (billed !== undefined) expect(new Decimal(billed).toFixed(2)).toBe(uiBilled);
    const lines = wb.getWorksheet('Lines')!;
    expect(lines.rowCount).toBe(1 + 18);
  });

  it('finds April’s missing line', async () => {
    await selectPeriod('2021-04');
    await until('the April lines', async () => (await tableTotal()) === 14, 30_000);
    await setStatusFilter(['missing_from_invoice']);
    await until('one missing line', async () => (await tableTotal()) === 1 && (await lineRows()).length === 1);
    const [row] = await lineRows();
    expect(row?.key).toContain('app_c3d4e5f6-0718-4a29-b3c4-d5e6f708192a');
    expect(row?.key).toContain('build');
    await shot('10-invoice-april-missing');
    await setStatusFilter([]);
  });

  it('finds May’s under-billed line, rated from the invoice alone', async () => {
    await selectPeriod('2021-05');
    await until('the May lines', async () => (await tableTotal()) === 14, 30_000);
    await setStatusFilter(['under_billed']);
    await until('one under-billed line', async () => (await tableTotal()) === 1 && (await lineRows()).length === 1);
    const [row] = await lineRows();
    expect(row?.key).toContain('app_c3d4e5f6-0718-4a29-b3c4-d5e6f708192a');
    expect(row?.key).toContain('apps.S');
    await page.locator('[data-testid="line-row"][data-status="under_billed"]').dblclick();
    const detail = page.getByTestId('line-detail');
    await detail.waitFor();
    await until('the variance', async () => (await detail.getByTestId('detail-variance').getAttribute('data-value')) === '-0.84');
    await shot('10b-invoice-may-under-billed');
    await page.keyboard.press('Escape');
    await until('the detail to close', async () => (await page.getByTestId('line-detail').count()) === 0);
    await setStatusFilter([]);
  });

  it('shows the charts', async () => {
    await page.getByTestId('toggle-charts').click();
    await page.getByTestId('invoice-charts').waitFor();
    await until('bars drawn', async () => (await page.locator('[data-testid="invoice-charts"] .recharts-bar-rectangle').count()) > 0);
    await shot('11-invoice-charts');
    await page.getByTestId('toggle-charts').click();
  });

  it('shows credits: grants, balances and allocations', async () => {
    await selectPeriod('2021-03');
    await page.getByTestId('nav-credits').click();
    await page.getByTestId('credit-balances').waitFor();
    expect(await page.getByTestId('credit-balances').locator('tbody tr').count()).toBe(3);
    expect(await page.getByTestId('credit-allocations').locator('tbody tr').count()).toBeGreaterThan(0);
    await shot('12-credits');
  });

  it('verifies the audit chain', async () => {
    await page.getByTestId('nav-audit').click();
    await until('audit entries', async () => (await page.getByTestId('audit-table').locator('tbody tr').count()) > 0);
    // The action's code is on its cell (the cell shows its name in the locale).
    const actions = await page
      .getByTestId('audit-table')
      .locator('tbody tr td[data-action]')
      .evaluateAll((tds) => tds.map((td) => td.getAttribute('data-action') ?? ''));
    for (const action of ['import', 'review', 'annotate', 'export']) expect(actions).toContain(action);
    // One "Rate & reconcile all" click: one rating and one reconciliation per period.
    expect(actions.filter((a) => a === 'rate')).toHaveLength(OWNER_PERIODS);
    expect(actions.filter((a) => a === 'reconcile')).toHaveLength(OWNER_PERIODS);
    await page.getByTestId('verify-chain').click();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    await shot('13-audit');
  });

  it('switches to French: numbers, dates and currency', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('screen-settings').waitFor();
    await shot('14-settings');
    await page.getByTestId('set-locale').selectOption('fr');
    await page.getByTestId('settings-save').click();
    await waitIdle();
    await page.getByTestId('nav-invoice').click();
    await until('French totals', async () => {
      const t = (await page.getByTestId('inv-total').innerText()).replace(/[\u00a0\u202f]/g, ' ');
      return /^\d{1,3}( \d{3})*,\d{2} €$/.test(t);
    });
    await shot('15-invoice-fr');
    // Back to English for anyone reusing the workspace.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('set-locale').selectOption('en');
    await page.getByTestId('settings-save').click();
    await waitIdle();
  });

  it('with the zone set to UTC, keeps each Paris invoice in its month and says so in the workspace and the invoice screen', async () => {
    const setZone = async (tz: string) => {
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('set-timezone').selectOption(tz);
      await page.getByTestId('settings-save').click();
      await waitIdle();
    };
    await setZone('UTC');
    await page.getByTestId('nav-workspace').click();
    const march = page.getByTestId('period-row-2021-03');
    await march.getByTestId('period-warning').waitFor();
    expect(await march.getByTestId('period-warning').getAttribute('title')).toContain(
      'Invoice FR-2021-03-0004812 covers 2021-02-28 23:00 → 2021-03-31 22:00 UTC',
    );
    // Not moved to February, where its consumption starts in UTC (February may list March's usage spilling back).
    expect(await page.getByTestId('period-row-2021-02').locator('.chip-ok', { hasText: 'Invoice' }).count()).toBe(0);
    await page.getByTestId('nav-invoice').click();
    const warnings = page.getByTestId('period-warnings');
    await warnings.waitFor();
    expect(await warnings.innerText()).toContain('it is compared with 2021-03');
    await shot('15b-invoice-utc-warning');
    await setZone('Europe/Paris');
    await page.getByTestId('nav-workspace').click();
    await until('no warning in Paris', async () => (await page.getByTestId('period-warning').count()) === 0);
  });

  it('shows a bad file’s errors by row and field, and refuses it whole', async () => {
    const bad = path.join(tmp, 'usage-bad.csv');
    const header = fs.readFileSync(path.join(sampleDir, 'usage-2021-03.csv'), 'utf8').split('\n')[0];
    fs.writeFileSync(
      bad,
      [
        header,
        'orga_bad,uptime,app_1,app-1,inst-1,apps.XS,,par,2021-05-01T10:00:00+02:00,2021-05-01T11:00:00+02:00,,,,,,',
        'orga_bad,uptime,app_1,app-1,inst-1,apps.XS,,par,2021-05-01T10:00:00+02:00,not-a-date,,,,,,',
      ].join('\n') + '\n',
    );
    await page.getByTestId('nav-import').click();
    await page.getByTestId('file-input').setInputFiles([bad]);
    const card = page.locator('[data-testid="import-file"][data-name="usage-bad.csv"]');
    await card.getByTestId('detected-format').waitFor();
    await page.getByTestId('import-commit').click();
    await card.getByTestId('import-result').waitFor({ timeout: 60_000 });
    const result = await card.getByTestId('import-result').innerText();
    // The file, the row (spreadsheet numbering: header = 1) and the field are named.
    expect(result).toMatch(/^Not imported: /);
    expect(result).toContain('usage-bad.csv');
    expect(result).toContain('row 3');
    expect(result).toContain('consumption_end');
    await shot('16-import-error');
    await page.getByTestId('nav-workspace').click();
    expect(await page.locator('[data-testid="periods-table"] [data-owner="orga_bad"]').count()).toBe(0);
  });

  it('stayed offline, within the CSP, without a crash', async () => {
    const csp = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    expect(csp).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
