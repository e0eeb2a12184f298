// The rating's read numbers the instances (IntervalReader.read({ instanceKeys })): the same
// intervals as the plain read, one key per distinct instance id, so a line's instance count is
// the same as counting id strings (docs/performance.md §1d). Real SQLite, the sample workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntervalReader, usageScope } from '../../electron/core/store/usage/read';
import { expectedSample, importSample, openTestCore, type TestCore } from '../api/helpers';

describe('instance keys of the rating read', () => {
  let core: TestCore;
  const { ownerId } = expectedSample();
  beforeAll(async () => {
    core = openTestCore();
    await importSample(core);
  });
  afterAll(() => core.close());

  it('give the same intervals as the plain read and one key per distinct instance id', () => {
    const upTo = (core.db.prepare('SELECT max(id) AS m FROM import_batches').get() as { m: number }).m;
    const { scope } = usageScope(core.db, ownerId, 'Europe/Paris', upTo, '2021-01', '2021-12');
    const plain = [...new IntervalReader(core.db, scope).read()];
    const keyed = [...new IntervalReader(core.db, scope).read({ instanceKeys: true })];
    expect(plain.length).toBeGreaterThan(0);
    expect(plain.every((iv) => iv.instanceKey === undefined)).toBe(true);
    const strip = (l: typeof plain) => l.map(({ instanceKey: _k, ...iv }) => iv).sort((a, b) => a.id - b.id || a.start - b.start);
    expect(strip(keyed)).toEqual(strip(plain));
    const byId = new Map<string, number>();
    const byKey = new Map<number, string>();
    for (const iv of keyed) {
      expect(iv.instanceKey).toBeTypeOf('number');
      expect(byId.get(iv.instanceId) ?? iv.instanceKey).toBe(iv.instanceKey);
      expect(byKey.get(iv.instanceKey!) ?? iv.instanceId).toBe(iv.instanceId);
      byId.set(iv.instanceId, iv.instanceKey!);
      byKey.set(iv.instanceKey!, iv.instanceId);
    }
    expect(byId.size).toBeGreaterThan(1);
  });
});
