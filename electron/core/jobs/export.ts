// Gathers one period's stored results into WorkbookData and writes the workbook.
import { DateTime } from 'luxon';
import type { Settings } from '../../../shared/contract/api';
import { isTimeSliced } from '../../../shared/kinds';
import type { PeriodId, RatedDetail } from '../../../shared/types';
import type { WorkbookData, WorkbookLine } from '../export/workbook/contract';
import { writeWorkbook, type ExportProgress } from '../export/workbook/index';
import { appendAudit, auditHeadHash, periodAuditEntries, periodSubject } from '../store/audit';
import { sourceFilesOf } from '../store/batches';
import type { Db } from '../store/open';
import { annotationsByLine } from '../store/reviews';
import type { StoredRun } from '../store/runs';
import { creditsOfRun } from './credits';
import { DetailRater } from './details';
import { allLines, requireReconciliation } from './lines';

function workbookData(db: Db, ownerId: string, period: PeriodId, settings: Settings): WorkbookData {
  const { rec, run } = requireReconciliation(db, ownerId, period);
  const notes = annotationsByLine(db, ownerId, period);
  const fmt = (ms: number) => DateTime.fromMillis(ms, { zone: settings.timeZone }).toFormat('yyyy-LL-dd HH:mm');
  const lines: WorkbookLine[] = allLines(db, ownerId, period).map((l) => ({
    ...l,
    annotationsText: (notes.get(l.key) ?? []).map((a) => `${a.author} (${fmt(a.createdAt)}): ${a.text}`).join('\n'),
  }));
  const invoice = { ...run.invoice, lines: [] };
  const files = sourceFilesOf(db, ownerId, run.invoice.inputsVersion);
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
    details: () => detailsInLineOrder(db, run, lines),
    credits: creditsOfRun(db, run),
    audit: () => periodAuditEntries(db, ownerId, period, hashes),
    auditHead: auditHeadHash(db),
  };
}

/** The time-sliced lines' details, rated from the stored run, one item at a time (bounded memory). */
function* detailsInLineOrder(db: Db, run: StoredRun, lines: WorkbookLine[]): Generator<{ lineNo: number; itemId: string; detail: RatedDetail }> {
  const withDetails = lines.filter((l) => isTimeSliced(l.kind) && l.instances > 0);
  for (const { line, details } of new DetailRater(db, run).detailsInOrder(withDetails)) {
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
