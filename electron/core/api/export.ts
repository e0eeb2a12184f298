import { exportWorkbook } from '../jobs/export';
import { getSettings } from '../store/settings';
import type { Namespace, Workspace } from './namespace';
import { waitNotice } from './waiting';

export function exportHandlers({ db }: Workspace): Namespace<'export'> {
  return {
    async 'export.workbook'(req, ctx) {
      const out = ctx.resolveOutput(req.out);
      const r = await exportWorkbook(db, req.ownerId, req.period, getSettings(db), out, {
        onProgress: (p) =>
          ctx.progress({ task: `export:${req.ownerId}:${req.period}`, phase: 'export', label: p.sheet, done: p.rows, total: p.totalRows ?? 0 }),
        onWait: waitNotice(ctx, `export:${req.ownerId}:${req.period}`),
        onRefresh: (reason) =>
          ctx.progress({
            task: `export:${req.ownerId}:${req.period}:rate`,
            phase: 'rate',
            label: `${req.ownerId} ${req.period} first: ${reason}`,
            done: 0,
            total: 1,
          }),
      });
      return { file: ctx.displayName(req.out), bytes: r.bytes, lines: r.lines, refreshed: r.refreshed };
    },
  };
}
