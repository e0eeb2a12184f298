// The head of the audit chain as people copy it: "N:HASH", the number of the last entry and its
// SHA-256. Printed by every command that writes, stored in each workbook's Summary, given back to
// `audit verify --head`. What a head proves: docs/audit.md.

export interface AuditHead {
  /** Number of the last entry (0: an empty log). */
  entries: number;
  /** Its hash (64 zeros for an empty log). */
  hash: string;
}

export function formatAuditHead(h: AuditHead): string {
  return `${h.entries}:${h.hash}`;
}

/** Reads "N:HASH"; throws a sentence saying what is wrong with it. */
export function parseAuditHead(text: string): AuditHead {
  const m = /^\s*(\d{1,15}):([0-9a-fA-F]{64})\s*$/.exec(text);
  if (!m) throw new Error(`"${text.slice(0, 90)}" is not an audit head: expected N:HASH (an entry number, a colon and 64 hex digits)`);
  return { entries: Number(m[1]), hash: m[2]!.toLowerCase() };
}
