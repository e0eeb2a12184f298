// What goes into an evidence pack besides the workbook: the manifest (every source file with its
// name, SHA-256, format and row count, as its import recorded them; the parameters the figures
// were computed with; the software version; the audit head the workbook states; the sign-off of a
// closed period), the period's
// audit entries (those of the workbook's Audit sheet, with their hashes) and the README.
// Called by the export inside its write transaction (jobs/export.ts). docs/audit.md, "Evidence pack".
import { DateTime } from 'luxon';
import type { Settings } from '../../../shared/contract/api';
import { ownerLabel } from '../../../shared/owner-label';
import type { PeriodId } from '../../../shared/types';
import { SOFTWARE_NAME, SOFTWARE_VERSION } from '../../../shared/version';
import { AUDIT_NAME, MANIFEST_NAME, SUMS_NAME, type EvidenceContent } from '../export/evidence';
import type { WorkbookData } from '../export/workbook/contract';
import { periodAuditEntries } from '../store/audit';
import { batchesBySha } from '../store/batches';
import type { Db } from '../store/open';
import { requireReconciliation } from './lines';

export const MANIFEST_KIND = 'slicewise-evidence-pack';

/** The rule every audit entry's hash follows (store/audit.ts), stated in the manifest and the README. */
export const HASH_RULE = 'hash = SHA-256(prevHash + JSON.stringify([seq, at, actor, action, subject, detail])), prevHash of entry 1 = 64 zeros';

const iso = (ms: number) => new Date(ms).toISOString();

function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** The workbook's name inside a pack named `zipName`: "march-evidence.zip" → "march.xlsx". */
export function workbookNameInPack(zipName: string): string {
  const base = zipName.replace(/\.zip$/i, '').replace(/[-_. ]evidence$/i, '');
  return `${base || 'workbook'}.xlsx`;
}

export function evidenceContent(
  db: Db,
  ownerId: string,
  period: PeriodId,
  settings: Settings,
  data: WorkbookData,
  workbook: { tmp: string; name: string; sha256: string; bytes: number },
): EvidenceContent {
  const { rec, run } = requireReconciliation(db, ownerId, period);
  const inv = run.invoice;
  const batches = new Map(
    batchesBySha(
      db,
      data.sourceFiles.map((f) => f.sha256),
    ).map((b) => [b.sha256, b]),
  );
  const sourceFiles = data.sourceFiles.map((f) => {
    const b = batches.get(f.sha256);
    return {
      name: f.name,
      sha256: f.sha256,
      format: b?.format ?? null,
      rows: b?.rowCount ?? null,
      bytes: b?.sizeBytes ?? null,
      batch: b?.id ?? null,
      importedAt: b ? iso(b.importedAt) : null,
    };
  });
  // The Audit sheet's entries, kept as stored: each one's hash can be recomputed from the file.
  const entries = [
    ...periodAuditEntries(
      db,
      ownerId,
      period,
      data.sourceFiles.map((f) => f.sha256),
    ),
  ];
  const auditLines = entries.map((e) =>
    JSON.stringify({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, subject: e.subject, detail: e.detail, prevHash: e.prevHash, hash: e.hash }),
  );
  const day = (ms: number) => DateTime.fromMillis(ms, { zone: inv.timeZone }).toISODate();
  const manifest = {
    kind: MANIFEST_KIND,
    manifestVersion: 1,
    software: { name: SOFTWARE_NAME, version: SOFTWARE_VERSION },
    generatedAt: iso(data.generatedAt),
    exportedBy: settings.actor,
    owner: ownerId,
    ownerName: data.ownerName ?? null,
    period: {
      id: period,
      start: iso(inv.periodStart),
      end: iso(inv.periodEnd),
      firstDay: day(inv.periodStart),
      lastDay: day(inv.periodEnd - 1),
      timeZone: inv.timeZone,
    },
    currency: inv.currency,
    parameters: {
      timeZone: inv.timeZone,
      granularitySeconds: inv.granularitySeconds,
      tolerance: rec.summary.tolerance,
      tolerancePercent: rec.summary.tolerancePercent ?? null,
      vatPercent: inv.vatPercent,
      defaultVatPercent: settings.defaultVatPercent,
      locale: settings.locale,
    },
    figures: {
      lines: data.lines.length,
      /** Lines per reconciliation status and per review state, as the workbook's Lines sheet has them. */
      statuses: countBy(data.lines.map((l) => l.status)),
      reviews: countBy(data.lines.map((l) => l.review)),
      /** Reviewed lines whose figures changed since their review: they need review again. */
      changedSinceReview: data.lines.filter((l) => l.changedSinceReview).length,
      subtotalPerSecond: inv.subtotalPerSecond,
      subtotalLegacy: inv.subtotalLegacy,
      difference: inv.difference,
      creditsApplied: inv.creditsApplied,
      netBeforeTax: inv.netBeforeTax,
      vat: inv.vat,
      total: inv.total,
      billedTotal: data.billedTotal,
      variance: data.variance,
    },
    // Month-end close: who signed the period off and when (null while it is open), and the entry that records it.
    signOff: data.signOff ? { by: data.signOff.by, at: iso(data.signOff.at), auditEntry: data.signOff.auditSeq } : null,
    workbook: { file: workbook.name, sha256: workbook.sha256, bytes: workbook.bytes },
    sourceFiles,
    audit: {
      head: data.auditHead,
      file: AUDIT_NAME,
      entries: entries.length,
      scope: "this owner's and period's entries, the imports of its source files and the settings changes, up to the head",
      hashRule: HASH_RULE,
    },
  };
  return {
    workbook,
    manifest,
    auditLines,
    readme: readme(ownerLabel(ownerId, data.ownerName), period, workbook.name, data.auditHead),
    date: new Date(data.generatedAt),
  };
}

function readme(owner: string, period: PeriodId, workbook: string, head: string): string {
  const w = Math.max(workbook.length, MANIFEST_NAME.length) + 2;
  const col = (name: string, text: string) => `${name.padEnd(w)}${text.replace(/\n/g, `\n${' '.repeat(w)}`)}`;
  return `Slicewise evidence pack: ${owner}, ${period}
${'='.repeat(40)}

${col(workbook, 'the exported workbook (Summary, Lines, Details, Credits, Audit)')}
${col(MANIFEST_NAME, `source files (name, SHA-256, format, rows), parameters, software version,\nthe workbook's SHA-256 and the audit head (${head.slice(0, 24)}...)`)}
${col(AUDIT_NAME, "the period's audit entries, one JSON object per line, as stored")}
${col(SUMS_NAME, 'SHA-256 of the four files above')}

How to check it, without Slicewise
1. The pack is whole:  sha256sum -c ${SUMS_NAME}   (macOS: shasum -a 256 -c ${SUMS_NAME})
2. The source files are those the figures come from: hash the files you hold
   (sha256sum FILE) and find each hash under "sourceFiles" in ${MANIFEST_NAME}.
   "rows" is the number of rows (CSV, header excluded) or records (JSON) imported.
3. Each audit entry was not edited since it was written: recompute its hash,
   ${HASH_RULE}
   e.g. with Node.js:
   node -e 'const c=require("crypto");for(const l of require("fs").readFileSync("${AUDIT_NAME}","utf8").split("\\n").filter(Boolean)){const e=JSON.parse(l);const h=c.createHash("sha256").update(e.prevHash+JSON.stringify([e.seq,e.at,e.actor,e.action,e.subject,e.detail])).digest("hex");console.log(e.seq,h===e.hash?"ok":"EDITED")}'
   Entries of other owners and periods are left out, so the chain is continuous
   only where numbers follow each other.
4. The figures: open the workbook; its Summary totals are formulas over Lines and
   recompute in Excel or LibreOffice to the stored figures; Details gives every
   interval with its source file and row.

With the workspace (Slicewise installed)
5. slicewise audit verify --against ${workbook}
   checks that the log still holds the head the workbook states (not cut short,
   emptied or rewritten up to it) and records this workbook's export (its SHA-256).
   Given this pack itself (--against PACK.zip), it also checks that the log records
   the pack (its SHA-256): manifest and audit entries unchanged since the export.

What it cannot prove: that the source files are the provider's genuine files,
that an entry tells the truth (the actor is a name typed in, entry times come
from the machine's clock), or anything recorded after the head.
`;
}
