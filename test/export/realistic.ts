// A realistic month in a real workspace: the sample organisation's March and April 2021, reviewed
// and annotated, beside another customer whose entries (and annotation text) must stay out of
// the sample's March workbook.
import fs from 'node:fs';
import path from 'node:path';
import { expectedSample, importSample, openTestCore, tempDir, type TestCore } from '../api/helpers';

export const PERIOD = '2021-03';
export const OTHER_OWNER = 'orga_other-customer';
export const OTHER_SECRET = 'Confidential: the other customer negotiated 40 % off';

const USAGE_HEADER =
  'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency\n';

export interface Realistic {
  core: TestCore;
  ownerId: string;
  /** Exports the sample owner's March (after setting the workspace locale) and returns the file. */
  exportMarch(locale?: 'en' | 'fr'): Promise<string>;
}

export async function realisticWorkspace(): Promise<Realistic> {
  const core = openTestCore();
  const ownerId = expectedSample().ownerId;
  await importSample(core);
  const other = path.join(tempDir(), 'usage-other-2021-03.csv');
  fs.writeFileSync(
    other,
    USAGE_HEADER +
      `${OTHER_OWNER},uptime,app_other,other-app,inst-o1,apps.XS,XS,par,2021-03-03T10:00:00+01:00,2021-03-09T11:00:00+01:00,,,,,,EUR\n` +
      `${OTHER_OWNER},uptime,app_other,other-app,inst-o2,apps.XS,XS,par,2021-03-12T08:00:00+01:00,2021-03-20T09:30:00+01:00,,,,,,EUR\n`,
  );
  const imported = await core.call('import.commit', { files: [other] });
  if (!imported.results[0]!.ok) throw new Error(imported.results[0]!.error);
  for (const period of [PERIOD, '2021-04']) await core.call('rate.run', { period });

  // The month's review: every line looked at, the discrepancies disputed and explained.
  const march = (await core.call('lines.list', { period: PERIOD, ownerId, limit: 5000 })).rows;
  const odd = march.filter((l) => l.status !== 'match');
  await core.call('lines.setReview', { period: PERIOD, ownerId, lineKeys: march.filter((l) => l.status === 'match').map((l) => l.key), state: 'approved' });
  await core.call('lines.setReview', { period: PERIOD, ownerId, lineKeys: odd.map((l) => l.key), state: 'disputed', reason: 'Not what the usage says' });
  for (const l of odd)
    await core.call('lines.annotate', {
      period: PERIOD,
      ownerId,
      lineKey: l.key,
      text: `Asked the provider about ${l.itemName || l.itemId}; ticket #${4400 + l.lineNo}`,
    });
  const april = (await core.call('lines.list', { period: '2021-04', ownerId, limit: 5000 })).rows;
  await core.call('lines.annotate', { period: '2021-04', ownerId, lineKey: april[0]!.key, text: 'April note, not for March' });
  const otherLine = (await core.call('lines.list', { period: PERIOD, ownerId: OTHER_OWNER, limit: 10 })).rows[0]!;
  await core.call('lines.annotate', { period: PERIOD, ownerId: OTHER_OWNER, lineKey: otherLine.key, text: OTHER_SECRET });

  return {
    core,
    ownerId,
    async exportMarch(locale = 'en') {
      await core.call('settings.update', { locale });
      const out = path.join(tempDir(), `march-${locale}.xlsx`);
      await core.call('export.workbook', { period: PERIOD, ownerId, out });
      return out;
    },
  };
}
