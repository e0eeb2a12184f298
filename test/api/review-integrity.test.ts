// Review integrity (SPEC 5) through the core on a real workspace file: a review keeps the figures
// it was given on; a later rating that changes them marks the line changed since review, audited
// in the reconciliation's transaction; a dispute needs a reason; a resolution the provider's answer.
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedSample, importSample, openTestCore, tempDir, type TestCore } from './helpers';

const expected = expectedSample();
const owner = expected.ownerId;
const period = '2021-03';
const APP = 'app_5e0c3f9a-1b2d-4e8f-a7c6-0d9e8f7a6b51';

/** One more hour of shop-frontend (XS) in March: its line's recomputed amount grows. */
function lateUsage(instance: string): string {
  const file = path.join(tempDir(), `usage-late-${instance}.csv`);
  fs.writeFileSync(
    file,
    'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency\n' +
      `${owner},uptime,${APP},shop-frontend,${instance},apps.XS,XS,par,2021-03-20T10:00:00+01:00,2021-03-20T11:00:00+01:00,,,,,,\n`,
  );
  return file;
}

describe('review integrity', () => {
  let core: TestCore;
  const lines = () => core.call('lines.list', { period, ownerId: owner, limit: 5000 });
  const lineOf = async (pred: (l: Awaited<ReturnType<typeof lines>>['rows'][number]) => boolean) => (await lines()).rows.find(pred)!;
  const summary = async () => (await core.call('workspace.overview', {})).periods.find((p) => p.ownerId === owner && p.period === period)!;

  beforeAll(async () => {
    core = openTestCore();
    await importSample(core);
    await core.call('rate.run', { period });
  });

  it('refuses a dispute without a reason and a resolution without the credit note, recording nothing', async () => {
    const over = await lineOf((l) => l.status === 'over_billed');
    const head = await core.call('audit.head', {});
    const review = (extra: object) => core.call('lines.setReview', { period, ownerId: owner, lineKeys: [over.key], state: 'disputed', ...extra });
    await expect(review({})).rejects.toThrow(/dispute needs a reason/);
    await expect(review({ reason: '   \n ' })).rejects.toThrow(/dispute needs a reason/);
    await expect(
      core.call('lines.setReview', { period, ownerId: owner, lineKeys: [over.key], state: 'resolved', creditNote: 'CN-1', creditAmount: '3' }),
    ).rejects.toThrow(/Only a disputed line can be resolved/);
    await expect(core.call('lines.setReview', { period, ownerId: owner, lineKeys: [over.key], state: 'approved', reason: 'fine' })).rejects.toThrow(
      /Only a dispute/,
    );
    expect(await core.call('audit.head', {})).toEqual(head);
    expect((await lineOf((l) => l.key === over.key)).review).toBe('unreviewed');
  });

  it('records a dispute with its reason and figures, and its resolution with the credit note (exact amount)', async () => {
    const over = await lineOf((l) => l.status === 'over_billed');
    await core.call('lines.setReview', { period, ownerId: owner, lineKeys: [over.key], state: 'disputed', reason: 'Billed 3.00 more than the usage' });
    let d = await core.call('lines.detail', { period, ownerId: owner, lineKey: over.key });
    expect(d.review).toMatchObject({
      state: 'disputed',
      reason: 'Billed 3.00 more than the usage',
      figures: { recomputed: over.amountPerSecond, billed: over.billed, variance: over.variance, status: 'over_billed' },
      changed: null,
    });
    expect(d.review!.figures!.runId).toBeGreaterThan(0);
    expect(JSON.parse(d.history.at(-1)!.detail)).toMatchObject({
      from: 'unreviewed',
      to: 'disputed',
      reason: 'Billed 3.00 more than the usage',
      figures: { status: 'over_billed' },
    });

    await expect(core.call('lines.setReview', { period, ownerId: owner, lineKeys: [over.key], state: 'resolved', creditNote: 'AV-2021-0042' })).rejects.toThrow(
      /credit note number and amount/,
    );
    await expect(
      core.call('lines.setReview', { period, ownerId: owner, lineKeys: [over.key], state: 'resolved', creditNote: 'AV-2021-0042', creditAmount: '3,00' }),
    ).rejects.toThrow(/not a decimal/);
    await core.call('lines.setReview', {
      period,
      ownerId: owner,
      lineKeys: [over.key],
      state: 'resolved',
      creditNote: 'AV-2021-0042',
      creditAmount: '3.000000001',
    });
    d = await core.call('lines.detail', { period, ownerId: owner, lineKey: over.key });
    expect(d.review).toMatchObject({ state: 'resolved', creditNote: 'AV-2021-0042', creditAmount: '3.000000001', reason: null });
    expect(JSON.parse(d.history.at(-1)!.detail)).toMatchObject({ from: 'disputed', to: 'resolved', creditNote: 'AV-2021-0042', creditAmount: '3.000000001' });
  });

  it('a re-rating that changes nothing leaves reviews alone', async () => {
    const app = await lineOf((l) => l.itemId === APP && l.priceItem === 'apps.XS');
    await core.call('lines.setReview', { period, ownerId: owner, lineKeys: [app.key], state: 'approved' });
    const before = await summary();
    await core.call('rate.run', { period });
    expect((await lineOf((l) => l.key === app.key)).changedSinceReview).toBe(false);
    expect(await summary()).toMatchObject({ reviewed: before.reviewed, changedSinceReview: 0 });
  });

  it('approve, import more usage, re-rate: the line is changed since review, audited in the reconciliation, and needs review again', async () => {
    const app = await lineOf((l) => l.itemId === APP && l.priceItem === 'apps.XS');
    expect(app.review).toBe('approved');
    const reviewedBefore = (await summary()).reviewed;
    expect((await core.call('import.commit', { files: [lateUsage('late-1')] })).results[0]!.ok).toBe(true);
    await core.call('rate.run', { period });

    const now = await lineOf((l) => l.key === app.key);
    expect(now.amountPerSecond).not.toBe(app.amountPerSecond);
    expect([now.review, now.changedSinceReview]).toEqual(['approved', true]);
    expect(await summary()).toMatchObject({ reviewed: reviewedBefore - 1, changedSinceReview: 1 });
    const changed = await core.call('lines.list', { period, ownerId: owner, changed: true });
    expect(changed.rows.map((r) => r.key)).toEqual([app.key]);

    const d = await core.call('lines.detail', { period, ownerId: owner, lineKey: app.key });
    expect(d.review!.changed).toMatchObject({
      from: { recomputed: app.amountPerSecond, billed: app.billed, status: app.status },
      to: { recomputed: now.amountPerSecond, billed: now.billed, status: now.status },
    });
    // The entry that marks it follows the reconciliation's, in its transaction (same instant).
    const log = (await core.call('audit.list', { limit: 1000 })).entries;
    const mark = log.filter((e) => e.action === 'review-changed');
    expect(mark).toHaveLength(1);
    const rec = log.find((e) => e.seq === mark[0]!.seq - 1)!;
    expect(rec.action).toBe('reconcile');
    expect(mark[0]!.at).toBe(rec.at);
    expect(mark[0]!.subject).toBe(`${owner} ${period} ${app.key}`);
    expect(JSON.parse(mark[0]!.detail)).toMatchObject({
      state: 'approved',
      from: { recomputed: app.amountPerSecond },
      to: { recomputed: now.amountPerSecond },
    });
    expect(d.history.map((h) => h.action)).toEqual(['review', 'review-changed']);

    // Rated again with nothing new: no second mark.
    await core.call('rate.run', { period });
    expect((await core.call('audit.list', { limit: 1000 })).entries.filter((e) => e.action === 'review-changed')).toHaveLength(1);

    // Approved again: a new review on the new figures, the mark gone.
    expect((await core.call('lines.setReview', { period, ownerId: owner, lineKeys: [app.key], state: 'approved' })).changed).toBe(1);
    const again = await core.call('lines.detail', { period, ownerId: owner, lineKey: app.key });
    expect(again.review).toMatchObject({ state: 'approved', changed: null, figures: { recomputed: now.amountPerSecond } });
    expect(JSON.parse(again.history.at(-1)!.detail)).toMatchObject({ from: 'approved', to: 'approved', changedSinceReview: true });
    expect(await summary()).toMatchObject({ reviewed: reviewedBefore, changedSinceReview: 0 });
    expect((await core.call('audit.verify', {})).ok).toBe(true);
  });

  it('the mark and the figures are in the workspace file itself (reopened from disk)', async () => {
    const app = await lineOf((l) => l.itemId === APP && l.priceItem === 'apps.XS');
    await core.call('import.commit', { files: [lateUsage('late-2')] });
    await core.call('rate.run', { period });
    const file = core.dbPath;
    const raw = new Database(file, { readonly: true });
    const row = raw
      .prepare('SELECT state, figures_json, changed_json FROM reviews WHERE owner_id = ? AND period = ? AND line_key = ?')
      .get(owner, period, app.key) as {
      state: string;
      figures_json: string;
      changed_json: string | null;
    };
    raw.close();
    expect(row.state).toBe('approved');
    expect(JSON.parse(row.figures_json)).toMatchObject({ recomputed: app.amountPerSecond });
    expect(JSON.parse(row.changed_json!)).toMatchObject({ from: { recomputed: app.amountPerSecond } });
  });

  it('the workbook says it: the Lines sheet\'s Review reads "Approved (changed since review)"', async () => {
    const app = await lineOf((l) => l.itemId === APP && l.priceItem === 'apps.XS');
    expect(app.changedSinceReview).toBe(true);
    const out = path.join(tempDir(), 'march.xlsx');
    await core.call('export.workbook', { period, ownerId: owner, out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.getWorksheet('Lines')!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const row = sheet.getRow(app.lineNo + 1);
    expect(row.getCell(header.indexOf('Item ID')).value).toBe(APP);
    expect(row.getCell(header.indexOf('Review')).value).toBe('Approved (changed since review)');
    const others = [];
    for (let r = 2; r <= sheet.rowCount; r++) if (r !== app.lineNo + 1) others.push(String(sheet.getRow(r).getCell(header.indexOf('Review')).value));
    expect(others.some((v) => v.includes('changed'))).toBe(false);
  });

  it('a line changed since review keeps the month from being signed off until it is reviewed again', async () => {
    const app = await lineOf((l) => l.itemId === APP && l.priceItem === 'apps.XS');
    expect(app.changedSinceReview).toBe(true);
    const all = (await lines()).rows;
    const others = all.filter((l) => l.key !== app.key && l.review === 'unreviewed').map((l) => l.key);
    await core.call('lines.setReview', { period, ownerId: owner, lineKeys: others, state: 'approved' });
    await expect(core.call('period.close', { period, ownerId: owner })).rejects.toThrow(
      new RegExp(`1 of its ${all.length} lines is unreviewed or changed since review|1 of its ${all.length} lines are unreviewed or changed since review`),
    );
    await core.call('lines.setReview', { period, ownerId: owner, lineKeys: [app.key], state: 'approved' });
    await core.call('period.close', { period, ownerId: owner });
    expect((await summary()).closed).not.toBeNull();
  });
});
