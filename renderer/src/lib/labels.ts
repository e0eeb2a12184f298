// Display names of the domain's enumerations (UI text is English in both locales; see docs/ui.md).
import type { LineKind, LineStatus, ReviewState } from '../../../shared/types';

export const KIND_LABEL: Record<LineKind, string> = {
  application: 'Application',
  build: 'Build',
  addon: 'Add-on',
  countable: 'Countable',
  task: 'Task',
};

export const STATUS_LABEL: Record<LineStatus, string> = {
  match: 'Match',
  over_billed: 'Over-billed',
  under_billed: 'Under-billed',
  missing_from_invoice: 'Missing from invoice',
  unexplained_charge: 'Unexplained charge',
};

/** Short names for dense tables (the full name is in the chip's tooltip). */
export const STATUS_SHORT: Record<LineStatus, string> = {
  match: 'Match',
  over_billed: 'Over-billed',
  under_billed: 'Under-billed',
  missing_from_invoice: 'Missing',
  unexplained_charge: 'Unexplained',
};

export const REVIEW_LABEL: Record<ReviewState, string> = {
  unreviewed: 'Unreviewed',
  approved: 'Approved',
  disputed: 'Disputed',
  resolved: 'Resolved',
};

export const FORMAT_LABEL: Record<string, string> = {
  'cc-invoice': 'Clever Cloud invoice (v4 JSON)',
  'usage-csv': 'Usage CSV',
  catalog: 'Price catalog (JSON)',
  credits: 'Credits',
  focus: 'FOCUS CSV',
};

export { IMPORT_FORMATS, type ImportFormat } from '../../../shared/types';
