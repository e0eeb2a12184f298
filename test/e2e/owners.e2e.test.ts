// Owner names in Chromium against the real browser bridge and core: the sample's organisation and
// FOCUS account shown by the names their files give (the ids on hover), in the workspace, the
// header's selector (owner and period both visible, not cut) and the invoice screen; renamed there,
// the new name shown everywhere after a reload and audited; cleared, the file's name is back; the
// controls and the audit action in French. Screens at 1280×720 go to /tmp/shots-owners/ (SLICEWISE_SHOTS overrides).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from './harness';
import { nameReviewer, until } from './until';

const untilLong = <T>(what: string, fn: () => Promise<T>) => until(what, fn, 60_000);
const shots = process.env.SLICEWISE_SHOTS ?? '/tmp/shots-owners';
const ORG = 'orga_4c1d7e2a-8b3f-4e6d-9a21-5f0c7b9e3d14';
const AWS = '381492750163:USD';

describe('owner names, in the app', () => {
  let app: App;
  let dbPath: string;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: path.join(shots, `${name}.png`) });
  const idle = () => untilLong('the app to be idle', async () => (await page.getByTestId('busy').innerText()).trim() === '');
  const errors = () => page.getByTestId('banner-error').allInnerTexts();
  /** The selector's option texts, and whether the select shows its chosen text whole. */
  const selector = async () => {
    const sel = page.getByTestId('select-period');
    const options = await sel.locator('option').allInnerTexts();
    const fits = await sel.evaluate((el: HTMLSelectElement) => {
      const text = el.options[el.selectedIndex]?.text ?? '';
      const c = document.createElement('canvas').getContext('2d')!;
      c.font = getComputedStyle(el).font;
      // The text's width plus the select's padding and arrow, against the box it has.
      return c.measureText(text).width + 28 <= el.clientWidth;
    });
    return { options, fits };
  };

  beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    app = await openApp('owners');
    ({ dbPath, page } = app);
    await nameReviewer(page);
    await page.getByTestId('load-sample').click();
    await untilLong(
      'March reconciled',
      async () => (await page.locator('[data-testid="period-row-2021-03"] .chip-ok', { hasText: 'Reconciled' }).count()) === 1,
    );
    await idle();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('shows each owner by the name its files give, the id on hover, in the workspace and the selector', async () => {
    const march = page.locator(`[data-testid="period-row-2021-03"][data-owner="${ORG}"]`);
    const name = march.getByTestId('owner-name');
    expect(await name.innerText()).toBe('Atelier Lumen SAS');
    expect(await name.getAttribute('title')).toBe(`${ORG}\nName from its invoice`);
    expect(await page.locator('[data-testid="periods-table"]').innerText()).not.toContain(ORG);
    const aws = page.locator(`[data-testid="period-row-2021-05"][data-owner="${AWS}"]`).getByTestId('focus-account');
    expect(await aws.innerText()).toContain('Atelier Lumen data platform');

    const { options } = await selector();
    expect(options).toEqual(
      expect.arrayContaining(['Atelier Lumen SAS · March 2021', 'Atelier Lumen data platform (USD) · May 2021', 'Atelier Lumen SAS · May 2021']),
    );
    expect(options.join('\n')).not.toContain('orga_');
    await page.getByTestId('select-period').selectOption(`${AWS}\u0000${'2021-05'}`);
    expect((await selector()).fits).toBe(true);
    await page.getByTestId('select-period').selectOption(`${ORG}\u0000${'2021-03'}`);
    expect((await selector()).fits).toBe(true);
    await shot('workspace-names');
  });

  it('renames the organisation on the invoice screen: shown everywhere, kept after a reload, audited', async () => {
    await page.getByTestId('open-2021-03').click();
    await page.getByTestId('screen-invoice').waitFor();
    expect(await page.getByTestId('screen-invoice').getByTestId('owner-name').innerText()).toBe('Atelier Lumen SAS');
    await page.getByTestId('owner-rename').click();
    await page.getByTestId('owner-rename-input').fill('Lumen — accounting');
    await shot('invoice-rename');
    await page.getByTestId('owner-rename-save').click();
    await untilLong('the new name', async () => (await page.getByTestId('screen-invoice').getByTestId('owner-name').innerText()) === 'Lumen — accounting');
    await idle();
    expect(await errors()).toEqual([]);
    expect(await page.getByTestId('screen-invoice').getByTestId('owner-name').getAttribute('title')).toMatch(new RegExp(`^${ORG}\\nNamed by `));
    await shot('invoice-renamed');

    await page.reload();
    await page.getByTestId('select-period').waitFor();
    await untilLong('the selector after a reload', async () => (await selector()).options.includes('Lumen — accounting · March 2021'));
    await page.getByTestId('nav-workspace').click();
    await untilLong(
      'the workspace row',
      async () =>
        (await page.locator(`[data-testid="period-row-2021-04"][data-owner="${ORG}"]`).getByTestId('owner-name').innerText()) === 'Lumen — accounting',
    );
    // The rename is in the audit log, in words.
    await page.getByTestId('nav-audit').click();
    const row = page.locator('td[data-action="owner-rename"]').first();
    await row.waitFor();
    expect(await row.innerText()).toBe('Owner renamed');
    const entry = page.locator('tr', { has: row }).first();
    expect(await entry.innerText()).toContain(ORG);
    // The detail in words; the stored JSON on the cell.
    expect(await entry.innerText()).toContain('Name: Atelier Lumen SAS → Lumen — accounting');
    expect(await entry.locator('td[data-detail]').getAttribute('data-detail')).toBe('{"from":"Atelier Lumen SAS","to":"Lumen — accounting","given":true}');
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT name FROM owner_names WHERE owner_id = ?').get(ORG)).toEqual({ name: 'Lumen — accounting' });
    db.close();
    await shot('audit-rename');
  });

  it('an empty name brings the invoice’s back; in French, the controls and the audit read in French', async () => {
    await page.getByTestId('select-period').selectOption(`${ORG}\u0000${'2021-03'}`);
    await page.getByTestId('nav-invoice').click();
    await page.getByTestId('owner-rename').click();
    expect(await page.getByTestId('owner-rename-input').inputValue()).toBe('Lumen — accounting');
    await page.getByTestId('owner-rename-input').fill('');
    await page.getByTestId('owner-rename-save').click();
    await untilLong(
      'the file’s name again',
      async () => (await page.getByTestId('screen-invoice').getByTestId('owner-name').innerText()) === 'Atelier Lumen SAS',
    );
    await idle();

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('set-locale').selectOption('fr');
    await page.getByTestId('settings-save').click();
    await idle();
    await page.getByTestId('nav-invoice').click();
    await untilLong('the French controls', async () => (await page.getByTestId('owner-rename').innerText()) === 'Renommer');
    expect(await page.getByTestId('owner-copy-id').innerText()).toBe('Copier l’identifiant');
    expect(await page.getByTestId('screen-invoice').getByTestId('owner-name').getAttribute('title')).toBe(`${ORG}\nNom tiré de sa facture`);
    await page.getByTestId('nav-audit').click();
    const first = page.locator('td[data-action="owner-rename"]').first();
    await first.waitFor();
    expect(await first.innerText()).toBe('Titulaire renommé');
    const frEntry = page.locator('tr', { has: first }).first();
    expect((await frEntry.innerText()).replace(/[\u00a0\u202f]/g, ' ')).toContain('Nom : Lumen — accounting → Atelier Lumen SAS');
    expect(await frEntry.locator('td[data-detail]').getAttribute('data-detail')).toBe('{"from":"Lumen — accounting","to":"Atelier Lumen SAS","given":false}');
    await shot('audit-fr');
    expect(await errors()).toEqual([]);
  });
});
