import fs from 'node:fs';
import { it } from 'vitest';
import { openWorkspace } from '../../electron/core/db/open';
import { importFile } from '../../electron/core/importers';
const HEADER = 'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency';
it('sparse', async () => {
  for (const mb of [64, 256]) {
    const file = `/tmp/sparse-${mb}.csv`;
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, HEADER + '\n');
    fs.ftruncateSync(fd, mb * 1024 * 1024);
    fs.closeSync(fd);
    const db = openWorkspace(':memory:');
    const t0 = Date.now(); const r0 = process.memoryUsage().rss;
    let peak = 0; const iv = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    const e = await importFile(db, file, { onProgress: (p) => {} }).then(() => 'ok', (e) => (e as Error).message);
    clearInterval(iv);
    console.log(mb, 'MB', Date.now() - t0, 'ms', 'peak +', Math.round((peak - r0) / 1e6), 'MB', e.slice(0, 200));
  }
}, 120000);
