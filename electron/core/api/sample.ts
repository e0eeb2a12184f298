import { writerSettings } from './actor';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import { importFile } from '../import';
import { batchBySha } from '../store/batches';
import { sha256File } from '../store/hash';
import { listOwnerPeriods } from '../store/periods';
import type { Namespace, Workspace } from './namespace';
import { waitNotice } from './waiting';

/** resources/sample, from the bundles in dist/, a packaged app or the sources (tests). */
function sampleDir(): string {
  const candidates = [1, 2, 3].map((up) => path.join(__dirname, ...Array<string>(up).fill('..'), 'resources', 'sample'));
  const found = candidates.find((d) => fs.existsSync(path.join(d, 'expected.json')));
  if (!found) throw new ApiError('not_found', 'The sample workspace is not part of this installation');
  return found;
}

export function sampleHandlers({ db }: Workspace): Namespace<'sample'> {
  return {
    async 'sample.load'(_req, ctx) {
      const dir = sampleDir();
      const files = fs
        .readdirSync(dir)
        .filter((f) => /\.(csv|json)$/.test(f) && f !== 'expected.json')
        .sort();
      const settings = writerSettings(db, ctx);
      let imported = 0;
      let skipped = 0;
      for (const f of files) {
        const full = path.join(dir, f);
        const sha = await sha256File(full);
        if (batchBySha(db, sha)) {
          skipped++;
          continue;
        }
        try {
          await importFile(db, full, {
            actor: settings.actor,
            displayName: f,
            onProgress: (p) => ctx.progress({ task: `import:${f}`, phase: 'import', label: f, done: p.bytesRead, total: p.totalBytes }),
            onWait: waitNotice(ctx, `import:${f}`),
          });
          imported++;
        } catch (err) {
          if (!batchBySha(db, sha)) throw err;
          skipped++; // a load running at the same time imported it first
        }
      }
      const periods = [...new Set(listOwnerPeriods(db, settings.timeZone).map((p) => p.period))];
      return { imported, skipped, periods };
    },
  };
}
