// Gathers one period's stored results into WorkbookData and writes the workbook, recorded in the
// audit log: the workbook is staged (complete, beside its destination), its entry is committed,
// then it is renamed into place — no workbook appears without its entry (docs/audit.md, "Exports").
import { DateTime } from 'luxon';
import path from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import type { Settings } from '../../../shared/contract/api';
import { isTimeSliced } from '../../../shared/kinds';
import { storedTolerance } from '../../../shared/reconcile';
import type { PeriodId } from '../../../shared/types';
import type { WorkbookData, WorkbookDetail, WorkbookLine } from '../export/workbook/contract';
import { stageEvidencePack } from '../export/evidence';
import { trackTemp } from '../export/interrupted';
import { stageWorkbook, type ExportProgress } from '../export/workbook/index';
import type { StagedFile } from '../export/workbook/atomic';
import { formatAuditHead } from '../../../shared/audit-head';
import { appendAudit, chainHead, periodAuditEntries, periodSubject } from '../store/audit';
import { sourceFilesOf } from '../store/batches';
import { sha256File } from '../store/hash';
import type { Db } from '../store/open';
import { annotationsByLine } from '../store/reviews';
import type { StoredRun } from '../store/runs';
import { asyncWriteTransaction, type WriteIntent } from '../store/write-session';
import { closedLock } from './close';
import { creditsOfRun } from './credits';
import { evidenceContent, workbookNameInPack } from './evidence';
import { lockOf } from '../store/period-locks';
import { DetailRater } from './details';
import { disputesOf } from './disputes';
import { focusDetails, focusSourceFilesOf, isFocusOwner } from './focus';
import { allLines, requireReconciliation } from './lines';
import { ownersIn, workspaceOwners } from './periods';
import { ratePeriod } from './rate';
import { reconcilePeriod } from './reconcile';
import { staleReason } from './staleness';

function workbookData(db: Db, ownerId: string, period: PeriodId, settings: Settings): WorkbookData {
  const { rec, run } = requireReconciliation(db, ownerId, period);
  const notes = annotationsByLine(db, ownerId, period);
  const fmt = (ms: number) => DateTime.fromMillis(ms, { zone: settings.timeZone }).toFormat('yyyy-LL-dd HH:mm');
  const lines: WorkbookLine[] = allLines(db, ownerId, period).map((l) => ({
    ...l,
    annotationsText: (notes.get(l.key) ?? []).map((a) => `${a.author} (${fmt(a.createdAt)}): ${a.text}`).join('\n'),
  }));
  const invoice = { ...run.invoice, lines: [] };
  // A FOCUS period's details are its rows; a Clever Cloud period's, its rated intervals.
  const focus = isFocusOwner(db, ownerId);
  const files = focus ? focusSourceFilesOf(db, run) : sourceFilesOf(db, ownerId, run.invoice.inputsVersion);
  const hashes = files.map((f) => f.sha256);
  return {
    ownerId,
    ownerName: workspaceOwners(db, settings.timeZone).get(ownerId)?.name ?? null,
    locale: settings.locale,
    invoice,
    generatedAt: Date.now(),
    sourceFiles: files,
    lines,
    disputes: disputesOf(db, run, lines),
    tolerance: storedTolerance(rec.summary),
    billedTotal: rec.summary.billedTotal,
    variance: rec.summary.variance,
    details: () => (focus ? focusDetails(db, run, lines) : detailsInLineOrder(db, run, lines)),
    credits: creditsOfRun(db, run),
    audit: () => periodAuditEntries(db, ownerId, period, hashes),
    auditHead: formatAuditHead(chainHead(db)),
    signOff: signOffOf(db, ownerId, period),
  };
}

function signOffOf(db: Db, ownerId: string, period: PeriodId): WorkbookData['signOff'] {
  const l = lockOf(db, ownerId, period);
  return l ? { by: l.closedBy, at: l.closedAt, auditSeq: l.auditSeq } : undefined;
}

/** The time-sliced lines' details, rated from the stored run, one item at a time (bounded memory). */
function* detailsInLineOrder(db: Db, run: StoredRun, lines: WorkbookLine[]): Generator<{ lineNo: number; itemId: string; detail: WorkbookDetail }> {
  const withDetails = lines.filter((l) => isTimeSliced(l.kind) && l.instances > 0);
  for (const { line, details } of new DetailRater(db, run).detailsInOrder(withDetails)) {
    const l = withDetails[line]!;
    for (const detail of details) yield { lineNo: l.lineNo, itemId: l.itemId, detail };
  }
}

export interface ExportOptions {
  onProgress?: ((p: ExportProgress) => void) | undefined;
  onWait?: WriteIntent['onWait'];
  /** Told why, before a stale period is rated and reconciled first. */
  onRefresh?: ((reason: string) => void) | undefined;
  /** Also (or, with no workbook destination, only) write the evidence pack there (a zip: jobs/evidence.ts). */
  evidence?: string | undefined;
}

export interface ExportResult {
  /** The workbook written, or null when only the evidence pack was asked for. */
  file: string | null;
  bytes: number;
  lines: number;
  refreshed: string | null;
  evidence?: { file: string; bytes: number; workbook: string; sourceFiles: number; auditEntries: number };
}

/**
 * Exports in one write transaction, so that what the workbook shows cannot change while it is
 * written and its entry is appended to the log it reports. The lock is held while the file is
 * written: another process's write waits meanwhile, told it waits for this export. A period whose
 * stored result is missing or stale is rated and reconciled first, in the same transaction (its
 * entries before the export's): the workbook never shows an old rating, and its Lines, Details
 * and the line detail read the one run stored. A closed period is never rated again: its workbook
 * is its closed result, with who signed it off and when in the Summary.
 */
export async function exportWorkbook(
  db: Db,
  ownerId: string,
  period: PeriodId,
  settings: Settings,
  outPath: string | null,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  const zipPath = opts.evidence === undefined ? undefined : path.resolve(opts.evidence);
  if (outPath === null && zipPath === undefined) throw new ApiError('invalid_request', 'export: give a workbook destination, an evidence pack, or both');
  if (outPath !== null && zipPath !== undefined && path.resolve(outPath) === zipPath)
    throw new ApiError('invalid_request', 'export: the workbook and the evidence pack cannot be the same file');
  const track = db.memory ? {} : { track: (tmp: string) => trackTemp(db.name, tmp) };
  let staged: StagedFile | undefined;
  let pack: StagedFile | undefined;
  try {
    const r = await asyncWriteTransaction(db, { what: `export of ${ownerId} ${period}`, onWait: opts.onWait }, async () => {
      ownersIn(db, settings, period, ownerId); // refuses an owner with nothing in the period
      // A closed period exports its closed result as it stands: never rated again (docs/audit.md).
      const refreshed = closedLock(db, ownerId, period) ? null : staleReason(db, ownerId, period, settings);
      if (refreshed !== null) {
        opts.onRefresh?.(refreshed);
        await ratePeriod(db, ownerId, period, settings);
        await reconcilePeriod(db, ownerId, period, settings);
      }
      const data = workbookData(db, ownerId, period, settings);
      // Only a pack asked for: the workbook is staged beside the pack, and never renamed into place.
      const workbookName = outPath !== null ? path.basename(outPath) : workbookNameInPack(path.basename(zipPath!));
      staged = await stageWorkbook(data, outPath ?? path.join(path.dirname(zipPath!), workbookName), {
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        ...track,
      });
      const sha256 = await sha256File(staged.tmp);
      let evidence: (ExportResult['evidence'] & { sha256: string }) | undefined;
      if (zipPath !== undefined) {
        const content = evidenceContent(db, ownerId, period, settings, data, { tmp: staged.tmp, name: workbookName, sha256, bytes: staged.bytes });
        pack = await stageEvidencePack(zipPath, content, track);
        evidence = {
          file: pack.file,
          bytes: pack.bytes,
          sha256: await sha256File(pack.tmp),
          workbook: workbookName,
          sourceFiles: data.sourceFiles.length,
          auditEntries: content.auditLines.length,
        };
      }
      appendAudit(db, {
        actor: settings.actor,
        action: 'export',
        subject: periodSubject(ownerId, period),
        detail: {
          // The workbook's destination, or its name inside the pack when it was written only there.
          ...(outPath !== null ? { file: staged.file } : { workbook: workbookName }),
          bytes: staged.bytes,
          sha256,
          total: data.invoice.total,
          ...(evidence ? { evidence: { file: evidence.file, bytes: evidence.bytes, sha256: evidence.sha256 } } : {}),
        },
      });
      return { lines: data.lines.length, refreshed, evidence };
    });
    // Committed: the entry exists. Killed before the renames, the entry names files that never
    // appeared (their temporary files are removed at the next start) — the one way round allowed.
    let file: string | null = null;
    let bytes = staged!.bytes;
    if (outPath !== null) ({ file, bytes } = staged!.commit());
    else staged!.discard();
    let evidence: ExportResult['evidence'];
    if (pack && r.evidence) {
      const { sha256: _sha256, ...rest } = r.evidence;
      evidence = { ...rest, ...pack.commit() };
    }
    return { file, bytes, lines: r.lines, refreshed: r.refreshed, ...(evidence ? { evidence } : {}) };
  } catch (err) {
    staged?.discard();
    pack?.discard();
    throw err;
  }
}
