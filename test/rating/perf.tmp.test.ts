import { it } from 'vitest';
import { rateInvoice } from '../../shared/rating';
import type { UsageInterval } from '../../shared/types';
import { at, input, grant } from './fixtures';
it('perf', () => {
  const base = at('2021-03-01T00:00:00Z');
  const ivs: UsageInterval[] = [];
  const flv = ['apps.XS', 'apps.S', 'postgresql-addon.XS_SML'];
  for (let i = 0; i < 1_000_000; i++) {
    const s = base + (i % 2_000_000) * 1337;
    ivs.push({ id: i, ownerId: 'orga_1', itemType: i % 7 === 0 ? 'build' : 'uptime', itemId: `app_${i % 500}`, itemName: `app ${i % 500}`, instanceId: `i-${i % 13}`, priceId: flv[i % 3]!, flavorName: '', sourceHint: '', zoneId: 'par', start: s, end: s + 600_000 + (i % 1000), source: { batchId: 1, file: 'u.csv', row: String(i + 2) } });
  }
  for (const [label, extra] of [['plain', {}], ['credits', { credits: [grant({ creditId: 'c', amount: '1000', validFrom: at('2020-01-01T00:00:00Z') })] }], ['details', { withDetails: true }]] as const) {
    const t0 = performance.now();
    const inv = rateInvoice(input({ intervals: ivs, period: '2021-03', ...extra }));
    console.log(label, Math.round(performance.now() - t0), 'ms', inv.lines.length, inv.subtotalPerSecond);
  }
});
