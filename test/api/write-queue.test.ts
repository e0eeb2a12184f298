// Writes wait for a running import instead of failing on the import's open transaction.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { cliContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { expectedSample, importSample, openTestCore, tempDir } from './helpers';

describe('writes during an import', () => {
  it('an annotation made while a large import streams waits for it and is kept', async () => {
    const core = openTestCore();
    await importSample(core);
    const owner = expectedSample().ownerId;
    await core.call('rate.run', { period: '2021-03' });
    const line = (await core.call('lines.list', { period: '2021-03', ownerId: owner, limit: 1 })).rows[0]!;
    // A usage file big enough that the import is still streaming when the annotation arrives.
    const big = path.join(tempDir(), 'usage-big.csv');
    const rows = [
      'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency',
    ];
    for (let i = 0; i < 60_000; i++) {
      const start = new Date(Date.UTC(2021, 4, 1) + i * 60_000).toISOString().replace('.000Z', '+00:00');
      const end = new Date(Date.UTC(2021, 4, 1) + i * 60_000 + 30_000).toISOString().replace('.000Z', '+00:00');
      rows.push(`${owner},uptime,app_big,big,inst-1,apps.XS,XS,par,${start},${end},,,,,,EUR`);
    }
    fs.writeFileSync(big, rows.join('\n') + '\n');
    // The annotation is sent when the import reports its first progress: inside its transaction.
    let annotating: Promise<{ text: string }> | undefined;
    const ctx = cliContext(() => {
      annotating ??= core.call('lines.annotate', { period: '2021-03', ownerId: owner, lineKey: line.key, text: 'made during an import' });
    });
    const r = await dispatch(core.handlers, 'import.commit', { files: [big] }, ctx);
    expect(r.ok).toBe(true);
    const imp = (r as { value: { results: { ok: boolean; rowCount?: number; error?: string }[] } }).value;
    expect(annotating).toBeDefined();
    const note = await annotating!;
    expect(imp.results[0]!.error).toBeUndefined();
    expect(imp.results[0]!.rowCount).toBe(60_000);
    expect(note.text).toBe('made during an import');
    const detail = await core.call('lines.detail', { period: '2021-03', ownerId: owner, lineKey: line.key });
    expect(detail.annotations.map((a) => a.text)).toEqual(['made during an import']);
    expect((await core.call('audit.verify', {})).ok).toBe(true);
  });
});
