// FOCUS files as a finance user meets them, in the built renderer against the real backend and a
// real SQLite workspace: (1) generated FOCUS 1.2 invoices saved by a spreadsheet (US short dates),
// imported once the date format is chosen, with their invoice totals: a period opened, filtered,
// its invoices compared, a total typed in, lines reviewed and annotated, the workbook exported and
// read back; (2) the real FOCUS 1.0 sample imported through the Import screen, each account's
// billed sum against an independent sum of the CSV; (3) the sample workspace's AWS account.
import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APRIL_FOCUS, APRIL_TOTALS } from '../focus/fixtures';
import { until } from './until';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const webBundle = path.join(path.resolve(root, process.env.SLICEWISE_E2E_DIST ?? 'dist'), 'web.cjs');
const rendererDir = path.resolve(root, process.env.SLICEWISE_E2E_RENDERER ?? 'dist-renderer');
const artifacts = path.join(root, 'test', 'artifacts');
const realSample = path.resolve(root, '..', 'shared', 'samples', 'focus-1.0', 'focus_sample.csv');
const sampleExpected = JSON.parse(fs.readFileSync(path.join(root, 'resources', 'sample', 'expected.json'), 'utf8')) as {
  focus: {
    ownerId: string;
    accountName: string;
    periods: Record<string, { lines: { lineNo: number; flaggedRows: number }[]; totals: { subtotalPerSecond: string; billedTotal: string; variance: string } }>;
    invoiceChecks: { period: string; invoiceId: string; status: string }[];
    flaggedRows: { period: string; lineNo: number; row: string; check: string; cost: string; expected: string }[];
  };
};
const Dx = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_UP });

let browser: Browser;

/** A fresh workspace (its own SQLite file) served by the real browser bridge, and a page on it. */
async function openApp(prefix: string): Promise<{ page: Page; tmp: string; pageErrors: string[]; close(): Promise<void> }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const { startWebServer } = require(webBundle) as {
    startWebServer(o: { dbPath: string; port: number; rendererDir: string }): Promise<{ openUrl: string; close(): Promise<void> }>;
  };
  const server = await startWebServer({ dbPath: path.join(tmp, 'workspace.sqlite'), port: 0, rendererDir });
  const context: BrowserContext = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    acceptDownloads: true,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.openUrl);
  return {
    page,
    tmp,
    pageErrors,
    async close() {
      await context.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

async function waitIdle(page: Page): Promise<void> {
  await until('the app to be idle', async () => (await page.getByTestId('busy').innerText()).trim() === '', 120_000);
}

async function lineRows(page: Page): Promise<{ key: string; status: string; review: string }[]> {
  return page.$$eval('[data-testid="line-row"]', (els) =>
    els.map((e) => ({ key: e.getAttribute('data-key') ?? '', status: e.getAttribute('data-status') ?? '', review: e.getAttribute('data-review') ?? '' })),
  );
}

/** Exports the open period from the invoice screen and reads the workbook back. */
async function exportWorkbook(page: Page, file: string): Promise<ExcelJS.Workbook> {
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByTestId('export').click();
  await (await download).saveAs(file);
  await waitIdle(page);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** A Summary figure (a formula's stored result, else the value) by its label. */
function summaryValue(wb: ExcelJS.Workbook, label: string): string | undefined {
  let found: string | undefined;
  wb.getWorksheet('Summary')!.eachRow((row) => {
    if (found === undefined && String(row.getCell(1).value ?? '').trim() === label) {
      const v = row.getCell(2).value as unknown;
      const n = v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v;
      found = n === undefined || n === null ? undefined : String(n);
    }
  });
  return found;
}

/** The April file as a spreadsheet saves it: 2025-04-03T00:00:00Z becomes 4/3/2025. */
const spreadsheetApril = APRIL_FOCUS.replace(/2025-(\d\d)-(\d\d)T00:00:00Z/g, (_, m: string, d: string) => `${Number(m)}/${Number(d)}/2025`);

beforeAll(async () => {
  if (!fs.existsSync(webBundle)) throw new Error(`${webBundle} is missing: run \`node scripts/e2e.mjs\` (or npm run build) first`);
  fs.mkdirSync(artifacts, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.SLICEWISE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
});

describe('generated FOCUS 1.2 invoices in the UI', () => {
  let app: Awaited<ReturnType<typeof openApp>>;
  let page: Page;
  let tmp: string;

  beforeAll(async () => {
    app = await openApp('slicewise-e2e-focus-');
    ({ page, tmp } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('refuses the spreadsheet dates until their format is chosen, then imports the rows and the totals', async () => {
    const focus = path.join(tmp, 'cloudy-focus-2025-04.csv');
    const totals = path.join(tmp, 'cloudy-totals-2025-04.csv');
    fs.writeFileSync(focus, spreadsheetApril);
    fs.writeFileSync(totals, APRIL_TOTALS);
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
    await waitIdle(page);
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
    expect(await detail.getByTestId('focus-flag').innerText()).toBe('ContractedCost 2.50 but ContractedUnitPrice × PricingQuantity = 1.5');
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
  });

  it('reviews and annotates its lines: an over-billed one disputed with a note, a matching one approved, kept across a reload', async () => {
    await page.getByTestId('filter-flagged').click(); // off again: every line
    await until('the five lines', async () => (await page.getByTestId('lines-table').getAttribute('data-total')) === '5');
    await page.locator('[data-testid="line-row"][data-status="over_billed"]').dblclick();
    const detail = page.getByTestId('line-detail');
    await until('its rows', async () => (await detail.getByTestId('focus-row').count()) === 2);
    await detail.getByTestId('annotation-text').fill('Row 7: ContractedCost 2.50 for 10 h at 0.15, asked Cloudy for a credit note.');
    await detail.getByTestId('annotation-add').click();
    await until('the annotation', async () => (await detail.getByTestId('annotations').innerText()).includes('asked Cloudy for a credit note'));
    await detail.getByTestId('review-disputed').click();
    // A dispute asks for its reason: OK with none is refused, then the reason is recorded.
    await page.getByTestId('review-dialog').waitFor();
    await page.getByTestId('review-dialog-ok').click();
    expect(await page.getByTestId('review-dialog').innerText()).toContain('Say what is wrong');
    await page.getByTestId('review-reason').fill('Billed more than the usage recomputed');
    await page.getByTestId('review-dialog-ok').click();
    await until('the dialog to close', async () => (await page.getByTestId('review-dialog').count()) === 0);
    await until('the row disputed', async () => (await lineRows(page)).find((r) => r.status === 'over_billed')?.review === 'disputed');
    await until('the history', async () => (await detail.getByTestId('history').innerText()).includes('Disputed'));
    await detail.getByTestId('detail-close').click();
    await page.locator('[data-testid="line-row"][data-status="match"]').first().dblclick();
    await page.getByTestId('review-approved').click();
    await until('one line approved', async () => (await lineRows(page)).filter((r) => r.review === 'approved').length === 1);
    await page.getByTestId('detail-close').click();

    await page.reload();
    await until('the reviews after a reload', async () => {
      const rows = await lineRows(page);
      return rows.length === 5 && rows.filter((r) => r.review === 'disputed').length === 1 && rows.filter((r) => r.review === 'approved').length === 1;
    });
    await page.getByTestId('filter-review').locator('button[data-value="disputed"]').click();
    await until('the disputed line alone', async () => (await page.getByTestId('lines-table').getAttribute('data-total')) === '1');
    expect(await page.locator('[data-testid="line-row"] .note-badge').innerText()).toBe('✎1');
    await page.getByTestId('filter-review').locator('button[data-value="disputed"]').click();
    await until('every line', async () => (await page.getByTestId('lines-table').getAttribute('data-total')) === '5');
  });

  it('exports the workbook: Lines are the groups, Details the rows with their source row, the totals the screen’s', async () => {
    const uiTotal = await page.getByTestId('inv-total').getAttribute('data-value');
    const uiBilled = await page.getByTestId('inv-billed').getAttribute('data-value');
    const wb = await exportWorkbook(page, path.join(tmp, 'acct-1-2025-04.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Summary', 'Lines', 'Details', 'Audit']));
    expect(wb.getWorksheet('Lines')!.rowCount).toBe(1 + 5);
    const details = wb.getWorksheet('Details')!;
    // acct-1's April rows are the file's rows 2 to 9.
    const sources: string[] = [];
    for (let n = 2; n <= details.rowCount; n++) {
      const v = (details.getRow(n).values as unknown[]).slice(1);
      sources.push(`${String(v[9])}:${String(v[10])}`);
    }
    expect(sources.sort()).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map((r) => `cloudy-focus-2025-04.csv:${r}`).sort());
    expect(new Decimal(summaryValue(wb, 'Total')!).toFixed(2)).toBe(uiTotal);
    expect(new Decimal(summaryValue(wb, 'Billed total (provider)')!).eq(uiBilled!)).toBe(true);
    expect(summaryValue(wb, 'Time zone')).toBe('UTC');
  });

  it('audited every step: import, invoice total, review, annotation, export', async () => {
    await page.getByTestId('nav-audit').click();
    await until('audit entries', async () => (await page.getByTestId('audit-table').locator('tbody tr').count()) > 0);
    const actions = await page
      .getByTestId('audit-table')
      .locator('tbody tr td[data-action]')
      .evaluateAll((tds) => tds.map((td) => td.getAttribute('data-action') ?? ''));
    for (const action of ['import', 'rate', 'reconcile', 'invoice-total', 'review', 'annotate', 'export']) expect(actions).toContain(action);
    await page.getByTestId('verify-chain').click();
    await page.getByTestId('verify-result').waitFor();
    expect(await page.getByTestId('verify-result').getAttribute('data-ok')).toBe('true');
    expect(app.pageErrors).toEqual([]);
  });
});

describe('the real FOCUS 1.0 sample, imported through the Import screen', () => {
  type Row = Record<string, string>;
  const rows = Papa.parse<Row>(fs.readFileSync(realSample, 'utf8'), { header: true, skipEmptyLines: true }).data;
  const nul = (v: string | undefined) => (v === undefined || v.toUpperCase() === 'NULL' ? '' : v);
  const ownerPeriod = (r: Row) => `${r.BillingAccountId}:${r.BillingCurrency} ${r.BillingPeriodStart!.slice(0, 7)}`;
  const AWS = '1234567890123:USD';
  let app: Awaited<ReturnType<typeof openApp>>;
  let page: Page;

  beforeAll(async () => {
    app = await openApp('slicewise-e2e-focus-real-');
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lists each billing account × period × currency, named, each billed the exact sum of its rows’ BilledCost', async () => {
    await page.getByTestId('nav-import').click();
    await page.getByTestId('file-input').setInputFiles([realSample]);
    await until('the preview', async () => (await page.getByTestId('detected-format').innerText()).includes('FOCUS'));
    await page.getByTestId('import-commit').click();
    await until('the result', async () => (await page.getByTestId('import-result').count()) === 1, 60_000);
    expect(await page.getByTestId('import-result').innerText()).toMatch(/^Imported /);
    await page.getByTestId('nav-workspace').click();
    await page.getByTestId('rate-all').click();
    await waitIdle(page);

    // Independently: papaparse and exact decimals over the CSV.
    const want = new Map<string, InstanceType<typeof Dx>>();
    for (const r of rows) want.set(ownerPeriod(r), (want.get(ownerPeriod(r)) ?? new Dx(0)).plus(r.BilledCost!));
    const listed = page.locator('[data-testid^="period-row-"]');
    await until('every owner period reconciled', async () => (await listed.locator('.chip-ok', { hasText: 'Reconciled' }).count()) === want.size, 120_000);
    const got = await listed.evaluateAll((els) =>
      els.map(
        (e) =>
          [
            `${e.getAttribute('data-owner')} ${e.getAttribute('data-testid')!.slice('period-row-'.length)}`,
            e.querySelector('[data-testid="period-billed"]')?.getAttribute('data-value') ?? '',
          ] as [string, string],
      ),
    );
    // Billed totals keep every digit the provider gave.
    expect(new Set(got.map(([k]) => k))).toEqual(new Set(want.keys()));
    for (const [k, billed] of got) expect(new Dx(billed).eq(want.get(k)!), `${k}: ${billed} vs ${want.get(k)!.toFixed()}`).toBe(true);
    const aws = page.locator(`[data-testid="period-row-2024-09"][data-owner="${AWS}"]`);
    expect(await aws.getByTestId('focus-account').innerText()).toBe('SunBird · AWS');
    await page.screenshot({ path: path.join(artifacts, '43-focus-real-workspace.png') });
  });

  it('opens the AWS account: the lines with a broken row are the ones the CSV says, each showing its row', async () => {
    const cents = (v: string) => new Dx(v).toDecimalPlaces(2).toFixed(2);
    const flaggedLines = new Set<string>();
    for (const r of rows) {
      if (`${r.BillingAccountId}:${r.BillingCurrency}` !== AWS || nul(r.ChargeClass) === 'Correction' || nul(r.PricingQuantity) === '') continue;
      for (const [cost, price] of [
        ['ListCost', 'ListUnitPrice'],
        ['ContractedCost', 'ContractedUnitPrice'],
      ] as const) {
        if (nul(r[cost]) === '' || nul(r[price]) === '') continue;
        if (cents(new Dx(r[price]!).times(r.PricingQuantity!).toFixed()) !== cents(r[cost]!)) flaggedLines.add(`${nul(r.ServiceName)}|${nul(r.ResourceId)}`);
      }
    }
    expect(flaggedLines.size).toBeGreaterThan(0);
    await page.locator(`[data-testid="period-row-2024-09"][data-owner="${AWS}"]`).getByTestId('open-2024-09').click();
    await page.getByTestId('screen-invoice').waitFor();
    expect(await page.locator('h1').innerText()).toContain('SunBird (USD)');
    await page.getByTestId('filter-flagged').click();
    await until('the flagged lines', async () => Number(await page.getByTestId('lines-table').getAttribute('data-total')) === flaggedLines.size);
    await until('their badges', async () => (await page.getByTestId('flag-badge').count()) === Math.min(flaggedLines.size, (await lineRows(page)).length));
    await page.locator('[data-testid="line-row"]').first().dblclick();
    const detail = page.getByTestId('line-detail');
    await until('a broken row', async () => (await detail.getByTestId('focus-flag').count()) > 0);
    const flagged = detail.locator('[data-testid="focus-row"].row-flagged').first();
    const rowNo = Number(await flagged.getAttribute('data-row'));
    const csvRow = rows[rowNo - 2]!;
    expect(`${nul(csvRow.ServiceName)}|${nul(csvRow.ResourceId)}`).toSatisfy((k: string) => flaggedLines.has(k));
    expect(await detail.getByTestId('focus-flag').first().innerText()).toMatch(
      /^(ListCost|ContractedCost) .+ but (ListUnitPrice|ContractedUnitPrice) × PricingQuantity = .+$/,
    );
    await page.screenshot({ path: path.join(artifacts, '44-focus-real-line.png') });
    await page.keyboard.press('Escape');
    expect(app.pageErrors).toEqual([]);
  });
});

describe('the sample workspace’s AWS account (FOCUS 1.2)', () => {
  const { ownerId, accountName } = sampleExpected.focus;
  let app: Awaited<ReturnType<typeof openApp>>;
  let page: Page;

  beforeAll(async () => {
    app = await openApp('slicewise-e2e-focus-sample-');
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lists its months beside the organisation’s, and shows May’s invoice checks and flagged row as the README says', async () => {
    await page.getByTestId('load-sample').click();
    const rowsOf = page.locator(`[data-testid^="period-row-"][data-owner="${ownerId}"]`);
    const months = Object.keys(sampleExpected.focus.periods);
    await until('its months reconciled', async () => (await rowsOf.locator('.chip-ok', { hasText: 'Reconciled' }).count()) === months.length, 120_000);
    await waitIdle(page);
    for (const m of months)
      expect(await page.locator(`[data-testid="period-row-${m}"][data-owner="${ownerId}"]`).getByTestId('focus-account').innerText()).toContain(accountName);
    await page.screenshot({ path: path.join(artifacts, '45-focus-sample-workspace.png') });

    await page.locator(`[data-testid="period-row-2021-05"][data-owner="${ownerId}"]`).getByTestId('open-2021-05').click();
    await page.getByTestId('screen-invoice').waitFor();
    const checks = page.getByTestId('focus-invoice');
    await until('the invoice checks', async () => (await checks.count()) > 0);
    const want = sampleExpected.focus.invoiceChecks.filter((c) => c.period === '2021-05').map((c) => [c.invoiceId, c.status]);
    expect(await checks.evaluateAll((els) => els.map((e) => [e.getAttribute('data-invoice'), e.getAttribute('data-status')]))).toEqual(want);
    await page.screenshot({ path: path.join(artifacts, '46-focus-sample-invoice.png') });
    // Every line matches: the totals bar shows the exact sums, and a variance of exactly 0.
    const may = sampleExpected.focus.periods['2021-05']!.totals;
    await until('the totals bar', async () => (await page.getByTestId('inv-total').getAttribute('data-value')) === may.subtotalPerSecond);
    expect(await page.getByTestId('inv-billed').getAttribute('data-value')).toBe(may.billedTotal);
    expect(await page.getByTestId('inv-variance').getAttribute('data-value')).toBe('0.00');
    expect((await page.getByTestId('inv-total').innerText()).replace(/[\u00a0\u202f]/g, ' ')).toContain('381.37544');

    const flags = sampleExpected.focus.flaggedRows.filter((f) => f.period === '2021-05');
    await page.getByTestId('filter-flagged').click();
    await until(
      'the flagged line',
      async () => Number(await page.getByTestId('lines-table').getAttribute('data-total')) === new Set(flags.map((f) => f.lineNo)).size,
    );
    await page.locator('[data-testid="line-row"]').first().dblclick();
    const detail = page.getByTestId('line-detail');
    await until('its broken row', async () => (await detail.locator(`[data-testid="focus-row"][data-row="${flags[0]!.row}"]`).count()) === 1);
    expect(await detail.getByTestId('focus-flag').innerText()).toBe(
      `${flags[0]!.check} ${flags[0]!.cost} but ${flags[0]!.check === 'ListCost' ? 'ListUnitPrice' : 'ContractedUnitPrice'} × PricingQuantity = ${flags[0]!.expected}`,
    );
    expect(app.pageErrors).toEqual([]);
  });
});
