// Owner names through the API on a real workspace file: taken from the files (a Clever Cloud
// invoice's address.company, a FOCUS file's BillingAccountName), renamed with `owners.rename`
// (audited in the same transaction, cleared with an empty name), and refused for an unknown
// owner or a name with control characters, the workspace unchanged.
import Database from 'better-sqlite3';
import path from 'node:path';
import { readWorkbook, sheet, summaryRows } from '../export/xlsx-helpers';
import { beforeEach, describe, expect, it } from 'vitest';
import { importSample, openTestCore, tempDir, type TestCore } from './helpers';

// This test names its reviewer in the workspace's settings, as the app does; the CLI's SLICEWISE_ACTOR would override it.
delete process.env.SLICEWISE_ACTOR;

const ORG = 'orga_4c1d7e2a-8b3f-4e6d-9a21-5f0c7b9e3d14';
const AWS = '381492750163:USD';

describe('owner names', () => {
  let core: TestCore;
  const owners = async () => {
    const { periods } = await core.call('workspace.overview', {});
    return new Map(periods.map((p) => [p.ownerId, p.owner]));
  };
  const entries = async () => (await core.call('audit.list', { limit: 1000 })).entries;
  const raw = () => new Database(core.dbPath, { readonly: true });

  beforeEach(async () => {
    core = openTestCore();
    await core.call('settings.update', { actor: 'Ada' });
    await importSample(core);
  });

  it('come from the files: the organisation on its invoice, the FOCUS billing account', async () => {
    const o = await owners();
    expect(o.get(ORG)).toEqual({ name: 'Atelier Lumen SAS', source: 'invoice', renamedBy: null, renamedAt: null, fromData: 'Atelier Lumen SAS' });
    expect(o.get(AWS)).toEqual({
      name: 'Atelier Lumen data platform',
      source: 'focus',
      renamedBy: null,
      renamedAt: null,
      fromData: 'Atelier Lumen data platform',
    });
    // Every period of an owner carries its name.
    const { periods } = await core.call('workspace.overview', {});
    expect(periods.filter((p) => p.ownerId === ORG).map((p) => p.owner?.name)).toEqual(['Atelier Lumen SAS', 'Atelier Lumen SAS', 'Atelier Lumen SAS']);
  });

  it('owners.rename names an owner, audited; the same name again writes nothing; an empty name brings the file’s back', async () => {
    const before = (await entries()).length;
    const r = await core.call('owners.rename', { ownerId: ORG, name: '  Lumen — accounting  ' });
    expect(r.owner).toMatchObject({ name: 'Lumen — accounting', source: 'given', renamedBy: 'Ada', fromData: 'Atelier Lumen SAS' });
    expect((await owners()).get(ORG)?.name).toBe('Lumen — accounting');
    const audit = await entries();
    expect(audit).toHaveLength(before + 1);
    expect(audit[0]).toMatchObject({ actor: 'Ada', action: 'owner-rename', subject: ORG });
    expect(JSON.parse(audit[0]!.detail)).toEqual({ from: 'Atelier Lumen SAS', to: 'Lumen — accounting', given: true });
    const db = raw();
    expect(db.prepare('SELECT owner_id, name, renamed_by FROM owner_names').all()).toEqual([{ owner_id: ORG, name: 'Lumen — accounting', renamed_by: 'Ada' }]);
    db.close();

    await core.call('owners.rename', { ownerId: ORG, name: 'Lumen — accounting' });
    expect(await entries()).toHaveLength(before + 1);

    const cleared = await core.call('owners.rename', { ownerId: ORG, name: '' });
    expect(cleared.owner).toMatchObject({ name: 'Atelier Lumen SAS', source: 'invoice' });
    const last = (await entries())[0]!;
    expect([last.action, JSON.parse(last.detail)]).toEqual(['owner-rename', { from: 'Lumen — accounting', to: 'Atelier Lumen SAS', given: false }]);
    expect((await core.call('audit.verify', {})).ok).toBe(true);

    // A FOCUS account is renamed the same way; its id stays what the CLI and the workbook use.
    await core.call('owners.rename', { ownerId: AWS, name: 'AWS data platform' });
    const o = await owners();
    expect(o.get(AWS)).toMatchObject({ name: 'AWS data platform', source: 'given', fromData: 'Atelier Lumen data platform' });
    expect(o.get(ORG)?.name).toBe('Atelier Lumen SAS');
  });

  it('the rename and its audit entry are one transaction: an entry that cannot be written leaves the name as it was', async () => {
    const db = new Database(core.dbPath);
    db.exec("CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END");
    db.close();
    await expect(core.call('owners.rename', { ownerId: ORG, name: 'Never' })).rejects.toThrow(/audit refused/);
    const check = raw();
    expect(check.prepare('SELECT count(*) AS n FROM owner_names').get()).toEqual({ n: 0 });
    check.close();
    expect((await owners()).get(ORG)?.name).toBe('Atelier Lumen SAS');
  });

  it('refuses an owner the workspace does not have, and a name with control characters, writing nothing', async () => {
    const before = (await entries()).length;
    await expect(core.call('owners.rename', { ownerId: 'orga_nobody', name: 'X' })).rejects.toThrow(/^not_found: No owner orga_nobody/);
    await expect(core.call('owners.rename', { ownerId: ORG, name: 'bad\u0007name' })).rejects.toThrow(/control characters/);
    await expect(core.call('owners.rename', { ownerId: ORG, name: 'x'.repeat(201) })).rejects.toThrow(/invalid_request/);
    expect(await entries()).toHaveLength(before);
    expect((await owners()).get(ORG)?.source).toBe('invoice');
  });

  it('the workbook names the owner beside its id in the Summary', async () => {
    await core.call('owners.rename', { ownerId: ORG, name: 'Lumen — accounting' });
    const out = path.join(tempDir('slicewise-owner-wb-'), 'march.xlsx');
    await core.call('export.workbook', { period: '2021-03', ownerId: ORG, out });
    const rows = summaryRows(sheet(await readWorkbook(out), 'Summary'));
    expect(rows.get('Owner')?.cell.value).toBe(ORG);
    expect(rows.get('Owner name')?.cell.value).toBe('Lumen — accounting');
    expect(rows.get('Owner name')!.row).toBe(rows.get('Owner')!.row + 1);
  });
});
