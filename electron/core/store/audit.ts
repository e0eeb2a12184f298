// Append-only audit log, chained by SHA-256: hash = sha256(prev_hash + canonical JSON of the entry).
import type { AuditHead } from '../../../shared/audit-head';
import type { PeriodId } from '../../../shared/types';
import { sha256Hex } from './hash';
import type { Db } from './open';

interface AuditInput {
  actor: string;
  action: string;
  subject: string;
  detail?: unknown;
  at?: number;
}

export interface AuditEntry {
  seq: number;
  at: number;
  actor: string;
  action: string;
  subject: string;
  detail: string;
  prevHash: string;
  hash: string;
}

const GENESIS_HASH = '0'.repeat(64);

/** An entry's columns, as AuditEntry names them: written once for every read below. */
const ENTRY_SELECT = 'SELECT seq, at, actor, action, subject, detail, prev_hash AS prevHash, hash FROM audit_log';

function entryHash(prevHash: string, e: { seq: number; at: number; actor: string; action: string; subject: string; detail: string }): string {
  return sha256Hex(prevHash + JSON.stringify([e.seq, e.at, e.actor, e.action, e.subject, e.detail]));
}

/** Appends one entry. Call inside the transaction of the change it records. */
export function appendAudit(db: Db, input: AuditInput): AuditEntry {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const e = {
    seq: (last?.seq ?? 0) + 1,
    at: input.at ?? Date.now(),
    actor: input.actor,
    action: input.action,
    subject: input.subject,
    detail: typeof input.detail === 'string' ? input.detail : JSON.stringify(input.detail ?? {}),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = entryHash(prevHash, e);
  db.prepare('INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    e.seq,
    e.at,
    e.actor,
    e.action,
    e.subject,
    e.detail,
    prevHash,
    hash,
  );
  return { ...e, prevHash, hash };
}

interface AuditVerifyResult {
  ok: boolean;
  entries: number;
  /** First problem found, naming the entry. */
  problem?: string;
  lastHash: string;
}

/**
 * Walks the chain; finds an edited, removed, inserted or reordered entry. Given a head seen
 * earlier (`expected`), also a log cut short since (fewer entries than the head's), emptied, or
 * rewritten up to it (entry N no longer has the head's hash, even with the chain recomputed).
 */
export function verifyAudit(db: Db, expected?: AuditHead): AuditVerifyResult {
  const rows = db.prepare(`${ENTRY_SELECT} ORDER BY rowid`).iterate() as IterableIterator<AuditEntry>;
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let n = 0;
  let atHead = expected?.entries === 0 ? GENESIS_HASH : undefined;
  for (const r of rows) {
    n++;
    if (r.seq !== expectedSeq) {
      return { ok: false, entries: n, lastHash: prev, problem: `entry ${expectedSeq} is missing or out of order (found entry ${r.seq} in its place)` };
    }
    if (r.prevHash !== prev) {
      return {
        ok: false,
        entries: n,
        lastHash: prev,
        problem: `entry ${r.seq} does not follow entry ${r.seq - 1}: the chain is broken (an entry was removed, inserted or reordered)`,
      };
    }
    const h = entryHash(prev, r);
    if (h !== r.hash) {
      return { ok: false, entries: n, lastHash: prev, problem: `entry ${r.seq} (${r.action} ${r.subject}) was edited: its content no longer matches its hash` };
    }
    prev = r.hash;
    if (r.seq === expected?.entries) atHead = r.hash;
    expectedSeq++;
  }
  const result = { ok: true, entries: n, lastHash: prev };
  if (!expected) return result;
  const at = `the head ${expected.entries}:${expected.hash.slice(0, 12)}…`;
  if (n < expected.entries) {
    const problem =
      n === 0
        ? `the log is empty, but ${at} records ${expected.entries} entries: it was emptied`
        : `the log ends at entry ${n}, but ${at} records ${expected.entries} entries: entries were removed from its end`;
    return { ...result, ok: false, problem };
  }
  if (atHead !== expected.hash) {
    return {
      ...result,
      ok: false,
      problem: `entry ${expected.entries} is not the one ${at} records (its hash is ${atHead!.slice(0, 12)}…): the log was rewritten up to there since`,
    };
  }
  return result;
}

/** The last entry's number and hash: the head of the chain, which anchors every entry before it. */
export function chainHead(db: Db): AuditHead {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  return { entries: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
}

/** The export entries that record a file of this SHA-256 (an export's detail holds its file's hash). */
export function exportsOfFile(db: Db, sha256: string): AuditEntry[] {
  return db
    .prepare(`${ENTRY_SELECT} WHERE action = 'export' AND CASE WHEN json_valid(detail) THEN json_extract(detail, '$.sha256') END = ? ORDER BY seq`)
    .all(sha256) as AuditEntry[];
}

/** The export entries that record an evidence pack of this SHA-256 (detail.evidence.sha256). */
export function exportsOfPack(db: Db, sha256: string): AuditEntry[] {
  return db
    .prepare(`${ENTRY_SELECT} WHERE action = 'export' AND CASE WHEN json_valid(detail) THEN json_extract(detail, '$.evidence.sha256') END = ? ORDER BY seq`)
    .all(sha256) as AuditEntry[];
}

export function auditCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
}

/** The sequence number of the last entry (0: none). Every audited change moves it: a version. */
export function auditHead(db: Db): number {
  return (db.prepare('SELECT coalesce(max(seq), 0) AS v FROM audit_log').get() as { v: number }).v;
}

/** A page of entries, newest first. */
export function auditPage(db: Db, limit: number, offset: number): AuditEntry[] {
  return db.prepare(`${ENTRY_SELECT} ORDER BY seq DESC LIMIT ? OFFSET ?`).all(limit, offset) as AuditEntry[];
}

/** The subject of an entry about one owner's period; an entry about one of its lines adds the line's key after a space. */
export function periodSubject(ownerId: string, period: PeriodId): string {
  return `${ownerId} ${period}`;
}

/**
 * The entries about one owner's period, in order, streamed: those whose subject is the period's
 * (rating, reconciliation, export) or one of its lines' (reviews, annotations), the imports of
 * the files of the given SHA-256 (an import's subject is the file name, its detail holds the hash),
 * and the settings changes (time zone, tolerance… change every period's figures).
 */
export function periodAuditEntries(db: Db, ownerId: string, period: PeriodId, fileSha256: readonly string[]): IterableIterator<AuditEntry> {
  return db
    .prepare(
      `${ENTRY_SELECT}
       WHERE subject = @subject OR substr(subject, 1, length(@subject) + 1) = @subject || ' ' OR action = 'settings'
          OR (action = 'import' AND CASE WHEN json_valid(detail) THEN json_extract(detail, '$.sha256') END IN (SELECT value FROM json_each(@files)))
       ORDER BY seq`,
    )
    .iterate({ subject: periodSubject(ownerId, period), files: JSON.stringify(fileSha256) }) as IterableIterator<AuditEntry>;
}

/** The entries about one subject, in order. */
export function auditOfSubject(db: Db, subject: string): AuditEntry[] {
  return db.prepare(`${ENTRY_SELECT} WHERE subject = ? ORDER BY seq`).all(subject) as AuditEntry[];
}
