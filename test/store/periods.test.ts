// Owners and periods are listed in one order whatever the machine's locale: compareText (case-
// insensitive, then by code units), as everywhere else lines and owners are sorted.
import { describe, expect, it } from 'vitest';
import { importFile } from '../../electron/core/import';
import { listOwnerPeriods, usageCoveredPeriods } from '../../electron/core/store/periods';
import { USAGE_HEADER, newWorkspace, uptime, writeFile } from '../import/helpers';

describe('listOwnerPeriods', () => {
  it('sorts owners case-insensitively, then by code units (not by the locale), then periods', async () => {
    const { db, dir } = newWorkspace();
    const rows = ['orga_b', 'orga_a', 'Orga_A'].flatMap((owner) => [
      uptime(`${owner}-1`, '2021-04-01T10:00:00Z', '2021-04-01T11:00:00Z', { owner_id: owner }),
      uptime(`${owner}-2`, '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z', { owner_id: owner }),
    ]);
    await importFile(db, writeFile(dir, 'usage.csv', [USAGE_HEADER, ...rows].join('\n')));
    expect(listOwnerPeriods(db, 'UTC').map((p) => `${p.ownerId} ${p.period}`)).toEqual([
      'Orga_A 2021-03',
      'Orga_A 2021-04',
      'orga_a 2021-03',
      'orga_a 2021-04',
      'orga_b 2021-03',
      'orga_b 2021-04',
    ]);
    db.close();
  });
});

describe('usageCoveredPeriods', () => {
  it('reads only the usage of batches up to the version asked for', async () => {
    const { db, dir } = newWorkspace();
    await importFile(db, writeFile(dir, 'march.csv', [USAGE_HEADER, uptime('i-1', '2021-03-02T10:00:00Z', '2021-03-02T11:00:00Z')].join('\n')));
    await importFile(db, writeFile(dir, 'may.csv', [USAGE_HEADER, uptime('i-2', '2021-05-02T10:00:00Z', '2021-05-02T11:00:00Z')].join('\n')));
    expect([...usageCoveredPeriods(db, 'orga_1', 'UTC', 1)]).toEqual(['2021-03']);
    // Per kind of row, an envelope from the earliest to the latest row.
    expect([...usageCoveredPeriods(db, 'orga_1', 'UTC', 2)]).toEqual(['2021-03', '2021-04', '2021-05']);
    db.close();
  });
});
