import { exportWorkbook } from '../jobs/export';
import { getSettings } from '../store/settings';
import type { Namespace, Workspace } from './namespace';

export function exportHandlers({ db }: Workspace): Namespace<'export'> {
  return {
    async 'export.workbook'(req, ctx) {
      const out = ctx.resolveOutput(req.out);
      const r = await exportWorkbook(db, req.ownerId, req.period, getSettings(db), out, (p) =>
        ctx.progress({ task: `export:${req.ownerId}:${req.period}`, phase: 'export', label: p.sheet, done: p.rows, total: p.totalRows ?? 0 }),
      );
      return { file: ctx.displayName(req.out), bytes: r.bytes, lines: r.lines };
    },
  };
}
