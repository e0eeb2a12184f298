// An invoice's details rated as a fallback (no usage CSV for the period): time a detail lists
// twice is counted once, so a doubled charge shows up as over-billed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timeCountedOnce } from '../../shared/rating';
import type { UsageInterval } from '../../shared/types';

let nextId = 1;
function iv(instanceId: string, start: number, end: number, itemId = 'app_1'): UsageInterval {
  return {
    id: nextId++,
    ownerId: 'orga_1',
    itemType: 'uptime',
    itemId,
    itemName: 'app',
    instanceId,
    priceId: 'apps.XS',
    flavorName: 'XS',
    sourceHint: 'apps',
    zoneId: 'par',
    start,
    end,
    source: { batchId: 1, file: 'invoice.json', row: String(nextId) },
  };
}
const spans = (l: UsageInterval[]) => l.map((u) => [u.instanceId, u.start, u.end]).sort((a, b) => String(a).localeCompare(String(b)));

describe('timeCountedOnce', () => {
  it('drops a duplicated detail, trims an overlapping one, drops a contained one; other instances and items are untouched', () => {
    const out = timeCountedOnce([
      iv('i1', 0, 100),
      iv('i1', 0, 100),
      iv('i1', 50, 150),
      iv('i1', 60, 70),
      iv('i2', 0, 100),
      iv('i1', 0, 100, 'app_2'),
      iv('i1', 200, 300),
    ]);
    expect(spans(out)).toEqual(spans([iv('i1', 0, 100), iv('i1', 100, 150), iv('i2', 0, 100), iv('i1', 0, 100, 'app_2'), iv('i1', 200, 300)]));
  });

  it('keeps zero-length details (they add no time) and leaves disjoint details as they are', () => {
    const input = [iv('i1', 0, 10), iv('i1', 10, 20), iv('i1', 5, 5)];
    expect(spans(timeCountedOnce(input))).toEqual(spans(input));
  });

  it('property: the time counted is the union of the listed time, per instance, and nothing overlaps any more', () => {
    const arb = fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 20 })), { maxLength: 30 });
    fc.assert(
      fc.property(arb, (list) => {
        const input = list.map(([inst, s, d]) => iv(inst, s, s + d));
        const out = timeCountedOnce(input);
        for (const inst of ['a', 'b']) {
          const covered = (l: UsageInterval[]) => {
            const set = new Set<number>();
            for (const u of l) if (u.instanceId === inst) for (let t = u.start; t < u.end; t++) set.add(t);
            return set;
          };
          const total = out.filter((u) => u.instanceId === inst).reduce((n, u) => n + (u.end - u.start), 0);
          expect(total).toBe(covered(input).size);
          expect([...covered(out)].sort()).toEqual([...covered(input)].sort());
        }
      }),
    );
  });
});
