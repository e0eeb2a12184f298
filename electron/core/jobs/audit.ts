// `audit verify`: the chain, and the head it must still hold — given as N:HASH, or read from a
// workbook's Summary, whose own export entry (recording its SHA-256) must be in the log too. An
// evidence pack may be given instead of a workbook: its workbook is checked so, and the pack itself
// must be the one an export entry records.
import { formatAuditHead, parseAuditHead, type AuditHead } from '../../../shared/audit-head';
import type { Res } from '../../../shared/contract/api';
import { ApiError } from '../../../shared/contract/errors';
import { readEvidencePack, type ReadPack } from '../export/evidence';
import { workbookAuditHead } from '../export/workbook/head';
import { exportsOfFile, exportsOfPack, verifyAudit } from '../store/audit';
import { sha256File, sha256Hex } from '../store/hash';
import type { Db } from '../store/open';
import { MANIFEST_KIND } from './evidence';

export async function verifyAuditLog(
  db: Db,
  given: { head?: string | undefined; workbook?: { path: string; name: string } | undefined },
): Promise<Res<'audit.verify'>> {
  let head: AuditHead | undefined;
  let pack: ReadPack | null = null;
  try {
    if (given.head !== undefined) head = parseAuditHead(given.head);
    if (given.workbook) {
      pack = await readEvidencePack(given.workbook.path, given.workbook.name, MANIFEST_KIND);
      head = await workbookAuditHead(pack ? `${given.workbook.name}: ${pack.workbook.name}` : given.workbook.path, pack?.workbook.bytes);
    }
  } catch (err) {
    throw new ApiError('invalid_request', (err as Error).message.replace(given.workbook?.path ?? '\u0000', given.workbook?.name ?? ''));
  }
  const r = { ...verifyAudit(db, head), ...(head ? { head: formatAuditHead(head) } : {}) };
  if (!r.ok || !given.workbook) return r;
  const sha = pack ? sha256Hex(pack.workbook.bytes) : await sha256File(given.workbook.path);
  const what = pack ? `${given.workbook.name}'s workbook ${pack.workbook.name}` : given.workbook.name;
  const recorded = exportsOfFile(db, sha);
  if (recorded.length === 0) {
    return {
      ...r,
      ok: false,
      problem: `no export entry records ${what} (SHA-256 ${sha.slice(0, 12)}…): the entries after its head were removed, or the file was changed since it was exported, or it comes from another workspace`,
    };
  }
  // The pack itself as exported: its manifest and audit entries unchanged. (Its entries need no
  // other check: the chain up to the head, verified above, fixes every entry before it.)
  if (pack) {
    const packSha = await sha256File(given.workbook.path);
    if (exportsOfPack(db, packSha).length === 0) {
      return {
        ...r,
        ok: false,
        problem: `no export entry records the evidence pack ${given.workbook.name} (SHA-256 ${packSha.slice(0, 12)}…): it was changed or rebuilt since it was exported (its workbook was not)`,
      };
    }
  }
  return { ...r, exportEntry: recorded[0]!.seq };
}
