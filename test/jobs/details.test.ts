// The workbook's Details come from one sorted pass over the period (DetailRater.detailsInOrder);
// they must be exactly what rating each item on its own gives (detailsOf), line by line, and add
// up to each line's billable seconds — also for an item whose lines are not adjacent in line
// order (an application and its builds) and for a period rated from an invoice's own details.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DetailRater } from '../../electron/core/jobs/details';
import { allLines } from '../../electron/core/jobs/lines';
import { storedRun } from '../../electron/core/store/runs';
import { SAMPLE_DIR, expectedSample, importSample, openTestCore, tempDir, type TestCore } from '../api/helpers';

const TIMED = new Set(['application', 'build', 'addon']);
const PERIODS = Object.keys(expectedSample().periods);

function check(core: TestCore, ownerId: string, period: string, order: 'line' | 'interleaved' = 'line') {
  const run = storedRun(core.db, ownerId, period)!;
  const lines = allLines(core.db, ownerId, period).filter((l) => TIMED.has(l.kind) && l.instances > 0);
  expect(lines.length).toBeGreaterThan(0);
  // Interleaved: an item's lines far apart, so its group has passed when they come (read again).
  if (order === 'interleaved') lines.sort((a, b) => a.priceItem.localeCompare(b.priceItem) || a.key.localeCompare(b.key));
  const rater = new DetailRater(core.db, run);
  const streamed = [...rater.detailsInOrder(lines)];
  expect(streamed.map((s) => s.line)).toEqual(lines.map((_, i) => i));
  lines.forEach((l, i) => {
    const one = new DetailRater(core.db, run).detailsOf(l.itemId).get(l.key) ?? [];
    expect(streamed[i]!.details, l.key).toEqual(one);
    expect(
      streamed[i]!.details.reduce((n, d) => n + d.billableSeconds, 0),
      l.key,
    ).toBe(l.billableSeconds);
  });
  return lines;
}

describe('workbook details in line order', () => {
  let core: TestCore;
  const { ownerId } = expectedSample();
  beforeAll(async () => {
    core = openTestCore();
    await importSample(core);
    for (const period of PERIODS) await core.call('rate.run', { period });
  });
  afterAll(() => core.close());

  // May is rated from its invoice's own details (no usage export covers it).
  it('equal each item rated on its own, for every line of every sample month', () => {
    for (const period of PERIODS) {
      const lines = check(core, ownerId, period);
      // The sample has items whose lines are apart in line order (applications and their builds).
      const firstAt = new Map<string, number>();
      const apart = lines.filter((l, i) => {
        const f = firstAt.get(l.itemId);
        if (f === undefined) firstAt.set(l.itemId, i);
        return f !== undefined && f !== i - 1 && lines[i - 1]!.itemId !== l.itemId;
      });
      if (period === '2021-03') expect(apart.length).toBeGreaterThan(0);
    }
  });

  it('leave the connection free for writes when the export stops half-way (its read is closed)', () => {
    const lines = allLines(core.db, ownerId, '2021-03').filter((l) => TIMED.has(l.kind) && l.instances > 0);
    let seen = 0;
    for (const _ of new DetailRater(core.db, storedRun(core.db, ownerId, '2021-03')!).detailsInOrder(lines)) if (++seen === 2) break;
    expect(seen).toBe(2);
    expect(() => core.db.exec('CREATE TEMP TABLE after_export (x)')).not.toThrow();
  });

  it('equal each item rated on its own in any line order (lines of one item far apart)', () => {
    check(core, ownerId, '2021-03', 'interleaved');
  });

  it('equal each item rated on its own when the period is rated from an invoice alone', async () => {
    const only = openTestCore(path.join(tempDir(), 'invoice-only.sqlite'));
    try {
      const files = fs.readdirSync(SAMPLE_DIR).filter((f) => /^(catalog|invoice-2021-03).*\.json$/.test(f));
      const r = await only.call('import.commit', { files: files.map((f) => path.join(SAMPLE_DIR, f)) });
      expect(r.results.every((x) => x.ok)).toBe(true);
      await only.call('rate.run', { period: '2021-03' });
      check(only, ownerId, '2021-03');
    } finally {
      only.close();
    }
  });
});
