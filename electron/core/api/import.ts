import { ApiError } from '../../../shared/contract/errors';
import { importFile, previewFile } from '../import';
import { mappingForFile } from '../import/csv/mapping';
import { batchBySha } from '../store/batches';
import { sha256File } from '../store/hash';
import { getSettings } from '../store/settings';
import type { Namespace, Workspace } from './namespace';
import { waitNotice } from './waiting';

export function importHandlers({ db }: Workspace): Namespace<'import'> {
  return {
    async 'import.preview'(req, ctx) {
      const file = ctx.resolveInput(req.file);
      const fileName = ctx.displayName(req.file);
      const csv = req.csv ?? mappingForFile(db, fileName);
      // Preview first: it refuses what is not a regular file (a FIFO would never finish hashing).
      // In the workspace's time zone and locale, as the import will read the file and word its messages.
      const { timeZone, locale } = getSettings(db);
      const p = await previewFile(file, { ...(req.format ? { format: req.format } : {}), ...(csv ? { csv } : {}), displayName: fileName, timeZone, locale });
      const already = batchBySha(db, await sha256File(file)) !== undefined;
      return { fileName, format: p.format, columns: p.columns, rows: p.rows, errors: p.errors, alreadyImported: already };
    },

    async 'import.commit'(req, ctx) {
      const settings = getSettings(db);
      const results = [];
      for (const ref of req.files) {
        const fileName = ctx.displayName(ref);
        try {
          const r = await importFile(db, ctx.resolveInput(ref), {
            ...(req.format ? { format: req.format } : {}),
            ...(req.csv ? { csv: req.csv } : {}),
            actor: settings.actor,
            displayName: fileName,
            onProgress: (p) => ctx.progress({ task: `import:${fileName}`, phase: 'import', label: fileName, done: p.bytesRead, total: p.totalBytes }),
            onWait: waitNotice(ctx, `import:${fileName}`),
          });
          results.push({ fileName, ok: true, batchId: r.batchId, format: r.format, rowCount: r.rowCount, warnings: r.warnings });
        } catch (err) {
          if (err instanceof ApiError && err.code === 'forbidden') throw err;
          results.push({ fileName, ok: false, warnings: [], error: (err as Error).message });
        }
      }
      return { results };
    },
  };
}
