import { writerSettings } from './actor';
import type { CallContext } from '../../../shared/contract/api';
import { exportWorkbook, type ExportOptions } from '../jobs/export';
import type { Namespace, Workspace } from './namespace';
import { waitNotice } from './waiting';

/** The progress an export reports: its sheets' rows, a wait for another process, a rating first. */
function notices(ctx: CallContext, req: { ownerId: string; period: string }): ExportOptions {
  const task = `export:${req.ownerId}:${req.period}`;
  return {
    onProgress: (p) => ctx.progress({ task, phase: 'export', label: p.sheet, done: p.rows, total: p.totalRows ?? 0 }),
    onWait: waitNotice(ctx, task),
    onRefresh: (reason) => ctx.progress({ task: `${task}:rate`, phase: 'rate', label: `${req.ownerId} ${req.period} first: ${reason}`, done: 0, total: 1 }),
  };
}

export function exportHandlers({ db }: Workspace): Namespace<'export'> {
  return {
    async 'export.workbook'(req, ctx) {
      const out = ctx.resolveOutput(req.out);
      const evidence = req.evidence === undefined ? undefined : ctx.resolveOutput(req.evidence);
      const r = await exportWorkbook(db, req.ownerId, req.period, writerSettings(db, ctx), out, { evidence, ...notices(ctx, req) });
      return {
        file: ctx.displayName(req.out),
        bytes: r.bytes,
        lines: r.lines,
        refreshed: r.refreshed,
        ...(r.evidence && req.evidence !== undefined ? { evidence: { ...r.evidence, file: ctx.displayName(req.evidence) } } : {}),
      };
    },

    /** Only the evidence pack: its workbook is written inside it, nowhere else. */
    async 'export.evidence'(req, ctx) {
      const out = ctx.resolveOutput(req.out);
      const r = await exportWorkbook(db, req.ownerId, req.period, writerSettings(db, ctx), null, { evidence: out, ...notices(ctx, req) });
      return { ...r.evidence!, file: ctx.displayName(req.out), lines: r.lines, refreshed: r.refreshed };
    },
  };
}
