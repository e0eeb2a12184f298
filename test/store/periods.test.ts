// Owners and periods are listed in one order whatever the machine's locale: compareText (case-
// insensitive, then by code units), as everywhere else lines and owners are sorted.
import { describe, expect, it } from 'vitest';
import { importFile } from '../../electron/core/import';
import { listOwnerPeriods, usageStartPeriods } from '../../electron/core/store/periods';
import { USAGE_HEADER, newWorkspace, uptime, usageRow, writeFile } from '../import/helpers';

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

describe('usageStartPeriods', () => {
  it('the periods some usage row starts in, of batches up to the version asked for: a spilled interval covers nothing', async () => {
    const { db, dir } = newWorkspace();
    const march = [USAGE_HEADER, uptime('i-1', '2021-03-02T10:00:00Z', '2021-03-02T11:00:00Z'), uptime('i-2', '2021-03-31T23:00:00Z', '2021-04-02T01:00:00Z')];
    await importFile(db, writeFile(dir, 'march.csv', march.join('\n')));
    const may = [
      USAGE_HEADER,
      usageRow({
        owner_id: 'orga_1',
        item_type: 'classic',
        item_id: 't',
        description: 'x',
        consumption_start: '2021-05-02T10:00:00Z',
        quantity: '1',
        unit_price: '1',
        currency: 'EUR',
      }),
    ];
    await importFile(db, writeFile(dir, 'may.csv', may.join('\n')));
    expect([...usageStartPeriods(db, 'orga_1', '2021-02', '2021-06', 'UTC', 1)]).toEqual(['2021-03']);
    expect([...usageStartPeriods(db, 'orga_1', '2021-02', '2021-06', 'UTC', 2)]).toEqual(['2021-03', '2021-05']);
    expect([...usageStartPeriods(db, 'orga_1', '2021-04', '2021-04', 'UTC', 2)]).toEqual([]);
    // In Paris, 2021-03-31T23:00Z is already April.
    expect([...usageStartPeriods(db, 'orga_1', '2021-02', '2021-06', 'Europe/Paris', 2)]).toEqual(['2021-03', '2021-04', '2021-05']);
    expect([...usageStartPeriods(db, 'orga_2', '2021-02', '2021-06', 'UTC', 2)]).toEqual([]);
    db.close();
  });
});
