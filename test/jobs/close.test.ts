// Month-end close through the core (real SQLite file, the contract's handlers): sign-off refused
// while lines are unreviewed, the lock enforced for rating, reconciliation, review changes,
// annotations and imports with rows in the period (nothing written), by the database itself as
// well (migration 008's triggers), reopening with a reason, every step audited, and the export of a
// closed period: its closed result, with the sign-off in the Summary.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/api/dispatch';
import { cliContext } from '../../electron/core/api/context';
import { lockRefusal } from '../../electron/core/store/period-locks';
import { addAnnotation } from '../../electron/core/store/reviews';
import { expectedSample, importSample, openTestCore, tempDir, type TestCore } from '../api/helpers';
import { readWorkbook, sheet, summaryRows } from '../export/xlsx-helpers';
import { snapshot, USAGE_HEADER, usageRow } from '../import/helpers';

const PERIOD = '2021-03';
const { ownerId } = expectedSample();

function usageFile(dir: string, name: string, start: string, end: string): string {
  const file = path.join(dir, name);
  const row = usageRow({
    owner_id: ownerId,
    item_type: 'uptime',
    item_id: 'app_5e0c3f9a-1b2d-4e8f-a7c6-0d9e8f7a6b51',
    item_name: 'shop-frontend',
    instance_id: `late-${name}`,
    price_id: 'apps.XS',
    flavor_name: 'XS',
    zone_id: 'par',
    consumption_start: start,
    consumption_end: end,
  });
  fs.writeFileSync(file, `${USAGE_HEADER}\n${row}\n`);
  return file;
}

/** The error a call answers with, as { code, message }. */
async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    const [code, ...rest] = (err as Error).message.split(': ');
    return { code: code!, message: rest.join(': ') };
  }
  throw new Error('the call should have been refused');
}

const overview = async (core: TestCore) => (await core.call('workspace.overview', {})).periods.find((p) => p.ownerId === ownerId && p.period === PERIOD)!;
const entries = async (core: TestCore) => (await core.call('audit.list', { limit: 1000 })).entries.reverse();

async function approveAll(core: TestCore, except = 0): Promise<number> {
  const keys = (await core.call('lines.list', { period: PERIOD, ownerId, limit: 5000 })).rows.map((r) => r.key);
  await core.call('lines.setReview', { period: PERIOD, ownerId, lineKeys: keys.slice(except), state: 'approved' });
  return keys.length;
}

describe('month-end close', () => {
  let core: TestCore;
  let dir: string;
  beforeEach(async () => {
    dir = tempDir('slicewise-close-');
    core = openTestCore(path.join(dir, 'w.sqlite'));
    await importSample(core);
    await core.call('rate.run', { period: PERIOD });
  });

  it('refuses the sign-off while lines are unreviewed, saying how many', async () => {
    const keys = (await core.call('lines.list', { period: PERIOD, ownerId, limit: 5000 })).rows.map((r) => r.key);
    let r = await refusal(core.call('period.close', { period: PERIOD, ownerId }));
    expect(r.code).toBe('invalid_request');
    expect(r.message).toContain(`${keys.length} of its ${keys.length} lines are unreviewed`);
    await core.call('lines.setReview', { period: PERIOD, ownerId, lineKeys: keys.slice(2), state: 'approved' });
    await core.call('lines.setReview', { period: PERIOD, ownerId, lineKeys: [keys[1]!], state: 'disputed', reason: 'Billed more than used' });
    r = await refusal(core.call('period.close', { period: PERIOD, ownerId }));
    expect(r.message).toContain(`1 of its ${keys.length} lines are unreviewed`);
    expect(await overview(core)).toMatchObject({ closed: null });
    expect((await entries(core)).some((e) => e.action === 'close')).toBe(false);
  });

  it('signs off, locks rating, reconciliation, reviews, annotations and imports into the period, then reopens with a reason', async () => {
    const lines = await approveAll(core);
    const before = await overview(core);
    const closed = await core.call('period.close', { period: PERIOD, ownerId });
    expect(closed).toMatchObject({ ownerId, period: PERIOD, closedBy: expect.any(String), lines });
    const close = (await entries(core)).at(-1)!;
    expect(close).toMatchObject({ seq: closed.auditSeq, action: 'close', subject: `${ownerId} ${PERIOD}`, actor: closed.closedBy });
    expect(JSON.parse(close.detail)).toMatchObject({ lines, reviews: { approved: lines }, total: before.total, billedTotal: before.billedTotal });
    expect((await overview(core)).closed).toEqual({ by: closed.closedBy, at: closed.closedAt });

    const again = await refusal(core.call('period.close', { period: PERIOD, ownerId }));
    expect(again).toMatchObject({ code: 'period_closed', message: expect.stringContaining('already') });

    // Every change is refused, naming the lock and how to reopen; nothing is written.
    const frozen = snapshot(core.db);
    const lockWords = [`${ownerId} ${PERIOD} is closed (signed off by ${closed.closedBy} on `, 'slicewise reopen --period 2021-03', 'Reopen'];
    const key = (await core.call('lines.list', { period: PERIOD, ownerId, limit: 1 })).rows[0]!.key;
    for (const call of [
      core.call('rate.run', { period: PERIOD, ownerId }),
      core.call('reconcile.run', { period: PERIOD, ownerId, tolerance: '5' }),
      core.call('lines.setReview', { period: PERIOD, ownerId, lineKeys: [key], state: 'disputed' }),
      core.call('lines.annotate', { period: PERIOD, ownerId, lineKey: key, text: 'late note' }),
    ]) {
      const r = await refusal(call);
      expect(r.code).toBe('period_closed');
      for (const w of lockWords) expect(r.message).toContain(w);
    }
    // The whole month rated: the closed owner is left as it is, and said so.
    const all = await core.call('rate.run', { period: PERIOD });
    expect(all.rated).toEqual([]);
    expect(all.closed).toEqual([{ ownerId, message: expect.stringContaining('rating it again is refused') }]);
    // An import with rows in March: refused whole.
    const late = await core.call('import.commit', { files: [usageFile(dir, 'late-march.csv', '2021-03-10T10:00:00+01:00', '2021-03-12T10:00:00+01:00')] });
    expect(late.results[0]).toMatchObject({ ok: false });
    expect(late.results[0]!.error).toMatch(/late-march\.csv: has rows in a closed period, nothing was imported/);
    for (const w of lockWords) expect(late.results[0]!.error).toContain(w);
    // A row that starts in February and ends in March falls in March as well.
    const straddle = await core.call('import.commit', {
      files: [usageFile(dir, 'straddle.csv', '2021-02-28T22:00:00+01:00', '2021-03-01T02:00:00+01:00')],
    });
    expect(straddle.results[0]!.error).toContain('closed');
    expect(snapshot(core.db)).toEqual(frozen);

    // April is open: its import goes in, and March stays closed and not stale.
    const april = await core.call('import.commit', { files: [usageFile(dir, 'april.csv', '2021-04-10T10:00:00+02:00', '2021-04-11T10:00:00+02:00')] });
    expect(april.results[0]).toMatchObject({ ok: true });
    expect(await overview(core)).toMatchObject({ stale: false, total: before.total, closed: { by: closed.closedBy } });

    // Reopening needs a reason.
    expect((await refusal(core.call('period.reopen', { period: PERIOD, ownerId, reason: '   ' }))).code).toBe('invalid_request');
    const reopened = await core.call('period.reopen', { period: PERIOD, ownerId, reason: 'credit note CN-42 received' });
    const reopen = (await entries(core)).at(-1)!;
    expect(reopen).toMatchObject({ seq: reopened.auditSeq, action: 'reopen', subject: `${ownerId} ${PERIOD}` });
    expect(JSON.parse(reopen.detail)).toMatchObject({
      reason: 'credit note CN-42 received',
      closedBy: closed.closedBy,
      closedAt: closed.closedAt,
      closeEntry: closed.auditSeq,
    });
    expect(await overview(core)).toMatchObject({ closed: null, stale: true });
    expect((await refusal(core.call('period.reopen', { period: PERIOD, ownerId, reason: 'twice' }))).message).toContain('is not closed');

    // Open again: the late usage goes in, the month is rated again.
    expect((await core.call('import.commit', { files: [path.join(dir, 'late-march.csv')] })).results[0]).toMatchObject({ ok: true });
    expect((await core.call('rate.run', { period: PERIOD, ownerId })).rated).toHaveLength(1);
  });

  it('refuses a stale period, and an invoice or credits file of a closed one', async () => {
    await approveAll(core);
    await core.call('import.commit', { files: [usageFile(dir, 'april.csv', '2021-04-10T10:00:00+02:00', '2021-04-11T10:00:00+02:00')] });
    const stale = await refusal(core.call('period.close', { period: PERIOD, ownerId }));
    expect(stale.message).toContain('out of date (files were imported since it was rated)');
    await core.call('rate.run', { period: PERIOD });
    await approveAll(core);
    await core.call('period.close', { period: PERIOD, ownerId });

    const frozen = snapshot(core.db);
    const invoice = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../resources/sample/invoice-2021-03.json'), 'utf8')) as Record<string, unknown>;
    invoice.invoice_number = 'FR-2021-03-0004812-BIS';
    fs.writeFileSync(path.join(dir, 'invoice-bis.json'), JSON.stringify(invoice));
    const credits = path.join(dir, 'credits-late.csv');
    fs.writeFileSync(
      credits,
      'credit_id,owner_id,kind,amount,currency,granted_at,valid_from,expires_at,scope,description\n' +
        `cr-late,${ownerId},free,10.00,EUR,2021-03-15T00:00:00+01:00,2021-03-15T00:00:00+01:00,,all,Goodwill\n`,
    );
    const r = await core.call('import.commit', { files: [path.join(dir, 'invoice-bis.json'), credits] });
    for (const f of r.results) expect(f.error).toContain(`has rows in a closed period, nothing was imported: ${ownerId} ${PERIOD} is closed`);
    expect(snapshot(core.db)).toEqual(frozen);
    // A credit granted after March cannot change it: imported.
    fs.writeFileSync(
      credits,
      'credit_id,owner_id,kind,amount,currency,granted_at,valid_from,expires_at,scope,description\n' +
        `cr-may,${ownerId},free,10.00,EUR,2021-05-15T00:00:00+02:00,2021-05-15T00:00:00+02:00,,all,Goodwill\n`,
    );
    expect((await core.call('import.commit', { files: [credits] })).results[0]).toMatchObject({ ok: true });
  });

  it('is held by the database too: another connection cannot write the closed period', async () => {
    await approveAll(core);
    await core.call('period.close', { period: PERIOD, ownerId });
    const other = new Database(core.dbPath);
    try {
      for (const sql of [
        `INSERT INTO annotations (owner_id, period, line_key, author, created_at, text) VALUES ('${ownerId}', '${PERIOD}', 'k', 'x', 0, 't')`,
        `UPDATE reviews SET state = 'unreviewed' WHERE owner_id = '${ownerId}' AND period = '${PERIOD}'`,
        `DELETE FROM rating_runs WHERE owner_id = '${ownerId}' AND period = '${PERIOD}'`,
        `DELETE FROM reconciliations WHERE owner_id = '${ownerId}' AND period = '${PERIOD}'`,
      ]) {
        let caught: unknown;
        try {
          other.exec(sql);
        } catch (err) {
          caught = err;
        }
        expect(lockRefusal(caught), sql).toMatchObject({ ownerId, period: PERIOD });
      }
      // Other periods are not held.
      other.exec(`INSERT INTO annotations (owner_id, period, line_key, author, created_at, text) VALUES ('${ownerId}', '2021-04', 'k', 'x', 0, 't')`);
    } finally {
      other.close();
    }
  });

  it('exports a closed period as closed: never rated again, with the sign-off in the Summary', async () => {
    await approveAll(core);
    const closed = await core.call('period.close', { period: PERIOD, ownerId });
    const before = await overview(core);
    // Settings that would make it stale, and an import elsewhere.
    await core.call('settings.update', { tolerance: '0.5' });
    await core.call('import.commit', { files: [usageFile(dir, 'april.csv', '2021-04-10T10:00:00+02:00', '2021-04-11T10:00:00+02:00')] });
    const out = path.join(dir, 'closed.xlsx');
    const r = await core.call('export.workbook', { period: PERIOD, ownerId, out });
    expect(r.refreshed).toBeNull();
    const tail = (await entries(core)).slice(-3).map((e) => e.action);
    expect(tail).toEqual(['settings', 'import', 'export']);
    const rows = summaryRows(sheet(await readWorkbook(out), 'Summary'));
    expect(rows.get('Signed off by')!.cell.value).toBe(closed.closedBy);
    // A date of the workspace's wall clock, as "Generated at".
    const zone = (await core.call('workspace.overview', {})).settings.timeZone;
    const offset = DateTime.fromMillis(closed.closedAt, { zone }).offset * 60_000;
    expect((rows.get('Signed off at')!.cell.value as Date).getTime()).toBe(closed.closedAt + offset);
    expect(rows.get('Sign-off entry')!.cell.value).toBe(closed.auditSeq);
    expect(String((rows.get('Total')!.cell.value as { result: number }).result)).toBe(before.total);
    expect((await overview(core)).ratedAt).toBe(before.ratedAt);

    // Open, the same export says nothing of a sign-off.
    await core.call('period.reopen', { period: PERIOD, ownerId, reason: 'reissue' });
    const open = path.join(dir, 'open.xlsx');
    expect((await core.call('export.workbook', { period: PERIOD, ownerId, out: open })).refreshed).not.toBeNull();
    expect(summaryRows(sheet(await readWorkbook(open), 'Summary')).has('Signed off by')).toBe(false);
  });

  it('answers a write the database refused (closed meanwhile, past the check) as the same period_closed error', async () => {
    await approveAll(core);
    const closed = await core.call('period.close', { period: PERIOD, ownerId });
    const key = (await core.call('lines.list', { period: PERIOD, ownerId, limit: 1 })).rows[0]!.key;
    // A handler that writes without asking first: only migration 008's trigger stands in its way.
    const handlers = { ...core.handlers, 'lines.annotate': (() => addAnnotation(core.db, ownerId, PERIOD, key, 'raced', 'someone')) as never };
    const r = await dispatch(
      handlers,
      'lines.annotate',
      { period: PERIOD, ownerId, lineKey: key, text: 'raced' },
      cliContext(() => {}),
    );
    expect(r).toEqual({
      ok: false,
      error: { code: 'period_closed', message: expect.stringContaining(`${ownerId} ${PERIOD} is closed (signed off by ${closed.closedBy} on `) },
    });
    expect(!r.ok && r.error.message).toContain('this change is refused; reopen it first');
  });

  it('closes a FOCUS period: its invoice totals, typed or imported, and its rows are refused', async () => {
    const focus = expectedSample() as unknown as { focus: { ownerId: string } };
    const owner = focus.focus.ownerId;
    const APRIL = '2021-04';
    await core.call('rate.run', { period: APRIL });
    const keys = (await core.call('lines.list', { period: APRIL, ownerId: owner, limit: 5000 })).rows.map((r) => r.key);
    await core.call('lines.setReview', { period: APRIL, ownerId: owner, lineKeys: keys, state: 'approved' });
    await core.call('period.close', { period: APRIL, ownerId: owner });

    const frozen = snapshot(core.db);
    const typed = await refusal(core.call('focus.setInvoiceTotal', { period: APRIL, ownerId: owner, amount: '1.00' }));
    expect(typed).toMatchObject({ code: 'period_closed', message: expect.stringContaining(`${owner} ${APRIL} is closed`) });
    const totals = path.join(dir, 'totals-april.csv');
    fs.writeFileSync(totals, 'invoice_id,billing_account_id,billing_period_start,currency,amount\nEUINFR21-X,381492750163,2021-04-01T00:00:00Z,USD,1.00\n');
    const sample = fs.readFileSync(path.resolve(__dirname, '../../resources/sample/focus-aws-2021-04-05.csv'), 'utf8').split('\n');
    const rows = path.join(dir, 'focus-april-late.csv');
    fs.writeFileSync(rows, `${sample[0]}\n${sample[1]!.replace('lumen-etl-1', 'lumen-etl-late')}\n`);
    const r = await core.call('import.commit', { files: [totals, rows] });
    for (const f of r.results) expect(f.error, f.fileName).toContain(`has rows in a closed period, nothing was imported: ${owner} ${APRIL} is closed`);
    expect(snapshot(core.db)).toEqual(frozen);
    // May is open.
    fs.writeFileSync(totals, 'invoice_id,billing_account_id,billing_period_start,currency,amount\nEUINFR21-Y,381492750163,2021-05-01T00:00:00Z,USD,1.00\n');
    expect((await core.call('import.commit', { files: [totals] })).results[0]).toMatchObject({ ok: true });
  });
});
