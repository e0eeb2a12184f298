// The French build has no English left: the sample workspace in Chromium, switched to French,
// every screen and dialog visited with data, and on each the visible text (and the tooltips,
// placeholders and labels a reader meets) searched for
//  - any English wording of the message catalogue (renderer/src/i18n/en.json and the shared
//    labels of shared/i18n/labels.ts) that French does not also use, and
//  - English function words ("the", "of", "with"…), which catch English that is in no catalogue.
// Data is not interface text: item names, ids, file names, descriptions and annotations are
// marked translate="no" (the HTML attribute for "not to be translated") or set in monospace,
// and are skipped. Screens at 1280×720 go to /tmp/shots-i18n/ (SLICEWISE_SHOTS overrides).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../shared/i18n/labels';
import en from '../../renderer/src/i18n/en.json';
import fr from '../../renderer/src/i18n/fr.json';
import { nameReviewer, until } from './until';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const shots = process.env.SLICEWISE_SHOTS ?? '/tmp/shots-i18n';
const sampleDir = path.join(root, 'resources', 'sample');
const OWNER = 'orga_4c1d7e2a-8b3f-4e6d-9a21-5f0c7b9e3d14';
const expected = JSON.parse(fs.readFileSync(path.join(sampleDir, 'expected.json'), 'utf8')) as {
  periods: Record<string, unknown>;
  focus: { periods: Record<string, unknown> };
};
const OWNER_PERIODS = Object.keys(expected.periods).length + Object.keys(expected.focus.periods).length;

/** English words French never uses: they find English that is in no catalogue (a literal, a server sentence). */
const ENGLISH_WORDS = [
  'the',
  'and',
  'of',
  'with',
  'from',
  'is',
  'are',
  'not',
  'this',
  'that',
  'for',
  'was',
  'were',
  'has',
  'have',
  'been',
  'into',
  'each',
  'every',
  'which',
  'when',
  'yet',
  'only',
  'than',
  'its',
  'no',
];

function values(o: unknown): string[] {
  if (typeof o === 'string') return [o];
  return Object.values(o as Record<string, unknown>).flatMap(values);
}

/** A catalogue value's literal pieces (placeholders and tags cut out), trimmed of punctuation. */
function pieces(v: string): string[] {
  return v
    .split(/\{\{[^}]*\}\}|<\/?\w+>|\n/)
    .map((p) => p.replace(/^[\s·:;,.()“”"'–—…/|+=≠→←↑↓▲▼?!«»\d-]+|[\s·:;,.()“”"'–—…/|+=≠→←↑↓▲▼?!«»-]+$/g, ''))
    .filter((p) => (p.match(/\p{L}/gu) ?? []).length >= 3);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wordRe = (s: string) => new RegExp(`(^|[^\\p{L}\\p{N}])${escape(s)}($|[^\\p{L}\\p{N}])`, 'u');

const frValues = [...values(fr), ...values(LABELS.fr)];
/** English pieces that no French value uses: seeing one on a French screen means an untranslated string. */
const EN_ONLY = [...new Set([...values(en), ...values(LABELS.en)].flatMap(pieces))].filter((p) => !frValues.some((f) => wordRe(p).test(f)));

interface Found {
  text: string;
  where: string;
  why: string;
}

/** The texts a reader sees on the page (and in its tooltips), without data. */
async function visibleTexts(page: Page): Promise<{ text: string; where: string }[]> {
  return page.evaluate(() => {
    const out: { text: string; where: string }[] = [];
    const skipped = (el: Element) => !!el.closest('[translate="no"], .mono, kbd');
    const where = (el: Element) => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && parts.length < 4; e = e.parentElement) {
        const id = e.getAttribute('data-testid');
        parts.unshift(id ? `${e.tagName.toLowerCase()}[${id}]` : e.tagName.toLowerCase());
      }
      return parts.join(' > ');
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      const text = node.textContent?.trim();
      if (!el || !text || skipped(el) || el.closest('option')) continue;
      if (!el.checkVisibility()) continue;
      out.push({ text, where: where(el) });
    }
    for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
      if (skipped(el) || !el.checkVisibility()) continue;
      for (const a of ['title', 'placeholder', 'aria-label']) {
        const v = el.getAttribute(a);
        if (v) out.push({ text: v, where: `${where(el)} @${a}` });
      }
    }
    for (const sel of document.querySelectorAll('select')) {
      if (skipped(sel) || !sel.checkVisibility()) continue;
      for (const o of sel.querySelectorAll('option'))
        if (!skipped(o) && o.textContent?.trim()) out.push({ text: o.textContent.trim(), where: `${where(sel)} option` });
    }
    return out;
  });
}

async function englishOn(page: Page): Promise<Found[]> {
  const found: Found[] = [];
  for (const { text, where } of await visibleTexts(page)) {
    const piece = EN_ONLY.find((p) => wordRe(p).test(text));
    if (piece) found.push({ text, where, why: `catalogue English “${piece}”` });
    const word = ENGLISH_WORDS.find((w) => new RegExp(`(^|[^\\p{L}])${w}($|[^\\p{L}])`, 'iu').test(text));
    if (word && !piece) found.push({ text, where, why: `English word “${word}”` });
  }
  return found;
}

describe('the French build', () => {
  let browser: Browser;
  let server: { openUrl: string; close(): Promise<void> };
  let tmp: string;
  let page: Page;
  const visited: string[] = [];
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: path.join(shots, `${name}.png`) });
  const idle = () => until('the app to be idle', async () => (await page.getByTestId('busy').innerText()).trim() === '', 60_000);
  /** Fails with every English text found on the screen as it is now. */
  const noEnglish = async (screen: string) => {
    visited.push(screen);
    await shot(screen);
    const found = await englishOn(page);
    if (process.env.I18N_DEBUG) for (const f of found) console.log(`[${screen}] ${f.why} in “${f.text}” (${f.where})`);
    expect(
      found.map((f) => `${f.why} in “${f.text}” (${f.where})`),
      screen,
    ).toEqual([]);
  };

  beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-e2e-i18n-'));
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
    page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.openUrl);
    await nameReviewer(page);
    await page.getByTestId('load-sample').click();
    await until('every period reconciled', async () => (await page.locator('[data-state="reconciled"]').count()) === OWNER_PERIODS, 120_000);
    await idle();
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the English catalogue has English to look for', () => {
    // The check would pass on anything if it looked for nothing.
    expect(EN_ONLY).toContain('Rate & reconcile all');
    expect(EN_ONLY).toContain('Over-billed');
    expect(EN_ONLY.length).toBeGreaterThan(300);
  });

  it('switches to French in the settings', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('set-locale').selectOption('fr');
    await page.getByTestId('settings-save').click();
    await until('the page in French', async () => (await page.evaluate(() => document.documentElement.lang)) === 'fr');
    await idle();
    await noEnglish('settings');
  });

  it('settings: a French decimal is read, an ambiguous one refused in French', async () => {
    const tol = page.getByTestId('set-tolerance');
    expect(await tol.inputValue()).toBe('0,01');
    await tol.fill('1.234');
    await noEnglish('settings-ambiguous');
    expect(await page.getByTestId('settings-save').isDisabled()).toBe(true);
    await tol.fill('0,5');
    expect(await page.getByTestId('settings-save').isDisabled()).toBe(false);
    await tol.fill('0,01');
  });

  it('workspace: periods, files and the chart', async () => {
    await page.getByTestId('nav-workspace').click();
    await page.getByTestId('periods-table').waitFor();
    await page.getByTestId('chart-billed-period').waitFor();
    // Months on the chart's axis are words, never ISO months.
    await page.getByTestId('chart-billed-period').scrollIntoViewIfNeeded();
    const ticks = await until('the axis', async () => {
      const t = await page.locator('[data-testid="chart-billed-period"] .recharts-xAxis-tick-labels text').allTextContents();
      return t.length > 0 ? t : null;
    }).catch(async (e: Error) => {
      throw new Error(`${e.message}: ${(await page.getByTestId('chart-billed-period').innerHTML()).match(/class="[^"]*(axis|tick)[^"]*"/g)?.join(' ')}`);
    });
    for (const t of ticks!) expect(t).not.toMatch(/\d{4}-\d{2}/);
    expect(ticks!.join(' ')).toMatch(/mars|avr\.|mai/);
    await noEnglish('workspace');
  });

  it('invoice: lines, filters, charts, selection, totals and sign-off', async () => {
    await page.getByTestId('select-period').selectOption(`${OWNER}\u0000${'2021-03'}`);
    await page.getByTestId(`open-2021-03`).click();
    await page.getByTestId('line-row').first().waitFor();
    await page.getByTestId('toggle-charts').click();
    await page.getByTestId('invoice-charts').waitFor();
    await page.locator('[data-testid="line-row"] input[type="checkbox"]').first().click();
    await page.getByTestId('bulk-bar').waitFor();
    await noEnglish('invoice');
    await page.getByTestId('sign-off').click();
    await noEnglish('invoice-sign-off');
    await page.getByTestId('signoff').locator('button').last().click();
    await page.getByTestId('toggle-charts').click(); // the table gets its room back
    await page.locator('[data-testid="filter-status"] button[data-value="over_billed"]').click();
    await until('the filtered lines', async () => (await page.getByTestId('totals-filtered').count()) === 1);
    await noEnglish('invoice-filtered');
  });

  it('line detail: an over-billed line (intervals compared), then an unexplained charge', async () => {
    await page.locator('[data-testid="line-row"][data-status="over_billed"]').first().dblclick();
    await page.getByTestId('interval-comparison').waitFor();
    await noEnglish('detail-over-billed');
    await page.getByTestId('detail-close').click();
    await page.getByTestId('clear-filters').click();
    await page.locator('[data-testid="filter-status"] button[data-value="unexplained_charge"]').click();
    await page.locator('[data-testid="line-row"][data-status="unexplained_charge"]').first().dblclick();
    await page.getByTestId('explanation').waitFor();
    await noEnglish('detail-unexplained');
    await page.getByTestId('detail-close').click();
    await page.getByTestId('clear-filters').click();
  });

  it('line detail: a countable line, its source rows, an annotation and the history', async () => {
    await page.locator('[data-testid="filter-kind"] button[data-value="countable"]').click();
    await page.locator('[data-testid="line-row"]').first().dblclick();
    await page.getByTestId('source-rows').waitFor();
    await page.getByTestId('review-approved').click();
    await page.getByTestId('annotation-text').fill('vérifié avec le relevé');
    await page.getByTestId('annotation-add').click();
    await until('the history', async () => (await page.getByTestId('history').locator('tbody tr').count()) >= 2);
    await noEnglish('detail-countable');
    await page.getByTestId('detail-close').click();
    await page.getByTestId('clear-filters').click();
  });

  it('a FOCUS account: its invoices, the typed total and a line’s rows', async () => {
    const focusRow = page
      .locator('[data-testid^="period-row-"]')
      .filter({ has: page.getByTestId('focus-inputs') })
      .first();
    await page.getByTestId('nav-workspace').click();
    await focusRow.getByRole('button').last().click();
    await page.getByTestId('focus-invoices').waitFor();
    await page.getByTestId('focus-total-amount').fill('12.345');
    await noEnglish('focus-invoice');
    await page.getByTestId('focus-total-amount').fill('');
    await page.getByTestId('line-row').first().dblclick();
    await page.getByTestId('focus-rows').waitFor();
    await noEnglish('focus-detail');
    await page.getByTestId('detail-close').click();
  });

  it('credits: grants, balances and allocations', async () => {
    await page.getByTestId('select-period').selectOption(`${OWNER}\u0000${'2021-03'}`);
    await page.getByTestId('nav-credits').click();
    await page.getByTestId('credit-balances').waitFor();
    await noEnglish('credits');
  });

  it('audit log: the entries and a verified chain', async () => {
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').locator('tbody tr').first().waitFor();
    await page.getByTestId('verify-chain').click();
    await page.getByTestId('verify-result').waitFor();
    await noEnglish('audit');
  });

  it('import: a file previewed with its CSV options, and one already imported', async () => {
    await page.getByTestId('nav-import').click();
    await page.getByTestId('file-input').setInputFiles([path.join(sampleDir, 'usage-2021-03.csv')]);
    await page.getByTestId('already-imported').waitFor();
    await noEnglish('import');
  });

  it('visited every screen, without a page error', () => {
    expect(visited).toEqual(
      expect.arrayContaining(['settings', 'workspace', 'invoice', 'detail-over-billed', 'focus-invoice', 'focus-detail', 'credits', 'audit', 'import']),
    );
    expect(pageErrors).toEqual([]);
  });
});
