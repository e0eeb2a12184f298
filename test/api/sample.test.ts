// sample.load imports the bundled sample workspace (found from the sources too), and two loads at
// once import each file once: the second skips what the first imported.
import { describe, expect, it } from 'vitest';
import { openTestCore, sampleFiles } from './helpers';

describe('sample.load', () => {
  it('imports every sample file once, even when two loads run at the same time', async () => {
    const core = openTestCore();
    try {
      const [a, b] = await Promise.all([core.call('sample.load', {}), core.call('sample.load', {})]);
      const n = sampleFiles().length;
      expect(a.imported + b.imported).toBe(n);
      expect(a.skipped + b.skipped).toBe(n);
      expect(a.periods).toEqual(expect.arrayContaining(['2021-03', '2021-04']));
      expect((await core.call('workspace.overview', {})).batches).toHaveLength(n);
      expect(await core.call('sample.load', {})).toMatchObject({ imported: 0, skipped: n });
    } finally {
      core.close();
    }
  });
});
