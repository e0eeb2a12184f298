// What the workbook writer is given, and what it reports. Built by the export job from the stored
// rating, reconciliation, review and audit rows; the writer only lays it out (docs/workbook.md).
import type { AuditEntry } from '../../store/audit';
import type { LineRow } from '../../../../shared/contract/api';
import type { Locale } from '../../../../shared/i18n/labels';
import type { CreditAllocation, CreditBalance, Dec, RatedDetail, RatedInvoice } from '../../../../shared/types';

export interface WorkbookLine extends LineRow {
  /** Annotations joined for the Lines sheet: "author (ISO time): text" separated by newlines. */
  annotationsText: string;
}

/** A disputed line, with what the claim to the provider needs (jobs/disputes.ts). */
export interface WorkbookDispute {
  line: LineRow;
  reason: string;
  disputedBy: string;
  disputedAt: number | null;
  /** Intervals (time-sliced lines), usage rows (countables, tasks) or FOCUS rows behind the line. */
  intervals: number;
  /** Their billable seconds (null for a FOCUS line: no seconds). */
  billableSeconds: number | null;
  firstStart: number | null;
  lastEnd: number | null;
  /** When the invoice lists the line's intervals: how many differ from their recomputed ones (null: it lists none). */
  differing: number | null;
  /** The differing intervals, one per line of text ("instance start: billed X, recomputed Y (file row)"), the first 20. */
  differingText: string;
  /** The files the usage came from, and those that billed it (the invoice), by name. */
  usageFiles: string[];
  invoiceFiles: string[];
}

/** A Details row: a rated usage interval, or a FOCUS row (no billable seconds, no hourly price). */
export type WorkbookDetail = Omit<RatedDetail, 'billableSeconds' | 'pricePerHour'> & { billableSeconds: number | null; pricePerHour: Dec | null };

export interface WorkbookData {
  ownerId: string;
  /** The owner's name (given in the app, else from its files), a Summary row beside its id; absent when none is known. */
  ownerName?: string | null;
  /** The workspace's locale: the words of kinds, statuses and review states. */
  locale: Locale;
  invoice: RatedInvoice; // totals, period bounds, time zone, currency, vatPercent, balances, allocations
  generatedAt: number;
  sourceFiles: { name: string; sha256: string }[];
  /** Lines in invoice line order: rated lines first, then unexplained billed charges. */
  lines: WorkbookLine[];
  /** The tolerance the lines' statuses were reconciled with: an amount, and a percentage of the billed amount (null: none). */
  tolerance?: { amount: Dec; percent: Dec | null };
  /** The disputed lines, in line order (the Disputes sheet, written when there is one; absent: none). */
  disputes?: WorkbookDispute[];
  billedTotal: string;
  variance: string;
  /** Streams the Details rows in line order (may be millions: never materialise). */
  details: () => Iterable<{ lineNo: number; itemId: string; detail: WorkbookDetail }>;
  credits: { balances: (CreditBalance & { description: string })[]; allocations: (CreditAllocation & { itemName: string })[] };
  /** This owner's and period's audit entries, and the imports of its source files, in order. */
  audit: () => Iterable<AuditEntry>;
  /** The whole audit log's head at export time, "N:HASH" (anchors every entry up to N; docs/audit.md). */
  auditHead: string;
  /** A closed period's sign-off (who, when); absent while it is open. */
  signOff?: { by: string; at: number; auditSeq: number } | undefined;
}

export interface ExportProgress {
  sheet: string;
  rows: number;
  totalRows?: number;
}

export interface WriteWorkbookOptions {
  onProgress?: (p: ExportProgress) => void;
  /** Rows per sheet, header included (default and maximum: Excel's 1,048,576). For tests. */
  maxRowsPerSheet?: number;
}
