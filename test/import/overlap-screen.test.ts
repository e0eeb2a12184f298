// The overlap screen (store/usage/overlaps.ts, OverlapScreen) only ever spares the SQL check's
// sort: on random files — sorted by start or not, ties, zero-length intervals, digits below the
// millisecond, with and without an earlier import in reach — the import ends exactly as it does
// with the full SQL check (same rows imported, or the same refusal, word for word).
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/core/import';
import { usageImportTuning } from '../../electron/core/import/formats/usage-csv';
import { OverlapScreen } from '../../electron/core/store/usage/overlaps';
import { newWorkspace, uptime, USAGE_HEADER, writeFile } from './helpers';

interface Iv {
  instance: string;
  item: string;
  start: number; // tenths of a second after the base
  len: number;
}

const BASE = Date.parse('2021-03-01T10:00:00Z');
/** An instant with a digit below the millisecond on odd tenths (exercises start_sub/end_sub). */
const at = (t: number) => new Date(BASE + Math.floor(t / 2) * 1000).toISOString().replace('.000Z', t % 2 ? '.0000005Z' : 'Z');

const interval: fc.Arbitrary<Iv> = fc.record({
  instance: fc.constantFrom('i-1', 'i-2', 'i-3'),
  item: fc.constantFrom('app_1', 'app_2'),
  start: fc.integer({ min: 0, max: 40 }),
  len: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 8 })),
});

const file = (ivs: Iv[], sorted: boolean) => {
  const rows = sorted ? [...ivs].sort((a, b) => a.start - b.start) : ivs;
  return [USAGE_HEADER, ...rows.map((v) => uptime(v.instance, at(v.start), at(v.start + v.len), { item_id: v.item }))].join('\n');
};

async function outcome(earlier: string | null, text: string, screen: boolean): Promise<string> {
  const { db, dir } = newWorkspace();
  try {
    if (earlier !== null) {
      usageImportTuning.overlapScreen = false;
      try {
        await importFile(db, writeFile(dir, 'old.csv', earlier));
      } catch (e) {
        return `earlier refused: ${(e as Error).message}`;
      }
    }
    usageImportTuning.overlapScreen = screen;
    const r = await importFile(db, writeFile(dir, 'new.csv', text));
    return `imported ${r.rowCount} rows`;
  } catch (e) {
    return `refused: ${(e as Error).message}`;
  } finally {
    usageImportTuning.overlapScreen = true;
    db.close();
  }
}

describe('overlap screen', () => {
  afterEach(() => {
    usageImportTuning.overlapScreen = true;
  });

  it('gives the same outcome as the full SQL check', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(interval, { minLength: 1, maxLength: 12 }),
        fc.option(fc.array(interval, { minLength: 1, maxLength: 6 }), { nil: null }),
        fc.boolean(),
        async (ivs, old, sorted) => {
          const text = file(ivs, sorted);
          const earlier = old === null ? null : file(old, true);
          expect(await outcome(earlier, text, true)).toBe(await outcome(earlier, text, false));
        },
      ),
      { numRuns: 80 },
    );
  }, 120_000);

  it('proves absence on a file sorted by start, and gives up on disorder, ties and overlaps', () => {
    const s = new OverlapScreen();
    s.add('i', 0, '', 10, '');
    s.add('i', 10, '', 20, ''); // touching
    s.add('j', 10, '', 30, '');
    s.add('k', 15, '', 15, '');
    expect(s.clear).toBe(true);
    const unsorted = new OverlapScreen();
    unsorted.add('i', 10, '', 20, '');
    unsorted.add('j', 5, '', 6, '');
    expect(unsorted.clear).toBe(false);
    const overlap = new OverlapScreen();
    overlap.add('i', 0, '', 10, '5');
    overlap.add('i', 10, '', 20, '');
    expect(overlap.clear).toBe(false);
    const tie = new OverlapScreen();
    tie.add('i', 10, '', 10, '');
    tie.add('i', 10, '', 20, '');
    expect(tie.clear).toBe(false);
  });

  it('lets go of ended instances only: a long interval still open after many sweeps is compared', () => {
    const s = new OverlapScreen();
    s.add('long', 0, '', 1e9, '');
    for (let i = 1; i <= 600_000; i++) s.add(`i-${i}`, i * 1000, '', i * 1000 + 500, '');
    expect(s.clear).toBe(true);
    s.add('i-600000', 600_000_500, '', 600_000_600, ''); // touches its previous interval
    expect(s.clear).toBe(true);
    s.add('long', 700_000_000, '', 700_000_001, '');
    expect(s.clear).toBe(false);
  });
});
