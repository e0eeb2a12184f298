// Month-end close in Chromium against the real browser bridge and core: the sample's March, its
// sign-off refused while a line is unreviewed (the core's message shown), signed off once every
// line is, locked on screen (rating, reviews, annotations) and in the core (a review by keyboard is
// refused, naming the lock), then reopened with a reason; the audit log holds both. Screens at
// 1280×720 go to /tmp/shots-close/ (SLICEWISE_SHOTS overrides) for a human to look at.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from './harness';
import { until, nameReviewer } from './until';

const untilLong = <T>(what: string, fn: () => Promise<T>) => until(what, fn, 60_000);
const shots = process.env.SLICEWISE_SHOTS ?? '/tmp/shots-close';
const OWNER = 'orga_4c1d7e2a-8b3f-4e6d-9a21-5f0c7b9e3d14';

describe('month-end sign-off and reopening, in the app', () => {
  let app: App;
  let tmp: string;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: path.join(shots, `${name}.png`) });
  const rows = () => page.$$eval('[data-testid="line-row"]', (els) => els.map((e) => e.getAttribute('data-review') ?? ''));
  const idle = () => untilLong('the app to be idle', async () => (await page.getByTestId('busy').innerText()).trim() === '');
  const errors = () => page.getByTestId('banner-error').allInnerTexts();
  const dismissErrors = async () => {
    for (const b of await page.locator('[data-testid="banner-error"] .banner-close').all()) await b.click();
  };

  beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    app = await openApp('close');
    ({ tmp, page } = app);
    await nameReviewer(page);
    await page.getByTestId('load-sample').click();
    await untilLong(
      'March reconciled',
      async () => (await page.locator('[data-testid="period-row-2021-03"] .chip-ok', { hasText: 'Reconciled' }).count()) === 1,
    );
    await idle();
    await page.getByTestId('open-2021-03').click();
    await page.getByTestId('screen-invoice').waitFor();
    await untilLong('the lines', async () => (await rows()).length === 18);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('refuses the sign-off while a line is unreviewed, then signs off and locks the period', async () => {
    const status = page.getByTestId('signoff-status');
    expect(await status.innerText()).toBe('18 of 18 lines unreviewed: sign-off needs every line reviewed.');
    // Approve 17 of the 18 lines with the keyboard, one after the other.
    await page.getByTestId('lines-scroll').focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 17; i++) {
      await page.keyboard.press('a');
      await untilLong(`line ${i + 1} approved`, async () => (await rows())[i] === 'approved');
      await page.keyboard.press('j');
    }
    await idle();
    await untilLong('one line left', async () => (await status.innerText()).startsWith('1 of 18 lines unreviewed'));

    // Asked anyway: the core refuses, saying how many.
    await page.getByTestId('sign-off').click();
    await page.getByTestId('sign-off-confirm').click();
    await untilLong('the refusal', async () => (await errors()).some((t) => t.includes('1 of its 18 lines are unreviewed')));
    await dismissErrors();
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByTestId('lines-scroll').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('a');
    await untilLong('every line approved', async () => (await rows()).every((r) => r === 'approved'));
    await idle();
    await untilLong('ready', async () => (await status.innerText()) === 'Every line reviewed: ready for sign-off.');
    await page.getByTestId('sign-off').click();
    expect(await page.getByTestId('signoff').innerText()).toContain('Sign off');
    await shot('sign-off-confirm');
    await page.getByTestId('sign-off-confirm').click();
    await page.getByTestId('closed-chip').waitFor();
    await idle();
    expect(await page.getByTestId('closed-by').innerText()).toMatch(/^Signed off by .+ on .+\. Rating, reconciliation, reviews, annotations and imports/);
    expect(await page.getByTestId('rate').isDisabled()).toBe(true);
    expect(await errors()).toEqual([]);
    await shot('closed');

    // The core holds the lock: a review by keyboard is refused, naming it.
    await page.getByTestId('lines-scroll').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('d');
    await untilLong('the lock named', async () =>
      (await errors()).some((t) => t.includes(`${OWNER} 2021-03 is closed (signed off by `) && t.includes('Reopen')),
    );
    expect((await rows())[0]).toBe('approved');
    await dismissErrors();

    // The line detail: review buttons and the annotation form are locked.
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('line-detail');
    await detail.waitFor();
    expect(await detail.getByTestId('review-disputed').isDisabled()).toBe(true);
    await detail.getByTestId('annotations-locked').waitFor();
    expect(await detail.getByTestId('annotation-text').count()).toBe(0);
    await page.keyboard.press('Escape');
    await untilLong('the detail to close', async () => (await page.getByTestId('line-detail').count()) === 0);

    // The Workspace screen says it too.
    await page.getByTestId('nav-workspace').click();
    await page.locator('[data-testid="period-row-2021-03"] [data-testid="closed"]').waitFor();
    expect(await page.getByTestId('rate-2021-03').first().isDisabled()).toBe(true);
    await page.getByTestId('open-2021-03').click();
    await page.getByTestId('closed-chip').waitFor();
  });

  it('reopens with a reason only, and the audit log holds the sign-off and the reopening', async () => {
    await page.getByTestId('reopen').click();
    const confirm = page.getByTestId('reopen-confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('reopen-reason').fill('   ');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('reopen-reason').fill('Credit note CN-2021-118 received for the over-billed line');
    await shot('reopen-reason');
    await confirm.click();
    await page.getByTestId('sign-off').waitFor();
    await idle();
    expect(await page.getByTestId('closed-chip').count()).toBe(0);
    expect(await page.getByTestId('rate').isDisabled()).toBe(false);
    expect(await errors()).toEqual([]);

    const db = new Database(path.join(tmp, 'workspace.sqlite'), { readonly: true });
    try {
      const entries = db
        .prepare("SELECT action, actor, detail FROM audit_log WHERE subject = ? AND action IN ('close', 'reopen') ORDER BY seq")
        .all(`${OWNER} 2021-03`) as { action: string; actor: string; detail: string }[];
      expect(entries.map((e) => e.action)).toEqual(['close', 'reopen']);
      expect(JSON.parse(entries[0]!.detail)).toMatchObject({ lines: 18, reviews: { approved: 18 } });
      expect(JSON.parse(entries[1]!.detail)).toMatchObject({ reason: 'Credit note CN-2021-118 received for the over-billed line' });
      expect(db.prepare('SELECT count(*) AS n FROM period_locks').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
