// Which interval is wrong, through the core on a real SQLite workspace: a fixture invoice whose
// one detail is over-billed (test/fixtures/intervals), imported with its usage CSV and catalog,
// rated and reconciled; `lines.detail` names exactly that detail, by instance, start, file and
// JSON path, from the stored run. Countable lines list the rows they were rated from. The sample's
// March invoice (resources/sample) too: its over-billed line's 3.00 sit in one detail.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedSample, importSample, openTestCore, type TestCore } from './helpers';

const FIXTURES = path.resolve(__dirname, '../fixtures/intervals');
const FILES = ['catalog.json', 'usage-2024-03.csv', 'invoice-2024-03.json'].map((f) => path.join(FIXTURES, f));
const OWNER = 'orga_iv';
const PERIOD = '2024-03';
const WEB = `${OWNER}|application|app_web|apps.XS`;

describe('per-interval comparison of a line (fixture invoice)', () => {
  let core: TestCore;
  beforeAll(async () => {
    core = openTestCore();
    const r = await core.call('import.commit', { files: FILES });
    expect(r.results.map((x) => [x.fileName, x.ok, x.error ?? null])).toEqual(FILES.map((f) => [path.basename(f), true, null]));
    await core.call('rate.run', { period: PERIOD, ownerId: OWNER });
    await core.call('reconcile.run', { period: PERIOD, ownerId: OWNER });
  });
  afterAll(() => core.close());

  it('names the one over-billed detail; the other three match, a microsecond start included', async () => {
    const d = await core.call('lines.detail', { period: PERIOD, ownerId: OWNER, lineKey: WEB });
    expect([d.row.status, d.row.amountPerSecond, d.row.billed, d.row.variance]).toEqual(['over_billed', '1.80', '4.8002', '3.0002']);
    const c = d.intervalComparison!;
    expect(c).toMatchObject({ paired: 4, billedOnly: 0, usageOnly: 0, differing: 1 });
    const wrong = c.rows.filter((r) => r.differs);
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toMatchObject({
      instanceId: 'i-b',
      status: 'over_billed',
      difference: '3.00',
      billed: { amount: '3.72', start: Date.parse('2024-03-04T10:00:00Z'), source: { file: 'invoice-2024-03.json', row: 'uptimes[0].details[1]' } },
      recomputed: { billableSeconds: 7200, exactAmount: '0.72', source: { file: 'usage-2024-03.csv', row: '3' } },
    });
    // The microsecond start pairs with its detail to the digit; the 1.1 s interval bills 2 s.
    const micro = c.rows.find((r) => r.instanceId === 'i-c')!;
    expect([micro.recomputed?.startSub, micro.billed?.startSub, micro.status]).toEqual(['001', '001', 'match']);
    const short = c.rows.find((r) => r.recomputed?.billableSeconds === 2)!;
    expect([short.recomputed?.start, short.billed?.end, short.billed?.source.row]).toEqual([
      Date.parse('2024-03-05T11:00:00.400Z'),
      Date.parse('2024-03-05T11:00:01.500Z'),
      'uptimes[0].details[2]',
    ]);
    // Every row pairs a usage row with an invoice detail.
    expect(c.rows.every((r) => r.recomputed?.source.file === 'usage-2024-03.csv' && r.billed?.source.file === 'invoice-2024-03.json')).toBe(true);
  });

  it('follows the stored reconciliation: its tolerance, not a setting changed since', async () => {
    await core.call('settings.update', { tolerance: '5' });
    const d = await core.call('lines.detail', { period: PERIOD, ownerId: OWNER, lineKey: WEB });
    expect(d.intervalComparison!.differing).toBe(1);
    await core.call('reconcile.run', { period: PERIOD, ownerId: OWNER });
    const after = await core.call('lines.detail', { period: PERIOD, ownerId: OWNER, lineKey: WEB });
    expect([after.row.status, after.intervalComparison!.differing]).toEqual(['match', 0]);
    await core.call('settings.update', { tolerance: '0.01' });
    await core.call('reconcile.run', { period: PERIOD, ownerId: OWNER });
  });

  it('a countable line lists the usage rows it was rated from, with file and row; no interval comparison', async () => {
    const list = await core.call('lines.list', { period: PERIOD, ownerId: OWNER });
    const storage = list.rows.find((r) => r.kind === 'countable')!;
    expect([storage.amountPerSecond, storage.billed, storage.status]).toEqual(['1.50', '1.50', 'match']);
    const d = await core.call('lines.detail', { period: PERIOD, ownerId: OWNER, lineKey: storage.key });
    expect(d.intervalComparison).toBeNull();
    expect(d.sourceRowsTotal).toBe(2);
    expect(d.sourceRows.map((r) => [r.source.file, r.source.row, r.quantity, r.unit])).toEqual([
      ['usage-2024-03.csv', '6', '100', 'GB'],
      ['usage-2024-03.csv', '7', '50', 'GB'],
    ]);
  });
});

describe("per-interval comparison of the sample's March", () => {
  let core: TestCore;
  const { ownerId } = expectedSample();
  beforeAll(async () => {
    core = openTestCore();
    await importSample(core);
    await core.call('rate.run', { period: '2021-03', ownerId });
    await core.call('reconcile.run', { period: '2021-03', ownerId });
  });
  afterAll(() => core.close());

  it('puts the over-billed line’s 3.00 in its one wrong detail, every other detail within the tolerance', async () => {
    const list = await core.call('lines.list', { period: '2021-03', ownerId, statuses: ['over_billed'] });
    expect(list.rows).toHaveLength(1);
    const d = await core.call('lines.detail', { period: '2021-03', ownerId, lineKey: list.rows[0]!.key });
    const c = d.intervalComparison!;
    expect(c.billedOnly + c.usageOnly).toBe(0);
    expect(c.paired).toBe(d.detailsTotal);
    const wrong = c.rows.filter((r) => r.differs);
    expect(wrong.map((r) => [r.instanceId, r.status, r.billed?.amount, r.billed?.source.row])).toEqual([
      ['69457b5d-5545-427a-aa6a-a792bc11eb03', 'over_billed', '6.11', 'uptimes[0].details[24]'],
    ]);
    expect(wrong[0]!.difference.startsWith('3.00')).toBe(true);
  });

  it('a task line lists the usage rows it was rated from', async () => {
    const list = await core.call('lines.list', { period: '2021-03', ownerId, kinds: ['task'] });
    expect(list.rows.length).toBeGreaterThan(0);
    const d = await core.call('lines.detail', { period: '2021-03', ownerId, lineKey: list.rows[0]!.key });
    expect(d.sourceRowsTotal).toBeGreaterThan(0);
    expect(d.sourceRows.every((r) => r.source.file === 'usage-2021-03.csv' && /^\d+$/.test(r.source.row) && r.unitPrice !== null)).toBe(true);
  });
});
