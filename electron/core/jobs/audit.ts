// `audit verify`: the chain, and the head it must still hold — given as N:HASH, or read from a
// workbook's Summary, whose own export entry (recording its SHA-256) must be in the log too.
import { formatAuditHead, parseAuditHead, type AuditHead } from '../../../shared/audit-head';
import type { Res } from '../../../shared/contract/api';
import { ApiError } from '../../../shared/contract/errors';
import { workbookAuditHead } from '../export/workbook/head';
import { exportsOfFile, verifyAudit } from '../store/audit';
import { sha256File } from '../store/hash';
import type { Db } from '../store/open';

export async function verifyAuditLog(
  db: Db,
  given: { head?: string | undefined; workbook?: { path: string; name: string } | undefined },
): Promise<Res<'audit.verify'>> {
  let head: AuditHead | undefined;
  try {
    if (given.head !== undefined) head = parseAuditHead(given.head);
    if (given.workbook) head = await workbookAuditHead(given.workbook.path);
  } catch (err) {
    throw new ApiError('invalid_request', (err as Error).message.replace(given.workbook?.path ?? '\u0000', given.workbook?.name ?? ''));
  }
  const r = { ...verifyAudit(db, head), ...(head ? { head: formatAuditHead(head) } : {}) };
  if (!r.ok || !given.workbook) return r;
  const sha = await sha256File(given.workbook.path);
  const recorded = exportsOfFile(db, sha);
  if (recorded.length === 0) {
    return {
      ...r,
      ok: false,
      problem: `no export entry records ${given.workbook.name} (SHA-256 ${sha.slice(0, 12)}…): the entries after its head were removed, or the file was changed since it was exported, or it comes from another workspace`,
    };
  }
  return { ...r, exportEntry: recorded[0]!.seq };
}
