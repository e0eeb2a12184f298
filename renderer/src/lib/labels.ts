// Display names of the domain's enumerations (UI text is English in both locales; see docs/ui.md).
// The words of kinds, statuses, review states and credit kinds live in shared/i18n/labels.ts (the
// workbook uses them too); the rest are the renderer's own.
import { LABELS } from '../../../shared/i18n/labels';
import type { CreditGrant, ImportFormat, LEGACY_GRANULARITIES, LineKind, LineStatus, ReviewState } from '../../../shared/types';

export const KIND_LABEL: Record<LineKind, string> = LABELS.en.kind;

export const STATUS_LABEL: Record<LineStatus, string> = LABELS.en.status;

/** Short names for dense tables (the full name is in the chip's tooltip). */
export const STATUS_SHORT: Record<LineStatus, string> = {
  match: 'Match',
  over_billed: 'Over-billed',
  under_billed: 'Under-billed',
  missing_from_invoice: 'Missing',
  unexplained_charge: 'Unexplained',
};

/** Shortest names, on the per-status count chips of the Workspace's period rows. */
export const STATUS_COUNT: Record<LineStatus, string> = {
  match: 'Match',
  over_billed: 'Over',
  under_billed: 'Under',
  missing_from_invoice: 'Missing',
  unexplained_charge: 'Unexplained',
};

export const REVIEW_LABEL: Record<ReviewState, string> = LABELS.en.review;

export const FORMAT_LABEL: Record<ImportFormat, string> = {
  'cc-invoice': 'Clever Cloud invoice (v4 JSON)',
  'usage-csv': 'Usage CSV',
  catalog: 'Price catalog (JSON)',
  credits: 'Credits',
  focus: 'FOCUS CSV',
  'invoice-totals': 'Invoice totals (CSV)',
};

/** A format named by the server (a batch, a preview): its label, or the code itself. */
export function formatLabel(format: string): string {
  return (FORMAT_LABEL as Record<string, string>)[format] ?? format;
}

export const CREDIT_KIND_LABEL: Record<CreditGrant['kind'], string> = LABELS.en.creditKind;

type Granularity = (typeof LEGACY_GRANULARITIES)[number];

/** The legacy granularity in the Settings choice. */
export const GRANULARITY_LABEL: Record<Granularity, string> = {
  1: '1 second',
  60: '1 minute',
  600: '10 minutes (the old rule)',
  3600: '1 hour',
};

/** The header of the invoice's legacy-amount column. */
export const LEGACY_COLUMN_LABEL: Record<Granularity, string> = {
  1: 'Legacy (1 s)',
  60: 'Legacy (1 min)',
  600: '10-min slices',
  3600: 'Legacy (1 h)',
};
