// Gathers one period's stored results into WorkbookData and writes the workbook.
import { DateTime } from 'luxon';
import type { PeriodId, RatedDetail } from '../../../shared/types';
import type { Settings } from '../../../shared/contract/api';
import { appendAudit, auditHead, periodAuditEntries, periodSubject } from '../store/audit';
import { isTimeSliced } from '../../../shared/kinds';
import type { Db } from '../store/open';
import type { WorkbookData, WorkbookLine } from '../export/workbook/contract';
import { writeWorkbook, type ExportProgress } from '../export/workbook/index';
import { loadCredits } from '../store/rating-inputs';
import { allLines, requireReconciliation } from './lines';
import { DetailRater } from './rate';
import { annotationsByLine } from '../store/reviews';

/** Files this owner's figures come from: its usage, invoices and credits, and every catalog. */
function sourceFiles(db: Db, ownerId: string): { name: string; sha256: string }[] {
  return db
    .prepare(
      `SELECT file_name AS name, sha256 FROM import_batches b WHERE b.format = 'catalog'
         OR EXISTS (SELECT 1 FROM usage_intervals u WHERE u.batch_id = b.id AND u.owner_id = @o)
         OR EXISTS (SELECT 1 FROM usage_countables u WHERE u.batch_id = b.id AND u.owner_id = @o)
         OR EXISTS (SELECT 1 FROM usage_classic u WHERE u.batch_id = b.id AND u.owner_id = @o)
         OR EXISTS (SELECT 1 FROM invoices i WHERE i.batch_id = b.id AND i.owner_id = @o)
         OR EXISTS (SELECT 1 FROM credits c WHERE c.batch_id = b.id AND c.owner_id = @o)
       ORDER BY b.id`,
    )
    .all({ o: ownerId }) as { name: string; sha256: string }[];
}

export function workbookData(db: Db, ownerId: string, period: PeriodId, settings: Settings): WorkbookData {
  const { rec, run } = requireReconciliation(db, ownerId, period);
  const notes = annotationsByLine(db, ownerId, period);
  const fmt = (ms: number) => DateTime.fromMillis(ms, { zone: settings.timeZone }).toFormat('yyyy-LL-dd HH:mm');
  const lines: WorkbookLine[] = allLines(db, ownerId, period).map((l) => ({
    ...l,
    annotationsText: (notes.get(l.key) ?? []).map((a) => `${a.author} (${fmt(a.createdAt)}): ${a.text}`).join('\n'),
  }));
  const descriptions = new Map(loadCredits(db, ownerId).map((c) => [c.creditId, c.description]));
  const names = new Map(lines.map((l) => [l.key, l.itemName]));
  const invoice = { ...run.invoice, lines: [] };
  const files = sourceFiles(db, ownerId);
  const hashes = files.map((f) => f.sha256);
  return {
    ownerId,
    locale: settings.locale,
    invoice,
    generatedAt: Date.now(),
    sourceFiles: files,
    lines,
    billedTotal: rec.summary.billedTotal,
    variance: rec.summary.variance,
    details: () => detailsInLineOrder(db, ownerId, period, settings, lines),
    credits: {
      balances: run.invoice.balances.map((b) => ({ ...b, description: descriptions.get(b.creditId) ?? '' })),
      allocations: run.invoice.allocations.map((a) => ({ ...a, itemName: names.get(a.lineKey) ?? '' })),
    },
    audit: () => periodAuditEntries(db, ownerId, period, hashes),
    auditHead: auditHead(db),
  };
}

/** Details are recomputed per item by the same rating module, one item at a time (bounded memory). */
function* detailsInLineOrder(
  db: Db,
  ownerId: string,
  period: PeriodId,
  settings: Settings,
  lines: WorkbookLine[],
): Generator<{ lineNo: number; itemId: string; detail: RatedDetail }> {
  const withDetails = lines.filter((l) => isTimeSliced(l.kind) && l.instances > 0);
  // Only one item's details in memory at a time.
  for (const { line, details } of new DetailRater(db, ownerId, period, settings).detailsInOrder(withDetails)) {
    const l = withDetails[line]!;
    for (const detail of details) yield { lineNo: l.lineNo, itemId: l.itemId, detail };
  }
}

export async function exportWorkbook(db: Db, ownerId: string, period: PeriodId, settings: Settings, outPath: string, onProgress?: (p: ExportProgress) => void) {
  const data = workbookData(db, ownerId, period, settings);
  const written = await writeWorkbook(data, outPath, onProgress ? { onProgress } : {});
  appendAudit(db, {
    actor: settings.actor,
    action: 'export',
    subject: periodSubject(ownerId, period),
    detail: { file: outPath, bytes: written.bytes, total: data.invoice.total },
  });
  return { ...written, lines: data.lines.length };
}
