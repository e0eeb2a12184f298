// The invoice screen's totals bar: unfiltered, it reads the totals stored with the reconciliation;
// filtered, it sums the matching lines. Both must be the exact sums of the stored lines.
import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allLines } from '../../electron/core/jobs/lines';
import { LINE_KINDS, kindRank } from '../../shared/kinds';
import { expectedSample, importSample, openTestCore, type TestCore } from '../api/helpers';

describe('lines.list', () => {
  let core: TestCore;
  const { ownerId } = expectedSample();
  beforeAll(async () => {
    core = openTestCore();
    await importSample(core);
    await core.call('rate.run', { period: '2021-03' });
  });
  afterAll(() => core.close());

  it('unfiltered (stored), all kinds selected (summed) and an independent sum of every line agree exactly', async () => {
    const lines = allLines(core.db, ownerId, '2021-03');
    const sum = (f: (l: (typeof lines)[number]) => string | null) => lines.reduce((s, l) => s.plus(f(l) ?? 0), new Decimal(0)).toFixed(2);
    const independent = {
      amountPerSecond: sum((l) => l.amountPerSecond),
      amountLegacy: sum((l) => l.amountLegacy),
      credit: sum((l) => l.credit),
      net: sum((l) => l.net),
      billed: sum((l) => l.billed),
      variance: sum((l) => l.variance),
    };
    const plain = await core.call('lines.list', { period: '2021-03', ownerId, limit: 10 });
    const summed = await core.call('lines.list', { period: '2021-03', ownerId, limit: 10, kinds: [...LINE_KINDS] });
    expect(plain.total).toBe(lines.length);
    expect(summed.total).toBe(lines.length);
    expect(plain.filtered).toEqual(independent);
    expect(summed.filtered).toEqual(independent);
  });

  it('sorted by kind, in the kind order of shared/kinds.ts, both ways (the SQL ordering is generated from it)', async () => {
    const ranks = async (dir: 'asc' | 'desc') =>
      (await core.call('lines.list', { period: '2021-03', ownerId, limit: 5000, sort: 'kind', dir })).rows.map((r) => kindRank(r.kind));
    const asc = await ranks('asc');
    expect(new Set(asc).size).toBeGreaterThanOrEqual(3);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const desc = await ranks('desc');
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
  });

  it('a reconciliation stored before line totals existed is summed line by line', async () => {
    const before = await core.call('lines.list', { period: '2021-03', ownerId, limit: 10 });
    const row = core.db.prepare("SELECT id, summary_json FROM reconciliations WHERE period = '2021-03'").get() as { id: number; summary_json: string };
    const { lineTotals, ...old } = JSON.parse(row.summary_json) as { lineTotals: unknown };
    expect(lineTotals).toBeDefined();
    core.db.prepare('UPDATE reconciliations SET summary_json = ? WHERE id = ?').run(JSON.stringify(old), row.id);
    const after = await core.call('lines.list', { period: '2021-03', ownerId, limit: 10 });
    expect(after.filtered).toEqual(before.filtered);
    expect(after.total).toBe(before.total);
  });
});
