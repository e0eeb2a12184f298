// The evidence pack from the app, in Chromium against the real browser bridge and core: the sample
// workspace loaded, March opened, "Evidence pack…" clicked beside "Export workbook…"; the zip the
// browser downloads is read back with a real zip reader: its members, the source files of the
// manifest found again by re-hashing the sample's files, its audit entries the period's, and
// `slicewise audit verify --against` its workbook (unzipped) passes on the app's workspace.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from './harness';
import { until, nameReviewer } from './until';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sampleDir = path.join(root, 'resources', 'sample');
const shots = process.env.SLICEWISE_SHOTS ?? '/tmp/shots-evidence';
const OWNER = (JSON.parse(fs.readFileSync(path.join(sampleDir, 'expected.json'), 'utf8')) as { ownerId: string }).ownerId;
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('the evidence pack button', () => {
  let app: App;
  let page: Page;
  let tmp: string;
  let ws: string;

  beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    app = await openApp('evidence');
    ({ tmp, dbPath: ws, page } = app);
    await nameReviewer(page);
    await page.getByTestId('screen-workspace').waitFor();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('downloads a zip whose manifest, audit entries and workbook check out', async () => {
    await page.getByTestId('load-sample').click();
    await until(
      'March reconciled',
      async () => (await page.locator('[data-testid="period-row-2021-03"] .chip-ok', { hasText: 'Reconciled' }).count()) === 1,
      120_000,
    );
    await page.getByTestId('open-2021-03').click();
    await page.getByTestId('screen-invoice').waitFor();
    const button = page.getByTestId('export-evidence');
    expect(await button.innerText()).toBe('Evidence pack…');
    // Beside the export button.
    const [a, b] = [await page.getByTestId('export').boundingBox(), await button.boundingBox()];
    expect(Math.abs(a!.y - b!.y)).toBeLessThan(4);

    const downloading = page.waitForEvent('download', { timeout: 120_000 });
    await button.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^slicewise-.+-2021-03-evidence\.zip$/);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    await until('the success banner', async () => (await page.getByTestId('banner-ok').allInnerTexts()).some((t) => t.startsWith('Evidence pack ')), 60_000);
    await page.screenshot({ path: path.join(shots, 'evidence-pack-written.png') });
    expect(await page.getByTestId('banner-error').count()).toBe(0);

    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const workbookName = download.suggestedFilename().replace(/-evidence\.zip$/, '.xlsx');
    expect(Object.keys(zip.files).sort()).toEqual([workbookName, 'README.txt', 'SHA256SUMS', 'audit.jsonl', 'manifest.json'].sort());
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as {
      owner: string;
      period: { id: string };
      workbook: { sha256: string };
      sourceFiles: { name: string; sha256: string }[];
      audit: { entries: number };
    };
    expect(manifest).toMatchObject({ owner: OWNER, period: { id: '2021-03' } });
    const workbook = await zip.file(workbookName)!.async('nodebuffer');
    expect(sha256(workbook)).toBe(manifest.workbook.sha256);

    // The sample's files, re-hashed, are the manifest's.
    const sample = new Map(
      fs
        .readdirSync(sampleDir)
        .filter((f) => /\.(csv|json)$/.test(f))
        .map((f) => [sha256(fs.readFileSync(path.join(sampleDir, f))), f]),
    );
    for (const f of manifest.sourceFiles) expect(sample.get(f.sha256), f.name).toBe(f.name);
    expect(manifest.sourceFiles.map((f) => f.name)).toEqual(expect.arrayContaining(['usage-2021-03.csv', 'invoice-2021-03.json', 'catalog-2021.json']));

    // Its entries are the period's: March's rating and reconciliation, no other period's.
    const entries = (await zip.file('audit.jsonl')!.async('string'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { subject: string; action: string });
    expect(entries).toHaveLength(manifest.audit.entries);
    expect(entries.some((e) => e.action === 'rate' && e.subject === `${OWNER} 2021-03`)).toBe(true);
    expect(entries.filter((e) => e.action !== 'import' && e.action !== 'settings').every((e) => e.subject.startsWith(`${OWNER} 2021-03`))).toBe(true);

    // The workbook, unzipped, verifies against the app's workspace.
    const unzipped = path.join(tmp, workbookName);
    fs.writeFileSync(unzipped, workbook);
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'slicewise.cjs'), 'audit', 'verify', '--against', unzipped, '--db', ws], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/records the export of/);
  });
});
